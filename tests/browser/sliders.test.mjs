// Every labelled slider of a run redraws that run's path (and only recomputes that run);
// the heatmap is cached, so sliders never redraw it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, useBrowser } from "./harness.mjs";
import { DEFAULT_RUNS, openAppPage } from "./app-page.mjs";

useBrowser();

// Slider positions (0…1000) far from each default.
const MOVES = [
  ["RMSProp", "Learning rate", 650],
  ["RMSProp", "Decay", 750],
  ["RMSProp", "Epsilon", 900],
  ["AdaGrad", "Learning rate", 900],
  ["AdaGrad", "Epsilon", 1000],
  ["Adam", "Learning rate", 400],
  ["Adam", "Beta2", 100],
  ["Adam", "Epsilon", 950],
];

test("moving each labelled slider changes that run's path and value, not the others", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  const heatmapDraws = await app.heatmapDraws();
  assert.ok(heatmapDraws >= 1, "the heatmap was drawn");
  for (const [run, label, position] of MOVES) {
    const slider = app.slider(run, label);
    const field = app.exactField(run, label);
    const valueBefore = await field.inputValue();
    const pathBefore = await app.pathMask(run);
    const others = DEFAULT_RUNS.filter((r) => r !== run);
    const othersBefore = await Promise.all(others.map((r) => app.runStatus(r).innerText()));

    await slider.fill(String(position));
    await app.waitForPathChange(run, pathBefore);

    assert.equal(await slider.inputValue(), String(position), `${run} ${label} slider`);
    const valueAfter = await field.inputValue();
    assert.notEqual(valueAfter, valueBefore, `${run} ${label}: the exact field follows the slider`);
    const announced = Number(await slider.getAttribute("aria-valuetext"));
    assert.ok(
      Math.abs(announced - Number(valueAfter)) <= 1e-3 * Math.abs(Number(valueAfter)),
      `${run} ${label}: the slider announces ${announced}, the field shows ${valueAfter}`,
    );
    assert.ok((await app.pathMask(run)).count > 0, `${run} is still drawn`);
    const othersAfter = await Promise.all(others.map((r) => app.runStatus(r).innerText()));
    assert.deepEqual(othersAfter, othersBefore, `moving ${run}'s ${label} changed another run`);
  }
  assert.equal(await app.heatmapDraws(), heatmapDraws, "a slider redrew the heatmap");
  await app.finish();
});

test("dragging a slider with the mouse and stepping it with the keyboard both apply", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  const slider = app.slider("RMSProp", "Learning rate");
  const field = app.exactField("RMSProp", "Learning rate");
  assert.equal(await field.inputValue(), "0.01");

  // Drag the thumb from the middle to near the left end: a smaller learning rate.
  let before = await app.pathMask("RMSProp");
  const box = await slider.boundingBox();
  const y = box.y + box.height / 2;
  await app.page.mouse.move(box.x + box.width / 2, y);
  await app.page.mouse.down();
  await app.page.mouse.move(box.x + box.width * 0.3, y, { steps: 5 });
  await app.page.mouse.up();
  await app.waitForPathChange("RMSProp", before);
  const dragged = Number(await field.inputValue());
  assert.ok(dragged < 0.01 && dragged > 1e-5, `dragged learning rate ${dragged}`);

  // Arrow keys move one position: 6 decades / 1000 positions, about 1.4% per press.
  before = await app.pathMask("RMSProp");
  await slider.focus();
  for (let i = 0; i < 10; i++) await slider.press("ArrowRight");
  await app.waitForPathChange("RMSProp", before);
  const stepped = Number(await field.inputValue());
  const ratio = stepped / dragged;
  assert.ok(ratio > 1.1 && ratio < 1.2, `10 presses: ${dragged} → ${stepped}`);
  await app.finish();
});
