//! Closure-note quality review: a rubric (a KB document with `kind: rubric` that the lead
//! edits) lists weighted criteria; [`review_note`] scores a ticket note against it and
//! [`apply_review`] stores the score in the note's front matter (`review_score`,
//! `review_failed`, `reviewed`) without touching anything else.
//!
//! ```yaml
//! kind: rubric
//! criteria:
//!   - id: cause-stated
//!     label: The cause is stated
//!     weight: 2
//!     check: cause
//!   - id: tone
//!     label: Customer-facing wording is professional
//! ```
//!
//! `check` names an automatic check (see [`Check`]); a criterion without one is judged by the
//! reviewer, who must say pass or fail for it.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

use super::checklist::USERS;
use super::fmt_time;
use super::note::TicketNote;
use crate::article::{Article, DocKind};
use crate::error::{Error, Problem, Result, Severity};
use crate::frontmatter::{yaml_list, yaml_str};

/// Automatic checks a criterion can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    /// `## Cause` says something (3 words or more, not "unknown"/"n/a"/"tbd").
    Cause,
    /// `## Steps taken` has at least two steps, so someone else can follow them.
    Steps,
    /// The note says who/how many were affected (a count of users, "all users", "one user").
    Impact,
    /// At least one KB article is linked.
    Articles,
    /// No secret or personal data left in the note (the redaction scanner finds nothing).
    NoSensitiveData,
    /// `## Resolution` says what fixed it (5 words or more).
    Resolution,
}

impl Check {
    /// The kebab-case name used in front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            Check::Cause => "cause",
            Check::Steps => "steps",
            Check::Impact => "impact",
            Check::Articles => "articles",
            Check::NoSensitiveData => "no-sensitive-data",
            Check::Resolution => "resolution",
        }
    }
}

/// One criterion of a rubric.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// Stable id.
    pub id: String,
    /// What good looks like, one line.
    pub label: String,
    /// Weight in the score (default 1).
    #[serde(default = "one")]
    pub weight: u32,
    /// Automatic check, if any.
    #[serde(default)]
    pub check: Option<Check>,
    /// Guidance for reviewers.
    #[serde(default)]
    pub guidance: String,
}

fn one() -> u32 {
    1
}

/// A parsed rubric document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rubric {
    /// KB path.
    pub path: String,
    /// Title.
    pub title: String,
    /// Criteria in document order.
    pub criteria: Vec<Criterion>,
}

/// Is this document a rubric (`kind: rubric`, or no kind and under `rubrics/`)?
pub fn is_rubric(a: &Article) -> bool {
    a.kind == DocKind::Rubric
}

impl Rubric {
    /// Reads the rubric out of a parsed document, with problems (file and line).
    pub fn from_article(a: &Article) -> (Option<Rubric>, Vec<Problem>) {
        let line = crate::lint::key_line(a, "criteria");
        let bad = |m: String| Problem::new(&a.path, line, Severity::Error, "rubric-criteria", m);
        let Some(raw) = a.meta.extra.get("criteria") else {
            return (
                None,
                vec![bad(
                    "a rubric needs a `criteria` list (id, label, weight, check)".into(),
                )],
            );
        };
        let criteria: Vec<Criterion> = match serde_json::from_value(raw.clone()) {
            Ok(c) => c,
            Err(e) => return (None, vec![bad(format!("`criteria` cannot be read: {e}"))]),
        };
        let mut problems = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for c in &criteria {
            if !seen.insert(c.id.as_str()) {
                problems.push(bad(format!("criterion id `{}` is used twice", c.id)));
            }
        }
        if criteria.iter().map(|c| c.weight).sum::<u32>() == 0 {
            problems.push(bad(
                "the criteria weigh nothing: give them a `weight`".into()
            ));
            return (None, problems);
        }
        (
            Some(Rubric {
                path: a.path.clone(),
                title: a.title.clone(),
                criteria,
            }),
            problems,
        )
    }
}

/// A criterion judged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CriterionResult {
    /// Criterion id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Weight.
    pub weight: u32,
    /// Passed.
    pub passed: bool,
    /// Judged by the reviewer (else by the automatic check).
    pub by_reviewer: bool,
    /// Why.
    pub reason: String,
}

/// A note's review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "NoteReview")]
pub struct Review {
    /// 0–100: the weight of the criteria passed over the total weight, rounded.
    pub score: u32,
    /// Every criterion.
    pub results: Vec<CriterionResult>,
    /// Criteria without an automatic check that still need the reviewer's verdict (only in
    /// [`review_draft`]; a saved review has none).
    #[serde(default)]
    pub pending: Vec<String>,
}

