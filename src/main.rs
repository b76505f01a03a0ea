mod cli;

use std::process::ExitCode;

// The language server is a front-end of the binary, like the CLI: the library never
// names it.
mod server;

// mimalloc: linting allocates many small strings and nodes on several threads at once;
// glibc's allocator spent a quarter of the run in malloc/free (perf, 10k-file corpus).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    #[cfg(not(target_os = "linux"))]
    tune_allocator();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == "server") {
        keep_freed_memory();
        let rest: Vec<String> = args[2..].iter().map(|a| a.to_string_lossy().into_owned()).collect();
        return ExitCode::from(server::main(&rest));
    }
    ExitCode::from(cli::run(args))
}

// The C library linked in by the `mimalloc` crate (`mimalloc.h`).
extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

// On Linux, before the first allocation (the Rust runtime allocates before `main`), so
// that the first arena is already reserved without eager commit.
#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static TUNE_ALLOCATOR: extern "C" fn() = {
    extern "C" fn tune() {
        tune_allocator();
    }
    tune
};

/// A lint run frees each file's memory as soon as the file is reported. By default
/// mimalloc keeps freed memory committed for a while and commits its arena eagerly, which
/// made a 10,000-file run peak at 50 MiB; returning memory at once and committing on
/// demand peaks at 24 MiB in the same wall time (bench/bench.py). The numbers are the
/// options' places in `mi_option_t`, the same in mimalloc v2 and v3.
fn tune_allocator() {
    const ARENA_EAGER_COMMIT: std::ffi::c_int = 4;
    const PURGE_DELAY: std::ffi::c_int = 15;
    // SAFETY: mi_option_set stores an integer in mimalloc's option table; both options
    // may be changed at any time.
    unsafe {
        mi_option_set(ARENA_EAGER_COMMIT, 0);
        mi_option_set(PURGE_DELAY, 0);
    }
}

/// The language server lints the same document again at every keystroke: memory freed
/// by one lint is kept for a second for the next instead of being returned to the
/// system and faulted in again (a fifth of a 1 MiB relint's time went to page faults).
fn keep_freed_memory() {
    const PURGE_DELAY: std::ffi::c_int = 15;
    // SAFETY: as in `tune_allocator`.
    unsafe {
        mi_option_set(PURGE_DELAY, 1000);
    }
}
