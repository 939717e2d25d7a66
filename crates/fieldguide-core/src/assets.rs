//! KB images for the reader: which image references a document may load, the URLs they are
//! rewritten to, and the checks a host that serves those URLs must make. Knows nothing of Tauri:
//! the desktop shell registers the `fgasset` scheme and hands each request path to [`read`].
//!
//! A reference is loaded only when it is a relative path (or `/`-rooted, from the KB root) to an
//! existing file inside the KB folder — after symlinks are followed — with an image extension
//! ([`IMAGE_EXTENSIONS`]) and at most [`MAX_BYTES`] bytes. Remote URLs, `data:`, absolute file
//! paths, `..` escapes and everything else are never loaded: the renderer shows the alt text.
//! SVG is left out on purpose: it is a document format (script, external references) whose
//! safety would rest on every webview honouring the `<img>` restrictions and the response CSP;
//! screenshots and diagrams work as PNG.
use std::fmt;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::fsutil::join_rel;

/// The URI scheme the desktop shell serves KB images on.
pub const SCHEME: &str = "fgasset";

/// URL prefix of the scheme where the webview supports custom schemes natively (Linux
/// WebKitGTK, macOS WKWebView): `fgasset://localhost/<path>`.
pub const URL_BASE_NATIVE: &str = "fgasset://localhost/";

/// URL prefix on Windows (WebView2) and Android, where Tauri maps a custom scheme to
/// `http://<scheme>.localhost/` (the same rule as Tauri's `convertFileSrc`).
pub const URL_BASE_HTTP: &str = "http://fgasset.localhost/";

/// File extensions served as images (lowercase), with their content type.
pub const IMAGE_EXTENSIONS: &[(&str, &str)] = &[
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("webp", "image/webp"),
    ("avif", "image/avif"),
    ("bmp", "image/bmp"),
    ("ico", "image/x-icon"),
];

/// Largest image served (bytes).
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;

/// The URL prefix for the platform this is built for (what the shell's scheme answers on).
pub fn url_base_for_platform() -> &'static str {
    if cfg!(any(windows, target_os = "android")) {
        URL_BASE_HTTP
    } else {
        URL_BASE_NATIVE
    }
}

/// Why an image is not served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetError {
    /// Not a plain KB-relative image path, outside the KB (symlinks included), not a regular
    /// file, or too large: HTTP 403.
    Forbidden,
    /// No such file: HTTP 404.
    NotFound,
}

impl AssetError {
    /// The HTTP status code to answer with.
    pub fn status(self) -> u16 {
        match self {
            AssetError::Forbidden => 403,
            AssetError::NotFound => 404,
        }
    }
}

impl fmt::Display for AssetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AssetError::Forbidden => "forbidden",
            AssetError::NotFound => "not found",
        })
    }
}

impl std::error::Error for AssetError {}

/// An image ready to be served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Its content type, from the extension.
    pub content_type: &'static str,
}

/// The content type of an image path, `None` when the extension is not an allowed image one.
pub fn image_content_type(path: &str) -> Option<&'static str> {
    let name = path.rsplit(['/', '\\']).next()?;
    let (stem, ext) = name.rsplit_once('.')?;
    if stem.is_empty() {
        return None;
    }
    let ext = ext.to_ascii_lowercase();
    IMAGE_EXTENSIONS
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|(_, t)| *t)
}

/// A plain KB-relative path: `/`-separated, no empty, `.` or `..` segment, no backslash, colon
/// (drive letters, schemes) or control character.
fn is_plain_rel(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.contains(['\\', ':'])
        && !rel.chars().any(char::is_control)
        && rel
            .split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
}

/// The KB-relative image path a document's image reference points at, by its text alone (no
/// file system access): `src` relative to the folder of `doc_path`, or `/`-rooted from the KB
/// root, percent-decoded, with an image extension and not leaving the KB. `None` for anything
/// else (URLs with a scheme, `//host/…`, backslashes, escapes, other extensions).
pub fn image_ref_path(doc_path: &str, src: &str) -> Option<String> {
    let src = src.trim_matches(|c: char| c.is_ascii_whitespace());
    // Query and fragment do not name a different file.
    let src = src.split(['?', '#']).next().unwrap_or_default();
    if src.is_empty() || src.starts_with("//") || src.contains('\\') || has_scheme(src) {
        return None;
    }
    let decoded = percent_decode(src)?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let base = doc_path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let rel = join_rel(base, &decoded)?;
    (is_plain_rel(&rel) && image_content_type(&rel).is_some()).then_some(rel)
}

