//! Test helpers shared by the core's and the CLI's integration tests (the CLI's include this
//! file): a per-test copy of a fixture KB with its own data dir, and a chainable search
//! assertion helper.
#![allow(dead_code)]
use std::path::{Path, PathBuf};

use fieldguide_core::{Kb, KbOptions, SearchRequest, SearchResults};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// The shared real-world corpus, if present (`../shared/corpus` beside the repo).
pub fn corpus(name: &str) -> Option<PathBuf> {
    let p = repo().join("../shared/corpus").join(name);
    p.is_dir().then_some(p)
}

pub fn copy_dir(from: &Path, to: &Path) {
    for e in walk(from) {
        let rel = e.strip_prefix(from).unwrap();
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&e, &dest).unwrap();
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// A KB under test: a private copy of a fixture folder plus a private data dir.
pub struct KbTest {
    pub tmp: tempfile::TempDir,
    pub kb: Kb,
    last: Option<SearchResults>,
}

impl KbTest {
    /// Copies `tests/fixtures/<rel>` and opens it.
    pub fn from_dir(rel: &str) -> KbTest {
        let tmp = tempfile::tempdir().unwrap();
        copy_dir(
            &repo().join("tests/fixtures").join(rel),
            &tmp.path().join("kb"),
        );
        let kb = Self::open_at(tmp.path());
        KbTest {
            tmp,
            kb,
            last: None,
        }
    }

    /// Opens an existing folder in place (read-only use), data in a temp dir.
    pub fn in_place(root: &Path) -> KbTest {
        let tmp = tempfile::tempdir().unwrap();
        let kb = Kb::open_with(
            root,
            KbOptions {
                data_dir: Some(tmp.path().join("data")),
                ..Default::default()
            },
        )
        .unwrap();
        KbTest {
            tmp,
            kb,
            last: None,
        }
    }

    pub fn open_at(tmp: &Path) -> Kb {
        Kb::open_with(
            tmp.join("kb"),
            KbOptions {
                data_dir: Some(tmp.join("data")),
                ..Default::default()
            },
        )
        .unwrap()
    }

    /// Closes and reopens the KB (same folder, same data dir).
    pub fn reopen(mut self) -> KbTest {
        let tmp = self.tmp;
        drop(std::mem::replace(
            &mut self.kb,
            Kb::open_with(
                tmp.path().join("kb"),
                KbOptions {
                    data_dir: Some(tmp.path().join("data2-unused")),
                    read_only: true,
                    ..Default::default()
                },
            )
            .unwrap(),
        ));
        let kb = Self::open_at(tmp.path());
        KbTest {
            tmp,
            kb,
            last: None,
        }
    }

    pub fn root(&self) -> PathBuf {
        self.tmp.path().join("kb")
    }

    pub fn data(&self) -> PathBuf {
        self.tmp.path().join("data")
    }

    /// A second app instance on the same KB and data folder (it gets the index read-only).
    pub fn open_again(&self) -> Kb {
        Kb::open_with(
            self.root(),
            KbOptions {
                data_dir: Some(self.data()),
                ..Default::default()
            },
        )
        .unwrap()
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    pub fn search(mut self, q: &str) -> Self {
        self.last = Some(self.kb.search(&SearchRequest::new(q)).unwrap());
        self
    }

    pub fn search_req(mut self, req: SearchRequest) -> Self {
        self.last = Some(self.kb.search(&req).unwrap());
        self
    }

    pub fn results(&self) -> &SearchResults {
        self.last.as_ref().expect("search first")
    }

    /// The last search's kind facet: (kind, count).
    pub fn kind_facet(&self) -> Vec<(String, u64)> {
        self.results()
            .facets
            .kinds
            .iter()
            .map(|f| (f.value.clone(), f.count))
            .collect()
    }

    pub fn paths(&self) -> Vec<String> {
        self.results().hits.iter().map(|h| h.path.clone()).collect()
    }

    pub fn expect_first(self, path: &str) -> Self {
        let paths = self.paths();
        assert_eq!(
            paths.first().map(String::as_str),
            Some(path),
            "hits: {paths:?}"
        );
        self
    }

    pub fn expect_hits(self, n: usize) -> Self {
        let paths = self.paths();
        assert_eq!(paths.len(), n, "hits: {paths:?}");
        self
    }

    pub fn expect_contains(self, path: &str) -> Self {
        let paths = self.paths();
        assert!(paths.iter().any(|p| p == path), "{path} not in {paths:?}");
        self
    }

    pub fn expect_absent(self, path: &str) -> Self {
        let paths = self.paths();
        assert!(
            !paths.iter().any(|p| p == path),
            "{path} unexpectedly in {paths:?}"
        );
        self
    }
}
