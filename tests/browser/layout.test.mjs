// Layout: on common laptop and desktop windows the whole surface and the playback bar are in
// view together without scrolling (you press Play and watch); the surface stays large.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, screenshot, useBrowser } from "./harness.mjs";
import { openAppPage } from "./app-page.mjs";

useBrowser();

async function inView(app) {
  const surface = await app.pathsCanvas.boundingBox();
  const bar = await app.playback.boundingBox();
  const { innerWidth, innerHeight } = await app.page.evaluate(() => ({
    innerWidth,
    innerHeight,
  }));
  return { surface, bar, innerWidth, innerHeight };
}

for (const [width, height] of [
  [1280, 800],
  [1366, 768],
  [1440, 900],
  [1920, 1080],
]) {
  test(`${width}×${height}: the surface and Play are in view together`, async (t) => {
    const app = await openAppPage(t, { width, height });
    const { surface, bar, innerHeight } = await inView(app);
    assert.ok(surface.y >= 0 && surface.y + surface.height <= innerHeight, `surface ${JSON.stringify(surface)}`);
    assert.ok(bar.y + bar.height <= innerHeight, `playback bar ends at ${bar.y + bar.height} > ${innerHeight}`);
    assert.ok(surface.height >= 0.6 * innerHeight, `surface only ${surface.height} px tall`);
    // Centred in its panel when the height is what limits it.
    const panel = await app.page.getByRole("region", { name: "Surface" }).boundingBox();
    const left = surface.x - panel.x;
    const right = panel.x + panel.width - (surface.x + surface.width);
    assert.ok(Math.abs(left - right) <= 1.5, `off centre: ${left} vs ${right}`);
    await screenshot(app.page, `layout-${width}x${height}`, { fullPage: false });
    await app.finish();
  });
}

test("phone: the surface uses the full width", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.phone);
  const { surface, innerWidth } = await inView(app);
  assert.ok(surface.width >= innerWidth - 50, `surface ${surface.width} px wide of ${innerWidth}`);
  await app.finish();
});

test("a taller window gets a taller surface", async (t) => {
  const app = await openAppPage(t, { width: 1600, height: 700 });
  const small = (await inView(app)).surface;
  await app.page.setViewportSize({ width: 1600, height: 1000 });
  await app.page.waitForFunction(
    (h) => document.querySelector("[data-testid=surface-canvas]").getBoundingClientRect().height > h + 100,
    small.height,
  );
  const { surface, bar, innerHeight } = await inView(app);
  assert.ok(bar.y + bar.height <= innerHeight);
  assert.ok(surface.width > small.width);
  await app.finish();
});

test("every width from 390 to 2560 px: no horizontal overflow, with every settings panel open", async (t) => {
  const app = await openAppPage(t, { width: 1280, height: 800 });
  // At 1280×800 the loss and effective-rate charts are beside the map, in view.
  for (const chart of [app.lossChart, app.effLrChart]) {
    const box = await chart.locator("canvas").boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= 800, `${JSON.stringify(box)}`);
  }
  await app.addRun("NAdam");
  for (const d of await app.page.locator("details").all()) await d.evaluate((el) => (el.open = true));
  await app.surfaceSelect.selectOption("data:logistic_regression");
  for (const width of [390, 768, 900, 1024, 1280, 1920, 2560]) {
    await app.page.setViewportSize({ width, height: 900 });
    await app.frames(3);
    const { scrollWidth, innerWidth } = await app.page.evaluate(() => ({
      scrollWidth: document.scrollingElement.scrollWidth,
      innerWidth,
    }));
    assert.ok(scrollWidth <= innerWidth, `${width} px: ${scrollWidth} px of content`);
  }
  await app.finish();
});
