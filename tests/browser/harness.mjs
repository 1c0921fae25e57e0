// Browser test harness: serves the release build in dist/ and drives Debian's Chromium with
// playwright-core. No test runner but node's own (`node --test tests/browser/`).
//
//   import { test } from "node:test";
//   import { useBrowser, openApp, assertNoConsoleErrors, screenshot } from "./harness.mjs";
//   useBrowser(); // once per test file: static server + Chromium, closed after the file
//   test("…", async (t) => {
//     const page = await openApp(t, { width: 1280, height: 800 });
//     …
//     assertNoConsoleErrors(page);
//   });
//
// Environment:
//   CHROMIUM_PATH  browser binary (default /usr/bin/chromium)
//   APP_DIST       directory to serve (default <repo>/dist, built by `trunk build --release`)
//   APP_URL        test an already running server instead (e.g. scripts/serve's
//                  http://127.0.0.1:8080/); then APP_DIST is not served
//   HEADED=1       show the browser window (needs a display)
//
// useBrowser({ prefix: "/teach/rmsprop-lab/" }) serves dist/ under that path instead of at
// the root (as a static host's sub-directory), and openApp's default path is then the prefix.

import assert from "node:assert/strict";
import { after, before } from "node:test";
import { createServer } from "node:http";
import { createReadStream, existsSync, mkdirSync } from "node:fs";
import { stat } from "node:fs/promises";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const DIST_DIR = resolve(process.env.APP_DIST ?? join(REPO_ROOT, "dist"));
export const SCREENSHOT_DIR = join(REPO_ROOT, "target", "browser-screenshots");
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// Without the networking flags Chromium keeps trying to reach Google's hosts, which this
// machine's closed network refuses.
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** How long to wait for the wasm app to start (Trunk's `TrunkApplicationStarted` event). */
export const APP_START_TIMEOUT_MS = 20_000;

const MIME_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".webmanifest": "application/manifest+json",
};

// ---------------------------------------------------------------------------------------------
// Static file server

/**
 * Serves `root` on 127.0.0.1 at a free port. Paths without a file extension that match no
 * file fall back to index.html (single-page app, as `trunk serve` does). `headers` are added
 * to every response.
 *
 * `prefix` (e.g. "/teach/rmsprop-lab/"): serve `root` under that path only, as a static host
 * serves a sub-directory: the prefix without its slash redirects to it, and anything outside
 * it is a 404 (no index.html fallback), so an absolute URL in the app fails loudly.
 * @returns {Promise<{url: string, close: () => Promise<void>}>}
 */
export async function startStaticServer(root = DIST_DIR, headers = {}, { prefix = "/" } = {}) {
  const rootDir = resolve(root);
  const base = `/${prefix.replace(/^\/+|\/+$/g, "")}/`.replace(/^\/\/$/, "/");
  if (!existsSync(join(rootDir, "index.html"))) {
    throw new Error(
      `${join(rootDir, "index.html")} is missing: build the app first with ` +
        "`trunk build --release --offline` (scripts/test does)",
    );
  }
  const server = createServer(async (req, res) => {
    try {
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { Allow: "GET, HEAD" }).end();
        return;
      }
      let urlPath = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
      if (base !== "/") {
        if (urlPath === base.slice(0, -1)) {
          res.writeHead(301, { Location: base + new URL(req.url, "http://localhost").search }).end();
          return;
        }
        if (!urlPath.startsWith(base)) {
          res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
          return;
        }
        urlPath = urlPath.slice(base.length - 1);
      }
      let file = normalize(join(rootDir, urlPath));
      if (file !== rootDir && !file.startsWith(rootDir + sep)) {
        res.writeHead(403).end();
        return;
      }
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        file = join(file, "index.html");
        info = await stat(file).catch(() => null);
      }
      if (!info && extname(urlPath) === "") {
        file = join(rootDir, "index.html");
        info = await stat(file).catch(() => null);
      }
      if (!info?.isFile()) {
        res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
        return;
      }
      res.writeHead(200, {
        "Content-Type": MIME_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
        "Content-Length": info.size,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
        ...headers,
      });
      if (req.method === "HEAD") {
        res.end();
        return;
      }
      createReadStream(file).pipe(res);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", ok);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${base}`,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// Browser

let shared = null; // { baseUrl, browser, server }

/** Registers before/after hooks that start the server and Chromium once for this test file
 * (`options` as for startHarness). */
export function useBrowser(options = {}) {
  before(async () => {
    shared = await startHarness(options);
  });
  after(async () => {
    const s = shared;
    shared = null;
    await s?.close();
  });
}

/** The running harness of this test file ({ baseUrl, browser, server }), e.g. to stop its
 * server and prove the page no longer needs it. */
export function currentHarness() {
  return shared;
}

/** Reloads `page` (from openApp) and waits until the wasm app has started again. */
export async function reloadApp(page) {
  await page.reload({ waitUntil: "load" });
  await page.waitForFunction(
    () => window.__trunkStarted || window.__appFailed || window.__cspViolations.length > 0,
    null,
    { timeout: APP_START_TIMEOUT_MS },
  );
  const started = await page.evaluate(() => window.__trunkStarted);
  if (!started) {
    await collectCspViolations(page);
    throw new Error(`the app did not start again after a reload\n${formatDiagnostics(page.diagnostics)}`);
  }
}

/** Starts the static server (unless APP_URL is set; with extra response `headers`, under
 * `prefix`, serving `root`) and Chromium. */
export async function startHarness({ headers, prefix, root = DIST_DIR } = {}) {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: run \`scripts/setup --browser\``);
  }
  const server = process.env.APP_URL ? null : await startStaticServer(root, headers, { prefix });
  const baseUrl = process.env.APP_URL ?? server.url;
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: !process.env.HEADED,
      args: CHROMIUM_ARGS,
    });
  } catch (err) {
    await server?.close();
    throw err;
  }
  return {
    baseUrl,
    browser,
    server,
    close: async () => {
      await browser.close().catch(() => {});
      await server?.close();
    },
  };
}

