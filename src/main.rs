//! The `ansatz` binary: argument parsing only; everything else is in the library.

use clap::Parser;

fn main() {
    let args = ansatz::cli::Args::parse();
    std::process::exit(ansatz::cli::run(args));
}
