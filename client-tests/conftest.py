"""Real oVirt clients against the real engine over HTTPS: the engine (release binary, demo site)
on a free 127.0.0.1 port with a fresh self-signed certificate the clients verify, and a real
tgtd on loopback for the iSCSI steps. Nothing leaves the machine (--probe-scope loopback)."""

import os
import socket
import ssl
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENGINE = os.environ.get("ENGINE_BIN", os.path.join(ROOT, "target", "release", "engine"))
PASSWORD = "clients-Admin-Pa55"
TARGET = "iqn.2026-11.org.example:clients"
# A second target that asks for CHAP, with these credentials.
CHAP_TARGET = "iqn.2026-11.org.example:clients-chap"
CHAP_USER, CHAP_SECRET = "sdk-user", "sdk-secret-2026"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, what, log=None, limit=15):
    deadline = time.time() + limit
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.time() > deadline:
                detail = open(log).read() if log and os.path.exists(log) else ""
                raise RuntimeError(f"{what} did not listen on {port}: {detail}")
            time.sleep(0.05)


class Site:
    """One engine over HTTPS and what clients need to reach it."""

    def __init__(self, tmp, port, ca_file, tgt_port):
        self.tmp = tmp
        self.port = port
        self.url = f"https://localhost:{port}/ovirt-engine/api"
        self.ca_file = ca_file
        self.username = "admin@internal"
        self.password = PASSWORD
        self.tgt_port = tgt_port
        self.target = TARGET
        self.chap_target = CHAP_TARGET
        self.chap = (CHAP_USER, CHAP_SECRET)


def make_certificate(tmp):
    cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", key, "-out", cert],
        check=True, capture_output=True,
    )
    return cert, key


def start_tgtd(tmp):
    """tgtd with one target and one 1 GiB LUN, on its own portal and control port."""
    port = free_port()
    control = port % 32000 + 100
    log = os.path.join(tmp, "tgtd.log")
    proc = subprocess.Popen(
        ["tgtd", "-f", "-C", str(control), "-p", os.path.join(tmp, "tgtd.pid"),
         "--iscsi", f"portal=127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=open(log, "w"),
    )
    wait_listening(port, "tgtd", log)
    backing = os.path.join(tmp, "lun1.img")
    with open(backing, "wb") as f:
        f.truncate(1024 * 1024 * 1024)

    def adm(*args):
        subprocess.run(["tgtadm", "-C", str(control), "--lld", "iscsi", *args],
                       check=True, capture_output=True)

    adm("--mode", "target", "--op", "new", "--tid", "1", "-T", TARGET)
    adm("--mode", "logicalunit", "--op", "new", "--tid", "1", "--lun", "1", "-b", backing)
    adm("--mode", "target", "--op", "bind", "--tid", "1", "-I", "ALL")
    chap_backing = os.path.join(tmp, "lun2.img")
    with open(chap_backing, "wb") as f:
        f.truncate(1024 * 1024 * 1024)
    adm("--mode", "target", "--op", "new", "--tid", "2", "-T", CHAP_TARGET)
    adm("--mode", "logicalunit", "--op", "new", "--tid", "2", "--lun", "1", "-b", chap_backing)
    adm("--mode", "target", "--op", "bind", "--tid", "2", "-I", "ALL")
    adm("--mode", "account", "--op", "new", "--user", CHAP_USER, "--password", CHAP_SECRET)
    adm("--mode", "account", "--op", "bind", "--tid", "2", "--user", CHAP_USER)
    return proc, port


@pytest.fixture()
def site():
    with tempfile.TemporaryDirectory() as tmp:
        cert, key = make_certificate(tmp)
        tgtd, tgt_port = start_tgtd(tmp)
        port = free_port()
        log = os.path.join(tmp, "engine.log")
        env = dict(os.environ, ENGINE_ADMIN_PASSWORD=PASSWORD)
        proc = subprocess.Popen(
            [ENGINE, "--demo", "--probe-scope", "loopback", "--db", os.path.join(tmp, "engine.db"),
             "--listen", f"127.0.0.1:{port}", "--tls-cert", cert, "--tls-key", key],
            env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT,
        )
        try:
            wait_listening(port, "the engine", log)
            context = ssl.create_default_context(cafile=cert)
            deadline = time.time() + 15
            while True:
                try:
                    urllib.request.urlopen(f"https://localhost:{port}/ovirt-engine/api",
                                           context=context, timeout=2)
                except urllib.error.HTTPError:
                    break  # 401: serving
                except OSError:
                    if time.time() > deadline:
                        raise
                    time.sleep(0.1)
            yield Site(tmp, port, cert, tgt_port)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
            tgtd.kill()
            tgtd.wait(timeout=10)
