// Phone width (390×844, devicePixelRatio 2, touch): nothing sticks out sideways, controls
// are big enough to hit, and the main interactions work by touch.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VIEWPORTS, horizontalOverflow, screenshot, useBrowser } from "./harness.mjs";
import { openAppPage } from "./app-page.mjs";

useBrowser();

/** Visible elements whose box reaches past the viewport's sides (body hides overflow-x, so
 * the scroll width alone would not show content that is cut off). */
function elementsOutside(page) {
  return page.evaluate(() => {
    const out = [];
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || el.closest(".visually-hidden")) continue;
      if (r.left < -0.5 || r.right > innerWidth + 0.5) {
        out.push(`${el.tagName.toLowerCase()}.${el.className} [${r.left.toFixed(1)}, ${r.right.toFixed(1)}]`);
      }
    }
    return out;
  });
}

test("phone: no horizontal overflow, also with more runs and settings open", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.phone);
  const check = async (what) => {
    const { scrollWidth, innerWidth } = await horizontalOverflow(app.page);
    assert.ok(scrollWidth <= innerWidth, `${what}: scrollWidth ${scrollWidth} > ${innerWidth}`);
    assert.deepEqual(await elementsOutside(app.page), [], `${what}: elements outside the viewport`);
  };
  await check("as loaded");
  await screenshot(app.page, "phone-390x844");

  // The longest texts: every settings panel open, a second RMSProp, an error message.
  await app.addRun("RMSProp");
  await app.run("RMSProp 2").waitFor();
  for (const summary of await app.page.getByText("More settings").all()) await summary.tap();
  await app.typeExact("RMSProp 2", "Epsilon", "not a number at all, really");
  await (await app.fieldError("RMSProp 2", "Epsilon")).waitFor();
  await app.surfaceSelect.selectOption("goldstein_price"); // the longest formula
  await app.scene.getByText(/30 \+ \(2\*x/).waitFor();
  await check("with everything open");
  await screenshot(app.page, "phone-390x844-everything-open");
  await app.finish();
});

test("phone: controls are large enough to touch and work by touch", async (t) => {
  const app = await openAppPage(t, VIEWPORTS.phone);
  // WCAG 2.2 target size (minimum): 24×24 CSS px.
  const small = await app.page.evaluate(() =>
    [...document.querySelectorAll("button, select, input, summary")]
      .map((el) => [el, el.getBoundingClientRect()])
      .filter(([, r]) => r.width > 0 && (r.width < 24 || r.height < 24))
      // Checkboxes and the import file input sit in labels that are the target.
      .filter(([el]) => el.type !== "checkbox" && el.type !== "file")
      .map(([el, r]) => `${el.tagName} ${el.getAttribute("aria-label") ?? el.textContent} ${r.width}×${r.height}`),
  );
  assert.deepEqual(small, [], "targets under 24 px");

  // The surface fits the screen width.
  const box = await app.pathsCanvas.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 390, `surface spans ${box.x}…${box.x + box.width}`);

  await app.resetButton.tap();
  await app.playButton.tap();
  await app.waitForStep({ min: 5 });
  await app.playButton.tap();
  const paused = await app.currentStep();
  await app.stepButton.tap();
  assert.equal(await app.currentStep(), paused + 1);

  const before = await app.pathMask("Adam");
  await app.seek(1000);
  await app.waitForPathChange("Adam", before);
  await app.finish();
});
