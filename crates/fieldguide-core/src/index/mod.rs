//! The tantivy search index: schema and analyzers ([`schema`]), (re)indexing ([`writer`]), the
//! user's query syntax ([`syntax`]), query building ([`query`]), ranking ([`rank`]) and the
//! search itself with snippets, sections and facets ([`search`]). docs/search.md says how a
//! query is matched and ranked.
//!
//! The index is a cache of the markdown: [`SearchIndex::open`] rebuilds it when it is missing,
//! unreadable or of another schema version (the caller then re-adds every document).
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use tantivy::schema::Value;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument};
use ts_rs::TS;

mod cache_dir;
mod explain;
mod min_match;
mod query;
mod rank;
mod schema;
mod search;
mod syntax;
#[cfg(test)]
mod tests;
mod vocab;
mod writer;

use crate::error::{Error, Result};
use crate::fsutil::FileStamp;
use cache_dir::CacheDirectory;
use schema::{build_schema, register_tokenizers, Fields, EN, RAW, VERSION_FILE};
use writer::WriterSlot;

pub use explain::{MatchWhy, WordWhy};
pub use schema::SCHEMA_VERSION;
pub use syntax::ParsedQuery;
pub use writer::AddDoc;

/// What the index keeps of each document for opening the KB without reading its file: its
/// summary and the problems found when it was parsed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredSummary {
    /// The document's summary.
    #[serde(flatten)]
    pub summary: crate::article::DocSummary,
    /// Problems found while parsing it (bad front matter…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<crate::error::Problem>,
}

/// The keys a link written in `from` can resolve through, as the KB resolves it: a relative
/// link gives the path it names (and that path with `.md`), a `[[wikilink]]` the exact path and
/// its file stem (a wikilink also resolves to the only document of that stem). The document at
/// path `p` is linked by the documents holding key `p`, or [`stem_key`] of its stem when no
/// other document has that stem.
pub fn link_keys(from: &str, target: &crate::LinkTarget) -> Vec<String> {
    let crate::LinkTarget::Doc { target, wiki, .. } = target else {
        return Vec::new();
    };
    if *wiki {
        let t = target.trim().trim_start_matches('/');
        let t = t.strip_suffix(".md").unwrap_or(t);
        let exact = format!("{t}.md");
        let stem = stem_key(&exact);
        vec![exact, stem]
    } else {
        let dir = from.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        match crate::fsutil::join_rel(dir, target) {
            Some(p) if p.ends_with(".md") => vec![p],
            Some(p) => {
                let with = format!("{p}.md");
                vec![p, with]
            }
            None => Vec::new(),
        }
    }
}

/// The link key of a file stem (lowercase, as wikilinks match it).
pub fn stem_key(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.strip_suffix(".md").unwrap_or(name);
    format!("\u{1}{}", stem.to_lowercase())
}

/// Indexed documents' file stamps by path (a fast hash: 100,000 paths are looked up at each
/// one-shot command).
pub type Stamps = HashMap<String, FileStamp, rustc_hash::FxBuildHasher>;

/// Every term of a str column's dictionary, by ordinal, in one pass over the dictionary
/// (looking terms up one by one decompresses a dictionary block per lookup: seconds for
/// 100,000 documents).
fn column_terms(col: &tantivy::columnar::StrColumn) -> Result<Vec<String>> {
    let mut out = Vec::with_capacity(col.num_terms());
    let mut s = col
        .dictionary()
        .stream()
        .map_err(tantivy::TantivyError::from)?;
    while s.advance() {
        out.push(String::from_utf8_lossy(s.key()).into_owned());
    }
    Ok(out)
}

/// What the UI or CLI asks for.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct SearchRequest {
    /// The user's query text.
    pub query: String,
    /// Only these kinds (empty: all).
    pub kinds: Vec<String>,
    /// Only documents with all these tags.
    pub tags: Vec<String>,
    /// Include retired documents (excluded by default).
    pub include_retired: bool,
    /// How many hits (0: 20).
    pub limit: usize,
    /// The query is complete (entered, pasted, from the command line): its last word is not
    /// expanded as a prefix. While typing (`false`), the last word is expanded unless the
    /// query ends with a space.
    #[ts(as = "Option<bool>", optional)]
    pub complete: bool,
}

impl SearchRequest {
    /// A request for `query` with defaults.
    pub fn new(query: &str) -> Self {
        SearchRequest {
            query: query.to_string(),
            ..Default::default()
        }
    }
}

/// The heading a hit's snippet falls under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SectionRef {
    /// Heading text.
    pub heading: String,
    /// Heading anchor.
    pub anchor: String,
}

