//! One KB for the whole team, shared through git (`fieldguide_core::team`, docs/team.md): a bare
//! repository on disk plays the team's server and clones play the laptops. Everything runs real
//! git, without network.
use std::path::{Path, PathBuf};
use std::process::Command;

use fieldguide_core::team::{Interrupted, Repo, SyncState};
use fieldguide_core::{Kb, KbOptions, SearchRequest};

use crate::cli_util::fieldguide;

/// Runs git in `dir` (test set-up and checks), panicking with its message on failure.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("LC_ALL", "C")
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?} in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// An article long enough that edits near its top and bottom do not touch each other.
pub fn article(title: &str) -> String {
    let mut s = format!("---\ntitle: {title}\nkind: runbook\n---\n# {title}\n\n");
    for i in 1..=30 {
        s.push_str(&format!("Step {i}: check item {i}.\n"));
    }
    s
}

/// A team: the "server" (a bare repository) and a temp folder for laptops.
pub struct Team {
    pub tmp: tempfile::TempDir,
    pub remote: PathBuf,
}

impl Team {
    /// A bare repository seeded with two articles on `main`.
    pub fn new() -> Team {
        let tmp = tempfile::tempdir().unwrap();
        let remote = tmp.path().join("team-kb.git");
        git(
            tmp.path(),
            &[
                "init",
                "--quiet",
                "--bare",
                "-b",
                "main",
                remote.to_str().unwrap(),
            ],
        );
        let seed = tmp.path().join("seed");
        git(
            tmp.path(),
            &[
                "clone",
                "--quiet",
                remote.to_str().unwrap(),
                seed.to_str().unwrap(),
            ],
        );
        git(&seed, &["config", "user.name", "Seed"]);
        git(&seed, &["config", "user.email", "seed@example.com"]);
        write(
            &seed,
            "runbooks/printer.md",
            &article("Printer queue stuck"),
        );
        write(&seed, "articles/vpn.md", &article("VPN certificate"));
        git(&seed, &["add", "-A"]);
        git(&seed, &["commit", "--quiet", "-m", "seed"]);
        git(
            &seed,
            &["push", "--quiet", "origin", "HEAD:refs/heads/main"],
        );
        Team { tmp, remote }
    }

    /// A laptop: a clone (through `Repo::clone`) with its own identity.
    pub fn laptop(&self, name: &str) -> Repo {
        let dest = self.tmp.path().join(name);
        let repo = Repo::clone(self.remote.to_str().unwrap(), &dest).unwrap();
        git(&dest, &["config", "user.name", name]);
        git(
            &dest,
            &["config", "user.email", &format!("{name}@example.com")],
        );
        repo
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }
}

pub fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

pub fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap()
}

/// Writes and commits a note, as the app does after recording a ticket.
fn note(repo: &Repo, rel: &str, body: &str) {
    write(
        repo.kb_root(),
        rel,
        &format!("---\ntitle: {rel}\nkind: ticket\n---\n{body}\n"),
    );
    let c = repo
        .commit_paths(
            &[rel.to_string()],
            &format!("fieldguide: record ticket {rel}"),
        )
        .unwrap();
    assert!(c.is_some(), "nothing committed for {rel}");
}

fn replace_line(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} not in the text");
    text.replacen(from, to, 1)
}

fn head(repo: &Repo) -> String {
    git(repo.kb_root(), &["rev-parse", "HEAD"])
}

fn open_kb(repo: &Repo, data: &Path) -> Kb {
    Kb::open_with(
        repo.kb_root(),
        KbOptions {
            data_dir: Some(data.to_path_buf()),
            ..Default::default()
        },
    )
    .unwrap()
}

/// Two laptops record tickets and edit different parts of the same article at the same time:
/// after syncing, both hold every note and both edits, the same HEAD, and the search index of
/// the first laptop finds the second one's note (only the changed files were re-indexed).
#[test]
fn concurrent_notes_and_edits_converge() {
    let team = Team::new();
    let a = team.laptop("alice");
    let b = team.laptop("bob");
    let kb_a = open_kb(&a, &team.path("data-a"));

    note(
        &a,
        "tickets/2026/inc-1-alice.md",
        "Alice fixed the zebrafinch printer.",
    );
    note(
        &b,
        "tickets/2026/inc-2-bob.md",
        "Bob renewed the quetzal certificate.",
    );
    let rb = "runbooks/printer.md";
    let text = read(a.kb_root(), rb);
    write(
        a.kb_root(),
        rb,
        &replace_line(
            &text,
            "Step 2: check item 2.",
            "Step 2: restart the spooler (alice).",
        ),
    );
    // Alice's edit is left uncommitted: the sync's sweep commits it.
    let text = read(b.kb_root(), rb);
    write(
        b.kb_root(),
        rb,
        &replace_line(
            &text,
            "Step 29: check item 29.",
            "Step 29: clear the queue (bob).",
        ),
    );
    b.commit_paths(&[rb.to_string()], "fieldguide: edit runbooks/printer.md")
        .unwrap();

    let ra = fieldguide_core::team::sync_kb(&a, &kb_a).unwrap();
    assert_eq!(ra.committed.len(), 1, "the sweep commits alice's edit");
    assert_eq!(ra.pushed, 2);
    assert!(ra.is_up_to_date(), "{:?}", ra.after);

    let rbob = b.sync().unwrap();
    assert_eq!(rbob.pulled, 2);
    assert!(rbob.pushed >= 2);
    assert!(rbob.is_up_to_date(), "{:?}", rbob.after);
    let paths = rbob.changed_paths();
    assert!(
        paths.contains(&"tickets/2026/inc-1-alice.md".to_string()),
        "{paths:?}"
    );
    assert!(paths.contains(&rb.to_string()), "{paths:?}");

    let ra2 = fieldguide_core::team::sync_kb(&a, &kb_a).unwrap();
    assert!(ra2.is_up_to_date());
    assert!(ra2
        .changed_paths()
        .contains(&"tickets/2026/inc-2-bob.md".to_string()));
    assert_eq!(head(&a), head(&b));
    for repo in [&a, &b] {
        let t = read(repo.kb_root(), rb);
        assert!(
            t.contains("restart the spooler (alice)") && t.contains("clear the queue (bob)"),
            "{t}"
        );
        assert!(repo.kb_root().join("tickets/2026/inc-1-alice.md").exists());
        assert!(repo.kb_root().join("tickets/2026/inc-2-bob.md").exists());
    }
    let hits = kb_a.search(&SearchRequest::new("quetzal")).unwrap();
    assert_eq!(
        hits.hits.first().map(|h| h.path.as_str()),
        Some("tickets/2026/inc-2-bob.md")
    );
    // History is linear: the local commits were rebased, not merged.
    assert_eq!(
        git(a.kb_root(), &["rev-list", "--merges", "--count", "HEAD"]),
        "0"
    );
}

