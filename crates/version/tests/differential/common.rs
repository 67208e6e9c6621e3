//! Shared plumbing for the differential tests: the shared data and the
//! oracle tools (through bosun-testkit), running one oracle process per batch, generating
//! version pairs, and reporting disagreements.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use bosun_version::{Scheme, Version, compare};

// Data and tools are found through bosun-testkit: missing ones skip, or
// fail under BOSUN_REQUIRE_DATA / BOSUN_REQUIRE_TOOLS.
pub(crate) use bosun_testkit::need::oracle_tools;
pub(crate) use bosun_testkit::{missing_tool, require_probe, shared_data};

pub(crate) fn oracle_script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/differential/oracles")
        .join(name)
}

/// Sends every line to one oracle process and returns its answer lines.
pub(crate) fn run_oracle(cmd: &mut Command, lines: &[String]) -> Vec<String> {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("oracle starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let input: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let writer = std::thread::spawn(move || {
        stdin.write_all(input.as_bytes()).expect("write to oracle");
    });
    let out = child.wait_with_output().expect("oracle output");
    writer.join().expect("writer");
    assert!(out.status.success(), "oracle failed: {:?}", out.status);
    let answers: Vec<String> = String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(answers.len(), lines.len(), "one answer per question");
    answers
}

/// A small deterministic generator (xorshift64*), so runs are repeatable.
pub(crate) struct Rng(u64);

impl Rng {
    /// `BOSUN_DIFF_SEED` varies every generator, to explore beyond the
    /// fixed pairs CI checks.
    pub(crate) fn new(seed: u64) -> Rng {
        let extra = std::env::var("BOSUN_DIFF_SEED")
            .ok()
            .and_then(|s| s.parse::<u64>().ok())
            .unwrap_or(0);
        Rng((seed ^ extra.wrapping_mul(0x9e37_79b9_7f4a_7c15)) | 1)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A random small edit of `v`: fragments from `frags` appended or inserted,
/// characters dropped, digits changed, truncation.
pub(crate) fn mutate(rng: &mut Rng, v: &str, frags: &[&str]) -> String {
    let chars: Vec<char> = v.chars().collect();
    let at = rng.below(chars.len() + 1);
    let mut out: Vec<char> = chars.clone();
    match rng.below(8) {
        0 | 1 => out.extend(rng.pick(frags).chars()),
        2 => {
            let f: Vec<char> = rng.pick(frags).chars().collect();
            out.splice(at..at, f);
        }
        3 if !out.is_empty() => {
            out.remove(at.min(out.len() - 1));
        }
        4 => {
            let digits: Vec<usize> = (0..out.len())
                .filter(|&i| out[i].is_ascii_digit())
                .collect();
            if !digits.is_empty() {
                let i = *rng.pick(&digits);
                out[i] = char::from(b'0' + (rng.below(10) as u8));
            } else {
                out.push('1');
            }
        }
        5 => {
            // Bump a number by a small amount, keeping its width sometimes.
            let digits: Vec<usize> = (0..out.len())
                .filter(|&i| out[i].is_ascii_digit())
                .collect();
            if let Some(&i) = digits.last() {
                let d = out[i].to_digit(10).unwrap_or(0);
                out[i] = char::from_digit((d + 1) % 10, 10).unwrap_or('0');
                if d == 9 {
                    out.insert(i, '1');
                }
            }
        }
        6 => out.truncate(at.max(1)),
        _ => {
            let f: Vec<char> = rng.pick(frags).chars().collect();
            out.splice(at..at, f.clone());
            out.extend(f);
        }
    }
    out.into_iter().collect()
}

/// Pairs: half between random pool members, half between a member and an
/// edit of it (close pairs find more bugs than distant ones).
pub(crate) fn make_pairs(
    rng: &mut Rng,
    pool: &[String],
    frags: &[&str],
    n: usize,
) -> Vec<(String, String)> {
    let mut pairs = Vec::with_capacity(n);
    while pairs.len() < n {
        let a = rng.pick(pool).clone();
        let b = match rng.below(4) {
            0 => rng.pick(pool).clone(),
            1 => a.clone(),
            2 => {
                let once = mutate(rng, &a, frags);
                mutate(rng, &once, frags)
            }
            _ => mutate(rng, &a, frags),
        };
        if rng.below(2) == 0 {
            pairs.push((a, b));
        } else {
            pairs.push((b, a));
        }
    }
    pairs
}

/// Strings that appear after `key` in JSON/YAML-ish text, e.g. every
/// `"fixed": "1.2-3"`.
pub(crate) fn scan_values(text: &str, key: &str, out: &mut BTreeSet<String>) {
    let mut rest = text;
    while let Some(i) = rest.find(key) {
        rest = &rest[i + key.len()..];
        let line = rest.lines().next().unwrap_or("");
        let value = line
            .trim_start_matches([':', ' ', '"', '\''])
            .trim_end_matches([',', ' ', '"', '\'', '\r']);
        if !value.is_empty() && !value.contains(['"', '{', '[']) && value != "0" {
            out.insert(value.to_owned());
        }
    }
}

/// Reads every file under `dir` whose name ends with `suffix`.
pub(crate) fn read_tree(dir: &Path, suffix: &str, mut f: impl FnMut(&str)) {
    read_tree_dyn(dir, suffix, &mut f);
}

fn read_tree_dyn(dir: &Path, suffix: &str, f: &mut dyn FnMut(&str)) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            read_tree_dyn(&p, suffix, f);
        } else if p.to_string_lossy().ends_with(suffix)
            && let Ok(text) = std::fs::read_to_string(&p)
        {
            f(&text);
        }
    }
}

