//! Authoring: loading a document for editing, live preview with lint, safe saves (atomic,
//! refusing to overwrite a file changed on disk since it was opened), conflict copies, new
//! documents from templates, renames and retirement. Every write re-indexes the paths at once
//! and is recorded in the journal as a KB change.
use std::io::ErrorKind;
use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use super::Kb;
use crate::article::Status;
use crate::error::{Error, Problem, Result};
use crate::frontmatter::{apply_front_matter, FrontMatterForm};
use crate::journal::{ChangeKind, KbChange};
use crate::{fsutil, lint, markdown, render, templates};

/// A document opened in the editor.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EditDoc {
    /// KB-relative path.
    pub path: String,
    /// The text as on disk (a UTF-8 byte-order mark dropped).
    pub text: String,
    /// Hash of the bytes on disk when loaded: pass it back to [`Kb::save_doc`].
    pub base_hash: String,
    /// The front-matter form as the text has it.
    pub form: FrontMatterForm,
}

/// What a save did.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SaveOutcome {
    /// KB-relative path written.
    pub path: String,
    /// The hash of what is now on disk: the base for the next save.
    pub base_hash: String,
    /// False when the disk already held exactly this text (nothing written).
    pub written: bool,
    /// Lint of the saved document.
    pub problems: Vec<Problem>,
}

/// The editor's live preview of unsaved text.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "EditPreview")]
pub struct Preview {
    /// The title the document would have.
    pub title: String,
    /// Sanitized HTML of the body.
    pub html: String,
    /// Problems (bad front matter, broken links, review date, flow errors), with lines.
    pub problems: Vec<Problem>,
    /// The front-matter form as the text has it.
    pub form: FrontMatterForm,
}

/// What a rename did.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RenameOutcome {
    /// The new path.
    pub path: String,
    /// Documents whose links pointed at the old path (not rewritten: lint now reports them).
    pub linked_from: Vec<String>,
}

/// Hash of file bytes for conflict detection (FNV-1a 64 plus the length; stable across runs).
pub fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}-{}", bytes.len())
}

impl Kb {
    fn writable(&self, rel: &str) -> Result<()> {
        if self.read_only {
            return Err(Error::io(
                rel,
                std::io::Error::new(
                    ErrorKind::ReadOnlyFilesystem,
                    "the KB is open read-only (another Fieldguide window holds it)",
                ),
            ));
        }
        Ok(())
    }