/// One search result.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    /// KB-relative path.
    pub path: String,
    /// Title.
    pub title: String,
    /// Kind name.
    pub kind: String,
    /// Status name.
    pub status: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Product, if any.
    pub product: Option<String>,
    /// Escaped text with `<b>` around matched words.
    pub snippet_html: String,
    /// The section the snippet comes from, if under a heading.
    pub section: Option<SectionRef>,
    /// Relevance score.
    pub score: f32,
    /// Why it matched (empty for a query without words).
    #[serde(default)]
    pub why: MatchWhy,
}

/// A facet value and how many matching documents have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FacetCount {
    /// The value (`runbook`, `vpn`, …).
    pub value: String,
    /// Matching documents.
    pub count: u64,
}

/// Facet counts by dimension.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct FacetCounts {
    /// By kind.
    pub kinds: Vec<FacetCount>,
    /// By tag (top 25).
    pub tags: Vec<FacetCount>,
}

/// The answer to a search.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchResults {
    /// Total matching documents.
    pub total: usize,
    /// The top hits.
    pub hits: Vec<SearchHit>,
    /// Facet counts (each dimension ignores its own filter, so the user can switch).
    pub facets: FacetCounts,
    /// Time spent inside the core, in microseconds.
    pub took_micros: u64,
    /// True when no document had all the words (short queries) or most of them (long ones),
    /// and hits match only some of them.
    pub relaxed: bool,
}

/// The search index: one writer behind a lock, a reader reloaded after every commit.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Option<Mutex<WriterSlot>>,
    f: Fields,
    dir: Option<PathBuf>,
    en: Mutex<TextAnalyzer>,
    raw: Mutex<TextAnalyzer>,
    /// The words prefix and typo expansion search (see [`vocab`]).
    vocab: std::sync::RwLock<vocab::Vocab>,
    /// What the writer's tokenizers counted since the last commit.
    counts: std::sync::Arc<crate::analysis::WordCounts>,
}

/// How [`SearchIndex::open`] found the index on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenState {
    /// A readable index of the current schema version.
    Existing,
    /// Missing, unreadable, or of another version: created empty, every document must be added.
    Rebuilt,
}

impl Drop for SearchIndex {
    /// The writer goes first (its merges end); the folder as it is then was written by this
    /// process in this boot, so the next open need not verify it (see [`Self::check_readable`]).
    fn drop(&mut self) {
        if let Some(w) = self.writer.take() {
            drop(w.into_inner().unwrap_or_else(|e| e.into_inner()));
            self.record_verified();
        }
    }
}

impl SearchIndex {
    /// An in-memory index (tests, read-only fallbacks).
    pub fn in_ram() -> Result<Self> {
        let (schema, f) = build_schema();
        let index = Index::create_in_ram(schema);
        Self::finish(index, f, None, true, vocab::Vocab::empty(None, 0)?)
    }

    /// Opens the index in `dir`, recreating it when missing, corrupt or of another version.
    /// With `writable == false` no writer is taken (another process owns it).
    pub fn open(dir: &Path, writable: bool) -> Result<(Self, OpenState)> {
        let (schema, f) = build_schema();
        let version_ok = std::fs::read_to_string(dir.join(VERSION_FILE))
            .map(|v| v.trim() == SCHEMA_VERSION.to_string())
            .unwrap_or(false);
        if version_ok {
            match CacheDirectory::open(dir).and_then(Index::open) {
                Ok(index) if index.schema() == schema => {
                    let stored = vocab::Vocab::load(dir);
                    let found = stored.is_some();
                    let vocab = match stored {
                        Some(v) => v,
                        None => vocab::Vocab::empty(None, 0)?,
                    };
                    match Self::finish(index, f, Some(dir.to_path_buf()), writable, vocab) {
                        Ok(s) => {
                            // The writer (its lock now held) needs the vocabulary of the
                            // index's last commit: one missing or behind it (a process killed
                            // between writing the two) has the index rebuilt. A reader takes
                            // it as it is: the writer, another process, may be between the two.
                            let current = !writable || (found && s.vocab_is_current());
                            if current && s.check_readable().is_ok() {
                                return Ok((s, OpenState::Existing));
                            }
                            drop(s);
                        }
                        Err(Error::Index(tantivy::TantivyError::LockFailure(..))) => {
                            return Err(Error::Locked(dir.to_path_buf()))
                        }
                        Err(_) => {}
                    }
                }
                _ => {}
            }
        }
        if !writable {
            // Cannot rebuild someone else's index: serve from memory instead.
            let s = Self::in_ram()?;
            return Ok((s, OpenState::Rebuilt));
        }
        if dir.is_dir() {
            std::fs::remove_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        } else if dir.exists() {
            // Something that is not a folder sits where the index goes.
            std::fs::remove_file(dir).map_err(|e| Error::io(dir, e))?;
        }
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let index = Index::create(
            CacheDirectory::open(dir)?,
            schema,
            tantivy::IndexSettings::default(),
        )?;
        std::fs::write(dir.join(VERSION_FILE), SCHEMA_VERSION.to_string())
            .map_err(|e| Error::io(dir, e))?;
        let vocab = vocab::Vocab::empty(Some(dir), index.load_metas()?.opstamp)?;
        Ok((
            Self::finish(index, f, Some(dir.to_path_buf()), true, vocab)?,
            OpenState::Rebuilt,
        ))
    }

