// A page object for the visualizer: finds controls the way a user (or a screen reader) does,
// by role and accessible name, and reads the canvases' pixels for what is drawn.
//
//   const app = await openAppPage(t, VIEWPORTS.desktop);
//   await app.slider("RMSProp", "Learning rate").fill("700");
//   await app.waitForPathChange("RMSProp", before);
//   await app.finish(); // no console errors

import assert from "node:assert/strict";
import { assertNoConsoleErrors, openApp } from "./harness.mjs";

export const DEFAULT_RUNS = ["RMSProp", "AdaGrad", "Adam"];

/** Opens the app and waits until the three default runs are drawn. */
export async function openAppPage(t, options) {
  const app = new AppPage(await openApp(t, options));
  await app.waitReady();
  return app;
}

export class AppPage {
  constructor(page) {
    this.page = page;
    this.runList = page.getByRole("region", { name: "Runs" }).getByRole("list").first();
    this.scene = page.getByRole("region", { name: "Scene" });
    this.playback = page.getByRole("group", { name: "Playback", exact: true });
    this.playButton = this.playback.getByRole("button", { name: /^(Play|Pause)$/ });
    this.stepButton = this.playback.getByRole("button", { name: "Step", exact: true });
    this.resetButton = this.playback.getByRole("button", { name: "Reset", exact: true });
    this.stepCounter = page.getByTestId("step-counter");
    this.timeline = this.playback.getByRole("slider", { name: "Timeline", exact: true });
    this.speed = this.playback.getByRole("slider", { name: /^Speed/ });
    this.pathsCanvas = page.getByTestId("surface-canvas");
    this.baseCanvas = page.locator(".surface-view canvas.layer-base");
    this.surfaceSelect = page.locator("#surface-select");
    this.stepsField = this.scene.getByRole("spinbutton", { name: "Steps", exact: true });
    this.startReadout = this.scene.getByText(/^start \(/);
    this.addRunSelect = page.getByRole("combobox", { name: "Add a run", exact: true });
    this.addRunButton = page.getByRole("button", { name: "Add run", exact: true });
    this.legend = page.getByRole("list", { name: "Legend", exact: true });
    this.lossChart = page.getByTestId("loss-chart");
    this.effLrChart = page.getByTestId("eff-lr-chart");
    this.notice = page.locator(".notice[role=status]");
  }

  async waitReady() {
    await this.page.evaluate(installHelpers);
    for (const name of DEFAULT_RUNS) await this.run(name).waitFor();
    // The paths layer has pixels of every default run once the first frame is drawn.
    const colors = await Promise.all(DEFAULT_RUNS.map((n) => this.runColor(n)));
    await this.page.waitForFunction(
      (colors) => colors.every((c) => window.__lab.mask("[data-testid=surface-canvas]", c).count > 0),
      colors,
    );
  }

  /** Fails on any console error, page error, CSP violation or failed request. */
  finish(options) {
    return assertNoConsoleErrors(this.page, options);
  }

  // ---- runs ----

  /** The run card: a group labelled with the run's name ("RMSProp", "RMSProp 2", …). */
  run(name) {
    return this.runList.getByRole("group", { name, exact: true });
  }

  /** The names of the run cards, in order. */
  runNames() {
    return this.runList.locator(":scope > li > [role=group]").evaluateAll((els) =>
      els.map((e) => e.getAttribute("aria-label")),
    );
  }

  slider(run, label) {
    return this.run(run).getByRole("slider", { name: label, exact: true });
  }

  exactField(run, label) {
    return this.run(run).getByRole("textbox", { name: `${label} (exact value)`, exact: true });
  }

  /** The message element the exact-value field points to with aria-describedby. */
  async fieldError(run, label) {
    const id = await this.exactField(run, label).getAttribute("aria-describedby");
    return this.page.locator(`[id="${id}"]`);
  }

  /** Types `text` into a run's exact-value field and commits it with Enter. */
  async typeExact(run, label, text) {
    const field = this.exactField(run, label);
    await field.fill(text);
    await field.press("Enter");
  }

  runButton(run, action) {
    return this.run(run).getByRole("button", { name: `${action} ${run}`, exact: true });
  }

  runStatus(run) {
    return this.run(run).locator(".run-status");
  }

  /** The legend row of a run (only visible runs have one). */
  legendEntry(run) {
    return this.legend
      .getByRole("listitem")
      .filter({ has: this.page.locator(".run-name").getByText(run, { exact: true }) });
  }

  async addRun(kindTitle) {
    await this.addRunSelect.selectOption({ label: kindTitle });
    await this.addRunButton.click();
  }

  /** The run's colour as drawn ("#rrggbb"), read from its swatch. */
  async runColor(run) {
    const style = await this.run(run).locator(".swatch").getAttribute("style");
    const m = /--run-color:\s*(#[0-9a-f]{6})/i.exec(style ?? "");
    assert.ok(m, `no colour on ${run}'s swatch: ${style}`);
    return m[1];
  }

  // ---- playback ----

  /** The step counter as numbers: "Step 12 / 1000" → { step: 12, max: 1000 }. */
  async stepInfo() {
    const text = await this.stepCounter.innerText();
    const m = /Step\s+(\d+)\s*\/\s*(\d+)/.exec(text);
    assert.ok(m, `unexpected step counter text: ${text}`);
    return { step: Number(m[1]), max: Number(m[2]) };
  }

  async currentStep() {
    return (await this.stepInfo()).step;
  }

  /** Waits until the step counter shows a step in [min, max]. */
  async waitForStep({ min = 0, max = Infinity }, timeout = 10_000) {
    try {
      await this.page.waitForFunction(
        ([min, max]) => {
          const s = window.__lab.step();
          return s >= min && s <= max;
        },
        [min, max === Infinity ? Number.MAX_SAFE_INTEGER : max],
        { timeout },
      );
    } catch (err) {
      const text = await this.stepCounter.innerText();
      throw new Error(`the step never reached [${min}, ${max}]: "${text}"`, { cause: err });
    }
  }

  /** Lets `n` animation frames pass (a condition-free wait measured in frames, not ms). */
  frames(n) {
    return this.page.evaluate(
      (n) =>
        new Promise((done) => {
          let left = n;
          const tick = () => (--left <= 0 ? done() : requestAnimationFrame(tick));
          requestAnimationFrame(tick);
        }),
      n,
    );
  }

  /** Moves the timeline to `step` (as dragging it would). */
  async seek(step) {
    await this.timeline.fill(String(step));
    await this.waitForStep({ min: step, max: step });
  }

  // ---- surface ----

  /** The start point as the Scene panel shows it: "start (x, y)". */
  async startFromScene() {
    const m = /start \(([^,]+), ([^)]+)\)/.exec(await this.startReadout.innerText());
    assert.ok(m, "no start readout");
    return [Number(m[1]), Number(m[2])];
  }

  /** The start point as the surface canvas's accessible name gives it. */
  async startFromCanvas() {
    const label = await this.pathsCanvas.getAttribute("aria-label");
    const m = /Start point \(([^,]+), ([^)]+)\)/.exec(label ?? "");
    assert.ok(m, `no start in the canvas label: ${label}`);
    return [Number(m[1]), Number(m[2])];
  }

