"""The three platforms a service can be installed on, and which one this system is."""

from __future__ import annotations

import sys

PLATFORMS = ("linux", "macos", "windows")


def current_platform(system: str = sys.platform) -> str:
    """``linux``, ``macos`` or ``windows`` from ``sys.platform``; other Unixes are taken as Linux."""
    if system == "darwin":
        return "macos"
    if system in ("win32", "cygwin"):
        return "windows"
    return "linux"
