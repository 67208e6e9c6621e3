//! The policy engine end to end on data: files that parse and files that
//! are refused with located errors, each rule kind tripped and passed,
//! allowlists live and expired, CVSS source fallback and fail-closed.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use bosun_policy::{
    BaseImage, DatabaseFacts, Decision, ImageFacts, ImageId, PolicyFile, Status, Subject,
};
use bosun_types::check::{BuildTool, ConfigFinding, Efficiency, InefficientPath};
use bosun_types::{FixStatus, PackageRef, Score, Severity};

const NOW: i64 = 1_790_000_000; // 2026-09-21

fn examples() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/policies")
}

fn finding(
    id: &str,
    sev: Severity,
    fixed: bool,
    score: Option<(&str, &str, f64)>,
) -> bosun_types::Finding {
    bosun_types::Finding {
        id: id.into(),
        aliases: vec![],
        advisories: vec![format!("DSA-{id}")],
        package: PackageRef {
            name: "zlib1g".into(),
            version: "1:1.2.13.dfsg-1".into(),
            kind: "deb".into(),
            ecosystem: "Debian:12".into(),
            matched_name: "zlib".into(),
            purl: "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64".into(),
            paths: vec!["/var/lib/dpkg/status".into()],
        },
        fixed_versions: if fixed {
            vec!["1:1.2.13.dfsg-2".into()]
        } else {
            vec![]
        },
        status: if fixed {
            FixStatus::Fixed
        } else {
            FixStatus::Unfixed
        },
        severity: sev,
        score: score.map(|(src, v, b)| Score {
            source: src.into(),
            cvss_version: Some(v.into()),
            vector: Some(format!("CVSS:{v}/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")),
            base_score: Some(b),
        }),
        // The same score among the finding's published scores, its class
        // told by the publisher's name.
        scores: score
            .map(|(src, v, b)| bosun_types::CvssScore {
                id: id.into(),
                source: src.into(),
                origin: match src {
                    "Debian" => bosun_types::Origin::Distro,
                    "NVD" => bosun_types::Origin::Nvd,
                    _ => bosun_types::Origin::Advisory,
                },
                version: v.into(),
                vector: Some(format!("CVSS:{v}/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")),
                base_score: b,
                kind: None,
            })
            .into_iter()
            .collect(),
        severity_rule: None,
        kev: None,
        epss: None,
        distro_status: None,
        will_not_fix: None,
        summary: None,
        url: None,
        layer: Some(bosun_types::LayerRef {
            index: 0,
            digest: None,
            diff_id: None,
        }),
        created_by: None,
        evidence: vec![],
        published: None,
        fix_published: None,
        suppressed: None,
    }
}

fn subject<'a>(findings: &'a [bosun_types::Finding]) -> Subject<'a> {
    Subject {
        reference: "registry.example.com/team/app:1.0".into(),
        tag: Some("1.0".into()),
        image: ImageFacts {
            user: "app".into(),
            healthcheck: Some(vec!["CMD".into(), "true".into()]),
            layer_count: 3,
            size_bytes: 1000,
            ..ImageFacts::default()
        },
        base: Some(BaseImage {
            reference: "docker.io/library/debian:12".into(),
            digest: None,
            found_by: "label".into(),
        }),
        base_layers: Some(1),
        findings,
        database: Some(DatabaseFacts {
            updated_at: NOW - 3600,
            sources: vec!["Debian".into()],
        }),
        now: NOW,
        ..Subject::default()
    }
}

fn run(policy: &str, s: &Subject<'_>) -> bosun_policy::PlatformVerdict {
    let f = PolicyFile::parse(policy, "test.yaml").unwrap();
    f.evaluate(s, ImageId::default()).unwrap().0
}

#[test]
fn examples_parse() {
    for name in ["strict.yaml", "dev.yaml"] {
        let f = PolicyFile::load(&examples().join(name)).unwrap();
        assert!(f.default_policy.is_some(), "{name}");
        assert_eq!(f.sha256.len(), 64);
    }
}

#[test]
fn clean_image_passes_strict() {
    let f = PolicyFile::load(&examples().join("strict.yaml")).unwrap();
    let s = subject(&[]);
    let (v, p, m) = f.evaluate(&s, ImageId::default()).unwrap();
    assert_eq!(p.name, "production");
    assert!(m.is_none());
    assert_eq!(v.verdict, Decision::Go, "{v:#?}");
}

