//! Durability: a writer process (this test binary re-run in "crash writer" mode) saves articles,
//! ticket notes and journal rows and is SIGKILLed mid-save, again and again; every write it
//! acknowledged must be there and complete, no file may be torn, leftovers go at the next open,
//! the journal stays in WAL mode and passes `integrity_check`. Also: disk full, read-only folder
//! and permission denied give a clear error code and leave the original untouched.
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fieldguide_core::record::{prepare, write_note, RecordDraft, TicketNote};
use fieldguide_core::{atomic_create, atomic_write, TEMP_PREFIX};
use fieldguide_core::{Kb, KbOptions};

const DIR_VAR: &str = "FIELDGUIDE_CRASH_WRITER_DIR";

fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// A self-checking article: its last line is a hash of everything before it.
fn article_text(k: usize, seq: u64) -> String {
    let mut s = format!("---\ntitle: Stress article {k}\nkind: article\n---\n# Stress article {k}\n\nseq: {seq}\n\n");
    for j in 0..800 {
        s.push_str(&format!(
            "Line {j} of save {seq}: the printer spooler restarts.\n"
        ));
    }
    let h = fnv(&s);
    s.push_str(&format!("end: {h:016x}\n"));
    s
}

/// The sequence number of a complete article, or why it is torn.
fn check_article(text: &str) -> Result<u64, String> {
    let body = text.strip_suffix('\n').ok_or("no final newline")?;
    let (before, last) = body.rsplit_once('\n').ok_or("one line")?;
    let h = last.strip_prefix("end: ").ok_or("no end line")?;
    if format!("{:016x}", fnv(&format!("{before}\n"))) != h {
        return Err("hash mismatch".into());
    }
    let seq = before
        .lines()
        .find_map(|l| l.strip_prefix("seq: "))
        .ok_or("no seq")?;
    seq.parse().map_err(|_| "bad seq".into())
}

fn draft(ticket: &str) -> RecordDraft {
    RecordDraft {
        ticket: ticket.into(),
        title: format!("Spooler stuck {ticket}"),
        category: "printing".into(),
        opened: "2026-03-02T09:14:00+01:00".into(),
        resolved: "2026-03-02T10:02:00+01:00".into(),
        issue: "Jobs stay queued.".into(),
        resolution: "Restarted the spooler and cleared the queue.".into(),
        steps: vec!["Checked the queue".into(), "Restarted the service".into()],
        ..RecordDraft::default()
    }
}

/// The crash writer: not a test of its own. The durability test runs this binary with
/// `--ignored --exact durability::crash_writer_child` and kills it.
#[test]
#[ignore = "helper process for writes_survive_sigkill (run by it, not directly)"]
fn crash_writer_child() {
    let Some(dir) = std::env::var_os(DIR_VAR).map(PathBuf::from) else {
        return;
    };
    let round: u64 = std::env::var("FIELDGUIDE_CRASH_ROUND")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(0);
    let kb = Kb::open_with(
        dir.join("kb"),
        KbOptions {
            data_dir: Some(dir.join("data")),
            ..Default::default()
        },
    )
    .expect("open after crash");
    assert!(!kb.read_only(), "the previous writer's lock must be gone");
    println!("READY");
    let start = Instant::now();
    let mut i: u64 = 0;
    while start.elapsed() < Duration::from_secs(30) {
        let seq = round * 1_000_000 + i;
        // An article save (the editor's path): replace in place.
        let k = (i % 4) as usize;
        let rel = format!("articles/stress-{k}.md");
        atomic_write(&kb.root().join(&rel), article_text(k, seq).as_bytes()).unwrap();
        println!("ACK article {rel} {seq}");
        // A ticket note (the record form's path): a new file, never overwriting.
        let ticket = format!("STRESS-{round}-{i}");
        let prepared = prepare(&draft(&ticket), &[]).unwrap();
        let note = write_note(kb.root(), &prepared).unwrap();
        println!("ACK note {note} {ticket}");
        // A journal row.
        let key = format!("stress-{round}-{i}");
        kb.journal().meta_set(&key, &seq.to_string()).unwrap();
        println!("ACK journal {key} {seq}");
        // The index follows, as the app does after a save.
        kb.refresh_paths(&[rel, note]).unwrap();
        i += 1;
    }
}

#[derive(Default)]
struct Acks {
    articles: std::collections::BTreeMap<String, u64>,
    notes: Vec<(String, String)>,
    journal: Vec<(String, String)>,
}

