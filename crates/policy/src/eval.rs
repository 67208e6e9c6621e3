//! Evaluation: the policy a mapping chooses, every rule over the subject,
//! the mapping's allowlist applied, and the decision.

use bosun_types::Date;

use crate::file::{Mapping, Policy, PolicyFile};
use crate::rules::Outcome;
use crate::subject::Subject;
use crate::verdict::{Allowed, Decision, Evidence, ImageId, PlatformVerdict, RuleResult, Status};

/// The most evidence kept per rule; the count still says how many there
/// were, and the worst are kept.
pub const MAX_EVIDENCE: usize = 1000;

/// Evaluates `policy` (with `mapping`'s allowlist, if any) over one
/// platform's subject.
pub fn evaluate(
    policy: &Policy,
    mapping: Option<&Mapping>,
    subject: &Subject<'_>,
    image: ImageId,
) -> PlatformVerdict {
    let today = Date::from_unix(subject.now);
    let allowlist = mapping.map(|m| m.allowlist.as_slice()).unwrap_or_default();
    let (live, expired): (Vec<_>, Vec<_>) = allowlist.iter().partition(|a| !a.expired(today));
    let mut rules = Vec::with_capacity(policy.rules.len());
    for rule in &policy.rules {
        let (status, note, evidence) = match rule.params.evaluate(subject) {
            Outcome::Skipped(why) => (Status::Skipped, Some(why), Vec::new()),
            Outcome::Found(ev) => (Status::Pass, None, ev),
        };
        let mut kept: Vec<Evidence> = Vec::new();
        let mut allowed = Vec::new();
        for e in evidence {
            match live.iter().find(|a| a.matches(&rule.id, &e)) {
                Some(a) => allowed.push(Allowed {
                    entry: (*a).clone(),
                    evidence: e,
                }),
                None => kept.push(e),
            }
        }
        kept.sort_by(|a, b| {
            b.rank
                .total_cmp(&a.rank)
                .then_with(|| a.subject.cmp(&b.subject))
        });
        let count = kept.len();
        kept.truncate(MAX_EVIDENCE);
        let status = if status == Status::Pass && count > 0 {
            Status::Fail
        } else {
            status
        };
        rules.push(RuleResult {
            id: rule.id.clone(),
            kind: rule.params.kind(),
            action: rule.action,
            message: rule.message.clone(),
            status,
            note,
            count,
            evidence: kept,
            allowed,
        });
    }
    let verdict = rules
        .iter()
        .map(RuleResult::decision)
        .max()
        .unwrap_or(Decision::Go);
    PlatformVerdict {
        image,
        verdict,
        base: subject.base.clone(),
        base_layers: subject.base_layers,
        rules,
        expired_allowlist: expired.into_iter().cloned().collect(),
    }
}

impl PolicyFile {
    /// Chooses the policy for `subject.reference` and evaluates it; `None`
    /// when no mapping matches and there is no default policy.
    pub fn evaluate(
        &self,
        subject: &Subject<'_>,
        image: ImageId,
    ) -> Option<(PlatformVerdict, &Policy, Option<&Mapping>)> {
        let (mapping, policy) = self.select(&subject.reference)?;
        Some((evaluate(policy, mapping, subject, image), policy, mapping))
    }
}
