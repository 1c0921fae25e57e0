// Typed values that are not numbers, out of range or empty are refused beside the field, and
// the last good value stays (the slider, the path and the run's loss do not move).
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, useBrowser } from "./harness.mjs";
import { openAppPage } from "./app-page.mjs";

useBrowser();

const CASES = [
  ["Learning rate", "abc", /'abc' is not a number/],
  ["Learning rate", "", /enter a number/],
  ["Learning rate", "0", /> 0/],
  ["Learning rate", "-0.5", /> 0/],
  ["Learning rate", "1e999", /finite/],
  ["Decay", "1", /\[0, 1\)/],
  ["Decay", "1.5", /\[0, 1\)/],
  ["Decay", "0.9.1", /not a number/],
  ["Epsilon", "-1e-9", /≥ 0/],
  ["Epsilon", "   ", /enter a number/],
];

test("invalid values are refused with a message and the value stays", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  const run = "RMSProp";
  for (const [label, text, message] of CASES) {
    const slider = app.slider(run, label);
    const field = app.exactField(run, label);
    const kept = await field.inputValue();
    const position = await slider.inputValue();
    const path = await app.pathMask(run);
    const status = await app.runStatus(run).innerText();

    await app.typeExact(run, label, text);
    const error = await app.fieldError(run, label);
    await error.waitFor({ state: "visible" });
    const shown = await error.innerText();
    assert.match(shown, message, `${label} "${text}"`);
    assert.match(shown, new RegExp(`^${label}: .*kept ${kept.replace(/[.+]/g, "\\$&")}$`));
    assert.equal(await field.getAttribute("aria-invalid"), "true");
    // The message sits beside (under) its field, inside the run's card.
    const fb = await field.boundingBox();
    const eb = await error.boundingBox();
    assert.ok(eb.y >= fb.y + fb.height - 1 && eb.y - (fb.y + fb.height) < 20, "message under the field");

    await app.frames(3);
    assert.equal(await slider.inputValue(), position, `${label} "${text}" moved the slider`);
    assert.equal((await app.pathMask(run)).hash, path.hash, `${label} "${text}" changed the path`);
    assert.equal(await app.runStatus(run).innerText(), status);

    // A good value clears the message and applies.
    await app.typeExact(run, label, kept);
    await error.waitFor({ state: "hidden" });
    assert.equal(await field.getAttribute("aria-invalid"), "false");
    assert.equal(await field.inputValue(), kept);
  }
  await app.finish();
});

test("a valid typed value is applied exactly, beyond the slider's range too", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  const before = await app.pathMask("Adam");
  await app.typeExact("Adam", "Learning rate", "0.0123456");
  await app.waitForPathChange("Adam", before);
  assert.equal(await app.exactField("Adam", "Learning rate").inputValue(), "0.0123456");
  // The text field accepts any lr > 0; the slider pins at its end.
  await app.typeExact("Adam", "Learning rate", "25");
  await app.page.waitForFunction(
    () => document.querySelector("[role=group][aria-label=Adam] input[type=range]").value === "1000",
  );
  assert.equal(await app.exactField("Adam", "Learning rate").inputValue(), "25");
  assert.equal(await (await app.fieldError("Adam", "Learning rate")).innerText(), "");
  await app.finish();
});

test("the number of steps refuses values outside 10…10000", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  const error = app.scene.getByRole("alert");
  for (const text of ["5", "20000", "12.5", ""]) {
    await app.stepsField.fill(text);
    await app.stepsField.press("Enter");
    await error.waitFor({ state: "visible" });
    assert.match(await error.innerText(), /Steps must be a whole number from 10 to 10000; kept 1000/);
    assert.equal((await app.stepInfo()).max, 1000, `"${text}" changed the steps`);
  }
  await app.stepsField.fill("50");
  await app.stepsField.press("Enter");
  await error.waitFor({ state: "hidden" });
  await app.page.waitForFunction(() => /\/\s*50\b/.test(document.querySelector("[data-testid=step-counter]").textContent));
  assert.deepEqual(await app.stepInfo(), { step: 50, max: 50 });
  await app.finish();
});
