// The wasm build reads decimals with the browser's parseFloat after checking Rust's syntax
// (core::decimal): the hard roundings in tests/data/decimal_cases.json, which tests/decimal.rs
// checks with Rust's own parser, must give the same doubles here, from a link and typed.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { REPO_ROOT, VIEWPORTS, assertNoConsoleErrors, openApp, useBrowser } from "./harness.mjs";
import { exactField, noticeText, setExact } from "./share_helpers.mjs";

useBrowser();

const { cases } = JSON.parse(readFileSync(join(REPO_ROOT, "tests/data/decimal_cases.json"), "utf8"));

test("a link's hard decimals are read as Rust reads them", { timeout: 60_000 }, async (t) => {
  // Eight runs per link (the most there may be).
  for (let from = 0; from < cases.length; from += 8) {
    const batch = cases.slice(from, from + 8);
    const query = batch.map(([text]) => `run=sgd,lr=${encodeURIComponent(text)}`).join("&");
    const page = await openApp(t, { ...VIEWPORTS.desktop, query: `?${query}` });
    assert.equal(await noticeText(page), "");
    for (const [i, [text, shortest]] of batch.entries()) {
      assert.equal(await exactField(page, i, "Learning rate").inputValue(), shortest, text);
    }
    await assertNoConsoleErrors(page);
  }
});

test("typed decimals too, and text outside Rust's syntax is refused", { timeout: 60_000 }, async (t) => {
  const page = await openApp(t, VIEWPORTS.desktop);
  for (const [text, shortest] of cases) {
    await setExact(page, 0, "Learning rate", text);
    assert.equal(await exactField(page, 0, "Learning rate").inputValue(), shortest, text);
  }
  // JavaScript's parser would take these (a prefix, hex, "Infinity"); Rust's syntax does not.
  for (const text of ["1e", "0x10", "5px", "1_0"]) {
    await setExact(page, 0, "Learning rate", text);
    const error = page.locator(".run-card").first().locator(".field-error");
    await assert.doesNotReject(error.filter({ hasText: `'${text}' is not a number` }).waitFor());
    assert.equal(await exactField(page, 0, "Learning rate").inputValue(), text);
  }
  await assertNoConsoleErrors(page);
});
