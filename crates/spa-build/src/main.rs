//! `spa-build [--out DIR]`: the web admin's release build, into `dist/` by default.
//!
//! 1. `cargo build` of the `webadmin` binary for wasm32 (the size-first `wasm-release` profile);
//! 2. the module split at its `#[lazy]` functions (views and dialogs the first screen does not
//!    need) into chunks fetched on first use, with their loader `__wasm_split.js`;
//! 3. `wasm-bindgen --target web` on the main part, keeping the exports the chunks link to;
//! 4. `wasm-opt -Oz` on every module;
//! 5. all of it in one directory named by its content's hash (`app-<16 hex>/`: the chunks find
//!    each other by relative names, and the engine caches hashed paths for a year), the style
//!    sheet as `main-<16 hex>.css`, and `index.html` from the template at the repository's root.
//!
//! `make spa` runs it, then `engine precompress dist` for the `.br`/`.gz` beside each file.

mod hashes;
mod page;
mod tools;

use anyhow::{bail, Context};
use std::path::{Path, PathBuf};

/// The crate's binary and the name of the JavaScript module wasm-bindgen writes for it.
const NAME: &str = "webadmin";

fn main() -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let root = root
        .canonicalize()
        .with_context(|| format!("finding the repository at {}", root.display()))?;
    let out = match std::env::args().skip(1).collect::<Vec<_>>().as_slice() {
        [] => root.join("dist"),
        [flag, dir] if flag == "--out" => PathBuf::from(dir),
        other => bail!("usage: spa-build [--out DIR] (got {other:?})"),
    };

    let wasm = tools::cargo_build(&root, NAME)?;
    let stage = root.join("target/spa-stage");
    fresh_dir(&stage)?;
    let chunks = split(&wasm, &stage)?;
    tools::wasm_bindgen(&stage.join(format!("{NAME}_split.wasm")), &stage, NAME)?;
    std::fs::remove_file(stage.join(format!("{NAME}_split.wasm")))?;
    let main_wasm = stage.join(format!("{NAME}_bg.wasm"));
    for module in chunks.iter().chain([&main_wasm]) {
        tools::wasm_opt(module)?;
    }

    fresh_dir(&out)?;
    let app = format!("app-{}", hashes::of_dir(&stage)?);
    copy_dir(&stage, &out.join(&app))?;
    let css = std::fs::read(root.join("style/main.css")).context("reading style/main.css")?;
    let css_name = format!("main-{}.css", hashes::content(&css));
    std::fs::write(out.join(&css_name), &css)?;

    let template =
        std::fs::read_to_string(root.join("index.html")).context("reading index.html")?;
    let js = std::fs::read(stage.join(format!("{NAME}.js")))?;
    let html = page::index(
        &template,
        &page::Files {
            css: format!("/{css_name}"),
            css_integrity: hashes::integrity(&css),
            js: format!("/{app}/{NAME}.js"),
            js_integrity: hashes::integrity(&js),
            loader: format!("/{app}/__wasm_split.js"),
            wasm: format!("/{app}/{NAME}_bg.wasm"),
        },
    )?;
    std::fs::write(out.join("index.html"), html)?;
    println!(
        "spa-build: {} ({} lazily loaded modules) in {}",
        app,
        chunks.len(),
        out.display()
    );
    Ok(())
}

/// Splits `wasm` at its split points: the main part (`webadmin_split.wasm`), one module per
/// `#[lazy]` function and per piece of code several of them share, and their loader.
fn split(wasm: &Path, stage: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let input = std::fs::read(wasm).with_context(|| format!("reading {}", wasm.display()))?;
    let main_out = stage.join(format!("{NAME}_split.wasm"));
    let main_module = format!("./{NAME}.js");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = stage;
    options.main_out_path = &main_out;
    options.main_module = &main_module;
    let done = wasm_split_cli_support::transform(options)
        .map_err(|e| anyhow::anyhow!("splitting {}: {e:?}", wasm.display()))?;
    Ok(done.split_modules)
}

fn fresh_dir(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("emptying {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))
}

fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        let target = to.join(path.file_name().context("a file without a name")?);
        std::fs::copy(&path, &target)
            .with_context(|| format!("copying {} to {}", path.display(), target.display()))?;
    }
    Ok(())
}
