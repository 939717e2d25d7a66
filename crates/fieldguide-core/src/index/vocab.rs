//! The vocabulary: every word of the indexed documents' titles, paths, headings, tags and
//! text — lowercased and folded, not stemmed, stop words too — with the number of texts
//! holding it. Prefix and typo expansion search it ("outl" → outlook, outline) and rank what
//! they find by that number.
//!
//! It was a tantivy field with one posting per distinct word of every document, which made a
//! quarter of the CPU time of a first open (the distinct words of each document, then their
//! postings and term dictionaries), for postings nothing read. The index writer's tokenizer now
//! counts the words as it stems them ([`crate::analysis::WordCounts`]), and the vocabulary is
//! kept beside the index: `vocab.fst`, an FST map written after each bulk load, and
//! `vocab.log`, the words of each later commit, appended (up to 20,000 words or 1 MB, then
//! written into a new FST). Both name the tantivy commit
//! (opstamp) they reflect; an index whose vocabulary is missing or behind it (a process
//! killed between the two writes) is rebuilt at the next open, like a damaged one. Counts only
//! grow until the next full rebuild: a word of a removed document is still offered, and finds
//! nothing.
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use tantivy_fst::{Automaton, IntoStreamer, Map, Streamer};

use crate::error::{Error, Result};

const FST_FILE: &str = "vocab.fst";
const LOG_FILE: &str = "vocab.log";
/// Words held in memory beside the FST before they are written into it.
const COMPACT_AT: usize = 20_000;
/// Bytes of log (each commit appends all its words: a file saved over and over adds no new
/// word but grows the log) before its words are written into the FST.
const LOG_MAX: u64 = 1 << 20;

pub(super) struct Vocab {
    /// Where the files go; `None` for an index in memory.
    dir: Option<PathBuf>,
    /// The words of the last bulk load (or compaction).
    base: Map<Vec<u8>>,
    /// The words of the commits since, with their counts.
    delta: BTreeMap<Box<str>, u64>,
    /// The commit both reflect.
    opstamp: u64,
    /// Size of the log file.
    log_bytes: u64,
}

impl Vocab {
    /// An empty vocabulary of the commit `opstamp`, written to `dir` if given.
    pub fn empty(dir: Option<&Path>, opstamp: u64) -> Result<Self> {
        let mut v = Vocab {
            dir: dir.map(Path::to_path_buf),
            base: empty_map(),
            delta: BTreeMap::new(),
            opstamp,
            log_bytes: 0,
        };
        v.write_base()?;
        Ok(v)
    }

    /// The vocabulary stored in `dir`, if its files are readable and whole. `vocab.fst` is the
    /// opstamp (8 bytes, little-endian), the CRC-32 of the FST (4 bytes) and the FST.
    pub fn load(dir: &Path) -> Option<Self> {
        let bytes = std::fs::read(dir.join(FST_FILE)).ok()?;
        let stamp: [u8; 8] = bytes.get(..8)?.try_into().ok()?;
        let crc: [u8; 4] = bytes.get(8..12)?.try_into().ok()?;
        let fst = bytes.get(12..)?;
        if crc32fast::hash(fst) != u32::from_le_bytes(crc) {
            return None;
        }
        let base = Map::from_bytes(fst.to_vec()).ok()?;
        let mut v = Vocab {
            dir: Some(dir.to_path_buf()),
            base,
            delta: BTreeMap::new(),
            opstamp: u64::from_le_bytes(stamp),
            log_bytes: 0,
        };
        if let Ok(log) = std::fs::read_to_string(dir.join(LOG_FILE)) {
            v.log_bytes = log.len() as u64;
            v.replay(&log);
        }
        Some(v)
    }

    /// Applies the complete records of `log` that follow the FST.
    fn replay(&mut self, log: &str) {
        let mut record: Option<(u64, Vec<(&str, u64)>)> = None;
        for line in log.lines() {
            if let Some(stamp) = line.strip_prefix('@') {
                record = stamp.parse().ok().map(|s| (s, Vec::new()));
            } else if line == "." {
                if let Some((stamp, words)) = record.take() {
                    if stamp > self.opstamp {
                        for (w, n) in words {
                            *self.delta.entry(w.into()).or_default() += n;
                        }
                        self.opstamp = stamp;
                    }
                }
            } else if let Some((_, words)) = &mut record {
                match line
                    .split_once('\t')
                    .and_then(|(w, n)| Some((w, n.parse().ok()?)))
                {
                    Some(entry) => words.push(entry),
                    None => record = None,
                }
            }
        }
    }

