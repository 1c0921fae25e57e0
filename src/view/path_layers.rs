//! The runs' paths as a stack of layers, one per run, each keeping its own coverage, so that
//! a change to one run redraws that run only, and playback extends each path by the few
//! segments it gained instead of drawing it again.
//!
//! Each layer is the union of round-capped capsules around its segments (a halo and a line
//! on it: two [`super::raster::Raster::stroke`]s in one pass). The composite image is recomputed
//! only at the pixels whose coverage changed, stacking the layers in order.

use super::pixels::{clamp_px, clip_rect, to_byte, union, Rect, NO_BOX};
use super::raster::{Coverage, Pen};
use super::segments::{segment_key, KeySet};

/// Points closer than this (device px, per axis) to the last one stroked are skipped: a
/// 10 000-step run then costs about as much to draw as its length on screen.
pub const MIN_SEGMENT_PX: f64 = 1.5;

/// How much stroking a frame may do, in pixels of pen area (a segment costs about its length
/// plus one width, times its width): a path longer than that is finished in later frames.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Budget {
    pub left: f64,
}

impl Budget {
    pub fn new(pixels: f64) -> Budget {
        Budget { left: pixels }
    }

    pub fn unlimited() -> Budget {
        Budget { left: f64::INFINITY }
    }

    fn spend(&mut self, a: (f64, f64), b: (f64, f64), width: f64) {
        self.left -= ((b.0 - a.0).hypot(b.1 - a.1) + width) * width;
    }
}

/// How a layer's path is stroked: a halo (width in px, RGBA) and an optional line on it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PathStyle {
    pub halo: (f64, [u8; 4]),
    pub line: Option<(f64, [u8; 4])>,
}

struct Layer<K> {
    key: Option<K>,
    style: PathStyle,
    pen: Pen,
    /// Coverage of the halo and of the line, 0–255 per pixel, side by side (one memory
    /// access per pixel); empty until first drawn.
    cov: Vec<[u8; 2]>,
    /// The box holding every pixel with some coverage.
    bbox: Rect,
    /// Per polyline: how many of its points are drawn, and the last one stroked (px). Each
    /// goes on from its own place, so a noise cloud's paths all grow with playback.
    drawn: Vec<(usize, Option<(f64, f64)>)>,
    /// The segments drawn, by [`segment_key`]: an oscillating run retraces the same few
    /// hundred segments thousands of times, and each is drawn once.
    segments: KeySet,
}

/// A stack of path layers over a transparent `width` × `height` RGBA image (not
/// premultiplied, as `ImageData` wants). `K` identifies what a layer shows: drawing a
/// different key (or style) into a layer starts it over.
pub struct PathLayers<K> {
    pub width: usize,
    pub height: usize,
    pub rgba: Vec<u8>,
    clip: Rect,
    layers: Vec<Layer<K>>,
    /// Pixels whose coverage changed since the last [`PathLayers::compose`], one bit each (so
    /// composing visits them in memory order), all within `changed_box`.
    changed: Vec<u64>,
    changed_box: Rect,
}

/// The coverage a layer's pen can reach: a pixel there can gain nothing more.
fn full(style: &PathStyle) -> [u8; 2] {
    [255, if style.line.is_some() { 255 } else { 0 }]
}

/// One layer's coverage as a [`Pen`] adds to it, noting the pixels that changed.
struct LayerCoverage<'a> {
    width: usize,
    cov: &'a mut [[u8; 2]],
    full: [u8; 2],
    changed: &'a mut [u64],
}

impl Coverage for LayerCoverage<'_> {
    #[inline]
    fn add(&mut self, x: usize, y: usize, c: f32, ci: f32) {
        let (i, c, ci) = (y * self.width + x, to_byte(c * 255.0), to_byte(ci * 255.0));
        let old = self.cov[i];
        if c > old[0] || ci > old[1] {
            self.cov[i] = [old[0].max(c), old[1].max(ci)];
            self.changed[i / 64] |= 1 << (i % 64);
        }
    }

    #[inline]
    fn is_full(&self, x: usize, y: usize) -> bool {
        self.cov[y * self.width + x] == self.full
    }
}

