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

/// A chart's y axis in the units it is drawn in (log10 of the value on a log axis): the
/// labelled ticks and the faint grid lines between them, for the data range [lo, hi].
/// Decades on a log axis that spans two or more of them, with lines at 2…9 times each when
/// there are few; round values otherwise.
pub fn chart_ticks(lo: f64, hi: f64, log: bool) -> (Vec<f64>, Vec<f64>) {
    if !log {
        let key = nice_ticks(lo, hi, 5);
        let light = nice_ticks(lo, hi, 20).into_iter().filter(|v| !key.contains(v)).collect();
        return (key, light);
    }
    let decades = log_ticks(lo, hi);
    if decades.len() < 2 {
        let key = nice_ticks(lo, hi, 4).into_iter().filter(|v| *v > 0.0).map(f64::log10).collect();
        return (key, Vec::new());
    }
    let (first, last) = (lo.log10().floor() as i32, hi.log10().ceil() as i32);
    let light: Vec<f64> = if last - first <= 6 {
        (first..last)
            .flat_map(|e| (2..=9).map(move |m| (f64::from(m) * 10f64.powi(e)).log10()))
            .filter(|v| (lo.log10()..=hi.log10()).contains(v))
            .collect()
    } else {
        (first..=last).map(f64::from).filter(|v| (lo.log10()..=hi.log10()).contains(v)).collect()
    };
    let key: Vec<f64> = decades.iter().map(|d| d.log10().round()).collect();
    let light = light.into_iter().filter(|v| !key.contains(v)).collect();
    (key, light)
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

    #[test]
    fn chart_ticks_on_log_and_linear_axes() {
        // Five decades: every decade labelled, lines at 2…9 times each between.
        let (key, light) = chart_ticks(3e-4, 20.0, true);
        assert_eq!(key, vec![-3.0, -2.0, -1.0, 0.0, 1.0]);
        assert!(light.contains(&2f64.log10()) && light.contains(&(5e-4_f64).log10()));
        assert!(light.iter().all(|v| *v >= 3e-4_f64.log10() && *v <= 20f64.log10()));
        // Forty decades: a label every few, a line at every decade.
        let (key, light) = chart_ticks(1e-30, 1e10, true);
        assert!(key.len() <= 7 && key.len() >= 4, "{key:?}");
        assert!(light.iter().all(|v| v.fract() == 0.0) && light.len() + key.len() == 41);
        // Within one decade: round values, at their logarithms.
        let (key, light) = chart_ticks(0.21, 0.93, true);
        assert_eq!(
            key.iter().map(|v| (10f64.powf(*v) * 10.0).round() / 10.0).collect::<Vec<_>>(),
            vec![0.4, 0.6, 0.8]
        );
        assert!(light.is_empty());
        // Linear: nice ticks, and finer lines that are not ticks.
        let (key, light) = chart_ticks(-1.0, 9.0, false);
        assert_eq!(key, vec![0.0, 2.0, 4.0, 6.0, 8.0]);
        assert!(light.contains(&1.0) && !light.contains(&2.0));
    }
}