impl Review {
    /// Ids of the criteria failed.
    pub fn failed(&self) -> Vec<String> {
        self.results
            .iter()
            .filter(|r| !r.passed)
            .map(|r| r.id.clone())
            .collect()
    }
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

fn run(check: Check, n: &TicketNote) -> (bool, String) {
    match check {
        Check::Cause => {
            let c = n.cause.trim().trim_end_matches('.').to_ascii_lowercase();
            if matches!(
                c.as_str(),
                "" | "unknown" | "n/a" | "na" | "tbd" | "none" | "?"
            ) {
                (false, "no cause stated".into())
            } else if words(&c) < 3 {
                (false, format!("cause is only {} word(s)", words(&c)))
            } else {
                (true, format!("cause: {} words", words(&c)))
            }
        }
        Check::Steps => match n.steps.len() {
            0 => (false, "no steps taken recorded".into()),
            1 => (false, "only one step: not enough to reproduce".into()),
            k => (true, format!("{k} steps")),
        },
        Check::Impact => {
            let text = format!("{}\n{}\n{}", n.issue, n.environment, n.resolution);
            match USERS.find(&text) {
                Some(m) => (true, format!("\"{}\"", m.as_str())),
                None => (false, "does not say who or how many were affected".into()),
            }
        }
        Check::Articles => {
            if n.articles.is_empty() {
                (false, "no KB article linked".into())
            } else {
                (true, format!("{} article(s) linked", n.articles.len()))
            }
        }
        Check::NoSensitiveData => {
            let text = n.to_markdown();
            let found = super::redact::scan(&text);
            match found.first() {
                None => (true, "nothing found by the redaction scanner".into()),
                Some(f) => (
                    false,
                    format!("{} finding(s), first: {}", found.len(), f.rule),
                ),
            }
        }
        Check::Resolution => {
            let w = words(&n.resolution);
            if w >= 5 {
                (true, format!("resolution: {w} words"))
            } else {
                (false, format!("resolution is only {w} word(s)"))
            }
        }
    }
}

/// Scores `note` against `rubric`. `verdicts` gives the reviewer's pass/fail per criterion id;
/// it is required for criteria without an automatic check and overrides automatic ones.
/// Unknown ids and missing verdicts are errors naming them.
pub fn review_note(
    rubric: &Rubric,
    note: &TicketNote,
    verdicts: &BTreeMap<String, bool>,
) -> Result<Review> {
    let review = review_draft(rubric, note, verdicts)?;
    if !review.pending.is_empty() {
        return Err(Error::InvalidInput(format!(
            "say pass or fail for: {} (no automatic check)",
            review.pending.join(", ")
        )));
    }
    Ok(review)
}

/// Like [`review_note`], but criteria without an automatic check that the reviewer has not
/// judged yet are listed in [`Review::pending`] (counted as not passed) instead of refused:
/// what a reviewer sees while still judging.
pub fn review_draft(
    rubric: &Rubric,
    note: &TicketNote,
    verdicts: &BTreeMap<String, bool>,
) -> Result<Review> {
    if let Some(unknown) = verdicts
        .keys()
        .find(|k| !rubric.criteria.iter().any(|c| &c.id == *k))
    {
        return Err(Error::InvalidInput(format!(
            "`{unknown}` is not a criterion of {}",
            rubric.path
        )));
    }
    let pending: Vec<String> = rubric
        .criteria
        .iter()
        .filter(|c| c.check.is_none() && !verdicts.contains_key(&c.id))
        .map(|c| c.id.clone())
        .collect();
    let results: Vec<CriterionResult> = rubric
        .criteria
        .iter()
        .map(|c| {
            let auto = c.check.map(|k| run(k, note));
            let (passed, by_reviewer, reason) = match (verdicts.get(&c.id), auto) {
                (Some(&v), Some((a, why))) if v != a => {
                    (v, true, format!("reviewer overrode: {why}"))
                }
                (Some(&v), None) => (v, true, "reviewer".to_string()),
                (_, Some((a, why))) => (a, false, why),
                (None, None) => (
                    false,
                    false,
                    "no automatic check: the reviewer says pass or fail".to_string(),
                ),
            };
            CriterionResult {
                id: c.id.clone(),
                label: c.label.clone(),
                weight: c.weight,
                passed,
                by_reviewer,
                reason,
            }
        })
        .collect();
    let total: u32 = results.iter().map(|r| r.weight).sum();
    let got: u32 = results.iter().filter(|r| r.passed).map(|r| r.weight).sum();
    let score = ((got as f64 * 100.0) / total.max(1) as f64).round() as u32;
    Ok(Review {
        score,
        results,
        pending,
    })
}

/// The note text with the review stored in its front matter (`review_score`, `review_failed`,
/// `reviewed`), only those lines changed.
pub fn apply_review(source: &str, review: &Review, at: OffsetDateTime) -> Result<String> {
    crate::frontmatter::set_front_matter_keys(
        source,
        &[
            ("review_score", Some(review.score.to_string())),
            ("review_failed", Some(yaml_list(&review.failed()))),
            ("reviewed", Some(yaml_str(&fmt_time(at)))),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::note::{ArticleUse, Outcome};
    use time::macros::datetime;

    #[test]
    fn check_names_are_the_front_matter_names() {
        for check in [
            Check::Cause,
            Check::Steps,
            Check::Impact,
            Check::Articles,
            Check::NoSensitiveData,
            Check::Resolution,
        ] {
            let json = serde_json::to_string(&check).unwrap();
            assert_eq!(json, format!("\"{}\"", check.as_str()));
        }
    }

    pub(crate) const RUBRIC: &str = "---\ntitle: Closure notes\nkind: rubric\ncriteria:\n  - {id: cause, label: Cause stated, weight: 2, check: cause}\n  - {id: steps, label: Steps reproducible, check: steps}\n  - {id: impact, label: Customer impact, check: impact}\n  - {id: articles, label: Articles linked, check: articles}\n  - {id: clean, label: No sensitive data, weight: 2, check: no-sensitive-data}\n  - {id: tone, label: Professional wording}\n---\n";

    fn rubric() -> Rubric {
        let (a, _) = crate::markdown::parse_article("rubrics/closure.md", RUBRIC.into());
        assert!(is_rubric(&a));
        let (r, p) = Rubric::from_article(&a);
        assert!(p.is_empty(), "{p:?}");
        r.unwrap()
    }

    fn note() -> TicketNote {
        TicketNote {
            ticket: "INC-1".into(),
            title: "Outlook prompt loops".into(),
            category: "email".into(),
            product: None,
            tags: vec![],
            opened: datetime!(2026-03-02 09:00 UTC),
            resolved: datetime!(2026-03-02 10:00 UTC),
            outcome: Outcome::Resolved,
            flow: None,
            articles: vec![ArticleUse {
                path: "articles/x.md".into(),
                helped: Some(true),
            }],
            time_to_resolve_min: 60,
            issue: "Password prompt loops for 3 users in finance.".into(),
            environment: "Outlook 16.0".into(),
            steps: vec!["Checked MFA".into(), "Cleared cached credentials".into()],
            cause: "Stale cached token after the password change".into(),
            resolution: "Cleared the cached credentials and restarted Outlook.".into(),
            extra: Default::default(),
        }
    }

    #[test]
    fn a_good_note_scores_100_and_a_poor_one_less() {
        let mut v = BTreeMap::new();
        v.insert("tone".to_string(), true);
        let r = review_note(&rubric(), &note(), &v).unwrap();
        assert_eq!(r.score, 100, "{r:#?}");
        let poor = TicketNote {
            cause: "unknown".into(),
            steps: vec!["rebooted".into()],
            issue: "Call me at jane.doe@contoso.com".into(),
            ..note()
        };
        v.insert("tone".to_string(), false);
        let r = review_note(&rubric(), &poor, &v).unwrap();
        // Passed: articles (1) only, of 8 → 13 %.
        assert_eq!(r.failed(), ["cause", "steps", "impact", "clean", "tone"]);
        assert_eq!(r.score, 13);
        assert_eq!(r.results[0].reason, "no cause stated");
        assert!(
            r.results[4].reason.starts_with("1 finding(s)"),
            "{}",
            r.results[4].reason
        );
    }

    #[test]
    fn a_draft_lists_the_criteria_still_needing_a_verdict() {
        let draft = review_draft(&rubric(), &note(), &BTreeMap::new()).unwrap();
        assert_eq!(draft.pending, vec!["tone".to_string()]);
        let tone = draft.results.iter().find(|r| r.id == "tone").unwrap();
        assert!(!tone.passed && !tone.by_reviewer, "{tone:?}");
        let mut v = BTreeMap::new();
        v.insert("tone".to_string(), true);
        let judged = review_draft(&rubric(), &note(), &v).unwrap();
        assert!(judged.pending.is_empty());
        assert!(
            judged.score > draft.score,
            "{} vs {}",
            judged.score,
            draft.score
        );
        assert_eq!(judged, review_note(&rubric(), &note(), &v).unwrap());
    }

    #[test]
    fn reviewer_verdicts_are_required_and_override() {
        let e = review_note(&rubric(), &note(), &BTreeMap::new())
            .unwrap_err()
            .to_string();
        assert!(e.contains("say pass or fail for: tone"), "{e}");
        let mut v = BTreeMap::new();
        v.insert("tone".to_string(), true);
        v.insert("cause".to_string(), false);
        let r = review_note(&rubric(), &note(), &v).unwrap();
        assert_eq!(r.score, 75);
        assert!(r.results[0].by_reviewer);
        v.insert("nope".to_string(), true);
        assert!(review_note(&rubric(), &note(), &v).is_err());
    }

    #[test]
    fn the_score_is_stored_in_the_note() {
        let md = note().to_markdown();
        let mut v = BTreeMap::new();
        v.insert("tone".to_string(), false);
        let r = review_note(&rubric(), &note(), &v).unwrap();
        let out = apply_review(&md, &r, datetime!(2026-03-03 08:00 UTC)).unwrap();
        assert_eq!(
            out,
            md.replacen(
                "\n---\n",
                "\nreview_score: 88\nreview_failed: [tone]\nreviewed: \"2026-03-03T08:00:00Z\"\n---\n",
                1
            )
        );
        let back = TicketNote::from_markdown("t.md", &out).unwrap();
        assert_eq!(back.extra["review_score"], serde_json::json!(88));
    }
}
