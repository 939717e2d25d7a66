//! Journal unit tests on in-memory SQLite (plus one file DB for WAL).
use time::macros::datetime;

use super::*;

fn session(id: &str, status: FlowStatus, updated: OffsetDateTime) -> FlowSessionRecord {
    FlowSessionRecord {
        id: id.into(),
        flow_path: "flows/vpn.md".into(),
        started_at: datetime!(2025-06-01 9:00 UTC),
        updated_at: updated,
        status,
        state_json: r#"{"node":"start"}"#.into(),
    }
}

#[test]
fn migrations_twice_are_a_noop() {
    let mut j = Journal::open_in_memory().unwrap();
    assert_eq!(
        j.schema_version().unwrap(),
        Journal::latest_schema_version()
    );
    j.log_search(&Search::new("vpn", 3, datetime!(2025-06-01 9:00 UTC)))
        .unwrap();
    j.migrate().unwrap();
    assert_eq!(
        j.schema_version().unwrap(),
        Journal::latest_schema_version()
    );
    let all = j
        .searches_between(
            datetime!(2025-01-01 0:00 UTC),
            datetime!(2026-01-01 0:00 UTC),
            true,
        )
        .unwrap();
    assert_eq!(all.len(), 1);
    assert!(j.integrity_check().unwrap());
}

#[test]
fn file_db_is_wal_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/journal.sqlite");
    {
        let j = Journal::open(&path).unwrap();
        assert_eq!(j.journal_mode().unwrap(), "wal");
        j.meta_set("kb", "kb-content").unwrap();
        assert!(j.integrity_check().unwrap());
    }
    let j = Journal::open(&path).unwrap();
    assert_eq!(
        j.schema_version().unwrap(),
        Journal::latest_schema_version()
    );
    assert_eq!(j.meta_get("kb").unwrap().as_deref(), Some("kb-content"));
    let fk: i64 = j
        .conn()
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
}

#[test]
fn timestamps_are_stored_in_utc() {
    let j = Journal::open_in_memory().unwrap();
    let at = datetime!(2025-06-01 23:30 -5);
    j.log_view(&DocView {
        doc_path: "a.md".into(),
        at,
        flow_session_id: None,
    })
    .unwrap();
    let stored: String = j
        .conn()
        .query_row("SELECT at FROM doc_views", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, "2025-06-02T04:30:00Z");
    let views = j
        .views_between(
            datetime!(2025-06-02 0:00 UTC),
            datetime!(2025-06-03 0:00 UTC),
            false,
        )
        .unwrap();
    assert_eq!(views.len(), 1);
    assert_eq!(views[0].at, at);
}

#[test]
fn searches_and_clicks_round_trip() {
    let j = Journal::open_in_memory().unwrap();
    let mut s = Search::new("VPN  cert", 4, datetime!(2025-06-01 9:00 UTC));
    s.filters = serde_json::json!({"kind": "runbook"});
    let id = j.log_search(&s).unwrap();
    j.log_click(&SearchClick {
        search_id: id,
        doc_path: "runbooks/vpn.md".into(),
        rank: 2,
        at: datetime!(2025-06-01 9:01 UTC),
    })
    .unwrap();
    let err = j
        .log_click(&SearchClick {
            search_id: 999,
            doc_path: "x.md".into(),
            rank: 1,
            at: datetime!(2025-06-01 9:01 UTC),
        })
        .unwrap_err();
    assert_eq!(err.code(), "not_found");
    let all = j
        .searches_between(
            datetime!(2025-06-01 0:00 UTC),
            datetime!(2025-06-02 0:00 UTC),
            false,
        )
        .unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].search, s);
    assert_eq!(all[0].clicks.len(), 1);
    assert_eq!(all[0].clicks[0].rank, 2);
    let json = serde_json::to_value(&all[0]).unwrap();
    assert_eq!(json["resultCount"], 4);
    assert_eq!(json["clicks"][0]["docPath"], "runbooks/vpn.md");
}

#[test]
fn flags_open_and_resolve() {
    let j = Journal::open_in_memory().unwrap();
    let at = datetime!(2025-06-01 9:00 UTC);
    let a = j
        .flag_outdated("a.md", "old screenshots", Some("sam"), at)
        .unwrap();
    j.flag_outdated("b.md", "wrong port", None, at).unwrap();
    assert!(j.flag_outdated("a.md", "  ", None, at).is_err());
    assert_eq!(j.open_flags(None, false).unwrap().len(), 2);
    assert_eq!(j.open_flags(Some("a.md"), false).unwrap().len(), 1);
    j.resolve_flag(a, at, Some("updated")).unwrap();
    assert_eq!(j.resolve_flag(a, at, None).unwrap_err().code(), "not_found");
    assert_eq!(j.open_flags(Some("a.md"), false).unwrap().len(), 0);
    let flag = j.flag(a).unwrap().unwrap();
    assert_eq!(flag.resolved_at, Some(at));
}

