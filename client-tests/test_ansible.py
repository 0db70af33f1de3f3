"""The ovirt.ovirt Ansible collection (ansible 12.3.0 carries 3.2.1), unmodified, against the
engine over HTTPS. Each playbook runs twice: the first run must change the site, the second must
find nothing to change (idempotency); every task is asserted inside the playbooks."""

import json
import os
import re
import subprocess

import pytest

from conftest import ROOT

PLAYBOOKS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "playbooks")
ANSIBLE = os.path.join(ROOT, ".venv-clients", "bin", "ansible-playbook")


def play(site, playbook, extra=None):
    variables = {
        "engine_url": site.url,
        "engine_password": site.password,
        "ca_file": site.ca_file,
        "tgt_port": site.tgt_port,
        "tgt_target": site.target,
        **(extra or {}),
    }
    env = dict(os.environ, ANSIBLE_NOCOLOR="1", ANSIBLE_STDOUT_CALLBACK="default",
               ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
               ANSIBLE_PYTHON_INTERPRETER=os.path.join(ROOT, ".venv-clients", "bin", "python"),
               ANSIBLE_LOCAL_TEMP=os.path.join(site.tmp, "ansible-local"),
               ANSIBLE_HOME=os.path.join(site.tmp, "ansible-home"))
    out = subprocess.run(
        [ANSIBLE, "-i", "localhost,", os.path.join(PLAYBOOKS, playbook), "-e", json.dumps(variables)],
        capture_output=True, text=True, timeout=600, env=env,
    )
    print(f"--- {playbook}: exit {out.returncode}\n{out.stdout}\n{out.stderr}")
    recap = re.search(r"localhost\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)",
                      out.stdout)
    assert out.returncode == 0 and recap, f"{playbook} failed"
    ok, changed, unreachable, failed = map(int, recap.groups())
    assert failed == 0 and unreachable == 0
    return changed


def twice(site, playbook, extra=None):
    first = play(site, playbook, extra)
    second = play(site, playbook, extra)
    print(f"{playbook}: first run changed {first}, second run changed {second}")
    assert first > 0, f"{playbook}: the first run changed nothing"
    # ovirt_auth reports a change at every sign-in and sign-out; nothing else may change.
    assert second == 2, f"{playbook}: the second run changed {second - 2} things beyond signing in and out"


def test_converge_then_teardown(site):
    twice(site, "converge.yml")
    twice(site, "teardown.yml")
