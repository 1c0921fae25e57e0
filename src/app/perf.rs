//! User Timing marks (`performance.mark` / `measure`) around the app's real work, so the
//! benchmark and Chromium's performance panel see recompute and draw times. No test hooks.

/// How many measures the buffer holds before it is cleared (playback adds a few a frame).
const MAX_KEPT_MEASURES: u32 = 2000;

thread_local! {
    static MEASURES: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

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
        // Marks and measures accumulate; keep the buffer from growing without bound. The
        // measures stay a while so a benchmark or the performance panel can read them.
        p.clear_marks_with_mark_name(&start);
        MEASURES.with(|n| {
            n.set(n.get() + 1);
            if n.get() >= MAX_KEPT_MEASURES {
                n.set(0);
                p.clear_measures();
            }
        });
    }
    out
}

/// Milliseconds since the page started (for animation timing).
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Sets a mark where a longer piece of work begins (see [`measure_from_mark`]).
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Records a measure named `name` from the last mark `start` until now.
pub fn measure_from_mark(name: &str, start: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.measure_with_start_mark(name, start);
    }
}
