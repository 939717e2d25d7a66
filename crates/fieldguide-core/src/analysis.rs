//! The index's tokenizer: tantivy's word chain with English stop words and stemming, behind
//! per-thread caches.
//!
//! A knowledge base repeats the same few thousand words over and over, and Snowball stemming each
//! occurrence was the largest single cost of indexing (and of computing snippets, which
//! re-analyses every hit's text). [`WordTokenizer`] cuts words exactly as tantivy's
//! `SimpleTokenizer` and gives, for each word *as written*, the token of the whole chain
//! `RemoveLongFilter(48)` → `LowerCaser` → `AsciiFoldingFilter` [→ `StopWordFilter` (English)
//! → `Stemmer` (English): same word list, same algorithm and crate], computed once per distinct
//! spelling per thread (tantivy's own filters compute it on a miss). One lookup per word
//! replaces five passes over each token.
//!
//! A recording tokenizer ([`WordTokenizer::stemmed_recording`]) also counts, in the same
//! lookup, each folded word once per text it is given: the index's vocabulary for prefix and
//! typo expansion ([`WordCounts`]), collected while the index writer stems the words anyway.
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

use rustc_hash::FxHasher;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// Distinct words remembered per thread before the cache starts over (bounds memory:
/// ~100k short strings, a few MB).
const CACHE_MAX: usize = 100_000;

/// tantivy's English stop words (Lucene's list), which `StopWordFilter::new(Language::English)`
/// removes.
pub const STOP_WORDS: [&str; 33] = [
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
    "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
    "they", "this", "to", "was", "will", "with",
];

/// word → its token, or `None` when dropped (a stop word).
type Cache = HashMap<Box<str>, Option<Box<str>>, BuildHasherDefault<FxHasher>>;

thread_local! {
    static STEMS: RefCell<Cache> = RefCell::new(Cache::default());
    static STEMMER: frostem::Stemmer = frostem::Stemmer::new(frostem::Algorithm::English);
}

/// The token of `word` from `cache` into `out` (`false`, `out` empty: dropped); on a miss
/// `compute` writes it into the empty `out` and says whether it is kept, and it is remembered
/// (the cache starts over at [`CACHE_MAX`] words).
fn memoized(
    cache: &'static std::thread::LocalKey<RefCell<Cache>>,
    word: &str,
    out: &mut String,
    compute: impl FnOnce(&mut String) -> bool,
) -> bool {
    out.clear();
    let hit = cache.with(|c| c.borrow().get(word).map(|t| put(t.as_deref(), out)));
    if let Some(kept) = hit {
        return kept;
    }
    let kept = compute(out);
    cache.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_MAX {
            c.clear();
        }
        c.insert(word.into(), kept.then(|| out.as_str().into()));
    });
    kept
}

/// Writes a cached token into `out`; `false` for a dropped word (a stop word).
fn put(token: Option<&str>, out: &mut String) -> bool {
    token.map(|t| out.push_str(t)).is_some()
}

/// Puts the English stem of a lowercased word in `out`; `false` (and `out` empty) for a stop
/// word. Memoized per thread.
pub fn stem(word: &str, out: &mut String) -> bool {
    memoized(&STEMS, word, out, |out| {
        let kept = !STOP_WORDS.contains(&word);
        if kept {
            STEMMER.with(|st| out.push_str(&st.stem(word)));
        }
        kept
    })
}

/// Words this long (bytes, as written) or longer are not indexed (tantivy's
/// `RemoveLongFilter::limit(48)`).
pub const MAX_WORD_BYTES: usize = 48;

thread_local! {
    /// Spelling → lowercased, ASCII-folded word (no stemming).
    static FOLDED: RefCell<Cache> = RefCell::new(Cache::default());
    /// Spelling → stem (`None` for a stop word) and the counter of its folded word.
    static STEMMED: RefCell<HashMap<Box<str>, Stemmed, BuildHasherDefault<FxHasher>>> =
        RefCell::new(HashMap::default());
    /// Folded word → how many texts of recording tokenizers held it since the last harvest
    /// (one counter for all its spellings: `Zebra zebra` counts once).
    static COUNTERS: RefCell<HashMap<Box<str>, Rc<Counter>, BuildHasherDefault<FxHasher>>> =
        RefCell::new(HashMap::default());
    /// Counts of the words dropped when the caches started over, not yet harvested.
    static PENDING: RefCell<Counted> = RefCell::new(Counted::default());
    /// The number of the text a recording tokenizer of this thread reads (never 0).
    static TEXT_NO: Cell<u32> = const { Cell::new(0) };
    /// tantivy's own filters, run on a cache miss.
    static FOLD: RefCell<TextAnalyzer> = RefCell::new(
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
    );
}