#[test]
fn flow_sessions_upsert_load_and_active_order() {
    let j = Journal::open_in_memory().unwrap();
    let mut s1 = session("s1", FlowStatus::Active, datetime!(2025-06-01 9:05 UTC));
    j.upsert_flow_session(&s1).unwrap();
    j.upsert_flow_session(&session(
        "s2",
        FlowStatus::Active,
        datetime!(2025-06-01 9:10 UTC),
    ))
    .unwrap();
    j.upsert_flow_session(&session(
        "s3",
        FlowStatus::Resolved,
        datetime!(2025-06-01 9:20 UTC),
    ))
    .unwrap();
    let active: Vec<_> = j
        .active_flow_sessions()
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(active, ["s2", "s1"]);

    s1.updated_at = datetime!(2025-06-01 9:30 UTC);
    s1.state_json = r#"{"node":"renew-cert"}"#.into();
    j.upsert_flow_session(&s1).unwrap();
    assert_eq!(j.load_flow_session("s1").unwrap().unwrap(), s1);
    assert_eq!(j.active_flow_sessions().unwrap()[0].id, "s1");
    assert!(j.load_flow_session("nope").unwrap().is_none());

    j.record_flow_step("s1", "start", None, datetime!(2025-06-01 9:00 UTC))
        .unwrap();
    j.record_flow_step(
        "s1",
        "vpn-client",
        Some("Yes"),
        datetime!(2025-06-01 9:01 UTC),
    )
    .unwrap();
    assert!(j
        .record_flow_step("nope", "start", None, datetime!(2025-06-01 9:00 UTC))
        .is_err());
    let steps = j.flow_steps("s1").unwrap();
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[1].choice_label.as_deref(), Some("Yes"));
}

#[test]
fn resolutions_round_trip_and_validate() {
    let j = Journal::open_in_memory().unwrap();
    let mut r = Resolution::new(
        "INC-1",
        datetime!(2025-06-01 9:00 UTC),
        datetime!(2025-06-01 9:45 UTC),
        Outcome::Resolved,
    );
    assert_eq!(r.time_to_resolve_min, 45);
    r.category = Some("network".into());
    r.articles = vec![
        ArticleUse {
            path: "a.md".into(),
            helped: Some(true),
        },
        ArticleUse {
            path: "b.md".into(),
            helped: None,
        },
    ];
    let id = j.record_resolution(&r).unwrap();
    let got = j
        .resolutions_between(
            datetime!(2025-06-01 0:00 UTC),
            datetime!(2025-06-02 0:00 UTC),
            false,
        )
        .unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].id, id);
    assert_eq!(got[0].record, r);

    let mut bad = r.clone();
    bad.sessions_count = 0;
    assert_eq!(j.record_resolution(&bad).unwrap_err().code(), "invalid");
    let mut bad = r.clone();
    bad.resolved_at = datetime!(2025-05-01 0:00 UTC);
    assert!(j.record_resolution(&bad).is_err());
}

#[test]
fn sample_rows_are_hidden_and_cleared() {
    let j = Journal::open_in_memory().unwrap();
    let at = datetime!(2025-06-01 9:00 UTC);
    j.log_search_impl(&Search::new("demo", 0, at), true)
        .unwrap();
    j.log_search(&Search::new("real", 0, at)).unwrap();
    j.upsert_flow_session_impl(&session("demo", FlowStatus::Active, at), true)
        .unwrap();
    j.record_flow_step("demo", "start", None, at).unwrap();
    let mut r = Resolution::new("INC-9", at, at, Outcome::Resolved);
    r.flow_session_id = Some("demo".into());
    j.record_resolution(&r).unwrap();
    assert!(j.has_sample_data().unwrap());

    let (from, to) = (
        datetime!(2025-06-01 0:00 UTC),
        datetime!(2025-06-02 0:00 UTC),
    );
    assert_eq!(j.searches_between(from, to, false).unwrap().len(), 1);
    assert_eq!(j.searches_between(from, to, true).unwrap().len(), 2);
    assert!(j.flow_steps("demo").unwrap()[0].is_sample);

    let removed = j.clear_sample_data().unwrap();
    assert_eq!(removed, 3);
    assert!(!j.has_sample_data().unwrap());
    assert_eq!(j.searches_between(from, to, true).unwrap().len(), 1);
    let res = j.resolutions_between(from, to, true).unwrap();
    assert_eq!(
        res[0].flow_session_id, None,
        "real row kept, link to sample session cleared"
    );
    assert!(j.integrity_check().unwrap());
}

#[test]
fn kb_changes_round_trip() {
    let j = Journal::open_in_memory().unwrap();
    let mut c = KbChange::new(
        "runbooks/vpn.md",
        ChangeKind::Renamed,
        datetime!(2025-06-01 9:00 UTC),
    );
    c.old_path = Some("runbooks/old-vpn.md".into());
    c.doc_kind = Some("runbook".into());
    j.record_kb_change(&c).unwrap();
    let got = j
        .kb_changes_between(
            datetime!(2025-06-01 0:00 UTC),
            datetime!(2025-06-02 0:00 UTC),
            false,
        )
        .unwrap();
    assert_eq!(got[0].record, c);
}
