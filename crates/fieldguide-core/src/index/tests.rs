//! Ranking and matching tests on small in-memory indexes.
use super::*;
use crate::article::Article;
use crate::markdown::parse_article;

fn idx(docs: &[(&str, &str)]) -> SearchIndex {
    let i = SearchIndex::in_ram().unwrap();
    let arts: Vec<Article> = docs
        .iter()
        .map(|(p, s)| parse_article(p, s.to_string()).0)
        .collect();
    i.rebuild(arts.iter().map(|a| (a, FileStamp::default())))
        .unwrap();
    i
}

fn top(i: &SearchIndex, q: &str) -> Vec<String> {
    i.search(&SearchRequest::new(q))
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.path)
        .collect()
}

fn complete(i: &SearchIndex, q: &str) -> SearchResults {
    i.search(&SearchRequest {
        complete: true,
        ..SearchRequest::new(q)
    })
    .unwrap()
}

#[test]
fn title_beats_body_and_prefix_and_typos_match() {
    let i = idx(&[
        (
            "a.md",
            "---\ntitle: Printer queue stuck\n---\nThe vpn is mentioned here once.",
        ),
        (
            "b.md",
            "---\ntitle: VPN certificate expired\ntags: [vpn]\n---\nRenew the certificate.",
        ),
    ]);
    let r = i.search(&SearchRequest::new("vpn")).unwrap();
    assert_eq!(r.hits[0].path, "b.md");
    assert_eq!(r.total, 2);
    let r = i.search(&SearchRequest::new("certif")).unwrap();
    assert_eq!(r.hits[0].path, "b.md", "prefix of the last word");
    assert_eq!(i.search(&SearchRequest::new("vp")).unwrap().total, 2);
    assert_eq!(complete(&i, "vp").total, 0, "no prefix when complete");
    let r = i.search(&SearchRequest::new("certficate ")).unwrap();
    assert_eq!(r.hits.len(), 1, "typo tolerated");
    assert!(
        r.hits[0].snippet_html.contains("<b>"),
        "{}",
        r.hits[0].snippet_html
    );
    let r = i.search(&SearchRequest::new("printer -queue")).unwrap();
    assert_eq!(r.total, 0);
}

/// `-word` excludes, unless the KB has it written as a flag after the word before it.
#[test]
fn a_dash_word_is_a_flag_when_the_kb_has_it_so() {
    let i = idx(&[
        (
            "cert.md",
            "---\ntitle: Renew the machine certificate\n---\nRun `certutil -pulse` as admin, \
             then check the certificate store.",
        ),
        (
            "other.md",
            "---\ntitle: Certificate store\n---\nThe certutil tool lists certificates.",
        ),
    ]);
    assert_eq!(top(&i, "certutil -pulse")[0], "cert.md");
    // Not written as a flag anywhere: an exclusion.
    assert_eq!(top(&i, "certutil -check"), vec!["other.md"]);
    assert_eq!(top(&i, "certificate -certutil"), Vec::<String>::new());
}

/// Long queries: a document missing one word still ranks, and first when it matches best.
#[test]
fn long_queries_rank_a_document_that_lacks_a_word() {
    let i = idx(&[
        (
            "attachments.md",
            "---\ntitle: Cannot open attachments in Outlook\n---\n\
             Outlook stops responding when you open an attachment by double-clicking it.",
        ),
        (
            "crash.md",
            "---\ntitle: Outlook crashes at startup\n---\nOutlook crashes when it starts.",
        ),
        (
            "other.md",
            "---\ntitle: Printer queue\n---\nNothing about mail here.",
        ),
    ]);
    let r = complete(&i, "outlook crashes when opening attachment");
    assert!(!r.relaxed, "most words, not all, are required");
    assert_eq!(r.hits[0].path, "attachments.md", "{:?}", r.hits);
    assert!(r.hits.iter().any(|h| h.path == "crash.md"));
    assert!(r.hits.iter().all(|h| h.path != "other.md"));
}