#[test]
fn each_strict_rule_trips() {
    let f = PolicyFile::load(&examples().join("strict.yaml")).unwrap();
    let findings = [finding("CVE-2023-45853", Severity::Critical, true, None)];
    let mut s = subject(&findings);
    s.image.user = String::new();
    s.image.healthcheck = None;
    s.tag = Some("latest".into());
    s.base = Some(BaseImage {
        reference: "quay.io/evil/base:1".into(),
        digest: None,
        found_by: "label".into(),
    });
    s.database = Some(DatabaseFacts {
        updated_at: NOW - 48 * 3600,
        sources: vec![],
    });
    let (v, _, _) = f.evaluate(&s, ImageId::default()).unwrap();
    assert_eq!(v.verdict, Decision::Stop);
    let failed: Vec<&str> = v
        .rules
        .iter()
        .filter(|r| r.status == Status::Fail)
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(
        failed,
        [
            "no-root",
            "fixable-high",
            "cvss-7",
            "trusted-base",
            "fresh-data",
            "no-latest",
            "healthcheck"
        ]
    );
    let cvss = v.rules.iter().find(|r| r.id == "cvss-7").unwrap();
    assert!(
        cvss.evidence[0].subject.contains("fail-closed"),
        "{:?}",
        cvss.evidence
    );
}

const CVSS: &str = "apiVersion: bosun.policy/v1
policies:
  p:
    rules:
      - id: cvss
        action: stop
        message: m
        vulnerabilities:
          cvss-at-least: 7.0
          cvss-sources: [distro, nvd]
";

#[test]
fn kev_epss_and_cna_over_published_scores() {
    let policy = "apiVersion: bosun.policy/v1
policies:
  p:
    rules:
      - id: exploited
        action: stop
        message: m
        vulnerabilities:
          kev: true
          epss-at-least: 0.5
";
    let mut f = finding("CVE-1", Severity::Low, false, None);
    assert_eq!(
        run(policy, &subject(std::slice::from_ref(&f))).verdict,
        Decision::Go
    );
    f.kev = Some(bosun_types::Kev {
        id: "CVE-1".into(),
        date_added: "2024-01-02".into(),
        due_date: None,
        ransomware: true,
    });
    f.epss = Some(bosun_types::Epss {
        id: "CVE-1".into(),
        score: 0.2,
        percentile: 0.9,
        date: None,
    });
    assert_eq!(
        run(policy, &subject(std::slice::from_ref(&f))).verdict,
        Decision::Go
    );
    f.epss.as_mut().unwrap().score = 0.7;
    let v = run(policy, &subject(std::slice::from_ref(&f)));
    assert_eq!(v.verdict, Decision::Stop);
    assert!(
        v.rules[0].evidence[0]
            .subject
            .contains("in CISA KEV since 2024-01-02")
    );

    // cvss-sources picks among every published score, by class.
    let cna = CVSS.replace("[distro, nvd]", "[cna, nvd]");
    let mut f = finding("CVE-1", Severity::Low, false, Some(("NVD", "3.1", 5.0)));
    f.scores.push(bosun_types::CvssScore {
        id: "CVE-1".into(),
        source: "GitHub_M".into(),
        origin: bosun_types::Origin::Cna,
        version: "3.1".into(),
        vector: None,
        base_score: 8.1,
        kind: None,
    });
    let v = run(&cna, &subject(std::slice::from_ref(&f)));
    assert_eq!(v.verdict, Decision::Stop);
    assert_eq!(
        v.rules[0].evidence[0].score.as_ref().unwrap().source,
        "GitHub_M"
    );
    let nvd_first = CVSS.replace("[distro, nvd]", "[nvd, cna]");
    assert_eq!(
        run(&nvd_first, &subject(std::slice::from_ref(&f))).verdict,
        Decision::Go
    );
}

