// A quick look at two slider rows of the benchmark (not part of it), with the app's own
// measures per move: the chaotic scene while playing, and one run of 150 steps on Rosenbrock.
// node tests/bench/quick.mjs [chaos|small|switch]  (after a release build)
import { startHarness } from "../browser/harness.mjs";
import {
  ISOLATION_HEADERS,
  longTasks,
  openPage,
  pct,
  runNames,
  sliderLatencies,
  startPlayback,
  stopPlayback,
  surfaceSwitchTimes,
} from "./helpers.mjs";

const CHAOTIC_SCENE =
  "steps=10000&run=rmsprop,lr=2&run=adagrad,lr=3&run=adam,lr=1.5&run=rmsprop,lr=6&run=adagrad,lr=8&run=adam,lr=4";

function report(label, xs) {
  const names = [...new Set(xs.flatMap((x) => Object.keys(x.by)))];
  const parts = names
    .map((n) => [n, pct(xs.map((x) => x.by[n] ?? 0), 95)])
    .filter(([, v]) => v > 0.2)
    .map(([n, v]) => `${n} ${v.toFixed(1)}`);
  const f = xs.map((x) => x.frame);
  console.log(`${label}: p50 ${pct(f, 50).toFixed(1)} p95 ${pct(f, 95).toFixed(1)} max ${Math.max(...f).toFixed(1)} | p95 of ${parts.join(", ")}`);
}

const h = await startHarness({ headers: ISOLATION_HEADERS });
try {
  const which = process.argv[2] ?? "both";
  if (which === "switch") {
    const page = await openPage(h);
    const times = await surfaceSwitchTimes(page);
    console.log(Object.entries(times).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(", "));
    await page.close();
    process.exit(0);
  }
  if (which === "chaos" || which === "both") {
    const page = await openPage(h, CHAOTIC_SCENE);
    await page.evaluate(() => window.scrollTo(0, 0));
    const [first] = await runNames(page);
    await startPlayback(page);
    const xs = await sliderLatencies(page, first, 220, { lo: 833, span: 167 });
    const lt = Math.max(0, ...(await longTasks(page)));
    await stopPlayback(page);
    report(`chaos (longest task ${lt} ms, errors ${page.errors.length})`, xs);
    await page.close();
  }
  if (which === "small" || which === "both") {
    const small = await openPage(h, "surface=rosenbrock&steps=150&run=rmsprop");
    report("1x150", await sliderLatencies(small, "RMSProp", 220));
    const dflt = await openPage(h);
    report("default", await sliderLatencies(dflt, "RMSProp", 220));
    await small.close();
    await dflt.close();
  }
} finally {
  await h.close();
}
