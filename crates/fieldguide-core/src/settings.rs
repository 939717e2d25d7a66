//! A KB's own settings: `fieldguide.toml` at the KB root, committed with the documents so that
//! everyone who opens the KB reads it the same way. Optional; every setting has a default.
//!
//! ```toml
//! [links]
//! # Where site-relative links (`/exchange/…`) point when no KB document matches them: the
//! # web site the documents were published on.
//! site_base = "https://learn.microsoft.com/en-us"
//! ```
//!
//! A file that cannot be read or understood is reported as a [`Problem`] with its line, and
//! the KB opens with the defaults: nothing in it is lost or rewritten.
use std::path::Path;

use serde::Deserialize;

use crate::error::{Problem, Severity};

/// The settings file's name, at the KB root.
pub const SETTINGS_FILE: &str = "fieldguide.toml";

/// Settings read from [`SETTINGS_FILE`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KbSettings {
    /// Base URL for site-relative links, without a trailing `/`.
    pub site_base: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileToml {
    #[serde(default)]
    links: LinksToml,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct LinksToml {
    site_base: Option<toml::Spanned<String>>,
}

impl KbSettings {
    /// Reads the settings of the KB at `root`: the defaults when there is no settings file,
    /// the defaults and a problem (file and line) when it is unreadable or invalid.
    pub fn load(root: &Path) -> (KbSettings, Option<Problem>) {
        let path = root.join(SETTINGS_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => match KbSettings::parse(&text) {
                Ok(s) => (s, None),
                Err(p) => (KbSettings::default(), Some(p)),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (KbSettings::default(), None),
            Err(e) => (
                KbSettings::default(),
                Some(problem(
                    0,
                    format!("cannot be read ({e}); using the defaults"),
                )),
            ),
        }
    }

    /// Parses the text of a settings file.
    pub fn parse(text: &str) -> Result<KbSettings, Problem> {
        let file: FileToml = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(0, |s| line_of(text, s.start));
            problem(line, format!("{}; using the defaults", e.message().trim()))
        })?;
        let site_base = match file.links.site_base {
            None => None,
            Some(v) => {
                let line = line_of(text, v.span().start);
                Some(check_base(v.get_ref()).map_err(|why| {
                    problem(
                        line,
                        format!(
                            "links.site_base `{}` {why}; using the defaults",
                            v.get_ref()
                        ),
                    )
                })?)
            }
        };
        Ok(KbSettings { site_base })
    }

    /// The web address of a site-relative link target (`/exchange/x?view=y`, anchor apart),
    /// when a site base is set.
    pub fn site_url(&self, target: &str, anchor: Option<&str>) -> Option<String> {
        let base = self.site_base.as_deref()?;
        if !target.starts_with('/') || target.starts_with("//") {
            return None;
        }
        let mut url = format!("{base}{}", encode_path(target));
        if let Some(a) = anchor {
            url.push('#');
            url.push_str(&encode_path(a));
        }
        Some(url)
    }
}

/// A site base must be an absolute http(s) URL with a host; kept without its trailing `/`.
fn check_base(s: &str) -> Result<String, &'static str> {
    let s = s.trim();
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .ok_or("is not an http:// or https:// address")?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() {
        return Err("has no host name");
    }
    if s.chars()
        .any(|c| c.is_whitespace() || c.is_control() || "\"<>#?".contains(c))
    {
        return Err("may hold no spaces, quotes, `<`, `>`, `#` or `?`");
    }
    Ok(s.trim_end_matches('/').to_string())
}