fn run_and_kill(dir: &Path, round: u64, acks: &mut Acks) -> usize {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "durability::crash_writer_child",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(DIR_VAR, dir)
        .env("FIELDGUIDE_CRASH_ROUND", round.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    // Some rounds die while opening (index build, journal migration), most mid-save.
    let jitter = Duration::from_millis((round * 7919) % 400);
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut killed_at: Option<Instant> = if round.is_multiple_of(5) {
        Some(Instant::now() + Duration::from_millis(30) + jitter / 4)
    } else {
        None
    };
    let mut n = 0;
    let mut lines = Vec::new();
    loop {
        if let Some(t) = killed_at {
            if Instant::now() >= t {
                break;
            }
        }
        assert!(Instant::now() < deadline, "crash writer never got going");
        match rx.recv_timeout(Duration::from_millis(5)) {
            Ok(l) => {
                if l.starts_with("ACK") && killed_at.is_none() {
                    killed_at = Some(Instant::now() + jitter);
                }
                lines.push(l);
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(_) => break,
        }
    }
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    reader.join().unwrap();
    lines.extend(rx.try_iter());
    if status.success() || status.code().is_some() {
        let mut err = String::new();
        use std::io::Read;
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        panic!("crash writer exited by itself ({status}) before the kill:\n{err}");
    }
    for l in lines {
        let parts: Vec<&str> = l.split(' ').collect();
        match parts.as_slice() {
            ["ACK", "article", rel, seq] => {
                acks.articles.insert(rel.to_string(), seq.parse().unwrap());
            }
            ["ACK", "note", rel, ticket] => acks.notes.push((rel.to_string(), ticket.to_string())),
            ["ACK", "journal", key, v] => acks.journal.push((key.to_string(), v.to_string())),
            _ => continue,
        }
        n += 1;
    }
    n
}

fn files_under(root: &Path) -> Vec<PathBuf> {
    walkdir(root)
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walkdir(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Opens the KB for writing. Other tests in this process spawn children, which hold copies of
/// this process's open files (a dropped Kb's lock included) between fork and exec: wait that out.
fn open_writable(dir: &Path) -> Kb {
    for _ in 0..50 {
        let kb = Kb::open_with(
            dir.join("kb"),
            KbOptions {
                data_dir: Some(dir.join("data")),
                ..Default::default()
            },
        )
        .unwrap();
        if !kb.read_only() {
            return kb;
        }
        drop(kb);
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("the KB stayed locked after its writer died");
}

#[test]
fn writes_survive_sigkill() {
    let rounds: u64 = std::env::var("FIELDGUIDE_CRASH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(12);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("kb/articles")).unwrap();
    std::fs::write(dir.join("kb/articles/base.md"), "# Base\nThe spooler.\n").unwrap();
    let mut acks = Acks::default();
    let mut total = 0;
    let mut rounds_with_acks = 0u64;
    let mut leftovers_seen = 0;
    for round in 0..rounds {
        let n = run_and_kill(dir, round, &mut acks);
        total += n;
        rounds_with_acks += u64::from(n > 0);
        leftovers_seen += files_under(&dir.join("kb"))
            .iter()
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(TEMP_PREFIX)
            })
            .count();
        // After every crash: every acknowledged write is there, complete; nothing is torn.
        for (rel, seq) in &acks.articles {
            let text = std::fs::read_to_string(dir.join("kb").join(rel)).unwrap();
            let got = check_article(&text).unwrap_or_else(|e| panic!("{rel} torn: {e}"));
            assert!(
                got >= *seq,
                "{rel}: acknowledged save {seq} lost (on disk {got})"
            );
        }
        for (rel, ticket) in &acks.notes {
            let text = std::fs::read_to_string(dir.join("kb").join(rel))
                .unwrap_or_else(|e| panic!("acknowledged note {rel} lost: {e}"));
            let note = TicketNote::from_markdown(rel, &text)
                .unwrap_or_else(|e| panic!("note {rel} torn: {e}"));
            assert_eq!(&note.ticket, ticket);
        }
    }
    // Rounds not killed early wait for the first acknowledged write before the kill, so each
    // must have one (however slow the machine): otherwise the test checked nothing.
    let waiting_rounds = (0..rounds).filter(|r| !r.is_multiple_of(5)).count() as u64;
    assert!(
        rounds_with_acks >= waiting_rounds,
        "only {rounds_with_acks} of {rounds} rounds had an acknowledged write ({total} in all): \
         the kills came too early"
    );
    eprintln!(
        "crash writer: {rounds} SIGKILLs, {total} acknowledged writes, {leftovers_seen} temp leftovers seen"
    );

    // Next start: leftovers cleaned, every file loads, index matches, journal intact and WAL.
    let kb = open_writable(dir);
    let temps: Vec<_> = files_under(kb.root())
        .into_iter()
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(TEMP_PREFIX)
        })
        .collect();
    assert!(temps.is_empty(), "leftovers after open: {temps:?}");
    assert!(kb.load_problems().is_empty(), "{:?}", kb.load_problems());
    let md_files = files_under(kb.root())
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .count();
    assert_eq!(kb.doc_count(), md_files);
    assert!(kb.doc_count() > acks.notes.len());
    assert_eq!(kb.index().num_docs(), kb.doc_count() as u64);
    for d in kb.docs() {
        if d.path.starts_with("articles/stress-") {
            check_article(&d.source).unwrap_or_else(|e| panic!("{} torn: {e}", d.path));
        } else if d.path.starts_with("tickets/") {
            TicketNote::from_markdown(&d.path, &d.source)
                .unwrap_or_else(|e| panic!("{} torn: {e}", d.path));
        }
    }
    let j = kb.journal();
    assert_eq!(j.journal_mode().unwrap(), "wal");
    assert!(j.integrity_check().unwrap());
    for (key, v) in &acks.journal {
        assert_eq!(
            j.meta_get(key).unwrap().as_deref(),
            Some(v.as_str()),
            "journal row {key} lost"
        );
    }
}

// ---- failing disks: disk full, read-only folder, permission denied ---------------------------

/// A tmpfs mounted for one test; unmounted on drop. `None` (with the reason) where mounting is
/// not possible (not root, no CAP_SYS_ADMIN).
struct Mount(PathBuf);

impl Mount {
    fn tmpfs(at: &Path, size: &str) -> Result<Mount, String> {
        std::fs::create_dir_all(at).unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "mount -t tmpfs failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(Mount(at.to_path_buf()))
    }

    fn remount_ro(&self) -> Result<(), String> {
        let out = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.0)
            .output()
            .map_err(|e| e.to_string())?;
        out.status
            .success()
            .then_some(())
            .ok_or_else(|| String::from_utf8_lossy(&out.stderr).to_string())
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn skip(test: &str, why: &str) {
    eprintln!("SKIPPED {test}: {why}");
}

fn no_temp_files(dir: &Path) {
    let temps: Vec<_> = files_under(dir)
        .into_iter()
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(TEMP_PREFIX)
        })
        .collect();
    assert!(temps.is_empty(), "temp files left: {temps:?}");
}

#[test]
fn disk_full_is_reported_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let m = match Mount::tmpfs(&tmp.path().join("mnt"), "512k") {
        Ok(m) => m,
        Err(e) => return skip("disk_full_is_reported_and_changes_nothing", &e),
    };
    let kb = m.0.join("kb");
    std::fs::create_dir_all(kb.join("articles")).unwrap();
    let orig = kb.join("articles/vpn.md");
    std::fs::write(&orig, "# VPN\nOriginal text.\n").unwrap();
    let journal = fieldguide_core::journal::Journal::open(m.0.join("journal.sqlite")).unwrap();
    // Fill the disk.
    let mut filler = std::fs::File::create(m.0.join("filler")).unwrap();
    let chunk = vec![b'x'; 4096];
    use std::io::Write;
    while filler.write_all(&chunk).is_ok() {}
    let _ = filler.sync_all();

    let big = "A long new version.\n".repeat(5_000);
    let e = atomic_write(&orig, big.as_bytes()).unwrap_err();
    assert_eq!(e.code(), "disk_full", "{e}");
    let msg = e.to_string();
    assert!(
        msg.contains("vpn.md") && msg.contains("No space left"),
        "{msg}"
    );
    assert_eq!(
        std::fs::read_to_string(&orig).unwrap(),
        "# VPN\nOriginal text.\n"
    );
    let note = kb.join("tickets/2026/inc-1.md");
    let e = atomic_create(&note, big.as_bytes()).unwrap_err();
    assert_eq!(e.code(), "disk_full", "{e}");
    assert!(!note.exists());
    no_temp_files(&kb);
    let e = journal.meta_set("big", &big).unwrap_err();
    assert_eq!(e.code(), "disk_full", "{e}");
    drop(journal);
    // Space comes back: the same save now works.
    drop(filler);
    std::fs::remove_file(m.0.join("filler")).unwrap();
    atomic_write(&orig, big.as_bytes()).unwrap();
    assert_eq!(std::fs::read_to_string(&orig).unwrap(), big);
}

