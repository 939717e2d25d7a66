//! The SQLite FTS5 baseline: the same documents in an `fts5` table (porter tokenizer), built in
//! one transaction, queried with `MATCH` + `bm25()` + `snippet()` for the top 10.
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use rusqlite::{params, Connection};

/// An FTS5 index on disk.
pub struct Fts {
    conn: Connection,
}

const SCHEMA: &str = "CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, title, body, \
                      tokenize = 'porter unicode61 remove_diacritics 2')";

impl Fts {
    /// Creates an empty FTS5 database at `file` (fails clearly when SQLite lacks FTS5).
    pub fn create(file: &Path) -> Result<Fts> {
        let conn = Connection::open(file).with_context(|| format!("open {}", file.display()))?;
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")?;
        conn.execute_batch(SCHEMA)
            .context("creating an fts5 table (is SQLite built with FTS5?)")?;
        Ok(Fts { conn })
    }

    /// Inserts `(path, title, body)` rows in one transaction; returns the time taken.
    pub fn insert_all<'a>(
        &mut self,
        rows: impl Iterator<Item = (&'a str, &'a str, &'a str)>,
    ) -> Result<Duration> {
        let t = Instant::now();
        let tx = self.conn.transaction()?;
        {
            let mut st = tx.prepare("INSERT INTO docs (path, title, body) VALUES (?1, ?2, ?3)")?;
            for (p, title, body) in rows {
                st.execute(params![p, title, body])?;
            }
        }
        tx.commit()?;
        Ok(t.elapsed())
    }

    /// Top 10 for `q` with snippets: every word required, else any word (as Fieldguide relaxes).
    /// Returns the number of hits.
    pub fn search(&self, q: &str) -> Result<usize> {
        let mut st = self.conn.prepare_cached(
            "SELECT path, title, snippet(docs, 2, '<b>', '</b>', '…', 24), \
                    bm25(docs, 0.0, 4.0, 1.0) AS rank \
             FROM docs WHERE docs MATCH ?1 ORDER BY rank LIMIT 10",
        )?;
        for any in [false, true] {
            let expr = crate::queries::fts5_match(q, any);
            if expr.is_empty() {
                return Ok(0);
            }
            let mut n = 0;
            let mut rows = st.query(params![expr])?;
            while let Some(r) = rows.next()? {
                let _path: String = r.get(0)?;
                let _snippet: String = r.get(2)?;
                n += 1;
            }
            if n > 0 {
                return Ok(n);
            }
        }
        Ok(0)
    }
}

impl Fts {
    /// The paths of the top `limit` rows for the `MATCH` expression `expr`, by bm25 with the
    /// title weighted 4×.
    pub fn top_paths(&self, expr: &str, limit: usize) -> Result<Vec<String>> {
        let mut st = self.conn.prepare_cached(
            "SELECT path FROM docs WHERE docs MATCH ?1 \
             ORDER BY bm25(docs, 0.0, 4.0, 1.0) LIMIT ?2",
        )?;
        let rows = st.query_map(params![expr, limit as i64], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

/// The title of a raw markdown file the way a minimal FTS5 app would find it: the front-matter
/// `title:` line, else the first `# ` heading, else nothing.
pub fn naive_title(text: &str) -> &str {
    text.lines()
        .take(40)
        .find_map(|l| {
            l.strip_prefix("title:")
                .map(|t| t.trim().trim_matches('"'))
                .or_else(|| l.strip_prefix("# ").map(str::trim))
        })
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts5_is_available_and_ranks_with_snippets() {
        let dir = tempfile::tempdir().unwrap();
        let mut f = Fts::create(&dir.path().join("f.db")).unwrap();
        let rows = [
            ("a.md", "Printer queue", "The printer queue is stuck."),
            (
                "b.md",
                "VPN drops",
                "The VPN drops every hour; printers fine.",
            ),
        ];
        f.insert_all(rows.iter().map(|(a, b, c)| (*a, *b, *c)))
            .unwrap();
        assert_eq!(
            f.search("printer").unwrap(),
            2,
            "porter: printers ~ printer"
        );
        assert_eq!(f.search("vpn drop").unwrap(), 1);
        assert_eq!(
            f.search("vpn printer queue").unwrap(),
            2,
            "relaxed to any word"
        );
        assert_eq!(f.search("zzzz").unwrap(), 0);
        assert_eq!(naive_title("---\ntitle: \"Hi\"\n---\n# X"), "Hi");
    }
}
