# Registry client tests: real CNCF distribution servers (docker-registry),
# skopeo to push test images, htpasswd (apache2-utils) for the basic-auth
# instance and openssl to sign the token-auth instance's JWTs.
APT_PACKAGES+=(docker-registry skopeo apache2-utils openssl ca-certificates)
