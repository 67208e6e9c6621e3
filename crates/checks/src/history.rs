//! The image history read as commands: each `created_by` cut into the
//! `&&`-separated segments Dockle's checks reason about (then into
//! whitespace tokens), and a shell-word reading for variable assignments
//! (`SECRET="hello world"` is one word, `HELLO="PASS=x"` names `HELLO`).
//! Both are bounded: a hostile history step is long, not deep.

use bosun_image::spec::ImageConfig;

/// The longest `created_by` read; the rest of a longer one is ignored.
const MAX_COMMAND: usize = 64 << 10;

/// One history step.
#[derive(Debug, Clone)]
pub struct Step<'a> {
    /// Its index in the configuration's history.
    pub index: usize,
    /// The command, as recorded.
    pub created_by: &'a str,
    /// The command cut at `&&`, each part split on whitespace.
    pub segments: Vec<Vec<&'a str>>,
}

impl Step<'_> {
    /// Whether the step is the `ADD`/`COPY` of a base image's root
    /// filesystem or other Dockerfile instruction in classic or BuildKit
    /// form: the instruction word, or `None` for a `RUN`.
    pub fn instruction(&self) -> Option<&str> {
        let c = self.created_by.trim_start();
        if let Some(rest) = c.strip_prefix("/bin/sh -c #(nop)") {
            return rest.split_whitespace().next();
        }
        let first = c.split_whitespace().next()?;
        (first.chars().all(|ch| ch.is_ascii_uppercase()) && first != "RUN").then_some(first)
    }
}

/// Every history step of `image`.
pub(crate) fn steps(config: &ImageConfig) -> Vec<Step<'_>> {
    config
        .history
        .iter()
        .enumerate()
        .filter_map(|(index, h)| {
            let created_by = truncate(h.created_by.as_deref()?);
            Some(Step {
                index,
                created_by,
                segments: split_segments(created_by),
            })
        })
        .collect()
}

fn truncate(s: &str) -> &str {
    if s.len() <= MAX_COMMAND {
        return s;
    }
    let mut end = MAX_COMMAND;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Cuts a command at `&&` and each part at whitespace (Dockle's
/// `splitByCommands`).
pub fn split_segments(command: &str) -> Vec<Vec<&str>> {
    command
        .split("&&")
        .map(|part| part.split_whitespace().collect())
        .collect()
}

/// How many of `needles` occur among `tokens` (each counted once).
pub(crate) fn count_of(tokens: &[&str], needles: &[&str]) -> usize {
    needles.iter().filter(|n| tokens.contains(n)).count()
}

/// Whether every one of `needles` occurs among `tokens`.
pub(crate) fn has_all(tokens: &[&str], needles: &[&str]) -> bool {
    count_of(tokens, needles) == needles.len()
}

/// Shell words of `command`: whitespace separates words except inside
/// single or double quotes; quotes are removed, a backslash escapes the
/// next character (outside single quotes). Unbalanced quotes end at the
/// end of the text, as a lenient reader must.
pub fn words(command: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = command.chars();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some('\''), '\'') | (Some('"'), '"') => quote = None,
            (Some('\''), c) => cur.push(c),
            (Some(_), '\\') | (None, '\\') => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
                in_word = true;
            }
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            (None, c) => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words() {
        assert_eq!(
            words(r#"/bin/sh -c HELLO="PASS=\"notThis\"" echo "false positive""#),
            [
                "/bin/sh",
                "-c",
                "HELLO=PASS=\"notThis\"",
                "echo",
                "false positive"
            ]
        );
        assert_eq!(words("a 'b c' d\\ e"), ["a", "b c", "d e"]);
        assert_eq!(words("x=\"unterminated"), ["x=unterminated"]);
        assert_eq!(words("  "), Vec::<String>::new());
        assert_eq!(words("''"), [""]);
    }

    #[test]
    fn segments() {
        assert_eq!(
            split_segments("apt-get update  &&apt-get install -y  git"),
            vec![
                vec!["apt-get", "update"],
                vec!["apt-get", "install", "-y", "git"]
            ]
        );
    }
}
