//! Insight through `Kb`: KPIs from hand-built journal rows (known answers), drill-downs, the
//! sample journal (generate, flag, clear), search/click/view logging feeding knowledge gaps
//! and article figures, CSV export of every table, and `fieldguide stats` / `demo`.
use std::process::Command;

use fieldguide_core::journal::{ArticleUse, Outcome, Resolution};
use fieldguide_core::kb::{Drill, DrillRows};
use fieldguide_core::metrics::{GapKind, MetricsQuery, Report, ResolutionFilter, Segment};
use fieldguide_core::SearchRequest;
use time::macros::{date, datetime};
use time::{Duration, OffsetDateTime};

use crate::util::{repo, KbTest};

const FROM: OffsetDateTime = datetime!(2025-06-01 0:00 UTC);
const TO: OffsetDateTime = datetime!(2025-07-01 0:00 UTC);

fn resolution(
    ticket: &str,
    category: &str,
    outcome: Outcome,
    at: OffsetDateTime,
    minutes: i64,
    sessions: u32,
) -> Resolution {
    let mut r = Resolution::new(ticket, at - Duration::minutes(minutes), at, outcome);
    r.category = Some(category.to_string());
    r.sessions_count = sessions;
    r
}

/// Four records in June 2025: TTR of the resolved ones 10, 30, 100 min.
fn hand_built() -> KbTest {
    let t = KbTest::from_dir("insight");
    {
        let j = t.kb.journal();
        j.record_resolution(&resolution(
            "T-1",
            "network",
            Outcome::Resolved,
            datetime!(2025-06-02 10:00 UTC),
            10,
            1,
        ))
        .unwrap();
        let mut r2 = resolution(
            "T-2",
            "network",
            Outcome::Resolved,
            datetime!(2025-06-03 10:00 UTC),
            30,
            2,
        );
        r2.articles = vec![ArticleUse {
            path: "runbooks/vpn-reconnect.md".into(),
            helped: Some(true),
        }];
        j.record_resolution(&r2).unwrap();
        j.record_resolution(&resolution(
            "T-3",
            "identity",
            Outcome::Escalated,
            datetime!(2025-06-04 10:00 UTC),
            60,
            1,
        ))
        .unwrap();
        let mut r4 = resolution(
            "T-4",
            "identity",
            Outcome::Resolved,
            datetime!(2025-06-05 10:00 UTC),
            100,
            1,
        );
        r4.note_path = Some("tickets/2025/T-4.md".into());
        j.record_resolution(&r4).unwrap();
        // Outside the period: must not count.
        j.record_resolution(&resolution(
            "T-0",
            "network",
            Outcome::Resolved,
            datetime!(2025-05-20 10:00 UTC),
            5,
            1,
        ))
        .unwrap();
    }
    t
}

fn tickets(rows: &DrillRows) -> Vec<String> {
    match rows {
        DrillRows::Resolutions(r) => r.iter().map(|r| r.ticket_id.clone()).collect(),
        other => panic!("expected resolutions, got {other:?}"),
    }
}

