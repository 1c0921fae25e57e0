//! Browser-free drawing math shared by the app's canvases.