#[test]
fn cvss_sources_and_fail_closed() {
    // A distro score of 9.8 counts.
    let f = [finding(
        "CVE-1",
        Severity::Critical,
        false,
        Some(("Debian", "3.1", 9.8)),
    )];
    let v = run(CVSS, &subject(&f));
    assert_eq!(v.verdict, Decision::Stop);
    let e = &v.rules[0].evidence[0];
    assert_eq!(e.score.as_ref().unwrap().source, "Debian");
    assert!(
        e.subject.contains("CVSS 9.8 v3.1 from Debian"),
        "{}",
        e.subject
    );
    // NVD is next in the list.
    let f = [finding(
        "CVE-1",
        Severity::High,
        false,
        Some(("NVD", "3.1", 7.5)),
    )];
    assert_eq!(run(CVSS, &subject(&f)).verdict, Decision::Stop);
    // GHSA is not in the list: no usable score; without fail-closed, no count.
    let f = [finding(
        "CVE-1",
        Severity::High,
        false,
        Some(("GHSA", "3.1", 9.0)),
    )];
    assert_eq!(run(CVSS, &subject(&f)).verdict, Decision::Go);
    // …and with it, the finding counts.
    let closed = CVSS.replace(
        "cvss-sources: [distro, nvd]",
        "cvss-sources: [distro, nvd]\n          fail-closed: true",
    );
    assert_eq!(run(&closed, &subject(&f)).verdict, Decision::Stop);
    // A low score passes.
    let f = [finding(
        "CVE-1",
        Severity::Medium,
        false,
        Some(("Debian", "3.1", 5.3)),
    )];
    assert_eq!(run(&closed, &subject(&f)).verdict, Decision::Go);
}

const ALLOW: &str = "apiVersion: bosun.policy/v1
policies:
  p:
    rules:
      - id: crit
        action: stop
        message: m
        vulnerabilities:
          severity-at-least: critical
