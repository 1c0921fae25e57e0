// Charts below the fold are not drawn while off screen and something moves (playback, a
// slider), but are drawn before the page is laid out for print, and once the page is idle —
// so a full-page capture shows them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, screenshot, useBrowser } from "./harness.mjs";
import { openAppPage } from "./app-page.mjs";

useBrowser();

const CHART = "[data-testid=accumulator-chart] canvas";

/** Opens the app at the top of the page, with the accumulator chart below the fold. */
async function openTop(t, query) {
  const app = await openAppPage(t, { ...VIEWPORTS.desktop, query });
  await app.page.evaluate(() => window.scrollTo(0, 0));
  const offscreen = await app.page.evaluate(
    (sel) => document.querySelector(sel).getBoundingClientRect().top > innerHeight,
    CHART,
  );
  assert.ok(offscreen, "the accumulator chart starts below the fold");
  return app;
}

test("while playing, charts off screen wait; printing draws them", { timeout: 60_000 }, async (t) => {
  const app = await openTop(t, "steps=2000&speed=200&step=20");
  const rmsprop = await app.runColor("RMSProp");
  await app.playButton.click();
  // A second and a half of playback: the page is never idle, the chart never drawn.
  for (let i = 0; i < 6; i++) {
    await app.page.waitForTimeout(250);
    assert.equal((await app.colorMask(CHART, rmsprop)).count, 0, "not drawn while off screen");
  }
  await app.page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
  await app.page.waitForFunction(([sel, c]) => window.__lab.mask(sel, c).count > 0, [CHART, rmsprop]);
  await app.page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
  await app.finish();
});

test("once the page is idle, charts off screen catch up, for a full-page capture", { timeout: 60_000 }, async (t) => {
  const app = await openTop(t, "");
  const rmsprop = await app.runColor("RMSProp");
  await app.page.waitForFunction(([sel, c]) => window.__lab.mask(sel, c).count > 0, [CHART, rmsprop]);
  const drawn = await app.colorMask(CHART, rmsprop);
  // A change clears it (no stale picture) and draws it anew once things settle.
  await app.typeExact("RMSProp", "Decay", "0.5");
  await app.page.waitForFunction(
    ([sel, c, h]) => {
      const m = window.__lab.mask(sel, c);
      return m.count > 0 && m.hash !== h;
    },
    [CHART, rmsprop, drawn.hash],
  );
  assert.equal(await app.page.evaluate(() => window.scrollY), 0, "drawn without scrolling");
  await screenshot(app.page, "idle-full-page", { fullPage: true });
  await app.finish();
});
