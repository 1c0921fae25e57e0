// A huge learning rate: the run shows "diverged at step N" and stops; the other runs go on
// and the app stays responsive. No input may panic the app (checked by finish()).
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, screenshot, useBrowser } from "./harness.mjs";
import { openAppPage } from "./app-page.mjs";

useBrowser();

test("SGD with learning rate 10 diverges; the others continue", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  await app.addRun("SGD");
  await app.typeExact("SGD", "Learning rate", "10");
  const entry = app.legendEntry("SGD");
  await entry.getByText(/diverged at step/).waitFor();
  // On Rosenbrock from (-1.5, 2) the 5th update overflows: `trace` gives diverged_at 5.
  assert.match(await entry.innerText(), /SGD\s+diverged at step 5$/);
  assert.equal(await app.runStatus("SGD").innerText(), "diverged at step 5");
  assert.match(await app.runStatus("SGD").getAttribute("class"), /\bdiverged\b/);
  for (const run of ["RMSProp", "AdaGrad", "Adam"]) {
    assert.match(await app.legendEntry(run).innerText(), /loss \d/, `${run} stopped too`);
  }

  // Responsive: playback runs, and the other runs' numbers move with it.
  await app.resetButton.click();
  const adamAt0 = await app.runStatus("Adam").innerText();
  await app.playButton.click();
  await app.waitForStep({ min: 20 });
  await app.playButton.click();
  assert.notEqual(await app.runStatus("Adam").innerText(), adamAt0);
  assert.equal(await app.runStatus("SGD").innerText(), "diverged at step 5");
  await app.stepButton.click();
  await app.seek(1000);
  // A sane rate again recovers the run.
  await app.typeExact("SGD", "Learning rate", "0.001");
  await entry.getByText(/^loss /).waitFor();
  await app.finish();
});

test("absurd learning rates never break the app", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  // 1e300 overflows at once; 1e6 stays finite but flies far off the window.
  await app.typeExact("RMSProp", "Learning rate", "1e300");
  await app.legendEntry("RMSProp").getByText("diverged at step 2").waitFor();
  const adam = await app.runStatus("Adam").innerText();
  await app.typeExact("Adam", "Learning rate", "1e6");
  await app.typeExact("AdaGrad", "Learning rate", "1e+200");
  await app.typeExact("AdaGrad", "Epsilon", "0");
  await app.page.waitForFunction(
    (before) => document.querySelector("[aria-label='Adam'] .run-status").textContent !== before,
    adam,
  );
  assert.equal(Number(await app.exactField("Adam", "Learning rate").inputValue()), 1e6);
  // Every status reads as a loss or a divergence, never NaN.
  for (const run of ["RMSProp", "AdaGrad", "Adam"]) {
    const status = await app.runStatus(run).innerText();
    assert.match(status, /^(loss \S+|diverged at step \d+)/, `${run}: ${status}`);
    assert.doesNotMatch(status, /NaN|undefined/i, `${run}: ${status}`);
  }
  // Still responsive: scrub, step, play, switch surface.
  await app.seek(3);
  await app.stepButton.click();
  assert.equal(await app.currentStep(), 4);
  await app.surfaceSelect.selectOption("saddle");
  await app.scene.getByText("x^2 - y^2").waitFor();
  await app.playButton.click();
  await app.waitForStep({ min: 10 });
  await app.playButton.click();
  await app.finish();
});

test("saddle: an unbounded surface drives the loss to −∞ without breaking anything", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  await app.surfaceSelect.selectOption("saddle");
  await app.stepsField.fill("10000");
  await app.stepsField.press("Enter");
  await app.page.waitForFunction(() => /\/\s*10000/.test(document.querySelector("[data-testid=step-counter]").textContent));
  // Linear loss axis (no minimum to measure from), values up to ±1e300 and beyond.
  const rates = { RMSProp: "5", AdaGrad: "1e150", Adam: "1e160" };
  for (const [run, lr] of Object.entries(rates)) await app.typeExact(run, "Learning rate", lr);
  await app.seek(10000);
  for (const run of ["RMSProp", "AdaGrad", "Adam"]) {
    const status = await app.runStatus(run).innerText();
    assert.match(status, /^(loss -?\S+|diverged at step \d+)/, `${run}: ${status}`);
  }
  await screenshot(app.page, "divergence-saddle-huge-rates");
  await app.finish();
});
