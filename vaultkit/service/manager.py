"""The one way vaultkit talks to a service manager: every ``systemctl``, ``launchctl`` and
``schtasks`` call goes through ``runner`` here (tests replace it with a recorder)."""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass

TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class Completed:
    """A finished command: its exit code and what it printed."""

    code: int
    output: str = ""
    errors: str = ""


@dataclass(frozen=True)
class Step:
    """One command of an install or uninstall.

    ``only_if``: a query run first; the step is skipped when the query fails (nothing loaded
    to stop, say). ``may_fail``: the step's own failure is not an error.
    """

    argv: tuple[str, ...]
    only_if: tuple[str, ...] | None = None
    may_fail: bool = False

    def shown(self) -> str:
        line = shown(self.argv)
        if self.only_if is not None:
            line += f"   (if {shown(self.only_if)} succeeds)"
        return line


class ManagerError(Exception):
    """A service manager command failed; the message is one line naming the command."""


def shown(argv: Iterable[str]) -> str:
    """A command as one would type it: Windows quoting for ``schtasks``, POSIX shell quoting otherwise."""
    argv = list(argv)
    if argv and argv[0] == "schtasks":
        return subprocess.list2cmdline(argv)
    return shlex.join(argv)


def run_os_command(argv: tuple[str, ...]) -> Completed:
    """Run ``argv`` for real, capturing its output; a missing program is exit code 127."""
    try:
        done = subprocess.run(list(argv), capture_output=True, text=True, errors="replace",
                              timeout=TIMEOUT_SECONDS, check=False)
    except FileNotFoundError:
        return Completed(127, "", f"{argv[0]}: command not found")
    except subprocess.TimeoutExpired:
        return Completed(124, "", f"no answer within {TIMEOUT_SECONDS} s")
    except OSError as exc:
        return Completed(126, "", f"{argv[0]}: {exc.strerror or exc}")
    return Completed(done.returncode, done.stdout, done.stderr)


runner = run_os_command


def failure(argv: tuple[str, ...], done: Completed) -> ManagerError:
    """``<command> failed (exit N): <its first line of complaint>``."""
    said = next((line.strip() for text in (done.errors, done.output) for line in text.splitlines() if line.strip()),
                "no message")
    return ManagerError(f"{shown(argv)} failed (exit {done.code}): {said}")


def query(argv: tuple[str, ...]) -> Completed:
    """Run a command whose answer is wanted; its failure is a ``ManagerError``."""
    done = runner(argv)
    if done.code != 0:
        raise failure(argv, done)
    return done


def run_steps(steps: Iterable[Step]) -> list[Step]:
    """Run ``steps`` in order, stopping at the first failure (a ``ManagerError``); returns the
    steps that ran (those whose ``only_if`` failed are left out)."""
    ran = []
    for step in steps:
        if step.only_if is not None and runner(step.only_if).code != 0:
            continue
        done = runner(step.argv)
        if done.code != 0 and not step.may_fail:
            raise failure(step.argv, done)
        ran.append(step)
    return ran
