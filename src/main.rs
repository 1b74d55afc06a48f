//! The `casebook` command; everything it does lives in the library.

// Typst's layout allocates and frees millions of small objects per build; mimalloc makes a
// `watch` rebuild ~13 % faster than glibc's allocator (measured, ARCHITECTURE.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // A runaway template ends the process with a diagnostic (src/watchdog.rs).
    casebook::watchdog::enable();
    casebook::cli::main()
}
