//! CSV export of every report table (RFC 4180: comma-separated, CRLF line ends, fields with a
//! comma, quote, CR or LF quoted with inner quotes doubled). Text cells that a spreadsheet
//! would read as a formula (starting with `=`, `+`, `-`, `@`, tab or CR — search queries are
//! user input) get a leading `'`. Missing values are empty cells; rates are fractions with 4
//! decimals, minutes have 1 decimal, timestamps are RFC 3339 UTC.
use std::fmt::Write as _;

use time::format_description::well_known::Rfc3339;

use super::{Report, SegmentFigures};
use crate::error::{Error, Result};

pub(super) enum Cell {
    Text(String),
    Num(String),
}

pub(super) fn text(s: impl AsRef<str>) -> Cell {
    Cell::Text(s.as_ref().to_string())
}

pub(super) fn opt_text(s: Option<&str>) -> Cell {
    text(s.unwrap_or(""))
}

pub(super) fn int(n: impl std::fmt::Display) -> Cell {
    Cell::Num(n.to_string())
}

fn opt_int(n: Option<i64>) -> Cell {
    Cell::Num(n.map(|n| n.to_string()).unwrap_or_default())
}

pub(super) fn ratio(r: Option<f64>) -> Cell {
    Cell::Num(r.map(|r| format!("{r:.4}")).unwrap_or_default())
}

pub(super) fn minutes(m: Option<f64>) -> Cell {
    Cell::Num(m.map(|m| format!("{m:.1}")).unwrap_or_default())
}

fn escape(cell: &Cell) -> String {
    let (mut s, is_text) = match cell {
        Cell::Text(s) => (s.clone(), true),
        Cell::Num(s) => (s.clone(), false),
    };
    if is_text && s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        s.insert(0, '\'');
    }
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

