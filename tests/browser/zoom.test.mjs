// The map's zoom and pan: buttons, keys, Ctrl+wheel about the pointer, a two-finger pinch,
// Shift-drag to pan, Fit to the paths (an edge marker's run comes back into view), Reset, and
// the view in links (kept on reload, refused when bad, dropped when the surface changes).
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, openApp, useBrowser } from "./harness.mjs";
import { AppPage, installHelpers } from "./app-page.mjs";
import { noticeText, waitForUrl } from "./share_helpers.mjs";

useBrowser();

/** The view in the address bar as { x: [x0, x1], y: [y0, y1] }, or null without one. */
function viewIn(search) {
  const m = /[?&]view=([^&]*)/.exec(decodeURIComponent(search));
  if (!m) return null;
  const [x0, x1, y0, y1] = m[1].split(",").map(Number);
  return { x: [x0, x1], y: [y0, y1] };
}

/** Waits for the address bar's view to differ from `before` (JSON-compared), and returns it. */
async function nextView(page, before) {
  const search = await waitForUrl(page, (s) => JSON.stringify(viewIn(s)) !== JSON.stringify(before), "the view to change");
  return viewIn(search);
}

const close = (a, b, tol = 1e-9) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
const width = (v) => v.x[1] - v.x[0];
const height = (v) => v.y[1] - v.y[0];
const ROSENBROCK = { x: [-2, 2], y: [-1, 3] };

async function open(t, query = "") {
  const page = await openApp(t, { ...VIEWPORTS.desktop, query });
  const app = new AppPage(page);
  await page.evaluate(installHelpers);
  await page.waitForFunction(() => window.__lab.measures("draw-surface") > 0);
  return { page, app, zoom: page.getByRole("group", { name: "Zoom" }) };
}

test("buttons and keys zoom about the middle, Reset and 0 go back", { timeout: 60_000 }, async (t) => {
  const { page, app, zoom } = await open(t);
  const reset = zoom.getByRole("button", { name: "Reset view" });
  assert.equal(await reset.isDisabled(), true, "nothing to reset at first");
  const heatmap = await app.canvasHash(".layer-base");
  await zoom.getByRole("button", { name: "Zoom in" }).click();
  let v = await nextView(page, null);
  // 1.5× in about the middle of the window.
  assert.ok(close(width(v), 4 / 1.5) && close(height(v), 4 / 1.5), JSON.stringify(v));
  assert.ok(close((v.x[0] + v.x[1]) / 2, 0) && close((v.y[0] + v.y[1]) / 2, 1), JSON.stringify(v));
  await app.waitForCanvasChange(".layer-base", heatmap);
  assert.equal(await reset.isDisabled(), false);
  // The axes follow: the tick labels are of the zoomed window.
  await zoom.getByRole("button", { name: "Zoom out" }).click();
  v = await nextView(page, v);
  assert.ok(close(width(v), 4) && close(v.x[0], -2) && close(v.y[1], 3), JSON.stringify(v));
  // Keys on the focused map: + zooms in, − out, 0 resets.
  await app.pathsCanvas.focus();
  await page.keyboard.press("+");
  v = await nextView(page, v);
  assert.ok(close(width(v), 4 / 1.5), JSON.stringify(v));
  await page.keyboard.press("0");
  v = await nextView(page, v);
  assert.equal(v, null);
  await app.waitForCanvasHash(".layer-base", heatmap);
  await zoom.getByRole("button", { name: "Zoom in" }).click();
  v = await nextView(page, null);
  await reset.click();
  assert.equal(await nextView(page, v), null);
  await app.finish();
});

test("Ctrl+wheel zooms about the pointer; a plain wheel scrolls the page until the map has focus", { timeout: 60_000 }, async (t) => {
  const { page, app } = await open(t);
  // The pointer over world point (1, 2).
  const at = await app.toCss([1, 2], ROSENBROCK);
  const rect = await app.plotRect();
  let box = await app.pathsCanvas.boundingBox();
  await page.mouse.move(box.x + at.x, box.y + at.y);
  await page.mouse.wheel(0, 200);
  await page.waitForFunction(() => window.scrollY > 0);
  assert.equal(viewIn(new URL(page.url()).search), null, "a plain wheel over an unfocused map does not zoom");
  // The page scrolled under the pointer: back to the top, and over (1, 2) again.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForFunction(() => window.scrollY === 0);
  box = await app.pathsCanvas.boundingBox();
  await page.mouse.move(box.x + at.x, box.y + at.y);
  await page.keyboard.down("Control");
  await page.mouse.wheel(0, -100);
  await page.keyboard.up("Control");
  const v = await nextView(page, null);
  // exp(0.2) in, and (1, 2) stays under the pointer: at the same fraction of the window.
  assert.ok(close(width(v), 4 / Math.exp(0.2), 1e-6), JSON.stringify(v));
  const fx = (at.x - rect.left) / (rect.right - rect.left);
  const fy = (rect.bottom - at.y) / (rect.bottom - rect.top);
  assert.ok(close(v.x[0] + fx * width(v), 1, 1e-3) && close(v.y[0] + fy * height(v), 2, 1e-3), JSON.stringify(v));
  // Once the map has focus (a click), the plain wheel zooms too.
  const start = await app.startFromCanvas();
  await app.pathsCanvas.focus();
  await page.mouse.wheel(0, 100);
  const out = await nextView(page, v);
  assert.ok(width(out) > width(v), JSON.stringify(out));
  assert.deepEqual(await app.startFromCanvas(), start, "zooming never moves the start");
  await app.finish();
});

