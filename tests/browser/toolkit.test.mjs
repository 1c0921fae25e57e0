// The practitioner's toolkit in the app: every optimizer can be added and its learning rate
// moves its path; a schedule changes the path and draws the learning-rate chart; a schedule
// field the scheduler would refuse gets a message naming it and changes nothing.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, screenshot, useBrowser } from "./harness.mjs";
import { openAppPage } from "./app-page.mjs";

useBrowser();

const NEW_OPTIMIZERS = ["Adadelta", "Adamax", "NAdam", "RAdam", "AdamW", "Rprop", "Lion", "AdaBelief"];

test("each new optimizer can be added, and its learning rate moves its path", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  for (const name of NEW_OPTIMIZERS) {
    // One at a time beside the default trio (at most 8 runs).
    await app.addRun(name);
    await app.run(name).waitFor();
    await app.page.waitForFunction(
      (c) => window.__lab.mask("[data-testid=surface-canvas]", c).count > 0,
      await app.runColor(name),
    );
    const before = await app.pathMask(name);
    const slider = app.slider(name, "Learning rate");
    const pos = Number(await slider.inputValue());
    await slider.fill(String(pos > 500 ? pos - 120 : pos + 120));
    await app.waitForPathChange(name, before);
    await app.runButton(name, "Remove").click();
    await app.run(name).waitFor({ state: "detached" });
  }
  await app.finish();
});

test("a schedule changes the path and draws the learning-rate chart; a bad field is refused", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  const lrChart = app.page.getByTestId("lr-chart");
  assert.equal(await lrChart.count(), 0, "no schedule, no learning-rate chart");
  const card = app.run("RMSProp");
  await card.locator("details.schedule > summary").click();
  const before = await app.pathMask("RMSProp");
  await card.getByLabel("Learning-rate schedule").selectOption("cosine");
  await app.waitForPathChange("RMSProp", before);
  assert.match(await card.locator("details.schedule > summary").innerText(), /Cosine/);
  await lrChart.waitFor();
  await lrChart.scrollIntoViewIfNeeded();
  const color = await app.runColor("RMSProp");
  await app.page.waitForFunction(
    (c) => window.__lab.mask("[data-testid=lr-chart] canvas", c).count > 10,
    color,
  );
  // The link carries the schedule.
  await app.page.waitForFunction(() => location.search.includes("schedule=cosine"));

  // T must be at least 1: refused, named, and the path stays.
  const drawn = await app.pathMask("RMSProp");
  await app.typeExact("RMSProp", "T max", "0");
  const error = await app.fieldError("RMSProp", "T max");
  await error.waitFor();
  assert.match(await error.innerText(), /T max: must be ≥ 1; kept 1000/);
  await app.frames(3);
  assert.equal((await app.pathMask("RMSProp")).hash, drawn.hash, "a refused value changed the path");
  await app.finish();
});

test("pin a run: its settings stay listed and drawn while the run changes; unpin removes it", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  const ghost = ".layer-ghost";
  const before = await app.canvasHash(ghost);
  await app.runButton("RMSProp", "Pin").click();
  const pins = app.page.getByRole("list", { name: "Pinned runs" });
  await pins.waitFor();
  assert.match(await pins.innerText(), /RMSProp \(pinned\)\s+lr 0\.01/);
  await app.waitForCanvasChange(ghost, before);
  const pinned = await app.canvasHash(ghost);
  // The run moves on; the pin keeps the old settings and path.
  await app.typeExact("RMSProp", "Learning rate", "0.003");
  await app.page.waitForFunction(() => location.search.includes("lr=0.003"));
  assert.match(await pins.innerText(), /lr 0\.01/);
  assert.doesNotMatch(await pins.innerText(), /0\.003/);
  await pins.getByRole("button", { name: "Unpin RMSProp" }).click();
  await pins.waitFor({ state: "detached" });
  await app.waitForCanvasChange(ghost, pinned);
  await app.finish();
});

test("copy as code: the script carries the runs' numbers, follows a slider, names what a framework cannot run", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  await app.page.getByRole("toolbar", { name: "Share and files" }).locator("summary", { hasText: "Export" }).click();
  await app.page.getByRole("button", { name: "Copy as code (Python)" }).click();
  const panel = app.page.getByRole("dialog", { name: "Copy as code" });
  await panel.waitFor();
  const code = panel.locator("pre.code-text");
  // PyTorch: AdaGrad and Adam run; the default RMSProp puts ε inside the root, which torch cannot.
  let text = await code.innerText();
  assert.match(text, /# Run 0 \(RMSProp\) is left out\. PyTorch cannot run eps_placement = inside/);
  assert.match(text, /torch\.optim\.Adagrad\(\[p\], lr=/);
  assert.match(text, /torch\.optim\.Adam\(\[p\], lr=/);
  // optax runs RMSProp with its rate; the text follows the run's exact value and its slider.
  await panel.getByLabel("Framework").selectOption("optax");
  await app.typeExact("RMSProp", "Learning rate", "0.0042");
  await app.page.waitForFunction(() =>
    document.querySelector("pre.code-text")?.textContent.includes("optax.rmsprop(learning_rate=0.0042, decay=0.9"));
  text = await code.innerText();
  const slider = app.slider("RMSProp", "Learning rate");
  await slider.fill(String(Number(await slider.inputValue()) + 60));
  await app.page.waitForFunction((before) => document.querySelector("pre.code-text")?.textContent !== before, text);
  assert.doesNotMatch(await code.innerText(), /learning_rate=0\.0042,/);
  // One run alone.
  await panel.getByLabel("Runs").selectOption({ label: "Adam" });
  await app.page.waitForFunction(() => !document.querySelector("pre.code-text")?.textContent.includes("optax.rmsprop("));
  assert.match(await code.innerText(), /# Run 0: Adam\ntrace\(0, optax\.adam\(learning_rate=/);
  // Copy: to the clipboard, or (blocked) the text is selected to copy by hand.
  await panel.getByRole("button", { name: "Copy", exact: true }).click();
  await panel.getByRole("status").filter({ hasText: /Code copied|Copying is blocked/ }).waitFor();
  await screenshot(app.page, "copy-as-code");
  // Removing the chosen run leaves the whole scene, and the choice says so.
  await app.runButton("Adam", "Remove").click();
  await app.page.waitForFunction(() => document.querySelector("pre.code-text")?.textContent.includes("optax.rmsprop("));
  assert.equal(await panel.getByLabel("Runs").inputValue(), "");
  await panel.getByRole("button", { name: "Close" }).click();
  await panel.waitFor({ state: "detached" });
  await app.finish();
});
