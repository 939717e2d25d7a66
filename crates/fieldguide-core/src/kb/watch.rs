//! Watching the KB folder: files created, edited, renamed or deleted outside the app (editors
//! that save by writing a temp file and renaming it over the original included) are re-read and
//! re-indexed shortly after, without restarting.
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult};

use super::{ChangeSet, Kb};
use crate::error::{Error, Result};

/// Keeps the watcher alive; dropping it stops watching.
pub struct WatchHandle {
    _debouncer: Box<dyn std::any::Any + Send>,
}

/// Quiet period after a file's events before changes are applied: long enough to see an
/// editor's write-temp-then-rename as one change, short enough that a save is searchable well
/// within 250 ms (measured by `fieldguide-bench`).
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// Starts watching `kb`'s folder. `on_change` is called (on the watcher's thread) after each
/// batch of changes has been applied to the KB and its index.
pub fn watch(
    kb: Arc<Kb>,
    on_change: impl Fn(Result<ChangeSet>) + Send + 'static,
) -> Result<WatchHandle> {
    let root = kb.root().to_path_buf();
    let kb2 = kb.clone();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |res: DebounceEventResult| {
        let Ok(events) = res else { return };
        let mut rels: Vec<String> = Vec::new();
        // Folders to list again (`""`: the whole KB).
        let mut folders: Vec<String> = Vec::new();
        for ev in events {
            if ev.event.need_rescan() {
                // Events were lost (the kernel's queue overflowed): anything may have changed.
                folders.push(String::new());
                continue;
            }
            // Reads (our own included: re-reading a file, walking the folders) change nothing;
            // answering them with a re-read would feed on itself.
            // (A file closed after writing is kept: it ends a save.)
            let closed_written = matches!(
                ev.event.kind,
                EventKind::Access(AccessKind::Close(AccessMode::Write))
            );
            if matches!(ev.event.kind, EventKind::Access(_) | EventKind::Other) && !closed_written {
                continue;
            }
            // Only a folder created, removed or renamed can bring or take files unseen: it is
            // listed again, alone.
            let structural = matches!(
                ev.event.kind,
                EventKind::Create(_)
                    | EventKind::Remove(_)
                    | EventKind::Modify(ModifyKind::Name(_))
                    | EventKind::Any
            );
            for p in &ev.event.paths {
                match rel_of(&root, p) {
                    Some(r)
                        if (r.to_ascii_lowercase().ends_with(".md")
                            || r == crate::settings::SETTINGS_FILE)
                            && !rels.contains(&r) =>
                    {
                        rels.push(r)
                    }
                    Some(r) if r.to_ascii_lowercase().ends_with(".md") => {}
                    // A folder, or something else (listing it again finds nothing: cheap, as a
                    // folder is rescanned alone). A removed folder can no longer be told apart.
                    Some(r) if structural && !folders.contains(&r) => folders.push(r),
                    _ => {}
                }
            }
        }
        if rels.is_empty() && folders.is_empty() {
            return;
        }
        let result = if folders.is_empty() {
            kb2.refresh_paths(&rels)
        } else {
            kb2.rescan_folders(&folders, &rels)
        };
        if !matches!(&result, Ok(c) if c.is_empty()) {
            on_change(result);
        }
    })
    .map_err(|e| Error::Watch(format!("cannot watch the KB folder: {e}")))?;
    debouncer
        .watch(kb.root(), RecursiveMode::Recursive)
        .map_err(|e| Error::Watch(format!("cannot watch {}: {e}", kb.root().display())))?;
    Ok(WatchHandle {
        _debouncer: Box::new(debouncer),
    })
}

fn rel_of(root: &Path, p: &Path) -> Option<String> {
    let rel = p.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect();
    if parts.iter().any(|c| c.starts_with('.')) {
        return None; // hidden folders and temp files
    }
    Some(parts.join("/"))
}
