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
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

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
    let hit = cache.with(|c| {
        c.borrow().get(word).map(|t| match t {
            Some(t) => {
                out.push_str(t);
                true
            }
            None => false,
        })
    });
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
    /// Spelling → stem, `None` for a stop word.
    static STEMMED: RefCell<Cache> = RefCell::new(Cache::default());
    /// tantivy's own filters, run on a cache miss.
    static FOLD: RefCell<TextAnalyzer> = RefCell::new(
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
    );
}

/// Puts the token of the word `word` (an alphanumeric run shorter than [`MAX_WORD_BYTES`]) in
/// `out`: lowercased and ASCII-folded, and with `stem` also stemmed; `false` for a stop word.
fn word_token(word: &str, stem_it: bool, out: &mut String) -> bool {
    let cache = if stem_it { &STEMMED } else { &FOLDED };
    memoized(cache, word, out, |out| {
        let folded = FOLD.with(|a| {
            let mut a = a.borrow_mut();
            let mut ts = a.token_stream(word);
            let mut t = String::new();
            while ts.advance() {
                t.push_str(&ts.token().text);
            }
            t
        });
        if stem_it {
            stem(&folded, out)
        } else {
            out.push_str(&folded);
            true
        }
    })
}

/// The index's tokenizer: the tokens of `SimpleTokenizer` → `RemoveLongFilter(48)` →
/// `LowerCaser` → `AsciiFoldingFilter`, and with `stem` also → English stop words removed →
/// English stemmer — same texts, positions and offsets — with one cache lookup per word.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    stem: bool,
    token: Token,
}

impl WordTokenizer {
    /// Lowercased, folded words.
    pub fn folded() -> Self {
        WordTokenizer {
            stem: false,
            token: Token::default(),
        }
    }

    /// Lowercased, folded, stemmed words without English stop words.
    pub fn stemmed() -> Self {
        WordTokenizer {
            stem: true,
            token: Token::default(),
        }
    }
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream {
            text,
            at: 0,
            stem: self.stem,
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
            if word_token(word, self.stem, &mut self.token.text) {
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
