#!/usr/bin/env node
// Trunk's post_build hook (Trunk.toml), in order: Trunk runs the hooks of one stage at the
// same time, and the service worker's version covers index.html as the CSP hook leaves it.
//   1. scripts/trunk-csp-hashes.mjs     the inline loader's sha256 into the CSP of index.html
//   2. scripts/trunk-service-worker.mjs the build's files and version into sw.js
await import("./trunk-csp-hashes.mjs");
await import("./trunk-service-worker.mjs");
