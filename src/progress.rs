//! What an audit is doing, for the person watching: a live line on stderr
//! (accounts × regions, services collected of those started, API calls,
//! the current phase) when stderr is a terminal, and nothing in pipes, in
//! CI or with `--quiet`. The time each phase took is kept either way for the
//! report's `stats.phases`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::{Deserialize, Serialize};

/// One phase of an audit and how long it took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseTime {
    /// `connect` (credentials, regions, accounts), `collect`, `check`.
    pub phase: String,
    pub ms: u64,
}

type Phases = (Vec<PhaseTime>, Option<(String, Instant)>);

#[derive(Debug, Clone)]
pub struct Progress {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    /// `None` when nothing is shown.
    bar: Option<ProgressBar>,
    /// The phases ended, and the one running with its start.
    phases: Mutex<Phases>,
    accounts: AtomicU64,
    regions: AtomicU64,
    calls: AtomicU64,
}

/// Whether a live display belongs on this stderr: a terminal, not `--quiet`,
/// not a CI job (`CI` set, as GitHub Actions, GitLab CI and most others do),
/// and not a terminal that says it cannot draw (`TERM=dumb`).
pub fn wanted(quiet: bool, stderr_is_terminal: bool, env: impl Fn(&str) -> Option<String>) -> bool {
    !quiet
        && stderr_is_terminal
        && env("CI").is_none_or(|v| v.is_empty() || v == "false")
        && env("TERM").as_deref() != Some("dumb")
}

impl Progress {
    /// A display on stderr when `live`, else a silent recorder of phases.
    pub fn new(live: bool) -> Progress {
        let bar = live.then(|| {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            // No colour in the template: nothing for NO_COLOR to turn off.
            let style = ProgressStyle::with_template(
                "{spinner} {prefix:<8} [{bar:24}] {pos}/{len} services · {msg} · {elapsed}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Progress {
            inner: Arc::new(Inner {
                bar,
                phases: Mutex::new((Vec::new(), None)),
                accounts: AtomicU64::new(0),
                regions: AtomicU64::new(0),
                calls: AtomicU64::new(0),
            }),
        }
    }

    /// Whether anything is shown (gaps are then printed as they happen).
    pub fn is_live(&self) -> bool {
        self.inner.bar.is_some()
    }

    /// End the current phase and start `name`.
    pub fn phase(&self, name: &str) {
        self.end_phase(Some(name));
        if let Some(bar) = &self.inner.bar {
            bar.set_prefix(name.to_string());
        }
    }

    /// Record the running phase's time, and start `next` if given.
    fn end_phase(&self, next: Option<&str>) {
        let mut phases = self.inner.phases.lock().unwrap_or_else(|e| e.into_inner());
        let (done, current) = &mut *phases;
        if let Some((previous, since)) = current.take() {
            done.push(PhaseTime {
                phase: previous,
                ms: since.elapsed().as_millis() as u64,
            });
        }
        *current = next.map(|name| (name.to_string(), Instant::now()));
    }

    /// The phases ended so far, in order.
    pub fn phases(&self) -> Vec<PhaseTime> {
        let phases = self.inner.phases.lock().unwrap_or_else(|e| e.into_inner());
        phases.0.clone()
    }

    /// One more account, auditing `regions` regions with `services` collections.
    pub fn account(&self, regions: usize, services: usize) {
        self.inner.accounts.fetch_add(1, Ordering::Relaxed);
        self.inner
            .regions
            .fetch_max(regions as u64, Ordering::Relaxed);
        if let Some(bar) = &self.inner.bar {
            bar.inc_length(services as u64);
            self.describe(bar);
        }
    }

    /// A service's collection is done; `calls` were made in all so far.
    pub fn done(&self, calls: u64) {
        if let Some(bar) = &self.inner.bar {
            bar.inc(1);
            self.inner.calls.fetch_max(calls, Ordering::Relaxed);
            self.describe(bar);
        }
    }

    fn describe(&self, bar: &ProgressBar) {
        bar.set_message(format!(
            "{} account(s) × {} region(s) · {} API calls",
            self.inner.accounts.load(Ordering::Relaxed),
            self.inner.regions.load(Ordering::Relaxed),
            self.inner.calls.load(Ordering::Relaxed),
        ));
    }

    /// A line above the display (or on stderr), without tearing it.
    pub fn println(&self, line: &str) {
        match &self.inner.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }

    /// End the current phase and clear the display, before the report is written.
    pub fn finish(&self) {
        self.end_phase(None);
        if let Some(bar) = &self.inner.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_only_on_a_terminal_outside_ci_and_without_quiet() {
        let none = |_: &str| None;
        assert!(wanted(false, true, none));
        assert!(!wanted(true, true, none), "--quiet");
        assert!(!wanted(false, false, none), "a pipe or a file");
        let ci = |k: &str| (k == "CI").then(|| "true".to_string());
        assert!(!wanted(false, true, ci), "CI");
        let not_ci = |k: &str| (k == "CI").then(|| "false".to_string());
        assert!(wanted(false, true, not_ci));
        let dumb = |k: &str| (k == "TERM").then(|| "dumb".to_string());
        assert!(!wanted(false, true, dumb));
    }

    #[test]
    fn phases_are_timed_in_order_even_when_nothing_is_shown() {
        let p = Progress::new(false);
        assert!(!p.is_live());
        p.phase("connect");
        p.phase("collect");
        p.account(2, 24);
        p.done(10);
        p.phase("check");
        p.finish();
        let names: Vec<String> = p.phases().into_iter().map(|t| t.phase).collect();
        assert_eq!(names, ["connect", "collect", "check"]);
        p.finish();
        assert_eq!(p.phases().len(), 3, "finishing twice adds nothing");
    }
}
