//! The `ansatz` binary: the command line (`cli`) and the REPL (`repl`), the only code that
//! touches clap, rustyline and terminals; everything else is in the library.

mod cli;
mod input;
mod repl;

use clap::Parser;

fn main() {
    let args = cli::Args::parse();
    std::process::exit(cli::run(args));
}
