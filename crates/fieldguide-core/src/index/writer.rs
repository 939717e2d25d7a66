//! Writing the index: one tantivy document per article, the writer's sizes, full rebuilds
//! (also streamed while files are parsed) and incremental updates.
use std::sync::Mutex;

use tantivy::schema::Facet as TFacet;
use tantivy::{IndexWriter, TantivyDocument, Term};

use super::rank::kind_prior;
use super::schema::path_words;
use super::SearchIndex;
use crate::article::Article;
use crate::error::{Error, Problem, Result};
use crate::fsutil::FileStamp;

/// What the streaming writers hand out: adds (or replaces) one parsed document, with the
/// problems found while parsing it and the stamp of the file it was read from. May be called
/// from several threads at once.
pub type AddDoc<'a> = &'a (dyn Fn(&Article, &[Problem], FileStamp) + Sync);

/// Index writer sizes (threads, memory budget in bytes). Loading many documents uses both cores
/// and a large buffer (each thread flushes a segment when its half is full: 100 MB each make
/// segments of ~25,000 documents, 48 MB ones ~10,000, and each segment costs its own term
/// dictionaries); day-to-day changes (a file or a few) use one thread and tantivy's smallest
/// buffer, which commits sooner and holds less memory while the app sits idle.
pub(super) const BULK_WRITER: (usize, usize) = (2, 200_000_000);
pub(super) const SMALL_WRITER: (usize, usize) = (1, 15_000_000);
/// From how many documents a change is loaded with the bulk writer.
const BULK_DOCS: usize = 256;

/// The writer, and whether it is the bulk one.
pub(super) struct WriterSlot {
    pub writer: Option<IndexWriter>,
    pub bulk: bool,
}

impl SearchIndex {
    fn make_doc(&self, a: &Article, problems: &[Problem], stamp: FileStamp) -> TantivyDocument {
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
        let path_words = path_words(&a.path);
        d.add_text(f.path_words, &path_words);
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
        d.add_u64(f.mtime, u64::try_from(stamp.mtime_ns).unwrap_or(u64::MAX));
        d.add_u64(f.size, stamp.size);
        d.add_u64(f.kind_prior, kind_prior(a.kind));
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
        d.add_text(f.info_title, &a.title);
        let stored = super::StoredSummary {
            summary: crate::article::DocSummary::of(a),
            problems: problems.to_vec(),
        };
        d.add_text(
            f.info_summary,
            serde_json::to_string(&stored).unwrap_or_default(),
        );
        let mut keys: Vec<String> = a
            .links
            .iter()
            .flat_map(|l| super::link_keys(&a.path, &l.target))
            .collect();
        keys.sort();
        keys.dedup();
        for k in &keys {
            d.add_text(f.links_to, k);
        }
        for (field, v) in [
            (f.info_review_by, &a.meta.review_by),
            (f.info_category, &a.meta.category),
            (f.info_product, &a.meta.product),
        ] {
            if let Some(v) = v {
                d.add_text(field, v);
            }
        }
        d
    }

