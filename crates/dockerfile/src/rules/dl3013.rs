//! DL3013: unpinned pip packages.

use crate::shell::Command;

const VALUE_FLAGS: &[&str] = &[
    "r",
    "requirement",
    "c",
    "constraint",
    "e",
    "editable",
    "build",
    "prefix",
    "root",
    "target",
    "t",
    "trusted-host",
    "i",
    "index-url",
    "extra-index-url",
    "root-user-action",
    "python",
    "f",
    "find-links",
    "src",
    "upgrade-strategy",
    "platform",
    "python-version",
    "implementation",
    "abi",
    "progress-bar",
    "log",
    "proxy",
    "retries",
    "timeout",
    "exists-action",
    "cert",
    "client-cert",
    "cache-dir",
    "no-binary",
    "only-binary",
    "pip-args",
    "suffix",
];

/// The words after `install` of a pip (or `python -m pip`, or pipx) command.
pub(crate) fn pip_install_args(c: &Command) -> Option<Vec<&str>> {
    let is_pip = c.name == "pipx"
        || (c.name.starts_with("pip")
            && c.name[3..]
                .chars()
                .all(|ch| ch.is_ascii_digit() || ch == '.'));
    let pos = c.positional(VALUE_FLAGS);
    let rest: &[&str] = if is_pip {
        &pos
    } else if c.name.starts_with("python") && pos.first() == Some(&"pip") && c.has_arg("-m") {
        &pos[1..]
    } else {
        return None;
    };
    let (first, pkgs) = rest.split_first()?;
    (*first == "install").then(|| pkgs.to_vec())
}

fn pinned(p: &str) -> bool {
    if p.starts_with("git+")
        || p.starts_with("hg+")
        || p.starts_with("svn+")
        || p.starts_with("bzr+")
    {
        return p.rsplit('/').next().is_some_and(|last| last.contains('@'));
    }
    ["==", ">=", "<=", "~=", "!=", "<", ">", "@"]
        .iter()
        .any(|s| p.contains(s))
        || p.contains('/')
        || p.starts_with('.')
        || [".whl", ".tar.gz", ".zip", ".tar.bz2", ".tgz"]
            .iter()
            .any(|e| p.ends_with(e))
}

rule!(Dl3013, "DL3013", Warning, "Pin versions in pip. Instead of `pip install <package>` use `pip install <package>==<version>` or `pip install --requirement <requirements file>`",
what: "`pip install` (or `pipx install`) of a package without a version specifier.",
why: "Unpinned packages change between builds, so a rebuild can silently pull a breaking or compromised release.",
example: "RUN pip install --no-cache-dir requests",
fix: "RUN pip install --no-cache-dir requests==2.32.3",
|cx, out| {
    for (inst, s) in cx.runs() {
        // A constraints file pins whatever it lists.
        let bad = s.commands.iter().filter(|c| !c.has_flag("c") && !c.has_flag("constraint")).filter_map(pip_install_args).any(|pkgs| pkgs.iter().any(|p| !pinned(p)));
        if bad {
            out.push(cx.hit(inst));
        }
    }
});