/// Adjacent query words found next to each other outrank the same words scattered.
#[test]
fn adjacent_words_outrank_scattered_ones() {
    let i = idx(&[
        (
            "scattered.md",
            "---\ntitle: Notes\n---\nThe mailbox was large. Later the database \
             showed a warning. The quota was raised, the size limit kept.",
        ),
        (
            "adjacent.md",
            "---\ntitle: Notes two\n---\nWhen the mailbox database size limit is reached, \
             the quota warning appears.",
        ),
    ]);
    let r = complete(&i, "mailbox database size limit reached quota warning");
    assert_eq!(r.hits[0].path, "adjacent.md");
}

/// Error codes, hostnames, flags and paths match as written.
#[test]
fn exact_tokens_match_as_written() {
    let i = idx(&[
        (
            "ora.md",
            "---\ntitle: Database connection fails\n---\nThe client reports ORA-12154: \
             TNS could not resolve the connect identifier. Check srv-db01.corp.local.",
        ),
        (
            "scattered.md",
            "---\ntitle: Oracle notes\n---\nORA errors are listed in 12154 places. The \
             corp local srv has db01.",
        ),
        (
            "hresult.md",
            "---\ntitle: Access denied on update\n---\nSetup fails with 0x80070005 and \
             HTTP 503 from the proxy; run setup.exe --force.",
        ),
    ]);
    assert_eq!(top(&i, "ORA-12154")[0], "ora.md");
    assert_eq!(top(&i, "srv-db01.corp.local")[0], "ora.md");
    assert_eq!(top(&i, "0x80070005")[0], "hresult.md");
    assert_eq!(top(&i, "HTTP 503")[0], "hresult.md");
    assert_eq!(top(&i, "--force")[0], "hresult.md");
}

/// File and folder names are searchable, camelCase split, near the title's weight.
#[test]
fn file_names_count_for_every_document() {
    let i = idx(&[
        (
            "runbooks/prometheus/PrometheusTSDBCompactionsFailing.md",
            "---\ntitle: Blocks\n---\n# Meaning\nProblems with blocks.",
        ),
        (
            "other.md",
            "---\ntitle: Disk notes\n---\nA failing disk can break compactions sometimes.",
        ),
    ]);
    let r = complete(&i, "compactions failing");
    assert_eq!(
        r.hits[0].path,
        "runbooks/prometheus/PrometheusTSDBCompactionsFailing.md"
    );
    assert_eq!(
        top(&i, "PrometheusTSDBCompactionsFailing")[0],
        "runbooks/prometheus/PrometheusTSDBCompactionsFailing.md"
    );
}

/// A finished stop word at the end is neither expanded nor required.
#[test]
fn a_trailing_stop_word_changes_nothing() {
    let i = idx(&[
        (
            "a.md",
            "---\ntitle: Error on send\n---\nYou receive the following error message: \
             550 denied.",
        ),
        (
            "b.md",
            "---\ntitle: Other error\n---\nYou receive the following error message when \
             saving, then theme colours change.",
        ),
    ]);
    let base = i
        .search(&SearchRequest::new(
            "you receive the following error message",
        ))
        .unwrap();
    let with_the = i
        .search(&SearchRequest::new(
            "you receive the following error message the",
        ))
        .unwrap();
    assert_eq!(base.total, 2);
    assert_eq!(with_the.total, base.total);
}

/// Pasted punctuation never breaks a query.
#[test]
fn pasted_punctuation_never_breaks_a_query() {
    let i = idx(&[(
        "irm.md",
        "---\ntitle: Cannot open IRM-protected messages\n---\nWhen you open an (IRM)-protected \
         message in Outlook, you receive an error: \"Cannot open this item\".",
    )]);
    for q in [
        "- When you open an (IRM)-protected message",
        "\"Cannot open this item",
        "cannot open (IRM",
        "error: Cannot open this item)",
        "open and/or forward IRM-protected messages",
        "-- IRM",
        "\"\"",
        "((",
        "IRM AND OR NOT",
    ] {
        let r = i.search(&SearchRequest::new(q));
        assert!(r.is_ok(), "{q}: {r:?}");
        if q.chars().filter(|c| c.is_alphanumeric()).count() > 3 {
            assert_eq!(
                r.unwrap().hits.first().map(|h| h.path.as_str()),
                Some("irm.md"),
                "{q}"
            );
        }
    }
    // A quoted phrase must appear as written.
    assert_eq!(complete(&i, "\"open this item\"").total, 1);
    assert_eq!(complete(&i, "\"item this open\"").total, 0);
}

