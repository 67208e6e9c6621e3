//! The rule registry. Each rule lives in its own file as a unit struct
//! implementing [`Rule`]; all are listed once in [`RULES`]. `DL` codes mean
//! what they mean in hadolint; `BL` codes are bosun's own.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

pub use bosun_types::lint::{RuleDoc, RuleInfo};

use crate::config::{LintConfig, Severity};
use crate::model::{Dockerfile, Instruction};
use crate::shell::{Command, Script};
use crate::shlex::{EnvGetter, Lex};

/// A place a rule fired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// A specific message; the rule's summary when `None`.
    pub message: Option<String>,
}

/// One lint rule.
pub trait Rule: Sync {
    /// Stable code (`DL3008`).
    fn code(&self) -> &'static str;
    /// Default severity (`Ignore` means off unless overridden).
    fn severity(&self) -> Severity;
    /// One-line summary, used as the message of its findings.
    fn summary(&self) -> &'static str;
    /// Documentation.
    fn doc(&self) -> RuleDoc;
    /// Reports every violation in `cx`.
    fn check(&self, cx: &Ctx<'_>, out: &mut Vec<Hit>);
}

/// Declares a unit-struct rule with its metadata and check function.
macro_rules! rule {
    (
        $ty:ident, $code:literal, $sev:ident, $summary:literal,
        what: $what:literal, why: $why:literal, example: $ex:literal, fix: $fix:literal,
        |$cx:ident, $out:ident| $body:block
    ) => {
        #[doc = $summary]
        pub(crate) struct $ty;
        impl $crate::rules::Rule for $ty {
            fn code(&self) -> &'static str {
                $code
            }
            fn severity(&self) -> $crate::config::Severity {
                $crate::config::Severity::$sev
            }
            fn summary(&self) -> &'static str {
                $summary
            }
            fn doc(&self) -> $crate::rules::RuleDoc {
                $crate::rules::RuleDoc { what: $what, why: $why, example: $ex, fix: $fix }
            }
            #[allow(unused_variables)]
            fn check(&self, $cx: &$crate::rules::Ctx<'_>, $out: &mut Vec<$crate::rules::Hit>) $body
        }
    };
}

mod bl1001;
mod bl1002;
mod bl1003;
mod bl1004;
mod bl1005;
mod bl1006;
mod bl1007;
mod dl1001;
mod dl3000;
mod dl3001;
mod dl3002;
mod dl3003;
mod dl3004;
mod dl3006;
mod dl3007;
mod dl3008;
mod dl3009;
mod dl3010;
mod dl3011;
mod dl3012;
mod dl3013;
mod dl3014;
mod dl3015;
mod dl3016;
mod dl3018;
mod dl3019;
mod dl3020;
mod dl3021;
mod dl3022;
mod dl3023;
mod dl3024;
mod dl3025;
mod dl3026;
mod dl3027;
mod dl3028;
mod dl3029;
mod dl3030;
mod dl3032;
mod dl3033;
mod dl3034;
mod dl3035;
mod dl3036;
mod dl3037;
mod dl3038;
mod dl3040;
mod dl3041;
mod dl3042;
mod dl3043;
mod dl3044;
mod dl3045;
mod dl3046;
mod dl3047;
mod dl3048;
mod dl3049;
mod dl3050;
mod dl3051;
mod dl3052;
mod dl3053;
mod dl3054;
mod dl3055;
mod dl3056;
mod dl3057;
mod dl3058;
mod dl3059;
mod dl3060;
mod dl3061;
mod dl3062;
mod dl3063;
mod dl3064;
mod dl3065;
mod dl3066;
mod dl3067;
mod dl4000;
mod dl4001;
mod dl4003;
mod dl4004;
mod dl4005;
mod dl4006;
mod labels;
pub(crate) mod util;

