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
    return changed_tasks(out.stdout)


def changed_tasks(output):
    """The names of the tasks that reported a change."""
    changed, task = [], None
    for line in output.splitlines():
        m = re.match(r"TASK \[(.*)\]", line)
        if m:
            task = m.group(1)
        elif line.startswith("changed:") and task:
            changed.append(task)
    return changed


def twice(site, playbook, actions=(), extra=None):
    """`actions`: tasks that are actions, not states (an iSCSI login), so every run does them."""
    first = play(site, playbook, extra)
    second = play(site, playbook, extra)
    print(f"{playbook}: first run changed {first}; second run changed {second}")
    assert set(first) - set(actions), f"{playbook}: the first run changed nothing"
    assert set(second) <= set(actions), f"{playbook}: the second run changed {second}"


def test_converge_then_teardown(site):
    twice(site, "converge.yml", actions=["Log host1 in to it"])
    twice(site, "teardown.yml")


def test_the_infra_role_builds_storages(site):
    twice(site, "infra_storages.yml")


def test_the_datacenter_cleanup_role_empties_and_removes_default(site):
    twice(site, "datacenter_cleanup.yml")
