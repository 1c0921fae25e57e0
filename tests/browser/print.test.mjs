// Printing: charts below the fold (not drawn while off screen) are drawn before the page is
// laid out for print.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, useBrowser } from "./harness.mjs";
import { openAppPage } from "./app-page.mjs";

useBrowser();

test("charts off screen are drawn when the page is printed", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  const chart = "[data-testid=accumulator-chart] canvas";
  const rmsprop = await app.runColor("RMSProp");
  // Off screen at the top of the page: the chart has not drawn the runs' lines yet.
  await app.page.evaluate(() => window.scrollTo(0, 0));
  const offscreen = await app.page.evaluate(
    (sel) => document.querySelector(sel).getBoundingClientRect().top > innerHeight,
    chart,
  );
  assert.ok(offscreen, "the accumulator chart starts below the fold");
  assert.equal((await app.colorMask(chart, rmsprop)).count, 0, "not drawn while off screen");
  await app.page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
  await app.page.waitForFunction(
    ([sel, c]) => window.__lab.mask(sel, c).count > 0,
    [chart, rmsprop],
  );
  await app.page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
  await app.finish();
});
