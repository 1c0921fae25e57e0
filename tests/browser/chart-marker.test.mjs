// The charts' step marker follows a resize (it sits at the same step of the redrawn plot) and
// never widens the page, on screen or off.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, horizontalOverflow, useBrowser } from "./harness.mjs";

/** Content wider than the window, in CSS px (0 when none). */
async function overflow(page) {
  const { scrollWidth, innerWidth } = await horizontalOverflow(page);
  return Math.max(0, scrollWidth - innerWidth);
}
import { openAppPage } from "./app-page.mjs";

useBrowser();

/** The loss chart's marker as a fraction of its canvas's width, once it is visible. */
async function markerFraction(app) {
  const chart = app.lossChart.locator(".chart");
  await chart.scrollIntoViewIfNeeded();
  await app.page.waitForFunction(() => {
    const m = document.querySelector("[data-testid=loss-chart] .step-marker");
    return m && getComputedStyle(m).visibility === "visible";
  });
  return chart.evaluate((c) => {
    const m = c.querySelector(".step-marker").getBoundingClientRect();
    const r = c.getBoundingClientRect();
    return (m.left - r.left) / r.width;
  });
}

test("the chart step marker follows a resize and never widens the page", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  await app.timeline.fill("500"); // half way through the default 1000 steps
  const wide = await markerFraction(app);
  assert.ok(wide > 0.3 && wide < 0.8, `marker mid-plot: ${wide}`);
  // Narrow the window with the chart off screen, then bring it back.
  await app.page.evaluate(() => window.scrollTo(0, 0));
  for (const width of [700, 420]) {
    await app.page.setViewportSize({ width, height: 800 });
    await app.page.waitForTimeout(200);
    assert.equal(await overflow(app.page), 0, `no overflow at ${width}px`);
  }
  const narrow = await markerFraction(app);
  assert.ok(Math.abs(narrow - wide) < 0.12, `same step of the plot: ${wide} vs ${narrow}`);
  assert.equal(await overflow(app.page), 0);
  await app.finish();
});
