// Smoke test: the release build loads in Chromium, mounts the app, and is clean.
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

test("desktop: the app starts and shows its heading", { timeout: 60_000 }, async (t) => {
  const page = await openApp(t, VIEWPORTS.desktop);
  assert.equal(await page.title(), "rmsprop-lab — optimizer trajectories on loss surfaces");
  const h1 = page.locator("h1").first();
  await h1.waitFor({ state: "visible" });
  assert.match(await h1.innerText(), /rmsprop-lab/);
  await screenshot(page, "smoke-desktop-1280x800");
  await assertNoConsoleErrors(page);
});

test("phone: the app starts and has no horizontal overflow", { timeout: 60_000 }, async (t) => {
  const page = await openApp(t, VIEWPORTS.phone);
  await page.locator("h1").first().waitFor({ state: "visible" });
  const { scrollWidth, innerWidth } = await horizontalOverflow(page);
  assert.ok(
    scrollWidth <= innerWidth,
    `horizontal overflow at phone width: scrollWidth ${scrollWidth} > innerWidth ${innerWidth}`,
  );
  await screenshot(page, "smoke-phone-390x844");
  await assertNoConsoleErrors(page);
});
