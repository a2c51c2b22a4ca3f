"""The commented ``vaultkit.toml`` that ``init`` writes: every key of ``vaultkit.config`` at its default.

The values come from the config schema itself (``Config()`` and its default tables), so the
file and the defaults cannot drift apart; a test parses the text back to the default ``Config``.
"""

from __future__ import annotations

import dataclasses
import json

from vaultkit.config import ALL_KEYS, DEFAULT_FOLDERS, DEFAULT_HEADINGS, DEFAULT_TIERS, TABLE_KEYS, Config

COMMENTS = {
    "output_folder": "where vaultkit writes its pages, a folder inside the vault",
    "language": "language of the pages and of new notes: en | es",
    "ignore": 'notes to skip, globs like .gitignore lines: ["Archive/**", "**/private/*"]',
    "default_cadence": 'keep in touch this often when a contact has no cadence or tier ("" = no reminder)',
    "max_active_goals": "more active goals than this is reported: keep a few",
    "warm_days": "follow up people you met in the last N days while it is warm",
    "reply_nudge_days": "nudge outreach still awaiting a reply after N days",
    "upcoming_days": "prepare for meetings in the next N days",
    "focus_size": "how many actions the Focus list at the top of Follow-ups.md and the dashboard shows",
    "daily_mentions": 'daily-note items linking a contact that count as contact: "tagged" (#met...) | "any"',
    "max_note_mb": "larger notes are skipped and reported",
    "build_on": 'the one machine (its host name) that writes the pages when the vault is synced ("" = any)',
    "notify": 'watch sends a daily desktop notification of the follow-ups due: "off" | "desktop"',
    "notify_at": "at the first build after this time of day (HH:MM)",
    "folders": "top folders of each kind of note; a list replaces the defaults, new notes go in the first",
    "folders.contacts": "contact notes",
    "folders.interactions": "meetings, calls, messages, events (vaultkit log writes here)",
    "folders.goals": "goal notes",
    "tiers": "how often to keep in touch with a contact by its tier: (tier: A); never removes a tier",
    "headings": "more headings for gives, asks and goal logs, added to the built-in ones listed",
}
TABLE_DEFAULTS = {"folders": DEFAULT_FOLDERS, "tiers": DEFAULT_TIERS}


def config_text(language: str = "en") -> str:
    """The text of a ``vaultkit.toml`` giving every setting its default (and ``language``)."""
    defaults = dataclasses.replace(Config(), language=language)
    order = [f.name for f in dataclasses.fields(Config) if f.name in ALL_KEYS]
    lines = ["# vaultkit settings. Every key is optional; these are the defaults.",
             "# The full reference: the README's Configuration section.", ""]
    for key in order:
        if key not in TABLE_KEYS:
            lines.append(_line(key, toml_value(getattr(defaults, key)), COMMENTS[key]))
    for table in (key for key in order if key in TABLE_KEYS):
        lines += ["", f"# {COMMENTS[table]}", f"[{table}]"]
        if table == "headings":
            for key, names in DEFAULT_HEADINGS.items():
                lines.append(_line(key, "[]", "built in: " + ", ".join(names)))
        else:
            for key, value in TABLE_DEFAULTS[table].items():
                lines.append(_line(key, toml_value(value), COMMENTS.get(f"{table}.{key}")))
    return "\n".join(lines) + "\n"


def _line(key: str, value: str, comment: str | None) -> str:
    assignment = f"{key} = {value}"
    return f"{assignment:<28}  # {comment}" if comment else assignment


def toml_value(value: object) -> str:
    """A TOML literal for a default: text, a whole or decimal number, or a list; None is ``""``."""
    if value is None:
        return '""'
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    raise TypeError(f"no TOML form for {value!r}")
