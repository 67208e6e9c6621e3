//! JavaScript: installed `package.json` files (`node_modules`, nested,
//! scoped, workspaces, distribution-packaged modules) and, in source
//! trees, npm, yarn and pnpm lockfiles.

pub mod package_json;
pub mod package_lock;
pub mod pnpm;
pub mod yarn;

/// Splits `name@spec` at the `@` that ends the name (a scoped name
/// starts with one of its own).
pub(crate) fn split_at_version(s: &str) -> Option<(&str, &str)> {
    let i = s.get(1..)?.find('@')? + 1;
    Some((&s[..i], &s[i + 1..]))
}
