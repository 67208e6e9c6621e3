# lang-bin (Go, Rust, Java catalogers): golang-go builds real Go executables
# (ELF, PE, Mach-O by cross-compiling) for the Go buildinfo tests; gcc lays
# out ELF files with a cargo-auditable `.dep-v0` section and a pre-1.18 Go
# buildinfo header. syft (50-catalog.sh) runs the differential tests.
APT_PACKAGES+=(golang-go gcc)
