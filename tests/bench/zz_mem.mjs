import { startHarness } from "../browser/harness.mjs";
import { ISOLATION_HEADERS, addRuns, openPage, runNames, setSteps, startPlayback, stopPlayback, sweepTime } from "./helpers.mjs";
const h = await startHarness({ headers: ISOLATION_HEADERS });
try {
  const page = await openPage(h);
  await addRuns(page, ["rmsprop", "adagrad", "adam"]);
  await setSteps(page, 10000);
  const names = await runNames(page);
  const mem = () => page.evaluate(() => (window.__wasmExports.memory.buffer.byteLength / 1e6).toFixed(2));
  const home = await page.locator("#surface-select").inputValue();
  const surfaces = (await page.$$eval("#surface-select option:not([disabled])", (os) => os.map((o) => o.value))).filter((v) => v !== "custom" && v !== home);
  console.log("surfaces", surfaces.join(","));
  const setLR = (pos) => page.evaluate((ps) => { const cards = [...document.querySelectorAll("fieldset[aria-label]")]; cards.slice(0, 6).forEach((fs, k) => { const s = [...fs.querySelectorAll('input[type="range"]')].find((i) => i.getAttribute("aria-label") === "Learning rate"); s.value = String(ps[k]); s.dispatchEvent(new Event("input", { bubbles: true })); }); }, [0, 1, 2, 3, 4, 5].map(pos));
  console.log("start", await mem());
  const what = process.argv[2] ?? "surfaces";
  for (let r = 0; r < 12; r++) {
    if (what === "surfaces") { for (const s of surfaces) { await page.locator("#surface-select").selectOption(s); await page.waitForTimeout(150); } await page.locator("#surface-select").selectOption(home); await page.waitForTimeout(300); }
    if (what === "sliders") { for (let k = 0; k < 10; k++) { await page.evaluate((k) => 0, k); await setLR((i) => 350 + ((r * 131 + k * 53 + i * 97) % 650)); await page.waitForTimeout(100); } }
    if (what === "sliders-play") { await startPlayback(page); for (let k = 0; k < 10; k++) { await setLR((i) => 350 + ((r * 131 + k * 53 + i * 97) % 650)); await page.waitForTimeout(100); } await stopPlayback(page); }
    if (what === "play") { await startPlayback(page); await page.waitForTimeout(3000); await stopPlayback(page); }
    if (what === "sweep") { await sweepTime(page); }
    console.log(what, r, await mem());
  }
} finally { await h.close(); }