/// Link targets are stored percent-decoded; put back what a URL cannot hold as is.
fn encode_path(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '"' => out.push_str("%22"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            c if c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

fn line_of(text: &str, byte: usize) -> usize {
    text.get(..byte.min(text.len()))
        .map_or(1, |t| t.matches('\n').count() + 1)
}

fn problem(line: usize, message: String) -> Problem {
    Problem::new(SETTINGS_FILE, line, Severity::Error, "settings", message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_means_defaults_without_a_problem() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(KbSettings::load(dir.path()), (KbSettings::default(), None));
    }

    #[test]
    fn site_base_is_read_and_joined_with_site_relative_targets() {
        let s = KbSettings::parse("[links]\nsite_base = \"https://learn.microsoft.com/en-us/\"\n")
            .unwrap();
        assert_eq!(
            s.site_base.as_deref(),
            Some("https://learn.microsoft.com/en-us")
        );
        assert_eq!(
            s.site_url("/exchange/mail flow?view=exchserver-2019", Some("see-also"))
                .as_deref(),
            Some("https://learn.microsoft.com/en-us/exchange/mail%20flow?view=exchserver-2019#see-also")
        );
        // Only site-relative targets: relative paths and protocol-relative ones are not sites.
        assert_eq!(s.site_url("runbooks/vpn", None), None);
        assert_eq!(s.site_url("//evil.example/x", None), None);
        assert_eq!(KbSettings::default().site_url("/exchange/x", None), None);
    }

    /// The KB applies its settings: site-relative links no document matches read as external
    /// (reader and lint), those that match still open the document, other broken links stay
    /// broken, and a changed or broken settings file is picked up by a refresh.
    #[test]
    fn a_kb_with_a_site_base_sends_site_relative_links_to_the_site() {
        let kb_dir = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        let root = kb_dir.path();
        std::fs::create_dir_all(root.join("Exchange")).unwrap();
        std::fs::write(
            root.join("a.md"),
            "# A\n\n[site](/exchange/mail-flow?view=x#rules)\n[in KB](/Exchange/b)\n\
             [missing](missing.md)\n[[nowhere]]\n",
        )
        .unwrap();
        std::fs::write(root.join("Exchange/b.md"), "# B\n").unwrap();
        let open = || {
            crate::Kb::open_with(
                root,
                crate::kb::KbOptions {
                    data_dir: Some(data.path().to_path_buf()),
                    ..Default::default()
                },
            )
            .unwrap()
        };
        let broken = |kb: &crate::Kb| -> Vec<(usize, String)> {
            crate::lint::lint_kb(kb, crate::lint::today())
                .into_iter()
                .filter(|p| p.code == "broken-link" || p.code == "settings")
                .map(|p| (p.line, p.message))
                .collect()
        };

        // No settings file: the site link is broken, and the message says how to fix it.
        let kb = open();
        let found = broken(&kb);
        assert_eq!(
            found.iter().map(|p| p.0).collect::<Vec<_>>(),
            [3, 5, 6],
            "{found:?}"
        );
        assert!(found[0].1.contains("site_base"), "{}", found[0].1);
        assert!(!found[1].1.contains("site_base"), "{}", found[1].1);
        drop(kb);

        std::fs::write(
            root.join(SETTINGS_FILE),
            "[links]\nsite_base = \"https://learn.microsoft.com/en-us/\"\n",
        )
        .unwrap();
        let kb = open();
        assert_eq!(
            broken(&kb).iter().map(|p| p.0).collect::<Vec<_>>(),
            [5, 6],
            "the site link is no longer broken"
        );
        let html = kb.view("a.md").unwrap().html;
        assert!(
            html.contains(
                "<a href=\"https://learn.microsoft.com/en-us/exchange/mail-flow?view=x#rules\" \
                 class=\"external\" rel=\"noopener noreferrer\">site</a>"
            ),
            "{html}"
        );
        assert!(html.contains("data-doc=\"Exchange/b.md\""), "{html}");
        assert_eq!(html.matches("broken-link").count(), 2, "{html}");

        // A broken settings file: reported with its line, and the defaults apply again.
        std::fs::write(root.join(SETTINGS_FILE), "[links]\nsite_base = 1\n").unwrap();
        let changed = kb.refresh_paths(&[SETTINGS_FILE.to_string()]).unwrap();
        assert_eq!(changed.changed, [SETTINGS_FILE]);
        let found = broken(&kb);
        assert_eq!(
            found.iter().map(|p| p.0).collect::<Vec<_>>(),
            [3, 5, 6, 2],
            "{found:?}"
        );
        assert!(kb
            .view("a.md")
            .unwrap()
            .html
            .contains("Broken link: /exchange/"));
        // Nothing changed since: nothing to report.
        assert!(kb.rescan().unwrap().is_empty());
    }

    #[test]
    fn bad_files_are_reported_with_their_line_and_fall_back_to_defaults() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(SETTINGS_FILE),
            "# links\n[links]\nsite_base = \"ftp://files.example\"\n",
        )
        .unwrap();
        let (s, p) = KbSettings::load(dir.path());
        assert_eq!(s, KbSettings::default());
        let p = p.unwrap();
        assert_eq!(
            (p.path.as_str(), p.line, p.code.as_str()),
            (SETTINGS_FILE, 3, "settings")
        );
        assert_eq!(p.severity, Severity::Error);
        assert!(p.message.contains("ftp://files.example"), "{}", p.message);

        // Not TOML at all.
        let p = KbSettings::parse("[links]\nsite_base = https://x\n").unwrap_err();
        assert_eq!(p.line, 2, "{}", p.message);
        // A misspelt key is an error, not silently ignored.
        let p = KbSettings::parse("\n[links]\n\nsitebase = \"https://x.example\"\n").unwrap_err();
        assert_eq!(p.line, 4, "{}", p.message);
        assert!(p.message.contains("sitebase"), "{}", p.message);
        // No host, or characters a base cannot hold.
        for bad in [
            "https:///x",
            "https://a b.example",
            "https://x.example/?q=1",
        ] {
            let text = format!("[links]\nsite_base = \"{bad}\"\n");
            assert!(KbSettings::parse(&text).is_err(), "{bad}");
        }
    }
}
