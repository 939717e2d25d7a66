//! The tantivy search index: schema, analyzers, (re)indexing, query building (words with prefix
//! and typo expansion, phrases and boolean syntax, field filters), ranking with field boosts,
//! highlighted snippets, section-level hits and facet counts.
//!
//! The index is a cache of the markdown: [`SearchIndex::open`] rebuilds it when it is missing,
//! unreadable or of another schema version (the caller then re-adds every document).
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, Count, FacetCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, QueryParser,
    TermQuery,
};
use tantivy::schema::{
    Facet as TFacet, FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing,
    TextOptions, Value, FAST, STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{
    DocAddress, DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, SegmentReader,
    TantivyDocument, Term,
};

mod cache_dir;

use crate::analysis::WordTokenizer;
use crate::article::{Article, Status};
use crate::error::{Error, Result};
use cache_dir::CacheDirectory;

/// Bump when the schema or analyzers change: an index of another version is rebuilt.
pub const SCHEMA_VERSION: u32 = 5;
const VERSION_FILE: &str = "fieldguide-schema-version";
const EN: &str = "fg_en";
const RAW: &str = "fg_raw";

/// What the UI or CLI asks for.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionRef {
    /// Heading text.
    pub heading: String,
    /// Heading anchor.
    pub anchor: String,
}

/// One search result.
#[derive(Debug, Clone, Serialize, Deserialize)]
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
}

/// A facet value and how many matching documents have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCount {
    /// The value (`runbook`, `vpn`, …).
    pub value: String,
    /// Matching documents.
    pub count: u64,
}

/// Facet counts by dimension.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FacetCounts {
    /// By kind.
    pub kinds: Vec<FacetCount>,
    /// By tag (top 25).
    pub tags: Vec<FacetCount>,
}

/// The answer to a search.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
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
    /// True when no document had all the words and hits match only some of them.
    pub relaxed: bool,
}

#[derive(Clone, Copy)]
struct Fields {
    path: Field,
    title: Field,
    headings: Field,
    tags_text: Field,
    body: Field,
    meta: Field,
    vocab: Field,
    kind: Field,
    status: Field,
    tag: Field,
    product: Field,
    category: Field,
    facets: Field,
    sections: Field,
    product_display: Field,
    mtime: Field,
    size: Field,
    /// The kind's ranking prior, as an index into [`KIND_PRIORS`].
    kind_prior: Field,
}

/// What the index remembers of a file to tell, at the next start, whether it changed: its
/// modification time (ns since the epoch) and size. Kept in the index itself (fast fields), so
/// it is committed together with the document it describes.
pub type Stamp = (u128, u64);

fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let en_positions = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(EN)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let en_freqs = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(EN)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let raw_basic = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(RAW)
            .set_index_option(IndexRecordOption::Basic),
    );
    let fields = Fields {
        path: b.add_text_field("path", STRING | STORED | FAST),
        title: b.add_text_field("title", en_positions.clone() | STORED),
        headings: b.add_text_field("headings", en_positions.clone()),
        tags_text: b.add_text_field("tags", en_freqs.clone()),
        body: b.add_text_field("body", en_positions | STORED),
        meta: b.add_text_field("meta", en_freqs),
        vocab: b.add_text_field("vocab", raw_basic),
        kind: b.add_text_field("kind", STRING | STORED),
        status: b.add_text_field("status", STRING | STORED),
        tag: b.add_text_field("tag", STRING | STORED),
        product: b.add_text_field("product", STRING),
        category: b.add_text_field("category", STRING),
        facets: b.add_facet_field("facets", FacetOptions::default()),
        sections: b.add_text_field("sections", STORED),
        product_display: b.add_text_field("product_display", STORED),
        mtime: b.add_u64_field("mtime", FAST),
        size: b.add_u64_field("size", FAST),
        kind_prior: b.add_u64_field(KIND_PRIOR_FIELD, FAST),
    };
    (b.build(), fields)
}

fn register_tokenizers(index: &Index) {
    // `SimpleTokenizer` → `RemoveLongFilter(48)` → `LowerCaser` → `AsciiFoldingFilter`
    // [→ English stop words → English stemmer], one cache lookup per word (crate::analysis).
    index
        .tokenizers()
        .register(EN, TextAnalyzer::from(WordTokenizer::stemmed()));
    index
        .tokenizers()
        .register(RAW, TextAnalyzer::from(WordTokenizer::folded()));
}

