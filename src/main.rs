use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(ckslint::cli::run(std::env::args_os()))
}
