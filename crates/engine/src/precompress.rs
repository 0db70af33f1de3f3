//! `engine precompress DIR`: writes `FILE.br` (brotli, quality 11) and `FILE.gz` (gzip -9) next
//! to every compressible file of the built web admin, once at build time (`make spa`), so the
//! engine serves them compressed without spending a request's time on it.

use anyhow::Context;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What compression helps: text and WebAssembly (not images or fonts, already compressed).
const COMPRESSIBLE: &[&str] = &["html", "js", "css", "wasm", "svg", "json", "txt", "map"];

/// One file and its sizes: raw, brotli, gzip.
pub struct Compressed {
    pub path: PathBuf,
    pub raw: usize,
    pub br: usize,
    pub gz: usize,
}

pub fn run(dir: &Path) -> anyhow::Result<Vec<Compressed>> {
    let mut done = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            done.extend(run(&path)?);
            continue;
        }
        let compressible = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSIBLE.contains(&e));
        if !compressible {
            continue;
        }
        let raw = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let br = brotli_of(&raw)?;
        let gz = gzip_of(&raw)?;
        for (suffix, bytes) in [("br", &br), ("gz", &gz)] {
            let mut name = path.clone().into_os_string();
            name.push(format!(".{suffix}"));
            std::fs::write(&name, bytes)
                .with_context(|| format!("writing {}", Path::new(&name).display()))?;
        }
        done.push(Compressed {
            path,
            raw: raw.len(),
            br: br.len(),
            gz: gz.len(),
        });
    }
    Ok(done)
}

fn brotli_of(raw: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        // Quality 11 and a 4 MiB window: the smallest output; it is made once, served often.
        let mut w = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        w.write_all(raw)?;
    }
    Ok(out)
}

fn gzip_of(raw: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    w.write_all(raw)?;
    Ok(w.finish()?)
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    #[test]
    fn writes_brotli_and_gzip_that_decode_to_the_file_and_skips_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let js = "console.log('storage connections');\n".repeat(200);
        std::fs::write(dir.path().join("app-0123456789abcdef.js"), &js).unwrap();
        std::fs::write(dir.path().join("logo.png"), [0x89, b'P', b'N', b'G']).unwrap();
        let done = super::run(dir.path()).unwrap();
        assert_eq!(done.len(), 1);
        assert!(done[0].br < done[0].raw && done[0].gz < done[0].raw);

        let br = std::fs::read(dir.path().join("app-0123456789abcdef.js.br")).unwrap();
        let mut back = String::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, js);
        let gz = std::fs::read(dir.path().join("app-0123456789abcdef.js.gz")).unwrap();
        let mut back = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, js);
        assert!(!dir.path().join("logo.png.br").exists());
    }
}