  /**
   * The plot rectangle of the surface in CSS px relative to the canvas, found from the
   * heatmap's pixels (the margins around it hold only ticks and labels).
   */
  plotRect() {
    return this.page.evaluate(() => {
      const c = document.querySelector(".surface-view canvas.layer-base");
      const data = window.__lab.pixels(c);
      const opaque = (x, y) => data[(y * c.width + x) * 4 + 3] === 255;
      const longestRun = (len, at) => {
        let best = [0, -1];
        let start = -1;
        for (let i = 0; i <= len; i++) {
          if (i < len && at(i)) {
            if (start < 0) start = i;
          } else if (start >= 0) {
            if (i - start > best[1] - best[0] + 1) best = [start, i - 1];
            start = -1;
          }
        }
        return best;
      };
      const midY = Math.floor(c.height / 2);
      const midX = Math.floor(c.width / 2);
      const [x0, x1] = longestRun(c.width, (x) => opaque(x, midY));
      const [y0, y1] = longestRun(c.height, (y) => opaque(midX, y));
      const k = c.width / c.getBoundingClientRect().width; // device px per CSS px
      return { left: x0 / k, right: (x1 + 1) / k, top: y0 / k, bottom: (y1 + 1) / k };
    });
  }

  /** The CSS px (relative to the surface canvas) of world point `p` on the current plot. */
  async toCss([x, y], window) {
    const r = await this.plotRect();
    return {
      x: r.left + ((x - window.x[0]) / (window.x[1] - window.x[0])) * (r.right - r.left),
      y: r.top + ((window.y[1] - y) / (window.y[1] - window.y[0])) * (r.bottom - r.top),
    };
  }

  // ---- pixels ----

  /** Pixels of `color` on the paths layer within `radius` CSS px of (x, y) (CSS px). */
  colorNear(color, { x, y }, radius) {
    return this.page.evaluate(
      ([color, x, y, radius]) => {
        const c = document.querySelector("[data-testid=surface-canvas]");
        const k = c.width / c.getBoundingClientRect().width;
        const d = window.__lab.pixels(c);
        const [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
        let n = 0;
        for (let py = Math.floor((y - radius) * k); py <= (y + radius) * k; py++) {
          for (let px = Math.floor((x - radius) * k); px <= (x + radius) * k; px++) {
            if (px < 0 || py < 0 || px >= c.width || py >= c.height) continue;
            if (Math.hypot(px / k - x, py / k - y) > radius) continue;
            const i = (py * c.width + px) * 4;
            const dist = Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b);
            if (d[i + 3] >= 250 && dist <= 24) n++;
          }
        }
        return n;
      },
      [color, x, y, radius],
    );
  }

