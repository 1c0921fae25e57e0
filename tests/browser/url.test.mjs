// The state in the URL: changes reach the address bar without new history entries, the link
// reopens the same picture, bad values are listed in a notice, classroom mode, Copy link, and
// the page's security policy.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import {
  DIST_DIR,
  VIEWPORTS,
  assertNoConsoleErrors,
  horizontalOverflow,
  openApp,
  screenshot,
  useBrowser,
} from "./harness.mjs";
import { canvasData, exactField, noticeText, setExact, waitForUrl } from "./share_helpers.mjs";

useBrowser();

test("changes go to the URL and the link reopens the same picture", { timeout: 90_000 }, async (t) => {
  const page = await openApp(t, VIEWPORTS.desktop);
  const historyLength = await page.evaluate(() => history.length);
  await page.selectOption("#surface-select", "beale");
  await setExact(page, 0, "Learning rate", "0.0213");
  await page.locator(".run-card").nth(1).locator('input[type="range"]').first().fill("700");
  await page.locator(".run-card").nth(2).getByRole("button", { name: /^Show / }).click();
  await page.getByLabel("Step vs −gradient").check();
  await page.locator("#steps-input").fill("400");
  await page.locator("#steps-input").press("Enter");
  await page.locator(".timeline").fill("123");
  const search = await waitForUrl(page, (s) => s.includes("step=123") && s.includes("lr=0.0213"));
  assert.match(search, /surface=beale/);
  assert.match(search, /steps=400/);
  assert.match(search, /run=adam,lr=[^&]*hidden/);
  assert.match(search, /overlays=contours,arrows/);
  // The surface switch (a new scene) pushed one entry; every other change rewrote it.
  assert.equal(await page.evaluate(() => history.length), historyLength + 1);

  const before = {
    lr0: await exactField(page, 0, "Learning rate").inputValue(),
    lr1: await exactField(page, 1, "Learning rate").inputValue(),
    counter: await page.getByTestId("step-counter").innerText(),
    arrows: await page.getByLabel("Step vs −gradient").isChecked(),
    paths: await canvasData(page, ".layer-paths"),
    base: await canvasData(page, ".layer-base"),
  };
  assert.equal(before.lr0, "0.0213");
  assert.equal(before.counter.replace(/\s+/g, " "), "Step 123 / 400");

  const again = await openApp(t, { ...VIEWPORTS.desktop, query: search });
  assert.equal(await noticeText(again), "");
  assert.equal(await again.locator("#surface-select").inputValue(), "beale");
  assert.equal(await again.locator("#steps-input").inputValue(), "400");
  assert.equal(await exactField(again, 0, "Learning rate").inputValue(), before.lr0);
  assert.equal(await exactField(again, 1, "Learning rate").inputValue(), before.lr1);
  assert.equal(await again.getByTestId("step-counter").innerText(), before.counter);
  assert.equal(await again.getByLabel("Step vs −gradient").isChecked(), true);
  assert.equal(await again.locator(".run-card").nth(2).getByRole("button", { name: /^Show / }).getAttribute("aria-pressed"), "false");
  // The same paths, pixel for pixel, on the same heatmap.
  assert.ok((await canvasData(again, ".layer-paths")) === before.paths, "the paths differ after reload");
  assert.ok((await canvasData(again, ".layer-base")) === before.base, "the heatmap differs after reload");
  await assertNoConsoleErrors(page);
  await assertNoConsoleErrors(again);
});

test("a link with bad values lists them and loads the rest", { timeout: 60_000 }, async (t) => {
  const query =
    "surface=nope&steps=abc&run=rmsprop,lr=abc,decay=0.5&run=adam,lr=0.05&speed=99999&zoom=2&select=2";
  const page = await openApp(t, { ...VIEWPORTS.desktop, query });
  const notice = await noticeText(page);
  for (const line of [
    "Some settings in this link were ignored:",
    "'zoom': unknown setting — ignored",
    "surface: unknown surface 'nope' (known: bowl,",
    "steps: 'abc' is not a whole number — ignored",
    "lr of run 1: 'abc' is not a number — ignored",
    "speed: 99999 is out of range (from 1 to 2000) — ignored",
  ]) {
    assert.ok(notice.includes(line), `notice lacks "${line}":\n${notice}`);
  }
  // The rest loaded: two runs, run 1's good decay, run 2's rate, run 2 selected.
  assert.equal(await page.locator(".run-card").count(), 2);
  assert.equal(await exactField(page, 0, "Decay").inputValue(), "0.5");
  assert.equal(await exactField(page, 1, "Learning rate").inputValue(), "0.05");
  assert.equal(await page.locator(".run-card.selected .run-name").innerText(), "Adam");
  await screenshot(page, "url-bad-link-notice");
  await page.getByRole("button", { name: "Dismiss" }).click();
  assert.equal(await noticeText(page), "");
  await assertNoConsoleErrors(page);
});

