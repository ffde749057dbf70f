//! Test harness for cureds: real redis-server processes, proxies and fake servers.
