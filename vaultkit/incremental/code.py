"""What stored results were computed by: vaultkit's own source, its parsing libraries, Python.

Everything the index keeps carries this fingerprint, so a changed vaultkit (an edited word in
``i18n``, a new rule, an upgraded PyYAML) never serves pages or records an older one computed.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from functools import lru_cache
from pathlib import Path

# The libraries whose behaviour shapes what is stored: how front matter and bodies parse.
PARSING_LIBRARIES = ("PyYAML", "python-frontmatter", "markdown-it-py", "mdit-py-plugins")
PACKAGE = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The fingerprint of this vaultkit, as installed and run (worked out once per process).

    Hashing the source costs a few milliseconds; the versions are read from the installed
    packages' ``.dist-info`` folder names (importing ``importlib.metadata`` alone costs ~40 ms).
    """
    return fingerprint_of(PACKAGE, sys.version, library_versions())


def fingerprint_of(package: Path, python: str, versions: dict[str, str]) -> str:
    """A digest of the ``.py`` files below ``package`` (names and bytes), ``python`` and the
    parsing libraries' ``versions`` (normalized name -> version)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(python.encode())
    for name in PARSING_LIBRARIES:
        digest.update(f"\0{name}={versions.get(_normalized(name), '?')}".encode())
    for path in sorted(package.rglob("*.py")):
        digest.update(b"\0" + path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


_DIST_INFO = re.compile(r"^(?P<name>[^-]+)-(?P<version>[^-]+?)\.(?:dist-info|egg-info)$")


def library_versions() -> dict[str, str]:
    """Normalized distribution name -> version, for the packages installed on ``sys.path``."""
    wanted = {_normalized(name) for name in PARSING_LIBRARIES}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            match = _DIST_INFO.match(name)
            if match is not None:
                key = _normalized(match["name"])
                if key in wanted and key not in found:
                    found[key] = match["version"]
    return found


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()