/// A word of the stemmed cache.
struct Stemmed {
    /// The stem, `None` for a stop word.
    token: Option<Box<str>>,
    counter: Rc<Counter>,
}

/// How many texts of recording tokenizers held a folded word since the last harvest.
#[derive(Default)]
struct Counter {
    seen: Cell<u32>,
    /// The last such text ([`TEXT_NO`]).
    text_no: Cell<u32>,
}

impl Counter {
    fn count(&self, text_no: u32) {
        if self.text_no.get() != text_no {
            self.text_no.set(text_no);
            self.seen.set(self.seen.get() + 1);
        }
    }
}

/// The lowercased, ASCII-folded form of a word (tantivy's filters), memoized per thread.
fn folded(word: &str, out: &mut String) {
    memoized(&FOLDED, word, out, |out| {
        FOLD.with(|a| {
            let mut a = a.borrow_mut();
            let mut ts = a.token_stream(word);
            while ts.advance() {
                out.push_str(&ts.token().text);
            }
        });
        true
    });
}

/// Puts the token of the word `word` (an alphanumeric run shorter than [`MAX_WORD_BYTES`]) in
/// `out`: lowercased and ASCII-folded, and with `stem` also stemmed; `false` for a stop word.
/// `text_no`: counts the word for the text of a recording tokenizer with this number (stemmed
/// only).
fn word_token(word: &str, stem_it: bool, text_no: Option<u32>, out: &mut String) -> bool {
    if !stem_it {
        folded(word, out);
        return true;
    }
    out.clear();
    let hit = STEMMED.with(|c| {
        c.borrow().get(word).map(|e| {
            if let Some(n) = text_no {
                e.counter.count(n);
            }
            put(e.token.as_deref(), out)
        })
    });
    if let Some(kept) = hit {
        return kept;
    }
    let mut fold = String::new();
    folded(word, &mut fold);
    let kept = stem(&fold, out);
    STEMMED.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_MAX {
            let counts = drain_counts();
            PENDING.with(|p| {
                let mut p = p.borrow_mut();
                for (w, n) in counts {
                    *p.entry(w).or_default() += n;
                }
            });
            c.clear();
            COUNTERS.with(|k| k.borrow_mut().clear());
        }
        let counter = COUNTERS.with(|k| k.borrow_mut().entry(fold.into()).or_default().clone());
        if let Some(n) = text_no {
            counter.count(n);
        }
        c.insert(
            word.into(),
            Stemmed {
                token: kept.then(|| out.as_str().into()),
                counter,
            },
        );
    });
    kept
}

/// This thread's counts since the last harvest, by folded word; resets them.
fn drain_counts() -> Vec<(Box<str>, u64)> {
    COUNTERS.with(|k| {
        k.borrow()
            .iter()
            .filter(|(_, c)| c.seen.get() > 0)
            .map(|(w, c)| (w.clone(), u64::from(c.seen.replace(0))))
            .collect()
    })
}

/// Folded words and how many texts held each.
pub type Counted = HashMap<Box<str>, u64, BuildHasherDefault<FxHasher>>;

/// Folded words and how many texts held each, as counted by the recording tokenizers sharing
/// it. Each thread counts in its own cache; a tokenizer hands its thread's counts over when it
/// is dropped (tantivy drops a segment's tokenizers when the segment is written, and its
/// indexing threads end at each commit), and [`WordCounts::take`] collects them.
#[derive(Default)]
pub struct WordCounts {
    words: Mutex<Counted>,
}

impl WordCounts {
    /// Adds the counts of the calling thread.
    fn harvest_thread(&self) {
        // Not while the thread's own storage is being torn down.
        let Ok(mut counts) = COUNTERS.try_with(|_| drain_counts()) else {
            return;
        };
        let _ = PENDING.try_with(|p| counts.extend(p.borrow_mut().drain()));
        if counts.is_empty() {
            return;
        }
        let mut words = self.words.lock().unwrap_or_else(|e| e.into_inner());
        for (w, n) in counts {
            *words.entry(w).or_default() += n;
        }
    }