impl<K: PartialEq> PathLayers<K> {
    pub fn new(width: usize, height: usize) -> Self {
        PathLayers {
            width,
            height,
            rgba: vec![0; width * height * 4],
            clip: (0, 0, width, height),
            layers: Vec::new(),
            changed: vec![0; (width * height).div_ceil(64)],
            changed_box: NO_BOX,
        }
    }

    /// Makes the image `width` × `height`, empty, keeping every buffer's memory (see
    /// [`PathLayers::draw`]): a long session of resizes then allocates nothing new.
    pub fn resize(&mut self, width: usize, height: usize) {
        if (width, height) == (self.width, self.height) {
            return;
        }
        let n = width * height;
        (self.width, self.height) = (width, height);
        self.rgba.clear();
        self.rgba.resize(n * 4, 0);
        self.changed.clear();
        self.changed.resize(n.div_ceil(64), 0);
        self.changed_box = NO_BOX;
        self.clip = (0, 0, width, height);
        for layer in &mut self.layers {
            layer.cov.clear(); // sized again when next drawn
            layer.key = None;
            layer.bbox = NO_BOX;
            layer.drawn.clear();
            layer.segments.clear();
        }
    }

    /// Limits drawing to `[x0, x1) × [y0, y1)` (pixels; clamped to the image). A different
    /// clip starts every layer over.
    pub fn set_clip(&mut self, x0: f64, y0: f64, x1: f64, y1: f64) {
        let clip = clip_rect(self.width, self.height, x0, y0, x1, y1);
        if clip != self.clip {
            self.clip = clip;
            self.reset();
        }
    }

    /// Empties every layer (the view moved: every point lands elsewhere).
    pub fn reset(&mut self) {
        for i in 0..self.layers.len() {
            self.clear_layer(i);
            self.layers[i].key = None;
        }
    }

    /// Keeps the first `n` layers, removing the rest.
    pub fn truncate(&mut self, n: usize) {
        for i in n..self.layers.len() {
            self.clear_layer(i);
        }
        self.layers.truncate(n);
    }

    /// Makes layer `index` show the polyline through `points` (world coordinates, mapped by
    /// `to_px`): only the points it gained since the last call are stroked when `key` and
    /// `style` are unchanged and `points` extends what was drawn; otherwise it starts over.
    pub fn draw(
        &mut self,
        index: usize,
        key: K,
        style: PathStyle,
        points: &[[f64; 2]],
        to_px: impl Fn([f64; 2]) -> (f64, f64),
    ) {
        self.draw_within(index, key, style, &[points], to_px, &mut Budget::unlimited());
    }

    /// As [`PathLayers::draw`], for several polylines in one layer (a noise cloud: their
    /// coverage is one union; each may have grown since the last call, as the cloud's paths
    /// do during playback), stroking only while `budget` lasts. Returns whether the layer
    /// is complete; if not, the next call with the same key goes on where this one stopped,
    /// so a long path appears over a few frames instead of stalling one.
    pub fn draw_within(
        &mut self,
        index: usize,
        key: K,
        style: PathStyle,
        paths: &[&[[f64; 2]]],
        to_px: impl Fn([f64; 2]) -> (f64, f64),
        budget: &mut Budget,
    ) -> bool {
        while self.layers.len() <= index {
            self.layers.push(Layer {
                key: None,
                style,
                pen: Pen::new(style.halo.0, style.line.map(|l| l.0)),
                cov: Vec::new(),
                bbox: NO_BOX,
                drawn: Vec::new(),
                segments: KeySet::default(),
            });
        }
        let layer = &self.layers[index];
        let same = layer.key.as_ref() == Some(&key) && layer.style == style;
        // A polyline that lost points, or fewer polylines: start over.
        let shrank = layer.drawn.len() > paths.len()
            || layer.drawn.iter().zip(paths).any(|(d, p)| p.len() < d.0);
        if !same || shrank {
            self.clear_layer(index);
            let layer = &mut self.layers[index];
            layer.key = Some(key);
            layer.style = style;
            layer.pen = Pen::new(style.halo.0, style.line.map(|l| l.0));
        }
        let n = self.width * self.height;
        let Self { layers, changed, changed_box, clip, width, .. } = self;
        let layer = &mut layers[index];
        if layer.cov.len() != n {
            // Resized in place: a canvas that changes size (another surface's aspect) reuses
            // the buffers it had, so memory settles at the largest size seen.
            layer.cov.clear();
            layer.cov.resize(n, [0, 0]);
        }
        layer.drawn.resize(paths.len(), (0, None));
        let full = full(&layer.style);
        let mut sink = LayerCoverage { width: *width, cov: &mut layer.cov, full, changed };
        for (path, (done, last)) in paths.iter().zip(layer.drawn.iter_mut()) {
            for (i, &p) in path.iter().enumerate().skip(*done) {
                if budget.left <= 0.0 {
                    *done = i;
                    return false;
                }
                let p = clamp_px(to_px(p));
                let from = match *last {
                    None => p,
                    Some(l) => {
                        let near = (p.0 - l.0).abs() < MIN_SEGMENT_PX
                            && (p.1 - l.1).abs() < MIN_SEGMENT_PX;
                        // Which points are kept depends on the points alone, not on how many
                        // arrived at once: a step reached by playing and by seeking looks the
                        // same. The newest point may be skipped; the run's head marker covers
                        // the last pixel and a half.
                        if near {
                            continue;
                        }
                        l
                    }
                };
                *last = Some(p);
                if segment_key(from, p).is_some_and(|k| !layer.segments.insert(k)) {
                    continue;
                }
                if let Some(b) = layer.pen.segment_into(from, p, *clip, &mut sink) {
                    layer.bbox = union(layer.bbox, b);
                    *changed_box = union(*changed_box, b);
                }
                budget.spend(from, p, layer.style.halo.0);
            }
            *done = path.len();
        }
        true
    }

