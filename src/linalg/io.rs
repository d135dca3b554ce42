//! Matrix files: CSV (comma-separated numbers, one row per line; a first line of names is
//! skipped) and NumPy `.npy` (through `npyz`: float64, float32 and integer arrays of one or two
//! dimensions, C or Fortran order). Entries are read as doubles. Errors name the line and
//! column of the cell that is wrong.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::Path;

use npyz::WriterBuilder;

use super::dense::Dense;
use crate::limits;

/// Why a file could not be read or written (the message is for the user).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct FileError(pub String);

fn is_npy(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("npy"))
}

fn too_many(count: u64) -> FileError {
    FileError(format!(
        "the file holds more than {} entries (limit MAX_MATRIX_ENTRIES; it has at least {count})",
        limits::MAX_MATRIX_ENTRIES
    ))
}

/// Read a matrix from a `.csv` or `.npy` file.
pub fn read(path: &Path) -> Result<Dense<f64>, FileError> {
    let file = File::open(path)
        .map_err(|e| FileError(format!("cannot open {}: {}", path.display(), plain_io(&e))))?;
    if is_npy(path) {
        read_npy(BufReader::new(file), path)
    } else {
        read_csv(BufReader::new(file), path)
    }
}

/// The message of an I/O error without Rust's "(os error 2)".
fn plain_io(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_lowercase(),
        None => text,
    }
}

fn read_csv(reader: impl std::io::Read, path: &Path) -> Result<Dense<f64>, FileError> {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(reader);
    let mut data = Vec::new();
    let mut cols = None;
    let mut rows = 0usize;
    for (index, record) in csv.records().enumerate() {
        let record = record.map_err(|e| FileError(format!("{}: {e}", path.display())))?;
        let line = record.position().map_or(index as u64 + 1, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        let parsed: Vec<Result<f64, usize>> = record
            .iter()
            .enumerate()
            .map(|(j, cell)| parse_cell(cell).ok_or(j))
            .collect();
        // A first line of names (no cell is a number) is a header.
        if rows == 0 && cols.is_none() && parsed.iter().all(Result::is_err) {
            cols = Some(0);
            continue;
        }
        let width = record.len();
        match cols {
            Some(w) if w != 0 && w != width => {
                return Err(FileError(format!(
                    "{}:{line}: this row has {width} entries but the rows above have {w} (ragged rows)",
                    path.display()
                )));
            }
            _ => cols = Some(width),
        }
        for (j, cell) in parsed.into_iter().enumerate() {
            let value = cell.map_err(|_| {
                FileError(format!(
                    "{}:{line}:{}: '{}' is not a number (line {line}, column {})",
                    path.display(),
                    j + 1,
                    record.get(j).unwrap_or(""),
                    j + 1
                ))
            })?;
            data.push(value);
        }
        rows += 1;
        if data.len() as u64 > limits::MAX_MATRIX_ENTRIES {
            return Err(too_many(data.len() as u64));
        }
    }
    let cols = cols.unwrap_or(0);
    if rows == 0 || cols == 0 {
        return Err(FileError(format!(
            "{}: no numbers in the file",
            path.display()
        )));
    }
    Dense::new(rows, cols, data).ok_or_else(|| {
        FileError(format!(
            "{}: the rows have different lengths",
            path.display()
        ))
    })
}

/// A number in a cell: decimal, with exponent, `inf`, `-inf` and `nan` refused as not data.
fn parse_cell(cell: &str) -> Option<f64> {
    let x: f64 = cell.parse().ok()?;
    x.is_finite().then_some(x)
}

fn read_npy(reader: impl std::io::Read, path: &Path) -> Result<Dense<f64>, FileError> {
    let bad = |what: String| FileError(format!("{}: {what}", path.display()));
    let npy =
        npyz::NpyFile::new(reader).map_err(|e| bad(format!("not a NumPy .npy file ({e})")))?;
    let shape = npy.shape().to_vec();
    let (rows, cols) = match shape[..] {
        [n] => (n, 1),
        [m, n] => (m, n),
        _ => {
            return Err(bad(format!(
                "the array has {} dimensions; a matrix has 1 or 2",
                shape.len()
            )));
        }
    };
    let count = rows.saturating_mul(cols);
    if count > limits::MAX_MATRIX_ENTRIES {
        return Err(too_many(count));
    }
    let fortran = npy.order() == npyz::Order::Fortran;
    let type_name = npy.dtype().descr();
    let values: Vec<f64> = match type_name
        .trim_matches('\'')
        .trim_start_matches(['<', '>', '|', '='])
    {
        "f8" => npy.into_vec::<f64>(),
        "f4" => npy
            .into_vec::<f32>()
            .map(|v| v.into_iter().map(f64::from).collect()),
        "i8" => npy
            .into_vec::<i64>()
            .map(|v| v.into_iter().map(|x| x as f64).collect()),
        "i4" => npy
            .into_vec::<i32>()
            .map(|v| v.into_iter().map(f64::from).collect()),
        other => {
            return Err(bad(format!(
                "entries of type '{other}' are not supported (float64, float32, int64, int32 are)"
            )));
        }
    }
    .map_err(|e| bad(format!("cannot read the data ({e})")))?;
    let (rows, cols) = (rows as usize, cols as usize);
    if values.iter().any(|x| !x.is_finite()) {
        return Err(bad("the array holds inf or nan".to_string()));
    }
    let m = if fortran {
        Dense::from_fn(rows, cols, |i, j| values[j * rows + i])
    } else {
        Dense::new(rows, cols, values)
            .ok_or_else(|| bad("the data is shorter than its shape".into()))?
    };
    Ok(m)
}

/// Write a matrix of doubles to a `.csv` (shortest round-trip decimals) or `.npy` file.
pub fn write(a: &Dense<f64>, path: &Path) -> Result<(), FileError> {
    let fail =
        |e: std::io::Error| FileError(format!("cannot write {}: {}", path.display(), plain_io(&e)));
    let file = File::create(path).map_err(fail)?;
    let mut out = BufWriter::new(file);
    if is_npy(path) {
        let mut writer = npyz::WriteOptions::new()
            .default_dtype()
            .shape(&[a.rows() as u64, a.cols() as u64])
            .writer(&mut out)
            .begin_nd()
            .map_err(fail)?;
        writer.extend(a.data().iter().copied()).map_err(fail)?;
        writer.finish().map_err(fail)?;
    } else {
        for i in 0..a.rows() {
            let line: Vec<String> = a.row(i).iter().map(|x| format!("{x:?}")).collect();
            writeln!(out, "{}", line.join(",")).map_err(fail)?;
        }
    }
    out.flush().map_err(fail)
}
