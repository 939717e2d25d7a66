//! A realistic, deterministic demo journal (~90 days) so the dashboard has something to show
//! before real use. Every row is flagged `is_sample`, and populating first clears earlier
//! sample rows, so running it again with the same seed gives the same journal.
//!
//! What it writes, for the KB documents given (or placeholder paths when none):
//! - ~350 searches: most built from document names and clicked (rank skewed to the top);
//!   ~12% from a few phrasings of missing topics, with zero results (they cluster into gaps);
//!   some vague queries with results but no click.
//! - views (from clicks, from flow sessions, while working tickets, and browsing), ~80 "did
//!   this help?" votes (a couple of documents mostly unhelpful), a few open outdated flags.
//! - ~120 resolutions: log-normal time to resolve with a median per category, longer for
//!   multi-session tickets, ~15% escalations, a few tickets reopened (one outside a 7-day
//!   window), articles used, ticket notes.
//! - flow sessions per flow, ~10% abandoned, mostly at one step, with their steps.
//! - KB changes (updates, new documents, ticket notes) by a few authors.
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use ts_rs::TS;

use super::{
    ArticleUse, ChangeKind, DocView, Feedback, FlowSessionRecord, FlowStatus, Journal, KbChange,
    Outcome, Resolution, Search, SearchClick,
};
use crate::article::DocKind;
use crate::error::Result;

/// A KB document the demo may refer to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoDoc {
    /// KB-relative path.
    pub path: String,
    /// Its kind (flows get sessions; tickets are not used as articles).
    pub kind: DocKind,
    /// Category, if any.
    pub category: Option<String>,
    /// Product, if any.
    pub product: Option<String>,
    /// For flows: node ids in walking order (start first). Empty: generic ids are used.
    #[serde(default)]
    pub nodes: Vec<String>,
}

impl DemoDoc {
    /// A document with no category, product or nodes.
    pub fn new(path: impl Into<String>, kind: DocKind) -> DemoDoc {
        DemoDoc {
            path: path.into(),
            kind,
            category: None,
            product: None,
            nodes: Vec::new(),
        }
    }
}

/// How many rows [`populate`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DemoSummary {
    /// Searches.
    pub searches: usize,
    /// Document views.
    pub views: usize,
    /// Feedback votes.
    pub feedback: usize,
    /// Resolutions and escalations.
    pub resolutions: usize,
    /// Flow sessions.
    pub flow_sessions: usize,
    /// KB changes.
    pub kb_changes: usize,
}

/// A tiny xorshift64* generator: deterministic for a seed, good enough for demo data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // splitmix64 of the seed, so nearby seeds diverge and 0 is not a fixed point.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `[0, 1)`.
    fn float(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.float() * n as f64) as usize % n.max(1)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.float() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u1 = self.float().max(1e-12);
        let u2 = self.float();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Log-normal with the given median and shape.
    fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        median * (sigma * self.normal()).exp()
    }
}

const DAYS: i64 = 90;
const FALLBACK_CATEGORIES: [&str; 5] = ["network", "identity", "endpoint", "mail", "printing"];
const AUTHORS: [&str; 4] = ["sam", "priya", "lee", "jo"];
const GENERIC_NODES: [&str; 5] = [
    "start",
    "check-basics",
    "collect-details",
    "apply-fix",
    "verify",
];
/// Topics the KB does not cover, each typed several ways.
const GAP_QUERIES: [&[&str]; 4] = [
    &[
        "teams camera black screen",
        "Teams camera  black screen",
        "teams camera black",
    ],
    &[
        "printer offline after update",
        "Printer offline after update ",
        "printer OFFLINE after update",
    ],
    &["mfa new phone", "MFA new phone", "mfa  new phone transfer"],
    &["sharepoint sync stuck", "SharePoint sync stuck"],
];
const VAGUE_QUERIES: [&str; 4] = ["error", "not working", "slow", "access denied"];

/// Median time to resolve (minutes) for a category: some kinds of work are slower.
fn median_minutes(category: &str) -> f64 {
    match category {
        "network" => 35.0,
        "identity" => 18.0,
        "endpoint" => 75.0,
        "mail" => 40.0,
        "printing" => 55.0,
        _ => 45.0,
    }
}

