//! A small anti-aliased polyline rasterizer into an RGBA buffer.
//!
//! Why not the canvas's own `stroke()`: a 10 000-step run is thousands of short segments, and
//! Chromium's path stroker (joins, caps, exact coverage of a self-crossing path) spends
//! hundreds of milliseconds on a few such paths — measured by `tests/bench/run`. Here a
//! stroke is the union of capsules around its segments: each pixel takes the *largest*
//! coverage of any segment (so overlaps never darken), which costs time in proportion to the
//! pixels touched, and the result goes to the canvas with one `putImageData`.
//! A crate such as tiny-skia would do this too, at several hundred KB of wasm.

use super::pixels::{clip_rect, to_byte, union, Rect, NO_BOX};
use super::segments::{segment_key, KeySet};

/// An RGBA image (not premultiplied, as `ImageData` wants) with a clip rectangle.
pub struct Raster {
    pub width: usize,
    pub height: usize,
    pub rgba: Vec<u8>,
    /// Per-pixel coverage of the stroke being drawn; zero between strokes.
    coverage: Vec<f32>,
    /// Pixels the current stroke covers (so compositing and resetting cost what it drew).
    stroke_pixels: Vec<u32>,
    /// The current stroke's segments so far (each retraced one is drawn once).
    segments: KeySet,
    /// Pixels written since the last clear, and their bounding box.
    written: Vec<u32>,
    dirty: Rect,
    clip: Rect,
}

impl Raster {
    pub fn new(width: usize, height: usize) -> Raster {
        Raster {
            width,
            height,
            rgba: vec![0; width * height * 4],
            coverage: vec![0.0; width * height],
            stroke_pixels: Vec::new(),
            segments: KeySet::default(),
            written: Vec::new(),
            dirty: NO_BOX,
            clip: (0, 0, width, height),
        }
    }

    /// Makes the image transparent again, keeping its size (and its allocation); only the
    /// pixels drawn since the last clear are touched.
    pub fn clear(&mut self) {
        for &i in &self.written {
            let i = i as usize * 4;
            self.rgba[i..i + 4].fill(0);
        }
        self.written.clear();
        self.dirty = NO_BOX;
    }

    /// The box (x, y, width, height) holding everything drawn since the last clear.
    pub fn dirty_rect(&self) -> Option<(usize, usize, usize, usize)> {
        let (x0, y0, x1, y1) = self.dirty;
        (x0 < x1 && y0 < y1).then(|| (x0, y0, x1 - x0, y1 - y0))
    }

    /// Limits drawing to `[x0, x1) × [y0, y1)` (pixels; clamped to the image).
    pub fn set_clip(&mut self, x0: f64, y0: f64, x1: f64, y1: f64) {
        self.clip = clip_rect(self.width, self.height, x0, y0, x1, y1);
    }

    /// Strokes the polyline through `points` (pixel coordinates) `width` pixels wide, with
    /// round joins and caps, in `color` (RGBA; alpha scales the whole stroke, drawn once even
    /// where the line crosses itself). (A halo with a line on it is `path_layers`' job.)
    pub fn stroke(&mut self, points: &[(f64, f64)], width: f64, color: [u8; 4]) {
        if points.is_empty() {
            return;
        }
        let pen = Pen::new(width, None);
        let mut bbox = NO_BOX;
        let single = [points[0], points[0]];
        let segments: &[(f64, f64)] = if points.len() == 1 { &single } else { points };
        let (coverage, stroke_pixels) = (&mut self.coverage, &mut self.stroke_pixels);
        self.segments.clear();
        for seg in segments.windows(2) {
            if segment_key(seg[0], seg[1]).is_some_and(|k| !self.segments.insert(k)) {
                continue;
            }
            let drawn = pen.segment(seg[0], seg[1], self.clip, self.width, |i, c, _| {
                if coverage[i] == 0.0 && c > 0.0 {
                    stroke_pixels.push(i as u32);
                }
                if c > coverage[i] {
                    coverage[i] = c;
                }
            });
            if let Some(b) = drawn {
                bbox = union(bbox, b);
            }
        }
        if bbox == NO_BOX {
            return;
        }
        self.dirty = union(self.dirty, bbox);
        let alpha = f32::from(color[3]) / 255.0;
        for &i in &self.stroke_pixels {
            let i = i as usize;
            let c = std::mem::take(&mut self.coverage[i]);
            if self.rgba[i * 4 + 3] == 0 {
                self.written.push(i as u32);
            }
            blend(&mut self.rgba[i * 4..i * 4 + 4], color, alpha * c);
        }
        self.stroke_pixels.clear();
    }
}

/// A round-capped pen of one or two widths (a halo and the line on it): the coverage of the
/// pixels near one segment.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pen {
    outer_radius: f64,
    inner_radius: f64,
    /// Squared distances: beyond `*_out` no coverage; within `*_in` full coverage; between,
    /// a square root for the anti-aliased rim.
    outer_out: f64,
    outer_in: f64,
    inner_out: f64,
    inner_in: f64,
}

