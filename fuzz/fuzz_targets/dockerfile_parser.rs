//! Fuzzes the Dockerfile parser and the whole linter: any input must parse
//! or fail with an error, never panic, and linting a parsed file must not
//! panic either.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(df) = bosun_dockerfile::Dockerfile::parse(&text) {
        let _ = df.parsed.dump();
        let _ = bosun_dockerfile::lint_dockerfile("f", &df, &Default::default());
    }
});
