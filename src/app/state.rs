//! The app's single store: every piece of state is a signal here, everything derived is a
//! memo. Components receive the `Store` (it is `Copy`) from context.

use crate::core::optim::{Optimizer, OptimizerKind};
pub use crate::core::overlays::Overlays;
use crate::core::schedule::Schedule;
use crate::core::surface::{Surface, SurfaceKind, Window};
use crate::core::trajectory::{run, Noise, Problem, Run, Shift, Trajectory};
use crate::view::run_names::run_names;
use crate::view::theme::color_for;
use leptos::prelude::*;
use std::sync::Arc;

/// Steps per run unless the user changes it: long enough for AdaGrad to visibly stall.
pub const DEFAULT_STEPS: usize = 1000;
/// Steps the app plays and draws: fewer than a scenario may hold (`core::scenario::MAX_STEPS`,
/// 100 000), so that every slider move stays within a frame; a longer scenario is cut here,
/// with a notice.
pub const MIN_PLAY_STEPS: usize = 10;
pub const MAX_PLAY_STEPS: usize = 10_000;
/// Playback speed in steps per second: a default run plays in about ten seconds.
pub const DEFAULT_SPEED: f64 = 100.0;
pub const MIN_SPEED: f64 = 1.0;
pub const MAX_SPEED: f64 = 2000.0;
/// More runs than this would not be told apart by colour.
pub const MAX_RUNS: usize = 8;

/// One run as the user configured it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunSpec {
    /// Stable across edits, so components keep their identity while settings change.
    pub id: u32,
    pub optimizer: Optimizer,
    /// The learning-rate schedule (constant unless a scenario or link gives one).
    pub schedule: Schedule,
    pub visible: bool,
    /// Index into [`crate::view::theme::RUN_COLORS`].
    pub color: usize,
}

impl RunSpec {
    /// What the core computes for this run.
    pub fn run(&self) -> Run {
        Run { optimizer: self.optimizer, schedule: self.schedule }
    }

    /// "RMSProp", or what tells it from the other runs of its kind, "RMSProp ρ=0.99" (see
    /// [`run_names`]).
    pub fn name(&self, all: &[RunSpec]) -> String {
        let optimizers: Vec<_> = all.iter().map(|r| r.optimizer).collect();
        let at = all.iter().position(|r| r.id == self.id);
        at.and_then(|i| run_names(&optimizers).into_iter().nth(i))
            .unwrap_or_else(|| self.optimizer.kind().title().to_string())
    }
}

/// A pinned run: a run's settings as they were when pinned, drawn as a thin path on the
/// current scene beside what the run has become.
#[derive(Clone, Debug, PartialEq)]
pub struct Pin {
    /// Unique for the page's life (the row's key).
    pub key: u64,
    pub name: String,
    pub run: Run,
    pub color: usize,
}

/// At most this many pins at once.
pub const MAX_PINS: usize = 4;

/// A run in the list: its id and its own signal. A card or legend row holds its run's handle
/// and reads and writes that signal directly (no search of the list), and a settings change
/// notifies that run's readers and the memos over all runs, not the list of rows.
#[derive(Clone, Debug, PartialEq)]
pub struct RunHandle {
    pub id: u32,
    /// Unique for the page's life, the key of the run's rows: a loaded scene numbers its
    /// runs from 0 again, but they are new runs with new rows. (Not the signal itself:
    /// `ArcRwSignal`'s `Hash` hashes a temporary's address, so it cannot key a list.)
    pub key: u64,
    pub spec: ArcRwSignal<RunSpec>,
}

impl RunHandle {
    fn new(spec: RunSpec) -> RunHandle {
        static NEXT_KEY: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let key = NEXT_KEY.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        RunHandle { id: spec.id, key, spec: ArcRwSignal::new(spec) }
    }

    /// The run's signal as a `Copy` handle owned by the caller's reactive owner (a row):
    /// disposing the row disposes the handle, never the run.
    pub fn signal(&self) -> RwSignal<RunSpec> {
        RwSignal::from(self.spec.clone())
    }
}