/// Very long input (a pasted ticket) finds the document its rare words point to.
#[test]
fn very_long_input_is_searched_by_its_rarest_words() {
    let mut docs = vec![
        (
            "autodiscover.md".to_string(),
            "---\ntitle: Autodiscover redirect loop\n---\nOutlook prompts repeatedly because \
             the autodiscover redirect points to a retired hybrid endpoint."
                .to_string(),
        ),
        (
            "generic.md".to_string(),
            "---\ntitle: General mail problems\n---\nThe user said the mail was slow and the \
             customer wanted it fixed today, please call back the user."
                .to_string(),
        ),
    ];
    // The everyday words of a ticket are everywhere in a KB; what it is about is not.
    for n in 0..12 {
        docs.push((
            format!("case-{n}.md"),
            format!(
                "---\ntitle: Case {n}\n---\nThe user called today: mail not working, the \
                 customer wants it fixed, please call back. Team said still slow."
            ),
        ));
    }
    let refs: Vec<(&str, &str)> = docs.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let i = idx(&refs);
    let mut ticket = String::from(
        "Hi team, the user called again today and said that mail is still not working. ",
    );
    for _ in 0..20 {
        ticket.push_str("The customer wants it fixed please call back. ");
    }
    ticket.push_str("Outlook keeps prompting; log shows autodiscover redirect to hybrid endpoint.");
    let r = complete(&i, &ticket);
    assert_eq!(r.hits[0].path, "autodiscover.md", "{:?}", r.hits);
}

/// A rare word (an alert name) admits its document even when the rest of the text (labels,
/// pod names, severities) is elsewhere: the count of matched words is not all that counts.
#[test]
fn a_rare_word_admits_its_document() {
    let mut docs: Vec<(String, String)> = vec![(
        "runbooks/KubePodCrashLooping.md".into(),
        "---\ntitle: Kube Pod Crash Looping\n---\n# KubePodCrashLooping\n## Meaning\nThe \
         container keeps restarting."
            .into(),
    )];
    for n in 0..8 {
        docs.push((
            format!("runbooks/other-{n}.md"),
            format!(
                "---\ntitle: Other alert {n}\n---\nThis alert is firing with severity warning \
                 for 1 api server in the payments namespace."
            ),
        ));
    }
    let refs: Vec<(&str, &str)> = docs.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let i = idx(&refs);
    for q in [
        "[FIRING:1] KubePodCrashLooping",
        "[FIRING:1] KubePodCrashLooping (payments api-7d9f warning)",
    ] {
        assert_eq!(top(&i, q)[0], "runbooks/KubePodCrashLooping.md", "{q}");
    }
    // Alert text without the name: the file name's words find it.
    assert_eq!(
        complete(&i, "Pod payments/api-7d9f is crash looping").hits[0].path,
        "runbooks/KubePodCrashLooping.md"
    );
}

/// The proximity rewards are added after the first ranking, to the best candidates only: every
/// candidate holding the phrase gets it (documents with and without it interleaved in one
/// segment), none without it does, and a page smaller than the candidates is cut after that.
#[test]
fn proximity_rewards_reach_every_candidate() {
    let texts: Vec<(String, String)> = (0..60)
        .map(|n| {
            let body = if n % 3 == 0 {
                "Symptoms: the print spooler service crashes after the update is installed."
            } else {
                "The update notes: a service for print jobs. Crashes of the spooler are rare."
            };
            (format!("doc-{n:02}.md"), format!("# Note {n}\n{body}\n"))
        })
        .collect();
    let docs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let i = idx(&docs);
    let r = i
        .search(&SearchRequest {
            complete: true,
            limit: 20,
            ..SearchRequest::new("print spooler service crashes after the update")
        })
        .unwrap();
    assert_eq!(r.total, 60);
    assert_eq!(r.hits.len(), 20);
    let with_phrase: Vec<&str> = r.hits.iter().map(|h| h.path.as_str()).collect();
    let expected: Vec<String> = (0..60)
        .step_by(3)
        .map(|n| format!("doc-{n:02}.md"))
        .collect();
    let mut got: Vec<&str> = with_phrase.clone();
    got.sort();
    assert_eq!(
        got, expected,
        "the first page is the documents with the phrase"
    );
    assert!(r.hits.windows(2).all(|w| w[0].score >= w[1].score));
    // Without a phrase in the query the order is by the words alone.
    let scattered = top(&i, "spooler");
    assert_eq!(scattered.len(), 20);
}

