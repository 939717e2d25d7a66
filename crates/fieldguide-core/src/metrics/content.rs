//! Document-side figures: flow completion, article effectiveness, knowledge contribution,
//! knowledge gaps and stale content; plus the gap drill-down.
use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use ts_rs::TS;

use super::stats::rate;
use super::{
    ArticleFigures, Contribution, ContributionRow, DocInfo, FlowFigures, GapRow, MetricsQuery,
    NodeCount, StaleDoc, TOP_NODES,
};
use crate::error::Result;
use crate::journal::{
    ChangeKind, FeedbackRecord, FlowSessionRecord, FlowStatus, Journal, KbChangeRecord, Outcome,
    OutdatedFlag, ResolutionRecord, SearchRecord, ViewRecord,
};

/// Normalizes a query for grouping: trimmed, lowercased, runs of whitespace collapsed to one
/// space.
pub fn normalize_query(query: &str) -> String {
    query
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Which searches count as a knowledge gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum GapKind {
    /// Searches that returned nothing.
    ZeroResults,
    /// Searches that returned results, none of which was opened.
    NoClick,
    /// Either.
    Any,
}

impl GapKind {
    fn matches(self, s: &SearchRecord) -> bool {
        let zero = s.search.result_count == 0;
        let no_click = !zero && s.clicks.is_empty();
        match self {
            GapKind::ZeroResults => zero,
            GapKind::NoClick => no_click,
            GapKind::Any => zero || no_click,
        }
    }
}

/// The gap searches in the query's period, newest first; `normalized_query` (compared after
/// [`normalize_query`]) narrows them to one row of [`super::Report::gaps`].
pub fn gap_searches(
    journal: &Journal,
    query: &MetricsQuery,
    normalized_query: Option<&str>,
    kind: GapKind,
) -> Result<Vec<SearchRecord>> {
    query.validate()?;
    let wanted = normalized_query.map(normalize_query);
    let mut rows: Vec<SearchRecord> = journal
        .searches_between(query.from, query.to, query.include_sample)?
        .into_iter()
        .filter(|s| kind.matches(s))
        .filter(|s| {
            wanted
                .as_deref()
                .is_none_or(|q| normalize_query(&s.search.query) == q)
        })
        .collect();
    rows.reverse();
    Ok(rows)
}

/// Everything the document-side figures read, loaded once.
pub(super) struct Context<'a> {
    query: &'a MetricsQuery,
    docs: HashMap<&'a str, &'a DocInfo>,
    doc_list: &'a [DocInfo],
    resolutions: Vec<ResolutionRecord>,
    sessions: Vec<FlowSessionRecord>,
    views: Vec<ViewRecord>,
    feedback: Vec<FeedbackRecord>,
    searches: Vec<SearchRecord>,
    changes: Vec<KbChangeRecord>,
    open_flags: Vec<OutdatedFlag>,
}

