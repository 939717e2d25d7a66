//! Metrics on hand-built journals with known answers.
use time::macros::{date, datetime};
use time::{Duration, OffsetDateTime};

use super::*;
use crate::journal::{
    ArticleUse, ChangeKind, DocView, Feedback, FlowSessionRecord, FlowStatus, KbChange, Outcome,
    Resolution, Search, SearchClick,
};

const JUNE: (OffsetDateTime, OffsetDateTime) = (
    datetime!(2025-06-01 0:00 UTC),
    datetime!(2025-07-01 0:00 UTC),
);

fn june() -> MetricsQuery {
    MetricsQuery::new(JUNE.0, JUNE.1)
}

fn resolved(j: &Journal, ticket: &str, at: OffsetDateTime, minutes: i64) -> i64 {
    let mut r = Resolution::new(
        ticket,
        at - Duration::minutes(minutes),
        at,
        Outcome::Resolved,
    );
    r.category = Some("network".into());
    j.record_resolution(&r).unwrap()
}

fn doc(path: &str, status: &str, review_by: Option<&str>) -> DocInfo {
    DocInfo {
        path: path.into(),
        title: path.into(),
        kind: "runbook".into(),
        status: status.into(),
        review_by: review_by.map(String::from),
        category: Some("network".into()),
        product: None,
    }
}

#[test]
fn empty_journal_has_no_rates_and_no_panics() {
    let j = Journal::open_in_memory().unwrap();
    let mut q = june();
    q.segment_by = Some(Segment::Category);
    let r = compute(&j, &q, &[], date!(2025 - 07 - 01)).unwrap();
    assert_eq!(r.overall.resolutions, 0);
    assert_eq!(r.overall.ttr.median_min, None);
    assert_eq!(r.overall.ttr.p90_min, None);
    assert_eq!(r.overall.first_contact_rate, None);
    assert_eq!(r.overall.escalation_rate, None);
    assert_eq!(r.overall.reopen_rate, None);
    assert_eq!(r.overall.daily.len(), 30);
    assert_eq!(r.overall.ttr.histogram.len(), TTR_BUCKETS.len());
    assert!(r.segments.is_empty() && r.flows.is_empty() && r.gaps.is_empty());
    for table in Report::CSV_TABLES {
        assert!(r
            .to_csv(table)
            .unwrap()
            .starts_with(|c: char| c.is_ascii_lowercase()));
    }
    assert!(r.to_csv("nope").is_err());
    // An empty period and a reversed one.
    let mut q = june();
    q.to = q.from;
    assert!(compute(&j, &q, &[], date!(2025 - 07 - 01))
        .unwrap()
        .overall
        .daily
        .is_empty());
    q.to = q.from - Duration::days(1);
    assert_eq!(
        compute(&j, &q, &[], date!(2025 - 07 - 01))
            .unwrap_err()
            .code(),
        "invalid"
    );
}

#[test]
fn one_ticket() {
    let j = Journal::open_in_memory().unwrap();
    resolved(&j, "INC-1", datetime!(2025-06-10 12:00 UTC), 20);
    let r = compute(&j, &june(), &[], date!(2025 - 07 - 01)).unwrap();
    let o = &r.overall;
    assert_eq!((o.resolutions, o.resolved, o.tickets), (1, 1, 1));
    assert_eq!(o.ttr.median_min, Some(20.0));
    assert_eq!(o.ttr.p90_min, Some(20.0));
    assert_eq!(o.ttr.mean_min, Some(20.0));
    assert_eq!(o.ttr.histogram[1].count, 1, "20 min is in 15–60m");
    assert_eq!(o.first_contact_rate, Some(1.0));
    assert_eq!(o.escalation_rate, Some(0.0));
    assert_eq!(o.reopen_rate, Some(0.0));
    let day = o
        .daily
        .iter()
        .find(|d| d.date == date!(2025 - 06 - 10))
        .unwrap();
    assert_eq!(day.resolved, 1);
}

#[test]
fn median_and_p90_even_and_odd() {
    let j = Journal::open_in_memory().unwrap();
    for (i, m) in [10, 20, 30, 40].into_iter().enumerate() {
        resolved(&j, &format!("INC-{i}"), datetime!(2025-06-10 12:00 UTC), m);
    }
    let r = compute(&j, &june(), &[], date!(2025 - 07 - 01)).unwrap();
    assert_eq!(r.overall.ttr.median_min, Some(25.0));
    assert!((r.overall.ttr.p90_min.unwrap() - 37.0).abs() < 1e-9);
    resolved(&j, "INC-9", datetime!(2025-06-11 12:00 UTC), 50);
    let r = compute(&j, &june(), &[], date!(2025 - 07 - 01)).unwrap();
    assert_eq!(r.overall.ttr.median_min, Some(30.0));
    assert!((r.overall.ttr.p90_min.unwrap() - 46.0).abs() < 1e-9);
    assert_eq!(r.overall.ttr.mean_min, Some(30.0));
}