/// The hit whose path is `path` in `r`.
fn hit<'a>(r: &'a SearchResults, path: &str) -> &'a SearchHit {
    r.hits
        .iter()
        .find(|h| h.path == path)
        .unwrap_or_else(|| panic!("{path} not among {:?}", r.hits))
}

/// "Why this matched" names the fields, expansions and missing words that ranked each hit.
#[test]
fn why_says_which_words_matched_where() {
    let i = idx(&[
        (
            "printer.md",
            "---\ntitle: Printer queue stuck\n---\nClear the spooler folder.",
        ),
        (
            "cert.md",
            "---\ntitle: Renew the machine certificate\ntags: [vpn]\n---\nThe certificate \
             expired overnight; renew it.",
        ),
        (
            "note.md",
            "---\ntitle: Spooler restarted\nkind: ticket\n---\nThe printer queue was \
             stuck after the update.",
        ),
    ]);
    // A title-only match says title, and only title.
    let r = complete(&i, "queue");
    let w = &hit(&r, "printer.md").why;
    assert_eq!(w.words.len(), 1);
    assert_eq!(w.words[0].word, "queue");
    assert_eq!(w.words[0].fields, vec!["title"]);
    assert_eq!(w.line, "title: queue");
    // The ticket note holds it in the text, and weighs less as a ticket.
    let w = &hit(&r, "note.md").why;
    assert_eq!(w.words[0].fields, vec!["text"]);
    assert_eq!(w.prior, 0.85);
    assert_eq!(w.line, "text: queue · ticket ×0.85");

    // Tag and text, adjacent words found together.
    let r = complete(&i, "vpn certificate expired");
    let w = &hit(&r, "cert.md").why;
    let fields: Vec<(&str, &[String])> = w
        .words
        .iter()
        .map(|x| (x.word.as_str(), x.fields.as_slice()))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("vpn", &["tags".to_string()][..]),
            (
                "certificate",
                &["title".to_string(), "text".to_string()][..]
            ),
            ("expired", &["text".to_string()][..]),
        ]
    );
    assert!(
        w.together
            .contains(&"pair \"certificate expired\" in text".to_string()),
        "{:?}",
        w.together
    );
    assert!(w.missing.is_empty() && !w.relaxed);

    // Expansions say which word they found.
    let r = i.search(&SearchRequest::new("printe")).unwrap();
    let w = &hit(&r, "printer.md").why;
    assert_eq!(w.words[0].via.as_deref(), Some("printer (prefix)"), "{w:?}");
    let r = complete(&i, "certficate");
    let w = &hit(&r, "cert.md").why;
    assert_eq!(w.words[0].via.as_deref(), Some("certificate (spelling)"));
    assert_eq!(w.line, "title: certficate → certificate (spelling)");
}

