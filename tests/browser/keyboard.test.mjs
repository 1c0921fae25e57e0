// Keyboard: space plays and pauses, → steps, Home resets; not while typing in a field.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, useBrowser } from "./harness.mjs";
import { openAppPage } from "./app-page.mjs";

useBrowser();

test("space, → and Home drive playback", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  const kb = app.page.keyboard;
  await app.page.locator("h1").click(); // focus on the page, not a control
  await kb.press("Home");
  assert.equal(await app.currentStep(), 0);
  await kb.press("ArrowRight");
  await kb.press("ArrowRight");
  assert.equal(await app.currentStep(), 2);

  await kb.press("Space");
  assert.equal(await app.playButton.getAttribute("aria-label"), "Pause");
  await app.waitForStep({ min: 10 });
  await kb.press("Space");
  assert.equal(await app.playButton.getAttribute("aria-label"), "Play");
  const paused = await app.currentStep();
  await app.frames(10);
  assert.equal(await app.currentStep(), paused);
  // Space must not scroll the page either.
  assert.equal(await app.page.evaluate(() => scrollY), 0);

  await kb.press("Home");
  assert.equal(await app.currentStep(), 0);
  await app.finish();
});

test("keys typed into a text field stay in the field", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  await app.seek(500);
  const field = app.exactField("RMSProp", "Learning rate");
  await field.click();
  for (const key of ["Home", "ArrowRight", "Space", "ArrowRight"]) await field.press(key);
  await app.frames(5);
  assert.equal(await app.currentStep(), 500);
  assert.equal(await app.playButton.getAttribute("aria-label"), "Play");
  assert.equal(await field.inputValue(), "0 .01", "the keys edited the field");
  await app.finish();
});

test("after clicking a playback button, → and Home still work", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  await app.resetButton.click();
  await app.stepButton.click();
  assert.equal(await app.currentStep(), 1);
  // Focus is on the Step button now: → and Home mean nothing to a button.
  await app.page.keyboard.press("ArrowRight");
  assert.equal(await app.currentStep(), 2);
  await app.page.keyboard.press("Home");
  assert.equal(await app.currentStep(), 0);
  // Space after a click plays and pauses; it does not press the clicked button again.
  await app.page.keyboard.press("Space");
  assert.equal(await app.playButton.getAttribute("aria-label"), "Pause");
  await app.page.keyboard.press("Space");
  assert.equal(await app.playButton.getAttribute("aria-label"), "Play");
  await app.finish();
});

test("Space presses a button reached with Tab, and does nothing on a slider reached so", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  await app.resetButton.click();
  // Tab from Reset reaches Play; Space presses it (it plays), Tab on to Step, Space steps.
  await app.page.keyboard.press("Tab");
  assert.equal(await app.playButton.evaluate((b) => b === document.activeElement), true);
  await app.page.keyboard.press("Space");
  assert.equal(await app.playButton.getAttribute("aria-label"), "Pause");
  await app.page.keyboard.press("Space");
  assert.equal(await app.playButton.getAttribute("aria-label"), "Play");
  await app.seek(0);
  await app.stepButton.focus();
  await app.page.keyboard.press("Tab");
  await app.page.keyboard.press("Shift+Tab");
  assert.equal(await app.stepButton.evaluate((b) => b === document.activeElement), true);
  await app.page.keyboard.press("Space");
  assert.equal(await app.currentStep(), 1, "Space pressed Step once");
  assert.equal(await app.playButton.getAttribute("aria-label"), "Play");
  // Tab on to the timeline: a slider reached from the keyboard keeps Space (nothing plays).
  await app.page.keyboard.press("Tab");
  assert.equal(await app.timeline.evaluate((el) => el === document.activeElement), true);
  await app.page.keyboard.press("Space");
  await app.frames(3);
  assert.equal(await app.playButton.getAttribute("aria-label"), "Play");
  assert.equal(await app.currentStep(), 1);
  await app.finish();
});

test("on a slider, arrows and Home move the slider; Space still plays", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  await app.seek(400); // focus is on the timeline now
  await app.timeline.press("ArrowRight");
  assert.equal(await app.currentStep(), 401, "→ moves the timeline by one");
  await app.timeline.press("Space");
  assert.equal(await app.playButton.getAttribute("aria-label"), "Pause");
  await app.waitForStep({ min: 410 });
  await app.timeline.press("Space");
  assert.equal(await app.playButton.getAttribute("aria-label"), "Play");

  // On a run's slider, → moves that slider, not playback.
  const step = await app.currentStep();
  const lr = app.slider("Adam", "Learning rate");
  const position = Number(await lr.inputValue());
  await lr.press("ArrowRight");
  assert.equal(Number(await lr.inputValue()), position + 1);
  assert.equal(await app.currentStep(), step);
  await app.finish();
});
