// The first visit: with no state in the address, the welcome race plays from step 0 (the
// three default optimizers from below Rosenbrock's valley), with a hint that the start can be
// dragged; the hint goes when the start moves. A second visit, and every link, open as before.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, openApp, screenshot, useBrowser } from "./harness.mjs";
import { AppPage, DEFAULT_RUNS, installHelpers } from "./app-page.mjs";

useBrowser();

test("a first visit races from step 0 and hints at dragging the start", async (t) => {
  const page = await openApp(t, { ...VIEWPORTS.desktop, firstVisit: true });
  const app = new AppPage(page);
  await page.evaluate(installHelpers);
  for (const name of DEFAULT_RUNS) await app.run(name).waitFor();
  assert.equal(await app.playButton.getAttribute("aria-label"), "Pause", "the race plays at once");
  assert.deepEqual(await app.startFromScene(), [-1.8, -0.5]);
  const hint = page.getByRole("note").filter({ hasText: "Drag the start" });
  await hint.waitFor();
  // The race is seconds long: it is under way within one and over within ten.
  await app.waitForStep({ min: 50, max: 400 }, 2_000);
  await screenshot(page, "welcome-race");
  await app.waitForStep({ min: 1000 }, 10_000);
  assert.equal(await app.playButton.getAttribute("aria-label"), "Play", "the race stops at its end");
  // Moving the start (the arrow keys move it, as dragging does) dismisses the hint.
  await page.locator("[data-testid=surface-canvas]").focus();
  await page.keyboard.press("ArrowRight");
  await hint.waitFor({ state: "detached" });
  // The second visit opens the default scene, paused, with no hint.
  await page.goto(page.url().split("?")[0]);
  await page.waitForFunction(() => window.__trunkStarted);
  await app.run("RMSProp").waitFor();
  assert.deepEqual(await app.startFromScene(), [-1.5, 2]);
  assert.equal(await app.playButton.getAttribute("aria-label"), "Play");
  assert.equal(await page.getByRole("note").filter({ hasText: "Drag the start" }).count(), 0);
  await app.finish();
});

test("a link opens its own state on a first visit, without the race", async (t) => {
  const page = await openApp(t, { ...VIEWPORTS.desktop, firstVisit: true, query: "surface=beale&steps=200" });
  const app = new AppPage(page);
  await app.waitReady();
  assert.equal(await page.locator("#surface-select").inputValue(), "beale");
  assert.equal(await app.playButton.getAttribute("aria-label"), "Play");
  assert.equal(await page.getByRole("note").count(), 0);
  await app.finish();
});
