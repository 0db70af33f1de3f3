//! Local and POSIX paths on the host: exists, is a directory, readable, writable, has space.

use super::SpaceStats;
use std::path::Path;

/// The checks, in order; stops at the first failure. Blocking: run it off the async workers.
pub fn check(path: &str) -> Vec<(&'static str, Result<String, String>)> {
    let mut steps = Vec::new();
    let p = Path::new(path);
    let meta = match std::fs::metadata(p) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            steps.push(("path", Err(format!("{path} does not exist"))));
            return steps;
        }
        Err(e) => {
            steps.push(("path", Err(format!("{path} cannot be examined: {e}"))));
            return steps;
        }
    };
    if !meta.is_dir() {
        steps.push(("path", Err(format!("{path} is not a directory"))));
        return steps;
    }
    steps.push(("path", Ok(format!("{path} is a directory"))));
    match std::fs::read_dir(p) {
        Ok(_) => steps.push(("read", Ok("the engine can list it".into()))),
        Err(e) => {
            steps.push((
                "read",
                Err(format!("permission denied reading {path}: {e}")),
            ));
            return steps;
        }
    }
    let probe = p.join(format!(".storage-probe-{}", uuid::Uuid::new_v4()));
    match std::fs::write(&probe, b"probe") {
        Ok(()) => {
            let _ = std::fs::remove_file(&probe);
            steps.push(("write", Ok("the engine can write to it".into())));
        }
        Err(e) => {
            steps.push(("write", Err(format!("{path} is not writable: {e}"))));
            return steps;
        }
    }
    match space(path) {
        Some(s) if s.available <= 0 => {
            steps.push(("space", Err(format!("{path} has no free space left"))))
        }
        Some(s) => steps.push((
            "space",
            Ok(format!(
                "{:.1} GiB free of {:.1} GiB",
                s.available as f64 / (1u64 << 30) as f64,
                (s.available + s.used) as f64 / (1u64 << 30) as f64
            )),
        )),
        None => steps.push((
            "space",
            Err(format!("the free space of {path} cannot be read")),
        )),
    }
    steps
}

/// Free and used bytes from `statvfs`.
pub fn space(path: &str) -> Option<SpaceStats> {
    let st = rustix::fs::statvfs(path).ok()?;
    let frsize = i64::try_from(st.f_frsize).ok()?;
    let total = i64::try_from(st.f_blocks).ok()? * frsize;
    let available = i64::try_from(st.f_bavail).ok()? * frsize;
    let free = i64::try_from(st.f_bfree).ok()? * frsize;
    Some(SpaceStats {
        available,
        used: total - free,
    })
}
