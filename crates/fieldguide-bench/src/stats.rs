//! Latency samples and their summaries (p50/p99/mean), and the small table printer.
use std::time::Duration;

use serde::Serialize;

/// A set of latency samples in microseconds.
#[derive(Debug, Default, Clone)]
pub struct Samples(Vec<f64>);

impl Samples {
    /// Records one duration.
    pub fn push(&mut self, d: Duration) {
        self.0.push(d.as_secs_f64() * 1e6);
    }

    /// Adds every sample of `other`.
    pub fn extend(&mut self, other: &Samples) {
        self.0.extend_from_slice(&other.0);
    }

    /// The summary (all zeros when empty).
    pub fn summary(&self) -> Summary {
        let mut v = self.0.clone();
        v.sort_by(f64::total_cmp);
        let pct = |p: f64| -> f64 {
            if v.is_empty() {
                return 0.0;
            }
            // Nearest-rank percentile.
            let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
            v[rank.clamp(1, v.len()) - 1]
        };
        Summary {
            n: v.len(),
            p50_ms: pct(50.0) / 1000.0,
            p99_ms: pct(99.0) / 1000.0,
            max_ms: v.last().copied().unwrap_or(0.0) / 1000.0,
            mean_ms: if v.is_empty() {
                0.0
            } else {
                v.iter().sum::<f64>() / v.len() as f64 / 1000.0
            },
        }
    }
}

/// Percentiles of a set of samples, in milliseconds.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct Summary {
    /// Number of samples.
    pub n: usize,
    /// Median.
    pub p50_ms: f64,
    /// 99th percentile (nearest rank).
    pub p99_ms: f64,
    /// Slowest sample.
    pub max_ms: f64,
    /// Mean.
    pub mean_ms: f64,
}

/// `a / b` as "12.3×", or "-" when undefined.
pub fn ratio(a: f64, b: f64) -> String {
    if b <= 0.0 || a <= 0.0 {
        "-".into()
    } else {
        format!("{:.1}×", a / b)
    }
}

/// Formats milliseconds with a sensible precision.
pub fn ms(v: f64) -> String {
    if v < 10.0 {
        format!("{v:.2} ms")
    } else if v < 1000.0 {
        format!("{v:.0} ms")
    } else {
        format!("{:.2} s", v / 1000.0)
    }
}

/// "PASS"/"MISS" against a target.
pub fn verdict(ok: bool) -> &'static str {
    if ok {
        "PASS"
    } else {
        "MISS"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let mut s = Samples::default();
        for i in 1..=100u64 {
            s.push(Duration::from_micros(i * 1000));
        }
        let m = s.summary();
        assert_eq!(m.n, 100);
        assert_eq!(m.p50_ms, 50.0);
        assert_eq!(m.p99_ms, 99.0);
        assert_eq!(m.max_ms, 100.0);
        assert_eq!(Samples::default().summary().p99_ms, 0.0);
        assert_eq!(ratio(10.0, 4.0), "2.5×");
        assert_eq!(ratio(1.0, 0.0), "-");
    }
}
