#!/usr/bin/env node
// Trunk post_build hook (see Trunk.toml): lets Trunk's inline loader script pass the strict
// Content-Security-Policy of index.html.
//
// Trunk 0.21 injects the wasm loader as an inline `<script type="module">`, which a
// `script-src 'self'` policy blocks. This hook reads the generated index.html in Trunk's staging
// directory, computes the sha256 of every inline <script> and appends `'sha256-…'` sources to
// the script-src directive of the CSP <meta>, so the policy stays free of 'unsafe-inline' and
// works on any static file host (no per-response nonce needed).
//
// A script that `trunk serve` rewrites per response (its autoreload script carries
// `{{__TRUNK_ADDRESS__}}` placeholders) cannot be hashed ahead of time: then the hook falls back
// to 'unsafe-inline' for scripts and says so. `trunk build` output and `trunk serve
// --no-autoreload` never contain such a script.

import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const stagingDir = process.env.TRUNK_STAGING_DIR;
if (!stagingDir) {
  console.error("trunk-csp-hashes: TRUNK_STAGING_DIR is not set (run me as a Trunk hook)");
  process.exit(1);
}
const htmlPath = join(stagingDir, "index.html");
let html = readFileSync(htmlPath, "utf8");

const cspMeta = /<meta\b[^>]*\bhttp-equiv\s*=\s*["']?Content-Security-Policy["']?[^>]*>/i;
const metaMatch = html.match(cspMeta);
if (!metaMatch) {
  console.error(`trunk-csp-hashes: no Content-Security-Policy <meta> in ${htmlPath}`);
  process.exit(1);
}
const contentMatch = metaMatch[0].match(/\bcontent\s*=\s*(["'])([\s\S]*?)\1/i);
if (!contentMatch) {
  console.error("trunk-csp-hashes: the Content-Security-Policy <meta> has no content attribute");
  process.exit(1);
}

// Inline scripts: <script ...>body</script> without a src attribute. The hash covers the exact
// characters between the tags, as the browser sees them.
const hashes = [];
let dynamic = 0;
for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
  const [, attrs, body] = m;
  if (/\bsrc\s*=/i.test(attrs)) continue;
  if (body.includes("{{__TRUNK_")) {
    dynamic += 1;
    continue;
  }
  // The HTML parser turns CR LF and lone CR into LF before the browser hashes the text.
  const text = body.replace(/\r\n?/g, "\n");
  hashes.push(`'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`);
}

const directives = contentMatch[2]
  .split(";")
  .map((d) => d.trim())
  .filter(Boolean);
let idx = directives.findIndex((d) => /^script-src\s/i.test(d) || d.toLowerCase() === "script-src");
if (idx < 0) {
  directives.push("script-src 'self'");
  idx = directives.length - 1;
}
const sources = directives[idx].split(/\s+/).filter((s) => !/^'sha256-/.test(s));
if (dynamic > 0) {
  // Dev serve with autoreload: its script changes per response, so no hash can match.
  if (!sources.includes("'unsafe-inline'")) sources.push("'unsafe-inline'");
  console.warn(
    `trunk-csp-hashes: ${dynamic} inline script(s) are rewritten at serve time (autoreload); ` +
      "script-src falls back to 'unsafe-inline' for this build (use --no-autoreload for a strict policy)",
  );
} else {
  sources.push(...hashes);
}
directives[idx] = sources.join(" ");

const newContent = directives.join("; ");
const newMeta = metaMatch[0].replace(contentMatch[0], `content="${newContent.replace(/"/g, "&quot;")}"`);
html = html.replace(metaMatch[0], newMeta);
writeFileSync(htmlPath, html);
console.log(
  `trunk-csp-hashes: script-src += ${dynamic > 0 ? "'unsafe-inline'" : hashes.length + " sha256 hash(es)"}`,
);
