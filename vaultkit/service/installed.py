"""The service files vaultkit wrote: finding them (by scanning the platform's folder, so a
service whose vault is gone is still found), reading the vault back, writing and removing them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from vaultkit.ondisk import atomic_write
from vaultkit.service import launchd, systemd, windows
from vaultkit.service.names import MARKER, Locations, is_service_name

GENERATORS = {"linux": systemd, "macos": launchd, "windows": windows}
MAX_FILE_BYTES = 1024 * 1024  # a service file is a few kilobytes; anything larger is not ours


@dataclass(frozen=True)
class Installed:
    """A service file holding vaultkit's marker, and the vault it names (None if unreadable)."""

    name: str
    file: Path
    vault: str | None

    @property
    def vault_exists(self) -> bool:
        return self.vault is not None and Path(self.vault).is_dir()


def has_marker(data: bytes) -> bool:
    """Whether a file's bytes hold vaultkit's marker line (UTF-8 or, for task XML, UTF-16)."""
    return MARKER.encode() in data or MARKER.encode("utf-16-le") in data


def read_file(path: Path) -> bytes | None:
    """A service file's bytes; None when it cannot be read or is too large to be one."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError:
        return None
    return data if len(data) <= MAX_FILE_BYTES else None


def read_installed(where: Locations, name: str) -> Installed | None:
    """The service ``name`` if its file exists and holds the marker; None otherwise."""
    path = where.service_file(name)
    data = read_file(path) if path.is_file() else None
    if data is None or not has_marker(data):
        return None
    return Installed(name, path, GENERATORS[where.platform].read_vault(data))


def scan(where: Locations) -> list[Installed]:
    """Every service vaultkit installed on this platform, by name."""
    suffix = where.service_file("x").suffix
    try:
        names = sorted(entry.name[: -len(suffix)] for entry in os.scandir(where.service_dir)
                       if entry.name.endswith(suffix))
    except OSError:
        return []
    found = (read_installed(where, name) for name in names if is_service_name(name))
    return [service for service in found if service is not None]


def write_service_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole (``ondisk.atomic_write``: a synced hidden temporary file
    beside it, renamed over it; its name does not end in the managers' suffix, so none reads it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data)