#[test]
fn stats_on_hand_built_journal_gives_known_answers() {
    let t = hand_built();
    let mut q = MetricsQuery::new(FROM, TO);
    q.segment_by = Some(Segment::Category);
    let r = t.kb.stats_on(&q, date!(2025 - 07 - 01)).unwrap();
    let o = &r.overall;
    assert_eq!(
        (o.resolutions, o.resolved, o.escalated, o.tickets),
        (4, 3, 1, 4)
    );
    assert_eq!(o.ttr.median_min, Some(30.0));
    assert_eq!(o.first_contact_rate, Some(0.5)); // T-1 and T-4 of four
    assert_eq!(o.escalation_rate, Some(0.25));
    assert_eq!(o.reopen_rate, Some(0.0));
    assert_eq!(r.contribution.ticket_notes, 1);
    assert!(!r.sample_data_present);
    let hist: Vec<u64> = o.ttr.histogram.iter().map(|b| b.count).collect();
    assert_eq!(hist, vec![1, 1, 1, 0, 0]); // 10 | 30 | 100 min
    let seg: Vec<(String, u64)> = r
        .segments
        .iter()
        .map(|s| (s.segment.clone().unwrap(), s.resolutions))
        .collect();
    assert_eq!(
        seg,
        vec![("identity".to_string(), 2), ("network".to_string(), 2)]
    );

    // Stale content comes from the KB's own front matter: the overdue published article, not
    // the retired one; its row carries the document's category.
    let stale: Vec<(&str, Option<i64>, Option<&str>)> = r
        .stale
        .iter()
        .map(|s| (s.path.as_str(), s.days_overdue, s.segment.as_deref()))
        .collect();
    assert_eq!(
        stale,
        vec![("articles/password-reset.md", Some(10), Some("identity"))]
    );
    assert_eq!(
        r.stale[0].title.as_deref(),
        Some("Password reset for locked accounts")
    );

    // Drill-downs: the rows behind the escalation rate, a histogram bar, an article.
    let esc = ResolutionFilter {
        outcome: Some(Outcome::Escalated),
        ..Default::default()
    };
    let rows = t.kb.drill(&q, &Drill::Resolutions { filter: esc }).unwrap();
    assert_eq!(tickets(&rows), vec!["T-3"]);
    let bar = ResolutionFilter {
        ttr_bucket: Some(2),
        ..Default::default()
    };
    let rows = t.kb.drill(&q, &Drill::Resolutions { filter: bar }).unwrap();
    assert_eq!(tickets(&rows), vec!["T-4"]);
    let DrillRows::Resolutions(rows) =
        t.kb.drill(
            &q,
            &Drill::Article {
                path: "runbooks/vpn-reconnect.md".into(),
            },
        )
        .unwrap()
    else {
        panic!("resolutions expected")
    };
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].ticket_id, "T-2");
    // A note path survives to the drill-down row (the UI opens it).
    let all =
        t.kb.drill(
            &q,
            &Drill::Resolutions {
                filter: ResolutionFilter::default(),
            },
        )
        .unwrap();
    let DrillRows::Resolutions(all) = all else {
        panic!()
    };
    assert_eq!(
        all.iter()
            .filter_map(|r| r.note_path.as_deref())
            .collect::<Vec<_>>(),
        vec!["tickets/2025/T-4.md"]
    );

    // The drill wire format the UI sends.
    let d: Drill =
        serde_json::from_str(r#"{"type":"resolutions","filter":{"outcome":"escalated"}}"#).unwrap();
    assert_eq!(tickets(&t.kb.drill(&q, &d).unwrap()), vec!["T-3"]);
    // Dates travel as `YYYY-MM-DD` both ways (the daily chart's points and its drill-down).
    let d: Drill =
        serde_json::from_str(r#"{"type":"resolutions","filter":{"date":"2025-06-03"}}"#).unwrap();
    assert_eq!(tickets(&t.kb.drill(&q, &d).unwrap()), vec!["T-2"]);
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["overall"]["daily"][2]["date"], "2025-06-03");
    assert_eq!(json["overall"]["daily"][2]["resolved"], 1);
    assert_eq!(json["today"], "2025-07-01");
    assert_eq!(json["stale"][0]["reviewBy"], "2025-06-21");
    let bad = MetricsQuery::new(TO, FROM);
    assert_eq!(t.kb.stats(&bad).unwrap_err().code(), "invalid");
}

#[test]
fn demo_fills_every_figure_flagged_sample_and_clear_removes_it() {
    let t = hand_built();
    let now = datetime!(2025-06-30 12:00 UTC);
    let summary = t.kb.demo_journal_at(now, 7).unwrap();
    assert!(
        summary.resolutions > 50 && summary.searches > 100,
        "{summary:?}"
    );

    let mut q = MetricsQuery::new(now - Duration::days(90), now + Duration::minutes(1));
    let real = t.kb.stats(&q).unwrap();
    assert!(real.sample_data_present);
    assert_eq!(
        real.overall.resolutions, 5,
        "sample rows are left out (T-0 is in this window)"
    );

    q.include_sample = true;
    let r = t.kb.stats(&q).unwrap();
    assert!(r.overall.resolutions > 50);
    assert!(r.overall.ttr.median_min.unwrap() > 0.0);
    assert!(r.overall.escalation_rate.unwrap() > 0.0);
    assert!(!r.gaps.is_empty() && !r.articles.is_empty());
    // Demo flow sessions use the KB's real flow and its node ids.
    let flow = r
        .flows
        .iter()
        .find(|f| f.flow_path == "flows/printer.md")
        .expect("the KB's flow has demo sessions");
    assert!(flow.started > 0);
    let flow_nodes = ["start", "check-queue", "power-cycle", "(no steps)"];
    for n in flow.abandoned_at.iter().chain(&flow.escalated_at) {
        assert!(flow_nodes.contains(&n.node_id.as_str()), "{}", n.node_id);
    }
    // Every row behind the figures is flagged (except the five real ones).
    let DrillRows::Resolutions(rows) =
        t.kb.drill(
            &q,
            &Drill::Resolutions {
                filter: ResolutionFilter::default(),
            },
        )
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(rows.iter().filter(|r| !r.is_sample).count(), 5);
    let DrillRows::Searches(gaps) =
        t.kb.drill(
            &q,
            &Drill::Gaps {
                query: None,
                kind: GapKind::ZeroResults,
            },
        )
        .unwrap()
    else {
        panic!()
    };
    assert!(
        !gaps.is_empty()
            && gaps
                .iter()
                .all(|s| s.is_sample && s.search.result_count == 0)
    );
    let DrillRows::FlowSessions(sessions) =
        t.kb.drill(
            &q,
            &Drill::FlowSessions {
                flow_path: Some("flows/printer.md".into()),
                status: None,
            },
        )
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(sessions.len() as u64, flow.started);

    // Deterministic for a seed.
    t.kb.demo_journal_at(now, 7).unwrap();
    assert_eq!(t.kb.stats(&q).unwrap().overall, r.overall);

    let removed = t.kb.clear_demo().unwrap();
    assert!(removed > 100);
    let after = t.kb.stats(&q).unwrap();
    assert!(!after.sample_data_present);
    assert_eq!(after.overall.resolutions, 5, "real rows survive");
    assert!(after.gaps.is_empty());
}

