//! The `trace` binary as the reference tests run it.

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

/// `trace -` on `scenario`; it must succeed and print JSON.
pub fn trace_json(scenario: &Value) -> Value {
    let mut child = Command::new(env!("CARGO_BIN_EXE_trace"))
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start trace");
    child.stdin.take().unwrap().write_all(scenario.to_string().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "trace failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("trace prints JSON")
}
