//! Pixel helpers shared by the path rasterizers ([`super::raster`], [`super::path_layers`]):
//! pixel boxes, clipping, clamping far-off points and rounding coverage to bytes.

/// A pixel box (x0, y0, x1, y1), ends exclusive; [`NO_BOX`] is empty.
pub(crate) type Rect = (usize, usize, usize, usize);
pub(crate) const NO_BOX: Rect = (usize::MAX, usize::MAX, 0, 0);

/// The smallest box holding both.
pub(crate) fn union(a: Rect, b: Rect) -> Rect {
    (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3))
}

/// `[x0, x1) × [y0, y1)` in whole pixels of a `width` × `height` image (clamped to it).
pub(crate) fn clip_rect(width: usize, height: usize, x0: f64, y0: f64, x1: f64, y1: f64) -> Rect {
    let cx = |v: f64| (v.max(0.0) as usize).min(width);
    let cy = |v: f64| (v.max(0.0) as usize).min(height);
    (cx(x0.floor()), cy(y0.floor()), cx(x1.ceil()), cy(y1.ceil()))
}

/// Canvas coordinates beyond this are clamped: far-diverged points are off-screen anyway,
/// and huge numbers would make the segment boxes meaningless.
pub const MAX_PX: f64 = 1e6;

/// `(x, y)` clamped to ±[`MAX_PX`].
pub fn clamp_px((x, y): (f64, f64)) -> (f64, f64) {
    (x.clamp(-MAX_PX, MAX_PX), y.clamp(-MAX_PX, MAX_PX))
}

/// `v` (≥ 0) rounded to a byte. Not `f32::round`: in WASM that is a library call, and this
/// runs for every pixel a stroke touches.
pub(crate) fn to_byte(v: f32) -> u8 {
    // `as` saturates: anything past 255 is 255.
    (v + 0.5) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_union_of_boxes_holds_both_and_the_empty_box_is_neutral() {
        assert_eq!(union((1, 2, 5, 6), (3, 0, 4, 9)), (1, 0, 5, 9));
        assert_eq!(union(NO_BOX, (3, 4, 5, 6)), (3, 4, 5, 6));
        assert_eq!(union((3, 4, 5, 6), NO_BOX), (3, 4, 5, 6));
        assert_eq!(union(NO_BOX, NO_BOX), NO_BOX);
    }

    #[test]
    fn clip_rects_cover_whole_pixels_inside_the_image() {
        assert_eq!(clip_rect(20, 10, 1.5, 2.2, 7.1, 8.0), (1, 2, 8, 8));
        assert_eq!(clip_rect(20, 10, -5.0, -1e9, 1e9, 99.5), (0, 0, 20, 10));
        assert_eq!(clip_rect(20, 10, f64::NAN, 0.0, 3.0, 3.0).0, 0);
    }

    #[test]
    fn far_points_are_clamped_and_near_ones_kept() {
        assert_eq!(clamp_px((12.5, -3.0)), (12.5, -3.0));
        assert_eq!(clamp_px((1e300, -f64::INFINITY)), (MAX_PX, -MAX_PX));
    }

    #[test]
    fn bytes_round_to_nearest_and_saturate() {
        assert_eq!(to_byte(0.0), 0);
        assert_eq!(to_byte(0.49), 0);
        assert_eq!(to_byte(0.5), 1);
        assert_eq!(to_byte(127.6), 128);
        assert_eq!(to_byte(254.6), 255);
        assert_eq!(to_byte(1e9), 255);
    }
}
