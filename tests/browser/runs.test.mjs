// Runs: add any optimizer (also a second of a kind), remove, hide/show, duplicate; the
// limit on the number of runs.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, useBrowser } from "./harness.mjs";
import { openAppPage } from "./app-page.mjs";

useBrowser();

const LOSS = "[data-testid=loss-chart] canvas";

test("add an SGD run and a second RMSProp; each has its own controls and colour", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  await app.addRun("SGD");
  await app.slider("SGD", "Learning rate").waitFor();
  assert.deepEqual(await app.runNames(), ["RMSProp", "AdaGrad", "Adam", "SGD"]);
  await app.page.waitForFunction(
    (c) => window.__lab.mask("[data-testid=surface-canvas]", c).count > 0,
    await app.runColor("SGD"),
  );
  assert.match(await app.legendEntry("SGD").innerText(), /loss/);

  await app.addRun("RMSProp");
  await app.slider("RMSProp 2", "Decay").waitFor();
  assert.deepEqual(await app.runNames(), ["RMSProp 1", "AdaGrad", "Adam", "SGD", "RMSProp 2"]);
  const colors = await Promise.all((await app.runNames()).map((r) => app.runColor(r)));
  assert.equal(new Set(colors).size, 5, `colours ${colors}`);

  // Side by side: changing the second RMSProp leaves the first alone. With equal settings
  // the second is drawn exactly over the first; once they differ, both show.
  assert.equal((await app.pathMask("RMSProp 1")).count, 0, "the copy covers the first");
  const second = await app.pathMask("RMSProp 2");
  await app.typeExact("RMSProp 2", "Decay", "0.99");
  // Once they differ, the two are named by the setting that tells them apart.
  await app.run("RMSProp ρ=0.99").waitFor();
  assert.deepEqual(await app.runNames(), ["RMSProp ρ=0.9", "AdaGrad", "Adam", "SGD", "RMSProp ρ=0.99"]);
  assert.ok(await app.legendEntry("RMSProp ρ=0.99").isVisible(), "the legend uses the new name");
  await app.waitForPathChange("RMSProp ρ=0.99", second);
  assert.equal(await app.exactField("RMSProp ρ=0.9", "Decay").inputValue(), "0.9");
  assert.equal(await app.exactField("RMSProp ρ=0.99", "Decay").inputValue(), "0.99");
  assert.ok((await app.pathMask("RMSProp ρ=0.9")).count > 0, "the first RMSProp shows again");
  await app.finish();
});

test("remove a run: its card, legend entry and path go; its colour is free again", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  const color = await app.runColor("AdaGrad");
  await app.runButton("AdaGrad", "Remove").click();
  await app.run("AdaGrad").waitFor({ state: "detached" });
  assert.deepEqual(await app.runNames(), ["RMSProp", "Adam"]);
  assert.equal(await app.legendEntry("AdaGrad").count(), 0);
  await app.page.waitForFunction(
    (c) => window.__lab.mask("[data-testid=surface-canvas]", c).count === 0,
    color,
  );
  // Charts draw while on screen: look at the loss chart, drawn (RMSProp is there) without
  // AdaGrad.
  await app.page.locator(LOSS).scrollIntoViewIfNeeded();
  const rmsprop = await app.runColor("RMSProp");
  await app.page.waitForFunction((c) => window.__lab.mask("[data-testid=loss-chart] canvas", c).count > 0, rmsprop);
  assert.equal((await app.colorMask(LOSS, color)).count, 0, "still in the loss chart");

  await app.addRun("AdaGrad");
  await app.run("AdaGrad").waitFor();
  assert.equal(await app.runColor("AdaGrad"), color);

  // Removing every run leaves an empty, working page.
  for (const run of await app.runNames()) await app.runButton(run, "Remove").click();
  await app.page.waitForFunction(() => !document.querySelector(".run-list [role=group]"));
  assert.equal(await app.legend.getByRole("listitem").count(), 0);
  await app.stepButton.click();
  await app.addRun("Adam");
  await app.slider("Adam", "Beta2").waitFor();
  await app.finish();
});

