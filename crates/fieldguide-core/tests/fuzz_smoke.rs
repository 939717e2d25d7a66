//! The fuzz targets on stable Rust: every seed (kb-content/, tests/fixtures/, the XSS payloads)
//! plus thousands of deterministic mutations (bit flips, truncations, splices, interesting bytes,
//! deep nesting) through the same target bodies cargo-fuzz runs (`fuzz/src/targets.rs`), each in
//! a bounded time. A panic names the target and saves the input under target/fuzz-smoke/.
//! `FIELDGUIDE_FUZZ_ITERS` sets the mutations per target (default 1500).
#[path = "../../../fuzz/src/targets.rs"]
mod targets;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::util::repo;

fn seeds() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut stack = vec![repo().join("kb-content"), repo().join("tests/fixtures")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md" || x == "txt")
                && e.metadata().map(|m| m.len() < 256 * 1024).unwrap_or(false)
            {
                out.push(std::fs::read(&p).unwrap());
            }
        }
    }
    for p in crate::security::payloads() {
        out.push(p.into_bytes());
    }
    // Shapes worth starting from that the KB may not have.
    for s in [
        "---\ntitle: x\n---\n",
        "---\n: : :\n---\n",
        "---\n- a\n- b\n---\n# not a mapping\n",
        "---\nanchors: &a [*a]\n---\n",
        "---\ntitle: \"unterminated\n---\n",
        "## A {#start}\n- [b](#b)\n## B {#b}\n> outcome: resolved\n",
        "## A {#a}\n- [a](#a)\n- [a](#a)\n",
        "> [!NOTE]\n> x\n\n[^1]\n\n[^1]: y\n",
        "| a | b |\n|---|---|\n| [[x]] | `y` |\n",
    ] {
        out.push(s.as_bytes().to_vec());
    }
    out.sort();
    out.dedup();
    out
}

/// xorshift64*: deterministic, so a failure reproduces.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const INTERESTING: &[&[u8]] = &[
    b"\n",
    b"\r\n",
    b"---\n",
    b"# ",
    b"## ",
    b"> ",
    b"- ",
    b"1. ",
    b"```",
    b"~~~",
    b"[",
    b"]",
    b"(",
    b")",
    b"[[",
    b"]]",
    b"{#",
    b"}",
    b"|",
    b"<",
    b">",
    b"&",
    b"\"",
    b"'",
    b"*",
    b"_",
    b"\\",
    b"<script>",
    b"<svg onload=x>",
    b"javascript:",
    b"&#",
    b":",
    b"- [x](#",
    b"> outcome: ",
    b"\0",
    b"\xff",
    b"\xc3",
    b"\xe2\x80\xae",
    b"\t",
    b"    ",
    b"&a",
    b"*a",
    b"!!binary ",
    b"%",
];

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut d = seeds[rng.below(seeds.len())].clone();
    for _ in 0..1 + rng.below(4) {
        match rng.below(8) {
            0 if !d.is_empty() => {
                let i = rng.below(d.len());
                d[i] ^= 1 << rng.below(8);
            }
            1 if !d.is_empty() => d.truncate(rng.below(d.len())),
            2 => {
                let other = &seeds[rng.below(seeds.len())];
                let at = rng.below(d.len() + 1);
                let from = rng.below(other.len() + 1);
                let to = from + rng.below(other.len() - from + 1);
                d.splice(at..at, other[from..to].iter().copied());
            }
            3 | 4 => {
                let tok = INTERESTING[rng.below(INTERESTING.len())];
                let at = rng.below(d.len() + 1);
                d.splice(at..at, tok.iter().copied());
            }
            5 if d.len() > 1 => {
                let from = rng.below(d.len());
                let to = (from + rng.below(256)).min(d.len());
                let chunk = d[from..to].to_vec();
                for _ in 0..rng.below(8) {
                    d.splice(from..from, chunk.iter().copied());
                }
            }
            6 => {
                // Deep nesting: quotes, list indents or brackets, up to a few thousand levels.
                let depth = 1 + rng.below(3000);
                let unit: &[u8] = match rng.below(4) {
                    0 => b"> ",
                    1 => b"  - ",
                    2 => b"[",
                    _ => b"<div>",
                };
                let mut prefix = unit.repeat(depth);
                prefix.extend_from_slice(b"x\n");
                let at = rng.below(d.len() + 1);
                d.splice(at..at, prefix);
            }
            _ => {
                let i = rng.below(d.len() + 1);
                d.insert(i, rng.next() as u8);
            }
        }
    }
    d.truncate(512 * 1024);
    d
}