    fn read_disk(&self, abs: &Path) -> Result<Option<Vec<u8>>> {
        match std::fs::read(abs) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(abs, e)),
        }
    }

    fn record(&self, path: &str, change: ChangeKind, old_path: Option<&str>) {
        let mut c = KbChange::new(path, change, time::OffsetDateTime::now_utc());
        c.old_path = old_path.map(str::to_string);
        c.doc_kind = self.doc(path).map(|d| d.kind.as_str().to_string());
        // The journal is auxiliary: a failure to record never fails the save.
        let _ = self.journal().record_kb_change(&c);
    }

    /// Loads `path` for editing: its text, the hash of its bytes and its front-matter form.
    pub fn load_for_edit(&self, path: &str) -> Result<EditDoc> {
        let abs = fsutil::resolve_in_kb(&self.root, path)?;
        let bytes = self
            .read_disk(&abs)?
            .ok_or_else(|| Error::NotFound(path.to_string()))?;
        let base_hash = content_hash(&bytes);
        let text = markdown::decode(bytes).map_err(|message| Error::BadFile {
            path: abs.clone(),
            message,
        })?;
        Ok(EditDoc {
            path: path.to_string(),
            form: FrontMatterForm::of_text(&text),
            text,
            base_hash,
        })
    }

    /// Saves `text` to `path` if the file on disk is still the one loaded (`base_hash`);
    /// otherwise fails with [`Error::Conflict`] carrying the disk text, and writes nothing.
    /// An empty `base_hash` means "a new file": it must not exist. The write is atomic, the
    /// document is re-indexed before this returns, and the change is journaled.
    pub fn save_doc(&self, path: &str, text: &str, base_hash: &str) -> Result<SaveOutcome> {
        self.writable(path)?;
        let abs = fsutil::resolve_in_kb(&self.root, path)?;
        let disk = self.read_disk(&abs)?;
        let disk_hash = disk.as_deref().map(content_hash).unwrap_or_default();
        if disk_hash != base_hash {
            let disk_text = disk
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default();
            return Err(Error::Conflict {
                path: path.to_string(),
                disk_text,
            });
        }
        let new_hash = content_hash(text.as_bytes());
        let written = new_hash != disk_hash;
        if written {
            fsutil::atomic_write(&abs, text.as_bytes())?;
            self.refresh_paths(&[path.to_string()])?;
            let kind = if disk_hash.is_empty() {
                ChangeKind::Created
            } else if self.doc(path).is_some_and(|d| d.status == Status::Retired) {
                ChangeKind::Retired
            } else {
                ChangeKind::Updated
            };
            self.record(path, kind, None);
        }
        Ok(SaveOutcome {
            path: path.to_string(),
            base_hash: new_hash,
            written,
            problems: self.doc_problems(path),
        })
    }

    /// Saves `text` beside `path` as a new file (`name.conflict-YYYY-MM-DD.md`, then `-2`, …),
    /// never overwriting anything. Returns the new path.
    pub fn save_copy(&self, path: &str, text: &str) -> Result<String> {
        self.writable(path)?;
        fsutil::resolve_in_kb(&self.root, path)?;
        let stem = path.strip_suffix(".md").unwrap_or(path);
        let date = lint::today();
        for n in 1..1000 {
            let rel = if n == 1 {
                format!("{stem}.conflict-{date}.md")
            } else {
                format!("{stem}.conflict-{date}-{n}.md")
            };
            let abs = fsutil::resolve_in_kb(&self.root, &rel)?;
            match fsutil::atomic_create(&abs, text.as_bytes()) {
                Ok(()) => {
                    self.refresh_paths(std::slice::from_ref(&rel))?;
                    self.record(&rel, ChangeKind::Created, None);
                    return Ok(rel);
                }
                Err(Error::Io { source, .. }) if source.kind() == ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        Err(Error::NameTaken(format!(
            "too many conflict copies of {path}"
        )))
    }

    /// Creates `path` from the template `template_id` with the form's front matter. Refuses
    /// (code `exists`) when the file already exists.
    pub fn create_doc(
        &self,
        template_id: &str,
        path: &str,
        form: &FrontMatterForm,
    ) -> Result<EditDoc> {
        self.writable(path)?;
        let abs = fsutil::resolve_in_kb(&self.root, path)?;
        let tpl = templates::template(template_id)
            .ok_or_else(|| Error::InvalidInput(format!("no template `{template_id}`")))?;
        let mut form = form.clone();
        if form.kind.trim().is_empty() {
            form.kind = tpl.kind.to_string();
        }
        if form.status.trim().is_empty() {
            form.status = Status::Draft.as_str().to_string();
        }
        let text = apply_front_matter(tpl.text, &form)?;
        if abs.exists() {
            return Err(exists(path));
        }
        match fsutil::atomic_create(&abs, text.as_bytes()) {
            Err(Error::Io { source, .. }) if source.kind() == ErrorKind::AlreadyExists => {
                return Err(exists(path))
            }
            r => r?,
        }
        self.refresh_paths(&[path.to_string()])?;
        self.record(path, ChangeKind::Created, None);
        self.load_for_edit(path)
    }

    /// Moves `from` to `to` (never over an existing file). Links pointing at the old path are
    /// not rewritten — the documents holding them are returned and lint reports the links.
    pub fn rename_doc(&self, from: &str, to: &str) -> Result<RenameOutcome> {
        self.writable(from)?;
        let src = fsutil::resolve_in_kb(&self.root, from)?;
        let dst = fsutil::resolve_in_kb(&self.root, to)?;
        if !src.is_file() {
            return Err(Error::NotFound(from.to_string()));
        }
        if let Some(dir) = dst.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        // hard_link + remove: a rename that fails if the target exists.
        match std::fs::hard_link(&src, &dst) {
            Ok(()) => std::fs::remove_file(&src).map_err(|e| Error::io(&src, e))?,
            Err(e) if e.kind() == ErrorKind::AlreadyExists => return Err(exists(to)),
            Err(_) => {
                if dst.exists() {
                    return Err(exists(to));
                }
                std::fs::rename(&src, &dst).map_err(|e| Error::io(&src, e))?;
            }
        }
        let linked_from = self.backlinks(from);
        self.refresh_paths(&[from.to_string(), to.to_string()])?;
        self.record(to, ChangeKind::Renamed, Some(from));
        Ok(RenameOutcome {
            path: to.to_string(),
            linked_from,
        })
    }

    /// Sets `status` (draft, published, retired) by a minimal front-matter edit and saves.
    /// Retired documents leave default search results but stay findable with `status:retired`.
    pub fn set_status(&self, path: &str, status: Status) -> Result<SaveOutcome> {
        let doc = self.load_for_edit(path)?;
        let mut form = doc.form.clone();
        form.status = status.as_str().to_string();
        let text = apply_front_matter(&doc.text, &form).map_err(|e| e.in_file(path))?;
        self.save_doc(path, &text, &doc.base_hash)
    }

    /// Renders unsaved `text` as `path` would look, with its lint problems (lint as you type).
    pub fn preview(&self, path: &str, text: &str) -> Result<Preview> {
        self.preview_inner(path, text, None)
    }

    /// [`Kb::preview`] with the document's KB images loaded from `url_base`, as
    /// [`Kb::view_with_images`] shows them.
    pub fn preview_with_images(&self, path: &str, text: &str, url_base: &str) -> Result<Preview> {
        let images = crate::assets::Images::new(self.root(), path, url_base);
        self.preview_inner(path, text, Some(&images))
    }

    fn preview_inner(
        &self,
        path: &str,
        text: &str,
        images: Option<&crate::assets::Images>,
    ) -> Result<Preview> {
        let (a, mut problems) = markdown::parse_article(path, text.to_string());
        let html =
            render::render_article_titled(&a, &|t| self.resolve_link(path, t), images, &|p| {
                self.summary(p).map(|s| s.title)
            });
        problems.extend(lint::lint_doc(self, &a, lint::today()));
        problems.sort_by_key(|p| p.line);
        Ok(Preview {
            title: a.title.clone(),
            html,
            problems,
            form: FrontMatterForm::from_meta(&a.meta),
        })
    }

    /// Returns `text` with its front matter showing `form`, other lines untouched.
    pub fn apply_front_matter(&self, text: &str, form: &FrontMatterForm) -> Result<String> {
        apply_front_matter(text, form)
    }

    fn doc_problems(&self, path: &str) -> Vec<Problem> {
        let mut out: Vec<Problem> = self
            .state
            .read()
            .expect("state lock")
            .load_problems
            .get(path)
            .cloned()
            .unwrap_or_default();
        if let Some(a) = self.doc(path) {
            out.extend(lint::lint_doc(self, &a, lint::today()));
        }
        out
    }
}

fn exists(path: &str) -> Error {
    Error::io(
        path,
        std::io::Error::new(
            ErrorKind::AlreadyExists,
            "a document with this path already exists",
        ),
    )
}
