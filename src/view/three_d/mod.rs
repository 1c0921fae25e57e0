//! The 3D view's maths, browser-free: small matrices, the orbit camera, the surface as a
//! height field and mesh, and the paths, markers, axes and picking on it.

pub mod camera;
pub mod mat;
pub mod mesh;
pub mod scene;
