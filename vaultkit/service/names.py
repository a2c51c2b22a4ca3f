"""What a service is called, where its file and log live, and the line that marks its file.

Nothing here runs a command or writes a file: the names and paths are computed from the
vault's path, the platform and the environment given.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# Every file ``install`` writes holds this text; ``uninstall`` removes no file without it.
MARKER = "Written by vaultkit service install"

NAME_PATTERN = re.compile(r"vaultkit-[a-z0-9-]{1,40}-[0-9a-f]{8}")
SLUG_LENGTH = 40


def vault_path(vault: Path | str) -> Path:
    """The absolute path a service is named from and runs on (symbolic links resolved, so a
    vault reached by two paths is one service)."""
    return Path(os.path.abspath(vault)).resolve()


def slug(folder_name: str) -> str:
    """The folder's name, lower case, ASCII letters and digits joined by ``-`` ("vault" if none)."""
    ascii_name = unicodedata.normalize("NFKD", folder_name).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return words[:SLUG_LENGTH].rstrip("-") or "vault"


def service_name(vault: Path) -> str:
    """``vaultkit-<slug of the folder name>-<8 hex of sha256(absolute path)>``: one name per vault."""
    digest = hashlib.sha256(os.fsencode(str(vault))).hexdigest()[:8]
    return f"vaultkit-{slug(vault.name)}-{digest}"


def is_service_name(text: str) -> bool:
    """Whether ``text`` has the shape of a name ``service_name`` gives (so no path can be built from
    anything else)."""
    return NAME_PATTERN.fullmatch(text) is not None


@dataclass(frozen=True)
class Locations:
    """Where one platform keeps service files and logs, for the user of ``home``."""

    platform: str
    service_dir: Path
    log_dir: Path

    def service_file(self, name: str) -> Path:
        return self.service_dir / (name + SUFFIXES[self.platform])

    def log_file(self, name: str) -> Path:
        return self.log_dir / f"{name}.log"


SUFFIXES = {"linux": ".service", "macos": ".plist", "windows": ".xml"}


def locations(platform: str, env: Mapping[str, str], home: Path) -> Locations:
    """The folders of ``platform``, following the XDG variables on Linux and ``%LOCALAPPDATA%``
    on Windows (each with its usual default when unset or not absolute)."""

    def base(variable: str, default: Path) -> Path:
        value = env.get(variable, "")
        return Path(value) if value and os.path.isabs(value) else default

    if platform == "linux":
        config = base("XDG_CONFIG_HOME", home / ".config")
        state = base("XDG_STATE_HOME", home / ".local" / "state")
        return Locations(platform, config / "systemd" / "user", state / "vaultkit")
    if platform == "macos":
        library = home / "Library"
        return Locations(platform, library / "LaunchAgents", library / "Logs" / "vaultkit")
    local = base("LOCALAPPDATA", home / "AppData" / "Local") / "vaultkit"
    return Locations(platform, local / "services", local / "logs")
