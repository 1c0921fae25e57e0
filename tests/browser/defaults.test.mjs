// The page as it first loads: three runs from one start, each labelled and drawn.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, screenshot, useBrowser } from "./harness.mjs";
import { DEFAULT_RUNS, openAppPage } from "./app-page.mjs";

useBrowser();

test("loads with RMSProp, AdaGrad and Adam, labelled, coloured and drawn", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  assert.deepEqual(await app.runNames(), DEFAULT_RUNS);

  // The seed settings: RMSProp with decay 0.9 and ε = 1e-8 inside the root.
  assert.equal(await app.exactField("RMSProp", "Decay").inputValue(), "0.9");
  assert.equal(await app.exactField("RMSProp", "Epsilon").inputValue(), "1e-8");
  await app.run("RMSProp").getByText("More settings").click();
  assert.equal(await app.run("RMSProp").getByLabel("Epsilon placement").inputValue(), "inside");
  for (const run of DEFAULT_RUNS) {
    for (const label of ["Learning rate", "Epsilon"]) {
      await app.slider(run, label).waitFor();
      const exact = Number(await app.exactField(run, label).inputValue());
      assert.ok(Number.isFinite(exact) && exact > 0, `${run} ${label}: ${exact}`);
    }
  }
  await app.slider("RMSProp", "Decay").waitFor();

  // Distinct colours, each drawn on the surface and listed in the legend with its loss.
  const colors = await Promise.all(DEFAULT_RUNS.map((r) => app.runColor(r)));
  assert.equal(new Set(colors).size, 3, `colours ${colors}`);
  for (const run of DEFAULT_RUNS) {
    assert.ok((await app.pathMask(run)).count > 20, `${run} is not drawn`);
    assert.match(await app.legendEntry(run).innerText(), /loss \d/);
  }

  assert.equal(await app.surfaceSelect.inputValue(), "rosenbrock");
  assert.match(await app.scene.getByLabel("Formula").innerText(), /100\*\(y - x\^2\)\^2/);
  assert.deepEqual(await app.startFromScene(), [-1.5, 2]);
  assert.deepEqual(await app.startFromCanvas(), [-1.5, 2]);
  const { max } = await app.stepInfo();
  assert.equal(max, 1000);
  await screenshot(app.page, "defaults-desktop");
  await app.finish();
});
