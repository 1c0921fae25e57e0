//! Browser-free drawing math shared by the app's canvases, unit-tested natively.

pub mod chart_frame;
pub mod colormap;
pub mod contours;
pub mod data_plot;
pub mod edge;
pub mod equations;
pub mod explainer_text;
pub mod format;
pub mod heatmap;
pub mod legend;
pub mod mathml;
pub mod path_layers;
pub mod pixels;
pub mod pointers;
pub mod raster;
pub mod run_names;
pub mod segments;
pub mod sensitivity;
pub mod series;
pub mod shift_edit;
pub mod slider;
pub mod sweep;
pub mod sweep_pictures;
pub mod theme;
pub mod ticks;
pub mod transform;