    /// The counts handed over so far; starts over.
    pub fn take(&self) -> Counted {
        std::mem::take(&mut *self.words.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// The index's tokenizer: the tokens of `SimpleTokenizer` → `RemoveLongFilter(48)` →
/// `LowerCaser` → `AsciiFoldingFilter`, and with `stem` also → English stop words removed →
/// English stemmer — same texts, positions and offsets — with one cache lookup per word.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    stem: bool,
    token: Token,
    record: Option<Arc<WordCounts>>,
}

impl WordTokenizer {
    /// Lowercased, folded words.
    pub fn folded() -> Self {
        WordTokenizer {
            stem: false,
            token: Token::default(),
            record: None,
        }
    }

    /// Lowercased, folded, stemmed words without English stop words.
    pub fn stemmed() -> Self {
        WordTokenizer {
            stem: true,
            token: Token::default(),
            record: None,
        }
    }

    /// As [`WordTokenizer::stemmed`], and counts each folded word (stop words too) once per
    /// text into `counts`.
    pub fn stemmed_recording(counts: Arc<WordCounts>) -> Self {
        WordTokenizer {
            stem: true,
            token: Token::default(),
            record: Some(counts),
        }
    }
}

impl Drop for WordTokenizer {
    fn drop(&mut self) {
        if let Some(counts) = &self.record {
            counts.harvest_thread();
        }
    }
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        let text_no = self.record.as_ref().map(|_| {
            TEXT_NO.with(|n| {
                let next = n.get().wrapping_add(1).max(1);
                n.set(next);
                next
            })
        });
        WordStream {
            text,
            at: 0,
            stem: self.stem,
            text_no,
            token: &mut self.token,
        }
    }
}

/// The token stream of [`WordTokenizer`].
pub struct WordStream<'a> {
    text: &'a str,
    /// Byte offset where the search for the next word starts.
    at: usize,
    stem: bool,
    /// The number of this text, when its words are counted.
    text_no: Option<u32>,
    token: &'a mut Token,
}

/// Whether the character starting at byte `i` of `text` is alphanumeric, and its length.
#[inline]
fn alnum_at(text: &str, i: usize) -> (bool, usize) {
    let b = text.as_bytes()[i];
    if b.is_ascii() {
        (b.is_ascii_alphanumeric(), 1)
    } else {
        let c = text[i..].chars().next().expect("a char boundary");
        (c.is_alphanumeric(), c.len_utf8())
    }
}