test("classroom mode hides the controls and is kept in the link", { timeout: 60_000 }, async (t) => {
  const page = await openApp(t, { ...VIEWPORTS.desktop, query: "classroom=1" });
  assert.equal(await page.locator(".sidebar").isVisible(), false);
  await screenshot(page, "url-classroom-desktop");
  // Type for the back of the room: 18 px legends; the charts' type and label bands grow too,
  // which moves the plot's top edge (where the step marker starts) down.
  const sizes = () =>
    page.evaluate(() => ({
      legend: parseFloat(getComputedStyle(document.querySelector("ul.legend li")).fontSize),
      top: Number(/translate\([^,]+,\s*([\d.]+)px\)/.exec(document.querySelector(".chart .step-marker").style.transform)?.[1]),
    }));
  const big = await sizes();
  await page.getByRole("button", { name: "Show controls" }).click();
  assert.equal(await page.locator(".sidebar").isVisible(), true);
  await page.waitForFunction((top) => {
    const m = /translate\([^,]+,\s*([\d.]+)px\)/.exec(document.querySelector(".chart .step-marker").style.transform);
    return m && Number(m[1]) < top;
  }, big.top);
  const normal = await sizes();
  assert.ok(big.legend >= 18, `classroom legend ${big.legend} px`);
  assert.ok(normal.legend < big.legend, `legend ${normal.legend} px outside classroom mode`);
  assert.ok(big.top > normal.top, `plot top ${big.top} vs ${normal.top}`);
  await waitForUrl(page, (s) => s.includes("steps=") && !s.includes("classroom"));
  await page.getByRole("button", { name: "Classroom" }).click();
  assert.equal(await page.locator(".sidebar").isVisible(), false);
  await waitForUrl(page, (s) => s.includes("classroom=1"));
  await assertNoConsoleErrors(page);

  const phone = await openApp(t, { ...VIEWPORTS.phone, query: "classroom=1" });
  assert.equal(await phone.locator(".sidebar").isVisible(), false);
  const { scrollWidth, innerWidth } = await horizontalOverflow(phone);
  assert.ok(scrollWidth <= innerWidth, `overflow: ${scrollWidth} > ${innerWidth}`);
  // The map takes the phone's width (it was once squeezed into a sliver beside the legend).
  const mapWidth = await phone.evaluate(() => document.querySelector(".layer-base").getBoundingClientRect().width);
  assert.ok(mapWidth > 0.8 * innerWidth, `the map is ${mapWidth} px wide on a ${innerWidth} px phone`);
  await screenshot(phone, "url-classroom-phone");
  await assertNoConsoleErrors(phone);
});

test("Copy link copies the current URL, or shows it where copying is blocked", { timeout: 60_000 }, async (t) => {
  const page = await openApp(t, VIEWPORTS.desktop);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], {
    origin: new URL(page.url()).origin,
  });
  await setExact(page, 0, "Learning rate", "0.0345");
  // At once, without waiting for the URL's delay.
  await page.getByRole("button", { name: "Copy link" }).click();
  await page.getByText("Link copied").waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, page.url());
  assert.match(decodeURIComponent(copied), /run=rmsprop,lr=0\.0345/);
  await assertNoConsoleErrors(page);

  const blocked = await openApp(t, VIEWPORTS.desktop);
  await blocked.evaluate(() => Object.defineProperty(navigator, "clipboard", { value: undefined }));
  await blocked.getByRole("button", { name: "Copy link" }).click();
  const field = blocked.locator("#copy-link-text");
  await field.waitFor();
  assert.equal(await field.inputValue(), blocked.url());
  await screenshot(blocked, "url-copy-fallback");
  await assertNoConsoleErrors(blocked);
});

test("link text is shown as text, never as HTML, under a strict policy", { timeout: 60_000 }, async (t) => {
  const evil = '<img src=x onerror="window.__pwned=1">';
  const page = await openApp(t, {
    ...VIEWPORTS.desktop,
    query: `f=${encodeURIComponent(evil)}&surface=${encodeURIComponent("<b>bold</b>")}`,
  });
  const notice = await noticeText(page);
  assert.ok(notice.includes("formula: at position 0: unexpected character '<'"), notice);
  assert.ok(notice.includes("'<b>bold</b>'"), notice);
  assert.equal(await page.locator("img, .notice b").count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);

  // The built page's policy: only its own files, no eval, no remote connections.
  const html = readFileSync(join(DIST_DIR, "index.html"), "utf8");
  const csp = html.match(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/)?.[1];
  assert.ok(csp, "no CSP meta in dist/index.html");
  const directives = Object.fromEntries(
    csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...v]) => [name, v]),
  );
  assert.deepEqual(directives["default-src"], ["'self'"]);
  assert.deepEqual(directives["connect-src"], ["'self'"]);
  assert.deepEqual(directives["object-src"], ["'none'"]);
  for (const source of directives["script-src"]) {
    assert.match(source, /^('self'|'wasm-unsafe-eval'|'sha256-[A-Za-z0-9+/=]+')$/, `script-src ${source}`);
  }
  assert.ok(!csp.includes("http:") && !csp.includes("https:") && !csp.includes("*"), csp);
  await assertNoConsoleErrors(page);
});