    fn clear_layer(&mut self, index: usize) {
        let Self { layers, changed, changed_box, width, .. } = self;
        let layer = &mut layers[index];
        let (x0, y0, x1, y1) = layer.bbox;
        for y in y0..y1 {
            let row = y * *width;
            for (x, c) in layer.cov[row + x0..row + x1].iter_mut().enumerate() {
                if *c != [0, 0] {
                    *c = [0, 0];
                    let px = row + x0 + x;
                    changed[px / 64] |= 1 << (px % 64);
                }
            }
        }
        *changed_box = union(*changed_box, layer.bbox);
        layer.bbox = NO_BOX;
        layer.drawn.clear();
        layer.segments.clear();
    }

    /// Brings the RGBA image up to date with the layers, at the pixels that changed.
    pub fn compose(&mut self) {
        // Each layer's colours, premultiplied, at full coverage: stacking is then a
        // multiply-add per channel, and one division at the end.
        let premultiplied = |c: [u8; 4]| {
            let a = f32::from(c[3]) / 255.0;
            [f32::from(c[0]) * a, f32::from(c[1]) * a, f32::from(c[2]) * a, a]
        };
        let paints: Vec<_> = self
            .layers
            .iter()
            .map(|l| (premultiplied(l.style.halo.1), l.style.line.map(|(_, c)| premultiplied(c))))
            .collect();
        let (x0, y0, x1, y1) = std::mem::replace(&mut self.changed_box, NO_BOX);
        if x0 >= x1 || y0 >= y1 {
            return;
        }
        // Every changed pixel lies in the box, so in these words (in memory order).
        let (first, last) = ((y0 * self.width + x0) / 64, ((y1 - 1) * self.width + x1 - 1) / 64);
        for w in first..=last {
            let mut bits = std::mem::take(&mut self.changed[w]);
            while bits != 0 {
                let px = w * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                self.compose_pixel(&paints, px);
            }
        }
    }

    /// The RGBA of pixel `px`: the layers stacked in order.
    fn compose_pixel(&mut self, paints: &[([f32; 4], Option<[f32; 4]>)], px: usize) {
        let mut acc = [0.0_f32; 4];
        let mut over = |paint: &[f32; 4], coverage: u8| {
            let k = f32::from(coverage) / 255.0;
            let keep = 1.0 - paint[3] * k;
            for (a, p) in acc.iter_mut().zip(paint) {
                *a = p * k + *a * keep;
            }
        };
        for (layer, (halo, line)) in self.layers.iter().zip(paints) {
            let [c, ci] = layer.cov.get(px).copied().unwrap_or([0, 0]);
            if c == 0 {
                continue;
            }
            over(halo, c);
            if let Some(line) = line {
                if ci > 0 {
                    over(line, ci);
                }
            }
        }
        let out = &mut self.rgba[px * 4..px * 4 + 4];
        let a = acc[3];
        if a <= 0.0 {
            out.fill(0);
        } else {
            for k in 0..3 {
                out[k] = to_byte(acc[k] / a);
            }
            out[3] = to_byte(a * 255.0);
        }
    }

