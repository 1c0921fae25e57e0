// Offline: after one visit the service worker has cached the build, and the app reloads and
// works with no network (and no server). A new build deployed to the same place replaces the
// cached one on the next visit, and the old cache is deleted.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { DIST_DIR, REPO_ROOT, VIEWPORTS, currentHarness, openApp, reloadApp, useBrowser } from "./harness.mjs";
import { AppPage } from "./app-page.mjs";

// A copy of dist/, so that this file can deploy a "new build" over it.
const DEPLOY = mkdtempSync(join(tmpdir(), "rmsprop-lab-deploy-"));
cpSync(DIST_DIR, DEPLOY, { recursive: true });
after(() => rmSync(DEPLOY, { recursive: true, force: true }));

useBrowser({ root: DEPLOY });

/** Waits until the service worker controls the page; returns the app's cache names. */
async function waitForOfflineCopy(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
  return page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith("rmsprop-lab ")));
}

async function cachedFiles(page, cacheName) {
  return page.evaluate(
    async (name) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname),
    cacheName,
  );
}

function swVersion() {
  return JSON.parse(readFileSync(join(DEPLOY, "sw.js"), "utf8").match(/^const BUILD = (.*);$/m)[1]).version;
}

test("a new build deployed over the old one replaces it, and the old cache goes", async (t) => {
  const page = await openApp(t, VIEWPORTS.desktop);
  const app = new AppPage(page);
  await app.waitReady();
  const v1 = swVersion();
  assert.match(v1, /^[0-9a-f]{16}$/, "the build hook wrote a version into sw.js");
  assert.deepEqual(await waitForOfflineCopy(page), [`rmsprop-lab ${new URL("./", page.url()).href} ${v1}`]);

  // "Deploy" a new build: a changed index.html, and sw.js rewritten as the build hook does.
  const index = join(DEPLOY, "index.html");
  writeFileSync(index, readFileSync(index, "utf8").replace("</body>", "<!-- build 2 --></body>"));
  execFileSync("node", [join(REPO_ROOT, "scripts", "trunk-service-worker.mjs"), DEPLOY]);
  const v2 = swVersion();
  assert.notEqual(v2, v1, "a changed file is a new version");

  await reloadApp(page);
  assert.match(await page.content(), /<!-- build 2 -->/, "the reload shows the new build at once");
  const want = [`rmsprop-lab ${new URL("./", page.url()).href} ${v2}`];
  let names = [];
  for (const end = Date.now() + 15_000; Date.now() < end; await page.waitForTimeout(100)) {
    names = await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith("rmsprop-lab ")));
    if (JSON.stringify(names) === JSON.stringify(want)) break;
  }
  assert.deepEqual(names, want, "the new worker took over and deleted the old build's cache");
  const html = await page.evaluate(async (name) => {
    const res = await (await caches.open(name)).match(new URL("index.html", location.href));
    return res?.text();
  }, want[0]);
  assert.match(html ?? "", /<!-- build 2 -->/, "the new index.html is the cached one");
  await app.finish();
});

test("after one visit the app reloads and works with no network and no server", async (t) => {
  const page = await openApp(t, VIEWPORTS.desktop);
  const app = new AppPage(page);
  await app.waitReady();
  const [cache] = await waitForOfflineCopy(page);
  const files = await cachedFiles(page, cache);
  for (const re of [/\/index\.html$/, /_bg\.wasm$/, /\.js$/, /\.css$/, /manifest\.webmanifest$/, /icon-192\.png$/, /\/lessons\.json$/]) {
    assert.ok(files.some((f) => re.test(f)), `the cache holds ${re}: ${files.join(", ")}`);
  }
  assert.ok(!files.some((f) => f.endsWith("/sw.js")), "the worker is not cached by itself");

  await page.context().setOffline(true);
  await currentHarness().server.close();
  await reloadApp(page);
  await app.waitReady();
  assert.equal(await page.evaluate(() => navigator.onLine), false);

  // Use it: a slider redraws its run, a surface switch redraws the heatmap.
  const before = await app.pathMask("RMSProp");
  await app.slider("RMSProp", "Learning rate").fill("700");
  await app.waitForPathChange("RMSProp", before);
  const base = await app.canvasHash(".surface-view canvas.layer-base");
  await app.surfaceSelect.selectOption("himmelblau");
  await app.waitForCanvasChange(".surface-view canvas.layer-base", base);
  // The lessons' texts come from the cache too.
  await page.locator(".lessons").getByRole("button", { name: "AdaGrad stalls, RMSProp keeps going" }).click();
  await page.getByRole("note", { name: /Lesson: AdaGrad stalls/ }).waitFor();
  await app.finish();
});
