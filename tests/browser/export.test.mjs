// Export: the scenario, the trajectories exactly as `trace` writes them for that scenario,
// and a PNG of the surface view with a legend below it.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { REPO_ROOT, SCREENSHOT_DIR, VIEWPORTS, assertNoConsoleErrors, openApp, useBrowser } from "./harness.mjs";
import { exportFile, setExact } from "./share_helpers.mjs";

useBrowser();

/** `trace` on `scenario` (built by cargo if needed), with extra arguments. */
function trace(scenario, ...args) {
  const dir = mkdtempSync(join(tmpdir(), "rmsprop-lab-export-"));
  const file = join(dir, "scenario.json");
  writeFileSync(file, scenario);
  const cargo = process.env.CARGO ?? join(process.env.HOME ?? "", ".cargo/bin/cargo");
  const out = spawnSync(cargo, ["run", "--release", "--offline", "--quiet", "--bin", "trace", "--", ...args, file], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  assert.equal(out.status, 0, `trace failed: ${out.stderr}`);
  return out.stdout;
}

test("trajectories export as trace prints them for the exported scenario", { timeout: 300_000 }, async (t) => {
  const page = await openApp(t, { ...VIEWPORTS.desktop, query: "steps=200" });
  await setExact(page, 0, "Learning rate", "0.02");

  const scenario = await exportFile(page, "Scenario (JSON)");
  assert.equal(scenario.name, "rmsprop-lab-scenario.json");
  const s = JSON.parse(scenario.bytes.toString("utf8"));
  assert.equal(s.surface, "rosenbrock");
  assert.deepEqual(s.start, [-1.5, 2]);
  assert.equal(s.steps, 200);
  assert.deepEqual(s.runs.map((r) => [r.optimizer, r.lr]), [["rmsprop", 0.02], ["adagrad", 0.5], ["adam", 0.05]]);
  // Every setting is written out.
  assert.deepEqual(Object.keys(s.runs[0]).sort(), [
    "bias_correction", "centered", "decay", "eps", "eps_placement", "initial_scale", "lr", "momentum", "optimizer",
    "weight_decay",
  ]);

  const csv = await exportFile(page, "Trajectories (CSV)");
  assert.equal(csv.name, "rmsprop-lab-trajectories.csv");
  const lines = csv.bytes.toString("utf8").trimEnd().split("\n");
  assert.equal(lines[0], "run,step,x,y,loss,grad_x,grad_y,eff_lr_x,eff_lr_y,g_x,g_y,lr");
  assert.equal(lines.length, 1 + 3 * 201);
  assert.ok(lines[1].startsWith("0,0,-1.5,2,"), lines[1]);

  const json = await exportFile(page, "Trajectories (JSON)");
  assert.equal(json.name, "rmsprop-lab-trajectories.json");
  const runs = JSON.parse(json.bytes.toString("utf8")).runs;
  assert.deepEqual(runs.map((r) => r.optimizer), ["rmsprop", "adagrad", "adam"]);
  for (const r of runs) {
    assert.equal(r.points.length, 201);
    assert.deepEqual(r.points[0], [-1.5, 2]);
    assert.equal(r.diverged_at, null);
  }
  assert.equal(runs[0].params.lr, 0.02);

  // Byte for byte what the command-line tool prints.
  const text = scenario.bytes.toString("utf8");
  assert.ok(trace(text, "--csv") === csv.bytes.toString("utf8"), "the CSV differs from trace --csv");
  assert.ok(trace(text) === json.bytes.toString("utf8"), "the JSON differs from trace");
  await assertNoConsoleErrors(page);
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(bytes.subarray(0, 8).equals(signature), "not a PNG");
  assert.equal(bytes.subarray(12, 16).toString("latin1"), "IHDR");
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

for (const [label, viewport] of [["desktop", VIEWPORTS.desktop], ["phone", VIEWPORTS.phone]]) {
  test(`${label}: the PNG is the surface view with a legend line per visible run`, { timeout: 60_000 }, async (t) => {
    const page = await openApp(t, viewport);
    const canvas = await page.locator(".layer-base").evaluate((c) => [c.width, c.height, c.width / c.clientWidth]);
    const [w, h, k] = canvas;
    const png = await exportFile(page, "Image of the surface (PNG)");
    assert.equal(png.name, "rmsprop-lab-surface.png");
    // Legend: 10 px padding above and below, 20 px per line (title + 3 runs), in CSS px × k;
    // long lines wrap (the title beside the charts at desktop width, more at phone width).
    const [pw, ph] = pngSize(png.bytes);
    const pad = Math.round(10 * k) * 2;
    const line = Math.round(20 * k);
    assert.equal(pw, w);
    assert.equal((ph - h - pad) % line, 0, `legend height ${ph - h} is not whole lines`);
    const rows = (ph - h - pad) / line;
    if (label === "desktop") assert.ok(rows >= 4 && rows <= 5, `${rows} legend rows`);
    else assert.ok(rows > 4 && rows <= 8, `${rows} legend rows`);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    writeFileSync(join(SCREENSHOT_DIR, `export-${label}.png`), png.bytes);

    // A hidden run leaves the legend.
    await page.locator(".run-card").nth(1).getByRole("button", { name: /^Show / }).click();
    const fewer = pngSize((await exportFile(page, "Image of the surface (PNG)")).bytes);
    assert.equal(fewer[0], w);
    if (label === "desktop") assert.equal(fewer[1], ph - line);
    else assert.ok(fewer[1] < ph && fewer[1] >= ph - 2 * line, `${fewer[1]} vs ${ph}`);
    await assertNoConsoleErrors(page);
  });
}

test("the PNG has the gradient field and the faint whole paths of the ghost layer", { timeout: 60_000 }, async (t) => {
  const page = await openApp(t, VIEWPORTS.desktop);
  const plain = (await exportFile(page, "Image of the surface (PNG)")).bytes;
  await page.getByLabel("Gradient field").check();
  await page.waitForFunction(() => document.querySelector(".layer-ghost").width > 1);
  const field = (await exportFile(page, "Image of the surface (PNG)")).bytes;
  assert.deepEqual(pngSize(field), pngSize(plain));
  assert.ok(!field.equals(plain), "the gradient field is missing from the image");
  await assertNoConsoleErrors(page);
});
