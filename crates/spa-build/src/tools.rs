//! The programs the build runs: cargo, wasm-bindgen (the CLI equal to the crate in Cargo.lock,
//! which `make tools` installs) and wasm-opt (npm's binaryen; Debian's is too old).

use anyhow::{bail, Context};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Builds the SPA's binary for the browser; returns the module cargo wrote.
pub fn cargo_build(root: &Path, bin: &str) -> anyhow::Result<PathBuf> {
    run(
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .current_dir(root)
            .args([
                "build",
                "--locked",
                "--target",
                "wasm32-unknown-unknown",
                "--profile",
                "wasm-release",
                "-p",
                bin,
                "--bin",
                bin,
            ]),
    )?;
    Ok(root.join(format!(
        "target/wasm32-unknown-unknown/wasm-release/{bin}.wasm"
    )))
}

/// JavaScript bindings for the main module. `--keep-lld-exports` keeps the functions and table
/// the split modules link against; names stay mangled, as the split loader refers to them.
pub fn wasm_bindgen(input: &Path, out_dir: &Path, name: &str) -> anyhow::Result<()> {
    run(Command::new("wasm-bindgen")
        .args(["--target", "web", "--keep-lld-exports", "--no-demangle"])
        .arg("--out-name")
        .arg(name)
        .arg("--out-dir")
        .arg(out_dir)
        .arg(input))
}

/// Smallest code (`-Oz`), in place. The features are those rustc enables for wasm32.
pub fn wasm_opt(module: &Path) -> anyhow::Result<()> {
    run(Command::new("wasm-opt")
        .args([
            "-Oz",
            "--quiet",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
        ])
        .arg(module)
        .arg("-o")
        .arg(module))
}

fn run(command: &mut Command) -> anyhow::Result<()> {
    let shown = format!("{command:?}");
    let status = command
        .status()
        .with_context(|| format!("starting {shown} (is it installed? `make tools`)"))?;
    if !status.success() {
        bail!("{shown} failed: {status}");
    }
    Ok(())
}
