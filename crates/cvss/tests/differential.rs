//! Differential test against the `cvss` Python package (ORACLES.md): many
//! generated vectors of every version, scored by bosun and by one batched
//! Python process.
//!
//! Needs `python3` with `cvss` installed (`pip install cvss`). Without it the
//! test says it skipped, unless `BOSUN_REQUIRE_TOOLS` is set (CI).

#![allow(clippy::expect_used)] // test helpers

use std::io::Write;
use std::process::{Command, Stdio};

use bosun_cvss::{Cvss, v2::CvssV2, v3::CvssV3, v4::CvssV4};

const PER_VERSION: usize = 4000;

/// A small deterministic generator: the same vectors on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

type Table = &'static [(&'static str, &'static [&'static str], bool)];

const V2: Table = &[
    ("AV", &["L", "A", "N"], true),
    ("AC", &["H", "M", "L"], true),
    ("Au", &["M", "S", "N"], true),
    ("C", &["N", "P", "C"], true),
    ("I", &["N", "P", "C"], true),
    ("A", &["N", "P", "C"], true),
    ("E", &["U", "POC", "F", "H", "ND"], false),
    ("RL", &["OF", "TF", "W", "U", "ND"], false),
    ("RC", &["UC", "UR", "C", "ND"], false),
    ("CDP", &["N", "L", "LM", "MH", "H", "ND"], false),
    ("TD", &["N", "L", "M", "H", "ND"], false),
    ("CR", &["L", "M", "H", "ND"], false),
    ("IR", &["L", "M", "H", "ND"], false),
    ("AR", &["L", "M", "H", "ND"], false),
];

const V3: Table = &[
    ("AV", &["N", "A", "L", "P"], true),
    ("AC", &["L", "H"], true),
    ("PR", &["N", "L", "H"], true),
    ("UI", &["N", "R"], true),
    ("S", &["U", "C"], true),
    ("C", &["H", "L", "N"], true),
    ("I", &["H", "L", "N"], true),
    ("A", &["H", "L", "N"], true),
    ("E", &["X", "H", "F", "P", "U"], false),
    ("RL", &["X", "U", "W", "T", "O"], false),
    ("RC", &["X", "C", "R", "U"], false),
    ("CR", &["X", "H", "M", "L"], false),
    ("IR", &["X", "H", "M", "L"], false),
    ("AR", &["X", "H", "M", "L"], false),
    ("MAV", &["X", "N", "A", "L", "P"], false),
    ("MAC", &["X", "L", "H"], false),
    ("MPR", &["X", "N", "L", "H"], false),
    ("MUI", &["X", "N", "R"], false),
    ("MS", &["X", "U", "C"], false),
    ("MC", &["X", "H", "L", "N"], false),
    ("MI", &["X", "H", "L", "N"], false),
    ("MA", &["X", "H", "L", "N"], false),
];

const V4: Table = &[
    ("AV", &["N", "A", "L", "P"], true),
    ("AC", &["L", "H"], true),
    ("AT", &["N", "P"], true),
    ("PR", &["N", "L", "H"], true),
    ("UI", &["N", "P", "A"], true),
    ("VC", &["H", "L", "N"], true),
    ("VI", &["H", "L", "N"], true),
    ("VA", &["H", "L", "N"], true),
    ("SC", &["H", "L", "N"], true),
    ("SI", &["H", "L", "N"], true),
    ("SA", &["H", "L", "N"], true),
    ("E", &["X", "A", "P", "U"], false),
    ("CR", &["X", "H", "M", "L"], false),
    ("IR", &["X", "H", "M", "L"], false),
    ("AR", &["X", "H", "M", "L"], false),
    ("MAV", &["X", "N", "A", "L", "P"], false),
    ("MAC", &["X", "L", "H"], false),
    ("MAT", &["X", "N", "P"], false),
    ("MPR", &["X", "N", "L", "H"], false),
    ("MUI", &["X", "N", "P", "A"], false),
    ("MVC", &["X", "H", "L", "N"], false),
    ("MVI", &["X", "H", "L", "N"], false),
    ("MVA", &["X", "H", "L", "N"], false),
    ("MSC", &["X", "H", "L", "N"], false),
    ("MSI", &["X", "N", "L", "H", "S"], false),
    ("MSA", &["X", "N", "L", "H", "S"], false),
];

