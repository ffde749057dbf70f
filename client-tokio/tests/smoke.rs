//! The shared smoke test on tokio (the full suite is the `tests` crate).

#[path = "../../cureds-core/examples/shared/server.rs"]
mod server;

#[path = "../../cureds-core/examples/shared/smoke.rs"]
mod smoke;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smoke() {
    smoke::run::<client_tokio::Tokio>().await;
}