test("hide and show a run", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  const toggle = app.runButton("Adam", "Show");
  const color = await app.runColor("Adam");
  await app.page.locator(LOSS).scrollIntoViewIfNeeded();
  await app.frames(2);
  assert.ok((await app.colorMask(LOSS, color)).count > 0, "Adam's loss line");
  assert.equal(await toggle.getAttribute("aria-pressed"), "true");
  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-pressed"), "false");
  await app.page.waitForFunction(
    (c) => window.__lab.mask("[data-testid=surface-canvas]", c).count === 0,
    color,
  );
  await app.page.locator(LOSS).scrollIntoViewIfNeeded();
  await app.page.waitForFunction((c) => window.__lab.mask("[data-testid=loss-chart] canvas", c).count === 0, color);
  assert.equal(await app.legendEntry("Adam").count(), 0);
  // Hidden is not removed: the card and its controls stay.
  await app.slider("Adam", "Learning rate").waitFor();

  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-pressed"), "true");
  await app.page.waitForFunction(
    (c) => window.__lab.mask("[data-testid=surface-canvas]", c).count > 0,
    color,
  );
  await app.legendEntry("Adam").waitFor();
  await app.finish();
});

test("duplicate a run: a copy with the same settings, then changed on its own", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  await app.typeExact("RMSProp", "Learning rate", "0.003");
  await app.runButton("RMSProp", "Duplicate").click();
  await app.run("RMSProp 2").waitFor();
  for (const label of ["Learning rate", "Decay", "Epsilon"]) {
    assert.equal(
      await app.exactField("RMSProp 2", label).inputValue(),
      await app.exactField("RMSProp 1", label).inputValue(),
      label,
    );
  }
  // Same settings, same numbers.
  assert.equal(await app.runStatus("RMSProp 2").innerText(), await app.runStatus("RMSProp 1").innerText());
  await app.typeExact("RMSProp 2", "Learning rate", "0.03");
  await app.page.waitForFunction(
    () =>
      document.querySelector("[aria-label='RMSProp α=0.03'] .run-status")?.textContent !==
      document.querySelector("[aria-label='RMSProp α=0.003'] .run-status")?.textContent,
  );
  assert.equal(await app.exactField("RMSProp α=0.003", "Learning rate").inputValue(), "0.003");
  await app.finish();
});

test("at most 8 runs: adding and duplicating beyond that changes nothing", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  for (const kind of ["SGD", "AdaGrad", "Adam", "RMSProp", "SGD"]) await app.addRun(kind);
  const names = await app.runNames();
  assert.equal(names.length, 8);
  assert.equal(await app.addRunButton.isDisabled(), true, "Add run is disabled at 8");
  const last = names[7];
  assert.equal(last, "SGD 2");
  await app.typeExact(last, "Learning rate", "0.0042");
  await app.run("SGD α=0.0042").waitFor();
  const renamed = await app.runNames();
  const statuses = await Promise.all(renamed.map((r) => app.runStatus(r).innerText()));

  await app.runButton("Adam 1", "Duplicate").click();
  await app.notice.waitFor();
  assert.match(await app.notice.innerText(), /At most 8 runs/);
  assert.deepEqual(await app.runNames(), renamed);
  // The last run keeps its own settings (it is not overwritten by the refused copy).
  assert.equal(await app.exactField("SGD α=0.0042", "Learning rate").inputValue(), "0.0042");
  await app.frames(2);
  assert.deepEqual(await Promise.all(renamed.map((r) => app.runStatus(r).innerText())), statuses);
  await app.notice.getByRole("button", { name: "Dismiss" }).click();
  await app.notice.waitFor({ state: "detached" });
  await app.finish();
});