/// Rows of a TSV file with a header line.
pub(crate) fn tsv(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split('\t').map(unquote).collect())
        .collect()
}

/// TSV fields that hold tabs or edge whitespace are JSON strings.
pub(crate) fn unquote(field: &str) -> String {
    if field.starts_with('"') {
        serde_json::from_str(field).unwrap_or_else(|_| field.to_owned())
    } else {
        field.to_owned()
    }
}

fn sign(o: std::cmp::Ordering) -> &'static str {
    match o {
        std::cmp::Ordering::Less => "-1",
        std::cmp::Ordering::Equal => "0",
        std::cmp::Ordering::Greater => "1",
    }
}

/// Our answer in the oracles' notation: -1/0/1, or E when either side
/// does not parse.
pub(crate) fn our_cmp(scheme: Scheme, a: &str, b: &str) -> String {
    compare(scheme, a, b).map_or_else(|_| "E".to_owned(), |o| sign(o).to_owned())
}

pub(crate) fn our_valid(scheme: Scheme, a: &str) -> &'static str {
    if Version::parse(scheme, a).is_ok() {
        "1"
    } else {
        "0"
    }
}

/// Runs `pairs` through the oracle's `cmp` and asserts agreement. `E`
/// from the oracle must be an error here too; rows where only we fail are
/// disagreements unless `lenient_errors` (for oracles that accept
/// nearly everything, like rpm's and Maven's: there only pairs both sides
/// can order are compared).
pub(crate) fn check_pairs(
    label: &str,
    scheme: Scheme,
    oracle: &mut Command,
    op: &str,
    pairs: &[(String, String)],
    lenient_errors: bool,
) -> usize {
    let questions: Vec<String> = pairs
        .iter()
        .map(|(a, b)| format!("{op}\t{a}\t{b}"))
        .collect();
    let answers = run_oracle(oracle, &questions);
    let mut bad = Vec::new();
    let mut compared = 0;
    for ((a, b), want) in pairs.iter().zip(&answers) {
        let got = our_cmp(scheme, a, b);
        if (got == "E" || want == "E") && lenient_errors {
            continue;
        }
        compared += 1;
        if &got != want {
            bad.push(format!("{a:?} vs {b:?}: oracle {want}, bosun {got}"));
        }
    }
    report(label, compared, &bad);
    compared
}

/// Asserts that we accept exactly what the oracle's `valid` accepts.
pub(crate) fn check_validity(
    label: &str,
    scheme: Scheme,
    oracle: &mut Command,
    versions: &[String],
) -> usize {
    let questions: Vec<String> = versions.iter().map(|v| format!("valid\t{v}")).collect();
    let answers = run_oracle(oracle, &questions);
    let bad: Vec<String> = versions
        .iter()
        .zip(&answers)
        .filter(|(v, want)| our_valid(scheme, v) != want.as_str())
        .map(|(v, want)| {
            format!(
                "{v:?}: oracle valid={want}, bosun valid={}",
                our_valid(scheme, v)
            )
        })
        .collect();
    report(label, versions.len(), &bad);
    versions.len()
}

