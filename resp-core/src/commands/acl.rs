//! Access control: who the connection is, and managing ACL users.

use crate::{Cmd, FromValue, ToArgs};

commands!(
    /// `ACL WHOAMI`: the user this connection is authenticated as.
    pub fn acl_whoami() -> Cmd<String> {
        Cmd::new("ACL").arg("WHOAMI")
    }

    /// `ACL SETUSER username rule...`: creates or changes a user, e.g.
    /// `acl_setuser("app", ["on", ">secret", "~app:*", "+@all"])`.
    ///
    /// ```
    /// use resp_core::commands::acl;
    ///
    /// let cmd = acl::acl_setuser("app", ["on", ">secret", "~app:*", "+@all"]);
    /// assert_eq!(cmd.argc(), 7);
    /// ```
    pub fn acl_setuser(username: impl ToArgs, rules: impl ToArgs) -> Cmd<()> {
        Cmd::new("ACL").arg("SETUSER").arg(username).arg(rules)
    }

    /// `ACL DELUSER username...`: how many users were deleted.
    pub fn acl_deluser(usernames: impl ToArgs) -> Cmd<usize> {
        Cmd::new("ACL").arg("DELUSER").arg(usernames)
    }

    /// `ACL USERS`: the user names.
    pub fn acl_users<T: FromValue>() -> Cmd<T> {
        Cmd::new("ACL").arg("USERS")
    }

    /// `ACL LIST`: each user's rules, in `ACL SETUSER` syntax.
    pub fn acl_list<T: FromValue>() -> Cmd<T> {
        Cmd::new("ACL").arg("LIST")
    }

    /// `ACL CAT [category]`: the command categories, or the commands of one category.
    pub fn acl_cat<T: FromValue>(category: Option<&str>) -> Cmd<T> {
        Cmd::new("ACL").arg("CAT").arg(category)
    }
);