fn save_crash(target: &str, input: &[u8]) -> PathBuf {
    let dir = repo().join("target/fuzz-smoke");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(format!("crash-{target}-{:016x}", fnv(input)));
    std::fs::write(&p, input).unwrap();
    p
}

fn fnv(b: &[u8]) -> u64 {
    b.iter().fold(0xcbf29ce484222325u64, |h, &x| {
        (h ^ u64::from(x)).wrapping_mul(0x100000001b3)
    })
}

/// Runs one target over the seeds and `iters` mutations on a thread with a small stack (a
/// recursion bug shows up as a failure here, not only in production).
fn smoke(name: &'static str, target: fn(&[u8]), seed: u64) {
    let iters: usize = std::env::var("FIELDGUIDE_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1500);
    let seeds = seeds();
    assert!(seeds.len() > 100, "seed corpus too small: {}", seeds.len());
    let handle = std::thread::Builder::new()
        .name(format!("fuzz-{name}"))
        .stack_size(4 * 1024 * 1024)
        .spawn(move || {
            let mut rng = Rng(seed);
            let started = Instant::now();
            let mut slowest = (Duration::ZERO, 0usize);
            let inputs = seeds.len() + iters;
            for i in 0..inputs {
                let input = if i < seeds.len() {
                    seeds[i].clone()
                } else {
                    mutate(&mut rng, &seeds)
                };
                let t = Instant::now();
                let r = std::panic::catch_unwind(|| target(&input));
                let took = t.elapsed();
                if r.is_err() {
                    let p = save_crash(name, &input);
                    panic!("{name}: input {i} panicked; saved to {}", p.display());
                }
                if took > slowest.0 {
                    slowest = (took, input.len());
                    if took > Duration::from_millis(500) {
                        save_crash(&format!("{name}-slowest"), &input);
                    }
                }
                if took > Duration::from_secs(5) {
                    let p = save_crash(&format!("{name}-slow"), &input);
                    panic!("{name}: input {i} took {took:?}; saved to {}", p.display());
                }
            }
            eprintln!(
                "fuzz smoke {name}: {inputs} inputs in {:?}, slowest {:?} ({} bytes)",
                started.elapsed(),
                slowest.0,
                slowest.1
            );
        })
        .unwrap();
    if let Err(e) = handle.join() {
        std::panic::resume_unwind(e);
    }
}

#[test]
fn fuzz_smoke_front_matter() {
    smoke("front_matter", targets::front_matter, 0x9E3779B97F4A7C15);
}

#[test]
fn fuzz_smoke_render() {
    smoke("render", targets::render, 0xD1B54A32D192ED03);
}

#[test]
fn fuzz_smoke_flow_parse() {
    smoke("flow_parse", targets::flow_parse, 0x94D049BB133111EB);
}

#[test]
fn the_smoke_runner_reports_a_panicking_target() {
    fn boom(d: &[u8]) {
        assert!(!d.windows(3).any(|w| w == b"---"), "found front matter");
    }
    let r = std::thread::spawn(|| smoke("selftest", boom, 1)).join();
    assert!(r.is_err(), "a panicking target must fail the smoke run");
    let dir = repo().join("target/fuzz-smoke");
    assert!(std::fs::read_dir(&dir).unwrap().flatten().any(|e| e
        .file_name()
        .to_string_lossy()
        .starts_with("crash-selftest-")));
}
