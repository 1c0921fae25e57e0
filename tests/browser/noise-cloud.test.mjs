// A noisy run's cloud of seeds: drawn on the paths layer up to the playback step, as the
// run's own path is (the dots where each seed is at that step are checked by eye).
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, useBrowser } from "./harness.mjs";
import { openAppPage } from "./app-page.mjs";

useBrowser();

/** Installs `window.__cloudPixels(color)`: pixels of the paths layer in `color` at the
 * cloud's partial opacity (the run's own line is opaque, its halo black). */
function installCounter(app) {
  return app.page.evaluate(() => {
    window.__cloudPixels = (color) => {
      const d = window.__lab.pixels(document.querySelector("[data-testid=surface-canvas]"));
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
      let n = 0;
      for (let i = 0; i < d.length; i += 4) {
        const dist = Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b);
        if (d[i + 3] >= 100 && d[i + 3] <= 200 && dist <= 40) n++;
      }
      return n;
    };
  });
}

const cloudPixels = (app, color) => app.page.evaluate((c) => window.__cloudPixels(c), color);

test("a noise cloud is drawn on the paths layer up to the playback step", async (t) => {
  const app = await openAppPage(t, { ...VIEWPORTS.desktop, query: "noise=40&steps=1000&step=150" });
  await installCounter(app);
  const color = await app.runColor("Adam"); // the last run: no other cloud covers its own
  assert.equal(await cloudPixels(app, color), 0, "no cloud yet");
  const before = await app.canvasHash("[data-testid=surface-canvas]");
  await app.page.locator('select[aria-label="Cloud of paths"]').selectOption("16");
  await app.waitForCanvasChange("[data-testid=surface-canvas]", before);
  const early = await cloudPixels(app, color);
  assert.ok(early > 20, `${early} cloud pixels at step 150`);
  // Played on, the cloud has grown with the step.
  await app.seek(600);
  await app.page.waitForFunction(([c, n]) => window.__cloudPixels(c) > n, [color, early]);
  const late = await cloudPixels(app, color);
  assert.ok(late > early, `cloud pixels: ${early} at step 150, ${late} at step 600`);
  await app.finish();
});
