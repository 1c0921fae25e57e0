// All 13 catalog surfaces: each switch redraws the heatmap, shows the formula and resets the
// window and the start to the surface's own; no console errors.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, screenshot, useBrowser } from "./harness.mjs";
import { openAppPage } from "./app-page.mjs";

useBrowser();

// name: [title, window [x0, x1, y0, y1], default start] as in the catalog (src/core/surface.rs).
const CATALOG = {
  bowl: ["Elongated bowl", [-5, 5, -3, 3], [-4, 1.5]],
  rotated_bowl: ["Rotated bowl", [-5, 5, -5, 5], [-4, 2]],
  rosenbrock: ["Rosenbrock", [-2, 2, -1, 3], [-1.5, 2]],
  beale: ["Beale", [-4.5, 4.5, -4.5, 4.5], [1, 1.5]],
  himmelblau: ["Himmelblau", [-5, 5, -5, 5], [0, 0]],
  booth: ["Booth", [-10, 10, -10, 10], [-8, -6]],
  matyas: ["Matyas", [-10, 10, -10, 10], [-7, 4]],
  six_hump_camel: ["Six-hump camel", [-3, 3, -2, 2], [-1.5, -1.2]],
  saddle: ["Saddle", [-3, 3, -3, 3], [-2.5, 0.05]],
  rastrigin: ["Rastrigin", [-5.12, 5.12, -5.12, 5.12], [3.3, 4.1]],
  ackley: ["Ackley", [-5, 5, -5, 5], [3.2, 4.1]],
  styblinski_tang: ["Styblinski–Tang", [-5, 5, -5, 5], [4, 4.5]],
  goldstein_price: ["Goldstein–Price", [-2, 2, -3, 1], [1.5, -2.5]],
};
const HEATMAP = ".surface-view canvas.layer-base";

test("switching to each of the 13 surfaces redraws it with its window and start", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  const options = await app.surfaceSelect
    .locator("option:not([disabled])")
    .evaluateAll((os) => os.map((o) => o.value));
  // The 13 catalog surfaces, and "custom" (a formula of one's own; see formula.test.mjs).
  assert.deepEqual(
    options.sort(),
    [...Object.keys(CATALOG), "custom", "data:linear_regression", "data:logistic_regression"].sort(),
    "the picker lists the catalog, a custom formula and the models on data",
  );

  // Move the start away first: a switch must put it back to the surface's default.
  await app.pathsCanvas.click({ position: { x: 300, y: 300 } });
  let previous = await app.canvasHash(HEATMAP);
  let previousFormula = "";
  // Rosenbrock (the current one) last, so that every switch is a change.
  const order = Object.keys(CATALOG).filter((n) => n !== "rosenbrock").concat("rosenbrock");
  for (const name of order) {
    const [title, [x0, x1, y0, y1], start] = CATALOG[name];
    await app.surfaceSelect.selectOption(name);
    await app.waitForCanvasChange(HEATMAP, previous);
    previous = await app.canvasHash(HEATMAP);

    assert.equal(await app.surfaceSelect.inputValue(), name);
    const formula = await app.scene.getByLabel("Formula").innerText();
    assert.match(formula, /^f\(x, y\) = \S/, `${name}: formula shown`);
    assert.notEqual(formula, previousFormula, `${name}: the formula changed`);
    previousFormula = formula;
    assert.match(await app.pathsCanvas.getAttribute("aria-label"), new RegExp(`Loss surface ${title}\\.`));
    assert.deepEqual(await app.startFromScene(), start, `${name}: start reset`);
    assert.deepEqual(await app.startFromCanvas(), start, `${name}: start reset`);

    // The plot keeps x and y at one scale (within 1:2 … 1:1).
    const r = await app.plotRect();
    const aspect = (r.bottom - r.top) / (r.right - r.left);
    const expected = Math.min(1, Math.max(0.5, (y1 - y0) / (x1 - x0)));
    assert.ok(Math.abs(aspect - expected) < 0.01, `${name}: plot aspect ${aspect}, window ${expected}`);

    // A real heatmap: many colours, not a flat fill.
    const stats = await app.page.evaluate((sel) => {
      const c = document.querySelector(sel);
      const d = window.__lab.pixels(c);
      const colours = new Set();
      for (let i = 0; i < d.length; i += 4 * 97) colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      return { colours: colours.size };
    }, HEATMAP);
    assert.ok(stats.colours > 40, `${name}: only ${stats.colours} colours`);
    if (name === "goldstein_price") await screenshot(app.page, "surface-goldstein-price", { fullPage: false });
  }
  await app.finish();
});

test("phone: switching surfaces works too", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.phone);
  const before = await app.canvasHash(HEATMAP);
  await app.surfaceSelect.selectOption("himmelblau");
  await app.waitForCanvasChange(HEATMAP, before);
  assert.deepEqual(await app.startFromScene(), [0, 0]);
  await screenshot(app.page, "surface-himmelblau-phone");
  await app.finish();
});
