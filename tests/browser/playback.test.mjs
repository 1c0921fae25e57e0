// Playback: play advances the step counter, pause stops it, step advances by exactly one,
// reset returns to 0; the timeline and speed; the same step always draws the same picture.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, useBrowser } from "./harness.mjs";
import { openAppPage } from "./app-page.mjs";

useBrowser();

const PATHS = "[data-testid=surface-canvas]";

test("play advances, pause stops, step adds exactly one, reset returns to 0", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  await app.resetButton.click();
  assert.equal(await app.currentStep(), 0);
  await app.stepButton.click();
  assert.equal(await app.currentStep(), 1);
  await app.stepButton.click();
  assert.equal(await app.currentStep(), 2);

  await app.playButton.click();
  assert.equal(await app.playButton.getAttribute("aria-label"), "Pause");
  await app.waitForStep({ min: 12 });
  await app.playButton.click();
  assert.equal(await app.playButton.getAttribute("aria-label"), "Play");
  const paused = await app.currentStep();
  await app.frames(20);
  assert.equal(await app.currentStep(), paused, "the counter moved while paused");

  await app.stepButton.click();
  assert.equal(await app.currentStep(), paused + 1);

  await app.playButton.click();
  await app.waitForStep({ min: paused + 5 });
  await app.resetButton.click();
  assert.equal(await app.currentStep(), 0);
  assert.equal(await app.playButton.getAttribute("aria-label"), "Play", "reset stops playback");
  await app.frames(10);
  assert.equal(await app.currentStep(), 0);
  await app.finish();
});

test("at the end: step stays, play starts over, playback stops by itself", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  const { step, max } = await app.stepInfo();
  assert.equal(step, max, "the whole runs are shown at first");
  await app.stepButton.click();
  assert.equal(await app.currentStep(), max, "step went past the end");

  // Play at the end starts from 0 again.
  await app.playButton.click();
  await app.waitForStep({ min: 1, max: max / 2 });
  await app.playButton.click();

  // With few steps and the fastest speed, playback reaches the end and stops.
  await app.stepsField.fill("60");
  await app.stepsField.press("Enter");
  await app.speed.fill("1000");
  assert.match(await app.playback.innerText(), /2000 steps\/s/);
  await app.resetButton.click();
  await app.playButton.click();
  await app.waitForStep({ min: 60 });
  await app.page.waitForFunction(() => document.querySelector(".playback .play").ariaLabel === "Play");
  assert.deepEqual(await app.stepInfo(), { step: 60, max: 60 });
  await app.finish();
});

test("the timeline jumps; paths are drawn up to the step, the same way every time", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  const full = await app.pathMask("RMSProp");
  const fullPicture = await app.canvasHash(PATHS);
  await app.seek(0);
  await app.waitForPathChange("RMSProp", full);
  const atStart = await app.pathMask("RMSProp");
  assert.ok(atStart.count < full.count, `step 0 draws less (${atStart.count} < ${full.count})`);

  await app.seek(300);
  await app.frames(2);
  const at300 = await app.canvasHash(PATHS);
  await app.seek(700);
  await app.waitForCanvasChange(PATHS, at300);
  await app.seek(300);
  await app.frames(2);
  assert.equal(await app.canvasHash(PATHS), at300, "step 300 drew a different picture the second time");

  // Reached by playing instead of seeking: the same picture again.
  await app.seek(290);
  await app.speed.fill("0"); // 1 step per second: the pause lands near 300
  await app.playButton.click();
  await app.waitForStep({ min: 291 });
  await app.playButton.click();
  const stopped = await app.currentStep();
  await app.seek(1000);
  assert.equal(await app.canvasHash(PATHS), fullPicture);
  await app.seek(stopped);
  const replay = await app.canvasHash(PATHS);
  await app.seek(stopped - 1);
  await app.stepButton.click();
  assert.equal(await app.currentStep(), stopped);
  await app.frames(2);
  assert.equal(await app.canvasHash(PATHS), replay);
  await app.finish();
});

test("changing a control while playing keeps playing from the current step", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  await app.resetButton.click();
  await app.playButton.click();
  await app.waitForStep({ min: 20 });
  const before = await app.currentStep();
  await app.slider("Adam", "Learning rate").fill("800");
  await app.frames(5);
  assert.equal(await app.playButton.getAttribute("aria-label"), "Pause", "a slider stopped playback");
  await app.waitForStep({ min: before + 10 });
  await app.playButton.click();
  await app.finish();
});
