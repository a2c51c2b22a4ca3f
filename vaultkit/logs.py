"""``watch --log FILE``: what ``watch`` says (one line per build) and each problem when it
appears, in a file that rotates at a size limit (``FILE.1`` the newest old one)."""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from vaultkit.problems import ERROR, Problem

DEFAULT_MAX_KB = 1024
DEFAULT_KEEP = 3  # old files kept beside FILE: FILE.1 ... FILE.3
LINE_FORMAT = "%(asctime)s %(levelname)s %(message)s"
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


class LogUnwritable(Exception):
    """The log file cannot be opened; the message is one line."""


class _RotatingFile(RotatingFileHandler):
    """Says once on stderr that the log cannot be written (a full disk), instead of a traceback
    for every line."""

    failed = False

    def handleError(self, record: logging.LogRecord) -> None:
        if not self.failed:
            self.failed = True
            sys.stderr.write(f"vaultkit: the log {self.baseFilename} could not be written; "
                             f"watch goes on without it\n")


class BuildLog:
    """A rotating log file of one ``watch``. ``say`` is also given every line ``watch`` prints."""

    def __init__(self, path: Path, max_kb: int = DEFAULT_MAX_KB, keep: int = DEFAULT_KEEP) -> None:
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handler = _RotatingFile(path, maxBytes=max_kb * 1024, backupCount=keep, encoding="utf-8")
        except OSError as exc:
            raise LogUnwritable(f"cannot write the log {path}: {exc.strerror or exc}") from None
        handler.setFormatter(logging.Formatter(LINE_FORMAT, TIME_FORMAT))
        self.handler = handler
        self.logger = logging.Logger("vaultkit.watch")  # not registered: nothing else logs into the file
        self.logger.addHandler(handler)
        self.known: set[Problem] = set()  # the problems of the previous build, already logged

    def say(self, message: str, level: int = logging.INFO) -> None:
        self.logger.log(level, message)

    def problems(self, problems: list[Problem]) -> None:
        """Log each problem that the previous build did not have (the first build: every one)."""
        for problem in problems:
            if problem not in self.known:
                self.say(problem.format(), logging.ERROR if problem.severity == ERROR else logging.WARNING)
        self.known = set(problems)

    def close(self) -> None:
        self.logger.removeHandler(self.handler)
        self.handler.close()