#[test]
fn read_only_folder_is_reported_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let m = match Mount::tmpfs(&tmp.path().join("mnt"), "4m") {
        Ok(m) => m,
        Err(e) => return skip("read_only_folder_is_reported_and_changes_nothing", &e),
    };
    let kb = m.0.join("kb");
    std::fs::create_dir_all(kb.join("articles")).unwrap();
    let orig = kb.join("articles/vpn.md");
    std::fs::write(&orig, "# VPN\nOriginal text.\n").unwrap();
    if let Err(e) = m.remount_ro() {
        return skip("read_only_folder_is_reported_and_changes_nothing", &e);
    }
    let e = atomic_write(&orig, b"# VPN\nNew.\n").unwrap_err();
    assert_eq!(e.code(), "read_only", "{e}");
    assert!(e.to_string().contains("Read-only file system"), "{e}");
    assert_eq!(
        std::fs::read_to_string(&orig).unwrap(),
        "# VPN\nOriginal text.\n"
    );
    let prepared = prepare(&draft("INC-1"), &[]).unwrap();
    let e = write_note(&kb, &prepared).unwrap_err();
    assert_eq!(e.code(), "read_only", "{e}");
    // The KB still opens for reading (its data dir lives elsewhere).
    let k = Kb::open_with(
        &kb,
        KbOptions {
            data_dir: Some(tmp.path().join("data")),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(k.doc_count(), 1);
    // A data dir on a read-only disk: a clear error, not a panic.
    let e = Kb::open_with(
        &kb,
        KbOptions {
            data_dir: Some(m.0.join("data")),
            ..Default::default()
        },
    )
    .err()
    .expect("cannot create a data dir on a read-only disk");
    assert_eq!(e.code(), "read_only", "{e}");
}

#[test]
fn permission_denied_is_reported_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let kb = tmp.path().join("kb");
    std::fs::create_dir_all(kb.join("articles")).unwrap();
    let orig = kb.join("articles/vpn.md");
    std::fs::write(&orig, "# VPN\nOriginal text.\n").unwrap();
    let dir = kb.join("articles");
    // Root ignores mode bits, so as root the folder is made immutable instead (EPERM).
    let root = euid_is_root();
    let lock = |on: bool| -> Result<(), String> {
        if root {
            let out = Command::new("chattr")
                .arg(if on { "+i" } else { "-i" })
                .arg(&dir)
                .output()
                .map_err(|e| format!("cannot run chattr: {e}"))?;
            out.status
                .success()
                .then_some(())
                .ok_or_else(|| String::from_utf8_lossy(&out.stderr).trim().to_string())
        } else {
            use std::os::unix::fs::PermissionsExt;
            let mode = if on { 0o555 } else { 0o755 };
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(mode))
                .map_err(|e| e.to_string())
        }
    };
    if let Err(e) = lock(true) {
        return skip("permission_denied_is_reported_and_changes_nothing", &e);
    }
    let r = atomic_write(&orig, b"# VPN\nNew.\n");
    let c = atomic_create(&dir.join("new.md"), b"# New\n");
    lock(false).unwrap();
    let e = r.unwrap_err();
    assert_eq!(e.code(), "permission_denied", "{e}");
    assert!(e.to_string().contains("articles"), "{e}");
    assert_eq!(c.unwrap_err().code(), "permission_denied");
    assert_eq!(
        std::fs::read_to_string(&orig).unwrap(),
        "# VPN\nOriginal text.\n"
    );
    assert!(!dir.join("new.md").exists());
    no_temp_files(&kb);
}

