"""The systemd unit ``vaultkit service install`` writes passes ``systemd-analyze verify``
(Debian package systemd; run with ``python -m pytest -m system``)."""

from __future__ import annotations

import os
import subprocess

import pytest

from service_helpers import home, make_notes, recorder, service  # noqa: F401 - fixtures
from vaultkit.service.names import service_name, vault_path

pytestmark = pytest.mark.system

FOLDER_NAMES = ["Notes", "My Notes", "100% \"sure\" $HOME \\ 'n'", "Núñez ñ 日本", "semi;colon"]


def verify(unit, tmp_path, user: bool) -> subprocess.CompletedProcess:
    """``systemd-analyze [--user] verify UNIT``; the user manager needs a runtime folder of its own."""
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "SYSTEMD_LOG_COLOR": "0"}
    command = ["systemd-analyze", *(["--user"] if user else []), "verify", str(unit)]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, check=False)


@pytest.mark.parametrize("folder", FOLDER_NAMES)
@pytest.mark.parametrize("user", [False, True], ids=["system-mode", "user-mode"])
def test_the_generated_unit_passes_systemd_analyze_verify(tmp_path, home, recorder, folder, user):
    vault = make_notes(tmp_path / folder)
    assert service("install", "--vault", vault).exit_code == 0
    unit = home / ".config" / "systemd" / "user" / f"{service_name(vault_path(vault))}.service"
    done = verify(unit, tmp_path, user)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")  # not even a warning


def test_verify_catches_what_it_is_trusted_to_catch(tmp_path, home, recorder):
    """The check above can fail: an unknown key is a warning, a missing program an error."""
    vault = make_notes(tmp_path / "Notes")
    assert service("install", "--vault", vault).exit_code == 0
    unit = home / ".config" / "systemd" / "user" / f"{service_name(vault_path(vault))}.service"
    text = unit.read_text()
    unit.write_text(text.replace("Nice=10", "Niceness=10"))
    assert "Unknown key 'Niceness'" in verify(unit, tmp_path, user=False).stderr
    unit.write_text(text.replace("ExecStart=/", "ExecStart=/no/such/folder/"))
    assert verify(unit, tmp_path, user=False).returncode != 0
