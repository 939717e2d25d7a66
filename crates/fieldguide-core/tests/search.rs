//! Search behaviour on a small fixture KB: ranking, filters, facets, snippets, sections,
//! syntax, prefix and typo tolerance.
use fieldguide_core::SearchRequest;

use crate::util::KbTest;

const KB: &str = "search/basic";

#[test]
fn title_match_ranks_first_and_retired_is_hidden() {
    KbTest::from_dir(KB)
        .search("vpn")
        .expect_first("runbooks/network/vpn-reconnect.md")
        .expect_absent("articles/old-vpn.md")
        .expect_contains("tickets/2026/inc-1001-vpn.md");
    let mut req = SearchRequest::new("pulse secure");
    req.include_retired = true;
    KbTest::from_dir(KB)
        .search_req(req)
        .expect_first("articles/old-vpn.md");
    KbTest::from_dir(KB)
        .search("pulse status:retired")
        .expect_first("articles/old-vpn.md");
}

#[test]
fn stemming_and_phrases() {
    KbTest::from_dir(KB)
        .search("renewing certificates")
        .expect_first("runbooks/network/renew-cert.md");
    KbTest::from_dir(KB)
        .search("\"clock ran seven minutes\"")
        .expect_first("articles/sso-login-loop.md")
        .expect_hits(1);
    KbTest::from_dir(KB)
        .search("\"seven clock minutes\"")
        .expect_hits(0);
}

#[test]
fn boolean_syntax() {
    let t = KbTest::from_dir(KB).search("vpn -certificate");
    assert!(
        !t.paths()
            .contains(&"runbooks/network/renew-cert.md".to_string()),
        "{:?}",
        t.paths()
    );
    let t = t.search("okta OR spooler");
    assert_eq!(t.results().total, 2, "{:?}", t.paths());
    t.search("okta AND spooler").expect_hits(0);
}

#[test]
fn field_filters_and_facets() {
    let t = KbTest::from_dir(KB).search("tag:vpn kind:runbook");
    let mut paths = t.paths();
    paths.sort();
    assert_eq!(
        paths,
        vec![
            "runbooks/network/renew-cert.md",
            "runbooks/network/vpn-reconnect.md"
        ]
    );
    let t = t.search("vpn");
    let kinds = t.kind_facet();
    assert!(kinds.contains(&("runbook".into(), 2)), "{kinds:?}");
    assert!(kinds.contains(&("ticket".into(), 1)), "{kinds:?}");
    let vpn_tag = t
        .results()
        .facets
        .tags
        .iter()
        .find(|f| f.value == "vpn")
        .unwrap();
    assert_eq!(vpn_tag.count, 2, "retired doc not counted");
    // Kind facet counts ignore the kind filter, so the user can switch kinds.
    let mut req = SearchRequest::new("vpn");
    req.kinds = vec!["ticket".into()];
    let t = t.search_req(req);
    assert_eq!(t.paths(), vec!["tickets/2026/inc-1001-vpn.md"]);
    assert!(t
        .results()
        .facets
        .kinds
        .iter()
        .any(|f| f.value == "runbook" && f.count == 2));
    t.search("product:\"northwind api\"")
        .expect_first("runbooks/api/rate-limits.md")
        .expect_hits(1);
}

#[test]
fn prefix_as_you_type_and_typos() {
    KbTest::from_dir(KB)
        .search("retry-aft")
        .expect_first("runbooks/api/rate-limits.md");
    KbTest::from_dir(KB)
        .search("spoo")
        .expect_first("articles/printer.md");
    // A finished word (trailing space) is not expanded as a prefix.
    KbTest::from_dir(KB).search("spoo ").expect_hits(0);
    KbTest::from_dir(KB)
        .search("asertion")
        .expect_first("articles/sso-login-loop.md");
    KbTest::from_dir(KB)
        .search("certficate renewd")
        .expect_first("runbooks/network/renew-cert.md");
}

#[test]
fn snippets_highlight_and_point_at_sections() {
    let t = KbTest::from_dir(KB).search("retry-after seconds");
    let hit = &t.results().hits[0];
    assert!(
        hit.snippet_html.contains("<b>Retry</b>"),
        "{}",
        hit.snippet_html
    );
    let s = hit.section.as_ref().expect("section");
    assert_eq!(s.anchor, "reading-the-headers");
    assert_eq!(s.heading, "Reading the headers");
    let t = t.search("<script>");
    assert!(t
        .results()
        .hits
        .iter()
        .all(|h| !h.snippet_html.contains("<script")));
}

#[test]
fn unknown_front_matter_is_searchable() {
    KbTest::from_dir(KB)
        .search("zebra")
        .expect_first("articles/printer.md");
}

#[test]
fn relaxed_when_no_doc_has_every_word() {
    let t = KbTest::from_dir(KB).search("okta spooler clock");
    assert!(t.results().relaxed);
    t.expect_first("articles/sso-login-loop.md");
}

#[test]
fn the_kbs_own_knowledge_ranks_before_case_records_of_equal_relevance() {
    // Same title and text: the article comes before the ticket note that copied it.
    let text = "The zebra label printer jams after the roll change; reseat the roll.\n";
    let t = KbTest::from_dir(KB);
    t.write(
        "tickets/2026/inc-9001-zebra.md",
        &format!("# Zebra label printer jams\n\n{text}"),
    );
    t.write(
        "articles/zebra-jams.md",
        &format!("# Zebra label printer jams\n\n{text}"),
    );
    t.kb.refresh_paths(&[
        "tickets/2026/inc-9001-zebra.md".into(),
        "articles/zebra-jams.md".into(),
    ])
    .unwrap();
    let t = t
        .search("zebra printer jams")
        .expect_first("articles/zebra-jams.md")
        .expect_hits(2);
    let hits = &t.results().hits;
    assert!(hits[0].score > hits[1].score, "{hits:?}");

    // The prior is a notch, not a wall: a case that matches clearly better still comes first.
    let t = KbTest::from_dir(KB);
    t.write(
        "tickets/2026/inc-9002-kiosk.md",
        "# Kiosk spooler crash\n\nThe kiosk spooler crash repeated; the kiosk spooler crash \
         stopped after the driver rollback.\n",
    );
    t.write(
        "articles/kiosk-setup.md",
        "# Setting up a lobby kiosk\n\nPick a spot near power. A spooler crash is rare.\n",
    );
    t.kb.refresh_paths(&[
        "tickets/2026/inc-9002-kiosk.md".into(),
        "articles/kiosk-setup.md".into(),
    ])
    .unwrap();
    t.search("kiosk spooler crash")
        .expect_first("tickets/2026/inc-9002-kiosk.md")
        .expect_contains("articles/kiosk-setup.md");
}
