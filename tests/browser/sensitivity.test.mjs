// The learning-rate sensitivity chart: it computes with progress, draws one line per visible
// run in the run's colour with a best-α marker each, follows a hidden run, and a click (or
// Enter) on a point loads that α into its run, whose path then changes.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, horizontalOverflow, screenshot, useBrowser } from "./harness.mjs";
import { DEFAULT_RUNS, openAppPage } from "./app-page.mjs";

useBrowser();

const CANVAS = "[data-testid=sensitivity] canvas";
const RATES = 25; // core::sensitivity::RATES_PER_RUN
/** The plot's margins inside the canvas (CSS px): the charts' label areas. */
const PLOT = { left: 58, right: 14, top: 8, bottom: 34 };

/** Waits until the status says `runs` runs were computed and the bar is hidden. */
async function waitDone(page, runs) {
  await page.waitForFunction(
    (want) => new RegExp(`^${want} runs in \\d+ ms\\.$`).test(document.querySelector("[data-testid=sens-status]")?.textContent),
    runs,
    { timeout: 30_000 },
  );
  assert.ok(await page.getByTestId("sens-progress").evaluate((p) => p.classList.contains("idle")));
}

function bests(page) {
  return page.getByTestId("sens-best").allInnerTexts();
}

function readout(page) {
  return page.getByTestId("sens-readout").innerText();
}

/** Moves the mouse down the column of rate `i` (of a chart of one run) until a point reads out. */
async function findPoint(page, i) {
  const box = await page.locator(CANVAS).boundingBox();
  const w = box.width - PLOT.left - PLOT.right;
  const x = box.x + PLOT.left + ((i + 0.5) / RATES) * w;
  for (let y = box.y + PLOT.top; y <= box.y + box.height - PLOT.bottom; y += 5) {
    await page.mouse.move(x, y);
    const m = (await readout(page)).match(/^RMSProp at α = (\S+): /);
    if (m) return { x, y, alpha: m[1] };
  }
  assert.fail(`no point in the column of rate ${i}`);
}

test("desktop: computes, one line and best α per run, a click and Enter load an α", { timeout: 120_000 }, async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  const page = app.page;
  const chart = page.getByTestId("sensitivity");
  await chart.scrollIntoViewIfNeeded();
  assert.equal(await page.locator(CANVAS).count(), 0, "nothing is computed before Compute");
  await page.getByTestId("sens-compute").click();
  await waitDone(page, DEFAULT_RUNS.length * RATES);
  await chart.scrollIntoViewIfNeeded();
  const rows = await bests(page);
  assert.equal(rows.length, DEFAULT_RUNS.length, rows.join(" | "));
  DEFAULT_RUNS.forEach((name, k) => assert.match(rows[k], new RegExp(`^${name}: best α = \\S+ \\(final loss \\S+\\)$`)));
  for (const name of DEFAULT_RUNS) {
    const color = await app.runColor(name);
    assert.ok((await app.colorMask(CANVAS, color)).count > 20, `${name}'s line in ${color}`);
  }
  const caption = await chart.locator(".chart-caption").innerText();
  assert.match(caption, /^Final loss after 1000 steps/);
  await screenshot(page, "sensitivity-desktop");

  // Hiding runs recomputes for the visible ones only.
  const adam = await app.runColor("Adam");
  await app.runButton("Adam", "Show").click();
  await app.runButton("AdaGrad", "Show").click();
  await waitDone(page, RATES);
  assert.equal((await bests(page)).length, 1);
  await page.waitForFunction((c) => window.__lab.mask("[data-testid=sensitivity] canvas", c).count === 0, adam);

  // Click a point: its α goes into the run, the path changes, and nothing is recomputed.
  const lrField = app.exactField("RMSProp", "Learning rate");
  const before = { lr: await lrField.inputValue(), path: await app.pathMask("RMSProp") };
  await chart.scrollIntoViewIfNeeded();
  const p = await findPoint(page, 6);
  assert.notEqual(p.alpha, before.lr);
  const status = await page.getByTestId("sens-status").innerText();
  await page.mouse.click(p.x, p.y);
  await page.waitForFunction((lr) => {
    const f = [...document.querySelectorAll("input")].find((i) => i.getAttribute("aria-label") === "Learning rate (exact value)");
    return f && f.value === lr;
  }, p.alpha);
  await app.waitForPathChange("RMSProp", before.path);
  assert.equal(await page.getByTestId("sens-status").innerText(), status, "loading an α recomputes nothing");

  // The keyboard: arrows move between points (not playback), Enter loads one.
  const stepBefore = await app.stepCounter.innerText();
  const canvas = page.locator(CANVAS);
  await canvas.focus();
  for (const key of ["ArrowRight", "ArrowRight", "ArrowRight"]) await canvas.press(key);
  const m = (await readout(page)).match(/^RMSProp at α = (\S+): (final loss|diverged|loss overflowed)/);
  assert.ok(m, await readout(page));
  await canvas.press("Enter");
  await page.waitForFunction((lr) => {
    const f = [...document.querySelectorAll("input")].find((i) => i.getAttribute("aria-label") === "Learning rate (exact value)");
    return f && f.value === lr;
  }, m[1]);
  assert.equal(await app.stepCounter.innerText(), stepBefore, "the arrows did not step playback");

  // The panel's metric, steps to the threshold: the chart redraws and says so.
  const hash = await app.canvasHash(CANVAS);
  await page.getByRole("combobox", { name: "Colour the sweep by" }).selectOption("steps");
  await app.waitForCanvasChange(CANVAS, hash);
  const steps = await bests(page);
  assert.equal(steps.length, 1);
  assert.match(steps[0], /^RMSProp: (best α = \S+ \(threshold reached at step \d+\)|no α reached the threshold)$/);
  assert.match(await chart.locator(".chart-caption").innerText(), /^Steps to reach the threshold, within 1000 steps/);
  await app.finish();
});

test("phone: the chart fits the width and a tap reads a point out", { timeout: 120_000 }, async (t) => {
  const app = await openAppPage(t, VIEWPORTS.phone);
  const page = app.page;
  await page.getByTestId("sensitivity").scrollIntoViewIfNeeded();
  await page.getByTestId("sens-compute").click();
  await waitDone(page, DEFAULT_RUNS.length * RATES);
  assert.equal((await bests(page)).length, DEFAULT_RUNS.length);
  const { scrollWidth, innerWidth } = await horizontalOverflow(page);
  assert.ok(scrollWidth <= innerWidth, `overflow: ${scrollWidth} > ${innerWidth}`);
  await page.getByTestId("sensitivity").scrollIntoViewIfNeeded();
  await screenshot(page, "sensitivity-phone-390x844");
  await app.finish();
});
