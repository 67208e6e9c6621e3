//! BSN-CF-0003: package manager caches left in the final filesystem (apt
//! lists and archives, apk, yum/dnf, pip, npm, yarn, Go build caches), with
//! their size and the layer that last wrote into each.

use bosun_layers::EntryKind;
use bosun_types::Severity;

use super::{Check, Hit, Run};
use crate::Context;

pub(super) const CHECK: Check = Check {
    code: "BSN-CF-0003",
    title: "Package manager cache left in the image",
    severity: Severity::Low,
    needs_files: true,
    explain: "\
Package indexes and downloaded packages are only needed while installing;
left in a layer they cost space in every pull, and stale indexes invite
installing outdated packages at run time.

Fix: clean up in the same RUN that installs (a later RUN only hides the
files), or use a cache mount:
    RUN --mount=type=cache,target=/var/cache/apt apt-get install -y curl
    RUN apk add --no-cache curl
    RUN pip install --no-cache-dir -r requirements.txt
    RUN npm ci && npm cache clean --force",
    run: Run::Config(run),
};

/// (what, directory prefix relative to the root); `*` matches one name.
const CACHES: [(&str, &str); 14] = [
    ("apt package lists", "var/lib/apt/lists/"),
    ("apt package archives", "var/cache/apt/archives/"),
    ("apk cache", "var/cache/apk/"),
    ("yum cache", "var/cache/yum/"),
    ("dnf cache", "var/cache/dnf/"),
    ("zypper cache", "var/cache/zypp/"),
    ("pip cache", "root/.cache/pip/"),
    ("pip cache", "home/*/.cache/pip/"),
    ("npm cache", "root/.npm/_cacache/"),
    ("npm cache", "home/*/.npm/_cacache/"),
    ("yarn cache", "usr/local/share/.cache/yarn/"),
    ("yarn cache", "root/.cache/yarn/"),
    ("Go build cache", "root/.cache/go-build/"),
    ("Go module cache", "root/go/pkg/mod/cache/"),
];

/// The cache `path` belongs to: (index in CACHES, the cache's directory).
fn cache_of(path: &str) -> Option<(usize, String)> {
    for (i, (_, prefix)) in CACHES.iter().enumerate() {
        match prefix.split_once('*') {
            None if path.starts_with(prefix) => return Some((i, (*prefix).to_owned())),
            Some((head, tail)) => {
                if let Some(rest) = path.strip_prefix(head)
                    && let Some((user, after)) = rest.split_once('/')
                    && format!("/{after}").starts_with(tail)
                {
                    return Some((i, format!("{head}{user}{tail}")));
                }
            }
            None => {}
        }
    }
    None
}

fn run(ctx: &Context<'_>) -> Vec<Hit> {
    let Some(index) = ctx.index else {
        return Vec::new();
    };
    // directory → (what, bytes, files, newest layer)
    let mut found: std::collections::BTreeMap<String, (&str, u64, u64, usize)> = Default::default();
    for f in index.iter() {
        if f.kind != EntryKind::File {
            continue;
        }
        let Some((i, dir)) = cache_of(f.path) else {
            continue;
        };
        // apt keeps a lock file and an empty partial/ directory even when clean.
        let name = f.path.rsplit('/').next().unwrap_or("");
        if name == "lock" || (f.size == 0 && i == 0) {
            continue;
        }
        let e = found.entry(dir).or_insert((CACHES[i].0, 0, 0, 0));
        e.1 += f.size;
        e.2 += 1;
        e.3 = e.3.max(f.layer);
    }
    found
        .into_iter()
        .map(|(dir, (what, bytes, files, layer))| Hit {
            message: format!("{what} left in /{dir}: {files} files, {bytes} bytes"),
            file: Some(format!("/{}", dir.trim_end_matches('/'))),
            layer: Some(layer),
            step: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::cache_of;

    #[test]
    fn caches() {
        assert_eq!(
            cache_of("var/lib/apt/lists/deb.debian.org_dists")
                .unwrap()
                .0,
            0
        );
        assert_eq!(
            cache_of("home/app/.cache/pip/http/x").unwrap().1,
            "home/app/.cache/pip/"
        );
        assert!(cache_of("home/app/.cache/other/x").is_none());
        assert!(cache_of("var/lib/dpkg/status").is_none());
    }
}
