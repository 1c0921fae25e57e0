//! Telling retraced segments apart: an optimizer that oscillates (RMSProp at a large rate,
//! near a minimum) goes over the same few hundred segments thousands of times, and a stroke
//! that is the union of its segments needs to draw each only once.

/// Which segments count as the same: both ends in the same half-pixel cell, in either
/// direction (drawing the first such segment differs from drawing each by at most a quarter
/// pixel at the ends). `None` for the far off-screen ones.
pub(crate) fn segment_key(a: (f64, f64), b: (f64, f64)) -> Option<u64> {
    let cell = |v: f64| {
        let q = (v * 2.0 + 0.5).floor();
        (q.abs() < 32_000.0).then_some(q as i16 as u16 as u64)
    };
    let (a, b) = ((cell(a.0)?, cell(a.1)?), (cell(b.0)?, cell(b.1)?));
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    Some(lo.0 << 48 | lo.1 << 32 | hi.0 << 16 | hi.1)
}

/// A set of [`segment_key`]s: open addressing with linear probing (std's `HashSet` would
/// do, at a few KB more of wasm). Zero marks an empty slot, so the key zero is kept apart.
#[derive(Default)]
pub(crate) struct KeySet {
    slots: Vec<u64>,
    len: usize,
    has_zero: bool,
}

impl KeySet {
    /// Adds `key`; false if it was there already.
    pub(crate) fn insert(&mut self, key: u64) -> bool {
        if key == 0 {
            return !std::mem::replace(&mut self.has_zero, true);
        }
        if (self.len + 1) * 2 > self.slots.len() {
            let size = (self.slots.len() * 2).max(64);
            let old = std::mem::replace(&mut self.slots, vec![0; size]);
            self.len = 0;
            for k in old.into_iter().filter(|&k| k != 0) {
                self.insert(k);
            }
        }
        let mask = self.slots.len() - 1;
        let mut i = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask;
        loop {
            match self.slots[i] {
                0 => {
                    self.slots[i] = key;
                    self.len += 1;
                    return true;
                }
                k if k == key => return false,
                _ => i = (i + 1) & mask,
            }
        }
    }

    pub(crate) fn clear(&mut self) {
        self.slots.fill(0);
        self.len = 0;
        self.has_zero = false;
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.len + usize::from(self.has_zero)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_the_same_within_half_a_pixel_and_either_way() {
        assert_eq!(segment_key((1.0, 2.0), (3.0, 4.0)), segment_key((3.1, 4.1), (0.9, 2.0)));
        assert_ne!(segment_key((1.0, 2.0), (3.0, 4.0)), segment_key((1.0, 2.0), (3.0, 4.5)));
        assert_eq!(segment_key((1.0, 2.0), (1e6, 4.0)), None);
    }

    #[test]
    fn the_key_set_holds_each_key_once() {
        let mut set = KeySet::default();
        for k in (0..5000_u64).chain(0..5000).map(|k| k.wrapping_mul(7919) << 3) {
            set.insert(k);
        }
        assert_eq!(set.len(), 5000);
        assert!(set.insert(u64::MAX) && !set.insert(u64::MAX) && !set.insert(0));
        set.clear();
        assert!(set.insert(0) && set.insert(8) && set.len() == 2);
    }
}
