//! Chart series: many steps drawn into few pixels.

/// Reduces the points `(k, ys[k])` to at most two per pixel column (the column's lowest and
/// highest, in step order), so a 10 000-step run draws as fast as a short one and its
/// spikes survive. Non-finite values are dropped. `columns` is the plot width in pixels.
pub fn decimate(ys: &[f64], columns: usize) -> Vec<(f64, f64)> {
    let n = ys.len();
    let columns = columns.max(1);
    if n <= 2 * columns {
        return ys
            .iter()
            .enumerate()
            .filter(|(_, y)| y.is_finite())
            .map(|(k, y)| (k as f64, *y))
            .collect();
    }
    let mut out = Vec::with_capacity(2 * columns + 2);
    let per = n as f64 / columns as f64;
    for c in 0..columns {
        let (a, b) = ((c as f64 * per) as usize, (((c + 1) as f64 * per) as usize).min(n));
        let (mut lo, mut hi) = (None::<(usize, f64)>, None::<(usize, f64)>);
        for (k, &y) in ys.iter().enumerate().take(b).skip(a) {
            if !y.is_finite() {
                continue;
            }
            if lo.is_none_or(|(_, v)| y < v) {
                lo = Some((k, y));
            }
            if hi.is_none_or(|(_, v)| y > v) {
                hi = Some((k, y));
            }
        }
        // The column's extremes, in step order (one point when they coincide).
        match (lo, hi) {
            (Some(l), Some(h)) if l.0 == h.0 => out.push((l.0 as f64, l.1)),
            (Some(l), Some(h)) => {
                let (a, b) = if l.0 < h.0 { (l, h) } else { (h, l) };
                out.extend([(a.0 as f64, a.1), (b.0 as f64, b.1)]);
            }
            _ => {}
        }
    }
    // Keep the exact last point so the line ends where the run does.
    if let Some(k) = ys.iter().rposition(|y| y.is_finite()) {
        if out.last().map(|p| p.0) != Some(k as f64) {
            out.push((k as f64, ys[k]));
        }
    }
    out
}

/// The y range to show for `values` (finite ones; positive ones only when `log`), padded so
/// lines do not touch the frame. `None` when nothing can be shown.
pub fn y_range(values: impl Iterator<Item = f64>, log: bool) -> Option<(f64, f64)> {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite() && (!log || *v > 0.0)) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if lo > hi {
        return None;
    }
    if log {
        let (a, b) = (lo.log10(), hi.log10());
        let pad = ((b - a) * 0.05).max(0.15);
        Some((10f64.powf(a - pad), 10f64.powf(b + pad)))
    } else {
        let pad = ((hi - lo) * 0.06).max(hi.abs().max(1e-12) * 1e-3);
        Some((lo - pad, hi + pad))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_series_are_kept_whole() {
        let ys = [3.0, f64::NAN, 1.0];
        assert_eq!(decimate(&ys, 100), vec![(0.0, 3.0), (2.0, 1.0)]);
    }

    #[test]
    fn long_series_keep_extremes_and_the_end() {
        let mut ys: Vec<f64> = (0..10_000).map(|k| 1.0 / (1.0 + k as f64)).collect();
        ys[5_000] = 50.0; // a spike
        let d = decimate(&ys, 100);
        assert!(d.len() <= 202, "{}", d.len());
        assert!(d.contains(&(5_000.0, 50.0)), "the spike survives");
        assert_eq!(d.first(), Some(&(0.0, 1.0)));
        assert_eq!(d.last(), Some(&(9_999.0, 1.0 / 10_000.0)));
        assert!(d.windows(2).all(|w| w[0].0 < w[1].0), "in step order");
    }

    #[test]
    fn ranges_are_padded_and_log_ranges_positive() {
        let (lo, hi) = y_range([1e-3, 10.0, -1.0, f64::NAN].into_iter(), true).unwrap();
        assert!(lo < 1e-3 && lo > 0.0 && hi > 10.0);
        let (lo, hi) = y_range([-1.0, 1.0].into_iter(), false).unwrap();
        assert!(lo < -1.0 && hi > 1.0);
        assert_eq!(y_range([f64::NAN].into_iter(), false), None);
        assert_eq!(y_range([-1.0].into_iter(), true), None);
        let (lo, hi) = y_range([2.0, 2.0].into_iter(), false).unwrap();
        assert!(lo < 2.0 && hi > 2.0);
    }
}
