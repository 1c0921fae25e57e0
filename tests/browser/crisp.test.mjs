// Canvases are backed by devicePixelRatio × their CSS size (crisp lines and text), at 1 and
// 2, and follow the window when it resizes.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, screenshot, useBrowser } from "./harness.mjs";
import { openAppPage } from "./app-page.mjs";

useBrowser();

/** Every canvas: its backing size and its CSS size, and its container's width. */
function canvases(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("canvas")].map((c) => {
      const r = c.getBoundingClientRect();
      return {
        name: c.dataset.testid ?? c.className ?? "",
        chart: c.closest("[data-testid]")?.dataset.testid ?? "surface",
        width: c.width,
        height: c.height,
        cssWidth: r.width,
        cssHeight: r.height,
        parentWidth: c.parentElement.getBoundingClientRect().width,
        dpr: devicePixelRatio,
        // An empty layer is kept as one clear pixel: nothing to blur. (Not read back: a
        // second readback of a canvas makes Chromium warn.)
        blank: c.width === 1 && c.height === 1,
      };
    }),
  );
}

// Chromium lays out in 1/64 CSS px, so at a fractional ratio a canvas can be shown that much
// off its device-pixel size; anything more is a visible resampling.
const LAYOUT_UNIT = 1 / 64;

function assertCrisp(list, what) {
  // The surface (3 layers) and the charts; canvases not shown yet (the sweep maps before a
  // sweep) are left out.
  const shown = list.filter((c) => c.cssWidth > 0);
  assert.ok(shown.length >= 6, `surface and at least three charts, got ${shown.length}`);
  for (const c of shown) {
    const id = `${what}: ${c.chart} ${c.name} canvas ${c.width}×${c.height} shown at ${c.cssWidth}×${c.cssHeight} CSS px (dpr ${c.dpr})`;
    assert.ok(c.cssWidth > 100, id);
    const tol = c.dpr * LAYOUT_UNIT;
    if (!c.blank) {
      assert.ok(Math.abs(c.width - c.dpr * c.cssWidth) <= tol, `not crisp horizontally: ${id}`);
      assert.ok(Math.abs(c.height - c.dpr * c.cssHeight) <= tol, `not crisp vertically: ${id}`);
    }
    assert.ok(c.cssWidth <= c.parentWidth + 0.01, `wider than its container: ${id}`);
  }
}

for (const [name, options] of [
  ["desktop, dpr 1", VIEWPORTS.desktop],
  ["desktop, dpr 2", { ...VIEWPORTS.desktop, deviceScaleFactor: 2 }],
  ["odd width 1111, dpr 1", { width: 1111, height: 800 }],
  ["odd width 1111, dpr 1.5", { width: 1111, height: 800, deviceScaleFactor: 1.5 }],
  ["phone, dpr 2", VIEWPORTS.phone],
]) {
  test(`canvases are crisp: ${name}`, async (t) => {
    const app = await openAppPage(t, options);
    assertCrisp(await canvases(app.page), name);
    // Mid-run the faint whole paths are drawn on the ghost layer, at full resolution.
    await app.seek(100);
    await app.page.waitForFunction(() => document.querySelector(".layer-ghost").width > 1);
    const ghost = (await canvases(app.page)).filter((c) => c.name === "layer-ghost");
    assert.ok(ghost.length === 1 && !ghost[0].blank);
    assertCrisp(await canvases(app.page), `${name}, mid-run`);
    await app.finish();
  });
}

test("the canvases follow a window resize and stay crisp", async (t) => {
  // Both widths have the charts beside the map (≥ 1200 px), so every canvas narrows.
  const app = await openAppPage(t, { width: 1600, height: 800, deviceScaleFactor: 2 });
  const before = await canvases(app.page);
  await app.page.setViewportSize({ width: 1250, height: 800 });
  await app.page.waitForFunction(
    (w) => document.querySelector("[data-testid=surface-canvas]").width < w,
    before.find((c) => c.name === "surface-canvas").width,
  );
  // The layers redraw on the next frames; then everything is sized again.
  await app.page.waitForFunction(
    (tol) =>
      [...document.querySelectorAll("canvas")].every(
        (c) =>
          (c.width === 1 && c.height === 1) ||
          Math.abs(c.width - devicePixelRatio * c.getBoundingClientRect().width) <= tol,
      ),
    2 * LAYOUT_UNIT,
  );
  const after = await canvases(app.page);
  assertCrisp(after, "after resizing to 1000 px");
  for (let i = 0; i < after.length; i++) {
    assert.ok(after[i].cssWidth < before[i].cssWidth, `${after[i].chart} ${after[i].name} did not shrink`);
  }
  // The heatmap was drawn again at the new size (its pixels fill the new plot).
  const rect = await app.plotRect();
  assert.ok(rect.right - rect.left > 300);
  await screenshot(app.page, "crisp-resized-1250", { fullPage: false });
  await app.finish();
});
