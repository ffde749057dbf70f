//! Every command family, in RESP2 and in RESP3, against one shared server.
//!
//! Each family is an ordinary async function over any `AsyncCommands` client (in
//! `families/`), run with a fresh key prefix so that tests running in parallel on the shared
//! server never meet. Here they run on the blocking reference client (the oracle for the
//! command table and for the tests themselves).

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
    scripting
);

#[test]
fn server_family_on_its_own_server() {
    let server = RedisServer::start().unwrap();
    for protocol in Protocol::ALL {
        let client = ReferenceClient::connect(server.addr(), protocol).unwrap();
        futures_lite::future::block_on(families::server::check(&client, &unique_prefix()));
    }
}
