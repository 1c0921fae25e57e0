// The performance benchmark: drives the release build in headless Chromium and reads the
// app's own User Timing measures ("recompute", "draw-surface", "draw-paths", "draw-chart",
// "sweep"). Run it through tests/bench/run, which builds everything first.
//
// Latency of a slider move or a surface switch: from the input to the end of the rendering of
// the frame that shows it (see LATENCY_PROBE). Playback frames are rAF intervals.

import { mkdirSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT, startHarness } from "../browser/harness.mjs";
import {
  ISOLATION_HEADERS,
  addRuns,
  longTasks,
  openPage,
  pct,
  playbackFrames,
  round,
  runNames,
  setSteps,
  sizes,
  sliderLatencies,
  startPlayback,
  stopPlayback,
  surfaceSwitchTimes,
  sweepTime,
} from "./helpers.mjs";

const OUT_DIR = join(REPO_ROOT, "target", "bench");
const SLIDER_EVENTS = 220;

// Six runs of 10 000 steps at learning rates of 1 to 10: chaotic paths that cover the plot.
const CHAOTIC_SCENE =
  "steps=10000&run=rmsprop,lr=2&run=adagrad,lr=3&run=adam,lr=1.5&run=rmsprop,lr=6&run=adagrad,lr=8&run=adam,lr=4";

