// The soak test: does the app hold steady for hours? Run it through tests/bench/soak.
//
// One page plays the heavy scene (6 runs × 10 000 steps) at maximum speed for SOAK_MINUTES
// (default 30). Every minute it moves every run's learning-rate slider, switches through
// every other surface (so the first minute, the baseline, has seen everything the later ones
// do), runs a sweep (48 × 48 × 500 steps), restores the scene it started from (surface and
// slider positions), plays on until the minute is up and samples, after a forced garbage
// collection (CDP HeapProfiler.collectGarbage): the JS heap in use (CDP
// Runtime.getHeapUsage) and, from a heap snapshot, the JS objects in it (all but compiled
// code: see heapSnapshot), the wasm memory (the module's WebAssembly.Memory, from Trunk's
// TrunkApplicationStarted event), DOM nodes and event listeners (CDP Performance.getMetrics).
// It fails if the JS objects or the wasm memory of any later sample exceed the first
// minute's by more than 5 %, or if the page reported an error.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT, startHarness } from "../browser/harness.mjs";
import {
  ISOLATION_HEADERS,
  addRuns,
  openPage,
  round,
  runNames,
  setSteps,
  startPlayback,
  stopPlayback,
  sweepTime,
} from "./helpers.mjs";

const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
// SOAK_HEAP_SNAPSHOTS=1 also writes a JS heap snapshot per minute (target/bench/soak-N.heapsnapshot,
// for Chromium's Memory panel, whose "Comparison" view shows what a later minute added).
const SNAPSHOTS = process.env.SOAK_HEAP_SNAPSHOTS === "1";
const MAX_GROWTH = 0.05;
const OUT_DIR = join(REPO_ROOT, "target", "bench");
if (!(MINUTES >= 2)) {
  console.error("soak: SOAK_MINUTES must be at least 2 (the first minute is the baseline)");
  process.exit(2);
}

/** Moves each run's learning rate slider to `pos(runIndex)` (0…1000). Runs are found by
 * place, not name: a run's name says what tells it from the others, so it changes. */
async function setLearningRates(page, names, pos) {
  await page.evaluate(
    ({ names, positions }) => {
      const cards = [...document.querySelectorAll("fieldset[aria-label]")];
      names.forEach((_, k) => {
        const fs = cards[k];
        const slider = [...fs.querySelectorAll('input[type="range"]')].find((i) => i.getAttribute("aria-label") === "Learning rate");
        slider.value = String(positions[k]);
        slider.dispatchEvent(new Event("input", { bubbles: true }));
      });
    },
    { names, positions: names.map((_, k) => pos(k)) },
  );
}

async function setSurface(page, name) {
  await page.locator("#surface-select").selectOption(name);
  await page.waitForTimeout(300);
}

/** A JS heap snapshot (as Chromium's Memory panel takes it): the text, and the bytes of what
 * the page's JS holds, i.e. every node but compiled code and native (Blink) objects. V8 keeps
 * compiling hot functions into optimized machine code for many minutes, so the heap's total
 * grows while the page holds nothing more; that code is no data of the app's. */
async function heapSnapshot(cdp) {
  const chunks = [];
  const onChunk = ({ chunk }) => chunks.push(chunk);
  cdp.on("HeapProfiler.addHeapSnapshotChunk", onChunk);
  await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
  cdp.off("HeapProfiler.addHeapSnapshotChunk", onChunk);
  const text = chunks.join("");
  const { snapshot, nodes } = JSON.parse(text);
  const fields = snapshot.meta.node_fields;
  const types = snapshot.meta.node_types[0];
  const [type, size] = [fields.indexOf("type"), fields.indexOf("self_size")];
  const skip = new Set(["code", "native", "synthetic"].map((t) => types.indexOf(t)));
  let objects = 0;
  for (let i = 0; i < nodes.length; i += fields.length) {
    if (!skip.has(nodes[i + type])) objects += nodes[i + size];
  }
  return { text, objects };
}

async function sample(page, cdp, minute) {
  await cdp.send("HeapProfiler.collectGarbage");
  await page.waitForTimeout(200);
  await cdp.send("HeapProfiler.collectGarbage");
  const heap = await cdp.send("Runtime.getHeapUsage");
  const snap = await heapSnapshot(cdp);
  if (SNAPSHOTS) {
    mkdirSync(OUT_DIR, { recursive: true });
    writeFileSync(join(OUT_DIR, `soak-${minute}.heapsnapshot`), snap.text);
  }
  const { metrics } = await cdp.send("Performance.getMetrics");
  const metric = (name) => metrics.find((m) => m.name === name)?.value ?? null;
  const wasm = await page.evaluate(() => window.__wasmExports?.memory?.buffer?.byteLength ?? null);
  return {
    minute,
    js_heap_used_bytes: heap.usedSize,
    js_objects_bytes: snap.objects,
    js_heap_total_bytes: heap.totalSize,
    wasm_memory_bytes: wasm,
    dom_nodes: metric("Nodes"),
    js_event_listeners: metric("JSEventListeners"),
  };
}

