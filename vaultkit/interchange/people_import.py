"""Importing people: which are new to the vault, where their notes go, and creating those notes.

``plan_import`` is pure: it matches each person against the vault's contacts and the people
before them in the same file, and names the new notes. ``apply_plan`` only creates files
(``newnote.create_note``), so an existing note is never touched. Imported contacts get no
``cadence`` or ``tier``: they are not follow-ups until you say so.
"""

from __future__ import annotations

import datetime as dt

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from vaultkit.config import DEFAULT_FOLDERS, Config
from vaultkit.interchange.person import Person
from vaultkit.links import name_key
from vaultkit.model import Contact
from vaultkit.names import clash_key, free_stem
from vaultkit.newnote import NoteExists, create_note, note_folder, note_text, taken_stems
from vaultkit.problems import Problem

HOW = {"linkedin": "same LinkedIn URL", "email": "same email", "name": "same name"}


@dataclass(frozen=True)
class NewNote:
    person: Person
    path: str  # vault-relative, with ``/``
    text: str


@dataclass(frozen=True)
class Skipped:
    person: Person
    reason: str


@dataclass(frozen=True)
class ImportPlan:
    notes: tuple[NewNote, ...]
    skipped: tuple[Skipped, ...]
    problems: tuple[Problem, ...]  # rows or cards that could not be read


@dataclass(frozen=True)
class ImportResult:
    created: tuple[str, ...]
    taken_meanwhile: tuple[str, ...]  # a file appeared there after planning: left as it was


def plan_import(root: Path, config: Config, contacts: dict[str, Contact], people: list[Person], today: dt.date,
                problems: tuple[Problem, ...] | list[Problem] = ()) -> ImportPlan:
    """What importing ``people`` into the vault at ``root`` on ``today`` would do; nothing is written."""
    on_disk = note_folder(Path(root), contacts_folder(config))  # ``contacts/`` if it is spelled so
    folder = on_disk.relative_to(root).as_posix()
    known = _Known()
    for path, contact in sorted(contacts.items()):
        known.add_contact(path, contact)
    taken = taken_stems(on_disk)
    notes, skipped = [], []
    for person in people:
        match = known.find(person)
        if match:
            where, how = match
            skipped.append(Skipped(person, f"{where} ({HOW[how]})"))
            continue
        stem = free_stem(person.name, taken)
        taken.add(clash_key(stem))
        path = str(PurePosixPath(folder, stem + ".md"))
        notes.append(NewNote(person, path, note_text(contact_meta(person, today))))
        known.add_person(person, f"same person as line {person.line}")
    return ImportPlan(tuple(notes), tuple(skipped), tuple(problems))


def apply_plan(root: Path, plan: ImportPlan) -> ImportResult:
    """Create the planned notes; one whose name was taken since planning is left alone."""
    created, taken = [], []
    for note in plan.notes:
        try:
            create_note(Path(root) / note.path, note.text)
        except NoteExists:
            taken.append(note.path)
        else:
            created.append(note.path)
    return ImportResult(tuple(created), tuple(taken))


def report_lines(plan: ImportPlan, result: ImportResult | None = None) -> list[str]:
    """One line per problem, skipped person and note, in file order; without a ``result`` (a dry
    run) notes are what would be created."""
    created = set(result.created) if result else set()
    lines: list[tuple[int, int, str]] = [(p.line, 0, p.format()) for p in plan.problems]
    for skipped in plan.skipped:
        lines.append((skipped.person.line, 1, f"skipped {skipped.person.name} (line {skipped.person.line}): "
                                              f"{skipped.reason}"))
    for note in plan.notes:
        if result is None:
            text = f"would create {note.path}"
        elif note.path in created:
            text = f"created {note.path}"
        else:
            text = f"not created {note.path}: a file appeared there meanwhile; left as it is"
        lines.append((note.person.line, 1, text))
    return [text for _, _, text in sorted(lines, key=lambda item: (item[0], item[1]))]


def contact_meta(person: Person, today: dt.date) -> dict:
    """Front matter of an imported contact (contract section 3), in reading order. A LinkedIn
    connection date is ``connected:``, not ``met:`` (connecting is not meeting), and ``created:``
    is the import's day: a keep-in-touch cadence set later counts from it, not from 2019."""
    return {
        "type": "contact",
        "name": person.name,
        "company": person.company,
        "role": person.role,
        "linkedin": person.linkedin,
        "email": person.emails[0] if person.emails else None,
        "phone": person.phones[0] if person.phones else None,
        "connected": person.connected,
        "created": today,
        "source": person.source,
    }


def contacts_folder(config: Config) -> str:
    """Where new contact notes go: the first contacts folder of the config."""
    folders = config.folders.get("contacts") or DEFAULT_FOLDERS["contacts"]
    return folders[0].strip("/")


def linkedin_key(url: str) -> str:
    """A LinkedIn URL without what varies between copies of it: scheme, ``www.`` (or a country
    subdomain), query, trailing slash, percent-encoding and case."""
    text = unquote(url.strip()).casefold()
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text)
    text = re.split(r"[?#]", text, maxsplit=1)[0]
    host, _, rest = text.partition("/")
    if host.endswith(".linkedin.com"):
        host = "linkedin.com"
    return f"{host}/{rest.strip('/')}"


def email_key(email: str) -> str:
    return re.sub(r"^mailto:", "", email.strip(), flags=re.IGNORECASE).casefold()


class _Known:
    """People seen so far (the vault's contacts, then the file's new people), by LinkedIn URL,
    email and name key, each with where they were seen; the first to claim a key keeps it."""

    def __init__(self) -> None:
        self.by: dict[str, dict[str, str]] = {how: {} for how in HOW}

    def _add(self, how: str, key: str, where: str) -> None:
        if key:
            self.by[how].setdefault(key, where)

    def add_contact(self, path: str, contact: Contact) -> None:
        where = f"already in the vault as {path}"
        if contact.linkedin:
            self._add("linkedin", linkedin_key(contact.linkedin), where)
        for email in re.split(r"[,;\s]+", contact.email or ""):
            self._add("email", email_key(email), where)
        for name in (contact.name, PurePosixPath(path).stem, *contact.aliases):
            self._add("name", name_key(name), where)

    def add_person(self, person: Person, where: str) -> None:
        if person.linkedin:
            self._add("linkedin", linkedin_key(person.linkedin), where)
        for email in person.emails:
            self._add("email", email_key(email), where)
        self._add("name", name_key(person.name), where)

    def find(self, person: Person) -> tuple[str, str] | None:
        """(where, how) of the first match: LinkedIn URL, then email, then name."""
        keys = {
            "linkedin": [linkedin_key(person.linkedin)] if person.linkedin else [],
            "email": [email_key(e) for e in person.emails],
            "name": [name_key(person.name)],
        }
        for how, candidates in keys.items():
            for key in candidates:
                if key and key in self.by[how]:
                    return self.by[how][key], how
        return None
