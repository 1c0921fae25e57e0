// Custom formula surfaces: errors with their position that keep the previous surface, a good
// formula that draws and runs, the window control, undefined regions in grey, and formulas in
// the URL.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, assertNoConsoleErrors, openApp, screenshot, useBrowser } from "./harness.mjs";
import { canvasData, waitForUrl } from "./share_helpers.mjs";

useBrowser();

/** The RGB of the heatmap at world point (x, y), read from the base layer. */
async function heatmapAt(page, [x, y], [[x0, x1], [y0, y1]]) {
  return page.locator(".layer-base").evaluate(
    (c, { x, y, x0, x1, y0, y1 }) => {
      // The plot's margins in CSS px (surface_view.rs): left 42, right 10, top 8, bottom 40.
      const k = c.width / c.clientWidth;
      const [w, h] = [c.clientWidth - 52, c.clientHeight - 48];
      const px = (42 + ((x - x0) / (x1 - x0)) * w) * k;
      const py = (8 + ((y1 - y) / (y1 - y0)) * h) * k;
      // Read from a copy made for reading, so the page's canvas never becomes a readback one.
      const copy = document.createElement("canvas");
      [copy.width, copy.height] = [c.width, c.height];
      const ctx = copy.getContext("2d", { willReadFrequently: true });
      ctx.drawImage(c, 0, 0);
      return [...ctx.getImageData(Math.round(px), Math.round(py), 1, 1).data.slice(0, 3)];
    },
    { x, y, x0, x1, y0, y1 },
  );
}

test("a bad formula shows where it is wrong and keeps the surface", { timeout: 60_000 }, async (t) => {
  const page = await openApp(t, VIEWPORTS.desktop);
  await page.selectOption("#surface-select", "custom");
  const input = page.locator("#formula-input");
  // Custom starts from the current surface's formula, so the picture is unchanged.
  assert.equal(await input.inputValue(), "(1 - x)^2 + 100*(y - x^2)^2");
  const search = await waitForUrl(page, (s) => s.includes("f=(1 - x)^2"));
  const before = await canvasData(page, ".layer-base");

  await input.fill("x^2 + sinn(y)");
  // Checked while typing, before it is applied.
  const error = page.locator("#formula-error");
  await error.getByText("at position 6: unknown name 'sinn'").waitFor();
  assert.equal(await page.locator(".formula-caret").innerText(), "x^2 + sinn(y)\n      ^");
  assert.equal(await input.getAttribute("aria-invalid"), "true");
  await input.press("Enter");
  await page.getByRole("button", { name: "Draw" }).click();
  await screenshot(page, "formula-error-desktop");
  await page.waitForTimeout(500); // past the URL's delay: nothing may change
  assert.equal(new URL(page.url()).search, search);
  assert.ok((await canvasData(page, ".layer-base")) === before, "the heatmap changed");

  for (const [text, position] of [["x^", 2], ["2x", 1], ["(x + y", 0]]) {
    await input.fill(text);
    await error.getByText(`at position ${position}:`).waitFor();
  }
  await assertNoConsoleErrors(page);
});

test("a good formula draws and runs; the window follows its fields", { timeout: 60_000 }, async (t) => {
  const page = await openApp(t, VIEWPORTS.desktop);
  await page.selectOption("#surface-select", "custom");
  const before = await canvasData(page, ".layer-base");
  const input = page.locator("#formula-input");
  await input.fill("(x - 1)^2 + 3*(y + 0.5)^2");
  await input.press("Enter");
  await waitForUrl(page, (s) => s.includes("f=(x - 1)^2 + 3*(y + 0.5)^2&window=-2,2,-1,3"));
  assert.equal(await page.locator("#formula-error").innerText(), "");
  assert.ok((await canvasData(page, ".layer-base")) !== before, "the heatmap did not change");
  // The runs ran on it: every legend line has a loss, none diverged.
  const statuses = await page.locator(".legend .run-status").allInnerTexts();
  assert.equal(statuses.length, 3);
  for (const s of statuses) assert.match(s, /^loss /);
  // The darkest point of the heatmap is the minimum, (1, -0.5).
  const window = [[-2, 2], [-1, 3]];
  const low = await heatmapAt(page, [1, -0.5], window);
  const high = await heatmapAt(page, [-1.9, 2.9], window);
  assert.ok(low[0] + low[1] + low[2] < high[0] + high[1] + high[2], `${low} vs ${high}`);

  await page.getByLabel("x from").fill("-1");
  await page.getByLabel("x from").press("Enter");
  await waitForUrl(page, (s) => s.includes("window=-1,2,-1,3"));
  await page.getByLabel("y to").fill("-5");
  await page.getByLabel("y to").press("Enter");
  await page.getByText("Window: y range must increase (got -1 to -5)").waitFor();
  await page.waitForTimeout(500);
  assert.match(decodeURIComponent(page.url()), /window=-1,2,-1,3/);
  await screenshot(page, "formula-good-desktop");
  await assertNoConsoleErrors(page);
});

test("undefined regions are grey and stop runs; formulas come from links", { timeout: 60_000 }, async (t) => {
  const query = "f=log(x)+y^2&window=-1,3,-2,2&start=-0.5,1";
  const page = await openApp(t, { ...VIEWPORTS.phone, query });
  assert.equal(await page.locator("#surface-select").inputValue(), "custom");
  assert.equal(await page.locator("#formula-input").inputValue(), "log(x)+y^2");
  await page.getByText("Grey: f is undefined there").waitFor();
  const window = [[-1, 3], [-2, 2]];
  assert.deepEqual(await heatmapAt(page, [-0.5, 0], window), [96, 96, 96]);
  assert.notDeepEqual(await heatmapAt(page, [1.5, 0], window), [96, 96, 96]);
  // Every run starts where f is undefined: each says so (it stops before its first update).
  const statuses = await page.locator(".legend .run-status").allInnerTexts();
  assert.deepEqual(statuses, Array(3).fill("stopped: f is undefined at the start"));
  await page.locator(".sidebar .panel").first().scrollIntoViewIfNeeded();
  await screenshot(page, "formula-undefined-phone");
  await assertNoConsoleErrors(page);
});

for (const [formula, words] of [
  ["sqrt(-1)", "f is undefined everywhere in this window"],
  ["1/0", "f is infinite or undefined everywhere in this window"],
]) {
  test(`a formula with no value anywhere says so: ${formula}`, async (t) => {
    const page = await openApp(t, { ...VIEWPORTS.desktop, query: `f=${encodeURIComponent(formula)}&window=-2,2,-2,2` });
    assert.equal(await page.locator("#formula-input").inputValue(), formula);
    await page.locator(".undefined-note").getByText(words).waitFor();
    await assertNoConsoleErrors(page);
  });
}
