//! Every command family, in RESP2 and in RESP3, against one shared server.
//!
//! Each family is an ordinary async function over any `AsyncCommands` client (in
//! `families/`), run with a fresh key prefix so that tests running in parallel on the shared
//! server never meet. Each runs on every runtime's client (`<family>::tokio`,
//! `<family>::async_std`, `<family>::smol`) and on the blocking reference client
//! (`reference::<family>`), the oracle for the command table and the tests themselves.

mod families {
    pub(crate) mod bitmaps;
    pub(crate) mod geo;
    pub(crate) mod hashes;
    pub(crate) mod hyperloglog;
    pub(crate) mod keys;
    pub(crate) mod lists;
    pub(crate) mod scripting;
    pub(crate) mod server;
    pub(crate) mod sets;
    pub(crate) mod streams;
    pub(crate) mod strings;
    pub(crate) mod zsets;
}

use std::sync::Arc;

use tests::{shared_server, unique_prefix, Protocol, RedisServer, ReferenceClient};

fn server() -> Arc<RedisServer> {
    shared_server("commands", RedisServer::builder).expect("redis-server starts")
}

macro_rules! on_reference_client {
    ($($family:ident),* $(,)?) => {
        mod reference {
            use super::*;
            $(
                #[test]
                fn $family() {
                    let server = server();
                    for protocol in Protocol::ALL {
                        let client = ReferenceClient::connect(server.addr(), protocol).unwrap();
                        futures_lite::future::block_on(families::$family::check(&client, &unique_prefix()));
                    }
                }
            )*
        }
    };
}

macro_rules! on_every_runtime {
    ($($family:ident),* $(,)?) => {
        tests::both_runtimes! {$(
            async fn $family(rt) {
                let server = server();
                for protocol in Protocol::ALL {
                    let client = rt.connect_with(&server.url(), protocol).await.unwrap();
                    families::$family::check(&client, &unique_prefix()).await;
                }
            }
        )*}
    };
}

on_reference_client!(
    strings,
    keys,
    hashes,
    lists,
    sets,
    zsets,
    hyperloglog,
    bitmaps,
    geo,
    streams,
);
on_every_runtime!(
    strings,
    keys,
    hashes,
    lists,
    sets,
    zsets,
    hyperloglog,
    bitmaps,
    geo,
    streams,
);

// SCRIPT FLUSH, FLUSHALL and CONFIG SET reach every connection of a server: these families
// get a server of their own.
tests::both_runtimes! {
    async fn scripting(rt) {
        let server = RedisServer::start().unwrap();
        for protocol in Protocol::ALL {
            let client = rt.connect_with(&server.url(), protocol).await.unwrap();
            families::scripting::check(&client, &unique_prefix()).await;
        }
    }

    async fn server_commands(rt) {
        let server = RedisServer::start().unwrap();
        for protocol in Protocol::ALL {
            let client = rt.connect_with(&server.url(), protocol).await.unwrap();
            families::server::check(&client, &unique_prefix()).await;
        }
    }
}

#[test]
fn reference_scripting_and_server_on_their_own_server() {
    let server = RedisServer::start().unwrap();
    for protocol in Protocol::ALL {
        let client = ReferenceClient::connect(server.addr(), protocol).unwrap();
        futures_lite::future::block_on(families::scripting::check(&client, &unique_prefix()));
        futures_lite::future::block_on(families::server::check(&client, &unique_prefix()));
    }
}