/// Every rule, in code order.
pub const RULES: &[&dyn Rule] = &[
    &dl1001::Dl1001,
    &dl3000::Dl3000,
    &dl3001::Dl3001,
    &dl3002::Dl3002,
    &dl3003::Dl3003,
    &dl3004::Dl3004,
    &dl3006::Dl3006,
    &dl3007::Dl3007,
    &dl3008::Dl3008,
    &dl3009::Dl3009,
    &dl3010::Dl3010,
    &dl3011::Dl3011,
    &dl3012::Dl3012,
    &dl3013::Dl3013,
    &dl3014::Dl3014,
    &dl3015::Dl3015,
    &dl3016::Dl3016,
    &dl3018::Dl3018,
    &dl3019::Dl3019,
    &dl3020::Dl3020,
    &dl3021::Dl3021,
    &dl3022::Dl3022,
    &dl3023::Dl3023,
    &dl3024::Dl3024,
    &dl3025::Dl3025,
    &dl3026::Dl3026,
    &dl3027::Dl3027,
    &dl3028::Dl3028,
    &dl3029::Dl3029,
    &dl3030::Dl3030,
    &dl3032::Dl3032,
    &dl3033::Dl3033,
    &dl3034::Dl3034,
    &dl3035::Dl3035,
    &dl3036::Dl3036,
    &dl3037::Dl3037,
    &dl3038::Dl3038,
    &dl3040::Dl3040,
    &dl3041::Dl3041,
    &dl3042::Dl3042,
    &dl3043::Dl3043,
    &dl3044::Dl3044,
    &dl3045::Dl3045,
    &dl3046::Dl3046,
    &dl3047::Dl3047,
    &dl3048::Dl3048,
    &dl3049::Dl3049,
    &dl3050::Dl3050,
    &dl3051::Dl3051,
    &dl3052::Dl3052,
    &dl3053::Dl3053,
    &dl3054::Dl3054,
    &dl3055::Dl3055,
    &dl3056::Dl3056,
    &dl3057::Dl3057,
    &dl3058::Dl3058,
    &dl3059::Dl3059,
    &dl3060::Dl3060,
    &dl3061::Dl3061,
    &dl3062::Dl3062,
    &dl3063::Dl3063,
    &dl3064::Dl3064,
    &dl3065::Dl3065,
    &dl3066::Dl3066,
    &dl3067::Dl3067,
    &dl4000::Dl4000,
    &dl4001::Dl4001,
    &dl4003::Dl4003,
    &dl4004::Dl4004,
    &dl4005::Dl4005,
    &dl4006::Dl4006,
    &bl1001::Bl1001,
    &bl1002::Bl1002,
    &bl1003::Bl1003,
    &bl1004::Bl1004,
    &bl1005::Bl1005,
    &bl1006::Bl1006,
    &bl1007::Bl1007,
];

/// What the renderers show of the rule with `code` (for SARIF's rule
/// descriptors), if there is one.
pub fn info(code: &str) -> Option<RuleInfo> {
    find(code).map(|r| RuleInfo {
        summary: r.summary(),
        severity: r.severity(),
        doc: r.doc(),
    })
}

/// The rule with `code`, if any.
pub fn find(code: &str) -> Option<&'static dyn Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.code().eq_ignore_ascii_case(code))
}

/// A `--mount=` flag, split into its fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mount {
    /// `type=` (default `bind`).
    pub kind: String,
    /// `target=` / `dst=` / `destination=`.
    pub target: String,
    /// `from=`.
    pub from: Option<String>,
    /// `id=`.
    pub id: Option<String>,
}

/// What rules see: the file, the configuration and derived facts.
pub struct Ctx<'a> {
    /// The file.
    pub df: &'a Dockerfile,
    /// The configuration.
    pub config: &'a LintConfig,
    /// Parent stage of each stage; always a smaller index (a stage can only
    /// build on a stage written before it), so walks up this list end.
    parents: Vec<Option<usize>>,
    /// The first stage with each name (`AS name`, lower-cased).
    first_named: HashMap<&'a str, usize>,
    /// Index of each variable's definitions, for [`Ctx::var_at`].
    defs: HashMap<String, VarDefs>,
    /// [`Ctx::var_at`] answers per (stage, name) for whole stages.
    stage_vars: RefCell<HashMap<(usize, String), Option<String>>>,
}

