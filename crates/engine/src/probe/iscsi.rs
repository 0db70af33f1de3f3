//! A small iSCSI initiator: enough of RFC 7143 for a discovery session (SendTargets) and a
//! normal-session login check, with CHAP (MD5) when credentials are given.

pub use super::iscsi_error::IscsiError;
use md5::{Digest, Md5};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;

/// The initiator name the engine introduces itself with.
pub const INITIATOR: &str = "iqn.2026-01.org.storage-connections:engine";

/// A target found by discovery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub name: String,
    pub address: String,
    pub port: u16,
    pub portal_group: String,
}

/// CHAP credentials.
#[derive(Debug, Clone, Copy)]
pub struct Chap<'a> {
    pub user: &'a str,
    pub secret: &'a str,
}

struct Session {
    stream: TcpStream,
    itt: u32,
    cmd_sn: u32,
    exp_stat_sn: u32,
    tsih: u16,
    wait: Duration,
}

const ISID: [u8; 6] = [0x40, 0x00, 0x01, 0x37, 0x00, 0x01];

/// PDU opcodes (RFC 7143 §11), and the immediate-delivery bit of a request's first byte.
mod opcode {
    pub const IMMEDIATE: u8 = 0x40;
    pub const TEXT_REQUEST: u8 = 0x04;
    pub const LOGIN_REQUEST: u8 = 0x03;
    pub const LOGOUT_REQUEST: u8 = 0x06;
    pub const TEXT_RESPONSE: u8 = 0x24;
    pub const LOGIN_RESPONSE: u8 = 0x23;
    /// The low six bits of the first byte.
    pub const MASK: u8 = 0x3f;
}

/// Flags of the second byte.
mod flag {
    /// Final PDU of a sequence; in a login, "transit to the next stage".
    pub const FINAL: u8 = 0x80;
    /// A text response that continues in the next one.
    pub const CONTINUE: u8 = 0x40;
}

