use std::process::ExitCode;

// mimalloc: linting allocates many small strings and nodes on several threads at once;
// glibc's allocator spent a quarter of the run in malloc/free (perf, 10k-file corpus).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    ExitCode::from(ckslint::cli::run(std::env::args_os()))
}
