//! Running the `fieldguide` binary in the CLI's integration tests: one runner, with or without
//! standard input.
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::util::KbTest;

/// Runs the `fieldguide` binary on the KB at `kb` with the data folder `data`.
pub fn fieldguide(kb: &Path, data: &Path, args: &[&str]) -> Output {
    fieldguide_stdin(kb, data, args, "")
}

/// [`fieldguide`], writing `stdin` to the binary's standard input.
pub fn fieldguide_stdin(kb: &Path, data: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fieldguide"))
        .arg("--kb")
        .arg(kb)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Runs the `fieldguide` CLI on `t`'s KB with its own data folder (`<tmp>/cli-data`), so it
/// does not share the test's open KB's lock.
pub fn cli(t: &KbTest, args: &[&str]) -> Output {
    fieldguide(&t.root(), &t.tmp.path().join("cli-data"), args)
}
