"""``vaultkit.toml``: a typed schema where every key has a default; bad keys are problems."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from vaultkit.problems import Problem, error, warning
from vaultkit.values import NEVER, Cadence, ValueProblem, did_you_mean, parse_cadence

CONFIG_NAME = "vaultkit.toml"

DEFAULT_HEADINGS = {
    "gave": ("gave", "given", "give", "di", "aporté", "ofrecí"),
    "asked": ("asked", "ask", "pedí", "pido"),
    "log": ("log", "registro"),
}
DEFAULT_FOLDERS = {
    "contacts": ("Contacts", "People"),
    "interactions": ("Meetings", "Interactions", "Events"),
    "goals": ("Goals",),
}
DEFAULT_TIERS = {"A": "30d", "B": "90d", "C": "180d", "D": "365d"}
LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class Config:
    """Every setting vaultkit reads, with its default."""

    output_folder: str = "VaultKit"
    language: str = "en"
    ignore: tuple[str, ...] = ()
    default_cadence: Cadence | None = None
    max_active_goals: int = 4
    warm_days: int = 7
    reply_nudge_days: int = 7
    upcoming_days: int = 7
    daily_mentions: str = "tagged"
    focus_size: int = 5  # actions at the top of Follow-ups.md and the dashboard  # a daily note's item linking a contact is contact: "tagged" (#met...) or "any"
    max_note_mb: float = 4.0
    build_on: str | None = None  # the one machine (host name) that writes the pages; None: any machine
    notify: str = "off"  # "desktop": a daily notification of the follow-ups due, from watch
    notify_at: str = "09:00"  # the first build of watch after this time of day (HH:MM) sends it
    folders: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_FOLDERS))
    tiers: dict[str, Cadence] = field(
        default_factory=lambda: {k: parse_cadence(v) for k, v in DEFAULT_TIERS.items()}
    )
    headings: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_HEADINGS))

    @property
    def max_note_bytes(self) -> int:
        return int(self.max_note_mb * 1024 * 1024)


SCALAR_KEYS = {
    "output_folder": str,
    "language": str,
    "default_cadence": str,
    "max_active_goals": int,
    "warm_days": int,
    "reply_nudge_days": int,
    "upcoming_days": int,
    "daily_mentions": str,
    "focus_size": int,
    "max_note_mb": float,
    "build_on": str,
    "notify": str,
    "notify_at": str,
}
DAILY_MENTIONS = ("tagged", "any")
NOTIFY = ("off", "desktop")
HOST_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
HOUR_MINUTE = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
TABLE_KEYS = ("folders", "tiers", "headings")
ALL_KEYS = (*SCALAR_KEYS, "ignore", *TABLE_KEYS)


def load_config(root: Path) -> tuple[Config, list[Problem]]:
    """Read ``vaultkit.toml`` at ``root`` if there is one; defaults stand in for anything bad."""
    path = root / CONFIG_NAME
    if not path.is_file():
        return Config(), []
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return Config(), [error(CONFIG_NAME, 1, "config-invalid", f"cannot read the config: {exc}")]
    return parse_config(text)


def parse_config(text: str) -> tuple[Config, list[Problem]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+)", str(exc))
        line = int(match.group(1)) if match else 1
        return Config(), [error(CONFIG_NAME, line, "config-invalid", f"invalid TOML: {exc}; using defaults")]
    reader = _ConfigReader(text)
    return reader.read(data), reader.problems


class _ConfigReader:
    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.problems: list[Problem] = []

    def line_of(self, key: str, table: str | None = None) -> int:
        """The line a key is set on (or its table header), for problem messages."""
        current = None
        key_re = re.compile(rf"^\s*[\"']?{re.escape(str(key))}[\"']?\s*=")
        fallback = 1
        for number, line in enumerate(self.lines, 1):
            header = re.match(r"^\s*\[+\s*([^\]]+?)\s*\]", line)
            if header:
                current = header.group(1)
                if current == (table or key):
                    fallback = number
                continue
            if current == table and key_re.match(line):
                return number
        return fallback

    def bad(self, key: str, message: str, table: str | None = None) -> None:
        self.problems.append(error(CONFIG_NAME, self.line_of(key, table), "config-bad-value", message))

    def read(self, data: dict) -> Config:
        config = Config()
        for key in data:
            if key not in ALL_KEYS:
                hint = did_you_mean(key, ALL_KEYS)
                self.problems.append(
                    warning(CONFIG_NAME, self.line_of(key), "config-unknown-key",
                            f"unknown key '{key}'{hint}" + ("" if hint else f" (known: {', '.join(sorted(ALL_KEYS))})"))
                )
        changes: dict = {}
        for key, kind in SCALAR_KEYS.items():
            if key in data:
                value = self.scalar(key, data[key], kind)
                if value is not None:
                    changes[key] = value
        if "ignore" in data:
            globs = data["ignore"]
            if isinstance(globs, str):
                globs = [globs]
            if isinstance(globs, list) and all(isinstance(g, str) for g in globs):
                changes["ignore"] = tuple(globs)
            else:
                self.bad("ignore", "ignore must be a list of glob strings")
        changes.update(self.tables(data))
        return replace(config, **changes)

    def scalar(self, key: str, value: object, kind: type):
        if key == "notify_at" and isinstance(value, dt.time):  # TOML's own time: notify_at = 09:00:00
            value = value.strftime("%H:%M")
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or isinstance(value, bool):
            self.bad(key, f"{key} must be {'a number' if kind in (int, float) else 'text'}, not {value!r}")
            return None
        if kind in (int, float) and value <= 0:
            self.bad(key, f"{key} must be greater than zero")
            return None
        if key == "language" and value not in LANGUAGES:
            self.bad(key, f"language must be one of {', '.join(LANGUAGES)}, not '{value}'")
            return None
        if key == "daily_mentions" and value not in DAILY_MENTIONS:
            self.bad(key, f"daily_mentions must be one of {', '.join(DAILY_MENTIONS)}, not '{value}'")
            return None
        if key == "build_on":
            if value.strip() and not HOST_NAME.fullmatch(value.strip()):
                self.bad(key, f"build_on must be a machine's host name (letters, digits, '-' and '.'), not '{value}'")
                return None
            return value.strip() or None  # "" (as init writes it): any machine
        if key == "notify" and value not in NOTIFY:
            self.bad(key, f"notify must be one of {', '.join(NOTIFY)}, not '{value}'")
            return None
        if key == "notify_at":
            match = HOUR_MINUTE.fullmatch(value.strip())
            if match is None:
                self.bad(key, f"notify_at must be a time of day as HH:MM (24-hour clock), not '{value}'")
                return None
            return f"{int(match.group(1)):02d}:{match.group(2)}"
        if key == "output_folder":
            parts = value.replace("\\", "/").strip("/").split("/")
            if not value.strip() or any(p in ("", ".", "..") or p.startswith(".") for p in parts):
                self.bad(key, f"output_folder must be a folder inside the vault, not '{value}'")
                return None
            return "/".join(parts)
        if key == "default_cadence":
            if not value.strip():
                return None
            try:
                cadence = parse_cadence(value)
            except ValueProblem as exc:
                self.bad(key, f"default_cadence: {exc}")
                return None
            return None if cadence == NEVER else cadence
        return value

    def tables(self, data: dict) -> dict:
        changes = {}
        for table in TABLE_KEYS:
            if table not in data:
                continue
            values = data[table]
            if not isinstance(values, dict):
                self.bad(table, f"[{table}] must be a table, not {values!r}")
                continue
            for key in [k for k in values if k in ALL_KEYS]:  # a top-level key written after a [table] header
                self.problems.append(warning(
                    CONFIG_NAME, self.line_of(key, table), "config-misplaced-key",
                    f"'{key}' is a top-level setting, but it sits under [{table}] here, so it is not read: "
                    f"move it above the first [table] header"))
            reader = getattr(self, f"table_{table}")
            changes[table] = reader({k: v for k, v in values.items() if k not in ALL_KEYS})
        return changes

    def _names(self, table: str, key: str, value: object) -> tuple[str, ...] | None:
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
            return tuple(v.strip() for v in value)
        self.bad(key, f"[{table}] {key} must be a list of names", table)
        return None

    def table_folders(self, values: dict) -> dict:
        return self._name_lists("folders", values, DEFAULT_FOLDERS, add_to_defaults=False)

    def table_headings(self, values: dict) -> dict:
        return self._name_lists("headings", values, DEFAULT_HEADINGS, add_to_defaults=True)

    def _name_lists(self, table: str, values: dict, defaults: dict, add_to_defaults: bool) -> dict:
        """A table of name lists with known keys; configured headings add to the built-in ones."""
        result = dict(defaults)
        for key, value in values.items():
            if key not in defaults:
                hint = did_you_mean(key, defaults)
                self.problems.append(warning(CONFIG_NAME, self.line_of(key, table), "config-unknown-key",
                                             f"unknown key '{key}' in [{table}]{hint}"
                                             + ("" if hint else f" (known: {', '.join(sorted(defaults))})")))
                continue
            names = self._names(table, key, value)
            if names is not None:
                result[key] = tuple(dict.fromkeys(defaults[key] + names)) if add_to_defaults else names
        return result

    def table_tiers(self, values: dict) -> dict:
        tiers = {k: parse_cadence(v) for k, v in DEFAULT_TIERS.items()}
        for key, value in values.items():
            try:
                cadence = parse_cadence(value)
            except ValueProblem as exc:
                self.bad(key, f"[tiers] {key}: {exc}", "tiers")
                continue
            if cadence == NEVER:
                tiers.pop(str(key).upper(), None)
            else:
                tiers[str(key).upper()] = cadence
        return tiers
