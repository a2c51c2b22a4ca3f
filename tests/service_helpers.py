"""Helpers for the ``vaultkit service`` tests: a temporary home folder, a recorder standing in
for the service managers (``vaultkit.service.manager.runner``), and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import write_vault
from vaultkit.cli import main
from vaultkit.service import manager
from vaultkit.service.manager import Completed


@dataclass
class Recorder:
    """Records every manager command; ``answers`` maps a command's start (``("launchctl",
    "print")``) to what it returns (default: success, no output)."""

    answers: dict[tuple[str, ...], Completed] = field(default_factory=dict)
    calls: list[tuple[str, ...]] = field(default_factory=list)

    def __call__(self, argv: tuple[str, ...]) -> Completed:
        self.calls.append(tuple(argv))
        for start, answer in sorted(self.answers.items(), key=lambda item: -len(item[0])):
            if tuple(argv[: len(start)]) == start:
                return answer
        return Completed(0)


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A home folder of its own, with the XDG and Windows variables pointing into it."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("LOCALAPPDATA", str(home / "AppData" / "Local"))
    monkeypatch.delenv("VAULTKIT_VAULT", raising=False)
    return home


@pytest.fixture
def recorder(monkeypatch) -> Recorder:
    """The managers' stand-in: every ``systemctl``/``launchctl``/``schtasks`` call is recorded here."""
    recording = Recorder()
    monkeypatch.setattr(manager, "runner", recording)
    return recording


def make_notes(folder: Path) -> Path:
    """A small vault (``vaultkit.toml`` and one contact) at ``folder``."""
    return write_vault(folder, {"vaultkit.toml": 'output_folder = "VaultKit"\n',
                                "Contacts/Ana.md": "---\nname: Ana\n---\n"})


def service(*args: object, platform: str = "linux"):
    """``vaultkit service --platform PLATFORM ARGS...`` through CliRunner."""
    return CliRunner().invoke(main, ["service", "--platform", platform, *map(str, args)])


def files_under(folder: Path) -> list[str]:
    """Every file and folder below ``folder``, relative, sorted."""
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))
