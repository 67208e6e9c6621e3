//! Targets of the text formats users write: Dockerfiles and the shell in
//! their `RUN` lines, the configuration file, the ignore file, VEX
//! documents and CVSS vectors.

use bosun_cvss::Cvss;
use serde::Deserialize;

/// The Dockerfile parser and the whole linter: any input parses or fails
/// with an error, and linting a parsed file never panics.
pub fn dockerfile_parser(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(df) = bosun_dockerfile::Dockerfile::parse(&text) {
        let _ = df.parsed.dump();
        let _ = bosun_dockerfile::lint_dockerfile("f", &df, &Default::default());
    }
}

/// The `RUN` shell reader, BuildKit's word processor and the heredoc
/// reader: no input panics, and every pipeline index points at a command.
pub fn dockerfile_shell(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let script = bosun_dockerfile::shell::parse(&text);
    for p in &script.pipelines {
        for &i in p {
            assert!(i < script.commands.len());
        }
    }
    let lex = bosun_dockerfile::shlex::Lex::new('\\');
    let _ = lex.process_words(&text, &bosun_dockerfile::shlex::EmptyEnv);
    let _ = bosun_dockerfile::parser::parse_heredoc(&text);
}

/// `.bosun.yaml` as the `bosun` binary reads it: each section is the type
/// of the library that uses it. (The binary's own `Config` is not
/// reachable from a library; `scan:` holds only plain values.)
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    #[serde(default)]
    lint: bosun_dockerfile::LintConfig,
    #[serde(default)]
    db: bosun_vulndb::DbConfig,
    #[serde(default)]
    scan: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    catalog: bosun_catalog::CatalogConfig,
}

/// The configuration file: any text gives a configuration or an error,
/// and a configuration can lint a small Dockerfile.
pub fn config_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(c) = serde_saphyr::from_str::<ConfigFile>(text) else {
        return;
    };
    let _ = (c.db, c.catalog, c.scan);
    let _ = c.lint.unknown_codes();
    let df = "FROM reg.example/a:1 AS b\nLABEL version=\"1\" org.x=y\nRUN apt-get install curl\n";
    if let Ok(df) = bosun_dockerfile::Dockerfile::parse(df) {
        let _ = bosun_dockerfile::lint_dockerfile("f", &df, &c.lint);
    }
}

/// `.bosunignore.yaml`: any text gives an ignore file or an error, and
/// every parsed entry can be evaluated.
pub fn match_ignore(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(f) = bosun_match::IgnoreFile::parse(text, "fuzz") {
        let today = bosun_match::Date::today();
        for e in &f.entries {
            let _ = e.expired(today);
        }
    }
}

/// VEX documents (OpenVEX and CycloneDX): any bytes give a document or an
/// error.
pub fn match_vex(data: &[u8]) {
    if let Ok(v) = bosun_match::Vex::parse(data, "fuzz") {
        for s in &v.statements {
            let _ = s.status.suppresses();
        }
    }
}

/// CVSS vectors of every version on arbitrary text: parsing never panics,
/// scores stay within 0–10, and the canonical form parses to the same score.
pub fn cvss_parse(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(v) = Cvss::parse(text) {
        let score = v.score();
        assert!((0.0..=10.0).contains(&score), "{text}: {score}");
        let again = Cvss::parse(&v.to_string()).expect("canonical form parses");
        assert_eq!(again.score(), score);
        let _ = v.base_score();
    }
}