#[test]
fn rates_with_escalations_and_sessions() {
    let j = Journal::open_in_memory().unwrap();
    let at = datetime!(2025-06-10 12:00 UTC);
    resolved(&j, "A", at, 10);
    let mut two = Resolution::new("B", at - Duration::hours(30), at, Outcome::Resolved);
    two.sessions_count = 2;
    two.category = Some("identity".into());
    j.record_resolution(&two).unwrap();
    let mut esc = Resolution::new("C", at - Duration::hours(1), at, Outcome::Escalated);
    esc.category = Some("identity".into());
    j.record_resolution(&esc).unwrap();
    resolved(&j, "D", at, 5);

    let mut q = june();
    q.segment_by = Some(Segment::Category);
    let r = compute(&j, &q, &[], date!(2025 - 07 - 01)).unwrap();
    assert_eq!(r.overall.resolutions, 4);
    assert_eq!(r.overall.first_contact_rate, Some(0.5));
    assert_eq!(r.overall.escalation_rate, Some(0.25));
    assert_eq!(r.overall.ttr.count, 3, "escalations are not in TTR");
    assert_eq!(r.segments.len(), 2);
    let identity = r
        .segments
        .iter()
        .find(|s| s.segment.as_deref() == Some("identity"))
        .unwrap();
    assert_eq!(identity.escalation_rate, Some(0.5));
    assert_eq!(identity.first_contact_rate, Some(0.0));
    assert_eq!(identity.ttr.histogram[4].count, 1, "30 h is > 1 day");

    let esc_rows = resolutions_in(
        &j,
        &q,
        &ResolutionFilter {
            outcome: Some(Outcome::Escalated),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(esc_rows.len(), 1);
    assert_eq!(esc_rows[0].ticket_id, "C");
    let net = resolutions_in(
        &j,
        &q,
        &ResolutionFilter {
            segment: Some("network".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(net.len(), 2);
    let bucket0 = resolutions_in(
        &j,
        &q,
        &ResolutionFilter {
            ttr_bucket: Some(0),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(bucket0.len(), 2);
    let csv = r.to_csv("segments").unwrap();
    assert!(csv.contains("(all),4,3,1,4,"), "{csv}");
}

#[test]
fn reopens_inside_and_outside_the_window() {
    let j = Journal::open_in_memory().unwrap();
    // Reopened 3 days later: counts.
    resolved(&j, "IN", datetime!(2025-06-02 10:00 UTC), 10);
    resolved(&j, "IN", datetime!(2025-06-05 10:00 UTC), 10);
    // Back after 10 days: outside a 7-day window.
    resolved(&j, "OUT", datetime!(2025-06-03 10:00 UTC), 10);
    resolved(&j, "OUT", datetime!(2025-06-13 10:00 UTC), 10);
    // First resolution before the period, reopened inside it: counts.
    resolved(&j, "EARLY", datetime!(2025-05-29 10:00 UTC), 10);
    resolved(&j, "EARLY", datetime!(2025-06-01 10:00 UTC), 10);
    // Escalated, then resolved: an escalation is not a previous resolution.
    let at = datetime!(2025-06-20 10:00 UTC);
    j.record_resolution(&Resolution::new(
        "ESC",
        at - Duration::hours(1),
        at,
        Outcome::Escalated,
    ))
    .unwrap();
    resolved(&j, "ESC", datetime!(2025-06-21 10:00 UTC), 10);

    let r = compute(&j, &june(), &[], date!(2025 - 07 - 01)).unwrap();
    assert_eq!(r.overall.tickets, 4);
    assert_eq!(r.overall.reopened_tickets, 2);
    assert_eq!(r.overall.reopen_rate, Some(0.5));

    let mut wide = june();
    wide.reopen_window_days = 14;
    let r = compute(&j, &wide, &[], date!(2025 - 07 - 01)).unwrap();
    assert_eq!(r.overall.reopened_tickets, 3);

    let rows = resolutions_in(
        &j,
        &june(),
        &ResolutionFilter {
            reopened: Some(true),
            ..Default::default()
        },
    )
    .unwrap();
    let ids: Vec<&str> = rows.iter().map(|r| r.ticket_id.as_str()).collect();
    assert_eq!(ids, ["EARLY", "IN"]);
}

#[test]
fn time_zones_use_instants_and_utc_dates() {
    let j = Journal::open_in_memory().unwrap();
    // 23:30 at -05:00 on 30 June is 04:30Z on 1 July.
    let at = datetime!(2025-06-30 23:30 -5);
    j.record_resolution(&Resolution::new(
        "TZ",
        at - Duration::minutes(30),
        at,
        Outcome::Resolved,
    ))
    .unwrap();
    let r = compute(&j, &june(), &[], date!(2025 - 07 - 02)).unwrap();
    assert_eq!(r.overall.resolutions, 0, "outside June in UTC");
    let q = MetricsQuery::new(
        datetime!(2025-07-01 0:00 UTC),
        datetime!(2025-07-02 0:00 UTC),
    );
    let r = compute(&j, &q, &[], date!(2025 - 07 - 02)).unwrap();
    assert_eq!(r.overall.resolutions, 1);
    assert_eq!(r.overall.daily.len(), 1);
    assert_eq!(r.overall.daily[0].date, date!(2025 - 07 - 01));
    assert_eq!(r.overall.daily[0].resolved, 1);
    // The same period expressed at -05:00 selects the same instants.
    let q = MetricsQuery::new(
        datetime!(2025-06-30 19:00 -5),
        datetime!(2025-07-01 19:00 -5),
    );
    assert_eq!(
        compute(&j, &q, &[], date!(2025 - 07 - 02))
            .unwrap()
            .overall
            .resolutions,
        1
    );
}

#[test]
fn sample_data_excluded_unless_asked() {
    let j = Journal::open_in_memory().unwrap();
    let at = datetime!(2025-06-10 12:00 UTC);
    j.record_resolution_impl(
        &Resolution::new("S", at - Duration::minutes(5), at, Outcome::Resolved),
        true,
    )
    .unwrap();
    resolved(&j, "R", at, 10);
    let r = compute(&j, &june(), &[], date!(2025 - 07 - 01)).unwrap();
    assert_eq!(r.overall.resolutions, 1);
    assert!(r.sample_data_present);
    let mut q = june();
    q.include_sample = true;
    assert_eq!(
        compute(&j, &q, &[], date!(2025 - 07 - 01))
            .unwrap()
            .overall
            .resolutions,
        2
    );
}

#[test]
fn flows_articles_gaps_contribution_stale() {
    let j = Journal::open_in_memory().unwrap();
    let t = datetime!(2025-06-10 12:00 UTC);
    let session = |id: &str, status| FlowSessionRecord {
        id: id.into(),
        flow_path: "flows/vpn.md".into(),
        started_at: t,
        updated_at: t,
        status,
        state_json: "{}".into(),
    };
    for (id, status, last) in [
        ("s1", FlowStatus::Resolved, "renew-cert"),
        ("s2", FlowStatus::Abandoned, "vpn-client"),
        ("s3", FlowStatus::Abandoned, "vpn-client"),
        ("s4", FlowStatus::Escalated, "call-network"),
        ("s5", FlowStatus::Active, "start"),
    ] {
        j.upsert_flow_session(&session(id, status)).unwrap();
        j.record_flow_step(id, "start", None, t).unwrap();
        j.record_flow_step(id, last, Some("next"), t + Duration::minutes(1))
            .unwrap();
    }
    // s1 resolved a ticket; its view of the runbook led to a resolution.
    let mut r = Resolution::new("INC-1", t, t + Duration::minutes(30), Outcome::Resolved);
    r.flow_session_id = Some("s1".into());
    r.flow_path = Some("flows/vpn.md".into());
    r.note_path = Some("tickets/2025/INC-1.md".into());
    r.articles = vec![ArticleUse {
        path: "runbooks/vpn.md".into(),
        helped: Some(true),
    }];
    j.record_resolution(&r).unwrap();
    let view = |path: &str, at, session: Option<&str>| DocView {
        doc_path: path.into(),
        at,
        flow_session_id: session.map(String::from),
    };
    j.log_view(&view(
        "runbooks/vpn.md",
        t + Duration::minutes(5),
        Some("s1"),
    ))
    .unwrap();
    j.log_view(&view("runbooks/vpn.md", t + Duration::minutes(10), None))
        .unwrap();
    j.log_view(&view("runbooks/vpn.md", t + Duration::days(3), None))
        .unwrap();
    j.log_view(&view("articles/dns.md", t, Some("s2"))).unwrap();
    for helpful in [true, true, false] {
        j.record_feedback(&Feedback {
            doc_path: "runbooks/vpn.md".into(),
            helpful,
            comment: None,
            at: t,
        })
        .unwrap();
    }
    // Gaps: the same query typed three ways, plus a no-click search and a clicked one.
    for q in ["Printer  offline", "printer offline ", "PRINTER OFFLINE"] {
        j.log_search(&Search::new(q, 0, t)).unwrap();
    }
    j.log_search(&Search::new("dns", 3, t)).unwrap();
    let clicked = j.log_search(&Search::new("vpn", 3, t)).unwrap();
    j.log_click(&SearchClick {
        search_id: clicked,
        doc_path: "runbooks/vpn.md".into(),
        rank: 1,
        at: t,
    })
    .unwrap();
    // Contribution.
    let mut c = KbChange::new("runbooks/vpn.md", ChangeKind::Updated, t);
    c.by = Some("sam".into());
    j.record_kb_change(&c).unwrap();
    j.record_kb_change(&KbChange::new("articles/new.md", ChangeKind::Created, t))
        .unwrap();
    // Flags.
    j.flag_outdated("runbooks/vpn.md", "client v6 UI changed", None, t)
        .unwrap();
    j.flag_outdated("runbooks/gone.md", "moved?", None, t)
        .unwrap();

    let docs = vec![
        doc("runbooks/vpn.md", "published", Some("2025-12-01")),
        doc("articles/dns.md", "published", Some("2025-06-01")),
        doc("articles/old.md", "retired", Some("2024-01-01")),
        doc("articles/draft.md", "draft", Some("2025-06-20T00:00:00Z")),
        DocInfo {
            kind: "article".into(),
            ..doc("articles/new.md", "draft", None)
        },
    ];
    let mut q = june();
    q.segment_by = Some(Segment::Category);
    let rep = compute(&j, &q, &docs, date!(2025 - 07 - 01)).unwrap();

    let f = &rep.flows[0];
    assert_eq!(
        (f.started, f.resolved, f.escalated, f.abandoned, f.active),
        (5, 1, 1, 2, 1)
    );
    assert_eq!(f.completion_rate, Some(0.4));
    assert_eq!(
        f.abandoned_at,
        vec![NodeCount {
            node_id: "vpn-client".into(),
            count: 2
        }]
    );
    assert_eq!(f.escalated_at[0].node_id, "call-network");

    let vpn = &rep.articles[0];
    assert_eq!(vpn.path, "runbooks/vpn.md");
    assert_eq!(vpn.views, 3);
    assert_eq!(
        vpn.views_leading_to_resolution, 2,
        "in session s1, and inside the work window"
    );
    assert_eq!((vpn.helpful_yes, vpn.helpful_no), (2, 1));
    assert!((vpn.helpful_rate.unwrap() - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(
        (
            vpn.resolutions_using,
            vpn.helped_in_resolutions,
            vpn.open_flags
        ),
        (1, 1, 1)
    );
    assert_eq!(vpn.segment.as_deref(), Some("network"));
    let dns = rep
        .articles
        .iter()
        .find(|a| a.path == "articles/dns.md")
        .unwrap();
    assert_eq!((dns.views, dns.views_leading_to_resolution), (1, 0));

    assert_eq!(rep.gaps.len(), 2);
    assert_eq!(rep.gaps[0].query, "printer offline");
    assert_eq!((rep.gaps[0].searches, rep.gaps[0].zero_results), (3, 3));
    assert_eq!(
        (rep.gaps[1].query.as_str(), rep.gaps[1].no_click),
        ("dns", 1)
    );
    let rows = gap_searches(&j, &q, Some(" Printer Offline"), GapKind::ZeroResults).unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(
        gap_searches(&j, &q, None, GapKind::NoClick).unwrap().len(),
        1
    );

    assert_eq!(rep.contribution.ticket_notes, 1);
    assert_eq!(rep.contribution.contributors, 1);
    let kinds: Vec<(&str, u64, u64)> = rep
        .contribution
        .rows
        .iter()
        .map(|r| (r.kind.as_str(), r.created, r.updated))
        .collect();
    assert_eq!(kinds, [("article", 1, 0), ("runbook", 0, 1)]);

    let stale: Vec<(&str, Option<i64>, u64)> = rep
        .stale
        .iter()
        .map(|s| (s.path.as_str(), s.days_overdue, s.open_flags))
        .collect();
    assert_eq!(
        stale,
        [
            ("articles/dns.md", Some(30), 0),
            ("articles/draft.md", Some(11), 0),
            ("runbooks/gone.md", None, 1),
            ("runbooks/vpn.md", None, 1),
        ]
    );
    for table in Report::CSV_TABLES {
        let csv = rep.to_csv(table).unwrap();
        assert!(csv.lines().count() >= 2, "{table}: {csv}");
    }
    let json = serde_json::to_value(&rep).unwrap();
    assert!(json["overall"]["firstContactRate"].is_number());
    assert_eq!(json["flows"][0]["abandonedAt"][0]["nodeId"], "vpn-client");
}