/// The fast field holding each document's ranking prior.
const KIND_PRIOR_FIELD: &str = "kind_prior";

/// Score multipliers by kind: the KB's own knowledge (runbooks, articles, flows) first, the
/// records of single cases (ticket notes, escalation packets) a notch lower, so a case that
/// mentions the words as often as the article about them comes after it — and a case that
/// matches clearly better still comes first.
const KIND_PRIORS: [f32; 3] = [1.0, 0.85, 0.8];

fn kind_prior(kind: crate::article::DocKind) -> u64 {
    use crate::article::DocKind;
    match kind {
        DocKind::Runbook | DocKind::Article | DocKind::Flow => 0,
        DocKind::Ticket => 1,
        DocKind::Escalation => 2,
    }
}

/// Top `limit` documents by relevance times their kind's prior.
fn top_ranked(limit: usize) -> impl Collector<Fruit = Vec<(Score, DocAddress)>> {
    TopDocs::with_limit(limit).tweak_score(|segment: &SegmentReader| {
        let priors = segment
            .fast_fields()
            .u64(KIND_PRIOR_FIELD)
            .ok()
            .map(|c| c.first_or_default_col(0));
        move |doc: DocId, score: Score| match &priors {
            Some(p) => {
                let i = usize::try_from(p.get_val(doc)).unwrap_or(0);
                score * KIND_PRIORS.get(i).copied().unwrap_or(1.0)
            }
            None => score,
        }
    })
}

/// Index writer sizes (threads, memory budget in bytes). Loading many documents uses both cores
/// and a large buffer; day-to-day changes (a file or a few) use one thread and tantivy's
/// smallest buffer, which commits sooner and holds less memory while the app sits idle.
const BULK_WRITER: (usize, usize) = (2, 96_000_000);
const SMALL_WRITER: (usize, usize) = (1, 15_000_000);
/// From how many documents a change is loaded with the bulk writer.
const BULK_DOCS: usize = 256;

/// The writer, and whether it is the bulk one.
struct WriterSlot {
    writer: Option<IndexWriter>,
    bulk: bool,
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
}

/// How [`SearchIndex::open`] found the index on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenState {
    /// A readable index of the current schema version.
    Existing,
    /// Missing, unreadable, or of another version: created empty, every document must be added.
    Rebuilt,
}

