//! Run colours: the Okabe–Ito palette, distinguishable with the common colour-vision
//! deficiencies. Paths get a dark halo on the heatmap, so each colour reads on every part
//! of viridis and on the charts' white background alike. Head markers also differ in shape.

pub const RUN_COLORS: [&str; 8] = [
    "#E69F00", // orange: RMSProp by default
    "#56B4E9", // sky blue: AdaGrad
    "#CC79A7", // reddish purple: Adam
    "#D55E00", // vermillion
    "#009E73", // bluish green
    "#0072B2", // blue
    "#F0E442", // yellow
    "#999999", // grey
];

pub fn run_color(index: usize) -> &'static str {
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

pub fn run_marker(index: usize) -> Marker {
    [Marker::Circle, Marker::Square, Marker::Triangle, Marker::Diamond][index % 4]
}
