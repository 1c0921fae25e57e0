//! User Timing marks (`performance.mark` / `measure`) around the app's real work, so the
//! benchmark and Chromium's performance panel see recompute and draw times. No test hooks.

/// Runs `f`, recording it as a performance measure named `name`.
pub fn measure<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let perf = web_sys::window().and_then(|w| w.performance());
    let start = format!("{name}-start");
    if let Some(p) = &perf {
        let _ = p.mark(&start);
    }
    let out = f();
    if let Some(p) = &perf {
        let _ = p.measure_with_start_mark(name, &start);
        // Marks and measures accumulate; keep the buffer from growing without bound.
        p.clear_marks_with_mark_name(&start);
    }
    out
}

/// Milliseconds since the page started (for animation timing).
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}