/// Where one variable is set: `(instruction index, value)` in file order,
/// for `ARG` and `ENV` together and for `ARG` alone.
#[derive(Default)]
struct VarDefs {
    all: Vec<(usize, String)>,
    args: Vec<(usize, String)>,
}

/// The last definition before instruction `end` and not before `start`.
fn last_def(defs: &[(usize, String)], start: usize, end: usize) -> Option<&String> {
    let n = defs.partition_point(|(j, _)| *j < end);
    let (j, v) = defs.get(n.checked_sub(1)?)?;
    (*j >= start).then_some(v)
}

impl<'a> Ctx<'a> {
    /// Prepares the derived facts for `df`.
    pub fn new(df: &'a Dockerfile, config: &'a LintConfig) -> Self {
        // One pass in stage order: a stage's parent is the latest earlier
        // stage named like its image.
        let mut latest: HashMap<&'a str, usize> = HashMap::new();
        let mut first_named: HashMap<&'a str, usize> = HashMap::new();
        let mut parents = Vec::with_capacity(df.stages.len());
        for (i, s) in df.stages.iter().enumerate() {
            crate::work::add(1);
            parents.push(latest.get(s.image.to_lowercase().as_str()).copied());
            if let Some(n) = &s.name {
                latest.insert(n, i);
                first_named.entry(n).or_insert(i);
            }
        }
        let mut defs: HashMap<String, VarDefs> = HashMap::new();
        for (j, inst) in df.instructions.iter().enumerate() {
            crate::work::add(1);
            let arg = inst.is("arg");
            for (k, v) in inst_vars(inst) {
                let d = defs.entry(k).or_default();
                if arg {
                    d.args.push((j, v.clone()));
                }
                d.all.push((j, v));
            }
        }
        Self {
            df,
            config,
            parents,
            first_named,
            defs,
            stage_vars: RefCell::default(),
        }
    }

    /// The stage `FROM` stage `i` builds on, when it is a stage of this file.
    pub fn parent(&self, i: usize) -> Option<usize> {
        self.parents.get(i).copied().flatten()
    }

    /// The first stage named `name` (lower-case), if any.
    pub fn stage_named(&self, name: &str) -> Option<usize> {
        self.first_named.get(name).copied()
    }

    /// Stage `i` and the stages it builds on, nearest first.
    pub fn ancestry(&self, i: usize) -> Vec<usize> {
        let mut v = vec![i];
        let mut cur = i;
        // Parents have smaller indices, so this ends.
        while let Some(p) = self.parent(cur).filter(|&p| p < cur) {
            crate::work::add(1);
            v.push(p);
            cur = p;
        }
        v
    }

    /// The last stage and everything it builds on: what ends up in the image.
    /// Without any `FROM`, `None` stands for the whole file.
    pub fn final_stages(&self) -> HashSet<Option<usize>> {
        match self.df.stages.len() {
            0 => HashSet::from([None]),
            n => self.ancestry(n - 1).into_iter().map(Some).collect(),
        }
    }

    /// Instructions not wrapped in `ONBUILD`. Like hadolint, rules about
    /// an instruction's own arguments look only at these; `ONBUILD RUN`
    /// scripts are still checked through [`Ctx::runs`].
    pub fn plain(&self) -> impl Iterator<Item = &'a Instruction> + 'a {
        self.df
            .instructions
            .iter()
            .inspect(|_| crate::work::add(1))
            .filter(|i| !i.onbuild)
    }

    /// A hit at the start of `inst`.
    pub fn hit(&self, inst: &Instruction) -> Hit {
        Hit {
            line: inst.line(),
            column: inst.node.column,
            message: None,
        }
    }

