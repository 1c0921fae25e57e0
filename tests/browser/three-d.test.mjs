// The 3D view: the "3D view" toggle shows a WebGL2 landscape of the loss surface (read back
// through the canvas, which keeps its drawing buffer), linked both ways with the map, the
// sliders and the timeline, with an orbit camera kept in the URL.
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { SCREENSHOT_DIR, VIEWPORTS, horizontalOverflow, screenshot, useBrowser } from "./harness.mjs";
import { openAppPage } from "./app-page.mjs";
import { exportFile, waitForUrl } from "./share_helpers.mjs";

useBrowser();

const CANVAS = "[data-testid=three-d-canvas]";
// SwiftShader reports reading back a WebGL canvas as a performance note, not a problem.
const FINISH = { ignore: [/GPU stall due to ReadPixels/] };

/** Opens the app and turns the 3D view on with its toggle. */
async function openWith3d(t, viewport = VIEWPORTS.desktop, query) {
  const app = await openAppPage(t, { ...viewport, query });
  const toggle = app.page.getByRole("button", { name: "3D view", exact: true });
  if ((await toggle.getAttribute("aria-pressed")) !== "true") await toggle.click();
  assert.equal(await toggle.getAttribute("aria-pressed"), "true");
  await waitForPicture(app);
  return app;
}

/** Waits until the 3D canvas shows a picture of many colours; returns how many. */
async function waitForPicture(app) {
  const handle = await app.page.waitForFunction((s) => {
    const c = document.querySelector(s);
    if (!c || c.width < 10) return false;
    const d = window.__lab.pixels(c);
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4 * 7) if (d[i + 3] > 0) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size > 300 && seen.size;
  }, CANVAS, { timeout: 10_000 });
  return handle.jsonValue();
}

function hash(app) {
  return app.canvasHash(CANVAS);
}

async function waitForChange(app, before, what) {
  try {
    await app.waitForCanvasChange(CANVAS, before, 5_000);
  } catch (err) {
    throw new Error(`the 3D picture did not change after ${what}`, { cause: err });
  }
}

/** The camera as the URL keeps it, or the default when the URL has none. */
function cameraOf(search) {
  const m = /camera=([^&]+)/.exec(decodeURIComponent(search));
  return m ? m[1].split(",").map(Number) : null;
}