impl<'a> Context<'a> {
    pub(super) fn load(
        journal: &Journal,
        query: &'a MetricsQuery,
        docs: &'a [DocInfo],
    ) -> Result<Context<'a>> {
        let (from, to, sample) = (query.from, query.to, query.include_sample);
        Ok(Context {
            query,
            docs: docs.iter().map(|d| (d.path.as_str(), d)).collect(),
            doc_list: docs,
            resolutions: journal.resolutions_between(from, to, sample)?,
            sessions: journal.flow_sessions_started_between(from, to, sample)?,
            views: journal.views_between(from, to, sample)?,
            feedback: journal.feedback_between(from, to, sample, None)?,
            searches: journal.searches_between(from, to, sample)?,
            changes: journal.kb_changes_between(from, to, sample)?,
            open_flags: journal.open_flags(None, sample)?,
        })
    }

    fn segment(&self, path: &str) -> Option<String> {
        let by = self.query.segment_by?;
        Some(match self.docs.get(path) {
            Some(d) => d.segment(by),
            None => super::UNSPECIFIED.to_string(),
        })
    }

    /// Flow completion over sessions started in the period.
    pub(super) fn flows(&self, journal: &Journal) -> Result<Vec<FlowFigures>> {
        let mut by_flow: BTreeMap<&str, Vec<&FlowSessionRecord>> = BTreeMap::new();
        for s in &self.sessions {
            by_flow.entry(s.flow_path.as_str()).or_default().push(s);
        }
        let mut out = Vec::new();
        for (path, sessions) in by_flow {
            let count = |st: FlowStatus| sessions.iter().filter(|s| s.status == st).count() as u64;
            let (resolved, escalated) = (count(FlowStatus::Resolved), count(FlowStatus::Escalated));
            let started = sessions.len() as u64;
            let mut abandoned_at: HashMap<String, u64> = HashMap::new();
            let mut escalated_at: HashMap<String, u64> = HashMap::new();
            for s in &sessions {
                let target = match s.status {
                    FlowStatus::Abandoned => &mut abandoned_at,
                    FlowStatus::Escalated => &mut escalated_at,
                    _ => continue,
                };
                let node = journal
                    .flow_steps(&s.id)?
                    .last()
                    .map(|step| step.node_id.clone())
                    .unwrap_or_else(|| "(no steps)".to_string());
                *target.entry(node).or_default() += 1;
            }
            out.push(FlowFigures {
                flow_path: path.to_string(),
                title: self.docs.get(path).map(|d| d.title.clone()),
                segment: self.segment(path),
                started,
                active: count(FlowStatus::Active),
                resolved,
                escalated,
                abandoned: count(FlowStatus::Abandoned),
                completion_rate: rate(resolved + escalated, started),
                resolution_rate: rate(resolved, started),
                abandoned_at: top_nodes(abandoned_at),
                escalated_at: top_nodes(escalated_at),
            });
        }
        out.sort_by(|a, b| {
            b.started
                .cmp(&a.started)
                .then_with(|| a.flow_path.cmp(&b.flow_path))
        });
        Ok(out)
    }

    /// Article effectiveness for every document with activity in the period.
    pub(super) fn articles(&self) -> Vec<ArticleFigures> {
        let resolved_sessions: HashSet<&str> = self
            .resolutions
            .iter()
            .filter(|r| r.outcome == Outcome::Resolved)
            .filter_map(|r| r.flow_session_id.as_deref())
            .collect();
        // Per document: the work windows of resolved records listing it.
        let mut windows: HashMap<&str, Vec<(OffsetDateTime, OffsetDateTime)>> = HashMap::new();
        let mut rows: BTreeMap<String, ArticleFigures> = BTreeMap::new();
        for r in &self.resolutions {
            for a in &r.articles {
                let fig = self.article_row(&mut rows, &a.path);
                fig.resolutions_using += 1;
                if a.helped == Some(true) {
                    fig.helped_in_resolutions += 1;
                }
                if r.outcome == Outcome::Resolved {
                    windows
                        .entry(a.path.as_str())
                        .or_default()
                        .push((r.opened_at, r.resolved_at));
                }
            }
        }
        for v in &self.views {
            let in_resolved_session = v
                .flow_session_id
                .as_deref()
                .is_some_and(|s| resolved_sessions.contains(s));
            let in_window = windows
                .get(v.doc_path.as_str())
                .is_some_and(|ws| ws.iter().any(|(o, r)| *o <= v.at && v.at <= *r));
            let fig = self.article_row(&mut rows, &v.doc_path);
            fig.views += 1;
            if in_resolved_session || in_window {
                fig.views_leading_to_resolution += 1;
            }
        }
        for f in &self.feedback {
            let fig = self.article_row(&mut rows, &f.doc_path);
            if f.helpful {
                fig.helpful_yes += 1;
            } else {
                fig.helpful_no += 1;
            }
        }
        let mut out: Vec<ArticleFigures> = rows
            .into_values()
            .map(|mut fig| {
                fig.helpful_rate = rate(fig.helpful_yes, fig.helpful_yes + fig.helpful_no);
                fig.open_flags = self
                    .open_flags
                    .iter()
                    .filter(|f| f.doc_path == fig.path)
                    .count() as u64;
                fig
            })
            .collect();
        out.sort_by(|a, b| {
            b.views_leading_to_resolution
                .cmp(&a.views_leading_to_resolution)
                .then_with(|| b.views.cmp(&a.views))
                .then_with(|| (b.helpful_yes + b.helpful_no).cmp(&(a.helpful_yes + a.helpful_no)))
                .then_with(|| a.path.cmp(&b.path))
        });
        out
    }

    fn article_row<'r>(
        &self,
        rows: &'r mut BTreeMap<String, ArticleFigures>,
        path: &str,
    ) -> &'r mut ArticleFigures {
        let doc = self.docs.get(path);
        rows.entry(path.to_string())
            .or_insert_with(|| ArticleFigures {
                path: path.to_string(),
                title: doc.map(|d| d.title.clone()),
                kind: doc.map(|d| d.kind.clone()),
                segment: self.segment(path),
                views: 0,
                views_leading_to_resolution: 0,
                resolutions_using: 0,
                helped_in_resolutions: 0,
                helpful_yes: 0,
                helpful_no: 0,
                helpful_rate: None,
                open_flags: 0,
            })
    }

    /// KB changes in the period by document kind (and segment).
    pub(super) fn contribution(&self) -> Contribution {
        let mut rows: BTreeMap<(String, Option<String>), ContributionRow> = BTreeMap::new();
        for c in &self.changes {
            let kind = c
                .doc_kind
                .clone()
                .or_else(|| self.docs.get(c.path.as_str()).map(|d| d.kind.clone()))
                .unwrap_or_else(|| "unknown".to_string());
            let segment = self.segment(&c.path);
            let row = rows
                .entry((kind.clone(), segment.clone()))
                .or_insert_with(|| ContributionRow {
                    kind,
                    segment,
                    created: 0,
                    updated: 0,
                    renamed: 0,
                    retired: 0,
                    deleted: 0,
                });
            match c.change {
                ChangeKind::Created => row.created += 1,
                ChangeKind::Updated => row.updated += 1,
                ChangeKind::Renamed => row.renamed += 1,
                ChangeKind::Retired => row.retired += 1,
                ChangeKind::Deleted => row.deleted += 1,
            }
        }
        let contributors: HashSet<&str> = self
            .changes
            .iter()
            .filter_map(|c| c.by.as_deref())
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .collect();
        Contribution {
            rows: rows.into_values().collect(),
            ticket_notes: self
                .resolutions
                .iter()
                .filter(|r| r.note_path.is_some())
                .count() as u64,
            contributors: contributors.len() as u64,
        }
    }

    /// Knowledge gaps grouped by normalized query.
    pub(super) fn gaps(&self) -> Vec<GapRow> {
        let mut groups: HashMap<String, GapRow> = HashMap::new();
        for s in &self.searches {
            let key = normalize_query(&s.search.query);
            if key.is_empty() {
                continue;
            }
            let row = groups.entry(key.clone()).or_insert_with(|| GapRow {
                query: key,
                example: s.search.query.clone(),
                searches: 0,
                zero_results: 0,
                no_click: 0,
                last_seen: s.search.at,
            });
            row.searches += 1;
            if GapKind::ZeroResults.matches(s) {
                row.zero_results += 1;
            } else if GapKind::NoClick.matches(s) {
                row.no_click += 1;
            }
            if s.search.at >= row.last_seen {
                row.last_seen = s.search.at;
                row.example = s.search.query.clone();
            }
        }
        let mut out: Vec<GapRow> = groups
            .into_values()
            .filter(|g| g.zero_results + g.no_click > 0)
            .collect();
        out.sort_by(|a, b| {
            (b.zero_results + b.no_click)
                .cmp(&(a.zero_results + a.no_click))
                .then_with(|| b.last_seen.cmp(&a.last_seen))
                .then_with(|| a.query.cmp(&b.query))
        });
        out
    }

    /// Docs past their review date, and docs with open outdated flags.
    pub(super) fn stale(&self, today: Date) -> Vec<StaleDoc> {
        let mut flags: HashMap<&str, Vec<&OutdatedFlag>> = HashMap::new();
        for f in &self.open_flags {
            flags.entry(f.doc_path.as_str()).or_default().push(f);
        }
        let mut out = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        for d in self.doc_list {
            if !seen.insert(d.path.as_str()) {
                continue;
            }
            let review_by = d.review_by.as_deref().and_then(parse_date);
            let live = matches!(
                crate::article::Status::parse(&d.status),
                Some(
                    crate::article::Status::Published
                        | crate::article::Status::Draft
                        | crate::article::Status::Review
                )
            );
            let days_overdue = review_by
                .filter(|r| live && *r < today)
                .map(|r| (today - r).whole_days());
            let doc_flags = flags.get(d.path.as_str()).map(Vec::as_slice).unwrap_or(&[]);
            if days_overdue.is_none() && doc_flags.is_empty() {
                continue;
            }
            out.push(StaleDoc {
                path: d.path.clone(),
                title: Some(d.title.clone()),
                kind: Some(d.kind.clone()),
                status: Some(d.status.clone()),
                segment: self.segment(&d.path),
                review_by,
                days_overdue,
                open_flags: doc_flags.len() as u64,
                latest_flag: doc_flags.last().map(|f| f.comment.clone()),
            });
        }
        // Flags on documents not in the list (moved or deleted since).
        let mut orphans: Vec<(&str, &Vec<&OutdatedFlag>)> = flags
            .iter()
            .filter(|(p, _)| !self.docs.contains_key(*p))
            .map(|(p, f)| (*p, f))
            .collect();
        orphans.sort_by_key(|(p, _)| *p);
        for (path, doc_flags) in orphans {
            out.push(StaleDoc {
                path: path.to_string(),
                title: None,
                kind: None,
                status: None,
                segment: self.segment(path),
                review_by: None,
                days_overdue: None,
                open_flags: doc_flags.len() as u64,
                latest_flag: doc_flags.last().map(|f| f.comment.clone()),
            });
        }
        out.sort_by(|a, b| {
            b.days_overdue
                .cmp(&a.days_overdue)
                .then_with(|| b.open_flags.cmp(&a.open_flags))
                .then_with(|| a.path.cmp(&b.path))
        });
        out
    }
}

fn top_nodes(counts: HashMap<String, u64>) -> Vec<NodeCount> {
    let mut v: Vec<NodeCount> = counts
        .into_iter()
        .map(|(node_id, count)| NodeCount { node_id, count })
        .collect();
    v.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.node_id.cmp(&b.node_id))
    });
    v.truncate(TOP_NODES);
    v
}

/// Parses `YYYY-MM-DD` (ignoring anything after the date, e.g. a time).
fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let head = s.get(..10)?;
    Date::parse(
        head,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()
}
