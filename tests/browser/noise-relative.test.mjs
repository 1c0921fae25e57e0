// Noise relative to the gradient at the start: σ × |∇f(start)|, said in the noise panel,
// kept in the link (noise=σ,relative), recomputed when the start moves.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, useBrowser } from "./harness.mjs";
import { openAppPage } from "./app-page.mjs";
import { waitForUrl } from "./share_helpers.mjs";

useBrowser();

/** |∇f| of Rosenbrock (1 − x)² + 100(y − x²)² at (x, y). */
const gradSize = (x, y) => Math.hypot(-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x));

test("a relative σ is a multiple of |∇f(start)| and follows the start", { timeout: 60_000 }, async (t) => {
  const app = await openAppPage(t, { ...VIEWPORTS.desktop, query: "surface=rosenbrock&start=-1.5,2&noise=0.5" });
  const used = app.page.getByTestId("noise-used");
  assert.equal(await used.innerText(), "", "nothing to explain for an absolute σ");
  const before = await app.pathMask("Adam");
  await app.page.getByLabel("relative to |∇f(start)|").check();
  await app.waitForPathChange("Adam", before);
  const m = /^σ = 0\.5 × \|∇f\(start\)\| = ([\d.]+)$/.exec(await used.innerText());
  assert.ok(m, await used.innerText());
  assert.ok(Math.abs(Number(m[1]) - 0.5 * gradSize(-1.5, 2)) < 0.01, m[1]);
  const search = await waitForUrl(app.page, (s) => s.includes("noise=0.5,relative"));
  // A start where the valley is flatter: a smaller σ.
  await app.page.keyboard.press("Escape");
  const again = await openAppPage(t, { ...VIEWPORTS.desktop, query: search.replace(/start=[^&]*/, "start=0.5,0.3") });
  const m2 = /= ([\d.]+)$/.exec(await again.page.getByTestId("noise-used").innerText());
  assert.ok(m2 && Math.abs(Number(m2[1]) - 0.5 * gradSize(0.5, 0.3)) < 0.01, m2?.[1]);
  assert.equal(await again.page.getByLabel("relative to |∇f(start)|").isChecked(), true);
  await app.finish();
  await again.finish();
});