impl SearchIndex {
    /// An in-memory index (tests, read-only fallbacks).
    pub fn in_ram() -> Result<Self> {
        let (schema, f) = build_schema();
        let index = Index::create_in_ram(schema);
        Self::finish(index, f, None, true)
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
                    match Self::finish(index, f, Some(dir.to_path_buf()), writable) {
                        Ok(s) => match s.check_readable() {
                            Ok(()) => return Ok((s, OpenState::Existing)),
                            Err(_) => drop(s),
                        },
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
        Ok((
            Self::finish(index, f, Some(dir.to_path_buf()), true)?,
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
        let s = Self::finish(index, f, Some(dir.to_path_buf()), false).ok()?;
        s.check_readable().ok()?;
        Some(s)
    }

    fn finish(index: Index, f: Fields, dir: Option<PathBuf>, writable: bool) -> Result<Self> {
        register_tokenizers(&index);
        let writer = if writable {
            let (threads, bytes) = SMALL_WRITER;
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
        })
    }

    /// Verifies the checksum of every file of the committed segments (each file ends with a
    /// CRC of its content): detects truncated or corrupted files without decoding anything,
    /// and without keeping the files mapped afterwards.
    fn check_readable(&self) -> Result<()> {
        let damaged = self.index.validate_checksum()?;
        if damaged.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(format!(
                "damaged index files: {}",
                damaged
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )))
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
    pub fn stamps(&self) -> Result<HashMap<String, Stamp>> {
        let searcher = self.reader.searcher();
        let mut out = HashMap::with_capacity(searcher.num_docs() as usize);
        let mut path = String::new();
        for seg in searcher.segment_readers() {
            let ff = seg.fast_fields();
            let paths = ff
                .str("path")?
                .ok_or_else(|| Error::Invalid("the index has no path column".into()))?;
            let mtimes = ff.u64("mtime")?;
            let sizes = ff.u64("size")?;
            for doc in seg.doc_ids_alive() {
                let Some(ord) = paths.term_ords(doc).next() else {
                    continue;
                };
                if !paths
                    .ord_to_str(ord, &mut path)
                    .map_err(tantivy::TantivyError::from)?
                {
                    continue;
                }
                let stamp = (
                    u128::from(mtimes.first(doc).unwrap_or(0)),
                    sizes.first(doc).unwrap_or(0),
                );
                out.insert(path.clone(), stamp);
            }
        }
        Ok(out)
    }

    fn make_doc(&self, a: &Article, stamp: Stamp) -> TantivyDocument {
        let f = &self.f;
        let headings: String = a
            .headings
            .iter()
            .map(|h| h.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let sections: Vec<(usize, &str, &str)> = a
            .sections
            .iter()
            .filter_map(|s| {
                s.heading.map(|h| {
                    (
                        s.offset,
                        a.headings[h].anchor.as_str(),
                        a.headings[h].text.as_str(),
                    )
                })
            })
            .collect();
        let mut meta = a.meta.extra_text();
        for v in [
            &a.meta.product,
            &a.meta.category,
            &a.meta.ticket,
            &a.meta.owner,
        ]
        .into_iter()
        .flatten()
        {
            meta.push(' ');
            meta.push_str(v);
        }
        // `add_text` copies each text into the document's own buffer: no clones first.
        let tags = a.meta.tags.join(" ");
        let mut d = TantivyDocument::new();
        d.add_text(f.path, &a.path);
        d.add_text(f.title, &a.title);
        d.add_text(f.headings, &headings);
        d.add_text(f.tags_text, &tags);
        d.add_text(f.body, &a.plain);
        d.add_text(f.meta, &meta);
        d.add_text(f.kind, a.kind.as_str());
        d.add_text(f.status, a.status.as_str());
        d.add_text(
            f.sections,
            serde_json::to_string(&sections).unwrap_or_default(),
        );
        d.add_u64(f.mtime, u64::try_from(stamp.0).unwrap_or(u64::MAX));
        d.add_u64(f.size, stamp.1);
        d.add_u64(f.kind_prior, kind_prior(a.kind));
        // One vocabulary field for prefix and typo expansion (unstemmed words). It records
        // only which documents hold a word, so each distinct word is given once.
        d.add_text(
            f.vocab,
            distinct_words(&[&a.title, &headings, &tags, &a.plain]),
        );
        d.add_facet(f.facets, TFacet::from_path(["kind", a.kind.as_str()]));
        for t in &a.meta.tags {
            d.add_text(f.tag, t);
            d.add_facet(f.facets, TFacet::from_path(["tag", t.as_str()]));
        }
        if let Some(p) = &a.meta.product {
            d.add_text(f.product, p.to_lowercase());
            d.add_text(f.product_display, p);
        }
        if let Some(c) = &a.meta.category {
            d.add_text(f.category, c.to_lowercase());
        }
        d
    }

    /// Runs `f` with the writer of the given size, then commits and reloads the reader. After a
    /// bulk load the small writer is put back, so the bulk buffers are not held while idle.
    fn write(&self, bulk: bool, f: impl FnOnce(&mut IndexWriter) -> Result<()>) -> Result<()> {
        let slot = self
            .writer
            .as_ref()
            .ok_or_else(|| Error::Invalid("the index is open read-only".into()))?;
        let mut slot = slot.lock().unwrap_or_else(|e| e.into_inner());
        let set = |slot: &mut WriterSlot, bulk: bool| -> Result<()> {
            if slot.writer.is_none() || slot.bulk != bulk {
                // One writer per index at a time: the old one goes first.
                slot.writer = None;
                let (threads, bytes) = if bulk { BULK_WRITER } else { SMALL_WRITER };
                // The writer lock is a file lock; a child process forked (by any thread) just
                // before the old writer was dropped holds a copy of its descriptor until it
                // execs. Only this process writes here (the KB lock), so wait that out.
                let mut tries = 0;
                let w = loop {
                    match self.index.writer_with_num_threads(threads, bytes) {
                        Err(tantivy::TantivyError::LockFailure(..)) if tries < 200 => {
                            tries += 1;
                            std::thread::sleep(std::time::Duration::from_millis(10));
                        }
                        other => break other?,
                    }
                };
                slot.writer = Some(w);
                slot.bulk = bulk;
            }
            Ok(())
        };
        set(&mut slot, bulk)?;
        let w = slot.writer.as_mut().expect("set above");
        let done = f(w).and_then(|()| Ok(w.commit().map(|_| ())?));
        if done.is_err() {
            // Whatever was added but not committed is dropped with the writer.
            slot.writer = None;
        }
        if bulk || done.is_err() {
            set(&mut slot, false)?;
        }
        drop(slot);
        done?;
        self.reader.reload()?;
        Ok(())
    }

    /// Replaces the whole index with these documents.
    pub fn rebuild<'a>(
        &self,
        articles: impl IntoIterator<Item = (&'a Article, Stamp)>,
    ) -> Result<()> {
        self.write(true, |w| {
            w.delete_all_documents()?;
            for (a, stamp) in articles {
                w.add_document(self.make_doc(a, stamp))?;
            }
            Ok(())
        })
    }

    /// Replaces the whole index with the documents that `produce` hands to the `add` it is
    /// given. `add` may be called from several threads at once: each document is built on the
    /// calling thread and queued for the indexing threads, so reading and parsing files
    /// overlaps with indexing them. Returns what `produce` returned; committed on return.
    pub fn rebuild_streaming<T>(
        &self,
        produce: impl FnOnce(&(dyn Fn(&Article, Stamp) + Sync)) -> T,
    ) -> Result<T> {
        let mut out = None;
        self.write(true, |w| {
            w.delete_all_documents()?;
            let w: &IndexWriter = w;
            let failed: Mutex<Option<tantivy::TantivyError>> = Mutex::new(None);
            let add = |a: &Article, stamp: Stamp| {
                if let Err(e) = w.add_document(self.make_doc(a, stamp)) {
                    failed
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .get_or_insert(e);
                }
            };
            out = Some(produce(&add));
            match failed.into_inner().unwrap_or_else(|e| e.into_inner()) {
                Some(e) => Err(e.into()),
                None => Ok(()),
            }
        })?;
        Ok(out.expect("produce ran"))
    }

    /// Adds or replaces documents and removes paths, in one commit; searchable on return.
    pub fn update<'a>(
        &self,
        upserts: impl IntoIterator<Item = (&'a Article, Stamp)>,
        removes: impl IntoIterator<Item = &'a str>,
    ) -> Result<()> {
        let upserts: Vec<(&Article, Stamp)> = upserts.into_iter().collect();
        self.write(upserts.len() >= BULK_DOCS, |w| {
            for p in removes {
                w.delete_term(Term::from_field_text(self.f.path, p));
            }
            for (a, stamp) in upserts {
                w.delete_term(Term::from_field_text(self.f.path, &a.path));
                w.add_document(self.make_doc(a, stamp))?;
            }
            Ok(())
        })
    }

    fn analyze(&self, analyzer: &Mutex<TextAnalyzer>, text: &str) -> Vec<String> {
        let mut a = analyzer.lock().unwrap_or_else(|e| e.into_inner());
        let mut ts = a.token_stream(text);
        let mut out = Vec::new();
        while ts.advance() {
            out.push(ts.token().text.clone());
        }
        out
    }

    /// Vocabulary words matching `automaton` (prefix or Levenshtein), most frequent first.
    fn expand(&self, query: &FuzzyTermQuery, exclude: &str, limit: usize) -> Result<Vec<String>> {
        let searcher = self.reader.searcher();
        let mut freq: HashMap<String, u64> = HashMap::new();
        for seg in searcher.segment_readers() {
            let inv = seg.inverted_index(self.f.vocab)?;
            let mut stream = inv
                .terms()
                .search(query.automaton()?)
                .into_stream()
                .map_err(tantivy::TantivyError::from)?;
            let mut seen = 0;
            while stream.advance() && seen < 2000 {
                seen += 1;
                if let Ok(word) = std::str::from_utf8(stream.key()) {
                    if word != exclude {
                        *freq.entry(word.to_string()).or_default() +=
                            u64::from(stream.value().doc_freq);
                    }
                }
            }
        }
        let mut v: Vec<(String, u64)> = freq.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(limit);
        Ok(v.into_iter().map(|(w, _)| w).collect())
    }

    fn vocab_doc_freq(&self, word: &str) -> u64 {
        let searcher = self.reader.searcher();
        let term = Term::from_field_text(self.f.vocab, word);
        searcher.doc_freq(&term).unwrap_or(0)
    }

    fn stem_clause(&self, stem: &str, boost: f32) -> Box<dyn Query> {
        let f = &self.f;
        let weighted = [
            (f.title, 4.0),
            (f.tags_text, 2.5),
            (f.headings, 2.0),
            (f.body, 1.0),
            (f.meta, 0.8),
        ];
        let clauses: Vec<(Occur, Box<dyn Query>)> = weighted
            .iter()
            .map(|(field, w)| {
                let q: Box<dyn Query> = Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(
                        Term::from_field_text(*field, stem),
                        IndexRecordOption::WithFreqs,
                    )),
                    w * boost,
                ));
                (Occur::Should, q)
            })
            .collect();
        Box::new(BooleanQuery::new(clauses))
    }

