//! `--load N`: busy-looping processes beside the run, so the clients can be ranked under
//! contention for the cores they share with the server.
//!
//! Each spinner is this bench binary re-run with the hidden [`SPIN_FLAG`]. Processes rather
//! than threads: their CPU must not land in our `getrusage(RUSAGE_SELF)` figures, and they
//! compete with the server and the client the way an unrelated busy program would.

use std::io;
use std::process::{Child, Command, Stdio};

/// The hidden first argument that turns the bench binary into a spinner.
pub(crate) const SPIN_FLAG: &str = "--spin";

/// The running spinners; dropping this (at the end of the run, or while a panic unwinds)
/// kills them.
#[derive(Debug)]
pub(crate) struct Load(Vec<Child>);

impl Load {
    /// Starts `n` spinners.
    ///
    /// # Errors
    /// The bench binary's path cannot be found or a spinner cannot be started; the ones
    /// already started are killed.
    pub(crate) fn start(n: usize) -> io::Result<Load> {
        let exe = std::env::current_exe()?;
        let mut load = Load(Vec::with_capacity(n));
        for _ in 0..n {
            // Our end of the spinner's stdin is its lifeline: see [`spin`].
            let child = Command::new(&exe)
                .arg(SPIN_FLAG)
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .spawn()?;
            load.0.push(child);
        }
        Ok(load)
    }

    /// How many spinners run.
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }
}

impl Drop for Load {
    fn drop(&mut self) {
        for child in &mut self.0 {
            // Kill errors only mean it is already gone; wait reaps it either way.
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A spinner's whole life: keep one core busy until killed, or until the bench's end of our
/// stdin closes. The second covers a bench that dies without unwinding (SIGKILL, abort), where
/// no `Drop` runs: the kernel closes its pipe ends, and the spinners follow it.
pub(crate) fn spin() -> ! {
    std::thread::spawn(|| {
        let _ = io::copy(&mut io::stdin(), &mut io::sink());
        std::process::exit(0);
    });
    let mut n: u64 = 0;
    loop {
        // black_box keeps the optimiser from removing the loop's work.
        n = std::hint::black_box(n.wrapping_add(1));
    }
}
