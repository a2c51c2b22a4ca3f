"""The command a service runs, run for real: the ``ProgramArguments`` of a generated agent
start ``vaultkit watch`` with its log, stop cleanly on SIGTERM (what ``systemctl stop`` and
``launchctl bootout`` send), and exit 2 once the vault is gone (the status systemd does not retry)."""

from __future__ import annotations

import os
import plistlib
import shutil
import signal
import subprocess
import time
from pathlib import Path

from service_helpers import home, make_notes, recorder, service  # noqa: F401 - fixtures
from vaultkit.service.names import service_name, vault_path

SYSTEMD_NO_RETRY = 2  # RestartPreventExitStatus= in the unit


def agent_of(home, vault) -> dict:
    """``service install`` for macOS (the manager recorded), then the agent's keys from its file."""
    assert service("install", "--vault", vault, platform="macos").exit_code == 0
    return plistlib.loads((home / "Library" / "LaunchAgents" / f"{service_name(vault_path(vault))}.plist").read_bytes())


def test_the_service_command_builds_logs_and_stops_cleanly(tmp_path, home, recorder):
    vault = make_notes(tmp_path / "My Notes")
    agent = agent_of(home, vault)
    argv, log = agent["ProgramArguments"], Path(agent["ProgramArguments"][-1])
    env = {**os.environ, **agent["EnvironmentVariables"]}
    with subprocess.Popen(argv, env=env, cwd="/", stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True) as process:
        try:
            deadline = time.monotonic() + 60
            while not (log.is_file() and "pages written" in log.read_text(encoding="utf-8")):
                assert process.poll() is None, process.stderr.read()
                assert time.monotonic() < deadline, "no build logged within 60 s"
                time.sleep(0.1)
            assert (vault / "VaultKit").is_dir()
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=30) == 0  # a stop is not a failure: no restart
        finally:
            if process.poll() is None:
                process.kill()

def test_the_service_command_exits_2_once_the_vault_is_gone(tmp_path, home, recorder):
    vault = make_notes(tmp_path / "Notes")
    agent = agent_of(home, vault)
    shutil.rmtree(vault)
    done = subprocess.run(agent["ProgramArguments"], env={**os.environ, **agent["EnvironmentVariables"]},
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == SYSTEMD_NO_RETRY, done.stderr
    assert "does not exist" in done.stderr
