// The start point: a click on the surface puts it there (for all runs), the marker can be
// dragged with the paths recomputed live, and the readouts agree with where it is drawn.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, useBrowser } from "./harness.mjs";
import { DEFAULT_RUNS, openAppPage } from "./app-page.mjs";

useBrowser();

const ROSENBROCK = { x: [-2, 2], y: [-1, 3] };

/** Asserts both readouts show `expected` within `tol` (world units). */
async function assertStart(app, expected, tol, what) {
  const fromCanvas = await app.startFromCanvas();
  const fromScene = await app.startFromScene();
  for (const [name, got] of [["canvas label", fromCanvas], ["Scene panel", fromScene]]) {
    assert.ok(
      Math.abs(got[0] - expected[0]) <= tol && Math.abs(got[1] - expected[1]) <= tol,
      `${what}: ${name} says (${got}), expected about (${expected})`,
    );
  }
}

/** World units per CSS px on the current plot. */
async function unitsPerPx(app, window) {
  const r = await app.plotRect();
  return (window.x[1] - window.x[0]) / (r.right - r.left);
}

test("a click on the surface moves the start for every run", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  const before = await Promise.all(DEFAULT_RUNS.map((r) => app.pathMask(r)));
  const statuses = await Promise.all(DEFAULT_RUNS.map((r) => app.runStatus(r).innerText()));
  const target = [-1, 0];
  const at = await app.toCss(target, ROSENBROCK);
  await app.pathsCanvas.click({ position: at });
  await app.page.waitForFunction(() =>
    /Start point \(-1\.0/.test(document.querySelector("[data-testid=surface-canvas]").ariaLabel),
  );
  await assertStart(app, target, 2 * (await unitsPerPx(app, ROSENBROCK)), "after the click");
  // The white start ring is drawn where the click was.
  assert.ok((await app.colorNear("#ffffff", at, 10)) > 10, "no start ring at the click");
  for (const [i, run] of DEFAULT_RUNS.entries()) {
    await app.waitForPathChange(run, before[i]);
    assert.notEqual(await app.runStatus(run).innerText(), statuses[i], `${run} did not rerun`);
  }
  // A click in the margin (on the tick labels) is not on the surface: nothing moves.
  const startNow = await app.startFromCanvas();
  await app.pathsCanvas.click({ position: { x: 5, y: at.y } });
  await app.frames(3);
  assert.deepEqual(await app.startFromCanvas(), startNow);
  await app.finish();
});

test("dragging the start marker recomputes the paths while dragging", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  const box = await app.pathsCanvas.boundingBox();
  const from = await app.toCss([-1.5, 2], ROSENBROCK);
  const mouse = app.page.mouse;
  await mouse.move(box.x + from.x, box.y + from.y);
  assert.equal(await app.pathsCanvas.evaluate((c) => c.style.cursor), "grab");
  await mouse.down();
  // Grabbing the marker does not move it.
  await app.frames(2);
  assert.deepEqual(await app.startFromCanvas(), [-1.5, 2]);

  let path = await app.pathMask("Adam");
  for (const target of [
    [-1, 2.5],
    [0.5, 2.5],
    [1.5, 0],
  ]) {
    const to = await app.toCss(target, ROSENBROCK);
    await mouse.move(box.x + to.x, box.y + to.y, { steps: 4 });
    // Still held: the start and the paths follow already.
    await assertStart(app, target, 2 * (await unitsPerPx(app, ROSENBROCK)), `dragging to ${target}`);
    await app.waitForPathChange("Adam", path);
    path = await app.pathMask("Adam");
    assert.ok((await app.colorNear("#ffffff", to, 10)) > 10, `no start ring at ${target}`);
  }
  await mouse.up();
  await assertStart(app, [1.5, 0], 2 * (await unitsPerPx(app, ROSENBROCK)), "after the drag");
  await app.finish();
});

test("phone: a tap sets the start where the finger is (devicePixelRatio 2)", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.phone);
  const target = [0.5, 1.5];
  const at = await app.toCss(target, ROSENBROCK);
  await app.pathsCanvas.tap({ position: at });
  await app.page.waitForFunction(() =>
    /Start point \(0\.[45]/.test(document.querySelector("[data-testid=surface-canvas]").ariaLabel),
  );
  await assertStart(app, target, 2 * (await unitsPerPx(app, ROSENBROCK)), "after the tap");
  assert.ok((await app.colorNear("#ffffff", at, 10)) > 10, "no start ring at the tap");
  await app.finish();
});
