//! "Nice" axis ticks: 1, 2 or 5 times a power of ten.

/// Ticks covering [lo, hi] with about `target` intervals.
pub fn nice_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo || target == 0 {
        return Vec::new();
    }
    let raw = (hi - lo) / target as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step =
        [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    // Multiplying an integer by the step (not adding steps) keeps 0.1·3 from drifting.
    (first..=last)
        .map(|i| i as f64 * step)
        .map(|v| if v.abs() < step * 1e-9 { 0.0 } else { v })
        .collect()
}

/// Powers of ten covering [lo, hi] (both > 0) for a log axis.
pub fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    if !(lo > 0.0 && hi > lo && hi.is_finite()) {
        return Vec::new();
    }
    let (a, b) = (lo.log10().ceil() as i32, hi.log10().floor() as i32);
    let every = ((b - a) / 6 + 1).max(1);
    (a..=b).filter(|e| (e - a) % every == 0).map(|e| 10f64.powi(e)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_inside() {
        assert_eq!(nice_ticks(-5.0, 5.0, 5), vec![-4.0, -2.0, 0.0, 2.0, 4.0]);
        assert_eq!(nice_ticks(-2.0, 2.0, 4), vec![-2.0, -1.0, 0.0, 1.0, 2.0]);
        assert_eq!(nice_ticks(0.0, 1.0, 5), vec![0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]);
        assert_eq!(nice_ticks(-5.12, 5.12, 4), vec![-5.0, 0.0, 5.0]);
        assert!(nice_ticks(1.0, 1.0, 5).is_empty());
        assert!(nice_ticks(f64::NAN, 1.0, 5).is_empty());
    }

    #[test]
    fn log_ticks_are_powers_of_ten() {
        assert_eq!(log_ticks(0.003, 250.0), vec![0.01, 0.1, 1.0, 10.0, 100.0]);
        let many = log_ticks(1e-20, 1e5);
        assert!(many.len() <= 7 && many[0] == 1e-20, "{many:?}");
        assert!(log_ticks(0.0, 1.0).is_empty());
    }
}
