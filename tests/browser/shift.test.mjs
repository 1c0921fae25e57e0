// A shifting objective: the Scene control, the heatmap and minima of the objective in force
// at the playback step, the mark on the timeline and charts, links, and bad values refused.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, screenshot, useBrowser } from "./harness.mjs";
import { openAppPage } from "./app-page.mjs";
import { waitForUrl } from "./share_helpers.mjs";

useBrowser();

const BASE = ".surface-view canvas.layer-base";

test("a shift set in the Scene panel moves the heatmap at its step and goes to the URL", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  await app.seek(0);
  const before = await app.canvasHash(BASE);
  await app.page.getByLabel("Shift the objective").check();
  const fields = app.page.getByRole("group", { name: "Shift" });
  assert.equal(await fields.getByLabel("Shift k").inputValue(), "500");
  await waitForUrl(app.page, (s) => s.includes("shift=500,0.01,0.5,-0.5"));
  // Before step 500 the heatmap is the surface's own; from 500 on, the shifted one.
  assert.equal(await app.canvasHash(BASE), before, "step 0 still shows f");
  await app.seek(600);
  await app.waitForCanvasChange(BASE, before);
  await app.seek(100);
  await app.waitForCanvasHash(BASE, before);
  // The mark sits half-way along the timeline.
  const mark = await app.page.getByTestId("shift-mark").boundingBox();
  const track = await app.timeline.boundingBox();
  const at = (mark.x + mark.width / 2 - track.x) / track.width;
  assert.ok(Math.abs(at - 0.5) < 0.03, `mark at ${at} of the timeline`);
  // Bad values are refused, naming the field, and the shift stays as it was.
  await fields.getByLabel("Shift s").fill("-2");
  await fields.getByLabel("Shift s").press("Enter");
  await app.page.getByText("shift scale: must be > 0 (got -2); kept the last value").waitFor();
  await fields.getByLabel("Shift k").fill("1000");
  await fields.getByLabel("Shift k").press("Enter");
  await app.page.getByText("shift step: a whole number from 1 to 999").waitFor();
  // The refused text stays for correcting; the shift itself is unchanged.
  await app.page.waitForTimeout(400);
  assert.match(new URL(app.page.url()).search, /shift=500,0.01,0.5,-0.5/);
  await fields.getByLabel("Shift k").fill("250");
  await fields.getByLabel("Shift k").press("Enter");
  await waitForUrl(app.page, (s) => s.includes("shift=250,0.01,0.5,-0.5"));
  await screenshot(app.page, "shift-scene", { fullPage: false });
  await app.page.getByLabel("Shift the objective").uncheck();
  await waitForUrl(app.page, (s) => !s.includes("shift="));
  await app.finish();
});

test("the shift lesson opens with its shift; a link with a bad shift is refused with a notice", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  await app.page.locator(".lessons").getByRole("button", { name: "RMSProp forgets, AdaGrad cannot" }).click();
  await app.page.getByTestId("shift-mark").waitFor();
  await waitForUrl(app.page, (s) => /shift=\d+,/.test(s));
  await app.finish();
  const bad = await openAppPage(t, { ...VIEWPORTS.desktop, query: "shift=5000,0.01,0,0&steps=1000" });
  await bad.notice.getByText("shift").waitFor();
  assert.equal(await bad.page.getByTestId("shift-mark").count(), 0);
  await bad.finish();
});
