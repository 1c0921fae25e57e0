// During playback the address bar keeps up (throttled), so a link copied mid-run is the
// state on screen.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, useBrowser } from "./harness.mjs";
import { openAppPage } from "./app-page.mjs";

useBrowser();

const stepInUrl = (page) =>
  page.evaluate(() => Number(new URLSearchParams(location.search).get("step") ?? "-1"));

test("the URL's step follows playback while it plays", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  await app.resetButton.click();
  await app.speed.fill("400"); // a few dozen steps per second: the run lasts many seconds
  await app.playButton.click();
  await app.page.waitForFunction(() => Number(new URLSearchParams(location.search).get("step")) > 0);
  const first = await stepInUrl(app.page);
  await app.page.waitForFunction(
    (s) => Number(new URLSearchParams(location.search).get("step")) > s,
    first,
  );
  assert.equal(await app.playButton.getAttribute("aria-label"), "Pause", "still playing");
  await app.playButton.click();
  await app.finish();
});
