"""Helpers shared by the init, new and log tests."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from vaultkit.cli import main


def run(*args):
    """``vaultkit ARGS...`` through click's CliRunner (paths may be Path objects)."""
    return CliRunner().invoke(main, [str(a) for a in args])


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (dot-folders too) with its bytes: to prove nothing changed."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