/// The next word of `text` at or after byte `at` — a maximal run of alphanumeric characters,
/// as tantivy's `SimpleTokenizer` cuts them — as a byte range.
#[inline]
pub fn next_word(text: &str, at: usize) -> Option<(usize, usize)> {
    let len = text.len();
    let mut i = at;
    let start = loop {
        if i >= len {
            return None;
        }
        let (alnum, n) = alnum_at(text, i);
        if alnum {
            break i;
        }
        i += n;
    };
    let mut end = start;
    while end < len {
        let (alnum, n) = alnum_at(text, end);
        if !alnum {
            break;
        }
        end += n;
    }
    Some((start, end))
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        while let Some((from, to)) = next_word(self.text, self.at) {
            self.at = to;
            // Every word counts for positions, also the ones left out (as in tantivy's filters).
            self.token.position = self.token.position.wrapping_add(1);
            let word = &self.text[from..to];
            if word.len() >= MAX_WORD_BYTES {
                continue;
            }
            if word_token(word, self.stem, self.text_no, &mut self.token.text) {
                self.token.offset_from = from;
                self.token.offset_to = to;
                return true;
            }
        }
        self.token.text.clear();
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{
        Language, LowerCaser, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
    };

    use super::*;

    fn tokens(a: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut ts = a.token_stream(text);
        let mut v = Vec::new();
        while ts.advance() {
            let t = ts.token();
            v.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        v
    }

    #[test]
    fn same_stems_positions_and_offsets_as_tantivys_stemmer() {
        let text = "Configuring Outlook profiles: the users' mailboxes were syncing, \
                    running and re-running; authentication failed for accounts. \
                    Configuring profiles again — running again. It is not THE end; \
                    there are no such things as these, into their hands.";
        let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(StopWordFilter::new(Language::English).unwrap())
            .filter(Stemmer::new(Language::English))
            .build();
        let mut cached = TextAnalyzer::from(WordTokenizer::stemmed());
        // Twice: the second pass is served from the cache.
        for _ in 0..2 {
            assert_eq!(tokens(&mut cached, text), tokens(&mut plain, text));
        }
        let t = tokens(&mut cached, text);
        assert!(t.iter().any(|(w, ..)| w == "configur"));
        assert!(t.iter().any(|(w, ..)| w == "authent"));
        assert!(!t.iter().any(|(w, ..)| w == "the" || w == "there"));
        // Our list is tantivy's: every one of our stop words is dropped by tantivy's filter too.
        let all = STOP_WORDS.join(" ");
        assert!(tokens(&mut plain, &all).is_empty());
        assert!(tokens(&mut cached, &all).is_empty());
    }

    #[test]
    fn word_tokenizer_gives_the_tokens_of_tantivys_chain() {
        use tantivy::tokenizer::RemoveLongFilter;
        let texts = [
            "Configuring Outlook profiles: the users' mailboxes were syncing, running and \
             re-running; It is NOT the end — there are no such things as these.",
            "Café crème, naïve façade; Ærøskøbing STRASSE Straße İstanbul ΣΊΣΥΦΟΣ ﬁle ½ ²³ x²",
            "日本語のテキスト 中文 한국어 emoji 🙂 mixed123abc ABC_def under_score e-mail",
            "",
            "   ...!!! ",
            "a",
            "Supercalifragilisticexpialidociouswordsthatgoonforeverandever is long, \
             and so is ÀÀÀÀÀÀÀÀÀÀÀÀÀÀÀÀÀÀÀÀÀÀÀÀ but not éééééééé.",
            "OneDrive\tSharePoint\nTeams\r\nExchange\u{a0}Online\u{2003}Outlook",
        ];
        for stemmed in [false, true] {
            let chain = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
                .filter(LowerCaser)
                .filter(tantivy::tokenizer::AsciiFoldingFilter);
            let mut ours = TextAnalyzer::from(if stemmed {
                WordTokenizer::stemmed()
            } else {
                WordTokenizer::folded()
            });
            let mut chain = if stemmed {
                chain
                    .filter(StopWordFilter::new(Language::English).unwrap())
                    .filter(Stemmer::new(Language::English))
                    .build()
            } else {
                chain.build()
            };
            for text in texts {
                // Twice: the second time from the cache.
                for _ in 0..2 {
                    assert_eq!(
                        tokens(&mut ours, text),
                        tokens(&mut chain, text),
                        "{text:?}"
                    );
                }
            }
            assert!(!tokens(&mut ours, texts[1]).is_empty());
        }
        let mut ours = TextAnalyzer::from(WordTokenizer::stemmed());
        let t = tokens(&mut ours, "Café Configuring the ﬁles");
        let words: Vec<&str> = t.iter().map(|(w, ..)| w.as_str()).collect();
        assert_eq!(words, ["cafe", "configur", "file"]);
        assert_eq!(t[2].1, 3, "positions count the stop word");
    }

    #[test]
    fn word_tokenizer_matches_tantivys_chain_on_random_text() {
        use tantivy::tokenizer::RemoveLongFilter;
        // Deterministic random texts from pieces that stress the cut, the folding, the
        // lowercasing (which can change byte lengths) and the length limit.
        const PIECES: [&str; 24] = [
            " ",
            "  ",
            "-",
            "'",
            ".",
            "_",
            "\n",
            "the",
            "Running",
            "OUTLOOK",
            "é",
            "É",
            "ß",
            "İ",
            "ﬁ",
            "Ⅻ",
            "²",
            "日本",
            "🙂",
            "\u{301}",
            "x",
            "42",
            "aaaaaaaaaaaaaaaaaaaaaaaa",
            "Ñandú",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut ours = TextAnalyzer::from(WordTokenizer::stemmed());
        let mut chain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
            .filter(LowerCaser)
            .filter(tantivy::tokenizer::AsciiFoldingFilter)
            .filter(StopWordFilter::new(Language::English).unwrap())
            .filter(Stemmer::new(Language::English))
            .build();
        for _ in 0..3000 {
            let len = next(40);
            let text: String = (0..len).map(|_| PIECES[next(PIECES.len())]).collect();
            assert_eq!(
                tokens(&mut ours, &text),
                tokens(&mut chain, &text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn cache_is_bounded() {
        let mut out = String::new();
        for i in 0..(CACHE_MAX + 10) {
            stem(&format!("word{i}s"), &mut out);
        }
        STEMS.with(|c| assert!(c.borrow().len() <= CACHE_MAX));
        stem("mailboxes", &mut out);
        assert_eq!(out, "mailbox");
    }
}
