// A run that leaves the window ends in a marker on the edge where it left, pointing the way
// it went, with the step: SGD at α = 1.05 on the elongated bowl (0.1x² + 2y²) overshoots
// along y at once, from (−4, 1.5) to (−3.16, −4.8), out through the bottom edge y = −3.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, openApp, useBrowser } from "./harness.mjs";
import { AppPage, installHelpers } from "./app-page.mjs";

useBrowser();

const WINDOW = { x: [-5, 5], y: [-3, 3] };
const [FROM, TO] = [[-4, 1.5], [-3.16, -4.8]];
const u = (-3 - FROM[1]) / (TO[1] - FROM[1]);
const EXIT = [FROM[0] + u * (TO[0] - FROM[0]), -3];

test("a run that flies off the map ends in an edge marker where it left", async (t) => {
  const page = await openApp(t, { ...VIEWPORTS.desktop, query: "surface=bowl&run=sgd,lr=1.05&run=rmsprop,lr=0.05&steps=100" });
  const app = new AppPage(page);
  await page.evaluate(installHelpers);
  await app.run("SGD").waitFor();
  await page.waitForFunction(() => window.__lab.measures("draw-paths") > 0);
  const color = await app.runColor("SGD");
  // The arrowhead (14 px long, 14 wide at its base) has its tip on the edge; 9 px back along
  // the path and 3 px to either side lies inside it but clear of the path's own line (1.1 px
  // each side of it).
  const [tip, from] = [await app.toCss(EXIT, WINDOW), await app.toCss(FROM, WINDOW)];
  const len = Math.hypot(tip.x - from.x, tip.y - from.y);
  const dir = [(tip.x - from.x) / len, (tip.y - from.y) / len];
  const beside = (side) => ({ x: tip.x - 9 * dir[0] - side * 3 * dir[1], y: tip.y - 9 * dir[1] + side * 3 * dir[0] });
  for (const side of [-1, 1]) {
    assert.ok((await app.colorNear(color, beside(side), 0.8)) > 0, `the edge marker's side ${side}`);
  }
  // At step 0 nothing has left: no marker.
  await app.seek(0);
  for (const side of [-1, 1]) assert.equal(await app.colorNear(color, beside(side), 0.8), 0);
  await app.finish();
});