    /// Builds the text part of the query: the strict form (every word) and relaxed forms.
    #[allow(clippy::type_complexity)]
    fn text_query(
        &self,
        text: &str,
        trailing_space: bool,
    ) -> Result<Option<(Box<dyn Query>, Vec<Box<dyn Query>>)>> {
        let words = self.analyze(&self.raw, text);
        if words.is_empty() {
            return Ok(None);
        }
        let mut word_clauses: Vec<Box<dyn Query>> = Vec::new();
        let mut phrase_stems = Vec::new();
        let n = words.len();
        for (i, w) in words.iter().enumerate() {
            let last = i + 1 == n;
            let mut alts: Vec<(String, f32)> = Vec::new();
            let stems = self.analyze(&self.en, w);
            let is_stop = stems.is_empty();
            if let Some(s) = stems.first() {
                alts.push((s.clone(), 1.0));
                phrase_stems.push(s.clone());
            }
            let char_len = w.chars().count();
            if last && !trailing_space && char_len >= 2 {
                let q = FuzzyTermQuery::new_prefix(Term::from_field_text(self.f.vocab, w), 0, true);
                for word in self.expand(&q, w, 12)? {
                    for s in self.analyze(&self.en, &word) {
                        if !alts.iter().any(|(a, _)| *a == s) {
                            alts.push((s, 0.7));
                        }
                    }
                }
            }
            if char_len >= 5 && self.vocab_doc_freq(w) == 0 {
                let distance = if char_len >= 9 { 2 } else { 1 };
                let q = FuzzyTermQuery::new(Term::from_field_text(self.f.vocab, w), distance, true);
                for word in self.expand(&q, w, 6)? {
                    for s in self.analyze(&self.en, &word) {
                        if !alts.iter().any(|(a, _)| *a == s) {
                            alts.push((s, 0.5));
                        }
                    }
                }
            }
            if alts.is_empty() {
                if is_stop {
                    continue; // a stop word alone says nothing
                }
                // Nothing like it in the KB: this word cannot match.
                alts.push((w.clone(), 1.0));
            }
            let clause: Vec<(Occur, Box<dyn Query>)> = alts
                .iter()
                .map(|(s, b)| (Occur::Should, self.stem_clause(s, *b)))
                .collect();
            word_clauses.push(Box::new(BooleanQuery::new(clause)));
        }
        if word_clauses.is_empty() {
            return Ok(None);
        }
        let mut bonus: Vec<Box<dyn Query>> = Vec::new();
        if phrase_stems.len() >= 2 {
            for (field, w) in [(self.f.body, 1.5), (self.f.title, 3.0)] {
                let terms: Vec<Term> = phrase_stems
                    .iter()
                    .map(|s| Term::from_field_text(field, s))
                    .collect();
                let mut pq = PhraseQuery::new(terms);
                pq.set_slop(1);
                bonus.push(Box::new(BoostQuery::new(Box::new(pq), w)));
            }
        }
        let mut all: Vec<(Occur, Box<dyn Query>)> = word_clauses
            .iter()
            .map(|q| (Occur::Must, q.box_clone()))
            .collect();
        all.extend(bonus.iter().map(|q| (Occur::Should, q.box_clone())));
        let strict: Box<dyn Query> = Box::new(BooleanQuery::new(all));
        // Relaxed forms, tried in order when no document has every word: all words but one,
        // then any word. Phrase bonuses still rank adjacent words first.
        let n = word_clauses.len();
        let mut relaxed: Vec<Box<dyn Query>> = Vec::new();
        let mut tiers = vec![1];
        if n >= 3 {
            tiers.insert(0, n - 1);
        }
        for min in tiers {
            if n < 2 {
                break;
            }
            let words: Vec<(Occur, Box<dyn Query>)> = word_clauses
                .iter()
                .map(|q| (Occur::Should, q.box_clone()))
                .collect();
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(
                Occur::Must,
                Box::new(BooleanQuery::with_minimum_required_clauses(words, min)),
            )];
            clauses.extend(bonus.iter().map(|q| (Occur::Should, q.box_clone())));
            relaxed.push(Box::new(BooleanQuery::new(clauses)));
        }
        Ok(Some((strict, relaxed)))
    }

    fn advanced_query(&self, text: &str) -> Box<dyn Query> {
        let f = &self.f;
        let mut qp = QueryParser::for_index(
            &self.index,
            vec![f.title, f.headings, f.tags_text, f.body, f.meta],
        );
        qp.set_conjunction_by_default();
        qp.set_field_boost(f.title, 4.0);
        qp.set_field_boost(f.tags_text, 2.5);
        qp.set_field_boost(f.headings, 2.0);
        qp.set_field_boost(f.meta, 0.8);
        qp.parse_query_lenient(text).0
    }

    /// Runs a search.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        let started = Instant::now();
        let parsed = ParsedQuery::parse(&req.query);
        let mut kinds: Vec<String> = req.kinds.iter().map(|k| k.to_lowercase()).collect();
        kinds.extend(parsed.kinds.iter().cloned());
        let mut tags: Vec<String> = req.tags.iter().map(|t| t.to_lowercase()).collect();
        tags.extend(parsed.tags.iter().cloned());
        let include_retired = req.include_retired || parsed.statuses.iter().any(|s| s == "retired");

        let text_trimmed = parsed.text.trim();
        let (strict, relaxed): (Box<dyn Query>, Vec<Box<dyn Query>>) = if text_trimmed.is_empty() {
            (Box::new(AllQuery), vec![])
        } else if parsed.advanced {
            (self.advanced_query(text_trimmed), vec![])
        } else {
            match self.text_query(text_trimmed, req.query.ends_with(' '))? {
                Some((s, r)) => (s, r),
                None => (Box::new(AllQuery), vec![]),
            }
        };

        let f = self.f;
        let filters = |with_kinds: bool, with_tags: bool| -> Vec<(Occur, Box<dyn Query>)> {
            let mut v: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            if with_kinds && !kinds.is_empty() {
                let any: Vec<(Occur, Box<dyn Query>)> = kinds
                    .iter()
                    .map(|k| (Occur::Should, term_q(f.kind, k)))
                    .collect();
                v.push((Occur::Must, Box::new(BooleanQuery::new(any))));
            }
            if with_tags {
                for t in &tags {
                    v.push((Occur::Must, term_q(f.tag, t)));
                }
            }
            for p in &parsed.products {
                v.push((Occur::Must, term_q(f.product, p)));
            }
            for c in &parsed.categories {
                v.push((Occur::Must, term_q(f.category, c)));
            }
            if !parsed.statuses.is_empty() {
                let any: Vec<(Occur, Box<dyn Query>)> = parsed
                    .statuses
                    .iter()
                    .map(|s| (Occur::Should, term_q(f.status, s)))
                    .collect();
                v.push((Occur::Must, Box::new(BooleanQuery::new(any))));
            }
            if !include_retired {
                v.push((Occur::MustNot, term_q(f.status, Status::Retired.as_str())));
            }
            v
        };
        let with = |q: &dyn Query, fl: Vec<(Occur, Box<dyn Query>)>| -> Box<dyn Query> {
            let mut all = vec![(Occur::Must, q.box_clone())];
            all.extend(fl);
            Box::new(BooleanQuery::new(all))
        };

        let searcher = self.reader.searcher();
        let limit = if req.limit == 0 {
            20
        } else {
            req.limit.min(500)
        };
        // Without kind/tag filters every facet dimension sees the main query, so counting,
        // ranking and both facet counts share one pass over the matches.
        let shared_filters = kinds.is_empty() && tags.is_empty();
        let facet_collector = |prefix: &str| {
            let mut fc = FacetCollector::for_field("facets");
            fc.add_facet(TFacet::from_path([prefix]));
            fc
        };
        let one_pass = |q: &dyn Query| {
            searcher.search(
                q,
                &(
                    Count,
                    top_ranked(limit),
                    facet_collector("kind"),
                    facet_collector("tag"),
                ),
            )
        };
        let mut main = with(strict.as_ref(), filters(true, true));
        let mut pass = if shared_filters {
            Some(one_pass(main.as_ref())?)
        } else {
            None
        };
        let mut total = match &pass {
            Some((n, ..)) => *n,
            None => searcher.search(&main, &Count)?,
        };
        let mut text_q: &dyn Query = strict.as_ref();
        let mut relaxed_used = false;
        for r in &relaxed {
            if total > 0 {
                break;
            }
            let q = with(r.as_ref(), filters(true, true));
            let n = searcher.search(&q, &Count)?;
            if n > 0 {
                main = q;
                total = n;
                relaxed_used = true;
                text_q = r.as_ref();
                pass = None;
            }
        }
        if pass.is_none() && shared_filters {
            pass = Some(one_pass(main.as_ref())?);
        }

        // Facets: each dimension ignores its own filter.
        let facet_counts = |q: &dyn Query, prefix: &str| -> Result<Vec<FacetCount>> {
            Ok(facet_values(
                &searcher.search(q, &facet_collector(prefix))?,
                prefix,
            ))
        };
        let (top, kinds_facets, mut tag_facets) = match pass {
            Some((_, top, kinds, tags)) => (
                top,
                facet_values(&kinds, "kind"),
                facet_values(&tags, "tag"),
            ),
            None => (
                searcher.search(&main, &top_ranked(limit))?,
                facet_counts(with(text_q, filters(false, true)).as_ref(), "kind")?,
                facet_counts(with(text_q, filters(true, false)).as_ref(), "tag")?,
            ),
        };
        tag_facets.truncate(25);

        let mut snippets = SnippetGenerator::create(&searcher, text_q, f.body)?;
        snippets.set_max_num_chars(180);
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let d: TantivyDocument = searcher.doc(addr)?;
            let get = |field: Field| {
                d.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let body = d
                .get_first(f.body)
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            let snippet = snippets.snippet(body);
            let (snippet_html, section) = if snippet.is_empty() {
                let lead: String = body.chars().take(180).collect();
                (crate::render::escape_html(lead.trim()), None)
            } else {
                let start = snippet.fragment_range().start
                    + snippet.highlighted().first().map(|r| r.start).unwrap_or(0);
                (snippet.to_html(), section_at(&get(f.sections), start))
            };
            hits.push(SearchHit {
                path: get(f.path),
                title: get(f.title),
                kind: get(f.kind),
                status: get(f.status),
                tags: d
                    .get_all(f.tag)
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
                product: d
                    .get_first(f.product_display)
                    .and_then(|v| v.as_str())
                    .map(str::to_string),
                snippet_html,
                section,
                score,
            });
        }
        Ok(SearchResults {
            total,
            hits,
            facets: FacetCounts {
                kinds: kinds_facets,
                tags: tag_facets,
            },
            took_micros: started.elapsed().as_micros() as u64,
            relaxed: relaxed_used,
        })
    }
}