/// A relaxed query says which word each hit lacks; a long query says how many words it holds
/// and which rare word admitted a hit holding too few.
#[test]
fn why_says_what_was_relaxed_and_what_admitted_a_hit() {
    let mut docs: Vec<(String, String)> = (0..4)
        .map(|n| {
            (
                format!("common-{n}.md"),
                format!("---\ntitle: Note {n}\n---\nalpha beta gamma delta"),
            )
        })
        .collect();
    docs.push((
        "rare.md".into(),
        "---\ntitle: Zorblax overview\n---\nNothing else here.".into(),
    ));
    docs.push((
        "printer.md".into(),
        "---\ntitle: Printer queue stuck\n---\nClear the spooler folder.".into(),
    ));
    let docs: Vec<(&str, &str)> = docs.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let i = idx(&docs);

    let r = complete(&i, "printer spooler outlook");
    assert!(r.relaxed);
    let w = &hit(&r, "printer.md").why;
    assert!(w.relaxed);
    assert_eq!(w.missing, vec!["outlook"]);
    assert!(w.line.starts_with("closest match"), "{}", w.line);
    assert!(w.line.contains("without outlook"), "{}", w.line);

    // Five words, two required: the rare word alone admits rare.md.
    let r = complete(&i, "zorblax alpha beta gamma delta");
    assert!(!r.relaxed);
    let w = &hit(&r, "rare.md").why;
    assert_eq!(w.admitted_by.as_deref(), Some("zorblax"));
    assert_eq!(w.missing, vec!["alpha", "beta", "gamma", "delta"]);
    assert!(w.line.contains("1 of 5 words"), "{}", w.line);
    let w = &hit(&r, "common-0.md").why;
    assert_eq!(w.admitted_by, None);
    assert!(w.line.contains("4 of 5 words"), "{}", w.line);
    // The whole query is not there as a phrase (zorblax is missing); its pairs are.
    assert_eq!(
        w.together,
        vec![
            "pair \"alpha beta\" in text",
            "pair \"beta gamma\" in text",
            "pair \"gamma delta\" in text"
        ]
    );

    // A word found nowhere in a long query is left out, and said so.
    let r = complete(&i, "alpha beta gamma delta qqqzzz");
    let w = &hit(&r, "common-0.md").why;
    assert_eq!(w.ignored, vec!["qqqzzz"]);
    assert!(w.line.ends_with("ignored qqqzzz"), "{}", w.line);
}

/// An alert named otherwise than its runbook (`KubeJobStuck` → `KubeJobCompletion.md`) is
/// found by its camelCase parts when the KB has neither the name nor its parts in a row;
/// a name the KB has is still matched as written, not by its parts.
#[test]
fn an_unknown_camel_case_name_is_searched_by_its_parts() {
    let i = idx(&[
        (
            "runbooks/KubeJobCompletion.md",
            "# Kube Job Completion\n\nA job did not complete in time. Check the job's pods.",
        ),
        (
            "runbooks/AlertmanagerFailedReload.md",
            "# Alertmanager Failed Reload\n\nThe alert is firing with severity critical for \
             the payments namespace; it can be resolved by fixing the configuration.",
        ),
        (
            "runbooks/KubePodNotReady.md",
            "# Kube Pod Not Ready\n\nA pod is not ready.",
        ),
    ]);
    let r = complete(&i, "[FIRING:1] KubeJobStuck (payments critical)");
    assert_eq!(r.hits[0].path, "runbooks/KubeJobCompletion.md", "{r:?}");
    let held: Vec<&str> = r.hits[0]
        .why
        .words
        .iter()
        .map(|w| w.word.as_str())
        .collect();
    assert_eq!(held, vec!["kube", "job"]);
    assert_eq!(
        r.hits[0].why.missing,
        vec!["firing", "payments", "critical"]
    );
    assert_eq!(r.hits[0].why.ignored, vec!["1", "stuck"], "found nowhere");
    // Typed alone, too.
    assert_eq!(
        complete(&i, "KubeJobStuck").hits[0].path,
        "runbooks/KubeJobCompletion.md"
    );
    // A name the KB has as its parts in a row stays one word.
    let r = complete(&i, "KubePodNotReady payments");
    assert_eq!(r.hits[0].path, "runbooks/KubePodNotReady.md");
    assert_eq!(r.hits[0].why.words[0].word, "kubepodnotready");
}

