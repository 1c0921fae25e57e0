// The step explainer: the numbers of the current update (checked against an independent
// computation here), following the Step button and the timeline, switching runs, MathML;
// and the internals charts beside it.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  VIEWPORTS,
  assertNoConsoleErrors,
  horizontalOverflow,
  openApp,
  screenshot,
  useBrowser,
} from "./harness.mjs";

useBrowser();

const EXPLAINER = "[data-testid=explainer]";

// The explainer typesets only while it is on screen (it catches up when scrolled into view),
// so these tests use windows tall enough to show it together with the playback controls.
const TALL_DESKTOP = { ...VIEWPORTS.desktop, height: 2800 };
const TALL_PHONE = { ...VIEWPORTS.phone, height: 5200 };

// The default scene: Rosenbrock from (−1.5, 2), and the first run is RMSProp with ρ = 0.9
// and ε = 1e-8 inside the root (the app's defaults; its learning rate is read from the page).
const START = [-1.5, 2];
const rosenbrockGrad = ([x, y]) => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)];

/** One RMSProp update, written out independently of the app. */
function rmspropUpdate(theta, v, lr) {
  const g = rosenbrockGrad(theta);
  const vNew = v.map((vi, i) => 0.9 * vi + (1 - 0.9) * g[i] * g[i]);
  const den = vNew.map((vi) => Math.sqrt(vi + 1e-8));
  const delta = g.map((gi, i) => -lr * (gi / den[i]));
  return { g, v: vNew, den, delta, theta: theta.map((t, i) => t + delta[i]) };
}

const cell = (page, row, axis) =>
  page.locator(`${EXPLAINER} .eq-row[data-row="${row}"] .eq-cell[data-axis="${axis}"]`);

async function shownValue(page, row, axis) {
  return Number(await cell(page, row, axis).getAttribute("data-value"));
}

function assertClose(actual, expected, what, rel = 1e-9) {
  assert.ok(
    Math.abs(actual - expected) <= rel * Math.max(Math.abs(expected), 1e-300),
    `${what}: shown ${actual}, expected ${expected}`,
  );
}

/** How the app writes a number to 4 significant digits (without the sign). */
const four = (x) => String(Number(Math.abs(x).toPrecision(4)));

async function intro(page) {
  return page.locator("[data-testid=explainer-intro]").innerText();
}