  /** Pixels of `color` on a canvas: their count and a hash of where they are. */
  colorMask(selector, color) {
    return this.page.evaluate(([s, c]) => window.__lab.mask(s, c), [selector, color]);
  }

  /** Where run `run` is drawn on the paths layer (its colour's pixels). */
  async pathMask(run) {
    return this.colorMask("[data-testid=surface-canvas]", await this.runColor(run));
  }

  /** Waits until run `run`'s pixels differ from `before` (a pathMask result). */
  async waitForPathChange(run, before, timeout = 5_000) {
    const color = await this.runColor(run);
    try {
      await this.page.waitForFunction(
        ([color, hash]) => window.__lab.mask("[data-testid=surface-canvas]", color).hash !== hash,
        [color, before.hash],
        { timeout },
      );
    } catch (err) {
      throw new Error(`${run}'s path (${color}) was not redrawn differently`, { cause: err });
    }
  }

  /** A hash of every pixel of the canvas matched by `selector`. */
  canvasHash(selector) {
    return this.page.evaluate((s) => window.__lab.hash(s), selector);
  }

  async waitForCanvasChange(selector, before, timeout = 10_000) {
    await this.page.waitForFunction(
      ([s, before]) => window.__lab.hash(s) !== before,
      [selector, before],
      { timeout },
    );
  }

  /** Waits until the canvas's hash is `expected` (e.g. a picture drawn before). */
  async waitForCanvasHash(selector, expected, timeout = 5_000) {
    try {
      await this.page.waitForFunction(([s, h]) => window.__lab.hash(s) === h, [selector, expected], {
        timeout,
      });
    } catch (err) {
      throw new Error(`${selector} never showed the expected picture again`, { cause: err });
    }
  }

  /** How many times the app has recorded the User Timing measure `name` ("draw-surface" is a
   * heatmap draw, "draw-chart" a chart draw, "recompute" one run computed). */
  measureCount(name) {
    return this.page.evaluate((name) => window.__lab.measures(name), name);
  }

  heatmapDraws() {
    return this.measureCount("draw-surface");
  }
}

// Helpers installed in the page as window.__lab by a plain function (no eval: the app's
// Content-Security-Policy forbids it), so that waitForFunction can poll them.
export function installHelpers() {
  // Reads a canvas through a copy made for reading: reading the app's own canvases again and
  // again would make Chromium warn (willReadFrequently) on the console the tests check.
  const reader = document.createElement("canvas").getContext("2d", { willReadFrequently: true });
  const pixels = (c) => {
    reader.canvas.width = c.width;
    reader.canvas.height = c.height;
    reader.drawImage(c, 0, 0);
    return reader.getImageData(0, 0, c.width, c.height).data;
  };
  // Pixels within a small distance of `color` and nearly opaque: the middle of a run's line
  // and its head marker (edges blend with the dark halo). Hash: FNV-1a over their indices.
  const mask = (selector, color) => {
    const c = document.querySelector(selector);
    if (!c || c.width === 0) return { count: 0, hash: 0 };
    const d = pixels(c);
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
    let count = 0;
    let hash = 2166136261;
    for (let i = 0; i < d.length; i += 4) {
      const dist = Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b);
      if (d[i + 3] >= 250 && dist <= 24) {
        count++;
        hash = Math.imul(hash ^ (i >> 2), 16777619) >>> 0;
      }
    }
    return { count, hash };
  };
  const hash = (selector) => {
    const c = document.querySelector(selector);
    if (!c || c.width === 0) return 0;
    const d = new Uint32Array(pixels(c).buffer);
    let h = (2166136261 ^ c.width ^ (c.height << 16)) >>> 0;
    for (let i = 0; i < d.length; i++) h = Math.imul(h ^ d[i], 16777619) >>> 0;
    return h;
  };
  const step = () => {
    const text = document.querySelector("[data-testid=step-counter]")?.textContent ?? "";
    const m = /Step\s+(\d+)/.exec(text);
    return m ? Number(m[1]) : NaN;
  };
  // Counted by an observer (from the page's start: buffered), so that the app may clear its
  // performance buffer without the counts going wrong; takeRecords() makes them current.
  const counts = {};
  const observer = new PerformanceObserver((list) => count(list.getEntries()));
  const count = (entries) => {
    for (const e of entries) counts[e.name] = (counts[e.name] ?? 0) + 1;
  };
  observer.observe({ type: "measure", buffered: true });
  const measures = (name) => {
    count(observer.takeRecords());
    return counts[name] ?? 0;
  };
  window.__lab = { pixels, mask, hash, step, measures };
}
