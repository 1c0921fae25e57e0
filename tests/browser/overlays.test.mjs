// Overlays: each toggle draws its layer and removes it again, also at the ends of the runs
// and with a diverged run.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, useBrowser } from "./harness.mjs";
import { openAppPage } from "./app-page.mjs";

useBrowser();

const PATHS = "[data-testid=surface-canvas]";
const HEATMAP = ".surface-view canvas.layer-base";
// Static layers (the gradient field, the runs' ghosts) are drawn between the two.
const GHOSTS = ".surface-view canvas.layer-ghost";

test("each overlay toggles its drawing on and off", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  const group = app.page.getByRole("group", { name: "Overlays" });
  for (const [label, layer] of [
    ["Contours", HEATMAP],
    ["Step vs −gradient", PATHS],
    ["Accumulator √v", PATHS],
    ["Gradient field", GHOSTS],
  ]) {
    const box = group.getByRole("checkbox", { name: label });
    const before = await app.canvasHash(layer);
    const wasChecked = await box.isChecked();
    await box.click();
    await app.waitForCanvasChange(layer, before);
    assert.equal(await box.isChecked(), !wasChecked);
    // Off again: exactly the picture from before.
    await box.click();
    await app.waitForCanvasHash(layer, before);
  }
  await app.finish();
});

test("overlays at step 0, mid-run, and with a diverged run", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  const group = app.page.getByRole("group", { name: "Overlays" });
  for (const label of ["Step vs −gradient", "Accumulator √v", "Gradient field"]) {
    await group.getByRole("checkbox", { name: label }).check();
  }
  await app.addRun("SGD");
  await app.typeExact("SGD", "Learning rate", "10");
  await app.legendEntry("SGD").getByText(/diverged/).waitFor();
  await app.typeExact("AdaGrad", "Epsilon", "0");
  for (const step of [0, 1, 4, 5, 6, 500, 1000]) await app.seek(step);
  await app.surfaceSelect.selectOption("ackley"); // the gradient is undefined at its minimum
  await app.pathsCanvas.click({ position: await app.toCss([0, 0], { x: [-5, 5], y: [-5, 5] }) });
  await app.seek(10);
  await app.finish();
});
