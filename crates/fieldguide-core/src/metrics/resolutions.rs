//! Resolution figures (time to resolution, first-contact, escalation and reopen rates, daily
//! series) overall and per segment, and the drill-down returning the records behind them.
use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use time::{Date, Duration, UtcOffset};
use ts_rs::TS;

use super::stats::{mean, quantile, rate, sorted_minutes};
use super::{
    segment_value, DailyPoint, HistogramBucket, MetricsQuery, Segment, SegmentFigures, TtrStats,
};
use crate::error::Result;
use crate::journal::{Journal, Outcome, ResolutionRecord};

/// Time-to-resolution histogram buckets: label, lower bound (inclusive) and upper bound
/// (exclusive) in minutes.
pub const TTR_BUCKETS: [(&str, i64, Option<i64>); 5] = [
    ("<15m", 0, Some(15)),
    ("15–60m", 15, Some(60)),
    ("1–4h", 60, Some(240)),
    ("4–24h", 240, Some(1440)),
    (">1d", 1440, None),
];

/// Daily series longer than this list only the days with data.
const MAX_DENSE_DAYS: i64 = 3700;

/// Which records to return from [`resolutions_in`]; every set field must match.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields)]
pub struct ResolutionFilter {
    /// Segment value (as in [`SegmentFigures::segment`]); used only when the query has
    /// `segment_by`.
    pub segment: Option<String>,
    /// Outcome.
    pub outcome: Option<Outcome>,
    /// `true`: first-contact resolutions (outcome resolved, one session); `false`: the others.
    pub first_contact: Option<bool>,
    /// `true`: records counted as reopen events; `false`: the others.
    pub reopened: Option<bool>,
    /// Index into [`TTR_BUCKETS`]; implies outcome resolved (the histogram's population).
    pub ttr_bucket: Option<usize>,
    /// UTC date of `resolved_at` (a point of the daily series).
    #[ts(as = "Option<String>")]
    pub date: Option<Date>,
    /// Ticket id.
    pub ticket_id: Option<String>,
}

/// Records in the period plus the ids of those that are reopen events.
struct Loaded {
    records: Vec<ResolutionRecord>,
    reopen_events: HashSet<i64>,
}

fn load(journal: &Journal, query: &MetricsQuery) -> Result<Loaded> {
    let window = Duration::days(i64::from(query.reopen_window_days));
    let all = journal.resolutions_between(query.from - window, query.to, query.include_sample)?;
    // `all` is ordered by (resolved_at, id): a record's predecessors are the earlier ones.
    let mut by_ticket: HashMap<&str, Vec<&ResolutionRecord>> = HashMap::new();
    for r in &all {
        by_ticket.entry(r.ticket_id.as_str()).or_default().push(r);
    }
    let mut reopen_events = HashSet::new();
    for list in by_ticket.values() {
        for (i, r) in list.iter().enumerate() {
            if r.resolved_at < query.from {
                continue;
            }
            let reopened = list[..i]
                .iter()
                .any(|p| p.outcome == Outcome::Resolved && r.resolved_at - p.resolved_at <= window);
            if reopened {
                reopen_events.insert(r.id);
            }
        }
    }
    let records = all
        .into_iter()
        .filter(|r| r.resolved_at >= query.from)
        .collect();
    Ok(Loaded {
        records,
        reopen_events,
    })
}

fn segment_of(r: &ResolutionRecord, by: Segment) -> String {
    segment_value(match by {
        Segment::Category => r.category.as_deref(),
        Segment::Product => r.product.as_deref(),
        Segment::Kind => r.kind.as_deref(),
    })
}

fn utc_date(t: time::OffsetDateTime) -> Date {
    t.to_offset(UtcOffset::UTC).date()
}

fn bucket_of(minutes: i64) -> usize {
    TTR_BUCKETS
        .iter()
        .position(|(_, lo, hi)| minutes >= *lo && hi.is_none_or(|hi| minutes < hi))
        .unwrap_or(0)
}

/// Overall figures and per-segment figures (empty without `segment_by`).
pub(super) fn figures(
    journal: &Journal,
    query: &MetricsQuery,
) -> Result<(SegmentFigures, Vec<SegmentFigures>)> {
    let loaded = load(journal, query)?;
    let all: Vec<&ResolutionRecord> = loaded.records.iter().collect();
    let overall = figures_for(None, &all, &loaded.reopen_events, query);
    let mut segments = Vec::new();
    if let Some(by) = query.segment_by {
        let mut groups: BTreeMap<String, Vec<&ResolutionRecord>> = BTreeMap::new();
        for r in &loaded.records {
            groups.entry(segment_of(r, by)).or_default().push(r);
        }
        segments = groups
            .into_iter()
            .map(|(value, recs)| figures_for(Some(value), &recs, &loaded.reopen_events, query))
            .collect();
        segments.sort_by(|a, b| {
            b.resolutions
                .cmp(&a.resolutions)
                .then_with(|| a.segment.cmp(&b.segment))
        });
    }
    Ok((overall, segments))
}