    /// The box (x, y, width, height) holding every layer's pixels.
    pub fn dirty_rect(&self) -> Option<(usize, usize, usize, usize)> {
        let (x0, y0, x1, y1) = self.layers.iter().fold(NO_BOX, |b, l| union(b, l.bbox));
        (x0 < x1 && y0 < y1).then(|| (x0, y0, x1 - x0, y1 - y0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::raster::Raster;

    const HALO: (f64, [u8; 4]) = (4.5, [0, 0, 0, 140]);
    const LINE: (f64, [u8; 4]) = (2.25, [230, 159, 0, 255]);
    const STYLE: PathStyle = PathStyle { halo: HALO, line: Some(LINE) };

    fn identity(p: [f64; 2]) -> (f64, f64) {
        (p[0], p[1])
    }

    fn zigzag(n: usize) -> Vec<[f64; 2]> {
        (0..n).map(|i| [3.0 + i as f64 * 2.0, if i % 2 == 0 { 5.0 } else { 30.0 }]).collect()
    }

    fn max_diff(a: &[u8], b: &[u8]) -> u8 {
        a.iter().zip(b).map(|(x, y)| x.abs_diff(*y)).max().unwrap_or(0)
    }

    #[test]
    fn one_layer_matches_the_raster_stroke() {
        let pts = zigzag(12);
        let mut layers = PathLayers::new(40, 40);
        layers.draw(0, 1, STYLE, &pts, identity);
        layers.compose();
        let mut raster = Raster::new(40, 40);
        let px: Vec<_> = pts.iter().map(|p| identity(*p)).collect();
        raster.stroke(&px, HALO.0, HALO.1);
        raster.stroke(&px, LINE.0, LINE.1);
        // Coverage is kept in 8 bits here: at most a step or two of rounding apart.
        assert!(max_diff(&layers.rgba, &raster.rgba) <= 2);
        assert!(layers.rgba.contains(&255));
    }

    #[test]
    fn the_polylines_of_one_layer_each_grow_where_they_stopped() {
        let a = zigzag(15);
        let b: Vec<_> = zigzag(15).iter().map(|p| [p[0], p[1] + 4.0]).collect();
        let mut grown = PathLayers::new(40, 40);
        for end in [1, 3, 8, 15] {
            let paths = [&a[..end], &b[..end]];
            assert!(grown.draw_within(0, 3, STYLE, &paths, identity, &mut Budget::unlimited()));
            grown.compose();
        }
        let mut whole = PathLayers::new(40, 40);
        whole.draw_within(0, 3, STYLE, &[&a, &b], identity, &mut Budget::unlimited());
        whole.compose();
        assert_eq!(grown.rgba, whole.rgba);
        // A budget that runs out part way: the next calls finish the same picture.
        let mut slow = PathLayers::new(40, 40);
        while !slow.draw_within(0, 3, STYLE, &[&a, &b], identity, &mut Budget::new(300.0)) {}
        slow.compose();
        assert_eq!(slow.rgba, whole.rgba);
    }

    #[test]
    fn extending_a_path_equals_drawing_it_whole() {
        let pts = zigzag(15);
        let mut grown = PathLayers::new(40, 40);
        for end in [1, 2, 6, 7, 15] {
            grown.draw(0, 7, STYLE, &pts[..end], identity);
            grown.compose();
        }
        let mut whole = PathLayers::new(40, 40);
        whole.draw(0, 7, STYLE, &pts, identity);
        whole.compose();
        assert_eq!(grown.rgba, whole.rgba);
        assert_eq!(grown.dirty_rect(), whole.dirty_rect());
    }

    #[test]
    fn the_picture_does_not_depend_on_how_the_points_arrived() {
        // Points closer than MIN_SEGMENT_PX: some are skipped, the same ones either way.
        let pts: Vec<[f64; 2]> = (0..60)
            .map(|i| [3.0 + f64::from(i) * 0.55, 20.0 + (f64::from(i) * 0.7).sin() * 9.0])
            .collect();
        let mut whole = PathLayers::new(40, 40);
        whole.draw(0, 0, STYLE, &pts, identity);
        whole.compose();
        let mut grown = PathLayers::new(40, 40);
        for end in 1..=pts.len() {
            grown.draw(0, 0, STYLE, &pts[..end], identity);
            grown.compose();
        }
        assert_eq!(grown.rgba, whole.rgba);
    }

    #[test]
    fn a_new_key_a_shorter_path_or_a_new_style_starts_the_layer_over() {
        let pts = zigzag(15);
        let fresh = |end: usize, style: PathStyle| {
            let mut l = PathLayers::new(40, 40);
            l.draw(0, 1, style, &pts[..end], identity);
            l.compose();
            l.rgba
        };
        let mut l = PathLayers::new(40, 40);
        l.draw(0, 1, STYLE, &pts, identity);
        l.draw(0, 1, STYLE, &pts[..4], identity);
        l.compose();
        assert_eq!(l.rgba, fresh(4, STYLE));
        let thin = PathStyle { halo: (2.0, [9, 9, 9, 255]), line: None };
        l.draw(0, 1, thin, &pts[..4], identity);
        l.compose();
        assert_eq!(l.rgba, fresh(4, thin));
        let other: Vec<_> = pts.iter().map(|p| [p[0], p[1] + 3.0]).collect();
        l.draw(0, 2, thin, &other, identity);
        l.compose();
        assert_ne!(l.rgba, fresh(15, thin));
        let mut want = PathLayers::new(40, 40);
        want.draw(0, 2, thin, &other, identity);
        want.compose();
        assert_eq!(l.rgba, want.rgba);
    }

    #[test]
    fn layers_stack_in_order_and_removing_one_restores_the_rest() {
        let a = [[2.0, 20.0], [38.0, 20.0]];
        let b = [[20.0, 2.0], [20.0, 38.0]];
        let blue = PathStyle { halo: (3.0, [0, 0, 255, 255]), line: None };
        let red = PathStyle { halo: (3.0, [255, 0, 0, 255]), line: None };
        let mut l = PathLayers::new(40, 40);
        l.draw(0, 'a', blue, &a, identity);
        l.draw(1, 'b', red, &b, identity);
        l.compose();
        let at =
            |l: &PathLayers<char>, x: usize, y: usize| l.rgba[(y * 40 + x) * 4..][..4].to_vec();
        assert_eq!(at(&l, 20, 20), [255, 0, 0, 255], "the later layer is on top");
        assert_eq!(at(&l, 5, 20), [0, 0, 255, 255]);
        l.truncate(1);
        l.compose();
        assert_eq!(at(&l, 20, 20), [0, 0, 255, 255]);
        assert_eq!(at(&l, 20, 5), [0, 0, 0, 0]);
        l.reset();
        l.compose();
        assert!(l.rgba.iter().all(|&v| v == 0));
        assert_eq!(l.dirty_rect(), None);
    }

    #[test]
    fn a_retraced_segment_is_drawn_once_and_changes_nothing() {
        let there_and_back = [[5.0, 5.0], [30.0, 20.0], [5.0, 5.0], [30.0, 20.1], [5.1, 5.0]];
        let mut l = PathLayers::new(40, 40);
        l.draw(0, 0, STYLE, &there_and_back[..2], identity);
        l.compose();
        let once = l.rgba.clone();
        l.draw(0, 0, STYLE, &there_and_back, identity);
        l.compose();
        assert_eq!(l.layers[0].segments.len(), 2, "the first point's dot and one segment");
        assert_eq!(l.rgba, once);
    }

    #[test]
    fn a_path_crossing_itself_thousands_of_times_is_the_union_of_its_capsules() {
        // Integer points, so that a retraced segment is the very same segment and the
        // reference can stroke every one; most pixels are covered fully early on, and the
        // layer skips them from then on.
        let mut seed = 7_u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            f64::from((seed >> 16) % 36 + 2)
        };
        let pts: Vec<[f64; 2]> = (0..3000).map(|_| [next(), next()]).collect();
        let mut l = PathLayers::new(40, 40);
        l.draw(0, 0, STYLE, &pts, identity);
        let pen = Pen::new(HALO.0, Some(LINE.0));
        let mut want = vec![[0_u8; 2]; 40 * 40];
        let mut last: Option<[f64; 2]> = None;
        for p in &pts {
            let from = match last {
                Some(q)
                    if (p[0] - q[0]).abs() < MIN_SEGMENT_PX
                        && (p[1] - q[1]).abs() < MIN_SEGMENT_PX =>
                {
                    continue
                }
                Some(q) => q,
                None => *p,
            };
            last = Some(*p);
            pen.segment((from[0], from[1]), (p[0], p[1]), (0, 0, 40, 40), 40, |i, c, ci| {
                want[i] = [want[i][0].max(to_byte(c * 255.0)), want[i][1].max(to_byte(ci * 255.0))];
            });
        }
        assert_eq!(l.layers[0].cov, want);
        assert!(want.iter().filter(|c| **c == [255, 255]).count() > 1000, "mostly covered fully");
    }

    #[test]
    fn far_points_and_clipping_stay_inside_the_image() {
        let mut l = PathLayers::new(30, 30);
        l.set_clip(5.0, 5.0, 25.0, 25.0);
        let pts = [[-1e300, 15.0], [15.0, 15.0], [f64::NAN, 1.0], [1e300, 15.0]];
        l.draw(0, 0, STYLE, &pts, identity);
        l.compose();
        let (x, y, w, h) = l.dirty_rect().unwrap();
        assert!(x >= 5 && y >= 5 && x + w <= 25 && y + h <= 25);
        assert_eq!(l.rgba[(15 * 30 + 2) * 4 + 3], 0);
        assert!(l.rgba[(15 * 30 + 10) * 4 + 3] > 0);
    }

    #[test]
    fn a_path_drawn_over_several_budgets_equals_it_drawn_at_once() {
        let pts = zigzag(15);
        let mut whole = PathLayers::new(40, 40);
        whole.draw(0, 3, STYLE, &pts, identity);
        whole.compose();
        let mut parts = PathLayers::new(40, 40);
        let mut calls = 0;
        loop {
            calls += 1;
            let mut budget = Budget::new(150.0);
            let done = parts.draw_within(0, 3, STYLE, &[&pts], identity, &mut budget);
            parts.compose();
            if done {
                break;
            }
            assert!(calls < 100, "the budget must let the path finish");
        }
        assert!(calls > 3, "a small budget spreads the path over calls: {calls}");
        assert_eq!(parts.rgba, whole.rgba);
    }

    #[test]
    fn polylines_in_one_layer_are_not_joined() {
        let a = [[5.0, 5.0], [5.0, 35.0]];
        let b = [[35.0, 5.0], [35.0, 35.0]];
        let mut l = PathLayers::new(40, 40);
        assert!(l.draw_within(0, 0, STYLE, &[&a, &b], identity, &mut Budget::unlimited()));
        l.compose();
        let alpha = |x: usize, y: usize| l.rgba[(y * 40 + x) * 4 + 3];
        assert!(alpha(5, 20) > 0 && alpha(35, 20) > 0);
        // Nothing between the two lines' ends: the second did not start from the first's end.
        assert_eq!(alpha(20, 35), 0);
        assert_eq!(alpha(20, 20), 0);
    }

    #[test]
    fn a_resized_stack_draws_as_a_new_one_of_that_size() {
        let pts = zigzag(12);
        let mut resized = PathLayers::new(60, 30);
        resized.draw(0, 1, STYLE, &pts, identity);
        resized.compose();
        resized.resize(40, 40);
        resized.draw(0, 1, STYLE, &pts, identity);
        resized.compose();
        let mut fresh = PathLayers::new(40, 40);
        fresh.draw(0, 1, STYLE, &pts, identity);
        fresh.compose();
        assert_eq!(resized.rgba, fresh.rgba);
        assert_eq!(resized.dirty_rect(), fresh.dirty_rect());
    }
}
