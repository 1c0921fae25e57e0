// Framework presets show every framework whose defaults a run has, and the exact-value
// field reads back the exact value (never a rounded one).
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, VIEWPORTS } from "./harness.mjs";
import { openAppPage } from "./app-page.mjs";

useBrowser();

/** The preset buttons of `run` that are pressed, by name. */
async function pressedPresets(app, run) {
  return app
    .run(run)
    .getByRole("group", { name: "Framework defaults" })
    .getByRole("button")
    .evaluateAll((bs) => bs.filter((b) => b.getAttribute("aria-pressed") === "true").map((b) => b.textContent));
}

test("Adam with PyTorch's defaults shows optax's as matching too; Keras is told apart", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  await app.page.waitForFunction(() => document.querySelectorAll(".presets [aria-pressed=true]").length > 0);
  assert.deepEqual(await pressedPresets(app, "Adam"), ["PyTorch", "optax"]);
  await app.run("Adam").getByRole("button", { name: "Keras", exact: true }).click();
  const eps = app.exactField("Adam", "Epsilon");
  await eps.evaluate((el) => new Promise((done) => {
    const check = () => (el.value === "1e-7" ? done() : requestAnimationFrame(check));
    check();
  }));
  assert.deepEqual(await pressedPresets(app, "Adam"), ["Keras"]);
  // The RMSProp seed settings are optax's only.
  assert.deepEqual(await pressedPresets(app, "RMSProp"), ["optax"]);
  await app.finish();
});

test("the exact field shows every digit of a value, and a refusal names what was kept", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  await app.typeExact("RMSProp", "Decay", "0.99999999");
  assert.equal(await app.exactField("RMSProp", "Decay").inputValue(), "0.99999999");
  await app.typeExact("RMSProp", "Decay", "1.5");
  const error = await app.fieldError("RMSProp", "Decay");
  await error.getByText("kept 0.99999999").waitFor();
  // A slider move gives a short value, shown in full.
  await app.slider("RMSProp", "Learning rate").fill("500");
  const lr = await app.exactField("RMSProp", "Learning rate").inputValue();
  const digits = lr.split("e")[0].replace(/^[-0.]+/, "").replace(".", "").replace(/0+$/, "");
  assert.ok(digits.length <= 3 && Number.isFinite(Number(lr)), `a slider value in full: ${lr}`);
  await app.finish();
});
