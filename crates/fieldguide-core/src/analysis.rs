//! English stop words and stemming behind a per-thread cache, as one tantivy token filter.
//!
//! A knowledge base repeats the same few thousand words over and over, and Snowball stemming each
//! occurrence was the largest single cost of indexing (and of computing snippets, which
//! re-analyses every hit's text). [`CachedStemmer`] gives exactly the tokens of tantivy's
//! `StopWordFilter::new(Language::English)` followed by `Stemmer::new(Language::English)` (same
//! word list, same algorithm and crate) with one cache lookup per token: each distinct word is
//! classified and stemmed once per thread.
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use rustc_hash::FxHasher;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

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

/// word → its stem, or `None` for a stop word.
type Cache = HashMap<Box<str>, Option<Box<str>>, BuildHasherDefault<FxHasher>>;

thread_local! {
    static STEMS: RefCell<Cache> = RefCell::new(Cache::default());
    static STEMMER: frostem::Stemmer = frostem::Stemmer::new(frostem::Algorithm::English);
}

/// Puts the English stem of a lowercased word in `out`; `false` (and `out` empty) for a stop
/// word. Memoized per thread.
pub fn stem(word: &str, out: &mut String) -> bool {
    out.clear();
    let cached = STEMS.with(|c| match c.borrow().get(word) {
        Some(Some(s)) => {
            out.push_str(s);
            Some(true)
        }
        Some(None) => Some(false),
        None => None,
    });
    if let Some(kept) = cached {
        return kept;
    }
    let kept = !STOP_WORDS.contains(&word);
    if kept {
        STEMMER.with(|st| out.push_str(&st.stem(word)));
    }
    STEMS.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_MAX {
            c.clear();
        }
        c.insert(word.into(), kept.then(|| out.as_str().into()));
    });
    kept
}

/// Token filter: drops English stop words and replaces every other (lowercased) token by its
/// English stem.
#[derive(Clone, Copy, Default)]
pub struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter { inner: tokenizer }
    }
}

/// [`CachedStemmer`] applied to a tokenizer.
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            buffer: String::new(),
        }
    }
}

/// The token stream of [`CachedStemmerFilter`].
pub struct CachedStemmerStream<T> {
    tail: T,
    buffer: String,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<T> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            let token = self.tail.token_mut();
            if stem(&token.text, &mut self.buffer) {
                std::mem::swap(&mut token.text, &mut self.buffer);
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
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
        let mut cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedStemmer)
            .build();
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
