// Helpers shared by the benchmark (bench.mjs) and the soak test (soak.mjs): opening the app,
// timing an input to its painted frame, and driving the scene (steps, runs, playback, sweep).

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DIST_DIR } from "../browser/harness.mjs";

/** Cross-origin isolation gives performance.now() 5 µs steps instead of 100 µs: a
 * 10 000-step run takes about a millisecond. */
export const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

export const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
export const round = (x, d = 2) => (Number.isFinite(x) ? Number(x.toFixed(d)) : null);

/** Opens the app (with `query`, e.g. "surface=rosenbrock&steps=150&run=rmsprop") in a new
 * page and waits for the first surface. `page.errors` collects page and console errors. */
export async function openPage(h, query = "") {
  const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  // The default scene, as a returning visitor sees it (a first visit plays the welcome race).
  await page.addInitScript(() => localStorage.setItem("rmsprop-lab:visited", "1"));
  // The wasm module's exports (its memory among them), from Trunk's start event.
  await page.addInitScript(() =>
    addEventListener("TrunkApplicationStarted", (e) => {
      window.__wasmExports = e.detail?.wasm;
    }),
  );
  await page.goto(query ? `${h.baseUrl}?${query}` : h.baseUrl);
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
export const LATENCY_PROBE = `
  window.__latency = (change) => new Promise((resolve) => requestAnimationFrame(() => {
    performance.clearMeasures();
    const t0 = performance.now();
    change();
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      const measures = performance.getEntriesByType("measure");
      const ends = measures.map((m) => m.startTime + m.duration);
      // Each measure's total in this frame, by name (for tests/bench/quick.mjs).
      const by = {};
      for (const m of measures) by[m.name] = (by[m.name] ?? 0) + m.duration;
      resolve({ frame: performance.now() - t0, work: Math.max(0, ...ends) - t0, by });
    };
    ch.port2.postMessage(0);
  }));`;

/** Slider moves made before the timed ones (see sliderLatencies). */
export const WARMUP_MOVES = 20;

/** Moves run `group`'s Learning rate slider `n` times, to positions in [lo, lo + span) (of
 * 0…1000 on a log scale from 1e-5 to 10: 350…650 is 0.0013…0.079, 833…1000 is 1…10);
 * returns per-event latencies (ms) and the app's measures in that frame by name (`by`).
 * The first `warmup` moves are not counted: the first moves of a page compile and size
 * things once (the wasm's tiers, canvases' buffers), several milliseconds more at first. */
export async function sliderLatencies(page, group, n, { lo = 350, span = 300, warmup = WARMUP_MOVES } = {}) {
  return page.evaluate(
    async ({ group, n, lo, span, warmup }) => {
      const fs = [...document.querySelectorAll("fieldset")].find((f) => f.getAttribute("aria-label") === group);
      if (!fs) throw new Error(`no run "${group}"`);
      const slider = [...fs.querySelectorAll('input[type="range"]')].find((i) => i.getAttribute("aria-label") === "Learning rate");
      const out = [];
      for (let i = 0; i < n + warmup; i++) {
        out.push(
          await window.__latency(() => {
            slider.value = String(lo + ((i * 37) % span));
            slider.dispatchEvent(new Event("input", { bubbles: true }));
          }),
        );
        // Let the browser finish the frame before the next input.
        await new Promise((r) => setTimeout(r, 20));
      }
      return out.slice(warmup);
    },
    { group, n, lo, span, warmup },
  );
}

/** The names of the run cards (their fieldsets' labels), in order. */
export function runNames(page) {
  return page.$$eval("fieldset[aria-label]", (fs) =>
    fs.map((f) => f.getAttribute("aria-label")).filter((n) => /^(RMSProp|AdaGrad|Adam|SGD)\b/.test(n)),
  );
}

/** Adds one run of each of `kinds` ("rmsprop", "adagrad", "adam", "sgd"). */
export async function addRuns(page, kinds) {
  for (const kind of kinds) {
    await page.locator("#add-run-kind").selectOption(kind);
    await page.getByRole("button", { name: "Add run" }).click();
  }
}

/** Starts playing at maximum speed and keeps playing (starting over at the end of the run)
 * until stopPlayback; long tasks are recorded from now on (see longTasks). */
export function startPlayback(page) {
  return page.evaluate(() => {
    const speed = [...document.querySelectorAll('input[type="range"]')].find((i) => i.getAttribute("aria-label")?.startsWith("Speed"));
    speed.value = speed.max;
    speed.dispatchEvent(new Event("input", { bubbles: true }));
    const button = (name) => [...document.querySelectorAll("button")].find((b) => b.getAttribute("aria-label") === name);
    button("Reset").click();
    window.__longTasks = [];
    window.__longTaskObserver?.disconnect();
    window.__longTaskObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    });
    window.__longTaskObserver.observe({ type: "longtask" });
    window.__playing = true;
    const tick = () => {
      if (!window.__playing) return;
      if (button("Play")) button("Play").click();
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

export function stopPlayback(page) {
  return page.evaluate(() => {
    window.__playing = false;
    const button = (name) => [...document.querySelectorAll("button")].find((b) => b.getAttribute("aria-label") === name);
    button("Pause")?.click();
    window.__longTaskObserver?.disconnect();
  });
}

/** Durations (ms) of the long tasks (over 50 ms) since startPlayback. */
export function longTasks(page) {
  return page.evaluate(() => window.__longTasks ?? []);
}

export async function setSteps(page, steps) {
  await page.locator("#steps-input").fill(String(steps));
  await page.locator("#steps-input").press("Enter");
  await page.waitForFunction((s) => document.querySelector("[data-testid=step-counter]").textContent.includes(`/ ${s}`), steps);
}

export async function surfaceSwitchTimes(page) {
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

export async function playbackFrames(page, seconds, steps) {
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
export async function sweepTime(page) {
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

export function sizes() {
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
