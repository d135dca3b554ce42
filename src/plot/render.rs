//! Writing images through plotters' bitmap backend. A file is rendered to a temporary name in
//! the target directory and renamed into place, so a failure never leaves half a file behind.

use std::path::{Path, PathBuf};

use plotters::prelude::*;

/// Why an image could not be written.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RenderError {
    #[error("unsupported image format '{0}' (supported: .png)")]
    Format(String),
    #[error("cannot write {path}: {reason}")]
    Write { path: String, reason: String },
}

fn check_png(path: &Path) -> Result<(), RenderError> {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("png") => Ok(()),
        other => Err(RenderError::Format(
            other.map_or_else(|| "(none)".to_string(), |e| format!(".{e}")),
        )),
    }
}

fn temporary_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "image".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.{}.partial.png", std::process::id()))
}

/// Write `pixels` (row-major RGB, `width × height`) as a PNG at `path`.
pub fn write_png(
    path: &Path,
    width: u32,
    height: u32,
    pixels: &[[u8; 3]],
) -> Result<(), RenderError> {
    check_png(path)?;
    let write_error = |reason: String| RenderError::Write {
        path: path.display().to_string(),
        reason,
    };
    let temporary = temporary_beside(path);
    let result = (|| -> Result<(), String> {
        let backend = BitMapBackend::new(&temporary, (width, height));
        let root = backend.into_drawing_area();
        for (i, rgb) in pixels.iter().enumerate() {
            let (x, y) = ((i as u32 % width) as i32, (i as u32 / width) as i32);
            root.draw_pixel((x, y), &RGBColor(rgb[0], rgb[1], rgb[2]))
                .map_err(|e| e.to_string())?;
        }
        root.present().map_err(|e| e.to_string())
    })();
    match result {
        Ok(()) => std::fs::rename(&temporary, path).map_err(|e| {
            let _ = std::fs::remove_file(&temporary);
            write_error(e.to_string())
        }),
        Err(reason) => {
            let _ = std::fs::remove_file(&temporary);
            Err(write_error(reason))
        }
    }
}