const h = await startHarness({ headers: ISOLATION_HEADERS });
const r = {};
try {
  // 1. Slider latency, default scene (3 runs × 1000 steps).
  let page = await openPage(h);
  r.first_surface_ms = await page.evaluate(() => {
    const m = performance.getEntriesByName("draw-surface")[0];
    return m.startTime + m.duration;
  });
  const light = await sliderLatencies(page, "RMSProp", SLIDER_EVENTS);
  r.slider_p50_ms = pct(light.map((x) => x.frame), 50);
  r.slider_p95_ms = pct(light.map((x) => x.frame), 95);
  r.slider_work_p95_ms = pct(light.map((x) => x.work), 95);

  // 1b. One run of 150 steps on Rosenbrock (the work of Distill's momentum figure).
  const small = await openPage(h, "surface=rosenbrock&steps=150&run=rmsprop");
  const one = await sliderLatencies(small, "RMSProp", SLIDER_EVENTS);
  r.slider_one_p50_ms = pct(one.map((x) => x.frame), 50);
  r.slider_one_p95_ms = pct(one.map((x) => x.frame), 95);
  r.slider_one_work_p95_ms = pct(one.map((x) => x.work), 95);
  r.page_errors_small = small.errors.length;
  await small.close();

  // 2. Surface switches.
  const switches = await surfaceSwitchTimes(page);
  r.surface_switch_ms = switches;
  r.surface_switch_max_ms = Math.max(...Object.values(switches));

  // 3. Heavy scene: 6 runs × 10 000 steps; also the WASM optimizer throughput.
  await addRuns(page, ["rmsprop", "adagrad", "adam"]);
  // The WASM optimizer throughput: the six runs recomputed for a new step count, timed by
  // the app's "recompute" measures; the best of several rounds, as natively (the round
  // least disturbed by other work).
  let best = Infinity;
  for (const steps of [9990, 10000, 9990, 10000, 9990, 10000]) {
    await page.evaluate(() => performance.clearMeasures());
    await setSteps(page, steps);
    const times = await page.evaluate(() => performance.getEntriesByName("recompute").map((m) => m.duration));
    if (times.length === 6) best = Math.min(best, times.reduce((a, b) => a + b, 0) / (6 * steps));
  }
  // Dragging a run's slider with the surface in view: the page scrolled back to the top
  // (adding runs scrolled it down).
  await page.evaluate(() => window.scrollTo(0, 0));
  // The first card, whatever tells it from its copy (run names say what differs).
  const [firstHeavy] = await runNames(page);
  const heavy = await sliderLatencies(page, firstHeavy, SLIDER_EVENTS);
  r.slider_heavy_p50_ms = pct(heavy.map((x) => x.frame), 50);
  r.slider_heavy_p95_ms = pct(heavy.map((x) => x.frame), 95);
  r.slider_heavy_work_p95_ms = pct(heavy.map((x) => x.work), 95);
  r.wasm_steps_per_second = 1000 / best;
  const native = JSON.parse(
    execFileSync("cargo", ["run", "--quiet", "--release", "--example", "throughput"], { cwd: REPO_ROOT }).toString(),
  );
  r.native_steps_per_second = native.steps_per_second;
  r.native_sweep_rosenbrock_ms = native.sweep_rosenbrock_ms;
  r.native_sweep_linear_ms = native.sweep_linear_64_rows_ms;
  r.native_sweep_logistic_ms = native.sweep_logistic_64_rows_ms;
  r.wasm_native_ratio = r.wasm_steps_per_second / r.native_steps_per_second;
  r.page_errors = page.errors.length + r.page_errors_small;
  delete r.page_errors_small;
  await page.close();

  // 3b. Chaotic paths (6 runs × 10 000 steps at lr 1–10) while playing at maximum speed,
  // with the first run's learning rate dragged between 1 and 10.
  page = await openPage(h, CHAOTIC_SCENE);
  await page.evaluate(() => window.scrollTo(0, 0));
  const [first] = await runNames(page);
  await startPlayback(page);
  const chaos = await sliderLatencies(page, first, SLIDER_EVENTS, { lo: 833, span: 167 });
  r.slider_chaos_long_task_max_ms = Math.max(0, ...(await longTasks(page)));
  await stopPlayback(page);
  r.slider_chaos_p50_ms = pct(chaos.map((x) => x.frame), 50);
  r.slider_chaos_p95_ms = pct(chaos.map((x) => x.frame), 95);
  r.slider_chaos_max_ms = Math.max(...chaos.map((x) => x.frame));
  r.slider_chaos_work_p95_ms = pct(chaos.map((x) => x.work), 95);
  r.page_errors += page.errors.length;
  await page.close();

  // 4. Playback at maximum speed for 10 s: the default scene (3 runs × 1000 steps, started
  // over whenever it ends), then the heavy one (6 runs × 10 000 steps).
  page = await openPage(h);
  const frames = await playbackFrames(page, 10);
  r.playback_frames = frames.length;
  r.playback_p95_ms = pct(frames, 95);
  r.playback_max_ms = Math.max(...frames);
  r.playback_frames_over_33ms = frames.filter((f) => f > 33).length;
  await page.close();
  page = await openPage(h);
  await addRuns(page, ["rmsprop", "adagrad", "adam"]);
  const heavyFrames = await playbackFrames(page, 10, 10000);
  r.playback_heavy_p95_ms = pct(heavyFrames, 95);
  r.playback_heavy_max_ms = Math.max(...heavyFrames);

  // 5. Sweep (48 × 48 configurations × 500 steps), when the app has the sweep panel.
  [r.sweep_ms, r.sweep_work_ms] = await sweepTime(page);
  r.page_errors += page.errors.length;
  await page.close();
} finally {
  await h.close();
}
Object.assign(r, sizes());

