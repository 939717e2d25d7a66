//! Test corpora: the markdown files of a folder, copied N times into a temporary folder to
//! measure at 8× the size (copy k gets `-ck` appended to each file name) or at N documents
//! (copy k flattened into its own folder `copy-k/`).
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Every `*.md` file under `root` (hidden folders skipped), as (relative path, absolute path).
pub fn markdown_files(root: &Path) -> Vec<(PathBuf, PathBuf)> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("md"))
        })
        .filter_map(|e| {
            let rel = e.path().strip_prefix(root).ok()?.to_path_buf();
            Some((rel, e.path().to_path_buf()))
        })
        .collect()
}

/// Copies the markdown of `src` `copies` times into `dest`; returns (files, bytes) written.
pub fn replicate(src: &Path, dest: &Path, copies: usize) -> Result<(usize, u64)> {
    let files = markdown_files(src);
    let mut bytes = 0;
    for k in 0..copies {
        for (rel, abs) in &files {
            bytes += copy_as(dest, rel, abs, k)?;
        }
    }
    Ok((files.len() * copies, bytes))
}

/// Copies the markdown of `src` into `dest` until `n` files are written, the last copy
/// partial; returns (files, bytes) written. Unlike [`replicate`], copy k goes into its own
/// folder `copy-k/`, flattened (`Exchange/Online/x.md` → `copy-k/Exchange__Online__x.md`, the
/// same words): like a KB of ticket notes, a few large folders of distinct documents. The KB
/// is read in path order, and with `-ck` names the 41 copies of each article sat side by
/// side, so each index segment held ~40 identical copies of a few hundred articles — cheap to
/// index (first open at 100k: 10.5 s that way, 14–17 s now); with the corpus's folders kept
/// in every copy, 10,600 folders made listing the KB dearer than a real one.
pub fn replicate_count(src: &Path, dest: &Path, n: usize) -> Result<(usize, u64)> {
    let files = markdown_files(src);
    if files.is_empty() {
        anyhow::bail!("no markdown in {}", src.display());
    }
    let mut bytes = 0;
    for i in 0..n {
        let (rel, abs) = &files[i % files.len()];
        let flat: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let into = dest.join(format!("copy-{}", i / files.len()));
        bytes += copy_as(&into, Path::new(&flat.join("__")), abs, 0)?;
    }
    Ok((n, bytes))
}

/// Copies `abs` to `dest/rel`, named `<stem>-c<k>.md` for every copy after the first; returns
/// the bytes written.
fn copy_as(dest: &Path, rel: &Path, abs: &Path, k: usize) -> Result<u64> {
    let mut target = dest.join(rel);
    if k > 0 {
        let stem = rel
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        target.set_file_name(format!("{stem}-c{k}.md"));
    }
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("create {}", parent.display()))?;
    }
    std::fs::copy(abs, &target)
        .with_context(|| format!("copy {} to {}", abs.display(), target.display()))
}

/// Total size of the markdown under `root`.
pub fn size(root: &Path) -> (usize, u64) {
    let files = markdown_files(root);
    let bytes = files
        .iter()
        .filter_map(|(_, a)| std::fs::metadata(a).ok())
        .map(|m| m.len())
        .sum();
    (files.len(), bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_with_suffixed_names_or_one_flat_folder_per_copy() {
        let src = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(src.path().join("a")).unwrap();
        std::fs::write(src.path().join("a/x.md"), "# X\n").unwrap();
        std::fs::write(src.path().join("readme.txt"), "no").unwrap();
        std::fs::create_dir_all(src.path().join(".git")).unwrap();
        std::fs::write(src.path().join(".git/y.md"), "hidden").unwrap();
        let dest = tempfile::tempdir().unwrap();
        let (n, bytes) = replicate(src.path(), dest.path(), 3).unwrap();
        assert_eq!((n, bytes), (3, 12));
        for f in ["a/x.md", "a/x-c1.md", "a/x-c2.md"] {
            assert!(dest.path().join(f).is_file(), "{f}");
        }
        assert_eq!(size(dest.path()), (3, 12));
        let dest = tempfile::tempdir().unwrap();
        std::fs::write(src.path().join("b.md"), "# B\n").unwrap();
        assert_eq!(
            replicate_count(src.path(), dest.path(), 5).unwrap(),
            (5, 20)
        );
        assert_eq!(size(dest.path()), (5, 20));
        // One flattened folder per copy, the last one partial.
        for f in [
            "copy-0/a__x.md",
            "copy-0/b.md",
            "copy-1/a__x.md",
            "copy-1/b.md",
        ] {
            assert!(dest.path().join(f).is_file(), "{f}");
        }
        let last: Vec<_> = std::fs::read_dir(dest.path().join("copy-2"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert!(last == ["a__x.md"] || last == ["b.md"], "{last:?}");
        assert!(!dest.path().join("a").exists() && !dest.path().join("b-c2.md").exists());
    }
}
