#!/usr/bin/env node
// Draws the app icon: assets/app/icon.svg and the same picture as PNGs (icon-192.png,
// icon-512.png) for the web app manifest. No dependencies: the shapes are few and simple,
// so each PNG is rasterised here (4 × 4 samples per pixel) and written with node's zlib.
// The outputs are committed; rerun this after changing the picture:
//
//   node scripts/make-icons.mjs
//
// The picture (a 512 × 512 view box): the app's accent colour as a rounded square, three
// contour ellipses of a rotated bowl, and an orange (RMSProp's colour) path zigzagging down
// into the white minimum.

import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";

const OUT = join(resolve(dirname(fileURLToPath(import.meta.url)), ".."), "assets", "app");

const BG = { rgb: [0x3b, 0x4c, 0xca], radius: 96 };
const CENTER = [300, 290];
const TILT = -30; // degrees
const RINGS = [
  [62, 36],
  [128, 74],
  [194, 112],
];
const RING = { rgb: [255, 255, 255], alpha: 0.4, width: 14 };
const PATH = {
  rgb: [0xe6, 0x9f, 0x00],
  width: 30,
  points: [
    [92, 132],
    [236, 170],
    [170, 250],
    [318, 238],
    [262, 306],
    [300, 290],
  ],
};
const DOT = { rgb: [255, 255, 255], r: 24 };

function svg() {
  const [cx, cy] = CENTER;
  const rings = RINGS.map(([rx, ry]) => `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}"/>`).join("");
  const hex = (rgb) => `#${rgb.map((v) => v.toString(16).padStart(2, "0")).join("")}`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">` +
    `<rect width="512" height="512" rx="${BG.radius}" fill="${hex(BG.rgb)}"/>` +
    `<g transform="rotate(${TILT} ${cx} ${cy})" fill="none" stroke="${hex(RING.rgb)}" ` +
    `stroke-opacity="${RING.alpha}" stroke-width="${RING.width}">${rings}</g>` +
    `<polyline points="${PATH.points.map((p) => p.join(",")).join(" ")}" fill="none" ` +
    `stroke="${hex(PATH.rgb)}" stroke-width="${PATH.width}" stroke-linecap="round" stroke-linejoin="round"/>` +
    `<circle cx="${cx}" cy="${cy}" r="${DOT.r}" fill="${hex(DOT.rgb)}"/>` +
    `</svg>\n`
  );
}

// --- rasterising: does the sample point (x, y) of the 512 view box lie in each shape? -------

function inRoundedRect(x, y) {
  if (x < 0 || y < 0 || x > 512 || y > 512) return false;
  const r = BG.radius;
  const qx = Math.max(r - x, x - (512 - r), 0);
  const qy = Math.max(r - y, y - (512 - r), 0);
  return qx * qx + qy * qy <= r * r;
}

const cos = Math.cos((TILT * Math.PI) / 180);
const sin = Math.sin((TILT * Math.PI) / 180);
function onRing(x, y, [rx, ry]) {
  // Into the ellipse's frame, then the distance to it to first order: (ρ − 1) / |∇ρ|.
  const dx = x - CENTER[0];
  const dy = y - CENTER[1];
  const u = dx * cos + dy * sin;
  const v = -dx * sin + dy * cos;
  const rho = Math.hypot(u / rx, v / ry);
  const grad = Math.hypot(u / (rx * rx), v / (ry * ry)) / Math.max(rho, 1e-9);
  return Math.abs(rho - 1) / grad <= RING.width / 2;
}

function onPath(x, y) {
  const h = PATH.width / 2;
  const pts = PATH.points;
  for (let i = 0; i + 1 < pts.length; i++) {
    const [ax, ay] = pts[i];
    const [bx, by] = pts[i + 1];
    const [dx, dy] = [bx - ax, by - ay];
    const t = Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    if (Math.hypot(x - ax - t * dx, y - ay - t * dy) <= h) return true;
  }
  return false;
}

const inDot = (x, y) => Math.hypot(x - CENTER[0], y - CENTER[1]) <= DOT.r;

/** Straight (not premultiplied) RGBA of `size` × `size` pixels. */
function raster(size) {
  const S = 4;
  const rgba = Buffer.alloc(size * size * 4);
  const layers = [
    [BG.rgb, 1, inRoundedRect],
    ...RINGS.map((ring) => [RING.rgb, RING.alpha, (x, y) => onRing(x, y, ring)]),
    [PATH.rgb, 1, onPath],
    [DOT.rgb, 1, inDot],
  ];
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      // Premultiplied sum over the samples of each sample's composite.
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const x = ((px + (sx + 0.5) / S) * 512) / size;
          const y = ((py + (sy + 0.5) / S) * 512) / size;
          let [r, g, b, a] = [0, 0, 0, 0];
          for (const [rgb, alpha, inside] of layers) {
            if (!inside(x, y)) continue;
            r = rgb[0] * alpha + r * (1 - alpha);
            g = rgb[1] * alpha + g * (1 - alpha);
            b = rgb[2] * alpha + b * (1 - alpha);
            a = alpha + a * (1 - alpha);
          }
          acc[0] += r;
          acc[1] += g;
          acc[2] += b;
          acc[3] += a;
        }
      }
      const i = (py * size + px) * 4;
      const a = acc[3] / (S * S);
      for (let k = 0; k < 3; k++) rgba[i + k] = a > 0 ? Math.round(acc[k] / acc[3]) : 0;
      rgba[i + 3] = Math.round(a * 255);
    }
  }
  return rgba;
}

// --- PNG ----------------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(rows, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

writeFileSync(join(OUT, "icon.svg"), svg());
for (const size of [192, 512]) writeFileSync(join(OUT, `icon-${size}.png`), png(size, raster(size)));
console.log(`make-icons: wrote ${OUT}/icon.svg, icon-192.png, icon-512.png`);