/// The same lines edited on two laptops: the second sync stops with a conflict, its working copy
/// untouched and usable; both versions (and the base) are retrievable; `resolve` commits the
/// merged text and pushes; the first laptop then receives it.
#[test]
fn conflict_is_surfaced_and_resolved() {
    let team = Team::new();
    let a = team.laptop("alice");
    let b = team.laptop("bob");
    let p = "articles/vpn.md";
    let base = read(a.kb_root(), p);
    let ours_a = replace_line(
        &base,
        "Step 5: check item 5.",
        "Step 5: reinstall the client.",
    );
    let ours_b = replace_line(
        &base,
        "Step 5: check item 5.",
        "Step 5: renew the certificate.",
    );
    write(a.kb_root(), p, &ours_a);
    a.commit_paths(&[p.into()], "fieldguide: edit articles/vpn.md")
        .unwrap();
    write(b.kb_root(), p, &ours_b);
    b.commit_paths(&[p.into()], "fieldguide: edit articles/vpn.md")
        .unwrap();
    note(&b, "tickets/2026/inc-9.md", "Bob's unrelated note.");

    assert!(a.sync().unwrap().is_up_to_date());
    let r = b.sync().unwrap();
    assert_eq!(r.after.state, SyncState::Conflict(vec![p.to_string()]));
    assert_eq!(r.pushed, 0);
    assert!(b.interrupted().is_none(), "the working copy is left usable");
    assert_eq!(read(b.kb_root(), p), ours_b, "bob's version stays on disk");
    assert_eq!(
        b.status().unwrap().state,
        SyncState::Conflict(vec![p.to_string()])
    );

    let v = b.conflict_versions(p).unwrap();
    assert_eq!(v.ours.as_deref(), Some(ours_b.as_str()));
    assert_eq!(v.theirs.as_deref(), Some(ours_a.as_str()));
    assert_eq!(v.base.as_deref(), Some(base.as_str()));

    // Conflict markers are refused.
    let marked = format!("<<<<<<< ours\n{ours_b}=======\n{ours_a}>>>>>>> theirs\n");
    assert!(b.resolve(p, &marked).is_err());
    assert_eq!(read(b.kb_root(), p), ours_b);

    let merged = replace_line(
        &base,
        "Step 5: check item 5.",
        "Step 5: renew the certificate, then reinstall the client.",
    );
    let r = b.resolve(p, &merged).unwrap();
    assert!(r.is_up_to_date(), "{:?}", r.after);
    assert_eq!(read(b.kb_root(), p), merged);
    let ra = a.sync().unwrap();
    assert!(ra.is_up_to_date());
    assert!(ra.changed_paths().contains(&p.to_string()));
    assert_eq!(read(a.kb_root(), p), merged);
    assert!(a.kb_root().join("tickets/2026/inc-9.md").exists());
    assert_eq!(head(&a), head(&b));
    // The resolution is a version in the file's history (the reader's "last changed by"),
    // newest first, with both sides' edits below it.
    let h = a.history(p).unwrap();
    assert!(
        h[0].message.starts_with("fieldguide: resolve conflict in"),
        "{h:?}"
    );
    assert_eq!(a.last_change(p).unwrap().unwrap(), h[0]);
    assert!(a
        .diff(p, &h[1].commit, Some(&h[0].commit))
        .unwrap()
        .contains("+Step 5: renew the certificate, then reinstall"));

    // More work on top of the resolution (a merge in the local history) still syncs.
    note(&b, "tickets/2026/inc-10.md", "after the merge");
    note(&a, "tickets/2026/inc-11.md", "concurrently");
    assert!(a.sync().unwrap().is_up_to_date());
    assert!(b.sync().unwrap().is_up_to_date());
    assert!(a.sync().unwrap().is_up_to_date());
    assert_eq!(head(&a), head(&b));
}