const h = await startHarness({ headers: ISOLATION_HEADERS });
const samples = [];
let errors = [];
const started = Date.now();
try {
  const page = await openPage(h);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  await addRuns(page, ["rmsprop", "adagrad", "adam"]);
  await setSteps(page, 10000);
  await page.evaluate(() => window.scrollTo(0, 0));
  const names = await runNames(page);
  if (names.length !== 6) throw new Error(`expected 6 runs, found ${names.join(", ")}`);
  const home = await page.locator("#surface-select").inputValue();
  const surfaces = (
    await page.$$eval("#surface-select option:not([disabled])", (os) => os.map((o) => o.value))
  ).filter((v) => v !== "custom" && v !== home);
  const homeRates = await page.evaluate((names) =>
    names.map((name) => {
      const fs = [...document.querySelectorAll("fieldset")].find((f) => f.getAttribute("aria-label") === name);
      return [...fs.querySelectorAll('input[type="range"]')].find((i) => i.getAttribute("aria-label") === "Learning rate").value;
    }),
  names);
  if (!(await page.evaluate(() => window.__wasmExports?.memory instanceof WebAssembly.Memory))) {
    throw new Error("the wasm module's memory is not reachable from Trunk's start event");
  }

  for (let minute = 1; minute <= MINUTES; minute++) {
    const end = started + minute * 60_000;
    await startPlayback(page);
    // The minute's chores, while playing: sliders (a few moves each), then every surface.
    for (let k = 0; k < 5; k++) {
      await setLearningRates(page, names, (i) => 350 + ((minute * 131 + k * 53 + i * 97) % 650));
      await page.waitForTimeout(400);
    }
    for (let k = 0; k < surfaces.length; k++) {
      await setSurface(page, surfaces[(minute + k) % surfaces.length]);
      await page.waitForTimeout(500);
    }
    await setSurface(page, home);
    await setLearningRates(page, names, (i) => Number(homeRates[i]));
    await stopPlayback(page);
    // The sweep (once the map of the scene's last change, if the app keeps it up to date,
    // is done), then playing again until the minute is up.
    await page.getByRole("button", { name: /^Compute/ }).first().waitFor({ timeout: 120_000 });
    const [sweepMs] = await sweepTime(page);
    if (sweepMs === null) throw new Error("the app has no sweep panel");
    await page.evaluate(() => window.scrollTo(0, 0));
    await startPlayback(page);
    const left = end - 3_000 - Date.now();
    if (left > 0) await page.waitForTimeout(left);
    await stopPlayback(page);
    const s = await sample(page, cdp, minute);
    s.sweep_ms = round(sweepMs, 1);
    samples.push(s);
    console.log(
      `soak: minute ${minute}/${MINUTES}: JS heap ${(s.js_heap_used_bytes / 1e6).toFixed(2)} MB ` +
        `(objects ${(s.js_objects_bytes / 1e6).toFixed(3)} MB), ` +
        `wasm memory ${(s.wasm_memory_bytes / 1e6).toFixed(2)} MB, ${s.dom_nodes} DOM nodes, ` +
        `${s.js_event_listeners} listeners, sweep ${s.sweep_ms} ms`,
    );
    const wait = end - Date.now();
    if (wait > 0) await page.waitForTimeout(wait);
  }
  errors = page.errors;
  await page.close();
} finally {
  await h.close();
}

const base = samples[0];
const growth = (key) => Math.max(...samples.slice(1).map((s) => s[key])) / base[key] - 1;
const result = {
  minutes: MINUTES,
  js_heap_growth: round(growth("js_heap_used_bytes"), 4),
  js_objects_growth: round(growth("js_objects_bytes"), 4),
  wasm_memory_growth: round(growth("wasm_memory_bytes"), 4),
  dom_nodes_growth: round(growth("dom_nodes"), 4),
  page_errors: errors,
  samples,
};
const failures = [];
if (result.js_objects_growth > MAX_GROWTH) failures.push(`JS objects grew ${(result.js_objects_growth * 100).toFixed(1)} %`);
if (result.wasm_memory_growth > MAX_GROWTH) failures.push(`wasm memory grew ${(result.wasm_memory_growth * 100).toFixed(1)} %`);
if (errors.length) failures.push(`${errors.length} page errors: ${errors.slice(0, 3).join(" | ")}`);
result.passed = failures.length === 0;

const mb = (b) => (b / 1e6).toFixed(2);
const last = samples[samples.length - 1];
const md = [
  "| measure | minute 1 | last minute | largest growth after minute 1 | budget |",
  "|---|---|---|---|---|",
  `| JS objects (heap snapshot, after GC; no compiled code) | ${mb(base.js_objects_bytes)} MB | ${mb(last.js_objects_bytes)} MB | ${(result.js_objects_growth * 100).toFixed(2)} % | ≤ 5 %${result.js_objects_growth <= MAX_GROWTH ? " ✓" : " ✗"} |`,
  `| JS heap in use (after GC; with compiled code) | ${mb(base.js_heap_used_bytes)} MB | ${mb(last.js_heap_used_bytes)} MB | ${(result.js_heap_growth * 100).toFixed(2)} % |  |`,
  `| wasm memory | ${mb(base.wasm_memory_bytes)} MB | ${mb(last.wasm_memory_bytes)} MB | ${(result.wasm_memory_growth * 100).toFixed(2)} % | ≤ 5 %${result.wasm_memory_growth <= MAX_GROWTH ? " ✓" : " ✗"} |`,
  `| DOM nodes | ${base.dom_nodes} | ${last.dom_nodes} | ${(result.dom_nodes_growth * 100).toFixed(2)} % |  |`,
  `| JS event listeners | ${base.js_event_listeners} | ${last.js_event_listeners} |  |  |`,
].join("\n");
mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(join(OUT_DIR, "soak.json"), JSON.stringify(result, null, 2) + "\n");
writeFileSync(join(OUT_DIR, "soak.md"), md + "\n");
console.log(`\n${md}\n\nwritten: target/bench/soak.json, target/bench/soak.md`);
if (failures.length) {
  console.error(`soak: FAILED: ${failures.join("; ")}`);
  process.exit(1);
}
console.log(`soak: passed (${MINUTES} minutes)`);