fn generate(rng: &mut Rng, prefix: &str, table: Table, optional_percent: u64) -> String {
    let mut parts = Vec::new();
    for (key, values, required) in table {
        if *required || rng.chance(optional_percent) {
            parts.push(format!("{key}:{}", rng.pick(values)));
        }
    }
    format!("{prefix}{}", parts.join("/"))
}

const ORACLE: &str = r#"
import sys
from cvss import CVSS2, CVSS3, CVSS4
for line in sys.stdin:
    kind, vector = line.rstrip("\n").split(" ", 1)
    try:
        if kind == "2":
            s = CVSS2(vector).scores()
        elif kind == "3":
            s = CVSS3(vector).scores()
        else:
            s = (CVSS4(vector).base_score,)
        print(" ".join("None" if x is None else str(float(x)) for x in s))
    except Exception as e:
        print("ERR " + type(e).__name__)
"#;

fn oracle(lines: &str) -> Option<Vec<String>> {
    if !bosun_testkit::require_probe(
        "python3 with the cvss package (pip install cvss)",
        Command::new("python3").args(["-c", "import cvss"]),
    ) {
        return None;
    }
    let mut child = Command::new("python3")
        .args(["-c", ORACLE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start python3");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = lines.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("python3 output");
    writer
        .join()
        .expect("writer thread")
        .expect("write to python3");
    assert!(out.status.success());
    Some(
        String::from_utf8(out.stdout)
            .expect("utf-8")
            .lines()
            .map(str::to_owned)
            .collect(),
    )
}

#[test]
fn agrees_with_python_cvss() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut cases = Vec::new();
    for i in 0..PER_VERSION {
        // Alternate between base-only vectors and ones with most optional metrics.
        let pct = if i % 2 == 0 { 0 } else { 70 };
        cases.push(("2", generate(&mut rng, "", V2, pct)));
        cases.push(("3", generate(&mut rng, "CVSS:3.0/", V3, pct)));
        cases.push(("3", generate(&mut rng, "CVSS:3.1/", V3, pct)));
        cases.push(("4", generate(&mut rng, "CVSS:4.0/", V4, pct)));
    }
    let input: String = cases.iter().map(|(k, v)| format!("{k} {v}\n")).collect();
    let Some(expected) = oracle(&input) else {
        return;
    };
    assert_eq!(expected.len(), cases.len());
    let mut disagreements = Vec::new();
    for ((kind, vector), want) in cases.iter().zip(&expected) {
        let got = match *kind {
            "2" => {
                // The oracle, like bosun, leaves v2 temporal and
                // environmental scores undefined without those metrics.
                let v = CvssV2::parse(vector).expect(vector);
                let opt = |x: Option<f64>| x.map_or("None".to_owned(), |x| format!("{x:?}"));
                format!(
                    "{:?} {} {}",
                    v.base_score(),
                    opt(v.temporal_score()),
                    opt(v.environmental_score())
                )
            }
            "3" => {
                let v = CvssV3::parse(vector).expect(vector);
                format!(
                    "{:?} {:?} {:?}",
                    v.base_score(),
                    v.temporal(),
                    v.environmental()
                )
            }
            _ => format!("{:?}", CvssV4::parse(vector).expect(vector).score()),
        };
        if &got != want {
            disagreements.push(format!("{vector}: bosun {got}, python {want}"));
        }
    }
    // The generic entry point agrees with the per-version types.
    for (_, vector) in cases.iter().take(200) {
        Cvss::parse(vector).expect(vector);
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} vectors disagree:\n{}",
        disagreements.len(),
        cases.len(),
        disagreements[..disagreements.len().min(20)].join("\n")
    );
}
