//! Run colours and head markers, the one home of both. Colours are the Okabe–Ito palette,
//! distinguishable with the common colour-vision deficiencies; paths get a dark halo on the
//! heatmap, so each colour reads on every part of viridis and on the charts' white
//! background alike. Head markers also differ in shape, for print and for colour-blind eyes.

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// The colour with `alpha`, as the rasterizers take it.
    pub const fn rgba(self, alpha: u8) -> [u8; 4] {
        [self.0, self.1, self.2, alpha]
    }

    /// `#RRGGBB`, for CSS and canvas styles.
    pub fn css(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }
}

/// The runs' colours, by run colour index (the first three are the default trio's).
pub const RUN_COLORS: [Rgb; 8] = [
    Rgb(0xE6, 0x9F, 0x00), // orange: RMSProp by default
    Rgb(0x56, 0xB4, 0xE9), // sky blue: AdaGrad
    Rgb(0xCC, 0x79, 0xA7), // reddish purple: Adam
    Rgb(0xD5, 0x5E, 0x00), // vermillion
    Rgb(0x00, 0x9E, 0x73), // bluish green
    Rgb(0x00, 0x72, 0xB2), // blue
    Rgb(0xF0, 0xE4, 0x42), // yellow
    Rgb(0x99, 0x99, 0x99), // grey
];

/// Classroom mode's factor on what the canvases draw in CSS px (type, lines, markers, label
/// bands): 11 px tick labels become 14 px, 2 px chart lines 2.6 px, readable across a room.
pub const CLASSROOM_SCALE: f64 = 1.3;

/// Where the objective shifts, on the timeline and the charts (vermillion, apart from the
/// heatmap's viridis).
pub const SHIFT_MARK: Rgb = Rgb(0xD5, 0x5E, 0x00);

/// The minibatch's contour lines on the heatmap (a pale yellow, apart from the full-batch
/// contours' white; `.key-batch` in style/main.css shows it in the overlay key).
pub const BATCH_CONTOUR: Rgb = Rgb(0xFF, 0xD6, 0x66);

/// How many shades of each colour there are: run colour index `i` is shade `i / 8` of
/// `RUN_COLORS[i % 8]`, so two runs of one optimizer can share its colour in two shades.
pub const SHADES: usize = 3;

/// The colour of run colour index `index`: shade 0 is the palette's colour, shade 1 a darker
/// one, shade 2 a lighter one (each far enough from the others to tell apart in a legend).
pub fn run_color(index: usize) -> Rgb {
    let base = RUN_COLORS[index % RUN_COLORS.len()];
    let mix = |c: u8, to: f64, k: f64| (f64::from(c) + (to - f64::from(c)) * k).round() as u8;
    let toward = |to: f64, k: f64| Rgb(mix(base.0, to, k), mix(base.1, to, k), mix(base.2, to, k));
    match (index / RUN_COLORS.len()) % SHADES {
        0 => base,
        1 => toward(0.0, 0.45),
        _ => toward(255.0, 0.5),
    }
}

/// The colour index a new run of the optimizer at `family` (its place in
/// [`OptimizerKind::ALL`]) takes: its family's colour, in the first shade no run in `used`
/// has; when all are taken, the first index nobody uses.
pub fn color_for(family: usize, used: &[usize]) -> usize {
    let base = family % RUN_COLORS.len();
    let shades = (0..SHADES).map(|s| base + s * RUN_COLORS.len());
    let all = 0..RUN_COLORS.len() * SHADES;
    shades.chain(all).find(|i| !used.contains(i)).unwrap_or(base)
}

/// Head marker shapes, cycled with the colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
}

impl Marker {
    /// The CSS class of a swatch with this shape.
    pub fn class(self) -> &'static str {
        match self {
            Marker::Circle => "circle",
            Marker::Square => "square",
            Marker::Triangle => "triangle",
            Marker::Diamond => "diamond",
        }
    }
}

/// The head marker of run colour index `index`: by colour, and another for each shade, so
/// two runs of one family differ in shape too.
pub fn run_marker(index: usize) -> Marker {
    let shade = index / RUN_COLORS.len();
    [Marker::Circle, Marker::Square, Marker::Triangle, Marker::Diamond][(index + shade) % 4]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_is_the_hex_of_the_channels() {
        assert_eq!(RUN_COLORS[0].css(), "#E69F00");
        assert_eq!(run_color(1).css(), "#56B4E9");
        assert_eq!(Rgb(1, 2, 3).rgba(200), [1, 2, 3, 200]);
    }

    #[test]
    fn colours_differ_and_markers_cycle() {
        for (i, a) in RUN_COLORS.iter().enumerate() {
            assert!(RUN_COLORS[i + 1..].iter().all(|b| b != a), "colour {i} repeats");
        }
        assert_eq!(run_marker(0), run_marker(4));
        assert_ne!(run_marker(0), run_marker(1));
    }

    #[test]
    fn a_familys_shades_are_far_apart_and_have_their_own_markers() {
        let far = |a: Rgb, b: Rgb| {
            a.0.abs_diff(b.0) as u32 + a.1.abs_diff(b.1) as u32 + a.2.abs_diff(b.2) as u32
        };
        for c in 0..RUN_COLORS.len() {
            let shades: Vec<usize> = (0..SHADES).map(|s| c + s * RUN_COLORS.len()).collect();
            for (i, &a) in shades.iter().enumerate() {
                for &b in &shades[i + 1..] {
                    assert!(
                        far(run_color(a), run_color(b)) >= 100,
                        "colour {c}: shades {a} and {b}"
                    );
                    assert_ne!(run_marker(a), run_marker(b), "colour {c}: shades {a} and {b}");
                }
            }
        }
    }

    #[test]
    fn a_new_run_takes_its_familys_colour_in_a_free_shade() {
        assert_eq!(color_for(0, &[]), 0);
        assert_eq!(color_for(1, &[0, 2]), 1);
        // A second RMSProp: RMSProp's colour, darker; a third: lighter.
        assert_eq!(color_for(0, &[0, 1, 2]), 8);
        assert_eq!(color_for(0, &[0, 8]), 16);
        // Every shade taken: the first free index.
        assert_eq!(color_for(0, &[0, 8, 16, 1]), 2);
        // Families past the palette share its colours.
        assert_eq!(color_for(9, &[]), 1);
    }
}
