// Helpers shared by the share/export/import/formula browser tests.
import assert from "node:assert/strict";

/** The notice's text ("" when there is none). */
export async function noticeText(page) {
  const n = page.locator(".notice");
  return (await n.count()) ? n.innerText() : "";
}

/** Waits until the address bar's query satisfies `pred` (the URL follows changes after a delay). */
export async function waitForUrl(page, pred, what = "the URL to update") {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const search = new URL(page.url()).search;
    if (pred(decodeURIComponent(search))) return search;
    await page.waitForTimeout(50);
  }
  assert.fail(`timed out waiting for ${what}; URL is ${page.url()}`);
}

/** The canvas as a data URL: equal pictures give equal strings. */
export function canvasData(page, selector) {
  return page.locator(selector).evaluate((c) => c.toDataURL());
}

/** The exact-value field of setting `label` in run card `index` (0-based). */
export function exactField(page, index, label) {
  return page.locator(".run-card").nth(index).locator(`input[aria-label="${label} (exact value)"]`);
}

/** Types `value` into an exact-value field and commits it (Enter fires `change`). */
export async function setExact(page, index, label, value) {
  const field = exactField(page, index, label);
  await field.fill(String(value));
  await field.press("Enter");
}

/** Opens the Export menu and clicks `label`, returning the download's file name and bytes. */
export async function exportFile(page, label) {
  await page.locator("details.menu > summary").click();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.locator(".menu-items").getByRole("button", { name: label }).click(),
  ]);
  const stream = await download.createReadStream();
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  return { name: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
}
