//! The time budget of a template. A custom `templates/report.typ` is a program, and Typst
//! 0.15.1 offers no way to interrupt a compilation: its evaluator stops a `while` loop after
//! 10 000 iterations, but nested `for` loops over large ranges, deep recursion up to its limit
//! or a layout that grows without end run on, and the `World` is not called from a pure
//! loop, so checking a deadline in `World::file` or `World::today` cannot stop them.
//!
//! So the `casebook` binary starts a watchdog thread around the Typst stages of each build;
//! when the budget ([`DEFAULT_BUDGET`], or `CASEBOOK_TEMPLATE_TIMEOUT` seconds) runs out it
//! prints a diagnostic naming the template and ends the process with exit code 1 — no output
//! was written by then, as writing starts only after Typst is done. The library does nothing
//! unless [`enable`] was called, so programs embedding it keep control of their process.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// A build of the AI-900 report takes ~0.1 s, a report 100 times its size ~6 s (release).
pub const DEFAULT_BUDGET: Duration = Duration::from_secs(120);

/// The budget in milliseconds; 0 = no watchdog (library default).
static BUDGET_MS: AtomicU64 = AtomicU64::new(0);

/// Turns the watchdog on: `CASEBOOK_TEMPLATE_TIMEOUT` (seconds, may be fractional) or the
/// default budget.
pub fn enable() {
    let budget = std::env::var("CASEBOOK_TEMPLATE_TIMEOUT")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .map(Duration::from_secs_f64)
        .unwrap_or(DEFAULT_BUDGET);
    BUDGET_MS.store(budget.as_millis().max(1) as u64, Ordering::Relaxed);
}

/// Ends the watch when dropped.
pub struct Guard {
    done: Option<Arc<(Mutex<bool>, Condvar)>>,
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(done) = &self.done {
            *done.0.lock().unwrap_or_else(|e| e.into_inner()) = true;
            done.1.notify_all();
        }
    }
}

/// Starts the budget of the template's run (until the guard is dropped).
pub fn template_budget() -> Guard {
    let ms = BUDGET_MS.load(Ordering::Relaxed);
    if ms == 0 {
        return Guard { done: None };
    }
    let done = Arc::new((Mutex::new(false), Condvar::new()));
    let shared = done.clone();
    std::thread::spawn(move || {
        let budget = Duration::from_millis(ms);
        let (lock, cvar) = &*shared;
        let guard = lock.lock().unwrap_or_else(|e| e.into_inner());
        let (finished, _) = cvar.wait_timeout_while(guard, budget, |done| !*done).unwrap_or_else(|e| e.into_inner());
        if !*finished {
            eprintln!(
                "error[template-timeout]: the Typst template ran for more than {:.1} s and was stopped\n  \
                 = help: templates/report.typ probably loops without end; fix the loop, or allow more time with \
                 CASEBOOK_TEMPLATE_TIMEOUT=<seconds>. No output was written.",
                budget.as_secs_f64()
            );
            std::process::exit(1);
        }
    });
    Guard { done: Some(done) }
}
