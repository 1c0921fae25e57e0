// Data scenes: a model trained on rows. Picking one draws its loss surface; the generator's
// settings remake the rows and the map; the batch size changes the paths; the link keeps it
// all; a CSV file loads its rows, and a bad one is refused naming the row and column.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, screenshot, useBrowser } from "./harness.mjs";
import { openAppPage } from "./app-page.mjs";

useBrowser();

const BASE = ".layer-base";

async function openLinear(t) {
  const app = await openAppPage(t, VIEWPORTS.desktop);
  const before = await app.canvasHash(BASE);
  await app.surfaceSelect.selectOption("data:linear_regression");
  await app.waitForCanvasChange(BASE, before);
  await app.page.getByTestId("data-scene").waitFor();
  return app;
}

test("a data scene: generator settings remake the map, the batch size the paths, and a link keeps them", async (t) => {
  const app = await openLinear(t);
  const panel = app.page.getByTestId("data-scene");
  assert.match(await panel.innerText(), /64 rows, generated/);
  await screenshot(app.page, "data-linear");

  // The data view: the rows and each run's fitted line, which moves with playback.
  const view = app.page.getByTestId("data-view");
  await view.scrollIntoViewIfNeeded();
  const rms = await app.runColor("RMSProp");
  await app.seek(5);
  await app.page.waitForFunction((c) => window.__lab.mask("[data-testid=data-view] canvas", c).count > 20, rms);
  const early = await app.colorMask("[data-testid=data-view] canvas", rms);
  await app.seek(60);
  await app.page.waitForFunction(
    ([c, h]) => window.__lab.mask("[data-testid=data-view] canvas", c).hash !== h,
    [rms, early.hash],
  );
  await app.seek(1000);
  await app.page.evaluate(() => window.scrollTo(0, 0));

  // An uncentred feature: a different surface (the long valley in (w, b)).
  const map = await app.canvasHash(BASE);
  await panel.getByRole("textbox", { name: "feature mean (exact value)" }).fill("5");
  await panel.getByRole("textbox", { name: "feature mean (exact value)" }).press("Enter");
  await app.waitForCanvasChange(BASE, map);

  // Minibatches of 8: the gradients are the batches', so the paths change.
  const path = await app.pathMask("RMSProp");
  const size = panel.getByRole("textbox", { name: "Batch size (exact value)" });
  await size.fill("8");
  await size.press("Enter");
  await app.waitForPathChange("RMSProp", path);
  const drawn = await app.pathMask("RMSProp");
  // 8 batches an epoch, 124 epochs in 1000 updates: every 4th epoch's end is marked.
  assert.equal(await app.page.getByTestId("epoch-mark").count(), 31);

  // A batch larger than the rows is refused, named, and nothing changes.
  await size.fill("65");
  await size.press("Enter");
  const error = panel.locator(".param.invalid .field-error");
  await error.waitFor();
  assert.match(await error.innerText(), /Batch size: must be in \[1, 64\]/);
  assert.equal((await app.pathMask("RMSProp")).hash, drawn.hash);
  // A fraction is refused too, not rounded.
  await size.fill("2.5");
  await size.press("Enter");
  await app.page.waitForFunction(() =>
    document.querySelector("[data-testid=data-scene] .param.invalid .field-error")?.textContent.includes("whole number"),
  );
  assert.match(await error.innerText(), /Batch size: must be a whole number \(got 2\.5\); kept 8/);
  assert.equal((await app.pathMask("RMSProp")).hash, drawn.hash);

  // The address keeps the scene: the link, opened afresh, draws the same paths.
  await app.page.waitForFunction(() => location.search.includes("batch=8"));
  const search = await app.page.evaluate(() => location.search.slice(1));
  await app.finish();
  const again = await openAppPage(t, { ...VIEWPORTS.desktop, query: search });
  await again.page.getByTestId("data-scene").waitFor();
  assert.equal(await again.surfaceSelect.inputValue(), "data:linear_regression");
  assert.equal((await again.pathMask("RMSProp")).hash, drawn.hash, "the link drew other paths");
  await again.finish();
});

test("a CSV file loads its rows; a bad one names the row and column and keeps the scene", async (t) => {
  const app = await openLinear(t);
  const file = app.page.getByTestId("csv-file");
  await file.setInputFiles({
    name: "points.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("x1,x2,label\n1,2,1\n-1,0.5,0\n2,-1,1\n-2,-1.5,0\n0.5,1,0\n"),
  });
  await app.notice.waitFor();
  assert.match(await app.notice.innerText(), /Loaded points\.csv/);
  assert.equal(await app.surfaceSelect.inputValue(), "data:logistic_regression");
  assert.match(await app.page.getByTestId("data-scene").innerText(), /5 rows, from a file/);
  await app.notice.getByRole("button", { name: "Dismiss" }).click();

  const map = await app.canvasHash(BASE);
  await file.setInputFiles({
    name: "bad.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("x,y\n1,2\n3,abc\n"),
  });
  await app.notice.waitFor();
  assert.match(await app.notice.innerText(), /Could not import bad\.csv: row 3, column 2: .*abc.*The scene is unchanged/s);
  assert.equal(await app.surfaceSelect.inputValue(), "data:logistic_regression");
  assert.equal(await app.canvasHash(BASE), map);
  await app.finish();
});

test("minibatch contours: offered with minibatches only, drawn on the map, new at each step", async (t) => {
  const app = await openLinear(t);
  const toggle = app.page.getByRole("checkbox", { name: "Minibatch contours" });
  assert.equal(await toggle.count(), 0, "a full batch has no minibatch to draw");
  const size = app.page.getByTestId("data-scene").getByRole("textbox", { name: "Batch size (exact value)" });
  const path = await app.pathMask("RMSProp");
  await size.fill("4");
  await size.press("Enter");
  await app.waitForPathChange("RMSProp", path);
  // The minibatch's lines: the overlay's pale yellow, drawn translucent on the paths layer.
  const yellow = () =>
    app.page.evaluate(() => {
      const c = document.querySelector("[data-testid=surface-canvas]");
      const d = window.__lab.pixels(c);
      let count = 0;
      let hash = 2166136261;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i + 3] > 100 && Math.abs(d[i] - 255) + Math.abs(d[i + 1] - 214) + Math.abs(d[i + 2] - 102) <= 30) {
          count++;
          hash = Math.imul(hash ^ (i >> 2), 16777619) >>> 0;
        }
      }
      return { count, hash };
    });
  await app.seek(10);
  assert.ok((await yellow()).count < 50, "off by default");
  await toggle.check();
  await app.page.getByText("yellow lines: equal loss on the rows the next update uses").waitFor();
  let at10 = await yellow();
  for (let i = 0; i < 20 && at10.count < 200; i++) {
    await app.page.waitForTimeout(50);
    at10 = await yellow();
  }
  assert.ok(at10.count >= 200, `the lines are drawn (${at10.count} px)`);
  await app.seek(11);
  let at11 = await yellow();
  for (let i = 0; i < 20 && at11.hash === at10.hash; i++) {
    await app.page.waitForTimeout(50);
    at11 = await yellow();
  }
  assert.notEqual(at11.hash, at10.hash, "the next update's minibatch has other contours");
  // The link keeps the overlay.
  await app.page.waitForFunction(() => /overlays=[^&]*batch/.test(location.search));
  await screenshot(app.page, "data-batch-contours");
  await app.finish();
});