impl Pen {
    pub(crate) fn new(outer_width: f64, inner_width: Option<f64>) -> Pen {
        let sq = |v: f64| v.max(0.0) * v.max(0.0);
        let ho = outer_width / 2.0;
        let hi = inner_width.map_or(-1.0, |w| (w / 2.0).min(ho));
        let (inner_out, inner_in) =
            if hi >= 0.0 { (sq(hi + 0.5), sq(hi - 0.5)) } else { (0.0, 0.0) };
        Pen {
            outer_radius: ho,
            inner_radius: hi,
            outer_out: sq(ho + 0.5),
            outer_in: sq(ho - 0.5),
            inner_out,
            inner_in,
        }
    }

    /// Calls `visit(pixel index, outer coverage, inner coverage)` (coverages in 0..=1, the
    /// outer one positive) for each pixel of `clip` (x0, y0, x1, y1) near the segment `a`–`b`,
    /// in an image `row` pixels wide. Returns the box it looked in, if any.
    pub(crate) fn segment(
        &self,
        (ax, ay): (f64, f64),
        (bx, by): (f64, f64),
        (cx0, cy0, cx1, cy1): (usize, usize, usize, usize),
        row: usize,
        mut visit: impl FnMut(usize, f32, f32),
    ) -> Option<(usize, usize, usize, usize)> {
        if !(ax.is_finite() && ay.is_finite() && bx.is_finite() && by.is_finite()) {
            return None;
        }
        let ho = self.outer_radius;
        let r = ho + 1.0;
        let x0 = (ax.min(bx) - r).floor().max(cx0 as f64) as usize;
        let y0 = (ay.min(by) - r).floor().max(cy0 as f64) as usize;
        let x1 = ((ax.max(bx) + r).ceil().max(0.0) as usize).min(cx1);
        let y1 = ((ay.max(by) + r).ceil().max(0.0) as usize).min(cy1);
        if x0 >= x1 || y0 >= y1 {
            return None;
        }
        let (dx, dy) = (bx - ax, by - ay);
        let len2 = dx * dx + dy * dy;
        // A slanted segment's box is mostly empty: per row, only the span within reach of
        // the line through the segment is looked at.
        let len = len2.sqrt();
        let slanted = len > 0.0 && dy.abs() > 1e-9 * len;
        let (ux, uy) = if len > 0.0 { (dx / len, dy / len) } else { (1.0, 0.0) };
        let reach = ho + 0.5 + 1e-6;
        let inv_len2 = if len2 > 0.0 { 1.0 / len2 } else { 0.0 };
        for y in y0..y1 {
            let py = y as f64 + 0.5 - ay;
            let (mut xs, mut xe) = (x0, x1);
            if slanted {
                let (p, q) = ((py * ux - reach) / uy, (py * ux + reach) / uy);
                let (lo, hi) = (p.min(q) + ax - 0.5, p.max(q) + ax - 0.5);
                xs = xs.max(lo.floor().max(0.0) as usize);
                xe = xe.min(hi.ceil().max(0.0) as usize + 1);
            }
            let base = y * row;
            for x in xs..xe {
                let px = x as f64 + 0.5 - ax;
                let t = ((px * dx + py * dy) * inv_len2).clamp(0.0, 1.0);
                let (ex, ey) = (px - t * dx, py - t * dy);
                let d2 = ex * ex + ey * ey;
                if d2 >= self.outer_out {
                    continue;
                }
                let c = if d2 <= self.outer_in {
                    1.0
                } else {
                    (ho + 0.5 - d2.sqrt()).clamp(0.0, 1.0) as f32
                };
                if c <= 0.0 {
                    continue;
                }
                let ci = if d2 >= self.inner_out {
                    0.0
                } else if d2 <= self.inner_in {
                    1.0
                } else {
                    (self.inner_radius + 0.5 - d2.sqrt()).clamp(0.0, 1.0) as f32
                };
                visit(base + x, c, ci);
            }
        }
        Some((x0, y0, x1, y1))
    }
}

/// Source-over of `color` at opacity `a` onto the (non-premultiplied) pixel `dst`.
pub(crate) fn blend(dst: &mut [u8], color: [u8; 4], a: f32) {
    let da = f32::from(dst[3]) / 255.0;
    let out_a = a + da * (1.0 - a);
    if out_a <= 0.0 {
        return;
    }
    for k in 0..3 {
        let s = f32::from(color[k]);
        let d = f32::from(dst[k]);
        dst[k] = to_byte((s * a + d * da * (1.0 - a)) / out_a);
    }
    dst[3] = to_byte(out_a * 255.0);
}

