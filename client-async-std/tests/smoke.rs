//! The shared smoke test on async-io, under the async-std and smol executors (the full suite
//! is the `tests` crate).

#[path = "../../cureds-core/examples/shared/server.rs"]
mod server;

#[path = "../../cureds-core/examples/shared/smoke.rs"]
mod smoke;

#[test]
fn smoke_on_async_std() {
    async_std::task::block_on(smoke::run::<client_async_std::AsyncIo>());
}

#[test]
fn smoke_on_smol() {
    smol::block_on(smoke::run::<client_async_std::AsyncIo>());
}