/// Writes a demo journal ending at `now`, deterministic for `seed`, after clearing earlier
/// sample rows. All rows are sample rows; real rows are untouched.
pub fn populate(
    journal: &Journal,
    docs: &[DemoDoc],
    now: OffsetDateTime,
    seed: u64,
) -> Result<DemoSummary> {
    journal.atomically(|| {
        journal.clear_sample_data()?;
        Generator::new(journal, docs, now, seed).run()
    })
}

struct Generator<'a> {
    j: &'a Journal,
    rng: Rng,
    start: OffsetDateTime,
    now: OffsetDateTime,
    content: Vec<DemoDoc>,
    flows: Vec<DemoDoc>,
    categories: Vec<String>,
    summary: DemoSummary,
}

impl<'a> Generator<'a> {
    fn new(j: &'a Journal, docs: &[DemoDoc], now: OffsetDateTime, seed: u64) -> Generator<'a> {
        let mut content: Vec<DemoDoc> = docs
            .iter()
            .filter(|d| matches!(d.kind, DocKind::Runbook | DocKind::Article))
            .cloned()
            .collect();
        if content.is_empty() {
            content = FALLBACK_CATEGORIES
                .iter()
                .map(|c| DemoDoc {
                    category: Some(c.to_string()),
                    ..DemoDoc::new(format!("runbooks/{c}-basics.md"), DocKind::Runbook)
                })
                .collect();
        }
        let flows: Vec<DemoDoc> = docs
            .iter()
            .filter(|d| d.kind == DocKind::Flow)
            .cloned()
            .collect();
        let mut categories: Vec<String> = content
            .iter()
            .filter_map(|d| d.category.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if categories.is_empty() {
            categories = FALLBACK_CATEGORIES.iter().map(|c| c.to_string()).collect();
        }
        Generator {
            j,
            rng: Rng::new(seed),
            start: now - Duration::days(DAYS),
            now,
            content,
            flows,
            categories,
            summary: DemoSummary::default(),
        }
    }

    /// A working-hours instant on a day of the window (0 = oldest), never after `now`.
    fn time_on(&mut self, day: i64) -> OffsetDateTime {
        let minutes = 8 * 60 + self.rng.below(10 * 60) as i64;
        let t = self.start + Duration::days(day) + Duration::minutes(minutes);
        t.min(self.now - Duration::minutes(1))
    }

    fn random_time(&mut self) -> OffsetDateTime {
        let day = self.rng.below(DAYS as usize) as i64;
        self.time_on(day)
    }

    fn docs_in(&self, category: &str) -> Vec<DemoDoc> {
        let v: Vec<DemoDoc> = self
            .content
            .iter()
            .filter(|d| d.category.as_deref() == Some(category))
            .cloned()
            .collect();
        if v.is_empty() {
            self.content.clone()
        } else {
            v
        }
    }

    fn view(&mut self, path: &str, at: OffsetDateTime, session: Option<&str>) -> Result<()> {
        self.j.log_view_impl(
            &DocView {
                doc_path: path.to_string(),
                at,
                flow_session_id: session.map(String::from),
            },
            true,
        )?;
        self.summary.views += 1;
        Ok(())
    }

    fn run(mut self) -> Result<DemoSummary> {
        self.searches()?;
        self.flow_sessions()?;
        self.resolutions()?;
        self.feedback_and_flags()?;
        self.kb_changes()?;
        let now = super::ts(self.now);
        self.j.meta_set_impl("demo.generatedAt", &now, true)?;
        Ok(self.summary)
    }

    fn searches(&mut self) -> Result<()> {
        for _ in 0..350 {
            let at = self.random_time();
            let roll = self.rng.float();
            if roll < 0.12 {
                let group = *self.rng.pick(&GAP_QUERIES);
                let q = *self.rng.pick(group);
                self.j.log_search_impl(&Search::new(q, 0, at), true)?;
            } else if roll < 0.22 {
                let q = *self.rng.pick(&VAGUE_QUERIES);
                let n = 5 + self.rng.below(20) as u32;
                let id = self.j.log_search_impl(&Search::new(q, n, at), true)?;
                if self.rng.chance(0.3) {
                    let doc = self.rng.pick(&self.content).path.clone();
                    let rank = 3 + self.rng.below(5) as u32;
                    self.click(id, &doc, rank, at)?;
                }
            } else {
                let doc = self.rng.pick(&self.content).clone();
                let q = query_for(&doc.path, &mut self.rng);
                let n = 1 + self.rng.below(12) as u32;
                let id = self.j.log_search_impl(&Search::new(q, n, at), true)?;
                if self.rng.chance(0.75) {
                    let rank = if self.rng.chance(0.7) {
                        1
                    } else {
                        2 + self.rng.below(3) as u32
                    };
                    self.click(id, &doc.path, rank.min(n), at)?;
                }
            }
            self.summary.searches += 1;
        }
        // Browsing without search.
        for _ in 0..120 {
            let at = self.random_time();
            let doc = self.rng.pick(&self.content).path.clone();
            self.view(&doc, at, None)?;
        }
        Ok(())
    }

    fn click(&mut self, search_id: i64, path: &str, rank: u32, at: OffsetDateTime) -> Result<()> {
        let at = (at + Duration::seconds(20 + self.rng.below(90) as i64)).min(self.now);
        self.j.log_click(&SearchClick {
            search_id,
            doc_path: path.to_string(),
            rank: rank.max(1),
            at,
        })?;
        self.view(path, at, None)
    }

    /// Walks a flow and stores the session; returns its id.
    fn walk_flow(
        &mut self,
        flow: &DemoDoc,
        started: OffsetDateTime,
        status: FlowStatus,
    ) -> Result<String> {
        let nodes: Vec<String> = if flow.nodes.is_empty() {
            GENERIC_NODES.iter().map(|n| n.to_string()).collect()
        } else {
            flow.nodes.clone()
        };
        let last = nodes.len() - 1;
        // Abandoned sessions mostly stop at one step (the "collect details" step); escalations
        // happen near the end.
        let stop = match status {
            FlowStatus::Resolved => last,
            FlowStatus::Escalated => last.saturating_sub(self.rng.below(2)),
            FlowStatus::Abandoned | FlowStatus::Active => {
                if self.rng.chance(0.65) {
                    (nodes.len() / 2).min(last)
                } else {
                    self.rng.below(nodes.len())
                }
            }
        };
        self.summary.flow_sessions += 1;
        let id = format!(
            "demo-{}-{}",
            self.summary.flow_sessions,
            self.rng.next() % 100_000
        );
        let mut at = started;
        let mut steps = Vec::new();
        for (i, node) in nodes.iter().take(stop + 1).enumerate() {
            let label = (i > 0).then(|| format!("Continue to {node}"));
            steps.push((node.clone(), label, at));
            at += Duration::seconds(40 + self.rng.below(200) as i64);
        }
        let updated = at.min(self.now);
        let state = serde_json::json!({
            "flowPath": flow.path,
            "current": nodes[stop],
            "visited": steps.iter().map(|s| s.0.clone()).collect::<Vec<_>>(),
        });
        self.j.upsert_flow_session_impl(
            &FlowSessionRecord {
                id: id.clone(),
                flow_path: flow.path.clone(),
                started_at: started,
                updated_at: updated,
                status,
                state_json: state.to_string(),
            },
            true,
        )?;
        for (node, label, t) in steps {
            self.j
                .record_flow_step(&id, &node, label.as_deref(), t.min(self.now))?;
        }
        Ok(id)
    }

    fn flow_sessions(&mut self) -> Result<()> {
        let flows = self.flows.clone();
        for flow in &flows {
            for _ in 0..(6 + self.rng.below(6)) {
                let roll = self.rng.float();
                let status = if roll < 0.6 {
                    FlowStatus::Abandoned
                } else if roll < 0.85 {
                    FlowStatus::Resolved
                } else {
                    FlowStatus::Escalated
                };
                let started = self.random_time();
                let id = self.walk_flow(flow, started, status)?;
                if self.rng.chance(0.5) {
                    let doc = self.rng.pick(&self.content).path.clone();
                    self.view(&doc, started + Duration::minutes(2), Some(&id))?;
                }
            }
            // One unfinished session from today, to resume.
            if self.rng.chance(0.5) {
                let started = self.now - Duration::minutes(20 + self.rng.below(120) as i64);
                self.walk_flow(flow, started, FlowStatus::Active)?;
            }
        }
        Ok(())
    }

    fn resolutions(&mut self) -> Result<()> {
        let mut reopen_candidates = Vec::new();
        for i in 0..120u32 {
            let category = self.rng.pick(&self.categories).clone();
            let pool = self.docs_in(&category);
            let product = pool.iter().find_map(|d| d.product.clone());
            let kind = match self.rng.float() {
                r if r < 0.65 => "incident",
                r if r < 0.9 => "request",
                _ => "question",
            };
            let sessions: u32 = match self.rng.float() {
                r if r < 0.72 => 1,
                r if r < 0.92 => 2,
                _ => 3,
            };
            let escalated = self.rng.chance(0.15);
            let base = median_minutes(&category) * if escalated { 0.6 } else { 1.0 };
            let mut minutes = self.rng.lognormal(base, 0.9) * f64::from(sessions).powf(1.6);
            minutes = minutes.clamp(2.0, 5.0 * 24.0 * 60.0);
            let minutes = minutes.round() as i64;
            // Multi-session tickets also wait between contacts (not counted as work time).
            let wait = Duration::hours(i64::from(sessions - 1) * (4 + self.rng.below(20) as i64));
            let day = self.rng.below(DAYS as usize - 1) as i64;
            let opened = self.time_on(day);
            let resolved_at = (opened + Duration::minutes(minutes) + wait).min(self.now);
            let outcome = if escalated {
                Outcome::Escalated
            } else {
                Outcome::Resolved
            };

            let ticket = format!("INC-{}", 10_400 + i);
            let mut r = Resolution::new(&ticket, opened, resolved_at, outcome);
            r.category = Some(category.clone());
            r.product = product;
            r.kind = Some(kind.to_string());
            r.sessions_count = sessions;
            r.time_to_resolve_min = minutes.min((resolved_at - opened).whole_minutes());
            let matching_flow = self
                .flows
                .iter()
                .find(|f| f.category.as_deref() == Some(category.as_str()))
                .or_else(|| self.flows.first())
                .cloned();
            if let Some(flow) = matching_flow.filter(|_| self.rng.chance(0.4)) {
                let status = if escalated {
                    FlowStatus::Escalated
                } else {
                    FlowStatus::Resolved
                };
                let id = self.walk_flow(&flow, opened + Duration::minutes(1), status)?;
                r.flow_path = Some(flow.path.clone());
                r.flow_session_id = Some(id);
            }
            for _ in 0..(1 + self.rng.below(2)) {
                let doc = self.rng.pick(&pool).path.clone();
                if r.articles.iter().any(|a| a.path == doc) {
                    continue;
                }
                let helped = match self.rng.float() {
                    h if h < 0.7 => Some(true),
                    h if h < 0.8 => Some(false),
                    _ => None,
                };
                let seen = opened + (resolved_at - opened) / 3;
                self.view(&doc, seen, r.flow_session_id.as_deref())?;
                r.articles.push(ArticleUse { path: doc, helped });
            }
            if !escalated {
                let note = format!("tickets/{}/{ticket}.md", resolved_at.year());
                r.note_path = Some(note.clone());
                let mut change = KbChange::new(note, ChangeKind::Created, resolved_at);
                change.doc_kind = Some("ticket".into());
                change.by = Some(self.rng.pick(&AUTHORS).to_string());
                self.j.record_kb_change_impl(&change, true)?;
                self.summary.kb_changes += 1;
                if day < DAYS - 14 {
                    reopen_candidates.push(r.clone());
                }
            }
            self.j.record_resolution_impl(&r, true)?;
            self.summary.resolutions += 1;
        }
        // A few tickets come back: most within a week, one after twelve days.
        for (n, first) in reopen_candidates.iter().step_by(7).take(5).enumerate() {
            let gap = if n == 4 {
                12
            } else {
                1 + self.rng.below(5) as i64
            };
            let opened = first.resolved_at + Duration::days(gap);
            if opened >= self.now {
                continue;
            }
            let minutes = self.rng.lognormal(60.0, 0.6).round().max(5.0) as i64;
            let resolved_at = (opened + Duration::minutes(minutes)).min(self.now);
            let mut again = first.clone();
            again.opened_at = opened;
            again.resolved_at = resolved_at;
            again.sessions_count = 1;
            again.time_to_resolve_min = (resolved_at - opened).whole_minutes();
            again.flow_path = None;
            again.flow_session_id = None;
            again.note_path = None;
            self.j.record_resolution_impl(&again, true)?;
            self.summary.resolutions += 1;
        }
        Ok(())
    }

    fn feedback_and_flags(&mut self) -> Result<()> {
        let content = self.content.clone();
        for _ in 0..80 {
            let doc = self.rng.pick(&content);
            // Every seventh document (by position) is a poor one.
            let index = content.iter().position(|d| d.path == doc.path).unwrap_or(0);
            let p_yes = if index % 7 == 3 { 0.3 } else { 0.8 };
            let helpful = self.rng.chance(p_yes);
            let comment = (!helpful && self.rng.chance(0.5))
                .then(|| "Steps did not match what I saw".to_string());
            let at = self.random_time();
            self.j.record_feedback_impl(
                &Feedback {
                    doc_path: doc.path.clone(),
                    helpful,
                    comment,
                    at,
                },
                true,
            )?;
            self.summary.feedback += 1;
        }
        let comments = [
            "Screenshots show the old client",
            "Port changed after the firewall migration",
            "Link to the admin portal is dead",
            "Step 4 no longer exists",
        ];
        for (i, comment) in comments.iter().enumerate() {
            let doc = self.rng.pick(&content).path.clone();
            let at = self.random_time();
            let by = AUTHORS[i % AUTHORS.len()];
            let id = self
                .j
                .flag_outdated_impl(&doc, comment, Some(by), at, true)?;
            if i == 0 {
                self.j
                    .resolve_flag(id, (at + Duration::days(2)).min(self.now), Some("Updated"))?;
            }
        }
        Ok(())
    }

    fn kb_changes(&mut self) -> Result<()> {
        let content = self.content.clone();
        for _ in 0..40 {
            let doc = self.rng.pick(&content);
            let change = if self.rng.chance(0.2) {
                ChangeKind::Created
            } else {
                ChangeKind::Updated
            };
            let mut c = KbChange::new(doc.path.clone(), change, self.random_time());
            c.doc_kind = Some(doc.kind.as_str().to_string());
            c.by = Some(self.rng.pick(&AUTHORS).to_string());
            self.j.record_kb_change_impl(&c, true)?;
            self.summary.kb_changes += 1;
        }
        Ok(())
    }
}

/// A search someone might type to find `path`: words of its file name, sometimes cut short or
/// capitalised.
fn query_for(path: &str, rng: &mut Rng) -> String {
    let stem = path
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .trim_end_matches(".md");
    let words: Vec<&str> = stem
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    let take = if words.len() > 2 && rng.chance(0.5) {
        2
    } else {
        words.len()
    };
    let q = words[..take.max(1).min(words.len())].join(" ");
    if rng.chance(0.2) {
        q.to_uppercase()
    } else {
        q
    }
}

#[cfg(test)]
mod tests {
    use time::macros::{date, datetime};

    use super::*;
    use crate::metrics::{compute, MetricsQuery};

    fn docs() -> Vec<DemoDoc> {
        let doc = |path: &str, kind, cat: &str, product: &str| DemoDoc {
            category: Some(cat.into()),
            product: Some(product.into()),
            ..DemoDoc::new(path, kind)
        };
        vec![
            doc(
                "runbooks/network/renew-machine-cert.md",
                DocKind::Runbook,
                "network",
                "vpn-client",
            ),
            doc(
                "runbooks/network/reset-vpn-profile.md",
                DocKind::Runbook,
                "network",
                "vpn-client",
            ),
            doc(
                "articles/identity/password-reset-loop.md",
                DocKind::Article,
                "identity",
                "sso",
            ),
            doc(
                "runbooks/mail/outlook-profile-rebuild.md",
                DocKind::Runbook,
                "mail",
                "outlook",
            ),
            doc(
                "articles/printing/print-queue-stuck.md",
                DocKind::Article,
                "printing",
                "print-server",
            ),
            DemoDoc {
                nodes: vec!["start".into(), "vpn-client".into(), "renew-cert".into()],
                ..doc("flows/vpn.md", DocKind::Flow, "network", "vpn-client")
            },
            doc(
                "flows/printer.md",
                DocKind::Flow,
                "printing",
                "print-server",
            ),
        ]
    }

    fn dump(j: &Journal) -> String {
        let q = MetricsQuery {
            include_sample: true,
            ..MetricsQuery::new(
                datetime!(2025-01-01 0:00 UTC),
                datetime!(2026-01-01 0:00 UTC),
            )
        };
        let r = compute(j, &q, &[], date!(2025 - 06 - 30)).unwrap();
        serde_json::to_string(&(r.overall, r.flows, r.articles, r.gaps, r.contribution)).unwrap()
    }

    #[test]
    fn deterministic_and_non_empty() {
        let now = datetime!(2025-06-30 17:00 UTC);
        let a = Journal::open_in_memory().unwrap();
        let summary = populate(&a, &docs(), now, 42).unwrap();
        let b = Journal::open_in_memory().unwrap();
        populate(&b, &docs(), now, 42).unwrap();
        assert_eq!(dump(&a), dump(&b));
        // Populating again replaces, not doubles.
        assert_eq!(populate(&a, &docs(), now, 42).unwrap(), summary);
        assert_eq!(dump(&a), dump(&b));
        let c = Journal::open_in_memory().unwrap();
        populate(&c, &docs(), now, 7).unwrap();
        assert_ne!(dump(&a), dump(&c));

        assert!(
            summary.searches >= 300 && summary.resolutions >= 120,
            "{summary:?}"
        );
        let q = MetricsQuery {
            include_sample: true,
            segment_by: Some(crate::metrics::Segment::Category),
            ..MetricsQuery::last_days(now, 90)
        };
        let r = compute(&a, &q, &[], date!(2025 - 06 - 30)).unwrap();
        let o = &r.overall;
        assert!(o.resolutions >= 120);
        let esc = o.escalation_rate.unwrap();
        assert!((0.05..0.3).contains(&esc), "escalation rate {esc}");
        assert!(o.reopened_tickets >= 2, "{o:?}");
        assert!(
            o.ttr.p90_min.unwrap() > 2.0 * o.ttr.median_min.unwrap(),
            "skewed TTR"
        );
        assert!(o.first_contact_rate.unwrap() > 0.4);
        assert!(r.segments.len() >= 3);
        assert!(
            r.gaps.len() >= 4 && r.gaps[0].zero_results >= 5,
            "{:?}",
            r.gaps
        );
        assert!(!r.articles.is_empty() && r.articles[0].views_leading_to_resolution > 0);
        let vpn = r
            .flows
            .iter()
            .find(|f| f.flow_path == "flows/vpn.md")
            .unwrap();
        assert!(
            vpn.abandoned > 0 && vpn.abandoned_at[0].node_id == "vpn-client",
            "{vpn:?}"
        );
        assert!(r.contribution.ticket_notes > 50);
        assert!(a.has_sample_data().unwrap());
        assert!(a.integrity_check().unwrap());

        // Without sample data, nothing shows; clearing removes it all.
        let real = compute(
            &a,
            &MetricsQuery::last_days(now, 90),
            &[],
            date!(2025 - 06 - 30),
        )
        .unwrap();
        assert_eq!(real.overall.resolutions, 0);
        a.clear_sample_data().unwrap();
        assert!(!a.has_sample_data().unwrap());
    }

    #[test]
    fn works_without_docs() {
        let j = Journal::open_in_memory().unwrap();
        let s = populate(&j, &[], datetime!(2025-06-30 17:00 UTC), 1).unwrap();
        assert!(s.resolutions > 0 && s.searches > 0);
    }

    #[test]
    fn rng_is_deterministic() {
        let mut a = Rng::new(3);
        let mut b = Rng::new(3);
        for _ in 0..100 {
            assert_eq!(a.next(), b.next());
        }
        assert!((0..1000).all(|_| a.below(7) < 7));
    }
}
