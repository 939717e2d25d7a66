//! Which KB the app opens at start: `--kb PATH` (or `$FIELDGUIDE_KB`), else the KB last opened
//! from the window (remembered in `<data>/last-kb`), else none — the first-run screen then
//! offers "Open a folder", "Clone the team's KB" and, when the app ships one, the sample KB.
use std::path::{Path, PathBuf};

/// The file that remembers the KB last opened from the window, under the data base folder
/// (`$FIELDGUIDE_DATA_DIR`, else `~/.local/share/fieldguide`).
fn remembered_file(base: &Path) -> PathBuf {
    base.join("last-kb")
}

/// The KB last opened from the window, if it is still a folder.
pub fn remembered(base: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(remembered_file(base)).ok()?;
    let p = PathBuf::from(text.trim_end_matches(['\n', '\r']));
    (!p.as_os_str().is_empty() && p.is_dir()).then_some(p)
}

/// Remembers `root` as the KB to open at the next start. Failing to remember loses nothing
/// (the next start shows the first-run screen), so errors are only logged.
pub fn remember(base: &Path, root: &Path) {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let write = std::fs::create_dir_all(base).map_err(|e| fieldguide_core::Error::io(base, e));
    let write = write.and_then(|()| {
        fieldguide_core::atomic_write(
            &remembered_file(base),
            format!("{}\n", root.display()).as_bytes(),
        )
    });
    if let Err(e) = write {
        eprintln!("fieldguide: could not remember the KB folder: {e}");
    }
}

/// The sample KB shipped with the app: `kb-content/` next to the executable or above it.
pub fn sample_kb() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    exe.ancestors()
        .skip(1)
        .map(|dir| dir.join("kb-content"))
        .find(|c| c.is_dir())
}

/// The KB to open at start: `explicit` (`--kb` / `$FIELDGUIDE_KB`), else the remembered one,
/// else `None` (first run).
pub fn initial_kb(explicit: Option<&Path>, base: &Path) -> Option<PathBuf> {
    explicit.map(Path::to_path_buf).or_else(|| remembered(base))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_then_remembered_then_first_run() {
        let tmp = tempfile::tempdir().unwrap();
        let base = tmp.path().join("data");
        let kb = tmp.path().join("team kb");
        std::fs::create_dir(&kb).unwrap();
        assert_eq!(
            initial_kb(None, &base),
            None,
            "nothing remembered: first run"
        );
        remember(&base, &kb);
        let kb = kb.canonicalize().unwrap();
        assert_eq!(initial_kb(None, &base), Some(kb.clone()));
        let other = tmp.path().join("other");
        assert_eq!(initial_kb(Some(&other), &base), Some(other));
        // A remembered folder that is gone: first run again, not an error.
        std::fs::remove_dir(&kb).unwrap();
        assert_eq!(initial_kb(None, &base), None);
    }
}
