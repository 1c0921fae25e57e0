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
    /// What each stroke since the last clear covered last time, by its number: the same
    /// stroke again (the ghost layer redraws every run when one run changes) costs only its
    /// blending. At most [`MAX_KEPT_PIXELS`] pixels in all.
    kept: Vec<Kept>,
    kept_pixels: usize,
    strokes: usize,
}

/// The most stroke pixels a [`Raster`] keeps for redrawing (8 bytes each).
const MAX_KEPT_PIXELS: usize = 1 << 20;

/// A stroke's coverage: its pixels, their coverage and their box, and what it was drawn from.
#[derive(Default)]
struct Kept {
    key: Option<u64>,
    pixels: Vec<u32>,
    coverage: Vec<f32>,
    bbox: Rect,
}

/// A hash of what a stroke's coverage depends on (not its colour).
fn stroke_key(points: &[(f64, f64)], width: f64, clip: Rect) -> u64 {
    let mut h = 0x243F_6A88_85A3_08D3_u64;
    let mut mix = |v: u64| h = (h ^ v).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29);
    for v in [width.to_bits(), clip.0 as u64, clip.1 as u64, clip.2 as u64, clip.3 as u64] {
        mix(v);
    }
    mix(points.len() as u64);
    for &(x, y) in points {
        mix(x.to_bits());
        mix(y.to_bits());
    }
    h
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
            kept: Vec::new(),
            kept_pixels: 0,
            strokes: 0,
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
        self.strokes = 0;
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
        let key = stroke_key(points, width, self.clip);
        let n = self.strokes;
        self.strokes += 1;
        if self.kept.len() <= n {
            self.kept.resize_with(n + 1, Kept::default);
        }
        if self.kept[n].key != Some(key) {
            self.rasterize(points, width, key, n);
        }
        let Self { kept, rgba, written, dirty, .. } = self;
        let kept = &kept[n];
        if kept.bbox == NO_BOX {
            return;
        }
        *dirty = union(*dirty, kept.bbox);
        let alpha = f32::from(color[3]) / 255.0;
        for (&i, &c) in kept.pixels.iter().zip(&kept.coverage) {
            let i = i as usize;
            if rgba[i * 4 + 3] == 0 {
                written.push(i as u32);
            }
            blend(&mut rgba[i * 4..i * 4 + 4], color, alpha * c);
        }
        // Not kept (over the limit): this stroke is drawn anew next time.
        if kept.key.is_none() {
            let kept = &mut self.kept[n];
            (kept.pixels, kept.coverage, kept.bbox) = (Vec::new(), Vec::new(), NO_BOX);
        }
    }

    /// Works out stroke `n`'s coverage into `self.kept[n]` (see [`Raster::stroke`]).
    fn rasterize(&mut self, points: &[(f64, f64)], width: f64, key: u64, n: usize) {
        let pen = Pen::new(width, None);
        let mut bbox = NO_BOX;
        let single = [points[0], points[0]];
        let segments: &[(f64, f64)] = if points.len() == 1 { &single } else { points };
        let mut sink = StrokeCoverage {
            width: self.width,
            coverage: &mut self.coverage,
            pixels: &mut self.stroke_pixels,
        };
        self.segments.clear();
        for seg in segments.windows(2) {
            if segment_key(seg[0], seg[1]).is_some_and(|k| !self.segments.insert(k)) {
                continue;
            }
            let drawn = pen.segment_into(seg[0], seg[1], self.clip, &mut sink);
            if let Some(b) = drawn {
                bbox = union(bbox, b);
            }
        }
        let kept = &mut self.kept[n];
        self.kept_pixels -= kept.pixels.len();
        kept.pixels.clear();
        kept.coverage.clear();
        kept.pixels.extend_from_slice(&self.stroke_pixels);
        kept.coverage.extend(
            self.stroke_pixels.iter().map(|&i| std::mem::take(&mut self.coverage[i as usize])),
        );
        kept.bbox = bbox;
        self.stroke_pixels.clear();
        kept.key = (self.kept_pixels + kept.pixels.len() <= MAX_KEPT_PIXELS).then_some(key);
        if kept.key.is_some() {
            self.kept_pixels += kept.pixels.len();
        }
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
    /// in an image `row` pixels wide (index `y * row + x`). Returns the box it looked in, if
    /// any.
    #[cfg(test)]
    pub(crate) fn segment(
        &self,
        a: (f64, f64),
        b: (f64, f64),
        clip: Rect,
        row: usize,
        visit: impl FnMut(usize, f32, f32),
    ) -> Option<Rect> {
        struct Visit<F>(usize, F);
        impl<F: FnMut(usize, f32, f32)> Coverage for Visit<F> {
            fn add(&mut self, x: usize, y: usize, outer: f32, inner: f32) {
                (self.1)(y * self.0 + x, outer, inner);
            }
        }
        self.segment_into(a, b, clip, &mut Visit(row, visit))
    }

    /// Adds the coverage of the pixels of `clip` near the segment `a`–`b` to `sink`, skipping
    /// those it says are full. Returns the box it looked in, if any.
    pub(crate) fn segment_into(
        &self,
        (ax, ay): (f64, f64),
        (bx, by): (f64, f64),
        (cx0, cy0, cx1, cy1): Rect,
        sink: &mut impl Coverage,
    ) -> Option<Rect> {
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
        let (slope, half) = (ux / uy, (reach / uy).abs());
        for y in y0..y1 {
            let py = y as f64 + 0.5 - ay;
            let (mut xs, mut xe) = (x0, x1);
            if slanted {
                // The pixels whose centres lie within `reach` of the line through the
                // segment: x + 0.5 − ax ∈ py·ux/uy ± reach/|uy|.
                let mid = py * slope + ax - 0.5;
                xs = xs.max((mid - half).ceil().max(0.0) as usize);
                xe = xe.min(((mid + half).floor() + 1.0).max(0.0) as usize);
            }
            for x in xs..xe {
                if sink.is_full(x, y) {
                    continue;
                }
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
                sink.add(x, y, c, ci);
            }
        }
        Some((x0, y0, x1, y1))
    }
}