    /// Runs `f` with the writer of the given size, then commits and reloads the reader. After a
    /// bulk load the small writer is put back, so the bulk buffers are not held while idle.
    /// `reset`: `f` replaces every document (the vocabulary starts over too).
    fn write(
        &self,
        bulk: bool,
        reset: bool,
        f: impl FnOnce(&mut IndexWriter) -> Result<()>,
    ) -> Result<()> {
        let slot = self
            .writer
            .as_ref()
            .ok_or_else(|| Error::IndexReadOnly("the index is open read-only".into()))?;
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
                if bulk {
                    // The bulk writer is replaced by the small one right after its commit,
                    // which abandons the merges it started: at the first open of 100,000
                    // documents they were 3 s of CPU for nothing. The small writer's default
                    // policy merges later, in the background.
                    w.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
                }
                slot.writer = Some(w);
                slot.bulk = bulk;
            }
            Ok(())
        };
        set(&mut slot, bulk)?;
        let w = slot.writer.as_mut().expect("set above");
        let done = f(w).and_then(|()| Ok(w.commit()?));
        if done.is_err() {
            // Whatever was added but not committed is dropped with the writer.
            slot.writer = None;
        }
        if bulk || done.is_err() {
            set(&mut slot, false)?;
        }
        // The writer's tokenizers counted the words of what was added: tantivy's indexing
        // threads end at each commit (and a dropped writer's with it), handing their counts
        // over. They go into the vocabulary under the writer lock, so in commit order.
        let words = self.counts.take();
        let opstamp = done?;
        self.vocab
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .add_commit(words, opstamp, reset, bulk)?;
        drop(slot);
        self.reader.reload()?;
        if bulk {
            // Written by this process in this boot: sound as it is now. (Not after each small
            // commit, which it would slow: the folder is recorded when the index is closed,
            // and a process killed before leaves the next open to verify.)
            self.record_verified();
        }
        Ok(())
    }

    /// Replaces the whole index with these documents.
    pub fn rebuild<'a>(
        &self,
        articles: impl IntoIterator<Item = (&'a Article, FileStamp)>,
    ) -> Result<()> {
        self.write(true, true, |w| {
            w.delete_all_documents()?;
            for (a, stamp) in articles {
                w.add_document(self.make_doc(a, &[], stamp))?;
            }
            Ok(())
        })
    }

    /// Replaces the whole index with the documents that `produce` hands to the `add` it is
    /// given. `add` may be called from several threads at once: each document is built on the
    /// calling thread and queued for the indexing threads, so reading and parsing files
    /// overlaps with indexing them. Returns what `produce` returned; committed on return.
    pub fn rebuild_streaming<T>(&self, produce: impl FnOnce(AddDoc<'_>) -> T) -> Result<T> {
        self.stream(true, true, &[], produce)
    }

    /// Removes `removes`, then adds or replaces the documents that `produce` hands to `add`
    /// (from any thread, as in [`SearchIndex::rebuild_streaming`]), in one commit; nothing is
    /// held beyond the writer's buffers. `bulk`: many documents are expected.
    pub fn update_streaming<T>(
        &self,
        bulk: bool,
        removes: &[String],
        produce: impl FnOnce(AddDoc<'_>) -> T,
    ) -> Result<T> {
        self.stream(bulk, false, removes, produce)
    }

    fn stream<T>(
        &self,
        bulk: bool,
        clear: bool,
        removes: &[String],
        produce: impl FnOnce(AddDoc<'_>) -> T,
    ) -> Result<T> {
        let mut out = None;
        self.write(bulk, clear, |w| {
            if clear {
                w.delete_all_documents()?;
            }
            for p in removes {
                w.delete_term(Term::from_field_text(self.f.path, p));
            }
            let w: &IndexWriter = w;
            let failed: Mutex<Option<tantivy::TantivyError>> = Mutex::new(None);
            let add = |a: &Article, problems: &[Problem], stamp: FileStamp| {
                if !clear {
                    w.delete_term(Term::from_field_text(self.f.path, &a.path));
                }
                if let Err(e) = w.add_document(self.make_doc(a, problems, stamp)) {
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

    /// Adds or replaces documents (each with its parse problems and file stamp) and removes
    /// paths, in one commit; searchable on return.
    pub fn update<'a>(
        &self,
        upserts: impl IntoIterator<Item = (&'a Article, &'a [Problem], FileStamp)>,
        removes: impl IntoIterator<Item = &'a str>,
    ) -> Result<()> {
        let upserts: Vec<(&Article, &[Problem], FileStamp)> = upserts.into_iter().collect();
        self.write(upserts.len() >= BULK_DOCS, false, |w| {
            for p in removes {
                w.delete_term(Term::from_field_text(self.f.path, p));
            }
            for (a, problems, stamp) in upserts {
                w.delete_term(Term::from_field_text(self.f.path, &a.path));
                w.add_document(self.make_doc(a, problems, stamp))?;
            }
            Ok(())
        })
    }
}
