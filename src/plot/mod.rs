//! Pictures. For now the raster writer that Newton basins use; the plot issue adds figures,
//! curves, SVG and the terminal preview on the same plotters backends.

pub mod render;
