// The overlays explain themselves: a tooltip on each checkbox, and a key to the marks drawn
// for the overlays that are on.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, useBrowser } from "./harness.mjs";
import { openAppPage } from "./app-page.mjs";

useBrowser();

test("overlay checkboxes have tooltips, and a key lists the marks of the overlays on", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  const group = app.page.getByRole("group", { name: "Overlays" });
  for (const label of ["Contours", "Step vs −gradient", "Accumulator √v", "Gradient field"]) {
    const title = await group.locator("label", { hasText: label }).getAttribute("title");
    assert.ok(title && title.length > 10, `${label} has a tooltip`);
  }
  const key = app.page.getByRole("list", { name: "Overlay key" });
  assert.equal(await key.count(), 0, "no key while only contours are on");
  await app.page.getByLabel("Step vs −gradient").check();
  assert.deepEqual(await key.getByRole("listitem").allInnerTexts(), [
    "dashed white arrow: −g, straight downhill",
    "coloured arrow: the step the run took",
  ]);
  await app.page.getByLabel("Accumulator √v").check();
  await key.getByText("dashed box: √v per axis").waitFor();
  await app.page.getByLabel("Step vs −gradient").uncheck();
  await app.page.getByLabel("Accumulator √v").uncheck();
  await key.waitFor({ state: "detached" });
  await app.finish();
});
