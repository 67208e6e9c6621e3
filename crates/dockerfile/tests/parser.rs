//! The parser on our own small fixtures: modern syntax (heredocs, flags,
//! directives), errors with positions, and the typed model.

#![allow(clippy::unwrap_used)] // test helpers

use bosun_dockerfile::{Dockerfile, parse};

#[test]
fn heredocs() {
    let src = "# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN <<EOF\napk add --no-cache curl\necho done\nEOF\n\
COPY <<-\"EOT\" 3<<X /etc/\n\tliteral $HOME\n\tEOT\nthree\nX\nRUN python3 <<'PY' > /out\nprint(1)\nPY\nCMD [\"sh\"]\n";
    let p = parse(src).unwrap();
    assert_eq!(p.directives[0].name, "syntax");
    assert_eq!(p.directives[0].value, "docker/dockerfile:1");
    let run = &p.nodes[1];
    assert_eq!((run.start_line, run.end_line), (3, 6));
    assert_eq!(run.heredocs.len(), 1);
    assert_eq!(
        run.heredocs[0].content,
        "apk add --no-cache curl\necho done\n"
    );
    assert!(run.heredocs[0].expand);
    let copy = &p.nodes[2];
    assert_eq!(copy.heredocs.len(), 2);
    assert_eq!(copy.heredocs[0].name, "EOT");
    assert!(copy.heredocs[0].chomp && !copy.heredocs[0].expand);
    assert_eq!(copy.heredocs[0].content, "\tliteral $HOME\n");
    assert_eq!(copy.heredocs[1].fd, Some(3));
    assert_eq!(copy.heredocs[1].content, "three\n");
    assert_eq!(p.nodes[3].heredocs[0].name, "PY");
    assert_eq!(p.nodes[4].dump(), "cmd \"sh\"");
    insta::assert_snapshot!(p.dump());
}

#[test]
fn heredoc_script_is_linted() {
    let src = "FROM debian:12\nRUN <<EOF\nset -e\ncd /tmp\nsudo true\nEOF\n";
    let df = Dockerfile::parse(src).unwrap();
    let script = df.instructions[1].script.as_ref().unwrap();
    let names: Vec<&str> = script.commands.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["set", "cd", "sudo"]);
    let codes: Vec<String> = bosun_dockerfile::lint("f", src, &Default::default())
        .into_iter()
        .map(|f| f.code)
        .collect();
    assert!(
        codes.contains(&"DL3003".to_string()) && codes.contains(&"DL3004".to_string()),
        "{codes:?}"
    );
}

#[test]
fn flags_stages_and_expansion() {
    let src = "ARG BASE=debian\nARG TAG=12\nFROM --platform=$BUILDPLATFORM ${BASE}:${TAG} AS Build\n\
RUN --mount=type=cache,target=/root/.cache --network=none make\nFROM build\nCOPY --from=build --chown=1:1 --link /a /b\n\
HEALTHCHECK --interval=5s --start-interval=1s CMD [\"true\"]\nONBUILD RUN echo hi\n";
    let df = Dockerfile::parse(src).unwrap();
    assert_eq!(df.stages.len(), 2);
    assert_eq!(df.stages[0].name.as_deref(), Some("build"));
    assert_eq!(df.stages[0].image_expanded, "debian:12");
    assert_eq!(df.stages[0].platform.as_deref(), Some("$BUILDPLATFORM"));
    let run = &df.instructions[3];
    assert_eq!(run.flag("network"), Some("none"));
    assert_eq!(
        run.flag_values("mount").collect::<Vec<_>>(),
        ["type=cache,target=/root/.cache"]
    );
    let copy = &df.instructions[5];
    assert_eq!(copy.flag("link"), Some(""));
    assert_eq!(copy.stage, Some(1));
    assert_eq!(
        df.instructions[6].node.flags,
        ["--interval=5s", "--start-interval=1s"]
    );
    assert!(df.instructions[7].onbuild && df.instructions[7].is("run"));
}

#[test]
fn escape_directive_and_continuations() {
    let src = "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\n  # comment inside\n  C:\\ `\n\n  /s\n";
    let p = parse(src).unwrap();
    assert_eq!(p.escape, '`');
    assert_eq!(p.nodes[1].args, ["dir   C:\\   /s"]);
    assert_eq!(p.warnings.len(), 1);
}

#[test]
fn errors_carry_positions() {
    let e = parse("FROM a\n  ENV onlykey\n").unwrap_err();
    assert_eq!((e.line, e.column), (2, 3));
    assert!(e.message.contains("ENV must have two arguments"));
    let e = parse("FROM a\nRUN <<EOF\nno end\n").unwrap_err();
    assert_eq!(e.line, 2);
    assert!(e.message.contains("unterminated heredoc"));
    let e = parse("# escape=x\nFROM a\n").unwrap_err();
    assert_eq!(e.line, 1);
    assert!(parse("# only a comment\n\n").is_err());
    assert!(parse("# syntax=a\n# syntax=b\nFROM a\n").is_err());
}

mod properties {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn parse_never_panics(s in "(FROM|RUN|COPY|ENV|ARG|ONBUILD|#|<<|EOF|\\\\|`|\"|'|\\$\\{|[a-z =\\-\\[\\],\n\t]){0,60}") {
            if let Ok(df) = bosun_dockerfile::Dockerfile::parse(&s) {
                let _ = bosun_dockerfile::lint_dockerfile("f", &df, &Default::default());
            }
        }

        #[test]
        fn shell_never_panics(s in "(cd|apt-get|install|&&|\\|\\||\\||;|\\(|\\)|\\{|\\}|\\$\\(|`|'|\"|\\\\|<<|>|2>|case|esac|in|for|do|done|if|fi|[a-z =\\-\n]){0,40}") {
            let script = bosun_dockerfile::shell::parse(&s);
            for p in &script.pipelines {
                prop_assert!(p.iter().all(|&i| i < script.commands.len()));
            }
        }

        #[test]
        fn words_round_trip_simple(words in proptest::collection::vec("[a-z0-9_./-]{1,8}", 1..6)) {
            let line = words.join(" ");
            prop_assert_eq!(bosun_dockerfile::parser::parse_words(&line, '\\'), words);
        }
    }
}

#[test]
fn variables_follow_buildkit_scoping() {
    let src = "ARG V=1\nARG G=g\nFROM a AS base\nARG V\nENV E=$V-x\nFROM base\nARG G\nRUN echo $E $V $G\nFROM b\nRUN echo $E\n";
    let df = Dockerfile::parse(src).unwrap();
    assert_eq!(df.expand(7, "$E|$V|$G"), "1-x|$V|g");
    assert_eq!(df.expand(9, "$E"), "$E");
    assert_eq!(df.vars_at(1).get("V").map(String::as_str), Some("1"));
}