/// The remote unreachable (renamed away): commits queue locally, the state says offline, nothing
/// is lost; once it is back, the next sync pushes them and another laptop receives them.
#[test]
fn offline_commits_queue_and_push_later() {
    let team = Team::new();
    let a = team.laptop("alice");
    let b = team.laptop("bob");
    let away = team.path("gone.git");
    std::fs::rename(&team.remote, &away).unwrap();
    note(&a, "tickets/2026/inc-20.md", "written offline");
    note(&a, "tickets/2026/inc-21.md", "also offline");
    let r = a.sync().unwrap();
    assert_eq!(r.after.state, SyncState::Offline, "{:?}", r.after);
    assert_eq!(r.after.ahead, 2);
    assert_eq!(r.pushed, 0);
    assert!(r.after.offline.is_some());
    assert_eq!(a.status().unwrap().state, SyncState::Offline);

    std::fs::rename(&away, &team.remote).unwrap();
    let r = a.sync().unwrap();
    assert_eq!(r.pushed, 2);
    assert!(r.is_up_to_date(), "{:?}", r.after);
    assert!(r.after.offline.is_none());
    let rb = b.sync().unwrap();
    assert_eq!(rb.pulled, 2);
    assert!(b.kb_root().join("tickets/2026/inc-21.md").exists());
}

/// A merge or rebase left half-finished by another tool is detected and reported; sync leaves it
/// (and the files with conflict markers) exactly as they were.
#[test]
fn interrupted_operations_are_reported_not_overwritten() {
    let team = Team::new();
    let a = team.laptop("alice");
    let b = team.laptop("bob");
    let p = "articles/vpn.md";
    let base = read(a.kb_root(), p);
    write(
        a.kb_root(),
        p,
        &replace_line(&base, "Step 1: check item 1.", "Step 1: A"),
    );
    a.commit_paths(&[p.into()], "a").unwrap();
    assert!(a.sync().unwrap().is_up_to_date());
    write(
        b.kb_root(),
        p,
        &replace_line(&base, "Step 1: check item 1.", "Step 1: B"),
    );
    b.commit_paths(&[p.into()], "b").unwrap();
    let dir = b.kb_root().to_path_buf();
    git(&dir, &["fetch", "--quiet"]);

    for (kind, start, abort) in [
        (
            Interrupted::Merge,
            vec!["merge", "origin/main"],
            vec!["merge", "--abort"],
        ),
        (
            Interrupted::Rebase,
            vec!["rebase", "origin/main"],
            vec!["rebase", "--abort"],
        ),
    ] {
        let out = Command::new("git")
            .arg("-C")
            .arg(&dir)
            .args(&start)
            .output()
            .unwrap();
        assert!(
            !out.status.success(),
            "the {kind:?} should stop on the conflict"
        );
        let on_disk = read(&dir, p);
        assert!(on_disk.contains("<<<<<<<"), "{on_disk}");
        let head_before = head(&b);

        assert_eq!(b.status().unwrap().state, SyncState::Interrupted(kind));
        let r = b.sync().unwrap();
        assert_eq!(r.after.state, SyncState::Interrupted(kind));
        assert_eq!(read(&dir, p), on_disk, "untouched");
        assert_eq!(head(&b), head_before);
        assert!(
            b.commit_paths(&[p.into()], "x").is_err(),
            "no commit in the middle of it"
        );
        assert!(kind_explained(kind));
        git(&dir, &abort);
    }
    assert_eq!(
        b.status().unwrap().state,
        SyncState::Conflict(vec![p.to_string()])
    );
}

fn kind_explained(kind: Interrupted) -> bool {
    let text = kind.explain();
    text.contains("--abort") || text.contains("index.lock")
}

/// History: three commits by three people, newest first; a diff between two versions; restore
/// makes a new commit whose content equals the old version.
#[test]
fn history_diff_and_restore() {
    let team = Team::new();
    let a = team.laptop("alice");
    let p = "runbooks/printer.md";
    let v1 = read(a.kb_root(), p);
    let v2 = replace_line(&v1, "Step 3: check item 3.", "Step 3: power-cycle.");
    let v3 = replace_line(&v2, "Step 4: check item 4.", "Step 4: call the vendor.");
    write(a.kb_root(), p, &v2);
    a.commit_paths(&[p.into()], "fieldguide: edit runbooks/printer.md")
        .unwrap();
    git(a.kb_root(), &["config", "user.name", "Carol"]);
    git(a.kb_root(), &["config", "user.email", "carol@example.com"]);
    write(a.kb_root(), p, &v3);
    a.commit_paths(&[p.into()], "fieldguide: edit runbooks/printer.md again")
        .unwrap();

    let h = a.history(p).unwrap();
    assert_eq!(h.len(), 3, "{h:?}");
    assert_eq!(
        h.iter().map(|c| c.author.as_str()).collect::<Vec<_>>(),
        ["Carol", "alice", "Seed"]
    );
    assert_eq!(h[0].email, "carol@example.com");
    assert_eq!(h[0].message, "fieldguide: edit runbooks/printer.md again");
    assert!(h[0].time >= h[1].time && h[1].time >= h[2].time);
    assert_eq!(a.last_change(p).unwrap().unwrap(), h[0]);
    assert_eq!(a.show(p, &h[2].commit).unwrap(), v1);
    assert_eq!(a.show(p, &h[1].commit).unwrap(), v2);

    let d = a.diff(p, &h[2].commit, Some(&h[1].commit)).unwrap();
    assert!(
        d.contains("-Step 3: check item 3.") && d.contains("+Step 3: power-cycle."),
        "{d}"
    );
    assert!(!d.contains("vendor"), "{d}");

    let restored = a.restore(p, &h[2].commit).unwrap().expect("a new commit");
    assert_eq!(read(a.kb_root(), p), v1);
    let h2 = a.history(p).unwrap();
    assert_eq!(h2.len(), 4);
    assert_eq!(h2[0].commit, restored.commit);
    assert!(h2[0]
        .message
        .starts_with("fieldguide: restore runbooks/printer.md to "));
    assert_eq!(a.show(p, "HEAD").unwrap(), v1);
    assert_eq!(
        a.show(p, &h[0].commit).unwrap(),
        v3,
        "later versions stay in history"
    );

    // Bad input: unknown path, unknown commit, a path outside the KB.
    assert!(matches!(
        a.history("runbooks/nope.md"),
        Err(fieldguide_core::Error::NotFound(_))
    ));
    assert!(a
        .show(p, "0123456789abcdef0123456789abcdef01234567")
        .is_err());
    assert!(a.show(p, "--output=/tmp/x").is_err());
    assert!(a.history("../outside.md").is_err());
}

