//! Placeholder: the driver arrives with the client issue.