async function setTimeline(page, step) {
  await page.locator("input.timeline").evaluate((el, s) => {
    el.value = String(s);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, step);
}

test("desktop: the explainer shows the current update's numbers and follows the Step button", { timeout: 90_000 }, async (t) => {
  const page = await openApp(t, TALL_DESKTOP);
  await page.locator(`${EXPLAINER} .eq-row`).first().waitFor();
  const lr = Number(
    await page.getByRole("group", { name: "RMSProp" }).getByLabel("Learning rate (exact value)").inputValue(),
  );
  assert.ok(lr > 0, `the RMSProp learning rate reads ${lr}`);
  assert.equal(await page.getByTestId("explainer-run").inputValue(), "0", "RMSProp is selected at first");

  // Step 0: the start, so update 1 (the one leaving it) is shown, and says so.
  await page.getByRole("button", { name: "Reset", exact: true }).click();
  await page.getByTestId("step-counter").getByText("Step 0 /").waitFor();
  assert.match(await intro(page), /Step 0 is the start, so this is update 1/);
  const u1 = rmspropUpdate(START, [0, 0], lr);
  assert.deepEqual(u1.g, [-155, -50]);
  for (const [i, axis] of ["x", "y"].entries()) {
    assertClose(await shownValue(page, "g", axis), u1.g[i], `update 1: g ${axis}`);
    assertClose(await shownValue(page, "v", axis), u1.v[i], `update 1: v ${axis}`);
    assertClose(await shownValue(page, "den", axis), u1.den[i], `update 1: den ${axis}`);
    assertClose(await shownValue(page, "delta", axis), u1.delta[i], `update 1: Δ ${axis}`);
    assertClose(await shownValue(page, "theta", axis), u1.theta[i], `update 1: new ${axis}`);
  }
  // The numbers are written out with 4 significant digits: v ← 0.9·0 + 0.1·(−155)² = 2402.
  const vText = await cell(page, "v", "x").innerText();
  assert.ok(vText.includes("155") && vText.includes(four(u1.v[0])), `v row reads ${vText}`);
  await screenshot(page, "explainer-desktop-step0");

  // A new learning rate changes numbers only: they are written into the equations already
  // on the page (the same elements), and read as a fresh update would.
  const table = page.locator(`${EXPLAINER} .eq-table`);
  await table.evaluate((el) => {
    el.querySelector("math").dataset.kept = "yes";
  });
  const lrField = page.getByRole("group", { name: "RMSProp" }).getByLabel("Learning rate (exact value)");
  await lrField.fill(String(lr * 1.25));
  await lrField.press("Enter");
  const u1b = rmspropUpdate(START, [0, 0], lr * 1.25);
  await page.waitForFunction(
    ([sel, want]) => Math.abs(Number(document.querySelector(sel).dataset.value) - want) <= 1e-9 * Math.abs(want),
    [`${EXPLAINER} .eq-row[data-row="delta"] .eq-cell[data-axis="x"]`, u1b.delta[0]],
  );
  assert.equal(await table.evaluate((el) => el.querySelector("math").dataset.kept), "yes", "updated in place");
  for (const [i, axis] of ["x", "y"].entries()) {
    assertClose(await shownValue(page, "delta", axis), u1b.delta[i], `new rate: Δ ${axis}`);
    assertClose(await shownValue(page, "theta", axis), u1b.theta[i], `new rate: new ${axis}`);
    const text = await cell(page, "delta", axis).innerText();
    assert.ok(text.includes(four(u1b.delta[i])), `Δ ${axis} reads "${text}", expected ${four(u1b.delta[i])}`);
  }
  await lrField.fill(String(lr));
  await lrField.press("Enter");
  await page.waitForFunction(
    ([sel, want]) => Math.abs(Number(document.querySelector(sel).dataset.value) - want) <= 1e-9 * Math.abs(want),
    [`${EXPLAINER} .eq-row[data-row="delta"] .eq-cell[data-axis="x"]`, u1.delta[0]],
  );

  // Step 1: the same update, now as the one that produced the current position.
  await page.getByRole("button", { name: "Step", exact: true }).click();
  await page.getByTestId("step-counter").getByText("Step 1 /").waitFor();
  assert.match(await intro(page), /Update 1, the one that produced the current position \(step 1\)/);
  assertClose(await shownValue(page, "g", "x"), -155, "step 1: g x");

  // Step 2: update 2, with the gradient at the point update 1 reached.
  await page.getByRole("button", { name: "Step", exact: true }).click();
  await page.getByTestId("step-counter").getByText("Step 2 /").waitFor();
  assert.match(await intro(page), /Update 2, the one that produced the current position \(step 2\)/);
  const u2 = rmspropUpdate(u1.theta, u1.v, lr);
  for (const [i, axis] of ["x", "y"].entries()) {
    assertClose(await shownValue(page, "g", axis), u2.g[i], `update 2: g ${axis}`);
    assertClose(await shownValue(page, "v", axis), u2.v[i], `update 2: v ${axis}`);
    assertClose(await shownValue(page, "theta", axis), u2.theta[i], `update 2: new ${axis}`);
  }
  const gText = await cell(page, "g", "x").innerText();
  assert.ok(gText.includes(four(u2.g[0])), `g x reads "${gText}", expected ${four(u2.g[0])}`);
  assert.notEqual(four(u2.g[0]), "155", "the shown gradient changed");

  // Real MathML, laid out by the browser.
  const math = await page.locator(`${EXPLAINER} math`).evaluateAll((els) =>
    els.map((e) => ({ ns: e.namespaceURI, w: e.getBoundingClientRect().width })),
  );
  assert.ok(math.length >= 18, `${math.length} math elements`);
  assert.ok(math.every((m) => m.ns === "http://www.w3.org/1998/Math/MathML" && m.w > 0));
  assert.ok((await page.locator(`${EXPLAINER} msqrt`).count()) > 0, "the root is a real msqrt");

  // The timeline moves it too.
  await setTimeline(page, 500);
  await page.getByTestId("step-counter").getByText("Step 500 /").waitFor();
  assert.match(await intro(page), /Update 500,/);
  await screenshot(page, "explainer-desktop-step500");
  await assertNoConsoleErrors(page);
});

test("desktop: switching runs, and a diverged run says so", { timeout: 90_000 }, async (t) => {
  const page = await openApp(t, TALL_DESKTOP);
  await page.locator(`${EXPLAINER} .eq-row`).first().waitFor();
  const rowKeys = () => page.locator(`${EXPLAINER} .eq-row`).evaluateAll((els) => els.map((e) => e.dataset.row));

  // The explainer's own selector.
  await page.getByTestId("explainer-run").selectOption({ label: "Adam" });
  await page.locator(`${EXPLAINER} .eq-row[data-row="mhat"]`).waitFor();
  assert.match(await intro(page), /^Adam/);
  assert.deepEqual(await rowKeys(), ["g", "m", "v", "bias1", "bias2", "mhat", "vhat", "den", "eff", "delta", "theta"]);
  assert.match(await page.locator(`${EXPLAINER} .explainer-gist`).innerText(), /bias correction/);
  // The hats on m̂ and v̂ sit clear of their letters (at devicePixelRatio 1 a touching hat
  // reads as part of the letter).
  const gaps = await page.locator(`${EXPLAINER} mover`).evaluateAll((ms) =>
    ms.map((m) => m.children[0].getBoundingClientRect().top - m.children[1].getBoundingClientRect().bottom),
  );
  assert.ok(gaps.length >= 2 && gaps.every((g) => g >= 1), `gaps under the hats: ${gaps.join(", ")} px`);
  await screenshot(page, "explainer-desktop-adam");

  // The run card's Explain button selects the same way, and the selector follows.
  await page.getByRole("button", { name: "Explain AdaGrad" }).click();
  await page.locator(`${EXPLAINER} .eq-row[data-row="s"]`).waitFor();
  assert.deepEqual(await rowKeys(), ["g", "s", "den", "eff", "delta", "theta"]);
  assert.equal(await page.getByTestId("explainer-run").inputValue(), "1");
  assert.match(await intro(page), /^AdaGrad/);

  // SGD with α = 1 overflows within five updates (f = ∞ at the fifth point).
  await page.locator("#add-run-kind").selectOption("sgd");
  await page.getByRole("button", { name: "Add run" }).click();
  const lr = page.getByRole("group", { name: "SGD" }).getByLabel("Learning rate (exact value)");
  await lr.fill("1");
  await lr.press("Enter");
  await page.getByTestId("explainer-run").selectOption({ label: "SGD" });
  await setTimeline(page, 1000);
  const warning = page.locator(`${EXPLAINER} .explainer-warning`);
  await warning.waitFor();
  assert.match(await warning.innerText(), /diverged at update 5: f overflowed at .* \(f = ∞\)/);
  assert.match(await intro(page), /Shown: update 4, the last one it took/);
  assert.ok(Math.abs(await shownValue(page, "theta", "x")) > 1e90, "update 4 lands far out");
  await screenshot(page, "explainer-desktop-diverged");
  // Back inside the run: no warning.
  await setTimeline(page, 3);
  await page.getByTestId("step-counter").getByText("Step 3 /").waitFor();
  assert.equal(await warning.count(), 0);
  assert.match(await intro(page), /Update 3,/);
  await assertNoConsoleErrors(page);
});

test("desktop: the internals charts sit beside the effective learning rate", { timeout: 60_000 }, async (t) => {
  const page = await openApp(t, TALL_DESKTOP);
  const acc = page.getByTestId("accumulator-chart");
  await acc.waitFor();
  const grid = await page.locator(".chart-grid > figure").evaluateAll((els) => els.map((e) => e.dataset.testid));
  assert.deepEqual(grid, ["loss-chart", "eff-lr-chart", "accumulator-chart", "moment-chart"]);
  // Something is drawn: the canvas is not blank.
  const inked = await acc.locator("canvas").first().evaluate((c) => {
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) n++;
    return n;
  });
  assert.ok(inked > 500, `${inked} dark pixels on the accumulator chart`);
  // Adam's m shows only while an Adam run is visible.
  await page.getByRole("button", { name: "Show Adam" }).click();
  await page.getByTestId("moment-chart").waitFor({ state: "detached" });
  await page.getByRole("button", { name: "Show Adam" }).click();
  await page.getByTestId("moment-chart").waitFor();
  await screenshot(page, "internals-desktop");
  await assertNoConsoleErrors(page);
});

