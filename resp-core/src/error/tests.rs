use super::*;

fn down(last_error: Error) -> Error {
    Error::ConnectionDown {
        last_error: Box::new(last_error),
    }
}

fn io(kind: io::ErrorKind) -> Error {
    Error::from(io::Error::new(kind, "test"))
}

fn server(line: &str) -> Error {
    Error::Server(ServerError::parse(line.as_bytes()))
}

#[test]
fn may_have_run_truth_table() {
    let refused = Error::Refused {
        command: "SELECT".into(),
        reason: "r",
    };
    let exec_abort = Error::ExecAbort {
        position: 0,
        cause: ServerError::parse(b"ERR x"),
    };
    let type_error = Error::Type(TypeError {
        expected: "integer",
        received: "bulk string".into(),
    });
    let protocol = Error::Protocol(ProtocolError {
        offset: 0,
        kind: ProtocolErrorKind::Unexpected("x"),
    });
    for (error, ran) in [
        (Error::ConnectionLost, true),
        (Error::Timeout, true),
        (io(io::ErrorKind::BrokenPipe), true),
        (protocol, true),
        (server("ERR boom"), true),
        (type_error, true),
        (Error::ClientClosed, true),
        (Error::ConnectTimeout, false),
        (down(server("WRONGPASS invalid password")), false),
        (Error::LostBeforeSending, false),
        (refused, false),
        (Error::Config("x".into()), false),
        (Error::WatchAborted, false),
        (exec_abort, false),
    ] {
        assert_eq!(error.may_have_run(), ran, "{error:?}");
    }
}

#[test]
fn helpers_look_through_connection_down() {
    let refused = io(io::ErrorKind::ConnectionRefused);
    assert!(refused.is_connection_refused() && refused.is_io() && !refused.is_timeout());
    assert!(down(refused.clone()).is_connection_refused());
    assert!(down(refused).is_io());
    assert!(!io(io::ErrorKind::BrokenPipe).is_connection_refused());

    assert!(Error::Timeout.is_timeout());
    assert!(Error::ConnectTimeout.is_timeout());
    assert!(down(Error::ConnectTimeout).is_timeout());
    let wrongpass = down(server("WRONGPASS invalid password"));
    assert!(!wrongpass.is_timeout() && !wrongpass.is_io() && !wrongpass.is_connection_refused());
    assert!(!Error::ConnectionLost.is_io());
}

#[test]
fn messages_say_what_happened_and_whether_it_ran() {
    let text = down(server("WRONGPASS invalid username-password pair")).to_string();
    assert_eq!(
        text,
        "not sent; the connection is down: server error: WRONGPASS invalid username-password pair"
    );
    assert!(Error::ConnectTimeout.to_string().contains("not sent"));
    assert!(Error::LostBeforeSending.to_string().contains("not sent"));
    assert!(Error::ConnectionLost.to_string().contains("may have run"));
    assert!(Error::Timeout.to_string().contains("may have run"));
}

#[test]
fn connection_down_has_its_cause_as_source() {
    use std::error::Error as _;
    let e = down(server("ERR max number of clients reached"));
    let source = e.source().map(ToString::to_string);
    assert_eq!(
        source.as_deref(),
        Some("server error: ERR max number of clients reached")
    );
}

#[test]
fn common_server_error_kinds() {
    for (line, kind) in [
        (
            "BUSYGROUP Consumer Group name already exists",
            ServerErrorKind::BusyGroup,
        ),
        (
            "NOGROUP No such key 's' or consumer group 'g'",
            ServerErrorKind::NoGroup,
        ),
        (
            "NOSCRIPT No matching script. Please use EVAL.",
            ServerErrorKind::NoScript,
        ),
        (
            "BUSY Redis is busy running a script.",
            ServerErrorKind::Busy,
        ),
        (
            "MASTERDOWN Link with MASTER is down",
            ServerErrorKind::MasterDown,
        ),
        (
            "READONLY You can't write against a read only replica.",
            ServerErrorKind::ReadOnly,
        ),
        (
            "LOADING Redis is loading the dataset in memory",
            ServerErrorKind::Loading,
        ),
    ] {
        assert_eq!(ServerError::parse(line.as_bytes()).kind(), &kind, "{line}");
    }
}

#[test]
fn server_kind_reads_the_kind_of_server_errors_only() {
    assert_eq!(
        server("BUSYGROUP Consumer Group name already exists").server_kind(),
        Some(&ServerErrorKind::BusyGroup)
    );
    assert_eq!(
        server("NOPE x").server_kind(),
        Some(&ServerErrorKind::Other("NOPE".into()))
    );
    assert_eq!(Error::Timeout.server_kind(), None);
}

#[test]
fn codec_errors_carry_their_source_and_say_whether_the_command_ran() {
    use std::error::Error as _;
    let source = io::Error::new(io::ErrorKind::InvalidData, "key must be a string");
    let encode = Error::encode("JSON", source);
    assert!(!encode.may_have_run());
    assert_eq!(
        encode.to_string(),
        "could not encode an argument as JSON (the command was not sent): key must be a string"
    );
    let inner = encode.source().unwrap();
    assert_eq!(inner.to_string(), "key must be a string");
    assert!(inner.downcast_ref::<io::Error>().is_some());

    let decode = Error::decode("JSON", "expected value at line 1 column 1");
    assert!(decode.may_have_run());
    assert!(matches!(
        decode,
        Error::Codec {
            format: "JSON",
            direction: CodecDirection::Decode,
            ..
        }
    ));
}

#[test]
fn lasting_refusals_are_the_ones_waiting_cannot_clear() {
    for (line, lasting) in [
        (
            "WRONGPASS invalid username-password pair or user is disabled.",
            Some(Lasting::Credentials),
        ),
        (
            "NOAUTH Authentication required.",
            Some(Lasting::Credentials),
        ),
        (
            "NOPERM User app has no permissions to run the 'hello' command",
            Some(Lasting::Credentials),
        ),
        (
            "ERR max number of clients reached",
            Some(Lasting::ServerFull),
        ),
        ("LOADING Redis is loading the dataset in memory", None),
        ("MASTERDOWN Link with MASTER is down", None),
        ("ERR unknown command 'HELLO'", None),
        ("BUSY Redis is busy running a script.", None),
    ] {
        assert_eq!(server(line).lasting(), lasting, "{line}");
        assert_eq!(down(server(line)).lasting(), lasting, "down: {line}");
    }
    for passing in [
        io(io::ErrorKind::ConnectionRefused),
        io(io::ErrorKind::ConnectionReset),
        Error::ConnectTimeout,
        Error::ConnectionLost,
        Error::Timeout,
        down(Error::ConnectTimeout),
    ] {
        assert_eq!(passing.lasting(), None, "{passing:?}");
    }
}
