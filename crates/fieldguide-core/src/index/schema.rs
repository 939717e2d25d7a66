//! The index's schema and analyzers, and the words a document's path contributes.
use tantivy::schema::{
    FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STORED,
    STRING,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Index;

use std::sync::Arc;

use crate::analysis::{WordCounts, WordTokenizer};

/// Bump when the schema or analyzers change: an index of another version is rebuilt.
pub const SCHEMA_VERSION: u32 = 12;
pub(super) const VERSION_FILE: &str = "fieldguide-schema-version";
/// Lowercased, folded, stemmed words without stop words (the searchable text fields).
pub(super) const EN: &str = "fg_en";
/// As [`EN`], and the writer counts the words into the vocabulary (`super::vocab`): the
/// fields whose words prefix and typo expansion offer. Queries and snippets use [`EN`].
pub(super) const EN_VOCAB: &str = "fg_en_vocab";
/// Lowercased, folded words.
pub(super) const RAW: &str = "fg_raw";
/// The fast field holding each document's ranking prior.
pub(super) const KIND_PRIOR_FIELD: &str = "kind_prior";

#[derive(Clone, Copy)]
pub(super) struct Fields {
    pub path: Field,
    pub title: Field,
    /// The words of the file name and folders (see [`path_words`]).
    pub path_words: Field,
    pub headings: Field,
    pub tags_text: Field,
    pub body: Field,
    pub meta: Field,
    pub kind: Field,
    pub status: Field,
    pub tag: Field,
    pub product: Field,
    pub category: Field,
    pub facets: Field,
    pub sections: Field,
    pub product_display: Field,
    pub mtime: Field,
    pub size: Field,
    /// The kind's ranking prior, as an index into [`super::rank::KIND_PRIORS`].
    pub kind_prior: Field,
    /// Columns for what lists and reports need per document without loading it (see
    /// [`super::SearchIndex::doc_infos`]): title, review date, category and product as written.
    pub info_title: Field,
    pub info_review_by: Field,
    pub info_category: Field,
    pub info_product: Field,
    /// Everything else a KB open needs per document without reading its file, as compact JSON
    /// (see [`super::StoredSummary`]).
    pub info_summary: Field,
    /// The keys a document's links can resolve through (see [`super::link_keys`]): who links
    /// to a document is a term query, not a pass over every document.
    pub links_to: Field,
}

pub(super) fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |tokenizer: &str, option: IndexRecordOption| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(option),
        )
    };
    let en_positions = text(EN_VOCAB, IndexRecordOption::WithFreqsAndPositions);
    let en_freqs = text(EN_VOCAB, IndexRecordOption::WithFreqs);
    let fields = Fields {
        path: b.add_text_field("path", STRING | STORED | FAST),
        title: b.add_text_field("title", en_positions.clone() | STORED),
        path_words: b.add_text_field("path_words", en_positions.clone()),
        headings: b.add_text_field("headings", en_positions.clone()),
        tags_text: b.add_text_field("tags", en_freqs.clone()),
        body: b.add_text_field("body", en_positions | STORED),
        meta: b.add_text_field("meta", text(EN, IndexRecordOption::WithFreqs)),
        kind: b.add_text_field("kind", STRING | STORED | FAST),
        status: b.add_text_field("status", STRING | STORED | FAST),
        tag: b.add_text_field("tag", STRING | STORED),
        product: b.add_text_field("product", STRING),
        category: b.add_text_field("category", STRING),
        facets: b.add_facet_field("facets", FacetOptions::default()),
        sections: b.add_text_field("sections", STORED),
        product_display: b.add_text_field("product_display", STORED),
        mtime: b.add_u64_field("mtime", FAST),
        size: b.add_u64_field("size", FAST),
        kind_prior: b.add_u64_field(KIND_PRIOR_FIELD, FAST),
        info_title: b.add_text_field("info_title", FAST),
        info_review_by: b.add_text_field("info_review_by", FAST),
        info_category: b.add_text_field("info_category", FAST),
        info_product: b.add_text_field("info_product", FAST),
        info_summary: b.add_text_field("info_summary", FAST),
        links_to: b.add_text_field("links_to", STRING),
    };
    (b.build(), fields)
}