/// An alert title: its labels' values (a host's numbers, a count) are not words, and the
/// alert's camelCase name weighs as its parts, so a job label whose words are a runbook's title
/// does not outrank the runbook the alert names.
#[test]
fn an_alert_title_finds_the_runbook_it_names_not_its_labels() {
    let i = idx(&[
        (
            "runbooks/KubeletDown.md",
            "# Kubelet Down\n\nThe kubelet has disappeared from target discovery.",
        ),
        (
            "runbooks/KubeStateMetricsListErrors.md",
            "# Kube State Metrics List Errors\n\nkube-state-metrics fails to list objects; \
             check kube-state-metrics logs.",
        ),
        (
            "runbooks/KubeStateMetricsWatchErrors.md",
            "# Kube State Metrics Watch Errors\n\nkube-state-metrics fails to watch objects.",
        ),
        (
            "runbooks/NodeNetworkInterfaceFlapping.md",
            "# Node Network Interface Flapping\n\nThe interface on 10.0.3.17 and 10.0.3.18 \
             changes state often.",
        ),
    ]);
    let r = complete(
        &i,
        "[FIRING:1] KubeletDown kube-state-metrics (10.0.3.17:9100 warning)",
    );
    assert_eq!(r.hits[0].path, "runbooks/KubeletDown.md", "{:?}", r.hits);
    let w = &r.hits[0].why;
    // The short numbers inside tokens, then the words found nowhere.
    assert_eq!(
        w.ignored,
        vec!["1", "10", "0", "3", "17", "firing", "9100", "warning"],
        "{w:?}"
    );
    // A number standing alone is still a word.
    let r = complete(&i, "interface flapping on port 17 again");
    assert!(r.hits[0].why.words.iter().any(|w| w.word == "17"));
}

/// A pasted sentence found as written in an article's text outranks articles whose titles hold
/// a few of its words.
#[test]
fn a_pasted_sentence_found_as_written_outranks_title_words() {
    let mut docs: Vec<(String, String)> = vec![
        (
            "removed-domain.md".into(),
            "# Domain removed from Microsoft 365\n\nThe domain is still in use by \
             mailboxes and groups; move them first, then remove the domain."
                .into(),
        ),
        (
            "removed-contacts.md".into(),
            "# Contacts removed from Microsoft 365 address lists\n\nCheck the sync \
             settings in the Outlook admin center."
                .into(),
        ),
        (
            "addin-missing.md".into(),
            "# Teams meeting add-in missing\n\nThe Teams meeting button does not appear in \
             the calendar after an update. Users also report that the toolbar is empty \
             when the client starts, and the meeting options page does not open. \
             Additionally, the add-in is removed from Microsoft Outlook. The problem \
             occurs after the client updates itself overnight. Check the registry keys \
             under the Office add-ins key, the load behaviour value, the disabled items \
             list, the resiliency key and the policies that manage add-ins for the \
             tenant; then sign out, clear the cache folder and sign in again."
                .into(),
        ),
    ];
    for n in 0..6 {
        docs.push((
            format!("filler-{n}.md"),
            format!("# Mailbox note {n}\n\nMicrosoft Outlook profile repair steps."),
        ));
    }
    let docs: Vec<(&str, &str)> = docs.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let i = idx(&docs);
    let r = complete(
        &i,
        "Additionally, the add-in is removed from Microsoft Outlook.",
    );
    assert_eq!(r.hits[0].path, "addin-missing.md", "{:?}", r.hits);
    // A longer one (16 words) too: the whole-phrase reward goes up to 20 words.
    let r = complete(
        &i,
        "Users also report that the toolbar is empty when the client starts, and the meeting \
         options page does not open.",
    );
    assert_eq!(r.hits[0].path, "addin-missing.md", "{:?}", r.hits);
    assert!(
        r.hits[0]
            .why
            .together
            .iter()
            .any(|t| t.starts_with("phrase ") && t.ends_with(" in text")),
        "{:?}",
        r.hits[0].why
    );
}

#[test]
fn anchors_are_found_per_document() {
    let i = idx(&[
        (
            "a.md",
            "# Reset the password\n\n## Before you start\n\ntext",
        ),
        (
            "b/c.md",
            "# Other\n\n## Sign-in fails\n\ntext\n\n## Sign-in fails\n",
        ),
    ]);
    assert!(i.has_anchor("a.md", "reset-the-password"));
    assert!(i.has_anchor("a.md", "before-you-start"));
    assert!(i.has_anchor("b/c.md", "sign-in-fails"));
    assert!(
        i.has_anchor("b/c.md", "sign-in-fails-1"),
        "a repeated heading's anchor"
    );
    assert!(!i.has_anchor("a.md", "sign-in-fails"));
    assert!(!i.has_anchor("b/c.md", "before-you-start"));
    assert!(!i.has_anchor("c.md", "sign-in-fails"));
}