/// Where a [`Pen`] puts its coverage.
pub(crate) trait Coverage {
    /// Adds pixel (x, y)'s coverage by the outer and the inner width (0..=1, the outer
    /// positive).
    fn add(&mut self, x: usize, y: usize, outer: f32, inner: f32);
    /// Whether pixel (x, y) is covered fully already, so that a segment can add nothing there
    /// (skipped without working out its distance): on a path crossing itself thousands of
    /// times most pixels are.
    fn is_full(&self, _x: usize, _y: usize) -> bool {
        false
    }
}

/// The current stroke's coverage in a [`Raster`].
struct StrokeCoverage<'a> {
    width: usize,
    coverage: &'a mut [f32],
    pixels: &'a mut Vec<u32>,
}

impl Coverage for StrokeCoverage<'_> {
    #[inline]
    fn add(&mut self, x: usize, y: usize, c: f32, _: f32) {
        let i = y * self.width + x;
        let old = self.coverage[i];
        if old == 0.0 && c > 0.0 {
            self.pixels.push(i as u32);
        }
        if c > old {
            self.coverage[i] = c;
        }
    }

    #[inline]
    fn is_full(&self, x: usize, y: usize) -> bool {
        self.coverage[y * self.width + x] >= 1.0
    }
}

/// Source-over of `color` at opacity `a` onto the (non-premultiplied) pixel `dst`.
pub(crate) fn blend(dst: &mut [u8], color: [u8; 4], a: f32) {
    if dst[3] == 0 {
        // Onto a clear pixel (what the general case gives, without its divisions).
        if a > 0.0 {
            dst[..3].copy_from_slice(&color[..3]);
            dst[3] = to_byte(a * 255.0);
        }
        return;
    }
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
    fn a_stroke_drawn_again_looks_the_same_and_a_changed_one_is_drawn_anew() {
        let zig: Vec<_> =
            (0..40).map(|i| (1.0 + f64::from(i) * 0.7, 3.0 + f64::from(i % 5) * 6.0)).collect();
        let zag: Vec<_> = zig.iter().map(|&(x, y)| (y, x)).collect();
        type Strokes<'a> = [(&'a [(f64, f64)], f64, [u8; 4])];
        let fresh = |strokes: &Strokes| {
            let mut r = Raster::new(30, 30);
            for &(pts, w, c) in strokes {
                r.stroke(pts, w, c);
            }
            let dirty = r.dirty_rect();
            (r.rgba, dirty)
        };
        let (red, blue) = ([200, 0, 0, 120], [0, 0, 200, 200]);
        let mut r = Raster::new(30, 30);
        for strokes in [
            vec![(&zig[..], 1.5, red), (&zag[..], 1.5, blue)],
            vec![(&zig[..], 1.5, red), (&zag[..], 1.5, blue)],
            vec![(&zig[..], 1.5, blue), (&zag[..], 1.5, red)],
            vec![(&zag[..], 1.5, red), (&zig[..], 1.5, blue)],
            vec![(&zig[..], 3.0, red), (&zag[..10], 1.5, blue)],
            vec![(&zig[..], 3.0, red)],
        ] {
            r.clear();
            for &(pts, w, c) in &strokes {
                r.stroke(pts, w, c);
            }
            assert_eq!((r.rgba.clone(), r.dirty_rect()), fresh(&strokes));
        }
        r.set_clip(0.0, 0.0, 15.0, 30.0);
        r.clear();
        r.stroke(&zig, 3.0, red);
        let mut clipped = Raster::new(30, 30);
        clipped.set_clip(0.0, 0.0, 15.0, 30.0);
        clipped.stroke(&zig, 3.0, red);
        assert_eq!(r.rgba, clipped.rgba, "a new clip draws anew");
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
    fn colours_parse() {}
}
