// Small accessibility rules: Escape closes the Export menu, the speed slider reads as steps per
// second, and a skip link takes the keyboard to the surface and playback.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, VIEWPORTS } from "./harness.mjs";
import { openAppPage } from "./app-page.mjs";

useBrowser();

test("Escape closes the Export menu and returns focus to it", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  const menu = app.page.locator("details.menu");
  await menu.locator("summary").click();
  assert.equal(await menu.evaluate((d) => d.open), true);
  await app.page.keyboard.press("Escape");
  assert.equal(await menu.evaluate((d) => d.open), false);
  assert.equal(await app.page.evaluate(() => document.activeElement?.tagName), "SUMMARY");
  await app.finish();
});

test("the speed slider says its value in steps per second", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  assert.equal(await app.speed.getAttribute("aria-valuetext"), "100 steps/s");
  await app.speed.fill("0");
  assert.equal(await app.speed.getAttribute("aria-valuetext"), "1 step/s");
  await app.finish();
});

test("the first Tab reaches a skip link to the surface and playback", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  await app.page.keyboard.press("Tab");
  const link = app.page.getByRole("link", { name: "Skip to the surface and playback" });
  assert.equal(await link.evaluate((a) => a === document.activeElement), true);
  const box = await link.boundingBox();
  assert.ok(box && box.y >= 0, "visible when focused");
  await app.page.keyboard.press("Enter");
  assert.equal(await app.page.evaluate(() => document.activeElement?.id), "stage");
  // The next Tab goes into the stage: the surface, then playback.
  await app.page.keyboard.press("Tab");
  assert.equal(
    await app.page.evaluate(() => document.getElementById("stage").contains(document.activeElement)),
    true,
  );
  await app.finish();
});