    /// A hit at `inst` with a specific message.
    pub fn hit_msg(&self, inst: &Instruction, msg: String) -> Hit {
        Hit {
            message: Some(msg),
            ..self.hit(inst)
        }
    }

    /// Shell-form `RUN`s with their parsed scripts.
    pub fn runs(&self) -> impl Iterator<Item = (&'a Instruction, &'a Script)> + 'a {
        self.df
            .instructions
            .iter()
            .inspect(|_| crate::work::add(1))
            .filter_map(|i| i.script.as_ref().map(|s| (i, s)))
    }

    /// Every simple command of every `RUN`.
    pub fn commands(&self) -> impl Iterator<Item = (&'a Instruction, &'a Command)> + 'a {
        self.runs()
            .flat_map(|(i, s)| s.commands.iter().map(move |c| (i, c)))
    }

    /// The `--mount`s of an instruction.
    pub fn mounts(inst: &Instruction) -> Vec<Mount> {
        inst.flag_values("mount")
            .map(|v| {
                let mut m = Mount {
                    kind: "bind".into(),
                    ..Mount::default()
                };
                for part in v.split(',') {
                    let (k, val) = part.split_once('=').unwrap_or((part, ""));
                    let val = val.trim_matches(['"', '\'']).to_string();
                    match k {
                        "type" => m.kind = val,
                        "target" | "dst" | "destination" => m.target = val,
                        "from" => m.from = Some(val),
                        "id" => m.id = Some(val),
                        _ => {}
                    }
                }
                m
            })
            .collect()
    }

    /// Whether `inst` mounts a cache or tmpfs at `target`.
    pub fn has_cache_mount(inst: &Instruction, target: &str) -> bool {
        Self::mounts(inst).iter().any(|m| {
            (m.kind == "cache" || m.kind == "tmpfs") && m.target.trim_end_matches('/') == target
        })
    }

    /// The `ARG`/`ENV` values visible at instruction `idx` (its stage and
    /// the stages it builds on; global `ARG`s only when re-declared).
    pub fn vars_at(&self, idx: usize) -> HashMap<String, String> {
        let mut vars = HashMap::new();
        let idx = idx.min(self.df.instructions.len());
        let before = self.df.instructions.get(..idx).unwrap_or_default();
        // hadolint resolves ARG values from any earlier stage (ENV only
        // from the stage and its ancestors); follow it for compatibility.
        crate::work::add(idx);
        for inst in before.iter().filter(|i| i.is("arg")) {
            collect_vars(inst, &mut vars);
        }
        let Some(stage) = self.df.instructions.get(idx).and_then(|i| i.stage) else {
            for inst in before {
                collect_vars(inst, &mut vars);
            }
            return vars;
        };
        let mut chain = self.ancestry(stage);
        chain.reverse();
        for s in chain {
            crate::work::add(self.df.instructions.len());
            for (j, inst) in self.df.instructions.iter().enumerate() {
                if inst.stage == Some(s) && (j < idx || s != stage) {
                    collect_vars(inst, &mut vars);
                }
            }
        }
        vars
    }

    /// The value of `name` in [`Ctx::vars_at`]`(idx)`, found through an
    /// index instead of building the whole map: a look-up costs a binary
    /// search per stage, and each stage is searched once per name.
    pub fn var_at(&self, idx: usize, name: &str) -> Option<String> {
        crate::work::add(1);
        let defs = self.defs.get(name)?;
        let n = self.df.instructions.len();
        let idx = idx.min(n);
        let Some(stage) = self.df.instructions.get(idx).and_then(|i| i.stage) else {
            return last_def(&defs.all, 0, idx).cloned();
        };
        let (start, _) = self.stage_range(stage);
        if let Some(v) = last_def(&defs.all, start, idx) {
            return Some(v.clone());
        }
        if let Some(v) = self
            .parent(stage)
            .and_then(|p| self.stage_var(p, name, defs))
        {
            return Some(v);
        }
        last_def(&defs.args, 0, idx).cloned()
    }

    /// The last definition of `name` in stage `s` or the nearest of its
    /// ancestors that has one, memoised per stage.
    fn stage_var(&self, s: usize, name: &str, defs: &VarDefs) -> Option<String> {
        let mut walked = Vec::new();
        let mut cur = Some(s);
        let mut found = None;
        while let Some(st) = cur {
            crate::work::add(1);
            if let Some(v) = self.stage_vars.borrow().get(&(st, name.to_string())) {
                found = v.clone();
                break;
            }
            walked.push(st);
            let (start, end) = self.stage_range(st);
            if let Some(v) = last_def(&defs.all, start, end) {
                found = Some(v.clone());
                break;
            }
            cur = self.parent(st).filter(|&p| p < st);
        }
        let mut memo = self.stage_vars.borrow_mut();
        for st in walked {
            memo.insert((st, name.to_string()), found.clone());
        }
        found
    }

    /// The instruction indices `[start, end)` of stage `s` (stages are
    /// contiguous runs of instructions).
    fn stage_range(&self, s: usize) -> (usize, usize) {
        let start = self.df.stages.get(s).map_or(0, |st| st.from_instruction);
        let end = self
            .df
            .stages
            .get(s + 1)
            .map_or(self.df.instructions.len(), |st| st.from_instruction);
        (start, end)
    }

    /// `word` with the variables visible at instruction `idx` expanded;
    /// unknown variables are kept as written.
    pub fn expand(&self, idx: usize, word: &str) -> String {
        let lex = Lex {
            skip_unset_env: false,
            ..Lex::new('\\')
        };
        lex.process_word(word, &VarsAt { cx: self, idx })
            .unwrap_or_else(|_| word.to_string())
    }

    /// Index of `inst` in the file (0 when it is not one of its
    /// instructions).
    pub fn index_of(&self, inst: &Instruction) -> usize {
        // `inst` comes from `df.instructions`: its offset in the slice is
        // its index. Checked, so a foreign reference gives 0 as before.
        let base = self.df.instructions.as_ptr() as usize;
        let size = std::mem::size_of::<Instruction>().max(1);
        let i = (inst as *const Instruction as usize).wrapping_sub(base) / size;
        match self.df.instructions.get(i) {
            Some(x) if std::ptr::eq(x, inst) => i,
            _ => 0,
        }
    }
}

