// Back and Forward: a change that replaces the scene (another surface, a lesson) gets its own
// history entry, so Back shows the scene before; smaller changes rewrite the current entry.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, useBrowser } from "./harness.mjs";
import { openAppPage } from "./app-page.mjs";

useBrowser();

test("Back returns to the scene before a surface switch or a lesson, Forward goes again", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  const page = app.page;
  const entries = await page.evaluate(() => history.length);

  // A slider move is not a new scene: it rewrites the entry.
  await app.typeExact("RMSProp", "Learning rate", "0.02");
  await page.waitForFunction(() => location.search.includes("lr=0.02"));
  assert.equal(await page.evaluate(() => history.length), entries);

  await app.surfaceSelect.selectOption("beale");
  await page.waitForFunction(() => location.search.includes("surface=beale"));
  assert.equal(await page.evaluate(() => history.length), entries + 1);
  await page.getByRole("button", { name: "Decay: long memory vs sign descent" }).click();
  await page.waitForFunction(() => location.search.includes("surface=bowl"));

  await page.goBack();
  await page.waitForFunction(() => document.querySelector("#surface-select").value === "beale");
  await page.goBack();
  await page.waitForFunction(() => document.querySelector("#surface-select").value === "rosenbrock");
  assert.equal(await app.exactField("RMSProp", "Learning rate").inputValue(), "0.02", "the entry kept its last state");
  await page.goForward();
  await page.waitForFunction(() => document.querySelector("#surface-select").value === "beale");
  // Coming back does not add entries of its own.
  assert.equal(await page.evaluate(() => history.length), entries + 2);
  await app.finish();
});