test("the 3D view toggle shows a WebGL picture of the surface with a name and a text alternative", { timeout: 60_000 }, async (t) => {
  const app = await openWith3d(t);
  const canvas = app.page.getByRole("img", { name: "3D view of the loss surface" });
  await canvas.waitFor();
  const colours = await waitForPicture(app);
  assert.ok(colours > 300, `${colours} colours`);
  const kind = await app.page.locator(CANVAS).evaluate((c) => c.getContext("webgl2") !== null);
  assert.ok(kind, "the canvas has a WebGL2 context");
  const description = await app.page.locator("#three-d-description").innerText();
  assert.match(description, /Rosenbrock/);
  assert.match(description, /RMSProp at \(/);
  // Side by side on a wide screen: the map stays.
  assert.ok(await app.pathsCanvas.isVisible());
  await waitForUrl(app.page, (s) => s.includes("view=both"), "view=both in the URL");
  // Off again: the map alone.
  await app.page.getByRole("button", { name: "3D view", exact: true }).click();
  assert.ok(!(await app.page.locator(CANVAS).isVisible()));
  await waitForUrl(app.page, (s) => !s.includes("view="), "view= to leave the URL");
  await app.finish(FINISH);
});

test("dragging rotates the 3D view, and it stays still when idle", { timeout: 60_000 }, async (t) => {
  const app = await openWith3d(t);
  const box = await app.page.locator(CANVAS).boundingBox();
  // Idle: no frames drawn, the same picture.
  const still = await hash(app);
  const draws = await app.measureCount("draw-3d");
  await app.page.waitForTimeout(600);
  assert.equal(await hash(app), still, "the idle picture changed");
  assert.equal(await app.measureCount("draw-3d"), draws, "frames drawn while idle");
  // Drag from the top margin (sky), sideways.
  const y = box.y + 20;
  await app.page.mouse.move(box.x + 100, y);
  await app.page.mouse.down();
  for (let i = 1; i <= 8; i++) await app.page.mouse.move(box.x + 100 + i * 15, y);
  await app.page.mouse.up();
  await waitForChange(app, still, "a drag");
  const search = await waitForUrl(app.page, (s) => s.includes("camera="), "the camera in the URL");
  const [yaw, pitch] = cameraOf(search);
  assert.ok(yaw < -60, `yaw ${yaw}: dragging right turns the view`);
  assert.equal(pitch, 38);
  // A drag is not a click: the start stayed.
  assert.deepEqual(await app.startFromScene(), [-1.5, 2]);
  // The arrow keys orbit when the view has focus; Reset view returns to the default.
  const afterDrag = await hash(app);
  await app.page.locator(CANVAS).focus();
  await app.page.keyboard.press("ArrowUp");
  await waitForChange(app, afterDrag, "ArrowUp");
  await app.page.getByRole("button", { name: "Reset view" }).click();
  await waitForUrl(app.page, (s) => !s.includes("camera="), "the default camera");
  await app.page.waitForFunction(([s, h]) => window.__lab.hash(s) === h, [CANVAS, still]);
  await app.finish(FINISH);
});

test("a slider move and the timeline change the 3D picture", { timeout: 60_000 }, async (t) => {
  const app = await openWith3d(t);
  const before = await hash(app);
  await app.slider("RMSProp", "Learning rate").fill("300");
  await waitForChange(app, before, "a learning-rate slider move");
  // Stepping moves the heads.
  await app.resetButton.click();
  await app.waitForStep({ min: 0, max: 0 });
  await app.frames(2);
  const atZero = await hash(app);
  await app.stepButton.click();
  await app.waitForStep({ min: 1, max: 1 });
  await waitForChange(app, atZero, "a step");
  // The same state draws the same picture.
  await app.resetButton.click();
  await app.waitForStep({ min: 0, max: 0 });
  await app.waitForCanvasHash(CANVAS, atZero);
  await app.finish(FINISH);
});

test("clicking the 3D surface moves the start (the exported scenario starts there)", { timeout: 60_000 }, async (t) => {
  const app = await openWith3d(t);
  const box = await app.page.locator(CANVAS).boundingBox();
  const readout = app.page.getByTestId("three-d-readout");
  // Hovering reads out the point under the pointer.
  await app.page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.62);
  await app.page.waitForFunction(() => /^x .*, y .*, loss /.test(document.querySelector("[data-testid=three-d-readout]").textContent));
  const text = await readout.innerText();
  const [, hx, hy] = /^x ([^,]+), y ([^,]+), loss/.exec(text).map(String);
  const before = await hash(app);
  await app.page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.62);
  await waitForChange(app, before, "a click");
  const start = await app.startFromScene();
  assert.notDeepEqual(start, [-1.5, 2]);
  // Where the hover said the pointer was (the readout rounds to a few digits).
  assert.ok(Math.abs(start[0] - Number(hx)) < 0.02 && Math.abs(start[1] - Number(hy)) < 0.02, `${start} vs ${hx}, ${hy}`);
  const scenario = JSON.parse((await exportFile(app.page, "Scenario (JSON)")).bytes.toString("utf8"));
  assert.ok(Math.abs(scenario.start[0] - start[0]) < 1e-3 && Math.abs(scenario.start[1] - start[1]) < 1e-3, `${scenario.start} vs ${start}`);
  await app.finish(FINISH);
});