fn vocab_count(i: &SearchIndex, word: &str) -> u64 {
    i.vocab.read().unwrap().count(word)
}

#[test]
fn the_writer_counts_the_vocabulary_on_all_its_threads() {
    // 600 documents through the bulk writer (two indexing threads, each counting in its own
    // cache): every text holding a word counts once.
    let docs: Vec<(String, String)> = (0..600)
        .map(|n| {
            (
                format!("notes/n{n}.md"),
                format!(
                    "---\ntitle: Zebra crossing {n}\ntags: [Zebras]\nowner: Quokka\n---\n\
                     Zebra zebra ZEBRA and the Ünïcode word.\n\n## Zebra heading\n"
                ),
            )
        })
        .collect();
    let docs: Vec<(&str, &str)> = docs.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let i = idx(&docs);
    // Title, headings and body: three texts of each document (the spellings fold together).
    assert_eq!(vocab_count(&i, "zebra"), 1800);
    assert_eq!(vocab_count(&i, "zebras"), 600, "tags");
    assert_eq!(vocab_count(&i, "notes"), 600, "path words");
    assert_eq!(vocab_count(&i, "unicode"), 600, "folded");
    assert_eq!(vocab_count(&i, "the"), 600, "stop words too");
    assert_eq!(vocab_count(&i, "quokka"), 0, "not the other front matter");
    // Searching (queries, snippets) counts nothing.
    i.search(&SearchRequest::new("zebra crossing")).unwrap();
    complete(&i, "zeb");
    assert!(i.counts.take().is_empty());
    assert_eq!(vocab_count(&i, "zebra"), 1800);
}

#[test]
fn the_vocabulary_follows_commits_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index");
    let (i, state) = SearchIndex::open(&path, true).unwrap();
    assert_eq!(state, OpenState::Rebuilt);
    let (a, _) = parse_article("a.md", "# Printer queue\n\nSpooler restart.".into());
    i.update([(&a, &[][..], FileStamp::default())], []).unwrap();
    assert_eq!(top(&i, "spoo"), ["a.md"], "prefix of a word just saved");
    let (b, _) = parse_article(
        "b.md",
        "# Quarantine\n\nMailflow quarantine release.".into(),
    );
    i.update([(&b, &[][..], FileStamp::default())], []).unwrap();
    drop(i);
    // Reopened: the words of both commits (the log after the FST) are there.
    let (i, state) = SearchIndex::open(&path, true).unwrap();
    assert_eq!(state, OpenState::Existing);
    assert_eq!(top(&i, "spoo"), ["a.md"]);
    assert_eq!(top(&i, "quaran"), ["b.md"]);
    assert_eq!(top(&i, "mailfow"), ["b.md"], "typo");
    drop(i);
    // A vocabulary behind its index (killed between the index's commit and its own write)
    // has the index rebuilt.
    std::fs::remove_file(path.join("vocab.log")).unwrap();
    // A reader takes it as it is (the writer, another process, may be between the two).
    let (i, state) = SearchIndex::open(&path, false).unwrap();
    assert_eq!(state, OpenState::Existing);
    assert_eq!(top(&i, "spooler"), ["a.md"]);
    drop(i);
    let (i, state) = SearchIndex::open(&path, true).unwrap();
    assert_eq!(state, OpenState::Rebuilt);
    assert_eq!(i.search(&SearchRequest::new("spooler")).unwrap().total, 0);
    i.update([(&a, &[][..], FileStamp::default())], []).unwrap();
    drop(i);
    // So does a missing one; a reader then does without prefix and typo expansion.
    std::fs::remove_file(path.join("vocab.fst")).unwrap();
    let (i, state) = SearchIndex::open(&path, false).unwrap();
    assert_eq!(state, OpenState::Existing);
    assert_eq!(top(&i, "spooler"), ["a.md"]);
    assert!(top(&i, "spoo").is_empty());
    drop(i);
    let (_, state) = SearchIndex::open(&path, true).unwrap();
    assert_eq!(state, OpenState::Rebuilt);
}