pub(crate) fn report(label: &str, total: usize, bad: &[String]) {
    eprintln!("{label}: {total} checked, {} disagreements", bad.len());
    assert!(
        bad.is_empty(),
        "{label}: {} of {total} disagree:\n{}",
        bad.len(),
        bad.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
    );
    figure(label, total);
}

/// How many rows, pairs or versions each check compares, by label, with
/// the shared data present and the fixed seeds. Asserted exactly: fewer is
/// a regression (a check that stopped comparing), more must be recorded
/// here in the same commit.
const FIGURES: &[(&str, usize)] = &[
    ("apk real versions", 1409),
    ("apk real-version order", 20000),
    ("apk vectors", 767),
    ("cargo pairs", 13473),
    ("composer constraints", 10000),
    ("composer pairs", 12000),
    ("composer validity", 1558),
    ("dpkg pairs", 15000),
    ("dpkg validity", 12207),
    ("dpkg vectors", 142),
    ("go pairs", 11952),
    ("go vectors", 608),
    ("hex pairs", 13473),
    ("maven pairs", 14467),
    ("maven ranges", 10000),
    ("npm pairs", 15000),
    ("npm ranges", 12000),
    ("npm validity", 1825),
    ("npm vectors", 209),
    ("nuget ordered pairs", 16083),
    ("nuget pairs", 25000),
    ("nuget validity", 1585),
    ("pep440 pairs", 20000),
    ("pep440 specifiers", 12000),
    ("pep440 validity", 4053),
    ("pep440 vectors", 8673),
    ("pub pairs", 13473),
    ("rpm pairs", 14642),
    ("rpm vectors", 91),
    ("rpmvercmp pairs", 4978),
    ("rubygems pairs", 15000),
    ("rubygems requirements", 10000),
    ("rubygems validity", 1822),
    ("rubygems vectors", 144),
];

/// Asserts `got` is the figure [`FIGURES`] records for `label`. Not
/// asserted with `BOSUN_DIFF_SEED` (other pairs) or without the shared
/// data (fewer versions; the run already said `skipped`).
/// `BOSUN_DIFF_FIGURES=print` prints each as a `FIGURES` row instead, to
/// record an improvement.
pub(crate) fn figure(label: &str, got: usize) {
    if std::env::var_os("BOSUN_DIFF_SEED").is_some()
        || !bosun_testkit::need::shared_data_root().is_dir()
    {
        return;
    }
    if std::env::var("BOSUN_DIFF_FIGURES").is_ok_and(|v| v == "print") {
        eprintln!("FIGURE    ({label:?}, {got}),");
        return;
    }
    let want = FIGURES.iter().find(|(l, _)| *l == label).map(|f| f.1);
    assert_eq!(
        Some(got),
        want,
        "{label}: {got} compared; the expected figure is in FIGURES (tests/differential/common.rs): a drop is a regression, an increase is recorded there in the same commit"
    );
}

/// Distinct strings for a pool, without tabs or newlines (the oracle
/// protocol's separators).
pub(crate) fn pool(set: BTreeSet<String>) -> Vec<String> {
    set.into_iter()
        .filter(|v| !v.contains(['\t', '\n', '\r']) && !v.is_empty() && v.len() < 120)
        .collect()
}

/// The usual run for an oracle with `cmp` and `valid`: `n` pairs from the
/// pool and its edits, then validity of the pool and of the edited strings.
pub(crate) fn compare_and_validate(
    label: &str,
    scheme: Scheme,
    oracle: &dyn Fn() -> Command,
    pool: &[String],
    frags: &[&str],
    seed: u64,
    n: usize,
) {
    let mut rng = Rng::new(seed);
    let pairs = make_pairs(&mut rng, pool, frags, n);
    check_pairs(
        &format!("{label} pairs"),
        scheme,
        &mut oracle(),
        "cmp",
        &pairs,
        false,
    );
    let mut strings: BTreeSet<String> = pool.iter().cloned().collect();
    strings.extend(
        pairs
            .iter()
            .take(4000)
            .flat_map(|(a, b)| [a.clone(), b.clone()]),
    );
    check_validity(
        &format!("{label} validity"),
        scheme,
        &mut oracle(),
        &self::pool(strings),
    );
}