/**
 * Opens the app in a fresh browser context and waits until the wasm app has started.
 *
 * Options: width, height (CSS px, default 1280×800), deviceScaleFactor (default 1),
 * query (string "a=1&b=2" or object, appended to the URL), path (default "/", or the
 * server's prefix; relative paths resolve against it), hash,
 * isMobile, hasTouch, colorScheme ("light" | "dark"), reducedMotion ("reduce" |
 * "no-preference"), waitForStart (default true: wait for Trunk's TrunkApplicationStarted),
 * firstVisit (default false: the app has been visited before, so no welcome race).
 *
 * The returned Playwright page carries `page.diagnostics`:
 *   { console: [{type, text, location}], pageErrors: [String], cspViolations: [Object],
 *     failedRequests: [{url, status|error}], url }
 * and the context is closed when test `t` ends.
 */
export async function openApp(t, options = {}) {
  if (!shared) throw new Error("call useBrowser() at the top of the test file");
  const {
    width = 1280,
    height = 800,
    deviceScaleFactor = 1,
    query,
    path = new URL(shared.baseUrl).pathname,
    hash,
    isMobile = false,
    hasTouch = false,
    colorScheme = "light",
    reducedMotion = "no-preference",
    waitForStart = true,
    firstVisit = false,
    // Called with the browser context before the page opens (e.g. to route a request).
    beforeLoad,
  } = options;

  const context = await shared.browser.newContext({
    viewport: { width, height },
    deviceScaleFactor,
    isMobile,
    hasTouch,
    colorScheme,
    reducedMotion,
  });
  t?.after?.(() => context.close().catch(() => {}));
  await beforeLoad?.(context);

  // Every test but the welcome race's opens the app as a returning visitor would: the first
  // visit plays a race instead of showing the default scene.
  if (!firstVisit) {
    await context.addInitScript(() => {
      try {
        localStorage.setItem("rmsprop-lab:visited", "1");
      } catch {}
    });
  }
  // Record CSP violations and the app start before any page script runs.
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations.push({
        directive: e.violatedDirective,
        blockedURI: e.blockedURI,
        sample: e.sample,
        source: `${e.sourceFile}:${e.lineNumber}`,
      });
    });
    window.__trunkStarted = false;
    window.__appFailed = false;
    addEventListener("TrunkApplicationStarted", () => {
      window.__trunkStarted = true;
    });
    // A blocked loader, a failed wasm start or a panic: stop waiting for the start at once.
    addEventListener("error", () => {
      window.__appFailed = true;
    });
    addEventListener("unhandledrejection", () => {
      window.__appFailed = true;
    });
  });

  const page = await context.newPage();
  const diagnostics = {
    console: [],
    pageErrors: [],
    cspViolations: [],
    failedRequests: [],
    url: "",
  };
  page.diagnostics = diagnostics;
  page.on("console", (msg) => {
    const type = msg.type();
    if (type === "error" || type === "warning") {
      const loc = msg.location();
      diagnostics.console.push({
        type,
        text: msg.text(),
        location: loc?.url ? `${loc.url}:${loc.lineNumber}` : "",
      });
    }
  });
  page.on("pageerror", (err) => diagnostics.pageErrors.push(String(err?.stack ?? err)));
  page.on("requestfailed", (req) =>
    diagnostics.failedRequests.push({ url: req.url(), error: req.failure()?.errorText }),
  );
  page.on("response", (res) => {
    if (res.status() >= 400) diagnostics.failedRequests.push({ url: res.url(), status: res.status() });
  });

  const url = new URL(path, shared.baseUrl);
  if (query) {
    url.search = typeof query === "string" ? query.replace(/^\?/, "") : new URLSearchParams(query).toString();
  }
  if (hash) url.hash = hash;
  diagnostics.url = url.href;

  await page.goto(url.href, { waitUntil: "load" });
  if (waitForStart) {
    let started = false;
    let cause;
    try {
      const state = await page.waitForFunction(
        () =>
          (window.__trunkStarted && "started") ||
          ((window.__appFailed || window.__cspViolations.length > 0) && "failed"),
        null,
        { timeout: APP_START_TIMEOUT_MS },
      );
      started = (await state.jsonValue()) === "started";
    } catch (err) {
      cause = err;
    }
    if (!started) {
      await collectCspViolations(page);
      await page.waitForTimeout(100); // let console/pageerror events arrive
      throw new Error(
        `the app did not start (${cause ? `no start within ${APP_START_TIMEOUT_MS} ms` : "failed"}) ` +
          `at ${url.href}\n${formatDiagnostics(diagnostics)}`,
        { cause },
      );
    }
  }
  return page;
}

