"""The Python SDK's own storage examples (ovirt-engine-sdk-python 4.6.3, examples/), unmodified
but for the URL, the credentials and the names of the site's objects, run as an administrator
would run them, against the engine over HTTPS."""

import os
import shutil
import signal
import subprocess
import sys
import time

import ovirtsdk4 as sdk
import pytest

from conftest import ROOT

EXAMPLES = os.environ.get("SDK_EXAMPLES", os.path.join(ROOT, ".venv-clients", "sdk-examples"))


def prepare(site, tmp_path, name, names=()):
    """The example in a work directory, with the site's URL, credentials and names."""
    source = os.path.join(EXAMPLES, name)
    assert os.path.exists(source), f"{source}: scripts/ensure-tools.sh fetches the SDK's examples"
    shutil.copytree(os.path.join(EXAMPLES, "helpers"), tmp_path / "helpers", dirs_exist_ok=True)
    text = open(source).read()
    replacements = [
        ("https://engine40.example.com/ovirt-engine/api", site.url),
        ("password='redhat123'", f"password='{site.password}'"),
        ("ca_file='ca.pem'", f"ca_file='{site.ca_file}'"),
        *names,
    ]
    for old, new in replacements:
        if old in text:
            text = text.replace(old, new)
    script = tmp_path / name
    script.write_text(text)
    return script


def run(script, timeout=60, env=None):
    out = subprocess.run([sys.executable, str(script), *([] if env is None else env.get("args", []))],
                         cwd=script.parent, capture_output=True, text=True, timeout=timeout,
                         env=None if env is None else env.get("env"))
    print(f"{script.name}: exit {out.returncode}\n{out.stdout}{out.stderr}")
    assert out.returncode == 0, out.stderr
    return out.stdout


def connect(site):
    return sdk.Connection(url=site.url, username=site.username, password=site.password,
                          ca_file=site.ca_file)


def test_test_connection(site, tmp_path):
    assert "Connection works." in run(prepare(site, tmp_path, "test_connection.py"))


def test_show_summary(site, tmp_path):
    out = run(prepare(site, tmp_path, "show_summary.py"))
    assert "version: 4.5.0-" in out
    assert "hosts: 2" in out and "sds: 7" in out and "users: 1" in out and "vms: 1" in out


def test_list_storage_domains_with_the_config_file(site, tmp_path):
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    (home / ".config" / "ovirt.conf").write_text(
        f"[engine]\nengine_url = https://localhost:{site.port}\nusername = {site.username}\n"
        f"password = {site.password}\ncafile = {site.ca_file}\n")
    script = prepare(site, tmp_path, "list_storage_domains.py")
    env = dict(os.environ, HOME=str(home))
    everything = run(script, env={"env": env, "args": ["-c", "engine"]})
    assert everything.count('"name"') == 7
    nfs = run(script, env={"env": env, "args": ["-c", "engine", "-s", "type=nfs and status=active"]})
    assert '"data-nfs"' in nfs and '"iso-nfs"' in nfs and nfs.count('"name"') == 2


DATA = [("name='mydata'", "name='sdk-data'"), ("search='name=mydata'", "search='name=sdk-data'"),
        ("name='myhost'", "name='host1.example.com'"), ("search='name=mydc'", "search='name=Default'"),
        ("address='server0.example.com'", "address='nfs-sdk.example.com'")]
ISO = [("name='myiso'", "name='sdk-iso'"), ("search='name=myiso'", "search='name=sdk-iso'"),
       ("name='myhost'", "name='host1.example.com'"), ("search='name=mydc'", "search='name=Default'"),
       ("address='server0.example.com'", "address='nfs-sdk.example.com'")]


def test_add_and_attach_nfs_data_and_iso_domains(site, tmp_path):
    run(prepare(site, tmp_path, "add_nfs_data_storage_domain.py", DATA))
    run(prepare(site, tmp_path, "attach_nfs_data_storage_domain.py", DATA))
    run(prepare(site, tmp_path, "add_nfs_iso_storage_domain.py", ISO))
    run(prepare(site, tmp_path, "attach_nfs_iso_storage_domain.py", ISO))
    conn = connect(site)
    try:
        sds = conn.system_service().storage_domains_service()
        for name in ("sdk-data", "sdk-iso"):
            [sd] = sds.list(search=f'name="{name}"')
            dc = sd.data_centers[0]
            attached = (conn.system_service().data_centers_service().data_center_service(dc.id)
                        .storage_domains_service().storage_domain_service(sd.id).get())
            assert attached.status == sdk.types.StorageDomainStatus.ACTIVE, name
    finally:
        conn.close()


def test_add_iscsi_data_domain_through_chap(site, tmp_path):
    user, secret = site.chap
    names = [("name='mydata'", "name='sdk-iscsi'"), ("name='myhost'", "name='host1.example.com'"),
             ("name='mydc'", "name='Default'"), ("search='name=mydc'", "search='name=Default'"),
             ("address='192.168.201.3'", "address='127.0.0.1'"),
             ("port=3260", f"port={site.tgt_port}"),
             ("target='iqn.2014-07.org.ovirt:storage'", f"target='{site.chap_target}'"),
             ("username='username'", f"username='{user}'"),
             ("password='password'", f"password='{secret}'")]
    run(prepare(site, tmp_path, "add_iscsi_data_storage_domain.py", names))
    conn = connect(site)
    try:
        sds = conn.system_service().storage_domains_service()
        [sd] = sds.list(search="name=sdk-iscsi")
        assert sd.storage.type == sdk.types.StorageType.ISCSI
        connections = conn.follow_link(sd.storage_connections)
        assert [(c.address, c.port, c.target, c.username) for c in connections] == [
            ("127.0.0.1", site.tgt_port, site.chap_target, user)]
    finally:
        conn.close()


def test_poll_events_follows_the_trail(site, tmp_path):
    script = prepare(site, tmp_path, "poll_events.py")
    proc = subprocess.Popen([sys.executable, str(script)], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(3)
        # Something happens while it polls.
        conn = connect(site)
        try:
            sds = conn.system_service().storage_domains_service()
            [sd] = sds.list(search="name=data-ceph")
            sds.storage_domain_service(sd.id).update(sdk.types.StorageDomain(comment="polled"))
        finally:
            conn.close()
        time.sleep(9)
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    print(out, err)
    lines = [line for line in out.splitlines() if " - " in line]
    assert lines and "The engine started" in lines[0], out + err
    assert any("Edit Storage Domain data-ceph succeeded" in line for line in lines[1:]), out + err