/// `scheme:` at the start, as a URL parser would see it (`C:/x.png` counts: a drive letter).
fn has_scheme(s: &str) -> bool {
    let Some((scheme, _)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

/// Checks that KB-relative `rel` names an image file inside `root` and returns its canonical
/// path: plain relative path, image extension, exists, a regular file once symlinks are followed,
/// inside the canonical KB root, and at most [`MAX_BYTES`].
pub fn check(root: &Path, rel: &str) -> Result<PathBuf, AssetError> {
    if !is_plain_rel(rel) || image_content_type(rel).is_none() {
        return Err(AssetError::Forbidden);
    }
    let root = root.canonicalize().map_err(|_| AssetError::NotFound)?;
    let path = root
        .join(rel)
        .canonicalize()
        .map_err(|_| AssetError::NotFound)?;
    if !path.starts_with(&root) {
        return Err(AssetError::Forbidden);
    }
    // A symlink inside the KB may point at another file inside it; it must be an image too.
    if image_content_type(&path.to_string_lossy()).is_none() {
        return Err(AssetError::Forbidden);
    }
    let meta = fs::metadata(&path).map_err(|_| AssetError::NotFound)?;
    if !meta.is_file() || meta.len() > MAX_BYTES {
        return Err(AssetError::Forbidden);
    }
    Ok(path)
}

/// The KB-relative path of an asset request's URL path (`/runbooks/media/a%20b.png`):
/// percent-decoded and checked to be a plain relative path (`..`, `.`, absolute, drive, NUL,
/// backslash and empty segments refused — also when they arrive percent-encoded).
pub fn request_path(url_path: &str) -> Result<String, AssetError> {
    let raw = url_path.split(['?', '#']).next().unwrap_or_default();
    let raw = raw.strip_prefix('/').unwrap_or(raw);
    let rel = percent_decode(raw).ok_or(AssetError::Forbidden)?;
    if is_plain_rel(&rel) {
        Ok(rel)
    } else {
        Err(AssetError::Forbidden)
    }
}

/// Serves one asset request: `url_path` is the request URL's path, `root` the open KB's folder.
pub fn read(root: &Path, url_path: &str) -> Result<Asset, AssetError> {
    let rel = request_path(url_path)?;
    let path = check(root, &rel)?;
    let content_type = image_content_type(&rel).ok_or(AssetError::Forbidden)?;
    let mut bytes = Vec::new();
    fs::File::open(&path)
        .and_then(|f| f.take(MAX_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|_| AssetError::NotFound)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(AssetError::Forbidden);
    }
    Ok(Asset {
        bytes,
        content_type,
    })
}

/// The URL of KB-relative image `rel` under `url_base` (each path segment percent-encoded).
pub fn url_for(url_base: &str, rel: &str) -> String {
    let mut out = String::with_capacity(url_base.len() + rel.len() + 8);
    out.push_str(url_base);
    for (i, seg) in rel.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        for b in seg.bytes() {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// The KB-relative path of an asset URL (either platform's form) when it is one, by its text
/// alone: the prefix, then only unreserved characters, `%XX` and `/`, naming an image path.
pub fn asset_url_path(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix(URL_BASE_NATIVE)
        .or_else(|| url.strip_prefix(URL_BASE_HTTP))?;
    if !rest
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~%/".contains(&b))
    {
        return None;
    }
    let rel = percent_decode(rest)?;
    (is_plain_rel(&rel) && image_content_type(&rel).is_some()).then_some(rel)
}

/// Decodes `%XX` escapes; `None` for a malformed escape or a result that is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_string());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Resolves a document's image references against an open KB folder: the renderer's view of
/// which images load and under which URL.
#[derive(Debug, Clone)]
pub struct Images {
    root: PathBuf,
    doc_path: String,
    url_base: String,
}

impl Images {
    /// Images of document `doc_path` (KB-relative) in the KB at `root`, served under `url_base`
    /// (e.g. [`url_base_for_platform`]).
    pub fn new(root: &Path, doc_path: &str, url_base: &str) -> Self {
        Images {
            root: root.to_path_buf(),
            doc_path: doc_path.to_string(),
            url_base: url_base.to_string(),
        }
    }

    /// The URL to load for image reference `src`, or `None` when it must not load (see the
    /// module docs). An asset URL already in the text is checked like a `/`-rooted path.
    pub fn url(&self, src: &str) -> Option<String> {
        let rel = match asset_url_path(src) {
            Some(rel) => rel,
            None => image_ref_path(&self.doc_path, src)?,
        };
        check(&self.root, &rel).ok()?;
        Some(url_for(&self.url_base, &rel))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n fake";

    fn kb() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("kb");
        fs::create_dir_all(root.join("runbooks/media")).unwrap();
        fs::write(root.join("runbooks/media/screen.png"), PNG).unwrap();
        fs::write(root.join("runbooks/media/a b.JPG"), PNG).unwrap();
        fs::write(root.join("logo.gif"), PNG).unwrap();
        fs::write(root.join("runbooks/notes.txt"), "text").unwrap();
        fs::write(dir.path().join("outside.png"), PNG).unwrap();
        (dir, root)
    }

    #[test]
    fn references_resolve_against_the_document_folder_or_the_kb_root() {
        let doc = "runbooks/vpn.md";
        assert_eq!(
            image_ref_path(doc, "media/screen.png").as_deref(),
            Some("runbooks/media/screen.png")
        );
        assert_eq!(
            image_ref_path(doc, "./media/a%20b.JPG?v=2#x").as_deref(),
            Some("runbooks/media/a b.JPG")
        );
        assert_eq!(
            image_ref_path(doc, "/logo.gif").as_deref(),
            Some("logo.gif")
        );
        assert_eq!(
            image_ref_path(doc, "../logo.gif").as_deref(),
            Some("logo.gif")
        );
        assert_eq!(
            image_ref_path("top.md", "x.webp").as_deref(),
            Some("x.webp")
        );
    }

    #[test]
    fn hostile_references_do_not_resolve() {
        let doc = "runbooks/vpn.md";
        for src in [
            "../../etc/passwd",
            "../../x.png",
            "%2e%2e/%2e%2e/x.png",
            "media/%2e%2e/%2e%2e/%2e%2e/x.png",
            "/etc/../../x.png",
            "https://example.com/x.png",
            "http://fgasset.localhost/../x.png",
            "//evil.example/x.png",
            "data:image/png;base64,AAAA",
            "file:///etc/x.png",
            "C:/Windows/x.png",
            "C:\\Windows\\x.png",
            "media\\screen.png",
            "media/screen.png%00.txt",
            "media/screen%00.png",
            "notes.txt",
            "media/screen.svg",
            "media/.png",
            "media/",
            "",
            "%zz.png",
            "%ff%fe.png",
        ] {
            assert_eq!(image_ref_path(doc, src), None, "{src}");
        }
    }

    #[test]
    fn check_confines_to_the_kb_and_to_images() {
        let (_dir, root) = kb();
        assert!(check(&root, "runbooks/media/screen.png").is_ok());
        assert!(check(&root, "runbooks/media/a b.JPG").is_ok());
        assert_eq!(check(&root, "missing.png"), Err(AssetError::NotFound));
        assert_eq!(
            check(&root, "runbooks/notes.txt"),
            Err(AssetError::Forbidden)
        );
        assert_eq!(check(&root, "../outside.png"), Err(AssetError::Forbidden));
        assert_eq!(check(&root, "/etc/passwd.png"), Err(AssetError::Forbidden));
        assert_eq!(check(&root, "a//b.png"), Err(AssetError::Forbidden));
        assert_eq!(check(&root, "a\0.png"), Err(AssetError::Forbidden));
        // A directory named like an image is not served.
        fs::create_dir(root.join("dir.png")).unwrap();
        assert_eq!(check(&root, "dir.png"), Err(AssetError::Forbidden));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_kb_or_to_non_images_are_refused() {
        let (dir, root) = kb();
        std::os::unix::fs::symlink(dir.path().join("outside.png"), root.join("out.png")).unwrap();
        std::os::unix::fs::symlink(dir.path(), root.join("up")).unwrap();
        std::os::unix::fs::symlink(root.join("runbooks/notes.txt"), root.join("notes.png"))
            .unwrap();
        std::os::unix::fs::symlink(root.join("logo.gif"), root.join("alias.png")).unwrap();
        assert_eq!(check(&root, "out.png"), Err(AssetError::Forbidden));
        assert_eq!(check(&root, "up/outside.png"), Err(AssetError::Forbidden));
        assert_eq!(check(&root, "notes.png"), Err(AssetError::Forbidden));
        assert!(
            check(&root, "alias.png").is_ok(),
            "a link inside the KB to an image"
        );
        let images = Images::new(&root, "doc.md", URL_BASE_NATIVE);
        assert_eq!(images.url("out.png"), None);
        assert_eq!(images.url("up/outside.png"), None);
    }

    #[test]
    fn requests_are_decoded_then_confined() {
        let (_dir, root) = kb();
        let a = read(&root, "/runbooks/media/screen.png").unwrap();
        assert_eq!((a.bytes.as_slice(), a.content_type), (PNG, "image/png"));
        let a = read(&root, "/runbooks/media/a%20b.JPG").unwrap();
        assert_eq!(a.content_type, "image/jpeg");
        for (path, err) in [
            ("/../outside.png", AssetError::Forbidden),
            ("/%2e%2e/outside.png", AssetError::Forbidden),
            ("/%2E%2E%2Foutside.png", AssetError::Forbidden),
            ("/runbooks/%2e%2e/%2e%2e/outside.png", AssetError::Forbidden),
            ("//etc/passwd.png", AssetError::Forbidden),
            ("/%2Fetc%2Fpasswd.png", AssetError::Forbidden),
            ("/C:/x.png", AssetError::Forbidden),
            ("/a%5C..%5Cb.png", AssetError::Forbidden),
            ("/screen%00.png", AssetError::Forbidden),
            ("/runbooks/notes.txt", AssetError::Forbidden),
            ("/runbooks/media/screen.svg", AssetError::Forbidden),
            ("/missing.png", AssetError::NotFound),
            ("/%zz.png", AssetError::Forbidden),
            ("/", AssetError::Forbidden),
        ] {
            assert_eq!(read(&root, path), Err(err), "{path}");
        }
        assert_eq!(AssetError::Forbidden.status(), 403);
        assert_eq!(AssetError::NotFound.status(), 404);
    }

    #[test]
    fn oversized_files_are_refused() {
        let (_dir, root) = kb();
        let f = fs::File::create(root.join("huge.png")).unwrap();
        f.set_len(MAX_BYTES + 1).unwrap();
        assert_eq!(check(&root, "huge.png"), Err(AssetError::Forbidden));
        assert_eq!(read(&root, "/huge.png"), Err(AssetError::Forbidden));
    }

    #[test]
    fn urls_round_trip_and_resolve_only_existing_images() {
        let (_dir, root) = kb();
        let url = url_for(URL_BASE_NATIVE, "runbooks/media/a b.JPG");
        assert_eq!(url, "fgasset://localhost/runbooks/media/a%20b.JPG");
        assert_eq!(
            asset_url_path(&url).as_deref(),
            Some("runbooks/media/a b.JPG")
        );
        assert_eq!(
            asset_url_path("http://fgasset.localhost/logo.gif").as_deref(),
            Some("logo.gif")
        );
        for bad in [
            "fgasset://localhost/../x.png",
            "fgasset://localhost/%2e%2e/x.png",
            "fgasset://localhost/x.txt",
            "fgasset://evil/x.png",
            "fgasset://localhost/x.png\" onerror=\"x",
            "https://fgasset.localhost/x.png",
        ] {
            assert_eq!(asset_url_path(bad), None, "{bad}");
        }
        let images = Images::new(&root, "runbooks/vpn.md", URL_BASE_HTTP);
        assert_eq!(
            images.url("media/screen.png").as_deref(),
            Some("http://fgasset.localhost/runbooks/media/screen.png")
        );
        assert_eq!(
            images.url("fgasset://localhost/logo.gif").as_deref(),
            Some("http://fgasset.localhost/logo.gif")
        );
        assert_eq!(images.url("media/missing.png"), None);
        assert_eq!(images.url("notes.txt"), None);
        assert_eq!(images.url("../../outside.png"), None);
        assert_eq!(images.url("https://example.com/x.png"), None);
        assert_eq!(
            images.url(&format!("{}", root.join("logo.gif").display())),
            None
        );
    }
}
