// Charts: loss and effective learning rate per run, the current step marked; a click on a
// chart jumps there. Playback moves only the marker, never redraws the charts.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, useBrowser } from "./harness.mjs";
import { openAppPage } from "./app-page.mjs";

useBrowser();

const LOSS = "[data-testid=loss-chart] canvas";
const EFF = "[data-testid=eff-lr-chart] canvas";

/** The column (CSS px from the chart's left) of the step marker of chart `testid`: the
 * marker is an element moved over the chart, so playback repaints no canvas. */
function markerColumn(app, testid) {
  return app.page.evaluate((testid) => {
    const m = document.querySelector(`[data-testid=${testid}] .step-marker`);
    const c = document.querySelector(`[data-testid=${testid}] canvas`);
    const r = m.getBoundingClientRect();
    if (r.height === 0) return null;
    return r.left + r.width / 2 - c.getBoundingClientRect().left;
  }, testid);
}

async function waitForMarker(app, testid, near) {
  await app.page.waitForFunction(
    ([testid, near]) => {
      const m = document.querySelector(`[data-testid=${testid}] .step-marker`).getBoundingClientRect();
      const c = document.querySelector(`[data-testid=${testid}] canvas`).getBoundingClientRect();
      return Math.abs(m.left + m.width / 2 - c.left - near) <= 2;
    },
    [testid, near],
  );
}

for (const [testid, options] of [
  ["loss-chart", VIEWPORTS.desktop],
  ["eff-lr-chart", { ...VIEWPORTS.desktop, deviceScaleFactor: 2 }],
]) {
  test(`${testid} (dpr ${options.deviceScaleFactor ?? 1}): the marker follows the step; a click jumps there`, async (t) => {
    const app = await openAppPage(t, options);
    const chart = app.page.getByTestId(testid);
    await app.seek(0);
    await app.frames(2);
    const x0 = await markerColumn(app, testid);
    await app.seek(1000);
    await app.frames(2);
    const x1 = await markerColumn(app, testid);
    assert.ok(x0 !== null && x1 !== null && x1 - x0 > 150, `plot from ${x0} to ${x1}`);
    await app.seek(250);
    await waitForMarker(app, testid, x0 + 0.25 * (x1 - x0));

    // Clicks (while playing) land on the step under the pointer and stop playback.
    await app.playButton.click();
    const box = await chart.locator("canvas").boundingBox();
    for (const u of [0.3, 0.82, 0.05]) {
      const x = x0 + u * (x1 - x0);
      await chart.locator("canvas").click({ position: { x, y: box.height / 2 } });
      await app.waitForStep({ min: Math.round(u * 1000) - 4, max: Math.round(u * 1000) + 4 });
      assert.equal(await app.playButton.getAttribute("aria-label"), "Play");
      await waitForMarker(app, testid, x);
    }
    await app.finish();
  });
}

test("the charts show every visible run and follow its settings; playback does not redraw them", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  await app.addRun("SGD");
  await app.run("SGD").waitFor();
  // Adding a run scrolls to the Add button; the charts draw while on screen.
  await app.lossChart.scrollIntoViewIfNeeded();
  const names = ["RMSProp", "AdaGrad", "Adam", "SGD"];
  for (const run of names) {
    const color = await app.runColor(run);
    for (const sel of [LOSS, EFF]) {
      await app.page.waitForFunction(([s, c]) => window.__lab.mask(s, c).count > 5, [sel, color]);
    }
  }
  // SGD's effective learning rate is α itself: one flat line. (Its markers add a few short
  // rows of its colour; the line is the rows with long stretches of it.)
  const { rows, pixels } = await app.page.evaluate(([sel, color]) => {
    const c = document.querySelector(sel);
    const d = window.__lab.pixels(c);
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
    const perRow = new Map();
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 250 && Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) <= 24) {
        const y = Math.floor(i / 4 / c.width);
        perRow.set(y, (perRow.get(y) ?? 0) + 1);
      }
    }
    const long = [...perRow.values()].filter((n) => n >= 20);
    return { rows: long.length, pixels: long.reduce((a, n) => a + n, 0) };
  }, [EFF, await app.runColor("SGD")]);
  assert.ok(rows >= 1 && rows <= 4, `SGD's effective learning rate spans ${rows} long rows, not one flat line`);
  assert.ok(pixels >= 200, `SGD's flat line has only ${pixels} pixels in its rows`);

  // Playback moves the marker only.
  const drawn = () => app.measureCount("draw-chart");
  const charts = await drawn();
  const [lossHash, effHash] = [await app.canvasHash(LOSS), await app.canvasHash(EFF)];
  await app.seek(100);
  await app.seek(600);
  await app.stepButton.click();
  await app.frames(2);
  assert.equal(await drawn(), charts, "playback redrew a chart");
  assert.equal(await app.canvasHash(LOSS), lossHash);
  assert.equal(await app.canvasHash(EFF), effHash);

  // A setting redraws them; hiding a run removes its lines.
  await app.typeExact("RMSProp", "Decay", "0.99");
  await app.waitForCanvasChange(LOSS, lossHash);
  await app.waitForCanvasChange(EFF, effHash);
  await app.runButton("SGD", "Show").click();
  const sgd = await app.runColor("SGD");
  await app.page.waitForFunction(([s, c]) => window.__lab.mask(s, c).count === 0, [EFF, sgd]);
  assert.match(
    await app.effLrChart.getByRole("img").getAttribute("aria-label"),
    /α\/den for RMSProp \(den = √\(v\+ε\).*the scale on m̂ for Adam.*Solid: x, dashed: y/,
  );
  await app.finish();
});
