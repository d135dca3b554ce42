//! Progress bars for long runs (big comparison tables, high orders), drawn with indicatif on
//! standard error only when it is a terminal, so pipes, tests and `--json` stay clean. The
//! bar clears itself when the run ends, also when Ctrl-C stops it.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// A bar over `len` steps, or nothing when standard error is not a terminal.
pub struct Progress(Option<ProgressBar>);

impl Progress {
    pub fn new(len: u64, what: &str) -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = ProgressBar::new(len);
        if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({elapsed})")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(what.to_string());
        Progress(Some(bar))
    }
    /// One step done.
    pub fn step(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
