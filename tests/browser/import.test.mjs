// Import: a scenario file by the picker or dropped on the page, checked as `trace` checks it;
// an error names the field and leaves the scene as it was.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, assertNoConsoleErrors, openApp, screenshot, useBrowser } from "./harness.mjs";
import { exactField, noticeText, waitForUrl } from "./share_helpers.mjs";

useBrowser();

const GOOD = JSON.stringify({
  surface: "beale",
  start: [1, 1.5],
  steps: 250,
  runs: [
    { optimizer: "rmsprop", lr: 0.02, decay: 0.95, eps_placement: "outside" },
    { optimizer: "sgd", lr: 0.001, momentum: 0.9 },
  ],
  noise: { sigma: 0.5, seed: 7 },
});

const SHIFTED = JSON.stringify({
  surface: "bowl",
  steps: 300,
  shift: { step: 120, scale: 0.01, offset: [1, -0.5] },
  runs: [{ optimizer: "rmsprop", lr: 0.05 }],
});

function pick(page, name, text) {
  const buffer = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  return page.getByTestId("import-file").setInputFiles({ name, mimeType: "application/json", buffer });
}

/** Waits for a notice containing `words`. */
async function noticeWith(page, words) {
  await page.locator(".notice").getByText(words, { exact: false }).waitFor();
  return noticeText(page);
}

test("a good scenario file loads from the picker", { timeout: 60_000 }, async (t) => {
  const page = await openApp(t, VIEWPORTS.desktop);
  await pick(page, "good.json", GOOD);
  await noticeWith(page, "Loaded good.json.");
  assert.equal(await page.locator("#surface-select").inputValue(), "beale");
  assert.equal(await page.locator(".run-card").count(), 2);
  assert.equal(await exactField(page, 0, "Learning rate").inputValue(), "0.02");
  assert.equal(await exactField(page, 0, "Decay").inputValue(), "0.95");
  assert.equal(await exactField(page, 1, "Learning rate").inputValue(), "0.001");
  assert.equal(await page.locator("#steps-input").inputValue(), "250");
  assert.match(await page.locator(".start-readout").innerText(), /start \(1, 1\.5\)/);
  // And the link follows.
  await waitForUrl(page, (s) =>
    s.includes("surface=beale&start=1,1.5&steps=250&noise=0.5&seed=7&run=rmsprop,lr=0.02,decay=0.95,eps_placement=outside&run=sgd,lr=0.001,momentum=0.9"),
  );
  await assertNoConsoleErrors(page);
});

test("a scenario with a shift imports with it, and exports it again", async (t) => {
  const page = await openApp(t, VIEWPORTS.desktop);
  await pick(page, "shifted.json", SHIFTED);
  await noticeWith(page, "Loaded shifted.json.");
  await page.getByTestId("shift-mark").waitFor();
  assert.equal(await page.getByLabel("Shift k").inputValue(), "120");
  await waitForUrl(page, (s) => s.includes("shift=120,0.01,1,-0.5"));
  await assertNoConsoleErrors(page);
});

test("a bad scenario file is refused, naming the field, and nothing changes", { timeout: 60_000 }, async (t) => {
  const page = await openApp(t, VIEWPORTS.desktop);
  const before = new URL(page.url()).search;
  const cases = [
    ["decay.json", '{"surface": "bowl", "runs": [{"optimizer": "rmsprop", "decay": 2}]}', "Could not import decay.json: runs[0].decay: must be in [0, 1) (got 2). The scene is unchanged."],
    ["field.json", '{"surface": "bowl", "runs": [{"optimizer": "adam", "beta3": 1}]}', "runs[0].beta3: unknown field for adam"],
    ["formula.json", '{"surface": {"formula": "x^", "window": [[0, 1], [0, 1]]}, "runs": [{"optimizer": "sgd"}]}', "surface.formula: at position 2"],
    ["notjson.json", "surface: bowl", "not valid JSON"],
    ["binary.json", Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), "not UTF-8 text"],
    ["shift.json", '{"surface": "bowl", "steps": 100, "shift": {"step": 50, "scale": -1}, "runs": [{"optimizer": "sgd"}]}', "shift.scale: must be > 0 (got -1)"],
    ["shiftstep.json", '{"surface": "bowl", "steps": 100, "shift": {"step": 100, "scale": 1}, "runs": [{"optimizer": "sgd"}]}', "shift.step"],
    ["offset.json", '{"surface": "bowl", "shift": {"step": 5, "scale": 1, "offset": [1]}, "runs": [{"optimizer": "sgd"}]}', "shift.offset"],
  ];
  for (const [name, text, words] of cases) {
    await pick(page, name, text);
    await noticeWith(page, words);
    assert.equal(await page.locator("#surface-select").inputValue(), "rosenbrock", name);
    assert.equal(await page.locator(".run-card").count(), 3, name);
  }
  await screenshot(page, "import-bad-file");
  await page.waitForTimeout(500);
  assert.equal(new URL(page.url()).search, before);
  await assertNoConsoleErrors(page);
});

test("a file dropped on the page is imported; the app's limits are explained", { timeout: 60_000 }, async (t) => {
  const page = await openApp(t, VIEWPORTS.phone);
  const big = JSON.stringify({
    surface: { formula: "x^2 + 3*y^2", window: [[-2, 2], [-1, 1]] },
    steps: 50000,
    runs: Array.from({ length: 10 }, () => ({ optimizer: "adam", lr: 0.1 })),
  });
  const drop = (type) =>
    page.evaluate(
      ({ type, text }) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], "dropped.json", { type: "application/json" }));
        const ev = new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true });
        document.body.dispatchEvent(ev);
        return ev.defaultPrevented;
      },
      { type, text: big },
    );
  assert.equal(await drop("dragover"), true, "dragover must be accepted for a drop to happen");
  assert.equal(await page.locator("body").getAttribute("data-dropping"), "");
  await screenshot(page, "import-dragover-phone", { fullPage: false });
  assert.equal(await drop("drop"), true);
  const notice = await noticeWith(page, "Loaded dropped.json.");
  assert.ok(notice.includes("It has 10 runs; the first 8 are shown."), notice);
  assert.ok(notice.includes("steps: 50000 is outside what the app plays (10 to 10000); showing 10000."), notice);
  assert.equal(await page.locator("body").getAttribute("data-dropping"), null);
  assert.equal(await page.locator(".run-card").count(), 8);
  assert.equal(await page.locator("#formula-input").inputValue(), "x^2 + 3*y^2");
  await assertNoConsoleErrors(page);
});
