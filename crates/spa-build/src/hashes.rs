//! Names from content (so a changed file is a new name, cached for good under it) and the
//! Subresource Integrity values index.html gives its style sheet and script.

use base64::Engine;
use sha2::{Digest, Sha256, Sha384};
use std::path::Path;

/// The first 8 bytes of the SHA-256 of `bytes`, as 16 hex digits.
pub fn content(bytes: &[u8]) -> String {
    hex16(&Sha256::digest(bytes))
}

/// One hash over every file of `dir` (names and contents, in name order): the chunks refer to
/// each other by name, so they change together.
pub fn of_dir(dir: &Path) -> anyhow::Result<String> {
    let mut names: Vec<_> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    names.sort();
    let mut all = Sha256::new();
    for path in names {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        all.update((name.len() as u64).to_le_bytes());
        all.update(name.as_bytes());
        let bytes = std::fs::read(&path)?;
        all.update((bytes.len() as u64).to_le_bytes());
        all.update(&bytes);
    }
    Ok(hex16(&all.finalize()))
}

/// `sha384-…`, as a browser checks it.
pub fn integrity(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

fn hex16(digest: &[u8]) -> String {
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_content() {
        assert_eq!(content(b"a").len(), 16);
        assert_eq!(content(b"a"), content(b"a"));
        assert_ne!(content(b"a"), content(b"b"));
    }

    #[test]
    fn integrity_is_the_base64_sha384() {
        // printf abc | openssl dgst -sha384 -binary | base64
        assert_eq!(
            integrity(b"abc"),
            "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"
        );
    }

    #[test]
    fn a_directorys_hash_changes_with_any_file() {
        let dir = std::env::temp_dir().join(format!("spa-build-hash-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.js"), "1").unwrap();
        std::fs::write(dir.join("b.wasm"), "2").unwrap();
        let before = of_dir(&dir).unwrap();
        std::fs::write(dir.join("b.wasm"), "3").unwrap();
        let after = of_dir(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_ne!(before, after);
    }
}
