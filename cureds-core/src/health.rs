//! [`HealthCheck`]: finds a peer that vanished without closing the connection, by sending a
//! `PING` when the connection has been silent for an interval.

use resp_core::{Cmd, Request};

use crate::deadline::{ReplyReceiver, Waiter};
use crate::driver::Driver;
use crate::runtime::Socket;

/// The health check of one connection, ticked once per interval by the connection task.
#[derive(Default)]
pub(crate) struct HealthCheck {
    /// The reply slot of a `PING` sent at an earlier tick.
    ping: Option<ReplyReceiver>,
}

impl HealthCheck {
    /// Called once per interval. Returns `false` when the connection must be treated as lost:
    /// a `PING` sent one interval ago is still unanswered and nothing at all arrived since.
    pub(crate) fn tick<S: Socket>(&mut self, driver: &mut Driver<S>) -> bool {
        let heard = driver.take_heard();
        if let Some(ping) = &mut self.ping {
            match ping.try_recv() {
                Ok(None) if !heard => return false,
                Ok(None) => return true,
                // Answered, or failed along with the connection.
                Ok(Some(_)) | Err(_) => self.ping = None,
            }
        }
        // Only an idle connection is pinged: with requests in flight, their replies are the
        // check (a slow command is not a dead peer). Subscriber connections use keepalive.
        if !heard
            && driver.conn.in_flight() == 0
            && driver.conn.queued() == 0
            && !driver.is_subscriber()
        {
            let (waiter, reply) = Waiter::new(None);
            driver.queue(Request::command(&Cmd::<()>::new("PING")), waiter);
            self.ping = Some(reply);
        }
        true
    }
}
