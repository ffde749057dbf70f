//! [`Progress`]: where a run stands, on stderr. A full run takes minutes, so each step (one
//! client's round of one scenario, one redis-benchmark run, one memory probe, one client's
//! slot move) ends with a line saying which step of how many it was and about how
//! long the rest will take. stdout, the report, is untouched.
//!
//! The estimate: each kind of step (mode and scenario) takes as long as its own finished steps
//! took on average; a kind not yet started takes as long as the same scenario in an earlier
//! mode, else as the average step so far.

use std::io::{IsTerminal as _, Write as _};
use std::time::{Duration, Instant};

use crate::mode::Mode;
use crate::options::Options;
use crate::scenario::Scenario;

/// One kind of step and how far it is.
#[derive(Debug)]
struct Stage {
    mode: Mode,
    part: &'static str,
    planned: usize,
    done: usize,
    spent: Duration,
}

/// The planned steps of a run, and the ones done.
#[derive(Debug)]
pub(crate) struct Progress {
    started: Instant,
    stages: Vec<Stage>,
    /// A step under way: its kind and start.
    current: Option<(Mode, &'static str, Instant)>,
    /// stderr is a terminal: the step under way is shown on a line the result overwrites.
    terminal: bool,
    /// Characters of the unfinished line shown on the terminal, to blank out.
    shown: usize,
}

impl Progress {
    /// The steps `o` asks for, counted from the options; [`set_planned`](Self::set_planned)
    /// corrects a count once the clients that really run are known.
    pub(crate) fn plan(o: &Options) -> Progress {
        let mut stages = Vec::new();
        for &mode in &o.modes {
            let clients = o
                .clients
                .iter()
                .filter(|c| c.skipped_in(mode).is_none())
                .count();
            for &scenario in &o.scenarios {
                let runs_here = mode == Mode::Single
                    || matches!(scenario, Scenario::Seq | Scenario::Conc | Scenario::Pipe);
                if !runs_here {
                    continue;
                }
                let reference = usize::from(
                    mode == Mode::Single && o.redis_benchmark && scenario != Scenario::Big,
                );
                stages.push(Stage::new(
                    mode,
                    scenario.name(),
                    (clients + reference) * o.rounds,
                ));
            }
            if mode == Mode::Single && o.memory {
                stages.push(Stage::new(mode, "memory", o.clients.len()));
            }
            if mode == Mode::Cluster && o.moved {
                stages.push(Stage::new(mode, "moved", clients * o.rounds * o.redirects));
            }
        }
        Progress {
            started: Instant::now(),
            stages,
            current: None,
            terminal: std::io::stderr().is_terminal(),
            shown: 0,
        }
    }

    /// Sets the steps of `part` in `mode` to `steps`, once it is known how many clients run
    /// it (some skip a scenario, or failed to connect under `--quick`).
    pub(crate) fn set_planned(&mut self, mode: Mode, part: &'static str, steps: usize) {
        match self
            .stages
            .iter_mut()
            .find(|s| s.mode == mode && s.part == part)
        {
            Some(stage) => stage.planned = steps.max(stage.done),
            None => self.stages.push(Stage::new(mode, part, steps)),
        }
    }

    /// A step of `part` in `mode` begins; `what` names it (shown while it runs on a terminal).
    pub(crate) fn start(&mut self, mode: Mode, part: &'static str, what: &str) {
        self.current = Some((mode, part, Instant::now()));
        if self.terminal {
            let line = format!("{what} … [{}]", self.position(1));
            eprint!("\r{line:<width$}", width = self.shown);
            let _ = std::io::stderr().flush();
            self.shown = line.chars().count();
        }
    }

    /// The step begun last ended; prints `line` (its result) with the count and time left.
    pub(crate) fn done(&mut self, line: &str) {
        if let Some((mode, part, since)) = self.current.take() {
            let spent = since.elapsed();
            if let Some(stage) = self
                .stages
                .iter_mut()
                .find(|s| s.mode == mode && s.part == part)
            {
                stage.done += 1;
                stage.planned = stage.planned.max(stage.done);
                stage.spent += spent;
            }
        }
        let line = format!("{line}  [{}]", self.position(0));
        if self.terminal {
            eprintln!("\r{line:<width$}", width = self.shown);
            self.shown = 0;
        } else {
            eprintln!("{line}");
        }
    }