fn euid_is_root() -> bool {
    // No libc dependency: /proc tells the effective uid.
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Uid:"))
                .and_then(|v| v.split_whitespace().nth(1).map(|u| u == "0"))
        })
        .unwrap_or(false)
}

#[test]
fn a_second_process_opens_read_only_and_takes_over_after_a_crash() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("kb/articles")).unwrap();
    std::fs::write(dir.join("kb/articles/base.md"), "# Base\nThe spooler.\n").unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "durability::crash_writer_child",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(DIR_VAR, dir)
        .env("FIELDGUIDE_CRASH_ROUND", "77")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    loop {
        let l = lines.next().expect("writer started").unwrap();
        if l.starts_with("ACK") {
            break;
        }
    }
    let opts = || KbOptions {
        data_dir: Some(dir.join("data")),
        ..Default::default()
    };
    // The writer process holds the KB: this one may read, never write.
    let second = Kb::open_with(dir.join("kb"), opts()).unwrap();
    assert!(second.read_only());
    assert!(!second.index().writable());
    assert_eq!(second.journal().journal_mode().unwrap(), "memory");
    assert!(second.doc_count() >= 1);
    drop(second);
    child.kill().unwrap();
    child.wait().unwrap();
    // Its lock died with it: the next instance writes.
    let third = open_writable(dir);
    assert!(!third.read_only());
    assert!(third.journal().integrity_check().unwrap());
    assert_eq!(third.index().num_docs(), third.doc_count() as u64);
}