    /// Opens the index in `dir` read-only if it exists, is of this schema version and passes
    /// its checksums; never creates, removes or locks anything.
    pub fn open_existing(dir: &Path) -> Option<Self> {
        let version_ok = std::fs::read_to_string(dir.join(VERSION_FILE))
            .is_ok_and(|v| v.trim() == SCHEMA_VERSION.to_string());
        if !version_ok {
            return None;
        }
        let (schema, f) = build_schema();
        let index = CacheDirectory::open(dir).and_then(Index::open).ok()?;
        if index.schema() != schema {
            return None;
        }
        // Read-only: a vocabulary behind the index (its writer was killed) still serves.
        let vocab = vocab::Vocab::load(dir)?;
        let s = Self::finish(index, f, Some(dir.to_path_buf()), false, vocab).ok()?;
        s.check_readable().ok()?;
        Some(s)
    }

    /// Whether the vocabulary reflects the index's last commit.
    fn vocab_is_current(&self) -> bool {
        let opstamp = self
            .vocab
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .opstamp();
        self.index.load_metas().is_ok_and(|m| m.opstamp == opstamp)
    }

    fn finish(
        index: Index,
        f: Fields,
        dir: Option<PathBuf>,
        writable: bool,
        vocab: vocab::Vocab,
    ) -> Result<Self> {
        let counts = std::sync::Arc::default();
        register_tokenizers(&index, &counts);
        let writer = if writable {
            let (threads, bytes) = writer::SMALL_WRITER;
            Some(Mutex::new(WriterSlot {
                writer: Some(index.writer_with_num_threads(threads, bytes)?),
                bulk: false,
            }))
        } else {
            None
        };
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let en = index.tokenizers().get(EN).expect("registered");
        let raw = index.tokenizers().get(RAW).expect("registered");
        Ok(SearchIndex {
            index,
            reader,
            writer,
            f,
            dir,
            en: Mutex::new(en),
            raw: Mutex::new(raw),
            vocab: std::sync::RwLock::new(vocab),
            counts,
        })
    }

    /// Verifies the checksum of every file of the committed segments (each file ends with a
    /// CRC of its content): detects truncated or corrupted files without decoding anything,
    /// and without keeping the files mapped afterwards. Skipped when the index folder is as
    /// this machine's current boot last verified or wrote it (see [`cache_dir::Fingerprint`]):
    /// reading every file of a 100,000-document index took most of a reopen.
    fn check_readable(&self) -> Result<()> {
        let known = self
            .dir
            .as_deref()
            .and_then(|d| cache_dir::Fingerprint::of_index(d, &self.index))
            .is_some_and(|f| f.is_recorded());
        if known {
            return Ok(());
        }
        let damaged = self.index.validate_checksum()?;
        if damaged.is_empty() {
            if self.writable() {
                self.record_verified();
            }
            Ok(())
        } else {
            Err(Error::IndexDamaged(format!(
                "damaged index files: {}",
                damaged
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )))
        }
    }

    /// Records the index folder as it is now as sound (after a verification, or after this
    /// process committed to it), so that the next open in this boot skips the verification.
    pub(crate) fn record_verified(&self) {
        if let Some(f) = self
            .dir
            .as_deref()
            .and_then(|d| cache_dir::Fingerprint::of_index(d, &self.index))
        {
            f.record();
        }
    }

    /// The folder holding the index, if on disk.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Whether this handle can write.
    pub fn writable(&self) -> bool {
        self.writer.is_some()
    }