    /// The commit this vocabulary reflects.
    pub fn opstamp(&self) -> u64 {
        self.opstamp
    }

    /// Adds the words of the commit `opstamp`. `reset`: the commit replaced every document;
    /// `bulk`: many documents, so the FST is rewritten rather than the log appended.
    pub fn add_commit(
        &mut self,
        words: crate::analysis::Counted,
        opstamp: u64,
        reset: bool,
        bulk: bool,
    ) -> Result<()> {
        if reset {
            self.base = empty_map();
            self.delta.clear();
        }
        let mut record = String::new();
        if !bulk && !reset {
            record = format!("@{opstamp}\n");
            for (w, n) in &words {
                record.push_str(&format!("{w}\t{n}\n"));
            }
            record.push_str(".\n");
        }
        for (w, n) in words {
            *self.delta.entry(w).or_default() += n;
        }
        self.opstamp = opstamp;
        if reset
            || bulk
            || self.delta.len() >= COMPACT_AT
            || self.log_bytes + record.len() as u64 > LOG_MAX
        {
            self.compact()
        } else {
            self.append(&record)
        }
    }

    /// Writes the delta into a new FST.
    fn compact(&mut self) -> Result<()> {
        let delta = std::mem::take(&mut self.delta);
        let mut merged: Vec<(Vec<u8>, u64)> = Vec::with_capacity(self.base.len() + delta.len());
        let mut base = self.base.stream();
        let mut extra = delta.into_iter().peekable();
        while let Some((k, v)) = base.next() {
            while let Some((w, n)) = extra.next_if(|(w, _)| w.as_bytes() < k) {
                merged.push((w.as_bytes().to_vec(), n));
            }
            let more = extra
                .next_if(|(w, _)| w.as_bytes() == k)
                .map_or(0, |(_, n)| n);
            merged.push((k.to_vec(), v + more));
        }
        merged.extend(extra.map(|(w, n)| (w.as_bytes().to_vec(), n)));
        self.base = Map::from_iter(merged).map_err(fst_error)?;
        self.write_base()
    }

    fn write_base(&mut self) -> Result<()> {
        let Some(dir) = &self.dir else {
            return Ok(());
        };
        let fst = self.base.as_fst().to_vec();
        let mut bytes = self.opstamp.to_le_bytes().to_vec();
        bytes.extend_from_slice(&crc32fast::hash(&fst).to_le_bytes());
        bytes.extend_from_slice(&fst);
        let tmp = dir.join(format!("{FST_FILE}.tmp"));
        std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
        let path = dir.join(FST_FILE);
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
        let log = dir.join(LOG_FILE);
        self.log_bytes = 0;
        match std::fs::remove_file(&log) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(&log, e)),
            _ => Ok(()),
        }
    }

    fn append(&mut self, record: &str) -> Result<()> {
        let Some(dir) = &self.dir else {
            return Ok(());
        };
        self.log_bytes += record.len() as u64;
        let path = dir.join(LOG_FILE);
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(record.as_bytes()))
            .map_err(|e| Error::io(&path, e))
    }

    /// How many texts held `word`.
    #[cfg(test)]
    pub fn count(&self, word: &str) -> u64 {
        self.base.get(word).unwrap_or(0) + self.delta.get(word).copied().unwrap_or(0)
    }

    /// The words `aut` accepts with their counts, at most `max` of them from the FST (in word
    /// order) and any from the words since.
    pub fn matching<A: Automaton>(&self, aut: &A, max: usize) -> Vec<(String, u64)> {
        let mut out: Vec<(String, u64)> = Vec::new();
        let mut stream = self.base.search(aut).into_stream();
        while let Some((k, v)) = stream.next() {
            if out.len() >= max {
                break;
            }
            if let Ok(w) = std::str::from_utf8(k) {
                out.push((w.to_string(), v));
            }
        }
        for (w, n) in &self.delta {
            if accepts(aut, w.as_bytes()) {
                match out.iter_mut().find(|(o, _)| o.as_str() == &**w) {
                    Some((_, c)) => *c += n,
                    None => out.push((w.to_string(), *n)),
                }
            }
        }
        out
    }
}

fn accepts<A: Automaton>(aut: &A, word: &[u8]) -> bool {
    let mut state = aut.start();
    for b in word {
        if !aut.can_match(&state) {
            return false;
        }
        state = aut.accept(&state, *b);
    }
    aut.is_match(&state)
}

