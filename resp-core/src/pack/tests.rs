use crate::{pack_command, pack_pipeline};

#[test]
fn name_is_upper_cased_arguments_untouched() {
    assert_eq!(
        pack_command(&["set", "key", "value"]),
        b"*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n"
    );
    assert_eq!(
        pack_command(&["GET", "lower"]),
        b"*2\r\n$3\r\nGET\r\n$5\r\nlower\r\n"
    );
}

#[test]
fn binary_and_owned_arguments() {
    let all: Vec<u8> = (0..=255).collect();
    let args = vec![b"echo".to_vec(), all.clone()];
    let mut want = b"*2\r\n$4\r\nECHO\r\n$256\r\n".to_vec();
    want.extend_from_slice(&all);
    want.extend_from_slice(b"\r\n");
    assert_eq!(pack_command(&args), want);
    assert_eq!(
        pack_command(&[String::from("ping")]),
        b"*1\r\n$4\r\nPING\r\n"
    );
}

#[test]
fn empty_command_and_pipeline() {
    assert_eq!(pack_command::<&str>(&[]), b"*0\r\n");
    assert_eq!(
        pack_pipeline::<&[&str], &str>(&[]),
        b"*1\r\n$5\r\nMULTI\r\n*1\r\n$4\r\nEXEC\r\n"
    );
}

#[test]
fn pipeline_accepts_vectors() {
    let cmds = vec![vec!["incr", "a"]];
    assert_eq!(
        pack_pipeline(&cmds),
        b"*1\r\n$5\r\nMULTI\r\n*2\r\n$4\r\nINCR\r\n$1\r\na\r\n*1\r\n$4\r\nEXEC\r\n"
    );
}