/// `#rrggbb` → RGBA with the given alpha (0–255).
pub fn hex_rgba(hex: &str, alpha: u8) -> [u8; 4] {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0x888888);
    [(v >> 16) as u8, (v >> 8) as u8, v as u8, alpha]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alpha_at(r: &Raster, x: usize, y: usize) -> u8 {
        r.rgba[(y * r.width + x) * 4 + 3]
    }

    #[test]
    fn a_horizontal_line_covers_its_width() {
        let mut r = Raster::new(20, 10);
        r.stroke(&[(2.0, 5.0), (18.0, 5.0)], 2.0, [255, 0, 0, 255]);
        // Rows 4 and 5 (centres 4.5 and 5.5) are inside; rows 2 and 7 are not.
        for x in 4..16 {
            assert_eq!(alpha_at(&r, x, 4), 255);
            assert_eq!(alpha_at(&r, x, 5), 255);
            assert_eq!(alpha_at(&r, x, 2), 0);
            assert_eq!(alpha_at(&r, x, 7), 0);
        }
        assert_eq!(&r.rgba[(5 * 20 + 10) * 4..(5 * 20 + 10) * 4 + 3], &[255, 0, 0]);
    }

    #[test]
    fn crossings_do_not_darken_a_translucent_stroke() {
        let mut r = Raster::new(20, 20);
        // A path that doubles back over itself.
        r.stroke(&[(2.0, 10.0), (18.0, 10.0), (2.0, 10.0)], 3.0, [0, 0, 0, 128]);
        assert_eq!(alpha_at(&r, 10, 10), 128);
        // A second stroke on top does composite.
        r.stroke(&[(10.0, 2.0), (10.0, 18.0)], 3.0, [0, 0, 0, 128]);
        assert_eq!(alpha_at(&r, 10, 10), 192);
    }

    #[test]
    fn round_caps_and_anti_aliased_edges() {
        let mut r = Raster::new(20, 20);
        r.stroke(&[(10.0, 10.0)], 6.0, [0, 0, 255, 255]);
        assert_eq!(alpha_at(&r, 9, 9), 255, "the dot's centre");
        assert_eq!(alpha_at(&r, 14, 14), 0, "outside the round cap");
        let edge = alpha_at(&r, 12, 9);
        assert!(edge > 0 && edge < 255, "edge pixel partly covered: {edge}");
    }

    #[test]
    fn clipping_and_bad_points() {
        let mut r = Raster::new(20, 20);
        r.set_clip(5.0, 5.0, 15.0, 15.0);
        r.stroke(&[(-100.0, 10.0), (f64::NAN, 3.0), (100.0, 10.0)], 2.0, [0, 0, 0, 255]);
        r.stroke(&[(-100.0, 10.0), (100.0, 10.0)], 2.0, [0, 0, 0, 255]);
        assert_eq!(alpha_at(&r, 4, 10), 0);
        assert_eq!(alpha_at(&r, 10, 10), 255);
        assert_eq!(alpha_at(&r, 15, 10), 0);
        r.clear();
        assert!(r.rgba.iter().all(|&b| b == 0));
    }

    #[test]
    fn clearing_resets_only_what_was_drawn_and_the_dirty_box_bounds_it() {
        let mut r = Raster::new(30, 30);
        assert_eq!(r.dirty_rect(), None);
        r.stroke(&[(5.0, 5.0), (10.0, 8.0)], 2.0, [9, 9, 9, 255]);
        let (x, y, w, h) = r.dirty_rect().unwrap();
        assert!(x <= 4 && y <= 4 && x + w >= 11 && y + h >= 9 && x + w <= 13 && y + h <= 11);
        // Every drawn pixel is inside the box.
        for (i, px) in r.rgba.chunks(4).enumerate() {
            let (px_x, px_y) = (i % 30, i / 30);
            let inside = (x..x + w).contains(&px_x) && (y..y + h).contains(&px_y);
            assert!(inside || px[3] == 0, "pixel ({px_x}, {px_y}) drawn outside the box");
        }
        r.clear();
        assert!(r.rgba.iter().all(|&b| b == 0));
        assert_eq!(r.dirty_rect(), None);
    }

    #[test]
    fn a_slanted_segment_covers_exactly_the_pixels_within_reach() {
        // Every pixel of the box is checked by brute force against the per-row spans.
        let pen = Pen::new(4.5, Some(2.25));
        let segs =
            [((3.3, 4.1), (37.8, 29.6)), ((30.0, 2.0), (4.0, 38.5)), ((5.0, 20.0), (35.0, 20.4))];
        for (a, b) in segs {
            let mut seen = vec![0.0_f32; 40 * 40];
            pen.segment(a, b, (0, 0, 40, 40), 40, |i, c, _| seen[i] = c);
            for y in 0..40 {
                for x in 0..40 {
                    let (px, py) = (x as f64 + 0.5, y as f64 + 0.5);
                    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
                    let t =
                        (((px - a.0) * dx + (py - a.1) * dy) / (dx * dx + dy * dy)).clamp(0.0, 1.0);
                    let d = (px - a.0 - t * dx).hypot(py - a.1 - t * dy);
                    let want = (2.25 + 0.5 - d).clamp(0.0, 1.0) as f32;
                    assert!(
                        (seen[y * 40 + x] - want).abs() < 1e-5,
                        "pixel ({x}, {y}) of {a:?}–{b:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn colours_parse() {
        assert_eq!(hex_rgba("#E69F00", 200), [0xE6, 0x9F, 0x00, 200]);
        assert_eq!(hex_rgba("nonsense", 1), [0x88, 0x88, 0x88, 1]);
    }
}
