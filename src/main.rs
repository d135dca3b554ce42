//! The `ansatz` binary: the command line (`cli`) and the REPL (`repl`), the only code that
//! touches clap, rustyline and terminals; everything else is in the library.

mod cli;
mod input;
mod repl;

fn main() {
    std::process::exit(cli::run(&cli::Invocation::from_command_line()));
}
