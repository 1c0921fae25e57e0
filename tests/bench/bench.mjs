// The performance benchmark: drives the release build in headless Chromium and reads the
// app's own User Timing measures ("recompute", "draw-surface", "draw-paths", "draw-chart",
// "sweep"). Run it through tests/bench/run, which builds everything first.
//
// Latency of a slider move or a surface switch: from the input to the end of the rendering of
// the frame that shows it (see LATENCY_PROBE). Playback frames are rAF intervals.

import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DIST_DIR, REPO_ROOT, startHarness } from "../browser/harness.mjs";

const OUT_DIR = join(REPO_ROOT, "target", "bench");
const SLIDER_EVENTS = 220;

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const round = (x, d = 2) => (Number.isFinite(x) ? Number(x.toFixed(d)) : null);

async function openPage(h) {
  const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(h.baseUrl);
  await page.waitForFunction(() => performance.getEntriesByName("draw-surface").length > 0, null, {
    timeout: 30_000,
  });
  page.errors = errors;
  await page.evaluate(LATENCY_PROBE);
  return page;
}

// An input handled at the start of a frame (inside a requestAnimationFrame callback) is
// drawn in that same frame: the app's effects run as microtasks, then the browser does style,
// layout and paint. A message posted from the callback runs once that frame's rendering work
// is done, so (message time − input time) is the input → painted-frame latency. Input that
// arrives mid-frame waits for the next frame on top of this.
const LATENCY_PROBE = `
  window.__latency = (change) => new Promise((resolve) => requestAnimationFrame(() => {
    performance.clearMeasures();
    const t0 = performance.now();
    change();
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      const ends = performance.getEntriesByType("measure").map((m) => m.startTime + m.duration);
      resolve({ frame: performance.now() - t0, work: Math.max(0, ...ends) - t0 });
    };
    ch.port2.postMessage(0);
  }));`;

/** Moves run `group`'s Learning rate slider `n` times; returns per-event latencies (ms). */
async function sliderLatencies(page, group, n) {
  return page.evaluate(
    async ({ group, n }) => {
      const fs = [...document.querySelectorAll("fieldset")].find((f) => f.getAttribute("aria-label") === group);
      const slider = [...fs.querySelectorAll('input[type="range"]')].find((i) => i.getAttribute("aria-label") === "Learning rate");
      const out = [];
      for (let i = 0; i < n; i++) {
        out.push(
          await window.__latency(() => {
            slider.value = String(350 + ((i * 37) % 300));
            slider.dispatchEvent(new Event("input", { bubbles: true }));
          }),
        );
        // Let the browser finish the frame before the next input.
        await new Promise((r) => setTimeout(r, 20));
      }
      return out;
    },
    { group, n },
  );
}

async function setSteps(page, steps) {
  await page.locator("#steps-input").fill(String(steps));
  await page.locator("#steps-input").press("Enter");
  await page.waitForFunction((s) => document.querySelector("[data-testid=step-counter]").textContent.includes(`/ ${s}`), steps);
}

async function surfaceSwitchTimes(page) {
  const names = await page.$$eval("#surface-select option:not([disabled])", (os) =>
    os.map((o) => o.value).filter((v) => v !== "custom"),
  );
  const times = {};
  for (const name of [...names.slice(1), names[0]]) {
    times[name] = await page.evaluate(async (name) => {
      const sel = document.querySelector("#surface-select");
      const r = await window.__latency(() => {
        sel.value = name;
        sel.dispatchEvent(new Event("change", { bubbles: true }));
      });
      await new Promise((res) => setTimeout(res, 50));
      return r.frame;
    }, name);
  }
  return times;
}

async function playbackFrames(page, seconds, steps) {
  if (steps) await setSteps(page, steps);
  return page.evaluate(async (seconds) => {
    const speed = [...document.querySelectorAll('input[type="range"]')].find((i) => i.getAttribute("aria-label")?.startsWith("Speed"));
    speed.value = speed.max;
    speed.dispatchEvent(new Event("input", { bubbles: true }));
    const button = (name) => [...document.querySelectorAll("button")].find((b) => b.getAttribute("aria-label") === name);
    button("Reset").click();
    const deltas = [];
    const end = performance.now() + seconds * 1000;
    let last = null;
    await new Promise((resolve) => {
      const tick = (t) => {
        if (last !== null) deltas.push(t - last);
        last = t;
        // Start over at the end of the run, so playback lasts the whole window.
        if (button("Play")) button("Play").click();
        if (performance.now() < end) requestAnimationFrame(tick);
        else resolve();
      };
      requestAnimationFrame(tick);
    });
    button("Pause")?.click();
    return deltas;
  }, seconds);
}

/** The learning-rate × setting map at 48 × 48 cells of 500 steps: its own "sweep-grid"
 * measure (wall time, frames between chunks included) and the work inside it ("sweep"). */
