//! Scripting (EVAL, EVALSHA, the `Script` type's NOSCRIPT fallback) and functions.

use cureds_core::AsyncCommands;
use resp_core::commands::scripting::Script;
use resp_core::{ServerErrorKind, Value};

pub(crate) async fn check<C: AsyncCommands + Sync>(c: &C, p: &str) {
    let k = |s: &str| format!("{p}{s}");
    let n: i64 = c
        .eval("return tonumber(ARGV[1]) + 1", (), 41)
        .await
        .unwrap();
    assert_eq!(n, 42);
    let v: Vec<String> = c
        .eval("return {KEYS[1], ARGV[1]}", k("key"), "arg")
        .await
        .unwrap();
    assert_eq!(v, [k("key"), "arg".to_owned()]);
    let ro: Option<String> = c
        .eval_ro("return redis.call('GET', KEYS[1])", k("none"), ())
        .await
        .unwrap();
    assert_eq!(ro, None);
    let err = c
        .eval::<Value>("return redis.error_reply('MYERR custom')", (), ())
        .await
        .unwrap_err();
    assert_eq!(
        err.server_error().map(|e| e.kind().clone()),
        Some(ServerErrorKind::Other("MYERR".into()))
    );

    // A source unique to this test, so SCRIPT FLUSH by another test cannot confuse the checks.
    let script = Script::new(format!(
        "-- {p}\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])"
    ));
    let err = c
        .evalsha::<i64>(script.sha1(), k("n"), 1)
        .await
        .unwrap_err();
    assert_eq!(
        err.server_error().map(|e| e.kind().clone()),
        Some(ServerErrorKind::NoScript)
    );
    // invoke: EVALSHA, NOSCRIPT, then the fallback loads and runs it.
    assert_eq!(c.invoke_script::<i64>(&script, k("n"), 5).await.unwrap(), 5);
    assert_eq!(c.script_exists(&[script.sha1()]).await.unwrap(), [true]);
    assert_eq!(c.evalsha::<i64>(script.sha1(), k("n"), 1).await.unwrap(), 6);
    // The read-only form refuses a script that writes.
    let err = c
        .evalsha_ro::<Value>(script.sha1(), k("n"), 1)
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("Write commands are not allowed"),
        "{err}"
    );
    c.script_flush().await.unwrap();
    assert_eq!(c.script_exists(&[script.sha1()]).await.unwrap(), [false]);
    assert_eq!(
        c.invoke_script::<i64>(&script, k("n"), 10).await.unwrap(),
        16,
        "NOSCRIPT after a flush falls back"
    );
    assert_eq!(c.script_load(script.source()).await.unwrap(), script.sha1());
    assert_eq!(c.send(script.load()).await.unwrap(), script.sha1());
    assert!(
        c.script_kill().await.is_err(),
        "NOTBUSY: no script is running"
    );

    // Functions, in a library only this test uses.
    let lib = format!(
        "lib_{}",
        p.replace(|ch: char| !ch.is_ascii_alphanumeric(), "_")
    );
    let code = format!(
        "#!lua name={lib}\n\
         redis.register_function('{lib}_add', function(keys, args) return redis.call('INCRBY', keys[1], args[1]) end)\n\
         redis.register_function{{function_name='{lib}_get', callback=function(keys) return redis.call('GET', keys[1]) end, flags={{'no-writes'}}}}"
    );
    assert_eq!(c.function_load(&code, false).await.unwrap(), lib);
    assert!(
        c.function_load(&code, false).await.is_err(),
        "already loaded"
    );
    assert_eq!(c.function_load(&code, true).await.unwrap(), lib);
    assert_eq!(
        c.fcall::<i64>(format!("{lib}_add"), k("f"), 3)
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        c.fcall_ro::<String>(format!("{lib}_get"), k("f"), ())
            .await
            .unwrap(),
        "3"
    );
    let listed: Value = c.function_list(Some(&lib)).await.unwrap();
    assert!(format!("{listed:?}").contains(&format!("{lib}_add")));
    c.function_delete(&lib).await.unwrap();
    assert!(c
        .fcall::<i64>(format!("{lib}_add"), k("f"), 3)
        .await
        .is_err());
}
