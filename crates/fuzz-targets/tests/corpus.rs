//! Replays every file of `fuzz/corpus/TARGET/` through its target, so an
//! input that once crashed a fuzzer (kept in the corpus after the fix)
//! stays fixed; and checks that the corpus directories and the target list
//! name the same targets.

#![allow(clippy::expect_used)] // test helpers outside #[test] fns

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus")
}

fn dirs() -> BTreeSet<String> {
    std::fs::read_dir(corpus_root())
        .expect("fuzz/corpus is readable")
        .map(|e| e.expect("corpus entry"))
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn every_corpus_has_a_target_and_every_target_a_corpus() {
    let targets: BTreeSet<String> = bosun_fuzz_targets::TARGETS
        .iter()
        .map(|(n, _)| (*n).to_owned())
        .collect();
    assert_eq!(
        targets.len(),
        bosun_fuzz_targets::TARGETS.len(),
        "a target is listed twice"
    );
    let dirs = dirs();
    let orphans: Vec<_> = dirs.difference(&targets).collect();
    assert!(
        orphans.is_empty(),
        "corpus directories without a target: {orphans:?}"
    );
    let bare: Vec<_> = targets.difference(&dirs).collect();
    assert!(
        bare.is_empty(),
        "targets without a corpus directory: {bare:?}"
    );
    let fuzz_files: BTreeSet<String> = std::fs::read_dir(corpus_root().join("../fuzz_targets"))
        .expect("fuzz/fuzz_targets is readable")
        .map(|e| {
            e.expect("target file")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter_map(|f| f.strip_suffix(".rs").map(str::to_owned))
        .collect();
    assert_eq!(
        fuzz_files, targets,
        "fuzz/fuzz_targets/*.rs and TARGETS differ"
    );
}

#[test]
fn every_corpus_file_runs_through_its_target() {
    let mut failed = Vec::new();
    let mut runs = 0;
    for name in dirs() {
        let Some(target) = bosun_fuzz_targets::find(&name) else {
            continue;
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_root().join(&name))
            .expect("corpus directory is readable")
            .map(|e| e.expect("corpus file").path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "fuzz/corpus/{name} is empty");
        for f in files {
            let data = std::fs::read(&f).expect("corpus file is readable");
            runs += 1;
            // The size of a main thread's stack, which is what `bosun` and
            // libFuzzer run on (a test thread gets 2 MB).
            let run = std::thread::Builder::new()
                .stack_size(8 << 20)
                .spawn(move || target(&data))
                .expect("spawn a replay thread");
            if run.join().is_err() {
                failed.push(f.display().to_string());
            }
        }
    }
    assert!(failed.is_empty(), "inputs that panic: {failed:#?}");
    assert!(runs > 0);
}
