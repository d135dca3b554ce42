//! A dense matrix stored row by row: the one container every matrix algorithm here works on,
//! whatever its entries (exact rationals, expressions, doubles, MPFR floats).

use std::fmt;

/// A `rows × cols` matrix, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Dense<T> {
    rows: usize,
    cols: usize,
    data: Vec<T>,
}

/// A matrix's shape, displayed as `3×2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape(pub usize, pub usize);

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}×{}", self.0, self.1)
    }
}

impl<T> Dense<T> {
    /// The matrix with `data` (row-major); `None` when the length is not `rows * cols`.
    pub fn new(rows: usize, cols: usize, data: Vec<T>) -> Option<Dense<T>> {
        (rows.checked_mul(cols) == Some(data.len())).then_some(Dense { rows, cols, data })
    }
    /// The matrix with `data` (row-major) whose length the caller has made `rows * cols`.
    pub(crate) fn from_row_major(rows: usize, cols: usize, data: Vec<T>) -> Dense<T> {
        debug_assert_eq!(data.len(), rows * cols);
        Dense { rows, cols, data }
    }
    pub fn from_fn(rows: usize, cols: usize, mut f: impl FnMut(usize, usize) -> T) -> Dense<T> {
        let mut data = Vec::with_capacity(rows * cols);
        for i in 0..rows {
            for j in 0..cols {
                data.push(f(i, j));
            }
        }
        Dense { rows, cols, data }
    }
    pub fn rows(&self) -> usize {
        self.rows
    }
    pub fn cols(&self) -> usize {
        self.cols
    }
    pub fn shape(&self) -> Shape {
        Shape(self.rows, self.cols)
    }
    /// Entry (i, j), 0-based.
    pub fn at(&self, i: usize, j: usize) -> &T {
        &self.data[i * self.cols + j]
    }
    pub fn at_mut(&mut self, i: usize, j: usize) -> &mut T {
        &mut self.data[i * self.cols + j]
    }
    pub fn row(&self, i: usize) -> &[T] {
        &self.data[i * self.cols..(i + 1) * self.cols]
    }
    pub fn data(&self) -> &[T] {
        &self.data
    }
    pub fn into_data(self) -> Vec<T> {
        self.data
    }
    pub fn map<U>(&self, f: impl FnMut(&T) -> U) -> Dense<U> {
        Dense {
            rows: self.rows,
            cols: self.cols,
            data: self.data.iter().map(f).collect(),
        }
    }
    pub fn try_map<U, E>(&self, f: impl FnMut(&T) -> Result<U, E>) -> Result<Dense<U>, E> {
        Ok(Dense {
            rows: self.rows,
            cols: self.cols,
            data: self.data.iter().map(f).collect::<Result<_, _>>()?,
        })
    }
}

impl<T: Clone> Dense<T> {
    pub fn transpose(&self) -> Dense<T> {
        Dense::from_fn(self.cols, self.rows, |i, j| self.at(j, i).clone())
    }
    /// The submatrix of the given rows and columns (0-based, in the order given).
    pub fn select(&self, rows: &[usize], cols: &[usize]) -> Dense<T> {
        Dense::from_fn(rows.len(), cols.len(), |i, j| {
            self.at(rows[i], cols[j]).clone()
        })
    }
    /// Column j as a vector.
    pub fn column(&self, j: usize) -> Vec<T> {
        (0..self.rows).map(|i| self.at(i, j).clone()).collect()
    }
}
