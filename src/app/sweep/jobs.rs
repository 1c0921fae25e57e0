//! Computing the sweep panel's two grids a few milliseconds per animation frame: the page
//! stays responsive and shows progress, and a newer computation cancels an older one.

use crate::app::perf::{mark, measure, measure_from_mark, now_ms};
use crate::core::sweep::{GridRun, GridSpec};
use leptos::prelude::*;

/// Work per animation frame, leaving the rest of a 60 Hz frame for drawing.
pub(super) const FRAME_BUDGET_MS: f64 = 10.0;
/// Cells per call into the core between looks at the clock.
const CELLS_PER_CALL: usize = 4;

/// The two grids being computed.
#[derive(Default)]
pub struct Jobs {
    pub sweep: Option<GridRun>,
    pub starts: Option<GridRun>,
    /// When the latest (re)start happened, and how many cells were already computed then
    /// (a grid whose spec did not change is kept).
    began: f64,
    kept: usize,
}

impl Jobs {
    fn progress(&self) -> (usize, usize) {
        [&self.sweep, &self.starts]
            .iter()
            .filter_map(|g| g.as_ref())
            .fold((0, 0), |(d, t), g| (d + g.done(), t + g.total()))
    }
}

/// Runs the jobs a frame at a time; a newer generation stops an older loop.
#[derive(Clone, Copy)]
pub struct Driver {
    pub jobs: StoredValue<Jobs>,
    generation: StoredValue<u64>,
    pub progress: RwSignal<(usize, usize)>,
    /// Bumped whenever cells were added, so the maps redraw.
    pub version: RwSignal<u64>,
    /// Once done: the milliseconds and the number of runs since the latest (re)start.
    pub took: RwSignal<Option<(f64, usize)>>,
    pub sweep_error: RwSignal<Option<String>>,
    pub start_error: RwSignal<Option<String>>,
}

impl Driver {
    pub fn new() -> Driver {
        Driver {
            jobs: StoredValue::new(Jobs::default()),
            generation: StoredValue::new(0),
            progress: RwSignal::new((0, 0)),
            version: RwSignal::new(0),
            took: RwSignal::new(None),
            sweep_error: RwSignal::new(None),
            start_error: RwSignal::new(None),
        }
    }

    /// Replaces each job whose spec changed (all when `force`), then computes.
    pub fn sync(self, a: Result<GridSpec, String>, b: Result<GridSpec, String>, force: bool) {
        let changed = self
            .jobs
            .try_update_value(|j| {
                let x = replace(&mut j.sweep, a, force, self.sweep_error);
                let y = replace(&mut j.starts, b, force, self.start_error);
                if x || y {
                    j.began = now_ms();
                    mark("sweep-grid-start");
                    j.kept = j.progress().0;
                }
                x || y
            })
            .unwrap_or(false);
        if changed {
            let gen = self.generation.get_value() + 1;
            self.generation.set_value(gen);
            self.took.set(None);
            self.report();
            self.pump(gen);
        }
    }

    pub fn stop(self) {
        self.generation.set_value(self.generation.get_value() + 1);
    }

    fn report(self) {
        self.progress.set(self.jobs.with_value(Jobs::progress));
        self.version.update(|v| *v += 1);
    }

    fn pump(self, gen: u64) {
        each_frame(self.generation, gen, move |t0| {
            let sweep_was_done =
                self.jobs.with_value(|j| j.sweep.as_ref().is_none_or(|g| g.is_done()));
            measure("sweep", || {
                self.jobs.update_value(|j| loop {
                    let grid = [&mut j.sweep, &mut j.starts]
                        .into_iter()
                        .filter_map(|g| g.as_mut())
                        .find(|g| !g.is_done());
                    let Some(grid) = grid else { break };
                    grid.next_chunk(CELLS_PER_CALL);
                    if now_ms() - t0 > FRAME_BUDGET_MS {
                        break;
                    }
                })
            });
            // The learning-rate map's whole time, frames between chunks included, as a
            // User Timing measure (the benchmark reads it; so can the performance panel).
            let sweep_done =
                self.jobs.with_value(|j| j.sweep.as_ref().is_some_and(|g| g.is_done()));
            if !sweep_was_done && sweep_done {
                measure_from_mark("sweep-grid", "sweep-grid-start");
            }
            self.report();
            let (done, total) = self.progress.get_untracked();
            if done == total {
                let (began, kept) = self.jobs.with_value(|j| (j.began, j.kept));
                self.took.set(Some((now_ms() - began, total - kept)));
            }
            done < total
        });
    }
}

/// Calls `work(frame start, ms)` once per animation frame for as long as it says there is
/// more to do and `generation` still holds `gen` (a newer computation bumps it): the frame
/// loop of the sweep's grids and of the sensitivity chart.
pub(super) fn each_frame(
    generation: StoredValue<u64>,
    gen: u64,
    work: impl Fn(f64) -> bool + Copy + 'static,
) {
    request_animation_frame(move || {
        if generation.get_value() == gen && work(now_ms()) {
            each_frame(generation, gen, work);
        }
    });
}

/// Puts a new grid for `spec` in `slot` unless it already holds that one; says whether the
/// slot changed. A spec the core refuses leaves the slot empty with the reason shown.
fn replace(
    slot: &mut Option<GridRun>,
    spec: Result<GridSpec, String>,
    force: bool,
    error: RwSignal<Option<String>>,
) -> bool {
    let spec = match spec {
        Ok(s) => s,
        Err(e) => {
            error.set(Some(e));
            return slot.take().is_some();
        }
    };
    if !force && slot.as_ref().is_some_and(|g| *g.spec() == spec) {
        return false;
    }
    match GridRun::new(spec) {
        Ok(g) => {
            error.set(None);
            *slot = Some(g);
        }
        Err(e) => {
            error.set(Some(e));
            *slot = None;
        }
    }
    true
}