/// The distinct words of `parts`, space-separated, in first-seen order. A word is a maximal run
/// of alphanumeric characters, exactly as tantivy's `SimpleTokenizer` cuts them, so analysing
/// the result gives the same terms as analysing the parts (each once).
fn distinct_words(parts: &[&str]) -> String {
    // Sized for the usual share of distinct words, so that neither grows while filling.
    let bytes: usize = parts.iter().map(|p| p.len()).sum();
    let mut seen: std::collections::HashSet<&str, rustc_hash::FxBuildHasher> =
        std::collections::HashSet::with_capacity_and_hasher(bytes / 16, Default::default());
    let mut out = String::with_capacity(bytes / 2);
    for text in parts {
        let mut at = 0;
        while let Some((from, to)) = crate::analysis::next_word(text, at) {
            at = to;
            let w = &text[from..to];
            if seen.insert(w) {
                out.push_str(w);
                out.push(' ');
            }
        }
    }
    out
}

/// The values under `prefix` (`kind`, `tag`), most frequent first.
fn facet_values(counts: &tantivy::collector::FacetCounts, prefix: &str) -> Vec<FacetCount> {
    let mut v: Vec<FacetCount> = counts
        .get(TFacet::from_path([prefix]))
        .map(|(facet, count)| FacetCount {
            value: facet
                .to_path()
                .last()
                .map(|s| s.to_string())
                .unwrap_or_default(),
            count,
        })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
    v
}