async function sweepTime(page) {
  const compute = page.getByRole("button", { name: /^Compute/ });
  if ((await compute.count()) === 0) return [null, null];
  const panel = page.locator(".sweep-controls");
  await panel.getByLabel("Grid").selectOption("48");
  await panel.getByLabel("Steps").fill("500");
  await panel.getByLabel("Steps").press("Enter");
  await page.evaluate(() => performance.clearMeasures());
  await compute.first().click();
  await page.waitForFunction(() => performance.getEntriesByName("sweep-grid").length > 0, null, { timeout: 60_000 });
  return page.evaluate(() => {
    const wall = performance.getEntriesByName("sweep-grid")[0];
    const work = performance
      .getEntriesByName("sweep")
      .filter((m) => m.startTime < wall.startTime + wall.duration)
      .reduce((a, m) => a + m.duration, 0);
    return [wall.duration, work];
  });
}

function sizes() {
  const out = {};
  for (const f of readdirSync(DIST_DIR)) {
    const kind = f.endsWith(".wasm") ? "wasm" : f.endsWith(".js") ? "js" : null;
    if (!kind) continue;
    const bytes = readFileSync(join(DIST_DIR, f));
    out[`${kind}_bytes`] = (out[`${kind}_bytes`] ?? 0) + statSync(join(DIST_DIR, f)).size;
    out[`${kind}_gzip_bytes`] = (out[`${kind}_gzip_bytes`] ?? 0) + gzipSync(bytes, { level: 9 }).length;
  }
  return out;
}

// Cross-origin isolation gives performance.now() 5 µs steps instead of 100 µs: a
// 10 000-step run takes about a millisecond.
const h = await startHarness({
  headers: { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" },
});
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

  // 2. Surface switches.
  const switches = await surfaceSwitchTimes(page);
  r.surface_switch_ms = switches;
  r.surface_switch_max_ms = Math.max(...Object.values(switches));

  // 3. Heavy scene: 6 runs × 10 000 steps; also the WASM optimizer throughput.
  for (const kind of ["rmsprop", "adagrad", "adam"]) {
    await page.locator("#add-run-kind").selectOption(kind);
    await page.getByRole("button", { name: "Add run" }).click();
  }
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
  const heavy = await sliderLatencies(page, "RMSProp 1", SLIDER_EVENTS);
  r.slider_heavy_p50_ms = pct(heavy.map((x) => x.frame), 50);
  r.slider_heavy_p95_ms = pct(heavy.map((x) => x.frame), 95);
  r.slider_heavy_work_p95_ms = pct(heavy.map((x) => x.work), 95);
  r.wasm_steps_per_second = 1000 / best;
  const native = JSON.parse(
    execFileSync("cargo", ["run", "--quiet", "--release", "--example", "throughput"], { cwd: REPO_ROOT }).toString(),
  );
  r.native_steps_per_second = native.steps_per_second;
  r.wasm_native_ratio = r.wasm_steps_per_second / r.native_steps_per_second;
  r.page_errors = page.errors.length;
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
  for (const kind of ["rmsprop", "adagrad", "adam"]) {
    await page.locator("#add-run-kind").selectOption(kind);
    await page.getByRole("button", { name: "Add run" }).click();
  }
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
  slider_p95_ms: 16,
  slider_heavy_p95_ms: 33,
  surface_switch_max_ms: 50,
  playback_p95_ms: 17,
  playback_max_ms: 50,
  sweep_ms: 250,
  wasm_gzip_bytes: 350_000, // 350 KB read as 1000-byte kilobytes, the stricter reading
  first_surface_ms: 1000,
};
const rows = [
  ["slider → frame p50 (3 runs × 1000)", "slider_p50_ms", "ms"],
  ["slider → frame p95 (3 runs × 1000)", "slider_p95_ms", "ms"],
  ["slider: the app's own work, p95", "slider_work_p95_ms", "ms"],
  ["slider → frame p95 (6 runs × 10000)", "slider_heavy_p95_ms", "ms"],
  ["slider: the app's own work, p95 (6 × 10000)", "slider_heavy_work_p95_ms", "ms"],
  ["surface switch, slowest surface", "surface_switch_max_ms", "ms"],
  ["playback frame p95 (3 × 1000, max speed, 10 s)", "playback_p95_ms", "ms"],
  ["playback frame max", "playback_max_ms", "ms"],
  ["playback frames over 33 ms", "playback_frames_over_33ms", ""],
  ["playback frame p95 (6 runs × 10000)", "playback_heavy_p95_ms", "ms"],
  ["playback frame max (6 runs × 10000)", "playback_heavy_max_ms", "ms"],
  ["sweep 48×48 × 500 steps (wall)", "sweep_ms", "ms"],
  ["sweep 48×48 × 500 steps (work)", "sweep_work_ms", "ms"],
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
