// The service worker: after one visit the app runs with no network.
//
// scripts/trunk-service-worker.mjs (a Trunk post_build hook) rewrites the BUILD line below in
// dist/sw.js: the build's files (relative to this worker, so the app works under any path)
// and a version made of their contents' sha256. A new build therefore is a new worker, which
// caches the new files, takes over, and deletes the caches of older builds.
//
// Navigations: network first (a new deployment shows at once), the cached index.html when
// offline. The build's files: cache first (their names carry Trunk's content hashes).
// Anything else is left to the network.

const BUILD = { version: "dev", files: [] };

const PREFIX = `rmsprop-lab ${self.registration.scope} `;
const CACHE = PREFIX + BUILD.version;
const urls = new Set(BUILD.files.map((f) => new URL(f, self.registration.scope).href));
const INDEX = new URL("index.html", self.registration.scope).href;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // `reload`: fresh from the server, never from the HTTP cache of an older build.
      await cache.addAll(BUILD.files.map((f) => new Request(new URL(f, self.registration.scope), { cache: "reload" })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    const url = new URL(request.url);
    // Only the app's own page (any query: the whole state lives there).
    if (url.href.split(/[?#]/)[0] !== self.registration.scope && url.href.split(/[?#]/)[0] !== INDEX) return;
    event.respondWith(
      fetch(request).catch(async () => (await caches.match(INDEX, { cacheName: CACHE })) ?? Response.error()),
    );
    return;
  }
  if (!urls.has(request.url)) return;
  event.respondWith(
    (async () => (await caches.match(request.url, { cacheName: CACHE })) ?? fetch(request))(),
  );
});
