//! Fuzzes the `RUN` shell reader and BuildKit's word processor: no input may
//! panic, and every pipeline index must point at a command.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
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
});
