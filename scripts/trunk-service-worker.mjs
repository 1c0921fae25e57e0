#!/usr/bin/env node
// Trunk post_build hook (run by scripts/trunk-post-build.mjs, after the CSP hashes): writes the
// build's file list and version into the service worker, dist/sw.js (from assets/app/sw.js).
//
// The list holds every file of the build but the worker itself, relative to it (so the app
// works under any path); the version is the first 16 hex digits of a sha256 over their names
// and contents. Trunk puts content hashes into the names of the wasm, JS and CSS, so any new
// build (or a changed icon, manifest or index.html) is a new version, which makes browsers
// install the new worker and drop the old cache.
//
//   node scripts/trunk-service-worker.mjs [DIR]   DIR defaults to $TRUNK_STAGING_DIR
//
// Rerunning it on a built directory recomputes the line (the browser tests do, to deploy a
// "new build").

import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

const WORKER = "sw.js";
const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("trunk-service-worker: no directory given and TRUNK_STAGING_DIR is not set");
  process.exit(1);
}

function walk(d) {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(d, e.name)) : e.isFile() ? [join(d, e.name)] : [],
  );
}

const files = walk(dir)
  .map((f) => relative(dir, f).split(sep).join("/"))
  .filter((f) => f !== WORKER)
  .sort();
if (!files.includes("index.html")) {
  console.error(`trunk-service-worker: ${dir} has no index.html`);
  process.exit(1);
}
const hash = createHash("sha256");
for (const f of files) {
  hash.update(f + "\0");
  hash.update(createHash("sha256").update(readFileSync(join(dir, f))).digest());
}
const version = hash.digest("hex").slice(0, 16);
const urls = files.map((f) => f.split("/").map(encodeURIComponent).join("/"));

const workerPath = join(dir, WORKER);
const source = readFileSync(workerPath, "utf8");
const line = /^const BUILD = .*;$/m;
if (!line.test(source)) {
  console.error(`trunk-service-worker: ${workerPath} has no "const BUILD = …;" line`);
  process.exit(1);
}
writeFileSync(workerPath, source.replace(line, `const BUILD = ${JSON.stringify({ version, files: urls })};`));
console.log(`trunk-service-worker: ${WORKER} caches ${files.length} files, version ${version}`);