/// Not a repository, and a repository without a remote: clear errors.
#[test]
fn plain_folders_are_not_repositories() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(Repo::detect(tmp.path()).is_none());
    let e = Repo::open(tmp.path()).unwrap_err().to_string();
    assert!(e.contains("not in a git working copy"), "{e}");
    git(tmp.path(), &["init", "--quiet", "-b", "main"]);
    let repo = Repo::detect(tmp.path()).expect("now a working copy");
    let e = repo.status().unwrap_err().to_string();
    assert!(e.contains("no remote"), "{e}");
    let e = Repo::clone(
        tmp.path().join("missing.git").to_str().unwrap(),
        tmp.path().join("x"),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("could not clone"), "{e}");
}

/// A KB in a sub-folder of the working copy: paths stay KB-relative, files outside the KB are
/// never committed by the sweep.
#[test]
fn kb_in_a_subfolder() {
    let team = Team::new();
    let a = team.laptop("alice");
    let top = a.kb_root().to_path_buf();
    write(&top, "kb/runbooks/x.md", "# X\n");
    write(&top, "notes.md", "private, outside the KB\n");
    let sub = Repo::open(top.join("kb")).unwrap();
    assert_eq!(sub.dirty().unwrap(), ["runbooks/x.md"]);
    let r = sub.sync().unwrap();
    assert_eq!(r.pushed, 1);
    assert_eq!(r.changed_paths(), ["runbooks/x.md"]);
    assert!(
        git(&top, &["status", "--porcelain"]).contains("notes.md"),
        "left uncommitted"
    );
    assert_eq!(sub.history("runbooks/x.md").unwrap().len(), 1);
}

