// Lessons: each one loads its scenario with one click, paused at step 0 with a question to
// predict, shows its explanation above the surface, draws its runs and plays; changing the
// surface closes it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, screenshot, useBrowser } from "./harness.mjs";
import { openAppPage } from "./app-page.mjs";

useBrowser();

// Title → the runs the lesson's scenario lists (assets/app/lessons.json).
const LESSONS = {
  "AdaGrad stalls, RMSProp keeps going": ["AdaGrad", "RMSProp"],
  "Decay: long memory vs sign descent": ["RMSProp ρ=0", "RMSProp ρ=0.9", "RMSProp ρ=0.999"],
  "A large ε turns RMSProp into SGD": ["RMSProp α=0.05 ε=1e-8", "RMSProp α=2 ε=100", "RMSProp α=20 ε=100", "SGD"],
  "ε inside or outside the root": ["RMSProp ε outside", "RMSProp ε inside"],
  "Adam's bias correction vs RMSProp's first step": ["RMSProp", "Adam β₁=0", "Adam β₁=0.9"],
  "An axis-aligned valley: per-coordinate steps": ["SGD", "RMSProp", "Adam"],
  "The rotated valley: adaptivity is per axis, not per direction": ["SGD", "RMSProp", "Adam"],
  "Scale invariance on Goldstein–Price": ["SGD α=1e-5", "SGD α=2e-6", "RMSProp", "Adam"],
  "RMSProp forgets, AdaGrad cannot": ["RMSProp", "AdaGrad"],
  "Noisy gradients: RMSProp scales the step, it does not average it": ["RMSProp", "Adam", "AdaGrad"],
  "A constant learning rate never converges": ["RMSProp α=0.01", "RMSProp α=0.05", "SGD", "AdaGrad"],
  "Every RMSProp step is bounded": ["RMSProp", "SGD α=1", "SGD α=0.4"],
  "Which minimum you reach": ["SGD", "RMSProp", "Adam"],
  "Escaping a saddle": ["SGD", "RMSProp", "Adam"],
  "RMSProp with momentum vs Adam": ["RMSProp α=0.01", "Adam", "RMSProp α=0.001"],
  "ε regimes: inside, outside, ε-hat": ["RMSProp ε=1e-6 inside", "RMSProp ε=0.001 outside", "RMSProp ε=1e-6 outside"],
  "Data: a badly scaled feature": ["SGD", "RMSProp"],
  "Data: an uncentred feature tilts the valley": ["SGD", "RMSProp"],
  "Data: minibatch noise never settles": ["SGD", "RMSProp"],
};

// Runs whose whole path lies under a later one: the point of the ε lesson is that the second
// RMSProp follows SGD step for step; on Goldstein–Price, RMSProp and Adam both take the
// diagonal to the minimum and Adam's line covers RMSProp's.
const COVERED = {
  "A large ε turns RMSProp into SGD": ["RMSProp α=2 ε=100", "RMSProp α=20 ε=100"],
  "Scale invariance on Goldstein–Price": ["RMSProp"],
  // ε = 10⁻⁶ inside and ε = 10⁻³ outside take nearly the same path.
  "ε regimes: inside, outside, ε-hat": ["RMSProp ε=1e-6 inside"],
};

test("every lesson loads, explains itself, draws its runs and plays", { timeout: 120_000 }, async (t) => {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  const panel = app.page.locator(".lessons");
  const buttons = await panel.getByRole("button").allInnerTexts();
  assert.deepEqual(buttons, Object.keys(LESSONS), "the lesson list");
  for (const [title, runs] of Object.entries(LESSONS)) {
    await panel.getByRole("button", { name: title, exact: true }).click();
    const note = app.page.getByRole("note", { name: `Lesson: ${title}` });
    await note.waitFor();
    assert.ok((await note.innerText()).length > 150, `${title}: a few sentences of explanation`);
    assert.equal(await panel.getByRole("button", { name: title, exact: true }).getAttribute("aria-pressed"), "true");
    assert.deepEqual(await app.runNames(), runs, `${title}: its runs`);
    // It opens paused at step 0, asking a question; Play plays it from the start.
    assert.equal((await app.stepInfo()).step, 0, `${title}: opens at step 0`);
    assert.equal(await app.playButton.getAttribute("aria-label"), "Play", `${title}: paused`);
    await note.getByText("Predict:").waitFor();
    await note.getByRole("button", { name: "Play to find out" }).click();
    await app.waitForStep({ min: 5 });
    // Every run that has not diverged at once is drawn.
    await app.seek((await app.stepInfo()).max);
    for (const run of runs) {
      const status = await app.runStatus(run).innerText();
      if (/diverged at step [0-5]\b/.test(status) || COVERED[title]?.includes(run)) continue;
      await app.page
        .waitForFunction(
          ([sel, color]) => window.__lab.mask(sel, color).count > 0,
          ["[data-testid=surface-canvas]", await app.runColor(run)],
          { timeout: 5_000 },
        )
        .catch(() => assert.fail(`${title}: ${run} is not drawn`));
    }
  }
  await screenshot(app.page, "lesson-scale-invariance", { fullPage: false });
  // Choosing a surface by hand ends the lesson.
  await app.surfaceSelect.selectOption("booth");
  await app.page.getByRole("note").waitFor({ state: "detached" });
  await app.finish();
});

test("when the lessons file cannot be fetched, opening a lesson says so and keeps the scene", async (t) => {
  const app = await openAppPage(t, {
    ...VIEWPORTS.desktop,
    beforeLoad: (context) => context.route("**/lessons.json", (route) => route.fulfill({ status: 404, body: "" })),
  });
  const before = await app.pathMask("RMSProp");
  await app.page.locator(".lessons").getByRole("button", { name: "RMSProp forgets, AdaGrad cannot" }).click();
  await app.notice.filter({ hasText: "The lesson could not load (lessons.json: HTTP 404)" }).waitFor();
  assert.equal(await app.page.getByRole("note", { name: /^Lesson:/ }).count(), 0, "no lesson card");
  assert.deepEqual(await app.pathMask("RMSProp"), before, "the scene is unchanged");
  await app.finish({ ignore: [/404/, /lessons\.json/] });
});