/// The variables visible at an instruction, looked up one at a time.
struct VarsAt<'c, 'a> {
    cx: &'c Ctx<'a>,
    idx: usize,
}

impl EnvGetter for VarsAt<'_, '_> {
    fn get(&self, name: &str) -> Option<String> {
        self.cx.var_at(self.idx, name)
    }
}

/// The `(name, value)` pairs an `ARG` or `ENV` sets, values unquoted.
fn inst_vars(inst: &Instruction) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if inst.is("arg") {
        for a in inst.args() {
            let (k, v) = a.split_once('=').unwrap_or((a, ""));
            out.push((k.to_string(), util::unquote(v)));
        }
    } else if inst.is("env") {
        for kv in inst.args().chunks(2) {
            if let [k, v] = kv {
                out.push((k.clone(), util::unquote(v)));
            }
        }
    }
    out
}

fn collect_vars(inst: &Instruction, vars: &mut HashMap<String, String>) {
    vars.extend(inst_vars(inst));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_unique() {
        let mut seen = HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.code()), "duplicate {}", r.code());
        }
    }

    #[test]
    fn code_list() {
        let list: Vec<String> = RULES
            .iter()
            .map(|r| format!("{} {} {}", r.code(), r.severity(), r.summary()))
            .collect();
        insta::assert_snapshot!(list.join("\n"));
    }

    #[test]
    fn docs_complete() {
        for r in RULES {
            let d = r.doc();
            assert!(
                !d.what.is_empty()
                    && !d.why.is_empty()
                    && !d.example.is_empty()
                    && !d.fix.is_empty(),
                "{}",
                r.code()
            );
        }
    }
}
