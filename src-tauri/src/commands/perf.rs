//! The shell process itself: its id and start time, for the desktop benchmark
//! (`crates/fieldguide-bench/scripts/desktop-bench.py` reads them through the UI's
//! `window.__fgPerf` to compute process start → first result rendered).
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use ts_rs::TS;

/// What `process_info` returns.
#[derive(TS, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProcessInfo {
    pid: u32,
    /// Epoch milliseconds at which the process started: the kernel's start time of the process
    /// (exec) on Linux, else the time `run()` began.
    started_at_ms: u64,
    /// Moments of the shell's start-up (epoch ms), in order: `run` (main started), `setup`,
    /// `window` (main window built), `page-load-started`/`-finished`, `last-index-open`,
    /// `kb-open`; the UI adds them to its timeline.
    marks: Vec<Mark>,
}

/// A named moment of the shell's start-up.
#[derive(TS, Clone, Serialize)]
pub struct Mark {
    name: &'static str,
    at: u64,
}

static MARKS: Mutex<Vec<Mark>> = Mutex::new(Vec::new());

/// Records a start-up moment (the first 32 are kept; a few `performance`-free microseconds).
pub fn mark(name: &'static str) {
    if let Ok(mut m) = MARKS.lock() {
        if m.len() < 32 {
            m.push(Mark {
                name,
                at: epoch_ms(SystemTime::now()),
            });
        }
    }
}

fn epoch_ms(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

static RUN_STARTED: OnceLock<SystemTime> = OnceLock::new();

/// Called first thing in `run()`: the fallback start time where the kernel's is unknown.
pub fn mark_run_started() {
    RUN_STARTED.get_or_init(SystemTime::now);
    mark("run");
}

/// The process id and start time.
#[tauri::command]
pub fn process_info() -> ProcessInfo {
    let started = kernel_start_time()
        .or_else(|| RUN_STARTED.get().copied())
        .unwrap_or_else(SystemTime::now);
    ProcessInfo {
        pid: std::process::id(),
        started_at_ms: epoch_ms(started),
        marks: MARKS.lock().map(|m| m.clone()).unwrap_or_default(),
    }
}

/// Linux: the process's start (field 22 of /proc/self/stat, in clock ticks since boot) turned
/// into wall-clock time by way of /proc/uptime (seconds since boot, same clock). Both have a
/// 10 ms resolution.
#[cfg(target_os = "linux")]
fn kernel_start_time() -> Option<SystemTime> {
    // USER_HZ, the unit of /proc/<pid>/stat times: 100 on every architecture we build for.
    const TICKS_PER_SEC: f64 = 100.0;
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) is in parentheses and may contain spaces: count after it.
    let after_comm = &stat[stat.rfind(')')? + 1..];
    let start_ticks: f64 = after_comm.split_whitespace().nth(19)?.parse().ok()?;
    let uptime: f64 = std::fs::read_to_string("/proc/uptime")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    let age = (uptime - start_ticks / TICKS_PER_SEC).max(0.0);
    SystemTime::now().checked_sub(Duration::from_secs_f64(age))
}

#[cfg(not(target_os = "linux"))]
fn kernel_start_time() -> Option<SystemTime> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_time_is_in_the_past_and_recent() {
        mark_run_started();
        let info = process_info();
        assert_eq!(info.pid, std::process::id());
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_millis() as u64;
        // The kernel's start time has a 10 ms resolution.
        assert!(
            info.started_at_ms <= now + 20,
            "{} > {now}",
            info.started_at_ms
        );
        // This test process started less than an hour ago.
        assert!(
            now - info.started_at_ms < 3_600_000,
            "started {} ms ago",
            now - info.started_at_ms
        );
        let run = RUN_STARTED
            .get()
            .unwrap()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_millis() as u64;
        assert!(
            info.started_at_ms <= run + 20,
            "the process started before run() did"
        );
    }
}