test("the start marker drags along the 3D surface; the height control changes the relief", { timeout: 60_000 }, async (t) => {
  const app = await openWith3d(t);
  const box = await app.page.locator(CANVAS).boundingBox();
  const p = { x: box.x + box.width * 0.45, y: box.y + box.height * 0.6 };
  // A click puts the start under the pointer; pressing there grabs it.
  await app.page.mouse.click(p.x, p.y);
  await app.page.waitForFunction(() => !/start \(-1\.5, 2\)/.test(document.body.innerText));
  const clicked = await app.startFromScene();
  const url = new URL(app.page.url()).search;
  await app.page.mouse.move(p.x, p.y);
  await app.page.mouse.down();
  for (let i = 1; i <= 6; i++) await app.page.mouse.move(p.x + i * 8, p.y - i * 3);
  await app.page.mouse.up();
  const dragged = await app.startFromScene();
  assert.notDeepEqual(dragged, clicked, "the start followed the drag");
  // Dragging the start is not an orbit: the camera stayed.
  assert.equal(cameraOf(new URL(app.page.url()).search), cameraOf(url));
  const before = await hash(app);
  const height = app.page.getByRole("slider", { name: /^Height/ });
  await height.fill("1");
  await waitForChange(app, before, "a height exaggeration of 2");
  await waitForUrl(app.page, (s) => s.includes("zscale=2"), "zscale=2 in the URL");
  await app.finish(FINISH);
});

test("the 3D view comes back from a link, and the PNG export is the 3D picture", { timeout: 60_000 }, async (t) => {
  const app = await openWith3d(t, VIEWPORTS.desktop, "view=3d&camera=30,60,1.2&height=linear&zscale=2");
  assert.ok(!(await app.pathsCanvas.isVisible()), "3D alone hides the map");
  const log = app.page.getByRole("button", { name: "Log height" });
  assert.equal(await log.getAttribute("aria-pressed"), "false");
  const linear = await hash(app);
  await log.click();
  await waitForChange(app, linear, "log height");
  await waitForUrl(app.page, (s) => s.includes("camera=30,60,1.2") && !s.includes("height="), "log height in the URL");
  const [w] = await app.page.locator(CANVAS).evaluate((c) => [c.width, c.height]);
  const png = await exportFile(app.page, "Image of the surface (PNG)");
  assert.equal(png.bytes.readUInt32BE(16), w, "the PNG is as wide as the 3D canvas");
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  writeFileSync(join(SCREENSHOT_DIR, "three-d-export.png"), png.bytes);
  await app.finish(FINISH);
});

test("a lost WebGL context shows a message and the picture returns when restored", { timeout: 60_000 }, async (t) => {
  const app = await openWith3d(t);
  await app.page.evaluate((s) => {
    const ext = document.querySelector(s).getContext("webgl2").getExtension("WEBGL_lose_context");
    window.__lose = ext;
    ext.loseContext();
  }, CANVAS);
  await app.page.getByText(/lost its graphics context/).waitFor();
  await app.page.evaluate(() => window.__lose.restoreContext());
  await app.page.getByText(/lost its graphics context/).waitFor({ state: "hidden" });
  await waitForPicture(app);
  await app.finish(FINISH);
});

for (const [label, viewport] of [["desktop", VIEWPORTS.desktop], ["phone", VIEWPORTS.phone]]) {
  test(`${label}: the 3D view fits the screen, crisp at the device pixel ratio`, { timeout: 60_000 }, async (t) => {
    const app = await openWith3d(t, viewport);
    const { scrollWidth, innerWidth } = await horizontalOverflow(app.page);
    assert.ok(scrollWidth <= innerWidth, `page ${scrollWidth} px wide in ${innerWidth}`);
    const [w, cssW, dpr] = await app.page
      .locator(CANVAS)
      .evaluate((c) => [c.width, c.getBoundingClientRect().width, window.devicePixelRatio]);
    assert.ok(Math.abs(w - cssW * dpr) <= 1, `${w} device px for ${cssW} CSS px at ${dpr}`);
    if (label === "phone") {
      // Too narrow for both: the 3D view alone.
      assert.ok(!(await app.pathsCanvas.isVisible()));
      assert.ok(!(await app.page.getByRole("button", { name: "Side by side" }).isVisible()));
    }
    await app.page.locator(CANVAS).scrollIntoViewIfNeeded();
    await screenshot(app.page, `three-d-${label}`, { fullPage: false });
    await app.finish(FINISH);
  });
}
