//! ONC RPC over TCP (RFC 5531): the NULL call that tells an RPC service is alive, rpcbind's
//! GETPORT, and the MOUNT protocol's EXPORT list (NFSv3 servers).

use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::time::timeout;

pub const RPCBIND: u32 = 100_000;
pub const NFS: u32 = 100_003;
pub const MOUNT: u32 = 100_005;

struct Reader<'a> {
    buf: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn u32(&mut self) -> Result<u32, String> {
        let b = self
            .buf
            .get(self.at..self.at + 4)
            .ok_or("the RPC answer is truncated")?;
        self.at += 4;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn opaque(&mut self) -> Result<Vec<u8>, String> {
        let len = self.u32()? as usize;
        if len > 1 << 16 {
            return Err("the RPC answer holds an oversized string".into());
        }
        let b = self
            .buf
            .get(self.at..self.at + len)
            .ok_or("the RPC answer is truncated")?
            .to_vec();
        self.at += len.div_ceil(4) * 4;
        Ok(b)
    }
}

/// One call; returns the result bytes after an accepted, successful reply.
pub async fn call(
    host: &str,
    port: u16,
    prog: u32,
    vers: u32,
    proc_: u32,
    args: &[u8],
    wait: Duration,
) -> Result<Vec<u8>, String> {
    let mut stream = super::tcp::connect(host, port, wait).await?;
    let xid: u32 = rand::random();
    let mut msg = Vec::new();
    for v in [xid, 0, 2, prog, vers, proc_, 0, 0, 0, 0] {
        msg.extend_from_slice(&v.to_be_bytes());
    }
    msg.extend_from_slice(args);
    let mut record = (0x8000_0000u32 | msg.len() as u32).to_be_bytes().to_vec();
    record.extend_from_slice(&msg);
    let io = async {
        stream.write_all(&record).await?;
        let mut reply = Vec::new();
        loop {
            let mut mark = [0u8; 4];
            stream.read_exact(&mut mark).await?;
            let m = u32::from_be_bytes(mark);
            let len = (m & 0x7fff_ffff) as usize;
            if len > 1 << 20 {
                return Err(std::io::Error::other("oversized RPC record"));
            }
            let mut frag = vec![0u8; len];
            stream.read_exact(&mut frag).await?;
            reply.extend_from_slice(&frag);
            if m & 0x8000_0000 != 0 {
                return Ok(reply);
            }
        }
    };
    let reply = timeout(wait, io)
        .await
        .map_err(|_| {
            format!(
                "no RPC answer from {host}:{port} within {} s (timeout)",
                wait.as_secs_f32()
            )
        })?
        .map_err(|e| format!("the RPC service at {host}:{port} closed the connection: {e}"))?;
    let mut r = Reader { buf: &reply, at: 0 };
    if r.u32()? != xid || r.u32()? != 1 {
        return Err("the answer is not an RPC reply".into());
    }
    if r.u32()? != 0 {
        return Err("the RPC call was denied (authentication)".into());
    }
    let _flavor = r.u32()?;
    let _verf = r.opaque()?;
    match r.u32()? {
        0 => Ok(reply[r.at..].to_vec()),
        1 => Err(format!(
            "RPC program {prog} is not available at {host}:{port}"
        )),
        2 => Err(format!(
            "RPC program {prog} version {vers} is not supported at {host}:{port}"
        )),
        3 => Err("the RPC procedure is not available".into()),
        s => Err(format!("the RPC call failed (accept status {s})")),
    }
}

/// The NULL procedure: is the program alive?
pub async fn ping(
    host: &str,
    port: u16,
    prog: u32,
    vers: u32,
    wait: Duration,
) -> Result<(), String> {
    call(host, port, prog, vers, 0, &[], wait).await.map(|_| ())
}

/// rpcbind GETPORT for a program over TCP.
pub async fn getport(
    host: &str,
    rpcbind_port: u16,
    prog: u32,
    vers: u32,
    wait: Duration,
) -> Result<u16, String> {
    let mut args = Vec::new();
    for v in [prog, vers, 6, 0] {
        args.extend_from_slice(&v.to_be_bytes());
    }
    let res = call(host, rpcbind_port, RPCBIND, 2, 3, &args, wait).await?;
    let port = Reader { buf: &res, at: 0 }.u32()?;
    if port == 0 {
        return Err(format!(
            "program {prog} version {vers} is not registered with rpcbind on {host}"
        ));
    }
    u16::try_from(port).map_err(|_| "rpcbind returned an impossible port".to_string())
}

/// The server's exports (MOUNT v3 EXPORT), found through rpcbind.
pub async fn exports(host: &str, rpcbind_port: u16, wait: Duration) -> Result<Vec<String>, String> {
    let port = getport(host, rpcbind_port, MOUNT, 3, wait).await?;
    let res = call(host, port, MOUNT, 3, 5, &[], wait).await?;
    let mut r = Reader { buf: &res, at: 0 };
    let mut out = Vec::new();
    while r.u32()? == 1 {
        out.push(String::from_utf8_lossy(&r.opaque()?).into_owned());
        while r.u32()? == 1 {
            r.opaque()?;
        }
        if out.len() > 10_000 {
            break;
        }
    }
    Ok(out)
}
