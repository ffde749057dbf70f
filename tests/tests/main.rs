//! The integration tests, as one test binary: each file under `suite/` is a module of it
//! (`cargo test -p tests --test main cluster::` runs one module's tests).
//!
//! One binary, not one per file: each would link tokio, async-std, smol, rustls and rcgen
//! again. Cargo makes every `tests/*.rs` file a binary of its own, so new test files go under
//! `suite/` and are declared here.
//!
//! All modules run in one process, on the test threads together, so process-wide state is
//! shared between them: the servers of `tests::shared_server` (kept apart by name, one name
//! per module), `tests::shared_cluster` (only `cluster` uses it) and `tests::shared_sentinel`
//! (only `sentinel`), and the process's memory. Tests that kill a server, change its
//! configuration or kill its clients start a server of their own; `memory_bounds` measures
//! each bound in a child process of its own (`tests::memory::measured_here`).

#[path = "suite/api.rs"]
mod api;
#[path = "suite/auth.rs"]
mod auth;
#[path = "suite/blocking.rs"]
mod blocking;
#[path = "suite/cancellation.rs"]
mod cancellation;
#[path = "suite/client.rs"]
mod client;
#[path = "suite/cluster.rs"]
mod cluster;
#[path = "suite/commands/mod.rs"]
mod commands;
#[path = "suite/credentials.rs"]
mod credentials;
#[path = "suite/direct.rs"]
mod direct;
#[path = "suite/faults.rs"]
mod faults;
#[path = "suite/harness_fake.rs"]
mod harness_fake;
#[path = "suite/harness_proxy.rs"]
mod harness_proxy;
#[path = "suite/harness_runtime.rs"]
mod harness_runtime;
#[path = "suite/harness_server.rs"]
mod harness_server;
#[path = "suite/hostile_server.rs"]
mod hostile_server;
#[path = "suite/memory_bounds.rs"]
mod memory_bounds;
#[path = "suite/programs.rs"]
mod programs;
#[path = "suite/pubsub.rs"]
mod pubsub;
#[path = "suite/refusals.rs"]
mod refusals;
#[path = "suite/reliability.rs"]
mod reliability;
#[path = "suite/resp_from_real_server.rs"]
mod resp_from_real_server;
#[path = "suite/sentinel.rs"]
mod sentinel;
#[path = "suite/tls.rs"]
mod tls;
#[path = "suite/transactions.rs"]
mod transactions;
