# lang-bin (Go, Rust, Java catalogers): golang-go builds real Go executables
# (ELF, PE, Mach-O by cross-compiling) for the Go buildinfo tests; syft is
# installed by the catalog setup for the differential tests.
APT_PACKAGES+=(golang-go)
