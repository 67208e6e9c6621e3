# Image tools: real producers of OCI layouts and archives for the tests.
APT_PACKAGES+=(skopeo umoci ca-certificates)
