//! Pictures: figures (what to draw), adaptive sampling of curves from compiled expressions,
//! rendering to SVG and PNG through plotters with a bundled font, and the terminal braille
//! preview.

pub mod curves;
pub mod figure;
pub mod preview;
pub mod render;
pub mod sample;