pub(super) fn write_csv(header: &[&str], rows: Vec<Vec<Cell>>) -> String {
    let mut out = String::new();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for row in rows {
        let line: Vec<String> = row.iter().map(escape).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

fn segment_name(f: &SegmentFigures) -> Cell {
    text(f.segment.as_deref().unwrap_or("(all)"))
}

impl Report {
    /// The table names [`Report::to_csv`] accepts.
    pub const CSV_TABLES: &'static [&'static str] = &[
        "segments",
        "ttr-histogram",
        "daily",
        "flows",
        "flow-nodes",
        "articles",
        "contribution",
        "gaps",
        "stale",
    ];

    /// The overall row followed by the segment rows.
    fn all_segments(&self) -> impl Iterator<Item = &SegmentFigures> {
        std::iter::once(&self.overall).chain(&self.segments)
    }

    /// One table of the report as CSV (see [`Report::CSV_TABLES`]; the overall figures are
    /// the `(all)` segment row). `Invalid` for an unknown table name.
    pub fn to_csv(&self, table: &str) -> Result<String> {
        let csv = match table {
            "segments" => write_csv(
                &[
                    "segment",
                    "resolutions",
                    "resolved",
                    "escalated",
                    "tickets",
                    "ttr_count",
                    "ttr_median_min",
                    "ttr_p90_min",
                    "ttr_mean_min",
                    "first_contact_rate",
                    "escalation_rate",
                    "reopened_tickets",
                    "reopen_rate",
                ],
                self.all_segments()
                    .map(|f| {
                        vec![
                            segment_name(f),
                            int(f.resolutions),
                            int(f.resolved),
                            int(f.escalated),
                            int(f.tickets),
                            int(f.ttr.count),
                            minutes(f.ttr.median_min),
                            minutes(f.ttr.p90_min),
                            minutes(f.ttr.mean_min),
                            ratio(f.first_contact_rate),
                            ratio(f.escalation_rate),
                            int(f.reopened_tickets),
                            ratio(f.reopen_rate),
                        ]
                    })
                    .collect(),
            ),
            "ttr-histogram" => write_csv(
                &["segment", "bucket", "min_minutes", "max_minutes", "count"],
                self.all_segments()
                    .flat_map(|f| {
                        f.ttr.histogram.iter().map(move |b| {
                            vec![
                                segment_name(f),
                                text(&b.label),
                                int(b.min_minutes),
                                opt_int(b.max_minutes),
                                int(b.count),
                            ]
                        })
                    })
                    .collect(),
            ),
            "daily" => write_csv(
                &["segment", "date", "resolved", "median_ttr_min"],
                self.all_segments()
                    .flat_map(|f| {
                        f.daily.iter().map(move |d| {
                            vec![
                                segment_name(f),
                                Cell::Num(d.date.to_string()),
                                int(d.resolved),
                                minutes(d.median_ttr_min),
                            ]
                        })
                    })
                    .collect(),
            ),
            "flows" => write_csv(
                &[
                    "flow_path",
                    "title",
                    "segment",
                    "started",
                    "active",
                    "resolved",
                    "escalated",
                    "abandoned",
                    "completion_rate",
                    "resolution_rate",
                ],
                self.flows
                    .iter()
                    .map(|f| {
                        vec![
                            text(&f.flow_path),
                            opt_text(f.title.as_deref()),
                            opt_text(f.segment.as_deref()),
                            int(f.started),
                            int(f.active),
                            int(f.resolved),
                            int(f.escalated),
                            int(f.abandoned),
                            ratio(f.completion_rate),
                            ratio(f.resolution_rate),
                        ]
                    })
                    .collect(),
            ),
            "flow-nodes" => write_csv(
                &["flow_path", "ended", "node_id", "sessions"],
                self.flows
                    .iter()
                    .flat_map(|f| {
                        let abandoned = f.abandoned_at.iter().map(move |n| ("abandoned", n));
                        let escalated = f.escalated_at.iter().map(move |n| ("escalated", n));
                        abandoned.chain(escalated).map(move |(ended, n)| {
                            vec![
                                text(&f.flow_path),
                                text(ended),
                                text(&n.node_id),
                                int(n.count),
                            ]
                        })
                    })
                    .collect(),
            ),
            "articles" => write_csv(
                &[
                    "path",
                    "title",
                    "kind",
                    "segment",
                    "views",
                    "views_leading_to_resolution",
                    "resolutions_using",
                    "helped_in_resolutions",
                    "helpful_yes",
                    "helpful_no",
                    "helpful_rate",
                    "open_flags",
                ],
                self.articles
                    .iter()
                    .map(|a| {
                        vec![
                            text(&a.path),
                            opt_text(a.title.as_deref()),
                            opt_text(a.kind.as_deref()),
                            opt_text(a.segment.as_deref()),
                            int(a.views),
                            int(a.views_leading_to_resolution),
                            int(a.resolutions_using),
                            int(a.helped_in_resolutions),
                            int(a.helpful_yes),
                            int(a.helpful_no),
                            ratio(a.helpful_rate),
                            int(a.open_flags),
                        ]
                    })
                    .collect(),
            ),
            "contribution" => write_csv(
                &[
                    "kind", "segment", "created", "updated", "renamed", "retired", "deleted",
                ],
                self.contribution
                    .rows
                    .iter()
                    .map(|r| {
                        vec![
                            text(&r.kind),
                            opt_text(r.segment.as_deref()),
                            int(r.created),
                            int(r.updated),
                            int(r.renamed),
                            int(r.retired),
                            int(r.deleted),
                        ]
                    })
                    .collect(),
            ),
            "gaps" => write_csv(
                &[
                    "query",
                    "example",
                    "searches",
                    "zero_results",
                    "no_click",
                    "last_seen",
                ],
                self.gaps
                    .iter()
                    .map(|g| {
                        vec![
                            text(&g.query),
                            text(&g.example),
                            int(g.searches),
                            int(g.zero_results),
                            int(g.no_click),
                            Cell::Num(g.last_seen.format(&Rfc3339).unwrap_or_default()),
                        ]
                    })
                    .collect(),
            ),
            "stale" => write_csv(
                &[
                    "path",
                    "title",
                    "kind",
                    "status",
                    "segment",
                    "review_by",
                    "days_overdue",
                    "open_flags",
                    "latest_flag",
                ],
                self.stale
                    .iter()
                    .map(|s| {
                        vec![
                            text(&s.path),
                            opt_text(s.title.as_deref()),
                            opt_text(s.kind.as_deref()),
                            opt_text(s.status.as_deref()),
                            opt_text(s.segment.as_deref()),
                            Cell::Num(s.review_by.map(|d| d.to_string()).unwrap_or_default()),
                            opt_int(s.days_overdue),
                            int(s.open_flags),
                            opt_text(s.latest_flag.as_deref()),
                        ]
                    })
                    .collect(),
            ),
            other => {
                let mut msg = format!("unknown CSV table `{other}`; expected one of:");
                for t in Report::CSV_TABLES {
                    let _ = write!(msg, " {t}");
                }
                return Err(Error::InvalidInput(msg));
            }
        };
        Ok(csv)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(escape(&text("plain")), "plain");
        assert_eq!(escape(&text("a,b")), "\"a,b\"");
        assert_eq!(escape(&text("say \"hi\"")), "\"say \"\"hi\"\"\"");
        assert_eq!(escape(&text("two\nlines")), "\"two\nlines\"");
        assert_eq!(escape(&text("=cmd()")), "'=cmd()");
        assert_eq!(escape(&int(-3)), "-3");
    }
}