fn kv(pairs: &[(&str, &str)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (k, v) in pairs {
        out.extend_from_slice(k.as_bytes());
        out.push(b'=');
        out.extend_from_slice(v.as_bytes());
        out.push(0);
    }
    out
}

fn parse_kv(data: &[u8]) -> Vec<(String, String)> {
    data.split(|b| *b == 0)
        .filter(|s| !s.is_empty())
        .filter_map(|s| {
            let s = String::from_utf8_lossy(s);
            let (k, v) = s.split_once('=')?;
            Some((k.to_string(), v.to_string()))
        })
        .collect()
}

fn get<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

impl Session {
    async fn connect(address: &str, port: u16, wait: Duration) -> Result<Session, IscsiError> {
        let stream = super::tcp::connect(address, port, wait)
            .await
            .map_err(IscsiError::Unreachable)?;
        Ok(Session {
            stream,
            itt: 1,
            cmd_sn: 1,
            exp_stat_sn: 0,
            tsih: 0,
            wait,
        })
    }

    async fn send(&mut self, mut bhs: [u8; 48], data: &[u8]) -> Result<(), IscsiError> {
        let len = data.len();
        bhs[5] = (len >> 16) as u8;
        bhs[6] = (len >> 8) as u8;
        bhs[7] = len as u8;
        let mut buf = bhs.to_vec();
        buf.extend_from_slice(data);
        while !buf.len().is_multiple_of(4) {
            buf.push(0);
        }
        timeout(self.wait, self.stream.write_all(&buf))
            .await
            .map_err(|_| IscsiError::Timeout)?
            .map_err(|e| IscsiError::Broken(e.to_string()))
    }

    async fn recv(&mut self) -> Result<([u8; 48], Vec<u8>), IscsiError> {
        let wait = self.wait;
        let fut = async {
            let mut bhs = [0u8; 48];
            self.stream.read_exact(&mut bhs).await?;
            let ahs = bhs[4] as usize * 4;
            let len = ((bhs[5] as usize) << 16) | ((bhs[6] as usize) << 8) | bhs[7] as usize;
            if len > 1 << 20 {
                return Err(std::io::Error::other("answer too large"));
            }
            let padded = len.div_ceil(4) * 4;
            let mut rest = vec![0u8; ahs + padded];
            self.stream.read_exact(&mut rest).await?;
            Ok((bhs, rest[ahs..ahs + len].to_vec()))
        };
        timeout(wait, fut)
            .await
            .map_err(|_| IscsiError::Timeout)?
            .map_err(|e| IscsiError::Closed(e.to_string()))
    }

    fn login_bhs(&self, transit: bool, csg: u8, nsg: u8) -> [u8; 48] {
        let mut b = [0u8; 48];
        b[0] = opcode::IMMEDIATE | opcode::LOGIN_REQUEST;
        b[1] = (if transit { flag::FINAL } else { 0 }) | (csg << 2) | nsg;
        b[8..14].copy_from_slice(&ISID);
        b[14..16].copy_from_slice(&self.tsih.to_be_bytes());
        b[16..20].copy_from_slice(&self.itt.to_be_bytes());
        b[24..28].copy_from_slice(&self.cmd_sn.to_be_bytes());
        b[28..32].copy_from_slice(&self.exp_stat_sn.to_be_bytes());
        b
    }

    /// One login request/response; returns the answer's keys and whether it moved stages.
    async fn login_step(
        &mut self,
        transit: bool,
        csg: u8,
        nsg: u8,
        keys: &[(&str, &str)],
    ) -> Result<(Vec<(String, String)>, bool, u8), IscsiError> {
        let bhs = self.login_bhs(transit, csg, nsg);
        self.send(bhs, &kv(keys)).await?;
        let (r, data) = self.recv().await?;
        if r[0] & opcode::MASK != opcode::LOGIN_RESPONSE {
            return Err(IscsiError::UnexpectedLoginAnswer(r[0] & opcode::MASK));
        }
        let (class, detail) = (r[36], r[37]);
        if class != 0 {
            return Err(IscsiError::Rejected { class, detail });
        }
        self.tsih = u16::from_be_bytes([r[14], r[15]]);
        self.exp_stat_sn = u32::from_be_bytes([r[24], r[25], r[26], r[27]]).wrapping_add(1);
        Ok((parse_kv(&data), r[1] & flag::FINAL != 0, r[1] & 0x03))
    }

    async fn login(
        &mut self,
        session_type: &str,
        target: Option<&str>,
        chap: Option<Chap<'_>>,
    ) -> Result<(), IscsiError> {
        let mut keys: Vec<(&str, &str)> =
            vec![("InitiatorName", INITIATOR), ("SessionType", session_type)];
        if let Some(t) = target {
            keys.push(("TargetName", t));
        }
        // Security negotiation.
        match chap {
            None => {
                keys.push(("AuthMethod", "None"));
                let (answer, moved, _) = self.login_step(true, 0, 1, &keys).await.map_err(|e| {
                    // Without credentials, an authentication failure means CHAP is required.
                    if e.is_authentication_failure() {
                        IscsiError::ChapRequired
                    } else {
                        e
                    }
                })?;
                if get(&answer, "AuthMethod") == Some("CHAP") || !moved {
                    return Err(IscsiError::ChapRequired);
                }
            }
            Some(chap) => {
                keys.push(("AuthMethod", "CHAP,None"));
                let (answer, moved, _) = self.login_step(false, 0, 1, &keys).await?;
                match get(&answer, "AuthMethod") {
                    Some("None") if moved => {}
                    Some("None") => {
                        self.login_step(true, 0, 1, &[]).await?;
                    }
                    Some("CHAP") => {
                        let (challenge, _, _) =
                            self.login_step(false, 0, 1, &[("CHAP_A", "5")]).await?;
                        let id: u8 = get(&challenge, "CHAP_I")
                            .and_then(|v| v.parse().ok())
                            .ok_or(IscsiError::NoChapIdentifier)?;
                        let c = get(&challenge, "CHAP_C").ok_or(IscsiError::NoChapChallenge)?;
                        let c = decode_chap_value(c).ok_or(IscsiError::MalformedChapChallenge)?;
                        let mut h = Md5::new();
                        h.update([id]);
                        h.update(chap.secret.as_bytes());
                        h.update(&c);
                        let r: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
                        let response = format!("0x{r}");
                        self.login_step(
                            true,
                            0,
                            1,
                            &[("CHAP_N", chap.user), ("CHAP_R", &response)],
                        )
                        .await?;
                    }
                    other => {
                        return Err(IscsiError::NoUsableAuthentication(
                            other.unwrap_or("nothing").to_string(),
                        ))
                    }
                }
            }
        }
        // Operational negotiation, to full feature phase.
        let mut op: Vec<(&str, &str)> = vec![
            ("HeaderDigest", "None"),
            ("DataDigest", "None"),
            ("MaxRecvDataSegmentLength", "65536"),
        ];
        if session_type == "Normal" {
            op.extend_from_slice(&[
                ("InitialR2T", "Yes"),
                ("ImmediateData", "No"),
                ("MaxBurstLength", "262144"),
                ("FirstBurstLength", "65536"),
                ("MaxConnections", "1"),
                ("ErrorRecoveryLevel", "0"),
            ]);
        }
        for _ in 0..4 {
            let (_, moved, nsg) = self.login_step(true, 1, 3, &op).await?;
            if moved && nsg == 3 {
                return Ok(());
            }
            op.clear();
        }
        Err(IscsiError::LoginUnfinished)
    }

    async fn send_targets(&mut self) -> Result<Vec<Target>, IscsiError> {
        let mut all = Vec::new();
        let mut ttt: u32 = 0xffff_ffff;
        let mut first = true;
        for _ in 0..64 {
            self.itt += 1;
            let mut b = [0u8; 48];
            b[0] = opcode::TEXT_REQUEST;
            b[1] = flag::FINAL;
            b[16..20].copy_from_slice(&self.itt.to_be_bytes());
            b[20..24].copy_from_slice(&ttt.to_be_bytes());
            b[24..28].copy_from_slice(&self.cmd_sn.to_be_bytes());
            b[28..32].copy_from_slice(&self.exp_stat_sn.to_be_bytes());
            let data = if first {
                kv(&[("SendTargets", "All")])
            } else {
                Vec::new()
            };
            first = false;
            self.send(b, &data).await?;
            self.cmd_sn = self.cmd_sn.wrapping_add(1);
            let (r, data) = self.recv().await?;
            if r[0] & opcode::MASK != opcode::TEXT_RESPONSE {
                return Err(IscsiError::UnexpectedDiscoveryAnswer(r[0] & opcode::MASK));
            }
            self.exp_stat_sn = u32::from_be_bytes([r[24], r[25], r[26], r[27]]).wrapping_add(1);
            all.extend(parse_kv(&data));
            if r[1] & flag::CONTINUE == 0 {
                break;
            }
            ttt = u32::from_be_bytes([r[20], r[21], r[22], r[23]]);
        }
        let mut targets = Vec::new();
        let mut current: Option<String> = None;
        for (k, v) in all {
            match k.as_str() {
                "TargetName" => current = Some(v),
                "TargetAddress" => {
                    if let Some(name) = &current {
                        let (addr, group) = v.rsplit_once(',').unwrap_or((v.as_str(), "1"));
                        let (host, port) = split_host_port(addr);
                        targets.push(Target {
                            name: name.clone(),
                            address: host,
                            port,
                            portal_group: group.to_string(),
                        });
                    }
                }
                _ => {}
            }
        }
        Ok(targets)
    }

    async fn logout(&mut self) {
        self.itt += 1;
        let mut b = [0u8; 48];
        b[0] = opcode::IMMEDIATE | opcode::LOGOUT_REQUEST;
        b[1] = flag::FINAL;
        b[16..20].copy_from_slice(&self.itt.to_be_bytes());
        b[24..28].copy_from_slice(&self.cmd_sn.to_be_bytes());
        b[28..32].copy_from_slice(&self.exp_stat_sn.to_be_bytes());
        if self.send(b, &[]).await.is_ok() {
            let _ = self.recv().await;
        }
    }
}

fn split_host_port(addr: &str) -> (String, u16) {
    if let Some(rest) = addr.strip_prefix('[') {
        if let Some((h, p)) = rest.split_once("]:") {
            return (format!("[{h}]"), p.parse().unwrap_or(3260));
        }
    }
    match addr.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') => (h.to_string(), p.parse().unwrap_or(3260)),
        _ => (addr.to_string(), 3260),
    }
}

