//! The web admin's files (the release build's `.wasm`, `.js` and `.css`, the lazily loaded
//! modules in `app-<hash>/` included), raw, gzip -9, and as the engine serves them to a browser
//! that accepts brotli (the `FILE.br` that `engine precompress` wrote, when there is one). What a
//! first visit really transfers is measured in Chromium (`e2e/bench/payload.bench.ts`), which
//! holds the budget: most of these files are fetched only when their view first opens.

use flate2::write::GzEncoder;
use flate2::Compression;
use serde::Serialize;
use std::io::Write;
use std::path::Path;

#[derive(Debug, Serialize)]
pub struct FileSize {
    pub file: String,
    pub raw: u64,
    pub gzip: u64,
    /// The precompressed brotli file served in its place, if any.
    pub brotli: Option<u64>,
}

impl FileSize {
    /// What a browser accepting brotli receives.
    pub fn served(&self) -> u64 {
        self.brotli.unwrap_or(self.gzip)
    }
}

#[derive(Debug, Serialize)]
pub struct Payload {
    pub files: Vec<FileSize>,
    pub raw: u64,
    pub gzip: u64,
    pub served: u64,
}

pub fn measure(dist: &Path) -> anyhow::Result<Payload> {
    let mut files = Vec::new();
    add_files(dist, dist, &mut files)?;
    if !files.iter().any(|f| f.file.ends_with(".wasm")) {
        anyhow::bail!("no .wasm in {} (build the SPA first)", dist.display());
    }
    files.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(Payload {
        raw: files.iter().map(|f| f.raw).sum(),
        gzip: files.iter().map(|f| f.gzip).sum(),
        served: files.iter().map(FileSize::served).sum(),
        files,
    })
}

fn add_files(dist: &Path, dir: &Path, files: &mut Vec<FileSize>) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir)
        .map_err(|e| anyhow::anyhow!("reading {}: {e} (build the SPA first)", dir.display()))?
    {
        let path = entry?.path();
        if path.is_dir() {
            add_files(dist, &path, files)?;
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "wasm" | "js" | "css") {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        let mut br = path.clone().into_os_string();
        br.push(".br");
        let brotli = std::fs::metadata(&br).ok().map(|m| m.len());
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        gz.write_all(&bytes)?;
        files.push(FileSize {
            file: path
                .strip_prefix(dist)
                .unwrap_or(&path)
                .to_string_lossy()
                .into_owned(),
            raw: bytes.len() as u64,
            gzip: gz.finish()?.len() as u64,
            brotli,
        });
    }
    Ok(())
}