test("phone: the equations stack under each rule, without horizontal overflow", { timeout: 60_000 }, async (t) => {
  const page = await openApp(t, TALL_PHONE);
  await page.locator(`${EXPLAINER} .eq-row`).first().waitFor();
  await page.getByTestId("explainer-run").selectOption({ label: "Adam" });
  await page.locator(`${EXPLAINER} .eq-row[data-row="mhat"]`).waitFor();
  // Stacked: the x and y labels show, and x's numbers sit below the rule.
  const label = page.locator(`${EXPLAINER} .eq-row[data-row="v"] .eq-axis`).first();
  assert.ok(await label.isVisible(), "the coordinate labels show on a phone");
  const rule = await page.locator(`${EXPLAINER} .eq-row[data-row="v"] .eq-rule`).boundingBox();
  const xNumbers = await cell(page, "v", "x").locator("math").boundingBox();
  assert.ok(xNumbers.y >= rule.y + rule.height - 1, "the numbers are below the rule");
  const { scrollWidth, innerWidth } = await horizontalOverflow(page);
  assert.ok(scrollWidth <= innerWidth, `horizontal overflow: ${scrollWidth} > ${innerWidth}`);
  await page.locator(EXPLAINER).scrollIntoViewIfNeeded();
  await screenshot(page, "explainer-phone-adam");
  await assertNoConsoleErrors(page);
});