fn decode_chap_value(v: &str) -> Option<Vec<u8>> {
    let hex = v.strip_prefix("0x").or_else(|| v.strip_prefix("0X"))?;
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).ok())
        .collect()
}

/// SendTargets discovery through a discovery session.
pub async fn discover(
    address: &str,
    port: u16,
    chap: Option<Chap<'_>>,
    wait: Duration,
) -> Result<Vec<Target>, IscsiError> {
    let mut s = Session::connect(address, port, wait).await?;
    s.login("Discovery", None, chap).await?;
    let targets = s.send_targets().await;
    s.logout().await;
    targets
}

/// A normal-session login to one target, then logout.
pub async fn login(
    address: &str,
    port: u16,
    target: &str,
    chap: Option<Chap<'_>>,
    wait: Duration,
) -> Result<(), IscsiError> {
    let mut s = Session::connect(address, port, wait).await?;
    s.login("Normal", Some(target), chap).await?;
    s.logout().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_values_and_addresses() {
        let data = kv(&[
            ("TargetName", "iqn.x:y"),
            ("TargetAddress", "127.0.0.1:3261,1"),
        ]);
        let pairs = parse_kv(&data);
        assert_eq!(get(&pairs, "TargetName"), Some("iqn.x:y"));
        assert_eq!(
            split_host_port("127.0.0.1:3261"),
            ("127.0.0.1".into(), 3261)
        );
        assert_eq!(split_host_port("[::1]:3262"), ("[::1]".into(), 3262));
        assert_eq!(decode_chap_value("0x0aff"), Some(vec![0x0a, 0xff]));
        assert_eq!(decode_chap_value("zz"), None);
    }
}
