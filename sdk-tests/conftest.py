"""Starts a real engine (the release binary) on a free 127.0.0.1 port with the demo site."""

import os
import socket
import subprocess
import tempfile
import time
import urllib.request
import urllib.error

import ovirtsdk4 as sdk
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENGINE = os.environ.get("ENGINE_BIN", os.path.join(ROOT, "target", "release", "engine"))
PASSWORD = "sdk-Admin-Pa55"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def engine_url():
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        env = dict(os.environ, ENGINE_ADMIN_PASSWORD=PASSWORD)
        proc = subprocess.Popen(
            [ENGINE, "--demo", "--probe-scope", "loopback", "--db", os.path.join(tmp, "engine.db"), "--listen", f"127.0.0.1:{port}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 15
        while True:
            try:
                urllib.request.urlopen(base + "/ovirt-engine/api", timeout=1)
            except urllib.error.HTTPError:
                break  # 401: it is up
            except OSError:
                if time.time() > deadline:
                    proc.kill()
                    raise RuntimeError("engine did not start")
                time.sleep(0.05)
        try:
            yield base + "/ovirt-engine/api"
        finally:
            proc.terminate()
            proc.wait(timeout=10)


@pytest.fixture()
def connection(engine_url):
    conn = sdk.Connection(url=engine_url, username="admin@internal", password=PASSWORD, insecure=True)
    try:
        yield conn
    finally:
        conn.close()
