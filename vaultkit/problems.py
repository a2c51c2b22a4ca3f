"""Problems are data: collected while reading a vault, never raised for bad user input."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the vault, located at ``path:line`` (1-based, front matter included)."""

    path: str
    line: int
    severity: str
    code: str
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}[{self.code}] {self.message}"

    def as_dict(self) -> dict:
        return asdict(self)


def error(path: str, line: int, code: str, message: str) -> Problem:
    return Problem(path, max(1, line), ERROR, code, message)


def warning(path: str, line: int, code: str, message: str) -> Problem:
    return Problem(path, max(1, line), WARNING, code, message)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Deterministic order: by path, then line, then code; duplicates dropped."""
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.code, p.severity, p.message))


def count(problems: Iterable[Problem], severity: str) -> int:
    return sum(1 for p in problems if p.severity == severity)