pub(super) fn register_tokenizers(index: &Index, counts: &Arc<WordCounts>) {
    // `SimpleTokenizer` → `RemoveLongFilter(48)` → `LowerCaser` → `AsciiFoldingFilter`
    // [→ English stop words → English stemmer], one cache lookup per word (crate::analysis).
    index
        .tokenizers()
        .register(EN, TextAnalyzer::from(WordTokenizer::stemmed()));
    index.tokenizers().register(
        EN_VOCAB,
        TextAnalyzer::from(WordTokenizer::stemmed_recording(counts.clone())),
    );
    index
        .tokenizers()
        .register(RAW, TextAnalyzer::from(WordTokenizer::folded()));
}

/// The words of a KB-relative path, for the `path_words` field: folders and file name (without
/// `.md`) cut at `/`, `-`, `_`, `.` and spaces, and camelCase / PascalCase words also cut into
/// their parts, which follow the whole word — `runbooks/node/NodeFilesystemSpaceFillingUp.md`
/// gives `runbooks node NodeFilesystemSpaceFillingUp Node Filesystem Space Filling Up`. Runbooks
/// are often named for what they fix, so these words rank near the title's.
pub(super) fn path_words(path: &str) -> String {
    let stem = path
        .strip_suffix(".md")
        .or_else(|| path.strip_suffix(".MD"))
        .unwrap_or(path);
    let mut out = String::with_capacity(stem.len() * 2);
    for word in stem.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        out.push_str(word);
        out.push(' ');
        let parts = camel_parts(word);
        if parts.len() > 1 {
            for p in parts {
                out.push_str(p);
                out.push(' ');
            }
        }
    }
    out.pop();
    out
}

/// `word` cut at case changes: `KubePodCrashLooping` → `Kube Pod Crash Looping`,
/// `etcdGRPCRequestsSlow` → `etcd GRPC Requests Slow`, `HTTPServer` → `HTTP Server`; digits
/// stay with the letters before them (`Win32Error` → `Win32 Error`).
pub(crate) fn camel_parts(word: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let mut parts = Vec::new();
    let mut start = 0;
    for i in 1..chars.len() {
        let (at, c) = chars[i];
        let prev = chars[i - 1].1;
        let next_lower = chars.get(i + 1).is_some_and(|(_, n)| n.is_lowercase());
        let cut = c.is_uppercase()
            && (prev.is_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_uppercase() && next_lower));
        if cut {
            parts.push(&word[start..at]);
            start = at;
        }
    }
    parts.push(&word[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_words_cut_folders_separators_and_camel_case() {
        assert_eq!(
            path_words("runbooks/node/NodeFilesystemSpaceFillingUp.md"),
            "runbooks node NodeFilesystemSpaceFillingUp Node Filesystem Space Filling Up"
        );
        assert_eq!(
            path_words("prometheus-failed_compactions.v2.md"),
            "prometheus failed compactions v2"
        );
        assert_eq!(
            path_words("etcd/etcdGRPCRequestsSlow.md"),
            "etcd etcdGRPCRequestsSlow etcd GRPC Requests Slow"
        );
        assert_eq!(path_words("Exchange/My File.md"), "Exchange My File");
        assert_eq!(camel_parts("HTTPServer"), vec!["HTTP", "Server"]);
        assert_eq!(camel_parts("Win32Error"), vec!["Win32", "Error"]);
        assert_eq!(camel_parts("outlook"), vec!["outlook"]);
        assert_eq!(camel_parts("ÉcranNoir"), vec!["Écran", "Noir"]);
    }
}
