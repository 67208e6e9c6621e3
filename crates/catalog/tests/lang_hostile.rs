//! Hostile input to every language parser: arbitrary bytes and
//! arbitrarily truncated or spliced valid documents must give packages or
//! an error, never a panic (the fuzz targets do the same at depth).

use bosun_catalog::lang::file::ParseFn;
use bosun_catalog::lang::{dotnet, javascript, php, python, ruby};
use proptest::prelude::*;

const PARSERS: [(ParseFn, &str); 16] = [
    (
        python::installed::parse_metadata,
        "Name: a\nVersion: 1\n\nbody",
    ),
    (python::installed::parse_egg, "PK\x03\x04"),
    (
        python::requirements::parse,
        "a==1 \\\n --hash=x\nb[c]===2 ; x\n",
    ),
    (
        python::poetry::parse,
        "[[package]]\nname = \"a\"\nversion = \"1\"\n",
    ),
    (
        python::pipfile::parse,
        r#"{"default":{"a":{"version":"==1"}}}"#,
    ),
    (
        python::uv::parse,
        "[[package]]\nname = \"a\"\nversion = \"1\"\nsource = { editable = \".\" }\n",
    ),
    (
        javascript::package_json::parse,
        r#"{"name":"a","version":"1","license":{"type":"MIT"}}"#,
    ),
    (
        javascript::package_lock::parse,
        r#"{"lockfileVersion":1,"dependencies":{"a":{"version":"npm:@b/c@1","dependencies":{"d":{"version":"2"}}}}}"#,
    ),
    (
        javascript::yarn::parse,
        "\"@a/b@^1\", c@2:\n  version \"1.0.0\"\n  resolved \"https://r/@a/b/-/b-1.0.0.tgz\"\n",
    ),
    (
        javascript::pnpm::parse,
        "lockfileVersion: 5.4\npackages:\n  /a/1.0.0_b@2:\n    dev: true\n",
    ),
    (
        ruby::gemspec::parse,
        "s.name = \"a\".freeze\ns.version = 'b\\'c'\n",
    ),
    (ruby::gemfile_lock::parse, "GEM\n  specs:\n    a (1.0)\n"),
    (
        php::installed::parse,
        r#"{"packages":[{"name":"a/b","version":"1"}],"dev-package-names":["a/b"]}"#,
    ),
    (
        php::composer_lock::parse,
        r#"{"packages":[{"name":"a/b","version":"1","license":["MIT"]}]}"#,
    ),
    (
        dotnet::deps_json::parse,
        r#"{"libraries":{"A/1":{"type":"package"}}}"#,
    ),
    (
        dotnet::packages_lock::parse,
        r#"{"dependencies":{"net8.0":{"A":{"type":"Direct","resolved":"1"}}}}"#,
    ),
];

proptest! {
    #[test]
    fn arbitrary_bytes(data in proptest::collection::vec(any::<u8>(), 0..512)) {
        for (parse, _) in PARSERS {
            let _ = parse("/x", &data);
        }
    }

    #[test]
    fn cut_and_spliced(cut in 0usize..200, splice in proptest::collection::vec(any::<u8>(), 0..16)) {
        for (parse, seed) in PARSERS {
            let seed = seed.as_bytes();
            let at = cut.min(seed.len());
            let mut doc = seed[..at].to_vec();
            doc.extend_from_slice(&splice);
            doc.extend_from_slice(&seed[at..]);
            let _ = parse("/x", &doc);
            let _ = parse("/x", &seed[..at]);
        }
    }
}