mappings:
  - name: team
    image: registry.example.com/team/*
    policy: p
    allowlist:
      - rule: crit
        match: CVE-2023-45853
        reason: minizip is not shipped
        owner: alice@example.com
        expires: EXPIRES
";

#[test]
fn allowlist_live_and_expired() {
    let f = [finding("CVE-2023-45853", Severity::Critical, false, None)];
    let live = run(&ALLOW.replace("EXPIRES", "2026-12-31"), &subject(&f));
    assert_eq!(live.verdict, Decision::Go);
    assert_eq!(live.rules[0].allowed.len(), 1);
    assert!(live.expired_allowlist.is_empty());
    let expired = run(&ALLOW.replace("EXPIRES", "2026-01-31"), &subject(&f));
    assert_eq!(expired.verdict, Decision::Stop);
    assert_eq!(expired.expired_allowlist.len(), 1);
    assert_eq!(expired.expired_allowlist[0].owner, "alice@example.com");
    // Another image: no mapping, no default policy.
    let file = PolicyFile::parse(&ALLOW.replace("EXPIRES", "2026-12-31"), "t").unwrap();
    let mut s = subject(&f);
    s.reference = "docker.io/library/app:1".into();
    assert!(file.evaluate(&s, ImageId::default()).is_none());
}

#[test]
fn packages_and_licences() {
    let policy = "apiVersion: bosun.policy/v1
policies:
  p:
    rules:
      - id: pk
        action: warn
        message: m
        packages:
          deny:
            - name: open*
              versions: '<3.0.7'
          licenses-denied: [GPL-3.0-only]
";
    let mut p = bosun_types::Package::new("deb", "openssl", "3.0.2-1", "dpkg");
    p.ecosystem = Some("Debian:12".into());
    let mut q = bosun_types::Package::new("npm", "x", "1.0.0", "npm");
    q.licenses = vec!["MIT OR GPL-3.0-only".into()];
    let mut r = bosun_types::Package::new("npm", "y", "1.0.0", "npm");
    r.licenses = vec!["GPL-3.0-only".into()];
    let pkgs = [p, q, r];
    let mut s = subject(&[]);
    s.packages = &pkgs;
    let v = run(policy, &s);
    assert_eq!(v.verdict, Decision::Warn);
    let subjects: Vec<&str> = v.rules[0]
        .evidence
        .iter()
        .map(|e| e.subject.as_str())
        .collect();
    assert_eq!(subjects.len(), 2, "{subjects:?}");
    assert!(
        subjects[0].starts_with("openssl 3.0.2-1: denied"),
        "{subjects:?}"
    );
    assert!(
        subjects[1].starts_with("y 1.0.0: licence GPL-3.0-only is denied"),
        "{subjects:?}"
    );
}

#[test]
fn root_by_passwd() {
    let policy = "apiVersion: bosun.policy/v1
policies:
  p:
    rules:
      - id: root
        action: stop
        message: m
        config:
          root-user: true
          ports-denied: ['22']
";
    let mut s = subject(&[]);
    s.image.user = "toor".into();
    s.image.exposed_ports = vec!["22/tcp".into(), "8080/tcp".into()];
    let mut users = BTreeMap::new();
    users.insert("toor".to_owned(), 0);
    s.users = Some(users);
    let v = run(policy, &s);
    assert_eq!(v.rules[0].count, 2, "{:?}", v.rules[0].evidence);
}

/// Every kind of mistake is reported, with its line and column, in one go.
#[test]
fn invalid_files_are_located() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "unknown key",
            "apiVersion: bosun.policy/v1\npolicies:\n  p:\n    rules:\n      - id: a\n        action: stop\n        message: m\n        config:\n          root-usr: true\n",
            "line 9",
        ),
        (
            "wrong type",
            "apiVersion: bosun.policy/v1\npolicies:\n  p:\n    rules:\n      - id: a\n        action: stop\n        message: m\n        freshness:\n          max-age-hours: soon\n",
            "line 9",
        ),
        (
            "bad action",
            "apiVersion: bosun.policy/v1\npolicies:\n  p:\n    rules:\n      - id: a\n        action: halt\n        message: m\n        freshness:\n          max-age-hours: 1\n",
            "line 6",
        ),
        (
            "bad glob",
            "apiVersion: bosun.policy/v1\npolicies:\n  p:\n    rules:\n      - id: a\n        action: stop\n        message: m\n        provenance:\n          base-images: ['docker.io/[a']\n",
            "line 9",
        ),
        (
            "bad SPDX",
            "apiVersion: bosun.policy/v1\npolicies:\n  p:\n    rules:\n      - id: a\n        action: stop\n        message: m\n        packages:\n          licenses-denied: [MIT, 'GPL-3.0-only OR OR']\n",
            "line 9",
        ),
        (
            "bad date",
            "apiVersion: bosun.policy/v1\npolicies:\n  p:\n    rules:\n      - id: a\n        action: stop\n        message: m\n        freshness:\n          max-age-hours: 1\nmappings:\n  - image: x/*\n    policy: p\n    allowlist:\n      - rule: a\n        match: CVE-1\n        reason: r\n        owner: o\n        expires: 2026-02-30\n",
            "line 18",
        ),
        (
            "two kinds",
            "apiVersion: bosun.policy/v1\npolicies:\n  p:\n    rules:\n      - id: a\n        action: stop\n        message: m\n        freshness:\n          max-age-hours: 1\n        config:\n          root-user: true\n",
            "several kinds",
        ),
        (
            "unknown policy",
            "apiVersion: bosun.policy/v1\npolicies:\n  p:\n    rules:\n      - id: a\n        action: stop\n        message: m\n        freshness:\n          max-age-hours: 1\ndefault-policy: q\n",
            "line 10",
        ),
        (
            "wrong version",
            "apiVersion: bosun.policy/v2\npolicies:\n  p:\n    rules:\n      - id: a\n        action: stop\n        message: m\n        freshness:\n          max-age-hours: 1\n",
            "line 1",
        ),
        (
            "deep glob",
            "apiVersion: bosun.policy/v1\npolicies:\n  p:\n    rules:\n      - id: a\n        action: stop\n        message: m\n        provenance:\n          base-images: ['{a,{a,{a,{a,{a,{a,{a,{a,{a,{a,b}}}}}}}}}}']\n",
            "line 9",
        ),
    ];
    for (what, text, want) in cases {
        let e = PolicyFile::parse(text, "p.yaml").unwrap_err().to_string();
        assert!(e.contains("p.yaml"), "{what}: {e}");
        assert!(e.contains(want), "{what}: want {want:?} in {e}");
    }
    // Several problems at once, in file order.
    let text = "apiVersion: bosun.policy/v1\npolicies:\n  p:\n    rules:\n      - id: a\n        action: stop\n        message: m\n        vulnerabilities:\n          severity-at-least: severe\n          cvss-at-least: 11\n";
    let e = PolicyFile::parse(text, "p.yaml").unwrap_err().to_string();
    assert!(e.contains("line 9") && e.contains("line 10"), "{e}");
}

/// The schema in the repository is the one the registry generates.
#[test]
fn committed_schema_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/bosun.policy.v1.json");
    let want = serde_json::to_string_pretty(&bosun_policy::schema()).unwrap() + "\n";
    if std::env::var_os("BOSUN_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{} is stale: run BOSUN_UPDATE_SCHEMA=1 cargo test -p bosun-policy --test policy",
        path.display()
    );
}

/// `fix-older-than-days` counts fixed findings whose fix has been known
/// longer than that; `published-older-than-days` likewise by publication.
/// Unknown dates count only with `fail-closed`.
#[test]
fn fix_and_publication_age() {
    let today = bosun_types::Date::from_unix(NOW).days_since_epoch();
    let day = |ago: i64| {
        bosun_types::time::rfc3339((today - ago) * 86_400)
            .get(..10)
            .unwrap()
            .to_owned()
    };
    let mut old_fix = finding("CVE-2020-1", Severity::High, true, None);
    old_fix.fix_published = Some(day(45));
    old_fix.published = Some(day(400));
    let mut new_fix = finding("CVE-2024-2", Severity::High, true, None);
    new_fix.fix_published = Some(day(3));
    new_fix.published = Some(day(10));
    let unfixed = {
        let mut f = finding("CVE-2024-3", Severity::High, false, None);
        f.published = Some(day(200));
        f
    };
    let undated = finding("CVE-2024-4", Severity::High, true, None);
    let findings = [old_fix, new_fix, unfixed, undated];
    let s = subject(&findings);
    let rule = |params: &str| {
        format!(
            "apiVersion: bosun.policy/v1\npolicies:\n  p:\n    rules:\n      - id: r\n        action: stop\n        message: m\n        vulnerabilities:\n{params}default-policy: p\n"
        )
    };
    let ids = |v: &bosun_policy::PlatformVerdict| {
        v.rules[0]
            .evidence
            .iter()
            .map(|e| e.vulnerability.clone().unwrap())
            .collect::<Vec<_>>()
    };
    let v = run(&rule("          fix-older-than-days: 30\n"), &s);
    assert_eq!(ids(&v), ["CVE-2020-1"]);
    let v = run(
        &rule("          fix-older-than-days: 30\n          fail-closed: true\n"),
        &s,
    );
    assert_eq!(ids(&v), ["CVE-2020-1", "CVE-2024-4"]);
    assert!(v.rules[0].evidence[1].subject.contains("fix date unknown"));
    let v = run(&rule("          published-older-than-days: 90\n"), &s);
    assert_eq!(ids(&v), ["CVE-2020-1", "CVE-2024-3"]);
    let v = run(&rule("          fix-older-than-days: 2\n"), &s);
    assert_eq!(ids(&v), ["CVE-2020-1", "CVE-2024-2"]);
    let bad =
        PolicyFile::parse(&rule("          fix-older-than-days: -1\n"), "t.yaml").unwrap_err();
    assert!(bad.to_string().contains("line 9 column 32"), "{bad}");
}

#[test]
fn secrets_by_severity_and_rule_with_the_layer_that_removed_them() {
    let policy = "apiVersion: bosun.policy/v1
policies:
  p:
    rules:
      - id: no-secrets
        action: stop
        message: m
        secrets:
          severity-at-least: high
";
    let found = [
        bosun_types::SecretFinding {
            rule: "aws-access-key-id".into(),
            title: "AWS access key ID".into(),
            severity: Severity::Critical,
            masked: "AKIA****************".into(),
            file: "/root/.aws/credentials".into(),
            line: 2,
            layer: Some(3),
            layer_digest: None,
            removed_in: Some(4),
            history: None,
            suppressed: None,
        },
        bosun_types::SecretFinding {
            rule: "generic-secret".into(),
            title: "Secret-looking assignment".into(),
            severity: Severity::Medium,
            masked: "q8Zr**********".into(),
            file: "/app/settings.py".into(),
            line: 7,
            layer: Some(5),
            layer_digest: None,
            removed_in: None,
            history: None,
            suppressed: None,
        },
    ];
    // Not scanned: the rule cannot look.
    let v = run(policy, &subject(&[]));
    assert_eq!(v.rules[0].status, Status::Skipped);
    let s = Subject {
        secrets: Some(&found),
        ..subject(&[])
    };
    let v = run(policy, &s);
    assert_eq!(v.verdict, Decision::Stop);
    assert_eq!(v.rules[0].evidence.len(), 1, "MEDIUM is below high");
    assert_eq!(
        v.rules[0].evidence[0].subject,
        "aws-access-key-id in /root/.aws/credentials:2 (AKIA****************), \
         still readable in layer 3 although removed in layer 4"
    );
    let only_generic = policy.replace("severity-at-least: high", "rules: [generic-secret]");
    let v = run(&only_generic, &s);
    assert_eq!(v.rules[0].evidence.len(), 1);
    assert_eq!(
        v.rules[0].evidence[0].path.as_deref(),
        Some("/app/settings.py")
    );
    let none = Subject {
        secrets: Some(&[]),
        ..subject(&[])
    };
    assert_eq!(run(policy, &none).verdict, Decision::Go);
    let bad = policy.replace("severity-at-least: high", "severity-at-least: severe");
    let e = PolicyFile::parse(&bad, "p.yaml").unwrap_err().to_string();
    assert!(e.contains("line 9 column 30"), "{e}");
}

fn check(code: &str, severity: Severity, file: &str, layer: Option<usize>) -> ConfigFinding {
    ConfigFinding {
        code: code.into(),
        title: "t".into(),
        severity,
        message: format!("m {file}"),
        file: file.into(),
        layer,
        layer_digest: None,
        history: None,
        suppressed: None,
    }
}

#[test]
fn config_rule_reads_image_check_codes_and_severity() {
    let policy = "apiVersion: bosun.policy/v1
policies:
  p:
    rules:
      - id: checks
        action: stop
        message: m
        config:
          checks:
            severity-at-least: medium
";
    let f = PolicyFile::parse(policy, "p.yaml").unwrap();
    let wanted = f.image_checks();
    assert!(
        wanted.config && wanted.efficiency,
        "every check: {wanted:?}"
    );
    // Not run: the rule cannot look.
    assert_eq!(run(policy, &subject(&[])).rules[0].status, Status::Skipped);
    let mut found = vec![
        check("CIS-DI-0001", Severity::High, "config", None),
        check("CIS-DI-0008", Severity::Low, "/usr/bin/su", Some(0)),
        check(
            "BSN-CF-0003",
            Severity::Medium,
            "/var/lib/apt/lists",
            Some(2),
        ),
    ];
    let s = Subject {
        checks: Some(&found),
        ..subject(&[])
    };
    let v = run(policy, &s);
    assert_eq!(v.verdict, Decision::Stop);
    let ev = &v.rules[0].evidence;
    assert_eq!(ev.len(), 2, "LOW is below medium: {ev:?}");
    assert_eq!(ev[0].subject, "CIS-DI-0001: t: m config");
    assert_eq!(ev[0].path, None);
    assert_eq!(ev[1].path.as_deref(), Some("/var/lib/apt/lists"));
    assert_eq!(ev[1].layer, Some(2));
    // By code (any case), and the ignore file's mark counts.
    let by_code = policy.replace(
        "severity-at-least: medium",
        "codes: [cis-di-0008, CIS-DI-0001]",
    );
    let f = PolicyFile::parse(&by_code, "p.yaml").unwrap();
    assert!(!f.image_checks().efficiency, "no efficiency check named");
    assert_eq!(run(&by_code, &s).rules[0].evidence.len(), 2);
    found[0].suppressed = Some(bosun_types::Suppression {
        kind: "ignore-file".into(),
        source: "i".into(),
        status: "ignored".into(),
        justification: None,
        expires: None,
    });
    let s = Subject {
        checks: Some(&found),
        ..subject(&[])
    };
    assert_eq!(run(&by_code, &s).rules[0].evidence.len(), 1);
    let ef = policy.replace("severity-at-least: medium", "codes: [BSN-EF-0002]");
    assert!(
        PolicyFile::parse(&ef, "p.yaml")
            .unwrap()
            .image_checks()
            .efficiency
    );
    // A code that is no check is an error at its place.
    let bad = policy.replace("severity-at-least: medium", "codes: [CIS-DI-9999]");
    let e = PolicyFile::parse(&bad, "p.yaml").unwrap_err().to_string();
    assert!(
        e.contains("line 10 column 21") && e.contains("not an image check code"),
        "{e}"
    );
}

#[test]
fn efficiency_thresholds_as_dive_ci() {
    let policy = "apiVersion: bosun.policy/v1
policies:
  p:
    rules:
      - id: lean
        action: warn
        message: m
        efficiency:
          min-score: 0.99
          max-wasted-bytes: 20000
          max-wasted-user-percent: 40
          max-duplicated-bytes: 4096
          build-tools: true
";
    let f = PolicyFile::parse(policy, "p.yaml").unwrap();
    assert!(f.image_checks().efficiency);
    assert_eq!(run(policy, &subject(&[])).rules[0].status, Status::Skipped);
    // dive's test image's figures (crates/checks/tests/dive.rs).
    let e = Efficiency {
        score: 0.984_421_213_418_430_9,
        size_bytes: 1_220_598,
        user_size_bytes: 66_237,
        wasted_bytes: 32_025,
        wasted_user_percent: 0.483_494_119_600_827,
        layers: Vec::new(),
        inefficient: vec![InefficientPath {
            path: "/root/example/somefile1.txt".into(),
            count: 4,
            cumulative_bytes: 26_000,
            layers: vec![1, 2, 3, 4],
        }],
        inefficient_total: 3,
        duplicated_bytes: 8192,
        duplicates: vec![bosun_types::check::DuplicateFiles {
            size_bytes: 8192,
            wasted_bytes: 8192,
            paths: vec!["/opt/a.tar".into(), "/srv/a.tar".into()],
            layers: vec![1, 2],
        }],
        duplicates_total: 1,
        build_tools: vec![BuildTool {
            name: "gcc".into(),
            evidence: "/usr/bin/gcc".into(),
            layer: Some(1),
        }],
        largest_dirs: Vec::new(),
    };
    let s = Subject {
        efficiency: Some(&e),
        ..subject(&[])
    };
    let v = run(policy, &s);
    assert_eq!(v.verdict, Decision::Warn);
    let subjects: Vec<_> = v.rules[0]
        .evidence
        .iter()
        .map(|e| e.subject.as_str())
        .collect();
    assert_eq!(
        subjects,
        [
            "efficiency score 0.9844 is below 0.99; most: /root/example/somefile1.txt (26000 bytes, x4)",
            "32025 wasted bytes; at most 20000; most: /root/example/somefile1.txt (26000 bytes, x4)",
            "48.35% of the layers above the base is wasted; at most 40%; most: /root/example/somefile1.txt (26000 bytes, x4)",
            "8192 bytes of identical files from several layers; at most 4096; most: /opt/a.tar = /srv/a.tar (8192 bytes)",
            "build tool gcc left in the image (/usr/bin/gcc)",
        ]
    );
    let loose = policy
        .replace("0.99", "0.98")
        .replace("20000\n", "40000\n")
        .replace(": 40\n", ": 50\n")
        .replace(": 4096\n", ": 8192\n")
        .replace("build-tools: true", "build-tools: false");
    assert_eq!(run(&loose, &s).verdict, Decision::Go);
    for (bad, at) in [
        (policy.replace("0.99", "95"), "line 9 column 22"),
        (policy.replace(": 40\n", ": 140\n"), "line 11 column 36"),
        (
            policy
                .replace("          min-score: 0.99\n", "")
                .replace("          max-wasted-bytes: 20000\n", "")
                .replace("          max-wasted-user-percent: 40\n", "")
                .replace("          max-duplicated-bytes: 4096\n", "")
                .replace("build-tools: true", "build-tools: false"),
            "no check is turned on",
        ),
    ] {
        let e = PolicyFile::parse(&bad, "p.yaml").unwrap_err().to_string();
        assert!(e.contains(at), "{at}: {e}");
    }
}
