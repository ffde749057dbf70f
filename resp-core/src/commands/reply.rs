//! Reply conversions shared by several families, for replies whose meaning depends on the
//! command (a null that means "no", a status that means "yes").

use crate::{Error, FromValue, Value};

/// `+OK` is true, null is false: `SET ... NX`, `SET ... XX`, `RESTORE`-like conditionals.
pub(crate) fn ok_or_null(value: Value) -> Result<bool, Error> {
    Ok(Option::<()>::from_value(value)?.is_some())
}
