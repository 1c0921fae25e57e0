// Switching surface keeps every run's settings (a tuned learning rate is the user's); the
// start and window follow the new surface.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, useBrowser } from "./harness.mjs";
import { openAppPage } from "./app-page.mjs";

useBrowser();

test("a surface switch keeps each run's settings", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  await app.typeExact("RMSProp", "Learning rate", "0.0213");
  await app.typeExact("Adam", "Beta2", "0.95");
  const adagrad = await app.exactField("AdaGrad", "Learning rate").inputValue();
  await app.surfaceSelect.selectOption("beale");
  await app.scene.getByText("start (").waitFor();
  assert.deepEqual(await app.startFromScene(), [1, 1.5]);
  assert.equal(await app.exactField("RMSProp", "Learning rate").inputValue(), "0.0213");
  assert.equal(await app.exactField("Adam", "Beta2").inputValue(), "0.95");
  assert.equal(await app.exactField("AdaGrad", "Learning rate").inputValue(), adagrad);
  await app.finish();
});