fn empty_map() -> Map<Vec<u8>> {
    Map::from_iter(std::iter::empty::<(&[u8], u64)>()).expect("an empty map")
}

fn fst_error(e: tantivy_fst::Error) -> Error {
    Error::Index(tantivy::TantivyError::InternalError(format!(
        "vocabulary: {e}"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::query::FuzzyTermQuery;

    fn words(list: &[(&str, u64)]) -> crate::analysis::Counted {
        list.iter().map(|(w, n)| ((*w).into(), *n)).collect()
    }

    fn prefix(word: &str) -> impl Automaton {
        let field = tantivy::schema::Schema::builder().add_text_field("x", tantivy::schema::TEXT);
        FuzzyTermQuery::new_prefix(tantivy::Term::from_field_text(field, word), 0, true)
            .automaton()
            .unwrap()
    }

    #[test]
    fn commits_log_compact_and_reload() {
        let dir = tempfile::tempdir().unwrap();
        let mut v = Vocab::empty(Some(dir.path()), 0).unwrap();
        v.add_commit(words(&[("outlook", 3), ("outline", 1)]), 1, true, true)
            .unwrap();
        v.add_commit(words(&[("outlook", 1), ("outbox", 2)]), 2, false, false)
            .unwrap();
        assert_eq!(v.count("outlook"), 4);
        let mut found = v.matching(&prefix("outl"), 100);
        found.sort();
        assert_eq!(found, [("outline".into(), 1), ("outlook".into(), 4)]);
        // A record cut short by a crash is not applied.
        std::fs::OpenOptions::new()
            .append(true)
            .open(dir.path().join(LOG_FILE))
            .unwrap()
            .write_all(b"@3\noutrage\t1\n")
            .unwrap();
        let back = Vocab::load(dir.path()).unwrap();
        assert_eq!(back.opstamp(), 2);
        assert_eq!(back.count("outlook"), 4);
        assert_eq!(back.count("outbox"), 2);
        assert_eq!(back.count("outrage"), 0);
        // A bulk commit writes the FST and drops the log; a reset starts over.
        v.add_commit(words(&[("printer", 1)]), 3, false, true)
            .unwrap();
        assert!(!dir.path().join(LOG_FILE).exists());
        let back = Vocab::load(dir.path()).unwrap();
        assert_eq!((back.opstamp(), back.count("outlook")), (3, 4));
        assert_eq!(back.count("printer"), 1);
        v.add_commit(words(&[("printer", 1)]), 4, true, true)
            .unwrap();
        let back = Vocab::load(dir.path()).unwrap();
        assert_eq!((back.count("outlook"), back.count("printer")), (0, 1));
        // A damaged FST is not read.
        let path = dir.path().join(FST_FILE);
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&path, bytes).unwrap();
        assert!(Vocab::load(dir.path()).is_none());
    }

    #[test]
    fn a_log_of_repeated_words_is_compacted() {
        let dir = tempfile::tempdir().unwrap();
        let mut v = Vocab::empty(Some(dir.path()), 0).unwrap();
        let many: Vec<String> = (0..2000).map(|n| format!("word{n}")).collect();
        let list: Vec<(&str, u64)> = many.iter().map(|w| (w.as_str(), 1)).collect();
        for stamp in 1..=200 {
            v.add_commit(words(&list), stamp, false, false).unwrap();
            let log = std::fs::metadata(dir.path().join(LOG_FILE)).map_or(0, |m| m.len());
            assert!(log <= LOG_MAX, "{log}");
        }
        let back = Vocab::load(dir.path()).unwrap();
        assert_eq!((back.opstamp(), back.count("word7")), (200, 200));
    }

    #[test]
    fn compaction_merges_counts_in_order() {
        let mut v = Vocab::empty(None, 0).unwrap();
        v.add_commit(words(&[("b", 1), ("d", 1)]), 1, true, true)
            .unwrap();
        v.add_commit(words(&[("a", 1), ("b", 2), ("e", 5)]), 2, false, false)
            .unwrap();
        v.compact().unwrap();
        assert!(v.delta.is_empty());
        let all: Vec<(String, u64)> = {
            let mut s = v.base.stream();
            let mut out = Vec::new();
            while let Some((k, n)) = s.next() {
                out.push((String::from_utf8(k.to_vec()).unwrap(), n));
            }
            out
        };
        assert_eq!(
            all,
            [
                ("a".into(), 1),
                ("b".into(), 3),
                ("d".into(), 1),
                ("e".into(), 5)
            ]
        );
    }
}