    /// Number of documents in the committed index.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Number of segments in the committed index (each query visits every segment).
    pub fn num_segments(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// Every indexed path (for consistency checks).
    pub fn paths(&self) -> Result<Vec<String>> {
        let searcher = self.reader.searcher();
        let mut out = Vec::new();
        for seg in searcher.segment_readers() {
            let store = seg
                .get_store_reader(1)
                .map_err(tantivy::TantivyError::from)?;
            for doc_id in seg.doc_ids_alive() {
                let d: TantivyDocument = store.get(doc_id)?;
                if let Some(p) = d.get_first(self.f.path).and_then(|v| v.as_str()) {
                    out.push(p.to_string());
                }
            }
        }
        out.sort();
        Ok(out)
    }

    /// The stamp of every indexed document, by path (read from the fast fields: no document is
    /// loaded).
    pub fn stamps(&self) -> Result<Stamps> {
        let searcher = self.reader.searcher();
        let mut out =
            Stamps::with_capacity_and_hasher(searcher.num_docs() as usize, Default::default());
        for seg in searcher.segment_readers() {
            let ff = seg.fast_fields();
            let paths = ff
                .str("path")?
                .ok_or_else(|| Error::Internal("the index has no path column".into()))?;
            let mut terms = column_terms(&paths)?;
            let mtimes = ff.u64("mtime")?;
            let sizes = ff.u64("size")?;
            for doc in seg.doc_ids_alive() {
                let Some(ord) = paths.term_ords(doc).next() else {
                    continue;
                };
                // A path is one live document's: its term is moved out, not copied (a second
                // live holder, which the writer never leaves, reads it again).
                let mut path = terms
                    .get_mut(ord as usize)
                    .map(std::mem::take)
                    .unwrap_or_default();
                if path.is_empty()
                    && !paths
                        .ord_to_str(ord, &mut path)
                        .map_err(tantivy::TantivyError::from)?
                {
                    continue;
                }
                let stamp = FileStamp {
                    mtime_ns: u128::from(mtimes.first(doc).unwrap_or(0)),
                    size: sizes.first(doc).unwrap_or(0),
                };
                out.insert(path, stamp);
            }
        }
        Ok(out)
    }

    /// What reports need of every indexed document (path, title, kind, status, review date,
    /// category, product), read from the fast fields: no document is loaded. Sorted by path.
    pub fn doc_infos(&self) -> Result<Vec<crate::metrics::DocInfo>> {
        let searcher = self.reader.searcher();
        let mut out = Vec::with_capacity(searcher.num_docs() as usize);
        for seg in searcher.segment_readers() {
            let ff = seg.fast_fields();
            let col = |name: &str| -> Result<tantivy::columnar::StrColumn> {
                ff.str(name)?
                    .ok_or_else(|| Error::Internal(format!("the index has no {name} column")))
            };
            let cols = [
                col("path")?,
                col("info_title")?,
                col("kind")?,
                col("status")?,
                col("info_review_by")?,
                col("info_category")?,
                col("info_product")?,
            ];
            let terms = cols.iter().map(column_terms).collect::<Result<Vec<_>>>()?;
            for doc in seg.doc_ids_alive() {
                let mut v: [Option<String>; 7] = Default::default();
                for ((slot, c), t) in v.iter_mut().zip(&cols).zip(&terms) {
                    *slot = c
                        .term_ords(doc)
                        .next()
                        .and_then(|o| t.get(o as usize))
                        .cloned();
                }
                let [path, title, kind, status, review_by, category, product] = v;
                let Some(path) = path else { continue };
                out.push(crate::metrics::DocInfo {
                    path,
                    title: title.unwrap_or_default(),
                    kind: kind.unwrap_or_default(),
                    status: status.unwrap_or_default(),
                    review_by: review_by.map(|r| r.trim().chars().take(10).collect()),
                    category,
                    product,
                });
            }
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }

    /// Every indexed document's file stamp and stored summary (read from the fast fields: no
    /// document is loaded), in no particular order.
    pub fn summaries(&self) -> Result<Vec<(FileStamp, StoredSummary)>> {
        let searcher = self.reader.searcher();
        let mut out = Vec::with_capacity(searcher.num_docs() as usize);
        for seg in searcher.segment_readers() {
            let ff = seg.fast_fields();
            let col = ff
                .str("info_summary")?
                .ok_or_else(|| Error::Internal("the index has no info_summary column".into()))?;
            let terms = column_terms(&col)?;
            let mtimes = ff.u64("mtime")?;
            let sizes = ff.u64("size")?;
            for doc in seg.doc_ids_alive() {
                let Some(json) = col
                    .term_ords(doc)
                    .next()
                    .and_then(|o| terms.get(o as usize))
                else {
                    continue;
                };
                let stored: StoredSummary = serde_json::from_str(json).map_err(|e| {
                    Error::Internal(format!("an indexed document summary does not read: {e}"))
                })?;
                let stamp = FileStamp {
                    mtime_ns: u128::from(mtimes.first(doc).unwrap_or(0)),
                    size: sizes.first(doc).unwrap_or(0),
                };
                out.push((stamp, stored));
            }
        }
        Ok(out)
    }

    /// The stored summary of the indexed document `path`, if any.
    pub fn summary_of(&self, path: &str) -> Result<Option<StoredSummary>> {
        use tantivy::query::TermQuery;
        use tantivy::schema::IndexRecordOption;
        let q = TermQuery::new(
            tantivy::Term::from_field_text(self.f.path, path),
            IndexRecordOption::Basic,
        );
        let searcher = self.reader.searcher();
        let found = searcher.search(&q, &tantivy::collector::DocSetCollector)?;
        let Some(addr) = found.into_iter().next() else {
            return Ok(None);
        };
        let seg = searcher.segment_reader(addr.segment_ord);
        let Some(col) = seg.fast_fields().str("info_summary")? else {
            return Ok(None);
        };
        let ord = col.term_ords(addr.doc_id).next();
        let mut buf = String::new();
        match ord {
            Some(ord)
                if col
                    .ord_to_str(ord, &mut buf)
                    .map_err(tantivy::TantivyError::from)? =>
            {
                Ok(serde_json::from_str(&buf).ok())
            }
            _ => Ok(None),
        }
    }

    /// The paths of the documents holding any of these link keys (see [`link_keys`]), sorted.
    pub fn linking_to(&self, keys: &[String]) -> Result<Vec<String>> {
        use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
        use tantivy::schema::IndexRecordOption;
        let clauses: Vec<(Occur, Box<dyn Query>)> = keys
            .iter()
            .map(|k| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    tantivy::Term::from_field_text(self.f.links_to, k),
                    IndexRecordOption::Basic,
                ));
                (Occur::Should, q)
            })
            .collect();
        let searcher = self.reader.searcher();
        let found = searcher.search(
            &BooleanQuery::new(clauses),
            &tantivy::collector::DocSetCollector,
        )?;
        let mut out = Vec::with_capacity(found.len());
        let mut buf = String::new();
        for addr in found {
            let seg = searcher.segment_reader(addr.segment_ord);
            let Some(paths) = seg.fast_fields().str("path")? else {
                continue;
            };
            let ord = paths.term_ords(addr.doc_id).next();
            if let Some(ord) = ord {
                if paths
                    .ord_to_str(ord, &mut buf)
                    .map_err(tantivy::TantivyError::from)?
                {
                    out.push(buf.clone());
                }
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// Whether the indexed document `path` has a heading with this anchor: read from its
    /// stored sections (the headings' anchors and offsets). Links to another document's heading
    /// are rare (lint and rendering ask); indexing every heading's anchor instead was 4 % of a
    /// first open's CPU.
    pub fn has_anchor(&self, path: &str, anchor: &str) -> bool {
        use tantivy::query::TermQuery;
        use tantivy::schema::IndexRecordOption;
        let q = TermQuery::new(
            tantivy::Term::from_field_text(self.f.path, path),
            IndexRecordOption::Basic,
        );
        let searcher = self.reader.searcher();
        let Ok(found) = searcher.search(&q, &tantivy::collector::DocSetCollector) else {
            return false;
        };
        found.into_iter().any(|addr| {
            searcher
                .doc::<TantivyDocument>(addr)
                .ok()
                .and_then(|d| {
                    let json = d.get_first(self.f.sections)?.as_str()?.to_string();
                    serde_json::from_str::<Vec<(usize, String, String)>>(&json).ok()
                })
                .is_some_and(|sections| sections.iter().any(|(_, a, _)| a == anchor))
        })
    }

    /// The tokens of `text` through `analyzer`.
    fn analyze(&self, analyzer: &Mutex<TextAnalyzer>, text: &str) -> Vec<String> {
        self.analyze_at(analyzer, text)
            .into_iter()
            .map(|(t, _)| t)
            .collect()
    }

    /// The tokens of `text` through `analyzer`, with their positions.
    fn analyze_at(&self, analyzer: &Mutex<TextAnalyzer>, text: &str) -> Vec<(String, usize)> {
        let mut a = analyzer.lock().unwrap_or_else(|e| e.into_inner());
        let mut ts = a.token_stream(text);
        let mut out = Vec::new();
        while ts.advance() {
            let t = ts.token();
            out.push((t.text.clone(), t.position));
        }
        out
    }
}
