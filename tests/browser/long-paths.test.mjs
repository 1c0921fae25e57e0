// Long chaotic paths (10 000 steps at learning rates 4–8 cross the plot thousands of times)
// are too much to stroke in one frame: a changed path is drawn over the next frames, without
// stalling the page, and ends as exactly the picture the same scene draws from scratch.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, useBrowser } from "./harness.mjs";
import { openAppPage } from "./app-page.mjs";

useBrowser();

const SCENE = (lr) => `steps=10000&run=rmsprop,lr=${lr}&run=adagrad,lr=8&run=adam,lr=4`;
const LAYERS = ["[data-testid=surface-canvas]", ".layer-ghost"];

/** The layers' hashes once per frame until they have not changed for 10 frames. */
function hashesUntilSettled(page) {
  return page.evaluate(async (layers) => {
    const seen = [];
    let still = 0;
    while (still < 10 && seen.length < 600) {
      await new Promise((r) => requestAnimationFrame(r));
      const h = layers.map((s) => window.__lab.hash(s)).join(" ");
      still = seen.length && seen[seen.length - 1] === h ? still + 1 : 0;
      seen.push(h);
    }
    return seen;
  }, LAYERS);
}

async function settledAt(t, lr, step) {
  const app = await openAppPage(t, { ...VIEWPORTS.desktop, query: SCENE(lr) });
  await app.seek(step);
  const seen = await hashesUntilSettled(app.page);
  return { app, final: seen[seen.length - 1] };
}

test("a long path changed by a setting is finished over the next frames, as drawn afresh", async (t) => {
  const { app, final: before } = await settledAt(t, 6, 5000);
  await app.typeExact("RMSProp", "Learning rate", "7");
  const seen = await hashesUntilSettled(app.page);
  const distinct = new Set(seen);
  assert.ok(distinct.size >= 3, `the new path should grow over several frames (${distinct.size} pictures)`);
  assert.ok(seen.length < 600, "the drawing never settled");
  const after = seen[seen.length - 1];
  assert.notEqual(after, before);
  const { app: fresh, final: expected } = await settledAt(t, 7, 5000);
  assert.equal(after, expected, "the finished picture differs from the same scene drawn from scratch");
  await app.finish();
  await fresh.finish();
});