#[test]
fn logged_searches_clicks_and_views_feed_gaps_and_articles() {
    let t = KbTest::from_dir("insight");
    let kb = &t.kb;
    let now = OffsetDateTime::now_utc();
    // A query the KB cannot answer: a zero-result gap.
    let miss = kb
        .search_logged(&SearchRequest::new("zebra firmware"))
        .unwrap();
    assert_eq!(miss.results.total, 0);
    // Found but nothing opened: a no-click gap, typed differently.
    let hit = kb
        .search_logged(&SearchRequest::new("VPN  reconnect"))
        .unwrap();
    assert!(hit.results.total > 0);
    let again = kb
        .search_logged(&SearchRequest::new("vpn reconnect"))
        .unwrap();
    let q = MetricsQuery::last_days(now + Duration::minutes(1), 1);
    let gaps = kb.stats(&q).unwrap().gaps;
    let rows: Vec<(&str, u64, u64, u64)> = gaps
        .iter()
        .map(|g| (g.query.as_str(), g.searches, g.zero_results, g.no_click))
        .collect();
    assert!(rows.contains(&("zebra firmware", 1, 1, 0)), "{rows:?}");
    assert!(rows.contains(&("vpn reconnect", 2, 0, 2)), "{rows:?}");

    // Opening a result of both searches closes that gap; views feed the article table.
    let first = &again.results.hits[0].path;
    kb.log_click(hit.search_id, first, 1).unwrap();
    kb.log_click(again.search_id, first, 1).unwrap();
    kb.log_view(first, None).unwrap();
    kb.log_view(first, None).unwrap();
    let r = kb.stats(&q).unwrap();
    assert!(
        r.gaps.iter().all(|g| g.query != "vpn reconnect"),
        "{:?}",
        r.gaps
    );
    assert!(r.gaps.iter().any(|g| g.query == "zebra firmware"));
    let art = r.articles.iter().find(|a| &a.path == first).unwrap();
    assert_eq!(art.views, 2);
    assert!(!r.sample_data_present);

    // Bad input is refused clearly, nothing written.
    assert_eq!(
        kb.log_click(miss.search_id + 1000, first, 1)
            .unwrap_err()
            .code(),
        "not_found"
    );
    assert_eq!(
        kb.log_click(hit.search_id, first, 0).unwrap_err().code(),
        "invalid"
    );
    assert_eq!(
        kb.search_logged(&SearchRequest::new("  "))
            .unwrap_err()
            .code(),
        "invalid"
    );
    assert_eq!(kb.log_view("", None).unwrap_err().code(), "invalid");
    assert_eq!(kb.stats(&q).unwrap().gaps.len(), r.gaps.len());
}

/// Splits RFC 4180 CSV into records of fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        !quoted && field.is_empty() && row.is_empty(),
        "CSV ends mid-record"
    );
    rows
}

