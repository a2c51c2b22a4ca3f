"""What a service runs (``ServiceSpec``) and for whom (``Host``): plain data the file
generators turn into a unit, a plist or a task."""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from vaultkit.service.names import Locations, locations


@dataclass(frozen=True)
class Host:
    """The user and machine a service is installed for: the platform, home folder, environment,
    the numeric user id (launchd's ``gui/UID`` domain) and the account name (Task Scheduler)."""

    platform: str
    home: Path
    env: Mapping[str, str]
    uid: int
    user: str
    python: str

    @property
    def locations(self) -> Locations:
        return locations(self.platform, self.env, self.home)


def this_host(platform: str) -> Host:
    """The running user, on ``platform`` (the real one, or another one to generate its files)."""
    env = dict(os.environ)
    user = getpass.getuser()
    if env.get("USERDOMAIN") and env.get("USERNAME"):
        user = f"{env['USERDOMAIN']}\\{env['USERNAME']}"
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Host(platform, Path.home(), env, uid, user, sys.executable or "")


@dataclass(frozen=True)
class ServiceSpec:
    """One vault's service: its name, vault, log file, and the command it runs."""

    name: str
    vault: Path
    log_file: Path
    command: tuple[str, ...]


def watch_command(python: str, vault: Path, log_file: Path) -> tuple[str, ...]:
    """``PYTHON -m vaultkit watch VAULT --log LOGFILE``, every path absolute: the Python that runs
    this vaultkit, so a virtual environment needs no ``PATH`` in the service."""
    return (python, "-m", "vaultkit", "watch", str(vault), "--log", str(log_file))
