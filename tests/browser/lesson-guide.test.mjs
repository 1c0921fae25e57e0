// Lessons that guide: `lesson=ID` in links opens the lesson (and Copy link keeps it), the
// card asks a question before playing and answers it at the end, and its buttons bring what
// the text names into view.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, useBrowser } from "./harness.mjs";
import { openApp } from "./harness.mjs";
import { AppPage } from "./app-page.mjs";
import { waitForUrl } from "./share_helpers.mjs";

useBrowser();

test("a link naming a lesson opens it paused at step 0; the URL keeps the lesson", async (t) => {
  const page = await openApp(t, { ...VIEWPORTS.desktop, query: "lesson=adagrad-stalls" });
  const app = new AppPage(page);
  const note = page.getByRole("note", { name: "Lesson: AdaGrad stalls, RMSProp keeps going" });
  await note.waitFor();
  assert.deepEqual(await app.runNames(), ["AdaGrad", "RMSProp"]);
  assert.equal((await app.stepInfo()).step, 0);
  assert.equal((await app.stepInfo()).max, 3000);
  const search = await waitForUrl(page, (s) => s.includes("lesson=adagrad-stalls") && s.includes("steps=3000"));
  // The full link reopens the same lesson card over the same scene.
  const again = await openApp(t, { ...VIEWPORTS.desktop, query: search.slice(1) });
  await again.getByRole("note", { name: "Lesson: AdaGrad stalls, RMSProp keeps going" }).waitFor();
  assert.equal(await again.locator(".run-card").count(), 2);
  await app.finish();
});

test("predict, then reveal: the answer shows at the end of the run or on request", async (t) => {
  const page = await openApp(t, { ...VIEWPORTS.desktop, query: "lesson=bias-correction" });
  const app = new AppPage(page);
  const note = page.getByRole("note", { name: /^Lesson: Adam's bias correction/ });
  await note.getByText("Predict:").waitFor();
  assert.equal(await note.locator(".lesson-answer").count(), 0, "no answer before the run");
  await note.getByRole("button", { name: "Play to find out" }).click();
  await note.locator(".lesson-answer").waitFor({ timeout: 20_000 });
  assert.equal((await app.stepInfo()).step, (await app.stepInfo()).max, "answered at the end");
  // Back to the start, another lesson asks again; "Show the answer" answers at once.
  await page.locator(".lessons").getByRole("button", { name: "Escaping a saddle" }).click();
  const saddle = page.getByRole("note", { name: "Lesson: Escaping a saddle" });
  await saddle.getByText("Predict:").waitFor();
  assert.equal(await saddle.locator(".lesson-answer").count(), 0);
  await saddle.getByRole("button", { name: "Show the answer" }).click();
  await saddle.locator(".lesson-answer").waitFor();
  await app.finish();
});

test("a lesson's pointer scrolls to the chart it names and highlights it", async (t) => {
  const page = await openApp(t, { ...VIEWPORTS.desktop, query: "lesson=adagrad-stalls" });
  const app = new AppPage(page);
  const pointers = page.getByRole("group", { name: "Look at" });
  await pointers.getByRole("button", { name: "Effective learning rate chart" }).click();
  const chart = page.getByTestId("eff-lr-chart");
  await page.waitForFunction(() => document.querySelector("[data-testid=eff-lr-chart]").classList.contains("pointed"));
  await page.waitForFunction(() => {
    const r = document.querySelector("[data-testid=eff-lr-chart]").getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight + 1;
  });
  assert.ok(await chart.isVisible());
  await app.finish();
});

test("an unknown lesson in a link is listed in the notice and the app opens as usual", async (t) => {
  const page = await openApp(t, { ...VIEWPORTS.desktop, query: "lesson=nope" });
  await page.locator(".notice").getByText("lesson: no lesson 'nope'").waitFor();
  assert.equal(await page.getByRole("note").count(), 0);
  await new AppPage(page).finish();
});
