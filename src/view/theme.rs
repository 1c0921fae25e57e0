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

/// Where the objective shifts, on the timeline and the charts (vermillion, apart from the
/// heatmap's viridis).
pub const SHIFT_MARK: Rgb = Rgb(0xD5, 0x5E, 0x00);

pub fn run_color(index: usize) -> Rgb {
    RUN_COLORS[index % RUN_COLORS.len()]
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

pub fn run_marker(index: usize) -> Marker {
    [Marker::Circle, Marker::Square, Marker::Triangle, Marker::Diamond][index % 4]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_is_the_hex_of_the_channels() {
        assert_eq!(RUN_COLORS[0].css(), "#E69F00");
        assert_eq!(run_color(9).css(), "#56B4E9");
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
}