fn term_q(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

fn section_at(sections_json: &str, offset: usize) -> Option<SectionRef> {
    let sections: Vec<(usize, String, String)> = serde_json::from_str(sections_json).ok()?;
    sections
        .into_iter()
        .rev()
        .find(|(o, _, _)| *o <= offset)
        .map(|(_, anchor, heading)| SectionRef { heading, anchor })
}

/// A user query split into free text and field filters.
#[derive(Debug, Default, PartialEq)]
pub struct ParsedQuery {
    /// The text part, as typed (filters removed).
    pub text: String,
    /// True when the text uses phrases or boolean syntax (handled by tantivy's parser).
    pub advanced: bool,
    /// `kind:` filters.
    pub kinds: Vec<String>,
    /// `tag:` filters.
    pub tags: Vec<String>,
    /// `product:` filters.
    pub products: Vec<String>,
    /// `category:` filters.
    pub categories: Vec<String>,
    /// `status:` filters.
    pub statuses: Vec<String>,
}

impl ParsedQuery {
    /// Splits `q`. Filters are `field:value` or `field:"two words"` for kind, tag, product,
    /// category and status.
    pub fn parse(q: &str) -> ParsedQuery {
        let mut out = ParsedQuery::default();
        let mut text = Vec::new();
        let mut rest = q;
        while !rest.is_empty() {
            rest = rest.trim_start();
            if rest.is_empty() {
                break;
            }
            // Take one token, keeping quoted parts together.
            let mut end = 0;
            let mut in_quote = false;
            for (i, c) in rest.char_indices() {
                if c == '"' {
                    in_quote = !in_quote;
                } else if c.is_whitespace() && !in_quote {
                    break;
                }
                end = i + c.len_utf8();
            }
            let tok = &rest[..end];
            rest = &rest[end..];
            if let Some((field, value)) = tok.split_once(':') {
                let value = value.trim_matches('"').to_lowercase();
                let target = match field.to_ascii_lowercase().as_str() {
                    "kind" | "type" => Some(&mut out.kinds),
                    "tag" | "tags" => Some(&mut out.tags),
                    "product" => Some(&mut out.products),
                    "category" => Some(&mut out.categories),
                    "status" => Some(&mut out.statuses),
                    "title" | "body" | "headings" => {
                        out.advanced = true;
                        None
                    }
                    _ => None,
                };
                if let Some(t) = target {
                    if !value.is_empty() {
                        t.push(value);
                    }
                    continue;
                }
            }
            if tok.contains('"')
                || matches!(tok, "AND" | "OR" | "NOT")
                || (tok.len() > 1 && (tok.starts_with('-') || tok.starts_with('+')))
                || tok.starts_with('(')
            {
                out.advanced = true;
            }
            text.push(tok);
        }
        out.text = text.join(" ");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse_article;

    fn idx(docs: &[(&str, &str)]) -> SearchIndex {
        let i = SearchIndex::in_ram().unwrap();
        let arts: Vec<Article> = docs
            .iter()
            .map(|(p, s)| parse_article(p, s.to_string()).0)
            .collect();
        i.rebuild(arts.iter().map(|a| (a, (0, 0)))).unwrap();
        i
    }

    #[test]
    fn distinct_words_give_the_same_terms_once() {
        let parts = [
            "Outlook: OUTLOOK profile",
            "café, naïve—café x2 x2",
            "",
            "a-b a_b",
        ];
        let joined = distinct_words(&parts);
        assert_eq!(joined, "Outlook OUTLOOK profile café naïve x2 a b ");
        let i = SearchIndex::in_ram().unwrap();
        let all: std::collections::BTreeSet<String> =
            parts.iter().flat_map(|p| i.analyze(&i.raw, p)).collect();
        let once = i.analyze(&i.raw, &joined);
        let once_set: std::collections::BTreeSet<String> = once.iter().cloned().collect();
        assert_eq!(all, once_set);
    }

    #[test]
    fn parses_filters() {
        let p = ParsedQuery::parse("vpn tag:network kind:Runbook product:\"Global Protect\" drops");
        assert_eq!(p.text, "vpn drops");
        assert_eq!(p.tags, vec!["network"]);
        assert_eq!(p.kinds, vec!["runbook"]);
        assert_eq!(p.products, vec!["global protect"]);
        assert!(!p.advanced);
        assert!(ParsedQuery::parse("\"certificate expired\"").advanced);
        assert!(ParsedQuery::parse("vpn -printer").advanced);
        assert!(!ParsedQuery::parse("error: 0x80070005").advanced);
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
}
