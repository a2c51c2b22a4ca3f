"""``vaultkit log CONTACT``: record an interaction as a new meeting note (never by editing one).

The note lands in the first interactions folder as ``YYYY-MM-DD <contact> <channel>.md`` (the
next free `` (2)`` when taken), linking the contact and goals by names the vault resolves, with
the gives and asks under the headings of the configured language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from vaultkit.authoring import AuthoringError
from vaultkit.authoring.files import create_new_note
from vaultkit.authoring.find import Names, find_note, link_target, load_names
from vaultkit.authoring.new_note import first_folder
from vaultkit.authoring.templates import words
from vaultkit.names import free_stem, safe_name
from vaultkit.newnote import note_folder, note_text, taken_stems


@dataclass(frozen=True)
class LogRequest:
    """What the user said happened with whom, and when."""

    contact: str
    date: dt.date
    gave: tuple[str, ...] = ()
    asked: tuple[str, ...] = ()
    channel: str | None = None
    goals: tuple[str, ...] = field(default_factory=tuple)
    note: str | None = None
    outcome: str | None = None  # replied | awaiting | no-reply (outreach)
    follow_up: dt.date | None = None


@dataclass(frozen=True)
class PlannedLog:
    folder: str
    stem: str  # before making it unique in its folder
    text: str


def log_interaction(root: Path, request: LogRequest, today: dt.date, say: Callable[[str], None] | None = None) -> str:
    """Create the interaction note -> its vault-relative path. Nothing is created on bad input.
    ``say`` is told which contact or goal a partial name was taken for."""
    planned = plan_log(load_names(root, today), request, say)
    folder = note_folder(root, planned.folder)
    stem = free_stem(planned.stem, taken_stems(folder))
    return create_new_note(root, folder / f"{stem}.md", planned.text)


def plan_log(names: Names, request: LogRequest, say: Callable[[str], None] | None = None) -> PlannedLog:
    """The note for ``request``: contact and goals resolved, gives and asks as lists."""
    config = names.vault.config
    contact = find_note(names.contacts, request.contact, "contact", say)
    goals = [find_note(names.goals, goal, "goal", say) for goal in request.goals]
    channel = _one_line(request.channel, "--channel") if request.channel is not None else None
    language = words(config.language)
    meta = {
        "type": "meeting",
        "date": request.date,
        "with": [f"[[{link_target(names.contacts, contact)}]]"],
        "channel": channel,
        "goals": [f"[[{link_target(names.goals, goal)}]]" for goal in dict.fromkeys(goals)],
        "outcome": request.outcome,
        "follow_up": request.follow_up,
    }
    sections = [request.note.strip()] if request.note and request.note.strip() else []
    for heading, items, option in ((language["gave"], request.gave, "--gave"),
                                   (language["asked"], request.asked, "--asked")):
        if items:
            sections.append("\n".join([f"## {heading}"] + [f"- {_one_line(item, option)}" for item in items]))
    name = names.vault.contacts[contact].name
    stem = safe_name(f"{request.date.isoformat()} {name} {channel or language['channel']}")
    return PlannedLog(first_folder(config, "meeting"), stem, note_text(meta, "\n\n".join(sections)))


def _one_line(text: str, option: str) -> str:
    line = " ".join(text.split())
    if not line:
        raise AuthoringError(f"{option} needs some text")
    return line