test("Shift-drag pans and leaves the start alone; a pinch zooms and pans", { timeout: 60_000 }, async (t) => {
  const { page, app } = await open(t);
  const box = await app.pathsCanvas.boundingBox();
  const rect = await app.plotRect();
  const start = await app.startFromCanvas();
  const pxPerUnit = (rect.right - rect.left) / 4;
  const [x, y] = [box.x + (rect.left + rect.right) / 2, box.y + (rect.top + rect.bottom) / 2];
  await page.keyboard.down("Shift");
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 100, y + 50, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.up("Shift");
  let v = await nextView(page, null);
  // Dragging right and down shows what was to the left and above.
  assert.ok(close(v.x[0], -2 - 100 / pxPerUnit, 1e-6) && close(v.y[0], -1 + 50 / pxPerUnit, 1e-6), JSON.stringify(v));
  assert.ok(close(width(v), 4), JSON.stringify(v));
  assert.deepEqual(await app.startFromCanvas(), start);

  // Two fingers 100 px apart, one moving 100 px further: twice as close. The first finger
  // down does not move the start (it might be a pinch); a tap does.
  const touch = (type, id, px, py) =>
    app.pathsCanvas.dispatchEvent(type, { pointerId: id, pointerType: "touch", isPrimary: id === 1, clientX: px, clientY: py, bubbles: true });
  await touch("pointerdown", 1, x - 50, y);
  await touch("pointerdown", 2, x + 50, y);
  for (const dx of [60, 80, 100, 150]) await touch("pointermove", 2, x + dx, y);
  await touch("pointerup", 2, x + 150, y);
  await touch("pointerup", 1, x - 50, y);
  const pinched = await nextView(page, v);
  assert.ok(close(width(pinched), width(v) / 2, 1e-6), JSON.stringify(pinched));
  assert.deepEqual(await app.startFromCanvas(), start, "a pinch never moves the start");
  await touch("pointerdown", 3, x, y);
  await touch("pointerup", 3, x, y);
  await page.waitForFunction(
    (s) => !document.querySelector("[data-testid=surface-canvas]").ariaLabel.includes(s),
    `(${start[0].toFixed(3)}, ${start[1].toFixed(3)})`,
  );
  await app.finish();
});

test("Fit brings a run that left the map back into view; the view survives a reload", { timeout: 60_000 }, async (t) => {
  // SGD at α = 1.05 on the elongated bowl overshoots out of the window at once (edge-marker test).
  const query = "surface=bowl&run=sgd,lr=1.05&run=rmsprop,lr=0.05&steps=30";
  const { page, app, zoom } = await open(t, query);
  await zoom.getByRole("button", { name: "Fit to paths" }).click();
  const v = await nextView(page, null);
  // SGD's y doubles its size each step (|1 − 1.05·4| = 3.2): the view is taller than the
  // window (−3 to 3) and still of its proportions (10 wide, 6 high).
  assert.ok(height(v) > 6 && close(width(v) / height(v), 10 / 6, 1e-9), JSON.stringify(v));
  const paths = await app.canvasHash("[data-testid=surface-canvas]");
  const search = new URL(page.url()).search;

  const again = await open(t, search);
  assert.equal(await noticeText(again.page), "");
  assert.deepEqual(viewIn(new URL(again.page.url()).search), v);
  await again.app.waitForCanvasHash("[data-testid=surface-canvas]", paths);
  assert.equal(await again.zoom.getByRole("button", { name: "Reset view" }).isDisabled(), false);
  // Another surface shows its own window.
  await again.app.surfaceSelect.selectOption("booth");
  assert.equal(await nextView(again.page, v), null);
  await app.finish();
  await again.app.finish();
});

test("a bad view in a link is named and ignored", async (t) => {
  const { page, zoom } = await open(t, "surface=bowl&view=1,0,0,1");
  assert.match(await noticeText(page), /view: x range must increase \(got 1 to 0\)/);
  assert.equal(await zoom.getByRole("button", { name: "Reset view" }).isDisabled(), true);
});