fn figures_for(
    segment: Option<String>,
    recs: &[&ResolutionRecord],
    reopen_events: &HashSet<i64>,
    query: &MetricsQuery,
) -> SegmentFigures {
    let resolved: Vec<&ResolutionRecord> = recs
        .iter()
        .copied()
        .filter(|r| r.outcome == Outcome::Resolved)
        .collect();
    let total = recs.len() as u64;
    let escalated = total - resolved.len() as u64;
    let first_contact = resolved.iter().filter(|r| r.sessions_count == 1).count() as u64;
    let tickets: HashSet<&str> = recs.iter().map(|r| r.ticket_id.as_str()).collect();
    let reopened: HashSet<&str> = recs
        .iter()
        .filter(|r| reopen_events.contains(&r.id))
        .map(|r| r.ticket_id.as_str())
        .collect();

    SegmentFigures {
        segment,
        resolutions: total,
        resolved: resolved.len() as u64,
        escalated,
        tickets: tickets.len() as u64,
        ttr: ttr_stats(&resolved),
        first_contact_rate: rate(first_contact, total),
        escalation_rate: rate(escalated, total),
        reopened_tickets: reopened.len() as u64,
        reopen_rate: rate(reopened.len() as u64, tickets.len() as u64),
        daily: daily(&resolved, query),
    }
}

fn ttr_stats(resolved: &[&ResolutionRecord]) -> TtrStats {
    let minutes = sorted_minutes(resolved.iter().map(|r| r.time_to_resolve_min));
    let mut counts = [0u64; TTR_BUCKETS.len()];
    for r in resolved {
        counts[bucket_of(r.time_to_resolve_min)] += 1;
    }
    TtrStats {
        count: minutes.len() as u64,
        median_min: quantile(&minutes, 0.5),
        p90_min: quantile(&minutes, 0.9),
        mean_min: mean(&minutes),
        histogram: TTR_BUCKETS
            .iter()
            .zip(counts)
            .map(|((label, lo, hi), count)| HistogramBucket {
                label: (*label).to_string(),
                min_minutes: *lo,
                max_minutes: *hi,
                count,
            })
            .collect(),
    }
}

fn daily(resolved: &[&ResolutionRecord], query: &MetricsQuery) -> Vec<DailyPoint> {
    let mut by_day: BTreeMap<Date, Vec<i64>> = BTreeMap::new();
    for r in resolved {
        by_day
            .entry(utc_date(r.resolved_at))
            .or_default()
            .push(r.time_to_resolve_min);
    }
    let point = |date: Date, minutes: Option<&Vec<i64>>| {
        let sorted = sorted_minutes(minutes.into_iter().flatten().copied());
        DailyPoint {
            date,
            resolved: sorted.len() as u64,
            median_ttr_min: quantile(&sorted, 0.5),
        }
    };
    if query.to <= query.from {
        return Vec::new();
    }
    let first = utc_date(query.from);
    let last = utc_date(query.to - Duration::nanoseconds(1));
    if (last - first).whole_days() > MAX_DENSE_DAYS {
        return by_day.iter().map(|(d, m)| point(*d, Some(m))).collect();
    }
    let mut out = Vec::new();
    let mut day = first;
    while day <= last {
        out.push(point(day, by_day.get(&day)));
        match day.next_day() {
            Some(next) => day = next,
            None => break,
        }
    }
    out
}

/// The records in the query's period matching `filter`, oldest first: the rows behind a
/// resolution figure (a segment, a histogram bar, a day, the escalations, the reopens, …).
pub fn resolutions_in(
    journal: &Journal,
    query: &MetricsQuery,
    filter: &ResolutionFilter,
) -> Result<Vec<ResolutionRecord>> {
    query.validate()?;
    let loaded = load(journal, query)?;
    let reopen_events = loaded.reopen_events;
    Ok(loaded
        .records
        .into_iter()
        .filter(|r| {
            let segment_ok = match (query.segment_by, &filter.segment) {
                (Some(by), Some(value)) => &segment_of(r, by) == value,
                _ => true,
            };
            let first_contact = r.outcome == Outcome::Resolved && r.sessions_count == 1;
            segment_ok
                && filter.outcome.is_none_or(|o| r.outcome == o)
                && filter.first_contact.is_none_or(|f| f == first_contact)
                && filter
                    .reopened
                    .is_none_or(|f| f == reopen_events.contains(&r.id))
                && filter.ttr_bucket.is_none_or(|b| {
                    r.outcome == Outcome::Resolved && bucket_of(r.time_to_resolve_min) == b
                })
                && filter.date.is_none_or(|d| utc_date(r.resolved_at) == d)
                && filter.ticket_id.as_ref().is_none_or(|t| &r.ticket_id == t)
        })
        .collect())
}