/// The computed runs; equal when they are the same allocation (so a memo notices changes
/// without comparing thousands of points).
#[derive(Clone, Debug, Default)]
pub struct Runs(pub Arc<Vec<Arc<Trajectory>>>);

impl PartialEq for Runs {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Per run, the extra noisy trajectories of the cloud (same identity rule as [`Runs`]).
#[derive(Clone, Debug, Default)]
pub struct Clouds(pub Arc<Vec<Vec<Trajectory>>>);

impl PartialEq for Clouds {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Seeds in a cloud of paths: enough to see the spread, few enough to stay instant.
pub const MAX_CLOUD: usize = 24;

#[derive(Clone, Copy)]
pub struct Store {
    pub surface: RwSignal<Surface>,
    pub start: RwSignal<[f64; 2]>,
    pub steps: RwSignal<usize>,
    pub noise: RwSignal<Option<Noise>>,
    /// A change of objective part way through (applies only while its step < `steps`).
    pub shift: RwSignal<Option<Shift>>,
    /// The runs in order, each with its own signal (rows are keyed by them).
    pub run_list: RwSignal<Vec<RunHandle>>,
    /// Every run's settings, in order: what the computation, charts and links read.
    pub runs: Memo<Vec<RunSpec>>,
    /// The playback position: paths are drawn up to this step.
    pub step: RwSignal<usize>,
    pub playing: RwSignal<bool>,
    /// Steps per second.
    pub speed: RwSignal<f64>,
    /// The part of the plane the map shows when zoomed or panned (None: the surface's window).
    pub view: RwSignal<Option<Window>>,
    /// The run the explainer and the internals charts follow.
    pub selected: RwSignal<Option<u32>>,
    pub overlays: RwSignal<Overlays>,
    /// The lesson being shown (its id in `core::lessons`), if any.
    pub lesson: RwSignal<Option<&'static str>>,
    /// A message for the user (bad link, failed import...), dismissable.
    pub notice: RwSignal<Option<String>>,
    /// Counts the changes that replace the scene (a surface, a lesson, a file, a link): each
    /// gets its own browser history entry, so Back returns to the scene before.
    pub scene: RwSignal<u64>,
    /// Pinned runs, and their paths on the current problem.
    pub pins: RwSignal<Vec<Pin>>,
    pub pinned: Memo<Vec<(usize, Arc<Trajectory>)>>,
    /// How many extra noise seeds to draw per run as a faint cloud (0: none).
    pub cloud: RwSignal<usize>,
    /// The problem all runs share.
    pub problem: Memo<Problem>,
    /// The problem's shift while it is in force at the playback step (what the heatmap and
    /// the minima show then), else None.
    pub shift_in_force: Memo<Option<Shift>>,
    /// One trajectory per run spec, in the same order.
    pub trajectories: Memo<Runs>,
    /// With noise and a cloud: per run spec, the trajectories of the next `cloud` seeds.
    pub clouds: Memo<Clouds>,
    /// Each run's id and name, in order: unchanged while only settings change, so lists of
    /// runs are not rebuilt as a slider moves.
    pub run_names: Memo<Vec<(u32, String)>>,
    next_id: StoredValue<u32>,
}

/// The default trio: RMSProp with the seed settings, AdaGrad and Adam, at rates that suit
/// `surface`.
pub fn default_runs(surface: SurfaceKind) -> Vec<RunSpec> {
    [OptimizerKind::RmsProp, OptimizerKind::Adagrad, OptimizerKind::Adam]
        .into_iter()
        .enumerate()
        .map(|(i, kind)| RunSpec {
            id: i as u32,
            optimizer: Surface::Builtin(surface).with_suggested_lr(kind.default_config()),
            schedule: Schedule::default(),
            visible: true,
            color: family(kind),
        })
        .collect()
}

/// An optimizer's family, for its colour: its place in [`OptimizerKind::ALL`].
fn family(kind: OptimizerKind) -> usize {
    OptimizerKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

impl Store {
    pub fn new() -> Store {
        let initial = SurfaceKind::Rosenbrock;
        let surface = RwSignal::new(Surface::Builtin(initial));
        let start = RwSignal::new(initial.info().start);
        let steps = RwSignal::new(DEFAULT_STEPS);
        let noise = RwSignal::new(None);
        let shift = RwSignal::new(None::<Shift>);
        let run_list =
            RwSignal::new(default_runs(initial).into_iter().map(RunHandle::new).collect());
        let runs = Memo::new(move |_: Option<&Vec<RunSpec>>| {
            run_list.with(|l: &Vec<RunHandle>| l.iter().map(|h| h.spec.get()).collect())
        });
        let problem = Memo::new(move |_| Problem {
            surface: surface.get(),
            start: start.get(),
            steps: steps.get(),
            noise: noise.get(),
            shift: shift.get().filter(|s| s.step < steps.get()),
        });
        // The last problem and its trajectories: when only a run's settings change, the
        // other runs are reused instead of recomputed.
        let cache: StoredValue<(Option<Problem>, Vec<Arc<Trajectory>>)> =
            StoredValue::new((None, Vec::new()));
        let trajectories = Memo::new(move |_| {
            let problem = problem.get();
            let specs = runs.get();
            let previous = cache.with_value(|(p, ts)| {
                if p.as_ref() == Some(&problem) {
                    ts.clone()
                } else {
                    Vec::new()
                }
            });
            let computed: Vec<Arc<Trajectory>> = specs
                .iter()
                .map(|spec| {
                    previous
                        .iter()
                        .find(|t| t.optimizer == spec.optimizer && t.schedule == spec.schedule)
                        .cloned()
                        .unwrap_or_else(|| Arc::new(timed_run(&problem, &spec.run())))
                })
                .collect();
            cache.set_value((Some(problem), computed.clone()));
            Runs(Arc::new(computed))
        });
        let step = RwSignal::new(0);
        let shift_in_force =
            Memo::new(move |_| problem.with(|p| p.shift).filter(|s| s.in_force_at(step.get())));
        let cloud = RwSignal::new(0_usize);
        let clouds = Memo::new(move |_| {
            let n = cloud.get().min(MAX_CLOUD);
            let problem = problem.get();
            let specs = runs.get();
            let Some(noise) = problem.noise.filter(|nz| nz.sigma > 0.0 && n > 0) else {
                return Clouds::default();
            };
            let per_run = specs
                .iter()
                .map(|spec| {
                    (1..=n as u64)
                        .map(|i| {
                            let seeded = Noise { seed: noise.seed.wrapping_add(i), ..noise };
                            let p = Problem { noise: Some(seeded), ..problem.clone() };
                            run(&p, &spec.run())
                        })
                        .collect()
                })
                .collect();
            Clouds(Arc::new(per_run))
        });
        let pins = RwSignal::new(Vec::<Pin>::new());
        let pinned = Memo::new(move |_| {
            let p = problem.get();
            pins.with(|ps| ps.iter().map(|pin| (pin.color, Arc::new(run(&p, &pin.run)))).collect())
        });
        let run_names = Memo::new(move |_| {
            runs.with(|all| {
                let optimizers: Vec<_> = all.iter().map(|r| r.optimizer).collect();
                all.iter().map(|r| r.id).zip(run_names(&optimizers)).collect::<Vec<_>>()
            })
        });
        Store {
            surface,
            start,
            steps,
            noise,
            shift,
            run_list,
            runs,
            step,
            playing: RwSignal::new(false),
            speed: RwSignal::new(DEFAULT_SPEED),
            view: RwSignal::new(None),
            selected: RwSignal::new(Some(0)),
            overlays: RwSignal::new(Overlays::default()),
            lesson: RwSignal::new(None),
            notice: RwSignal::new(None),
            scene: RwSignal::new(0),
            pins,
            pinned,
            cloud,
            problem,
            shift_in_force,
            trajectories,
            clouds,
            run_names,
            next_id: StoredValue::new(3),
        }
    }

    /// Switches surface: the window and the start take the new surface's defaults; every run
    /// keeps its settings (a tuned rate is the user's, not the catalog's); playback returns to
    /// step 0.
    pub fn set_surface(&self, surface: Surface) {
        let start = surface.default_start();
        self.scene.update(|n| *n += 1);
        self.surface.set(surface);
        self.view.set(None);
        self.start.set(start);
        // Show the new runs whole, as on first load; a playing animation starts over.
        let playing = self.playing.get_untracked();
        self.step.set(if playing { 0 } else { self.steps.get_untracked() });
        self.lesson.set(None);
    }

    /// Adds a run of `kind` with its defaults; its id, or None (with a notice) when full.
    pub fn add_run(&self, kind: OptimizerKind) -> Option<u32> {
        if self.runs.with_untracked(|r| r.len()) >= MAX_RUNS {
            self.notice.set(Some(format!("At most {MAX_RUNS} runs at once.")));
            return None;
        }
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        let surface = self.surface.get_untracked();
        let used: Vec<usize> = self.runs.with_untracked(|r| r.iter().map(|r| r.color).collect());
        let color = color_for(family(kind), &used);
        let optimizer = surface.with_suggested_lr(kind.default_config());
        let spec = RunSpec { id, optimizer, schedule: Schedule::default(), visible: true, color };
        self.run_list.update(|l| l.push(RunHandle::new(spec)));
        Some(id)
    }

    /// Pins run `spec` as it is now (the oldest pin goes when there are [`MAX_PINS`]).
    pub fn pin_run(&self, spec: &RunSpec) {
        static NEXT_KEY: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let key = NEXT_KEY.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = self.runs.with_untracked(|all| spec.name(all));
        let pin = Pin { key, name, run: spec.run(), color: spec.color };
        self.pins.update(|ps| {
            if ps.len() >= MAX_PINS {
                ps.remove(0);
            }
            ps.push(pin);
        });
    }

    /// Adds a copy of run `spec` (to compare one setting side by side).
    pub fn duplicate_run(&self, spec: RunSpec) {
        // When full, nothing is added (and no other run may take the copy's settings).
        if let Some(copy) = self.add_run(spec.optimizer.kind()) {
            self.update_run(copy, |r| {
                r.optimizer = spec.optimizer;
                r.schedule = spec.schedule;
            });
        }
    }

    pub fn remove_run(&self, id: u32) {
        self.run_list.update(|l| l.retain(|h| h.id != id));
        if self.selected.get_untracked() == Some(id) {
            self.selected.set(self.runs.with_untracked(|r| r.first().map(|s| s.id)));
        }
    }

    /// Changes run `id` from outside its row (a sweep cell, a link); rows use their handle.
    pub fn update_run(&self, id: u32, f: impl FnOnce(&mut RunSpec)) {
        let handle = self.run_list.with_untracked(|l| l.iter().find(|h| h.id == id).cloned());
        if let Some(h) = handle {
            h.spec.update(f);
        }
    }

    /// Replaces everything at once (a lesson, an imported scenario, a shared link).
    pub fn load(&self, problem: Problem, specs: &[Run]) {
        let Problem { surface, start, steps, noise, shift } = problem;
        let mut used = Vec::new();
        let runs: Vec<RunSpec> = specs
            .iter()
            .take(MAX_RUNS)
            .enumerate()
            .map(|(i, r)| {
                let color = color_for(family(r.optimizer.kind()), &used);
                used.push(color);
                let (optimizer, schedule) = (r.optimizer, r.schedule);
                RunSpec { id: i as u32, optimizer, schedule, visible: true, color }
            })
            .collect();
        self.scene.update(|n| *n += 1);
        self.next_id.set_value(runs.len() as u32);
        self.selected.set(runs.first().map(|r| r.id));
        self.surface.set(surface);
        self.view.set(None);
        self.start.set(start);
        self.steps.set(steps.clamp(MIN_PLAY_STEPS, MAX_PLAY_STEPS));
        self.noise.set(noise);
        self.shift.set(shift);
        self.run_list.set(runs.into_iter().map(RunHandle::new).collect());
        self.step.set(0);
        self.playing.set(false);
        self.lesson.set(None);
    }
}

impl Default for Store {
    fn default() -> Self {
        Self::new()
    }
}

/// Runs one optimizer, marking the work for the browser's performance timeline.
fn timed_run(problem: &Problem, spec: &Run) -> Trajectory {
    super::perf::measure("recompute", || run(problem, spec))
}
