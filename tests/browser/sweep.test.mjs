// The hyperparameter sweep panel: computing shows progress without freezing the page, the
// maps draw, a sweep cell loads its settings into the run, a start-map cell moves the start.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  VIEWPORTS,
  assertNoConsoleErrors,
  horizontalOverflow,
  openApp,
  screenshot,
  useBrowser,
} from "./harness.mjs";

useBrowser();

const DONE = /^\d+ runs in \d+ ms\.$/;

/** Records the longest gap between animation frames from now on (a frozen page has long ones). */
function watchFrames(page) {
  return page.evaluate(() => {
    window.__maxFrameGap = 0;
    let last = performance.now();
    const tick = (now) => {
      window.__maxFrameGap = Math.max(window.__maxFrameGap, now - last);
      last = now;
      if (!window.__stopFrames) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** Clicks Compute and checks the progress bar moves while the maps are computed. */
async function computeAndWatch(page) {
  const status = page.getByTestId("sweep-status");
  // Watch every animation frame from before the click (a small sweep can finish in a few
  // frames, sooner than a poll started after the click would look): a partly filled bar
  // and a running count, caught mid-way.
  await page.evaluate(() => {
    window.__sweepMidway = null;
    const look = () => {
      const p = document.querySelector("[data-testid=sweep-progress]");
      const s = document.querySelector("[data-testid=sweep-status]").textContent;
      const busy = document.querySelector(".sweep-maps").getAttribute("aria-busy");
      if (!p.classList.contains("idle") && p.value > 0 && p.value < p.max && busy === "true" &&
        /^Computing… \d+ of \d+ runs$/.test(s)) {
        window.__sweepMidway = { value: p.value, max: p.max, text: s };
      } else {
        requestAnimationFrame(look);
      }
    };
    requestAnimationFrame(look);
  });
  await page.getByTestId("sweep-compute").click();
  const seen = await page.waitForFunction(() => window.__sweepMidway, null, { timeout: 30_000 });
  const mid = await seen.jsonValue();
  assert.ok(mid.value < mid.max, `progress ${mid.value} / ${mid.max}`);
  await page.waitForFunction(
    (re) => new RegExp(re).test(document.querySelector("[data-testid=sweep-status]").textContent),
    DONE.source,
    { timeout: 60_000 },
  );
  assert.equal(await page.locator(".sweep-maps").getAttribute("aria-busy"), "false");
  assert.ok(await page.getByTestId("sweep-progress").evaluate((p) => p.classList.contains("idle")));
  return status.innerText();
}

/** Distinct opaque colours across the middle row of a map's cell layer. */
function mapColours(page, testid) {
  return page.getByTestId(testid).locator("canvas").first().evaluate((c) => {
    const ctx = c.getContext("2d");
    const y = Math.round(c.height * 0.45);
    const row = ctx.getImageData(0, y, c.width, 1).data;
    const seen = new Set();
    for (let i = 0; i < row.length; i += 4) {
      if (row[i + 3] === 255) seen.add(`${row[i]},${row[i + 1]},${row[i + 2]}`);
    }
    return seen.size;
  });
}

/** A point at fractions (fx, fy) of a map's box, after scrolling it into view. */
async function pointIn(page, testid, fx, fy) {
  const map = page.getByTestId(testid);
  await map.scrollIntoViewIfNeeded();
  const box = await map.boundingBox();
  return { x: box.x + box.width * fx, y: box.y + box.height * fy };
}

test("desktop: the sweep computes with progress, draws, and loads a cell into the run", { timeout: 120_000 }, async (t) => {
  const page = await openApp(t, VIEWPORTS.desktop);
  const panel = page.getByTestId("sweep-panel");
  await panel.scrollIntoViewIfNeeded();
  assert.equal(await page.getByTestId("sweep-map").count(), 0, "nothing is computed before Compute");
  await watchFrames(page);
  const status = await computeAndWatch(page);
  const gap = await page.evaluate(() => ((window.__stopFrames = true), window.__maxFrameGap));
  assert.ok(gap < 250, `the page kept drawing frames while computing (longest gap ${gap} ms)`);
  // 48 × 48 settings and 48 × 36 starts (Rosenbrock's square window: 48 × 48).
  assert.match(status, /^4608 runs in/);
  const measures = await page.evaluate(() => performance.getEntriesByName("sweep", "measure").length);
  assert.ok(measures > 1, "the work is spread over several measured frames");
  assert.ok((await mapColours(page, "sweep-map")) > 10, "the sweep map shows a range of colours");
  assert.ok((await mapColours(page, "start-map")) >= 2, "the start map draws its cells");

  // Hover a cell: its settings and outcome are read out.
  const lrField = page.getByLabel("Learning rate (exact value)").first();
  const decayField = page.getByLabel("Decay (exact value)").first();
  const slider = page.locator("#run0-lr");
  const before = { lr: await lrField.inputValue(), slider: await slider.inputValue() };
  const p = await pointIn(page, "sweep-map", 0.3, 0.3);
  await page.mouse.move(p.x, p.y);
  const readout = page.getByTestId("sweep-readout");
  await page.waitForFunction(() => /^Learning rate /.test(document.querySelector("[data-testid=sweep-readout]").textContent));
  const text = await readout.innerText();
  const m = text.match(/^Learning rate (\S+) · Decay (\S+): (final loss|diverged|loss overflowed)/);
  assert.ok(m, `read-out: ${text}`);
  await screenshot(page, "sweep-desktop-hover");

  // Click it: the run's learning rate and decay take the cell's values. (The full-page
  // screenshot may have scrolled: find the same spot of the map again.)
  const p2 = await pointIn(page, "sweep-map", 0.3, 0.3);
  await page.mouse.click(p2.x, p2.y);
  await page.waitForFunction((lr) => {
    const f = [...document.querySelectorAll("input")].find((i) => i.getAttribute("aria-label") === "Learning rate (exact value)");
    return f && f.value === lr;
  }, m[1]);
  assert.notEqual(m[1], before.lr);
  assert.equal(await decayField.inputValue(), m[2]);
  assert.notEqual(await slider.inputValue(), before.slider, "the learning-rate slider moved");
  // Loading the axes' own settings keeps the sweep's 2304 cells: only the start map, which
  // runs the new settings, is recomputed.
  await page.waitForFunction(
    () => /^2304 runs in \d+ ms\.$/.test(document.querySelector("[data-testid=sweep-status]").textContent),
    null,
    { timeout: 60_000 },
  );

  // The start map: clicking a cell moves the start there, and the sweep (which depends on
  // the start) recomputes.
  const q = await pointIn(page, "start-map", 0.3, 0.6);
  await page.mouse.move(q.x, q.y);
  await page.waitForFunction(() => /^Start \(/.test(document.querySelector("[data-testid=start-readout]").textContent));
  const startText = await page.getByTestId("start-readout").innerText();
  const s = startText.match(/^Start \((\S+), (\S+)\)/);
  assert.ok(s, startText);
  const scene = page.locator(".start-readout");
  const oldStart = await scene.innerText();
  await page.mouse.click(q.x, q.y);
  await page.waitForFunction(
    (want) => document.querySelector(".start-readout").textContent === want,
    `start (${s[1]}, ${s[2]})`,
  );
  assert.notEqual(await scene.innerText(), oldStart);
  await page.waitForFunction(
    (re) => new RegExp(re).test(document.querySelector("[data-testid=sweep-status]").textContent),
    DONE.source,
    { timeout: 60_000 },
  );
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, "sweep-desktop-after-clicks");
  await assertNoConsoleErrors(page);
});

test("himmelblau: the start map finds all four minima; steps-to-threshold colouring", { timeout: 120_000 }, async (t) => {
  const page = await openApp(t, VIEWPORTS.desktop);
  await page.locator("#surface-select").selectOption("himmelblau");
  const panel = page.getByTestId("sweep-panel");
  await panel.scrollIntoViewIfNeeded();
  await panel.getByRole("combobox", { name: "Grid" }).selectOption("32");
  await computeAndWatch(page);
  const legend = await page.locator("[data-testid=sweep-panel] .sweep-figure").nth(1).locator(".sweep-legend li").allInnerTexts();
  const minima = legend.filter((l) => /^\(/.test(l));
  assert.equal(minima.length, 4, legend.join(" | "));
  for (const row of minima) {
    const n = Number(row.match(/(\d+)$/)[1]);
    assert.ok(n > 20, `each minimum is reached from many starts: ${legend.join(" | ")}`);
  }
  // The keyboard: arrows move the highlighted cell, Enter loads it.
  const mapCanvas = page.getByTestId("sweep-map").locator("canvas").nth(1);
  const stepBefore = await page.getByTestId("step-counter").innerText();
  await mapCanvas.focus();
  for (const key of ["ArrowRight", "ArrowRight", "ArrowUp", "ArrowRight"]) await mapCanvas.press(key);
  const text = await page.getByTestId("sweep-readout").innerText();
  const m = text.match(/^Learning rate (\S+) · Decay (\S+): /);
  assert.ok(m, `the keyboard's cell is read out: ${text}`);
  await mapCanvas.press("Enter");
  await page.waitForFunction((lr) => {
    const f = [...document.querySelectorAll("input")].find((i) => i.getAttribute("aria-label") === "Learning rate (exact value)");
    return f && f.value === lr;
  }, m[1]);
  assert.equal(await page.getByLabel("Decay (exact value)").first().inputValue(), m[2]);
  assert.equal(await page.getByTestId("step-counter").innerText(), stepBefore, "the arrows did not step playback");

  // Colour the sweep by steps: cells that never get there get their own key.
  await panel.getByRole("combobox", { name: "Colour the sweep by" }).selectOption("steps");
  await page.getByText("threshold never reached").waitFor();
  assert.ok((await mapColours(page, "sweep-map")) > 5);
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, "sweep-himmelblau-desktop");
  await assertNoConsoleErrors(page);
});

test("phone: the sweep fits the width, and a tap loads a cell", { timeout: 120_000 }, async (t) => {
  const page = await openApp(t, VIEWPORTS.phone);
  const panel = page.getByTestId("sweep-panel");
  await panel.scrollIntoViewIfNeeded();
  await panel.getByRole("combobox", { name: "Grid" }).selectOption("24");
  await page.getByTestId("sweep-compute").click();
  await page.waitForFunction(
    (re) => new RegExp(re).test(document.querySelector("[data-testid=sweep-status]").textContent),
    DONE.source,
    { timeout: 60_000 },
  );
  const p = await pointIn(page, "sweep-map", 0.35, 0.35);
  await page.touchscreen.tap(p.x, p.y);
  const text = await page.getByTestId("sweep-readout").innerText();
  const m = text.match(/^Learning rate (\S+) · /);
  assert.ok(m, `a tap reads the cell out: ${text}`);
  await page.waitForFunction((lr) => {
    const f = [...document.querySelectorAll("input")].find((i) => i.getAttribute("aria-label") === "Learning rate (exact value)");
    return f && f.value === lr;
  }, m[1]);
  const { scrollWidth, innerWidth } = await horizontalOverflow(page);
  assert.ok(scrollWidth <= innerWidth, `overflow: ${scrollWidth} > ${innerWidth}`);
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, "sweep-phone-390x844");
  await assertNoConsoleErrors(page);
});