    /// The whole run's time so far.
    pub(crate) fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// `step 14 of 75, about 3 min 10 s left`; `ahead` counts a step under way.
    fn position(&self, ahead: usize) -> String {
        let done: usize = self.stages.iter().map(|s| s.done).sum();
        let planned: usize = self.stages.iter().map(|s| s.planned).sum();
        let left = match self.time_left() {
            Some(left) if done < planned => format!("about {} left", duration(left)),
            Some(_) => "last step".into(),
            None => "time left not known yet".into(),
        };
        format!("step {} of {planned}, {left}", done + ahead)
    }

    /// The remaining steps, each at its kind's average; `None` before any step ended.
    fn time_left(&self) -> Option<Duration> {
        let (done, spent) = self
            .stages
            .iter()
            .fold((0, Duration::ZERO), |(n, t), s| (n + s.done, t + s.spent));
        if done == 0 {
            return None;
        }
        let overall = spent.as_secs_f64() / done as f64;
        let mean = |stage: &Stage| {
            let like = |s: &&Stage| s.done > 0 && s.part == stage.part;
            let own = (stage.done > 0).then_some(stage);
            own.or_else(|| self.stages.iter().find(like))
                .map_or(overall, |s| s.spent.as_secs_f64() / s.done as f64)
        };
        let mut left: f64 = self
            .stages
            .iter()
            .map(|s| s.planned.saturating_sub(s.done) as f64 * mean(s))
            .sum();
        // The step under way has been running for a while already.
        if let Some((mode, part, since)) = self.current {
            if let Some(stage) = self
                .stages
                .iter()
                .find(|s| s.mode == mode && s.part == part)
            {
                left -= since.elapsed().as_secs_f64().min(mean(stage));
            }
        }
        Some(Duration::from_secs_f64(left.max(0.0)))
    }
}

impl Stage {
    fn new(mode: Mode, part: &'static str, planned: usize) -> Stage {
        Stage {
            mode,
            part,
            planned,
            done: 0,
            spent: Duration::ZERO,
        }
    }
}

/// `42 s`, `3 min 10 s`.
pub(crate) fn duration(d: Duration) -> String {
    let secs = d.as_secs_f64().round() as u64;
    match secs {
        0..60 => format!("{secs} s"),
        _ => format!("{} min {:02} s", secs / 60, secs % 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::{parse, Parsed};

    fn options(args: &[&str]) -> Options {
        match parse(args.iter().map(|s| (*s).to_owned())) {
            Ok(Parsed::Run(o)) => *o,
            _ => panic!("valid arguments rejected"),
        }
    }

    #[test]
    fn plans_every_step_of_a_full_run() {
        // One server: 4 scenarios × (5 clients + redis-benchmark for 3 of them) × 3 rounds,
        // then 5 memory probes.
        let p = Progress::plan(&options(&[]));
        let planned: usize = p.stages.iter().map(|s| s.planned).sum();
        assert_eq!(planned, (3 * 6 + 5) * 3 + 5);
        // Cluster: seq, conc, pipe × 5 clients × 3 rounds, then 5 moves per client and round.
        let p = Progress::plan(&options(&["--cluster"]));
        let planned: usize = p.stages.iter().map(|s| s.planned).sum();
        assert_eq!(planned, 3 * 5 * 3 + 5 * 3 * 5);
    }

    #[test]
    fn time_left_follows_each_kind_of_step() {
        let mut p = Progress::plan(&options(&["--scenarios", "seq,big", "--clients", "fred"]));
        p.terminal = false;
        assert_eq!(p.time_left(), None);
        // seq: 1 client + redis-benchmark, 3 rounds; big: 1 client, 3 rounds.
        p.stages[0].done = 2;
        p.stages[0].spent = Duration::from_secs(4);
        // 4 seq steps of 2 s left, and big not started: at the overall 2 s per step too.
        assert_eq!(p.time_left(), Some(Duration::from_secs(4 * 2 + 3 * 2)));
        p.stages[1].done = 1;
        p.stages[1].spent = Duration::from_secs(10);
        assert_eq!(p.time_left(), Some(Duration::from_secs(4 * 2 + 2 * 10)));
        p.set_planned(Mode::Single, "seq", 3);
        assert_eq!(p.time_left(), Some(Duration::from_secs(2 + 2 * 10)));
    }

    #[test]
    fn durations_read_plainly() {
        assert_eq!(duration(Duration::from_millis(41_600)), "42 s");
        assert_eq!(duration(Duration::from_secs(190)), "3 min 10 s");
    }
}