const budget = {
  slider_p95_ms: 12,
  slider_one_p95_ms: 8,
  slider_heavy_p95_ms: 33,
  slider_chaos_p95_ms: 33,
  surface_switch_max_ms: 50,
  playback_p95_ms: 17,
  playback_max_ms: 50,
  sweep_ms: 250,
  // The data issue's budget for a sweep on 64 rows: the app's sweep budget.
  native_sweep_linear_ms: 250,
  native_sweep_logistic_ms: 250,
  wasm_gzip_bytes: 400_000, // 400 KB read as 1000-byte kilobytes, the stricter reading
  first_surface_ms: 1000,
};
const rows = [
  ["slider → frame p50 (3 runs × 1000)", "slider_p50_ms", "ms"],
  ["slider → frame p95 (3 runs × 1000)", "slider_p95_ms", "ms"],
  ["slider: the app's own work, p95", "slider_work_p95_ms", "ms"],
  ["slider → frame p50 (1 run × 150, Rosenbrock)", "slider_one_p50_ms", "ms"],
  ["slider → frame p95 (1 run × 150, Rosenbrock)", "slider_one_p95_ms", "ms"],
  ["slider: the app's own work, p95 (1 × 150)", "slider_one_work_p95_ms", "ms"],
  ["slider → frame p95 (6 runs × 10000)", "slider_heavy_p95_ms", "ms"],
  ["slider: the app's own work, p95 (6 × 10000)", "slider_heavy_work_p95_ms", "ms"],
  ["slider → frame p50 (6 × 10000, lr 1–10, playing)", "slider_chaos_p50_ms", "ms"],
  ["slider → frame p95 (6 × 10000, lr 1–10, playing)", "slider_chaos_p95_ms", "ms"],
  ["slider → frame max (6 × 10000, lr 1–10, playing)", "slider_chaos_max_ms", "ms"],
  ["slider: the app's own work, p95 (lr 1–10, playing)", "slider_chaos_work_p95_ms", "ms"],
  ["longest task (lr 1–10, playing)", "slider_chaos_long_task_max_ms", "ms"],
  ["surface switch, slowest surface", "surface_switch_max_ms", "ms"],
  ["playback frame p95 (3 × 1000, max speed, 10 s)", "playback_p95_ms", "ms"],
  ["playback frame max", "playback_max_ms", "ms"],
  ["playback frames over 33 ms", "playback_frames_over_33ms", ""],
  ["playback frame p95 (6 runs × 10000)", "playback_heavy_p95_ms", "ms"],
  ["playback frame max (6 runs × 10000)", "playback_heavy_max_ms", "ms"],
  ["sweep 48×48 × 500 steps (wall)", "sweep_ms", "ms"],
  ["sweep 48×48 × 500 steps (work)", "sweep_work_ms", "ms"],
  ["sweep 48×48 × 500 steps, native (Rosenbrock)", "native_sweep_rosenbrock_ms", "ms"],
  ["sweep 48×48 × 500 steps, native (linear regression, 64 rows, batches of 8)", "native_sweep_linear_ms", "ms"],
  ["sweep 48×48 × 500 steps, native (logistic regression, 64 rows, batches of 8)", "native_sweep_logistic_ms", "ms"],
  ["optimizer steps/s, WASM", "wasm_steps_per_second", ""],
  ["optimizer steps/s, native", "native_steps_per_second", ""],
  ["WASM / native throughput", "wasm_native_ratio", ""],
  ["wasm size (gzip)", "wasm_gzip_bytes", "B"],
  ["wasm size (raw)", "wasm_bytes", "B"],
  ["js size (gzip)", "js_gzip_bytes", "B"],
  ["first drawn surface", "first_surface_ms", "ms"],
];
const lines = ["| measure | value | budget |", "|---|---|---|"];
for (const [label, key, unit] of rows) {
  const v = r[key];
  const b = budget[key] ?? (key === "wasm_native_ratio" ? 0.5 : null);
  const shown = v === null || v === undefined ? "n/a" : `${round(v, key.includes("steps_per") ? 0 : 2)} ${unit}`;
  const ok = b === null || v === null ? "" : (key === "wasm_native_ratio" ? v >= b : v <= b) ? " ✓" : " ✗";
  lines.push(`| ${label} | ${shown.trim()} | ${b === null ? "" : (key === "wasm_native_ratio" ? "≥ " : "≤ ") + b}${ok} |`);
}
const table = lines.join("\n");
mkdirSync(OUT_DIR, { recursive: true });
for (const k of Object.keys(r)) if (typeof r[k] === "number") r[k] = round(r[k], 3);
writeFileSync(join(OUT_DIR, "results.json"), JSON.stringify(r, null, 2) + "\n");
writeFileSync(join(OUT_DIR, "results.md"), table + "\n");
console.log(table);
console.log(`\nwritten: target/bench/results.json, target/bench/results.md`);
if (r.page_errors) console.log(`warning: ${r.page_errors} page errors during the benchmark`);