#[test]
fn csv_export_of_every_table_parses_with_consistent_columns() {
    let t = hand_built();
    let now = datetime!(2025-06-30 12:00 UTC);
    t.kb.demo_journal_at(now, 3).unwrap();
    // A query with a comma and a quote, to exercise quoting.
    let s =
        t.kb.search_logged(&SearchRequest::new("\"fax\", gateway =cmd"))
            .unwrap();
    assert!(s.search_id > 0);
    // The journal keeps whole seconds: end the period after "now" so this second counts.
    let mut q = MetricsQuery::new(
        now - Duration::days(90),
        OffsetDateTime::now_utc() + Duration::minutes(1),
    );
    q.include_sample = true;
    q.segment_by = Some(Segment::Product);
    for table in Report::CSV_TABLES {
        let csv = t.kb.stats_csv(table, &q).unwrap();
        let rows = parse_csv(&csv);
        assert!(rows.len() > 1, "{table}: no data rows\n{csv}");
        let width = rows[0].len();
        assert!(width >= 2, "{table}");
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(r.len(), width, "{table} line {}: {r:?}", i + 1);
        }
    }
    let gaps = parse_csv(&t.kb.stats_csv("gaps", &q).unwrap());
    assert!(
        gaps.iter().any(|r| r[1] == "\"fax\", gateway =cmd"),
        "{gaps:?}"
    );
    assert_eq!(t.kb.stats_csv("nope", &q).unwrap_err().code(), "invalid");
    // Written to a file atomically, byte for byte (replacing what was there).
    let dest = t.tmp.path().join("segments.csv");
    std::fs::write(&dest, "old").unwrap();
    t.kb.write_stats_csv("segments", &q, &dest).unwrap();
    assert_eq!(
        std::fs::read_to_string(&dest).unwrap(),
        t.kb.stats_csv("segments", &q).unwrap()
    );
    // An unknown table writes nothing.
    let other = t.tmp.path().join("other.csv");
    assert!(t.kb.write_stats_csv("nope", &q, &other).is_err());
    assert!(!other.exists());
}

fn fieldguide(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_fieldguide"))
        .args([
            "--kb",
            repo().join("tests/fixtures/insight").to_str().unwrap(),
            "--data-dir",
            data.to_str().unwrap(),
        ])
        .args(args)
        .output()
        .unwrap()
}

fn json_of(out: &std::process::Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn cli_stats_json_and_demo() {
    let d = tempfile::tempdir().unwrap();
    let v = json_of(&fieldguide(d.path(), &["stats", "--json", "--days", "30"]));
    assert_eq!(v["overall"]["resolutions"], 0);
    assert_eq!(v["sampleDataPresent"], false);
    assert_eq!(v["overall"]["firstContactRate"], serde_json::Value::Null);

    let out = fieldguide(d.path(), &["demo", "--seed", "5"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("SAMPLE"));
    let v = json_of(&fieldguide(d.path(), &["stats", "--json"]));
    assert_eq!(v["sampleDataPresent"], true);
    assert_eq!(v["overall"]["resolutions"], 0, "sample is opt-in");
    let v = json_of(&fieldguide(
        d.path(),
        &["stats", "--json", "--include-sample", "--by", "category"],
    ));
    assert!(v["overall"]["resolutions"].as_u64().unwrap() > 10);
    assert!(!v["segments"].as_array().unwrap().is_empty());
    assert_eq!(v["query"]["segmentBy"], "category");
    let text = fieldguide(d.path(), &["stats", "--include-sample"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("TTR med") && text.contains("Knowledge gaps"),
        "{text}"
    );
    let csv = fieldguide(d.path(), &["stats", "--include-sample", "--csv", "daily"]);
    let csv = String::from_utf8_lossy(&csv.stdout);
    assert!(csv.starts_with("segment,date,"), "{csv}");
    assert_eq!(
        parse_csv(&csv).len(),
        32,
        "header + 31 days (30 days, partial ends)"
    );

    // Explicit dates: `--to` includes that day.
    let v = json_of(&fieldguide(
        d.path(),
        &[
            "stats",
            "--json",
            "--from",
            "2025-06-01",
            "--to",
            "2025-06-30",
        ],
    ));
    assert_eq!(v["query"]["from"], "2025-06-01T00:00:00Z");
    assert_eq!(v["query"]["to"], "2025-07-01T00:00:00Z");
    for bad in [
        &["stats", "--csv", "bogus"][..],
        &["stats", "--from", "2025-06-30", "--to", "2025-06-01"],
        &["stats", "--from", "June"],
        &["stats", "--days", "3", "--from", "2025-06-01"],
    ] {
        let out = fieldguide(d.path(), bad);
        assert!(!out.status.success(), "{bad:?} should fail");
        assert!(!out.stderr.is_empty());
    }

    let out = fieldguide(d.path(), &["demo", "--clear"]);
    assert!(out.status.success());
    let v = json_of(&fieldguide(
        d.path(),
        &["stats", "--json", "--include-sample"],
    ));
    assert_eq!(v["sampleDataPresent"], false);
    assert_eq!(v["overall"]["resolutions"], 0);
}