/// Twenty laptops record notes concurrently (threads; each round: a short pause, write a uniquely
/// named note, commit, sync — retried while someone else's push got in first). After a final sync round
/// every clone holds every note and the same HEAD.
#[test]
fn twenty_laptops_converge() {
    const LAPTOPS: usize = 20;
    const ROUNDS: usize = 10;
    let t0 = std::time::Instant::now();
    let team = Team::new();
    let laptops: Vec<Repo> = (0..LAPTOPS)
        .map(|i| team.laptop(&format!("tech{i:02}")))
        .collect();
    println!("set-up: {:?}", t0.elapsed());
    let started = std::time::Instant::now();
    let retries: usize = std::thread::scope(|s| {
        let handles: Vec<_> = laptops
            .iter()
            .enumerate()
            .map(|(i, repo)| {
                s.spawn(move || {
                    let mut retries = 0;
                    for r in 0..ROUNDS {
                        // Technicians do not sync in lock-step: a short, varying pause.
                        std::thread::sleep(std::time::Duration::from_millis(
                            ((i * 37 + r * 53) % 150) as u64,
                        ));
                        note(repo, &format!("tickets/2026/t{i:02}-r{r:02}.md"), "sim");
                        let mut tries = 0;
                        loop {
                            let rep = repo.sync().unwrap();
                            retries += rep.retries;
                            match rep.after.state {
                                SyncState::UpToDate | SyncState::ToPull(_) => break,
                                SyncState::ToPush(_) | SyncState::Diverged => {}
                                other => panic!("tech{i:02} round {r}: {other:?}"),
                            }
                            tries += 1;
                            assert!(tries < 50, "tech{i:02} never got its push in");
                        }
                    }
                    retries
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    let rounds_took = started.elapsed();
    let t1 = std::time::Instant::now();
    for repo in &laptops {
        assert!(repo.sync().unwrap().is_up_to_date());
    }
    println!("final round: {:?}", t1.elapsed());
    let expected = LAPTOPS * ROUNDS;
    let heads: std::collections::HashSet<String> = laptops.iter().map(head).collect();
    assert_eq!(heads.len(), 1, "every clone at the same commit");
    for repo in &laptops {
        let n = std::fs::read_dir(repo.kb_root().join("tickets/2026"))
            .unwrap()
            .count();
        assert_eq!(n, expected, "{}", repo.kb_root().display());
    }
    let on_server = git(
        &team.remote,
        &["ls-tree", "--name-only", "main", "tickets/2026/"],
    );
    assert_eq!(on_server.lines().count(), expected);
    println!(
        "{LAPTOPS} laptops × {ROUNDS} rounds: {expected} notes on every clone; \
         {retries} refused pushes retried; rounds took {rounds_took:?}"
    );
    let t2 = std::time::Instant::now();
    drop(laptops);
    drop(team);
    println!(
        "clean-up: {:?}; whole test: {:?}",
        t2.elapsed(),
        t0.elapsed()
    );
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `fieldguide sync` killed with SIGKILL at several points while it commits, rebases and pushes
/// a large change set: each time the repository passes `git fsck`, and the next sync finishes
/// the job with nothing lost.
#[test]
fn sigkill_during_sync_leaves_a_sound_repository() {
    let team = Team::new();
    let a = team.laptop("alice");
    let b = team.laptop("bob");
    let data = team.path("data-a");
    let marker = git(a.kb_root(), &["rev-parse", "--absolute-git-dir"]);
    let marker = Path::new(&marker).join("fieldguide-sync");
    let mut written = Vec::new();
    let mut mid_sync = 0;
    for (round, delay_ms) in [0u64, 3, 10, 25, 60, 120].into_iter().enumerate() {
        // Someone else pushed meanwhile: the killed sync has to rebase too.
        note(&b, &format!("tickets/2026/bob-{round}.md"), "bob");
        assert!(b.sync().unwrap().is_up_to_date());
        for i in 0..300 {
            let rel = format!("tickets/2026/a{round}-{i:03}.md");
            write(
                a.kb_root(),
                &rel,
                &format!("---\ntitle: note {round} {i}\n---\nbody {i}\n"),
            );
            written.push(rel);
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_fieldguide"))
            .arg("--kb")
            .arg(a.kb_root())
            .arg("--data-dir")
            .arg(&data)
            .arg("sync")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while !marker.exists() && std::time::Instant::now() < deadline {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let running = child.try_wait().unwrap().is_none();
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        if running && marker.exists() {
            mid_sync += 1;
        }
        // The git process the sync was running may still be finishing.
        std::thread::sleep(std::time::Duration::from_millis(200));
        git(a.kb_root(), &["fsck", "--no-progress"]);
    }
    assert!(mid_sync >= 3, "only {mid_sync} kills landed inside a sync");
    let out = fieldguide(a.kb_root(), &data, &["sync"]);
    assert!(out.status.success(), "{}", text(&out));
    git(a.kb_root(), &["fsck", "--no-progress"]);
    assert!(a.dirty().unwrap().is_empty());
    assert!(b.sync().unwrap().is_up_to_date());
    for rel in &written {
        assert!(b.kb_root().join(rel).exists(), "{rel} lost");
    }
    assert_eq!(head(&a), head(&b));
    println!(
        "{mid_sync} of 6 kills landed inside a sync; {} notes survived",
        written.len()
    );
}

/// The commands: clone, record (commits its note), sync (exit 0 when shared, 1 when offline),
/// sync --status, history, diff; a missing identity is a clear error.
#[test]
fn cli_clone_record_sync_history_diff() {
    let team = Team::new();
    let data = team.path("data");
    let dest = team.path("cli-clone");
    let out = Command::new(env!("CARGO_BIN_EXE_fieldguide"))
        .args([
            "clone",
            team.remote.to_str().unwrap(),
            dest.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("cloned"), "{}", text(&out));
    git(&dest, &["config", "user.name", "Dana"]);
    git(&dest, &["config", "user.email", "dana@example.com"]);

    let out = fieldguide(
        &dest,
        &data,
        &[
            "record",
            "--ticket",
            "INC-4242",
            "--title",
            "Toner smeared",
            "--resolution",
            "Replaced the drum.",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("committed"), "{}", text(&out));
    assert_eq!(
        git(&dest, &["log", "-1", "--format=%s"]),
        "fieldguide: record ticket INC-4242"
    );
    assert_eq!(git(&dest, &["log", "-1", "--format=%an"]), "Dana");

    let out = fieldguide(&dest, &data, &["sync", "--status"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("1 local commit(s) to push"),
        "{}",
        text(&out)
    );
    let out = fieldguide(&dest, &data, &["sync"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("pushed 1 commit(s)"), "{}", text(&out));
    assert!(
        text(&out).contains("after:  [main] up to date"),
        "{}",
        text(&out)
    );

    // Another laptop edits; sync pulls it in and re-indexes it.
    let b = team.laptop("bob");
    let p = "runbooks/printer.md";
    write(
        b.kb_root(),
        p,
        &replace_line(
            &read(b.kb_root(), p),
            "Step 7: check item 7.",
            "Step 7: wobblefrost.",
        ),
    );
    b.commit_paths(&[p.into()], "fieldguide: edit runbooks/printer.md")
        .unwrap();
    assert!(b.sync().unwrap().is_up_to_date());
    let out = fieldguide(&dest, &data, &["sync"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("pulled 1 team commit(s)"),
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains("M runbooks/printer.md"),
        "{}",
        text(&out)
    );
    let out = fieldguide(&dest, &data, &["search", "wobblefrost"]);
    assert!(text(&out).contains(p), "{}", text(&out));

    let out = fieldguide(&dest, &data, &["history", p]);
    assert!(out.status.success(), "{}", text(&out));
    let lines: Vec<String> = text(&out).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].contains("bob <bob@example.com>") && lines[1].contains("Seed"),
        "{lines:?}"
    );
    let out = fieldguide(&dest, &data, &["diff", p]);
    assert!(
        text(&out).contains("+Step 7: wobblefrost."),
        "{}",
        text(&out)
    );
    let out = fieldguide(&dest, &data, &["history", "runbooks/none.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("not found"), "{}", text(&out));

    // Offline: exit 1 and says so; the commit waits.
    let away = team.path("away.git");
    std::fs::rename(&team.remote, &away).unwrap();
    write(&dest, "tickets/2026/offline.md", "# offline\n");
    let out = fieldguide(&dest, &data, &["sync"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("offline:"), "{}", text(&out));
    std::fs::rename(&away, &team.remote).unwrap();
    let out = fieldguide(&dest, &data, &["sync"]);
    assert!(out.status.success(), "{}", text(&out));

    // No identity anywhere: a clear error naming the fix, nothing committed.
    git(&dest, &["config", "--unset", "user.name"]);
    git(&dest, &["config", "--unset", "user.email"]);
    write(&dest, "tickets/2026/anon.md", "# anon\n");
    let out = Command::new(env!("CARGO_BIN_EXE_fieldguide"))
        .arg("--kb")
        .arg(&dest)
        .arg("--data-dir")
        .arg(&data)
        .arg("sync")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_AUTHOR_NAME")
        .env_remove("GIT_AUTHOR_EMAIL")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("git config --global user.name"),
        "{}",
        text(&out)
    );
    assert!(dest.join("tickets/2026/anon.md").exists());

    // Not a repository.
    let plain = tempfile::tempdir().unwrap();
    let out = fieldguide(plain.path(), &data, &["sync"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("not in a git working copy"),
        "{}",
        text(&out)
    );
}

/// A push the server refuses for good (a protected branch, here a hook): no endless retries,
/// the reason is reported, the commit stays queued and goes out once the server accepts it.
/// Resolving a file that has no conflict is refused.
#[test]
fn refused_push_is_reported_and_kept() {
    let team = Team::new();
    let a = team.laptop("alice");
    let hook = team.remote.join("hooks/pre-receive");
    std::fs::write(&hook, "#!/bin/sh\necho 'main is protected' >&2\nexit 1\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    note(&a, "tickets/2026/inc-30.md", "protected");
    let r = a.sync().unwrap();
    assert!(r.push_refused.is_some(), "{r:?}");
    assert_eq!(r.retries, 0);
    assert_eq!(r.after.state, SyncState::ToPush(1));
    std::fs::remove_file(&hook).unwrap();
    let r = a.sync().unwrap();
    assert_eq!(r.pushed, 1);
    assert!(r.is_up_to_date());

    let e = a
        .resolve("runbooks/printer.md", "# merged\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("no conflict"), "{e}");
    assert_eq!(
        read(a.kb_root(), "runbooks/printer.md"),
        article("Printer queue stuck")
    );
    assert!(a.interrupted().is_none());
}

/// Two technicians record the same ticket with the same title at the same time: the two notes
/// share a file name. The second sync keeps both: its own note moves to `-2`.
#[test]
fn same_name_ticket_notes_are_both_kept() {
    let team = Team::new();
    let a = team.laptop("alice");
    let b = team.laptop("bob");
    let p = "tickets/2026/inc-77-printer-jam.md";
    note(&a, p, "Alice's take.");
    note(&b, p, "Bob's take.");
    assert!(a.sync().unwrap().is_up_to_date());
    let r = b.sync().unwrap();
    assert!(r.is_up_to_date(), "{:?}", r.after);
    let moved = "tickets/2026/inc-77-printer-jam-2.md";
    assert!(read(b.kb_root(), p).contains("Alice's take."));
    assert!(read(b.kb_root(), moved).contains("Bob's take."));
    assert!(
        r.changed_paths().contains(&moved.to_string()),
        "{:?}",
        r.changed
    );
    assert!(a.sync().unwrap().is_up_to_date());
    assert!(read(a.kb_root(), moved).contains("Bob's take."));
    assert_eq!(head(&a), head(&b));
}

/// Review for leads: alice changes a published runbook and proposes it (`status: review`); the
/// lead sees exactly the changes since the last reviewed version (found from the history) and
/// approves the version shown — not one changed since. A second proposal is compared with the
/// approved version, not the first base. Ticket notes cannot be proposed; a published document
/// cannot be approved.
#[test]
fn review_of_an_article_change() {
    use fieldguide_core::team::{approve_review, in_review, propose_review};
    let team = Team::new();
    let a = team.laptop("alice");
    let lead = team.laptop("lena");
    let kb_a = open_kb(&a, &team.path("data-a"));
    let kb_l = open_kb(&lead, &team.path("data-l"));
    let p = "runbooks/printer.md";
    let seed = head(&a);

    write(
        a.kb_root(),
        p,
        &replace_line(
            &read(a.kb_root(), p),
            "Step 4: check item 4.",
            "Step 4: power-cycle the fuser (alice).",
        ),
    );
    let c = propose_review(&a, &kb_a, p).unwrap().unwrap();
    assert_eq!(c.message, format!("fieldguide: propose {p} for review"));
    assert!(read(a.kb_root(), p).contains("status: review"));
    assert_eq!(in_review(&kb_a), vec![p.to_string()]);
    assert!(fieldguide_core::team::sync_kb(&a, &kb_a)
        .unwrap()
        .is_up_to_date());

    let r = fieldguide_core::team::sync_kb(&lead, &kb_l).unwrap();
    assert!(r.changed_paths().contains(&p.to_string()));
    assert_eq!(in_review(&kb_l), vec![p.to_string()]);
    let review = lead.review_diff(p).unwrap();
    assert!(review.in_review);
    assert_eq!(review.base.as_ref().unwrap().commit, seed);
    assert_eq!(review.changes.len(), 1, "{:?}", review.changes);
    assert_eq!(review.changes[0].author, "alice");
    assert!(review
        .diff
        .contains("+Step 4: power-cycle the fuser (alice)."));
    assert!(review.diff.contains("+status: review"), "{}", review.diff);

    // A stale view is refused: the file changed after the lead looked.
    let err = approve_review(&lead, &kb_l, p, "not-the-hash").unwrap_err();
    assert_eq!(err.code(), "conflict");
    let done = approve_review(&lead, &kb_l, p, &review.hash).unwrap();
    assert_eq!(done.base.as_deref(), Some(seed.as_str()));
    let text = read(lead.kb_root(), p);
    assert!(text.contains("status: published"), "{text}");
    assert!(text.contains("approved_by: \"lena\""), "{text}");
    assert!(text.contains("Step 4: power-cycle the fuser (alice)."));
    assert_eq!(
        git(lead.kb_root(), &["log", "-1", "--format=%an|%s"]),
        format!("lena|fieldguide: approve {p}")
    );
    let body = git(lead.kb_root(), &["log", "-1", "--format=%b"]);
    assert!(
        body.contains(&seed[..12]) && body.contains("Proposed by: alice."),
        "{body}"
    );
    assert!(in_review(&kb_l).is_empty());
    let err = approve_review(&lead, &kb_l, p, &review.hash).unwrap_err();
    assert!(err.to_string().contains("not in review"), "{err}");
    assert!(fieldguide_core::team::sync_kb(&lead, &kb_l)
        .unwrap()
        .is_up_to_date());
    let approval = head(&lead);

    // Second round: an edit committed (and shared) before the proposal is part of it; the
    // base is the approved version.
    fieldguide_core::team::sync_kb(&a, &kb_a).unwrap();
    assert!(read(a.kb_root(), p).contains("status: published"));
    write(
        a.kb_root(),
        p,
        &replace_line(
            &read(a.kb_root(), p),
            "Step 20: check item 20.",
            "Step 20: reseat the tray.",
        ),
    );
    a.commit_paths(&[p.into()], "fieldguide: edit runbooks/printer.md")
        .unwrap();
    propose_review(&a, &kb_a, p).unwrap().unwrap();
    let review = a.review_diff(p).unwrap();
    assert_eq!(review.base.as_ref().unwrap().commit, approval);
    assert_eq!(review.changes.len(), 2);
    assert!(review.diff.contains("+Step 20: reseat the tray."));
    assert!(!review.diff.contains("fuser"), "{}", review.diff);

    // Ticket notes are not proposed for review.
    note(&a, "tickets/2026/inc-7.md", "A note.");
    kb_a.refresh_paths(&["tickets/2026/inc-7.md".into()])
        .unwrap();
    let err = propose_review(&a, &kb_a, "tickets/2026/inc-7.md").unwrap_err();
    assert!(err.to_string().contains("fieldguide review"), "{err}");
}

/// `fieldguide review-article`: list, show the changes since the last reviewed version, propose,
/// approve; a document never reviewed shows as wholly new.
#[test]
fn cli_review_article() {
    let team = Team::new();
    let a = team.laptop("alice");
    let data = team.path("data");
    let p = "articles/vpn.md";
    let out = fieldguide(a.kb_root(), &data, &["review-article"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("no document is in review"),
        "{}",
        text(&out)
    );

    write(
        a.kb_root(),
        p,
        &replace_line(
            &read(a.kb_root(), p),
            "Step 9: check item 9.",
            "Step 9: renew it.",
        ),
    );
    let out = fieldguide(a.kb_root(), &data, &["review-article", p, "--propose"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        git(a.kb_root(), &["log", "-1", "--format=%s"]),
        format!("fieldguide: propose {p} for review")
    );
    let out = fieldguide(a.kb_root(), &data, &["review-article"]);
    assert_eq!(text(&out).trim(), p, "{}", text(&out));
    let out = fieldguide(a.kb_root(), &data, &["review-article", p]);
    let t = text(&out);
    assert!(t.contains("status review (awaiting approval)"), "{t}");
    assert!(
        t.contains("last reviewed version:") && t.contains("Seed"),
        "{t}"
    );
    assert!(
        t.contains("+Step 9: renew it.") && t.contains("-Step 9: check item 9."),
        "{t}"
    );
    let out = fieldguide(a.kb_root(), &data, &["review-article", p, "--approve"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("approved the changes since"),
        "{}",
        text(&out)
    );
    assert!(read(a.kb_root(), p).contains("status: published"));
    let out = fieldguide(a.kb_root(), &data, &["review-article", p, "--approve"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("not in review"), "{}", text(&out));

    // A new article proposed at once: never reviewed, the whole text is the change.
    let n = "articles/new.md";
    write(
        a.kb_root(),
        n,
        "---\ntitle: New\nstatus: review\n---\n# New\n\nFresh text.\n",
    );
    git(a.kb_root(), &["add", n]);
    git(a.kb_root(), &["commit", "--quiet", "-m", "new"]);
    let out = fieldguide(a.kb_root(), &data, &["review-article", n]);
    let t = text(&out);
    assert!(
        t.contains("never reviewed") && t.contains("+Fresh text."),
        "{t}"
    );
}

/// Writes and commits a ticket note as `record` writes it (resolved time, outcome, minutes).
fn dated_note(repo: &Repo, rel: &str, resolved: &str, outcome: &str, minutes: u32) {
    write(
        repo.kb_root(),
        rel,
        &format!(
            "---\nkind: ticket\nticket: {rel}\ntitle: t\ncategory: network\n\
             opened: {resolved}\nresolved: {resolved}\noutcome: {outcome}\n\
             time_to_resolve_min: {minutes}\n---\n## Issue\n\nx\n"
        ),
    );
    repo.commit_paths(&[rel.to_string()], "fieldguide: record ticket")
        .unwrap()
        .unwrap();
}

/// Team-wide KPIs come from the ticket notes in the shared KB: notes by two technicians that
/// arrive by sync show on the lead's laptop per author, although the lead's own journal has
/// no resolution at all; a note not committed yet is counted as not shared.
#[test]
fn team_kpis_from_notes_arriving_by_sync() {
    use fieldguide_core::metrics::team::UNATTRIBUTED;
    use fieldguide_core::metrics::MetricsQuery;
    use time::macros::datetime;
    let team = Team::new();
    let a = team.laptop("alice");
    let b = team.laptop("bob");
    let lead = team.laptop("lena");
    dated_note(
        &a,
        "tickets/2026/inc-1.md",
        "2026-06-02T10:00:00Z",
        "resolved",
        20,
    );
    dated_note(
        &a,
        "tickets/2026/inc-2.md",
        "2026-06-03T10:00:00Z",
        "escalated",
        90,
    );
    dated_note(
        &b,
        "tickets/2026/inc-3.md",
        "2026-06-04T10:00:00Z",
        "resolved",
        40,
    );
    // Outside the period.
    dated_note(
        &b,
        "tickets/2026/inc-4.md",
        "2026-05-04T10:00:00Z",
        "resolved",
        5,
    );
    assert!(a.sync().unwrap().is_up_to_date());
    assert!(b.sync().unwrap().is_up_to_date());

    let kb = open_kb(&lead, &team.path("data-lead"));
    let (from, to) = (
        datetime!(2026-06-01 0:00 UTC),
        datetime!(2026-07-01 0:00 UTC),
    );
    let before = fieldguide_core::team::team_kpis(&kb, Some(&lead), from, to).unwrap();
    assert_eq!(before.overall.notes, 0, "nothing synced yet");
    let r = fieldguide_core::team::sync_kb(&lead, &kb).unwrap();
    assert_eq!(r.changed.len(), 4);
    // An uncommitted note of the lead's own.
    write(
        lead.kb_root(),
        "tickets/2026/inc-5.md",
        "---\nkind: ticket\nticket: INC-5\nresolved: 2026-06-05T10:00:00Z\noutcome: resolved\ntime_to_resolve_min: 10\n---\n# x\n",
    );
    kb.refresh_paths(&["tickets/2026/inc-5.md".into()]).unwrap();

    let report = fieldguide_core::team::team_kpis(&kb, Some(&lead), from, to).unwrap();
    assert!(report.shared);
    assert_eq!(report.notes_in_kb, 5);
    assert_eq!(report.overall.notes, 4);
    assert_eq!(report.overall.escalated, 1);
    let row = |k: &str| report.authors.iter().find(|f| f.key == k).unwrap();
    assert_eq!(row("alice").notes, 2);
    assert_eq!(row("alice").escalated, 1);
    assert_eq!(row("alice").median_ttr_min, Some(20.0));
    assert_eq!(row("bob").notes, 1);
    assert_eq!(row("bob").median_ttr_min, Some(40.0));
    assert_eq!(row(UNATTRIBUTED).notes, 1);
    assert_eq!(report.authors.len(), 3);

    // This laptop's journal knows none of these resolutions: the usual report is local.
    let local = kb.stats(&MetricsQuery::new(from, to)).unwrap();
    assert_eq!(local.overall.resolutions, 0);

    // The CLI says the same.
    let out = fieldguide(
        lead.kb_root(),
        &team.path("data-cli"),
        &[
            "stats",
            "--team",
            "--from",
            "2026-06-01",
            "--to",
            "2026-06-30",
        ],
    );
    let t = text(&out);
    assert!(out.status.success(), "{t}");
    assert!(
        t.contains("from the 5 ticket note(s) in the KB (shared by sync"),
        "{t}"
    );
    let line = |who: &str| {
        t.lines()
            .find(|l| l.starts_with(who))
            .unwrap_or("")
            .to_string()
    };
    let cols = |who: &str| line(who).split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(cols("alice"), "alice 2 1 1 50% 20 min 20 min", "{t}");
    assert_eq!(cols("bob"), "bob 1 1 0 0% 40 min 40 min", "{t}");
    assert!(
        cols("whole team").starts_with("whole team 4 3 1 25%"),
        "{t}"
    );

    // A plain folder: every note, no authors.
    let plain = fieldguide_core::team::team_kpis(&kb, None, from, to).unwrap();
    assert!(!plain.shared);
    assert_eq!(plain.overall.notes, 4);
    assert_eq!(plain.authors.len(), 1);
    assert_eq!(plain.authors[0].key, UNATTRIBUTED);
}
