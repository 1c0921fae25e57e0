// Any path: dist/ served from a sub-directory (/teach/rmsprop-lab/, as on a static host),
// with nothing outside it. Every asset, the service worker and the manifest must load from
// there: an absolute URL would be a 404 (failed request) and fail the test.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, currentHarness, openApp, useBrowser } from "./harness.mjs";
import { AppPage } from "./app-page.mjs";

const PREFIX = "/teach/rmsprop-lab/";
useBrowser({ prefix: PREFIX });

test("served under a sub-path, the app loads, reads its link and works", async (t) => {
  const page = await openApp(t, { ...VIEWPORTS.desktop, query: "surface=himmelblau" });
  const app = new AppPage(page);
  await app.waitReady();
  assert.equal(new URL(page.url()).pathname, PREFIX);
  assert.equal(await app.surfaceSelect.inputValue(), "himmelblau", "the link's surface is shown");

  const resources = await page.evaluate(() => performance.getEntriesByType("resource").map((r) => r.name));
  assert.ok(resources.some((u) => u.endsWith(".wasm")), `the wasm was loaded: ${resources}`);
  for (const u of resources) {
    assert.ok(new URL(u).pathname.startsWith(PREFIX), `${u} is outside ${PREFIX}`);
  }

  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(new URL(scope).pathname, PREFIX, "the service worker's scope is the sub-path");

  const before = await app.pathMask("RMSProp");
  await app.slider("RMSProp", "Learning rate").fill("300");
  await app.waitForPathChange("RMSProp", before);
  await app.finish();
});

test("the sub-path without its slash redirects to the app", async (t) => {
  const page = await openApp(t, { ...VIEWPORTS.desktop, path: PREFIX.slice(0, -1) });
  assert.equal(new URL(page.url()).pathname, PREFIX);
  await new AppPage(page).waitReady();
});

test("the manifest and its icons load from the sub-path (installable)", async (t) => {
  const page = await openApp(t, VIEWPORTS.desktop);
  const href = await page.evaluate(() => document.querySelector('link[rel="manifest"]').href);
  assert.equal(new URL(href).pathname, `${PREFIX}manifest.webmanifest`);
  const res = await fetch(href);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type"), /^application\/manifest\+json/);
  const manifest = await res.json();
  assert.equal(manifest.display, "standalone");
  assert.equal(new URL(manifest.start_url, href).pathname, PREFIX);
  assert.equal(new URL(manifest.scope, href).pathname, PREFIX);
  const sizes = new Set();
  for (const icon of manifest.icons) {
    const url = new URL(icon.src, href);
    assert.ok(url.pathname.startsWith(PREFIX), `${url} is outside ${PREFIX}`);
    const r = await fetch(url);
    assert.equal(r.status, 200, `${url}`);
    const bytes = Buffer.from(await r.arrayBuffer());
    if (icon.type === "image/png") {
      assert.equal(bytes.subarray(1, 4).toString("latin1"), "PNG", `${url} is a PNG`);
      const [w, h] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
      assert.equal(`${w}x${h}`, icon.sizes, `${url}: its size`);
      sizes.add(w);
    } else {
      assert.match(bytes.toString("utf8"), /^<svg /, `${url} is an SVG`);
    }
  }
  assert.ok(sizes.has(192) && sizes.has(512), "192 and 512 px icons, as browsers want to install");
  const icon = await page.evaluate(() => document.querySelector('link[rel="icon"]').href);
  assert.equal((await fetch(icon)).status, 200);
  // Nothing is served outside the sub-path.
  assert.equal((await fetch(new URL("/index.html", currentHarness().baseUrl))).status, 404);
  await new AppPage(page).finish();
});
