//! Small descriptive statistics used by the KPIs.

/// The `p`-quantile (0 ≤ p ≤ 1) of sorted values by **linear interpolation between closest
/// ranks** (the "type 7" definition used by numpy's default, R's default and Excel's
/// `PERCENTILE.INC`): position `p·(n−1)`, interpolated between its neighbours. The median is
/// `quantile(0.5)` (the mean of the two middle values for an even count). `None` when empty.
pub fn quantile(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let pos = p.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    Some(sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64))
}

/// Arithmetic mean; `None` when empty.
pub fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        None
    } else {
        Some(values.iter().sum::<f64>() / values.len() as f64)
    }
}

/// `num / den`, or `None` when `den` is 0 (a rate over nothing is unknown, not 0%).
pub fn rate(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// Sorts minutes ascending as `f64`.
pub fn sorted_minutes(values: impl IntoIterator<Item = i64>) -> Vec<f64> {
    let mut v: Vec<f64> = values.into_iter().map(|m| m as f64).collect();
    v.sort_by(f64::total_cmp);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_even_and_odd() {
        let even = [10.0, 20.0, 30.0, 40.0];
        assert_eq!(quantile(&even, 0.5), Some(25.0));
        assert!((quantile(&even, 0.9).unwrap() - 37.0).abs() < 1e-9);
        let odd = [10.0, 20.0, 30.0, 40.0, 50.0];
        assert_eq!(quantile(&odd, 0.5), Some(30.0));
        assert!((quantile(&odd, 0.9).unwrap() - 46.0).abs() < 1e-9);
        assert_eq!(quantile(&[7.0], 0.9), Some(7.0));
        assert_eq!(quantile(&[], 0.5), None);
        assert_eq!(rate(1, 0), None);
        assert_eq!(mean(&[]), None);
    }
}