async function collectCspViolations(page) {
  const d = page.diagnostics;
  if (page.isClosed()) return d.cspViolations;
  const found = await page.evaluate(() => window.__cspViolations ?? []).catch(() => []);
  d.cspViolations = found;
  return found;
}

function formatDiagnostics(d) {
  const lines = [];
  for (const m of d.console) lines.push(`  console.${m.type}: ${m.text} ${m.location}`);
  for (const e of d.pageErrors) lines.push(`  page error: ${e}`);
  for (const v of d.cspViolations) lines.push(`  CSP violation: ${JSON.stringify(v)}`);
  for (const r of d.failedRequests) lines.push(`  failed request: ${r.url} ${r.status ?? r.error}`);
  return lines.length ? lines.join("\n") : "  (no console messages, errors or failed requests)";
}

/**
 * Fails when the page logged a console error (or warning, unless allowWarnings), threw an
 * uncaught error, violated the Content-Security-Policy or had a failed request.
 * `ignore`: regexes for console texts/URLs that are expected.
 */
export async function assertNoConsoleErrors(page, { allowWarnings = false, ignore = [] } = {}) {
  const d = page.diagnostics;
  assert.ok(d, "assertNoConsoleErrors needs a page from openApp()");
  await collectCspViolations(page);
  const ignored = (s) => ignore.some((re) => re.test(s));
  const bad = {
    ...d,
    console: d.console.filter(
      (m) => (m.type === "error" || !allowWarnings) && !ignored(m.text) && !ignored(m.location),
    ),
    pageErrors: d.pageErrors.filter((e) => !ignored(e)),
    failedRequests: d.failedRequests.filter((r) => !ignored(r.url)),
  };
  const count =
    bad.console.length + bad.pageErrors.length + bad.cspViolations.length + bad.failedRequests.length;
  assert.equal(count, 0, `page ${d.url} reported problems:\n${formatDiagnostics(bad)}`);
}

/** Saves a PNG of the page to target/browser-screenshots/<name>.png and returns its path. */
export async function screenshot(page, name, { fullPage = true } = {}) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, "_")}.png`);
  await page.screenshot({ path: file, fullPage, animations: "disabled" });
  return file;
}

/** Widths of the viewport and the scrollable document, in CSS px. */
export function horizontalOverflow(page) {
  return page.evaluate(() => ({
    scrollWidth: document.scrollingElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
}

/** Common viewports. */
export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};
