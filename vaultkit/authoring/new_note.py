"""``vaultkit new contact|meeting|goal NAME``: a note from the vault's template, else the built-in one."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from vaultkit.authoring import AuthoringError
from vaultkit.authoring.files import create_new_note, refuse_existing, relative
from vaultkit.newnote import existing_entry, note_folder
from vaultkit.authoring.find import find_note, link_target, load_names
from vaultkit.authoring.templates import FOLDER_KEYS, TEMPLATES_FOLDER, fill, template_files, template_text
from vaultkit.config import Config, load_config
from vaultkit.names import safe_name


@dataclass(frozen=True)
class Template:
    text: str
    source: str | None  # the vault's template file (vault-relative), None for the built-in one


def new_note(root: Path, kind: str, name: str, now: dt.datetime, participants: tuple[str, ...] = (),
             say: Callable[[str], None] | None = None) -> tuple[str, str | None]:
    """Create the ``kind`` note called ``name`` -> (its vault-relative path, the template file used
    or None for the built-in one). ``now`` fills ``{{date}}`` and ``{{time}}``; a meeting's
    ``participants`` (contact names, found as ``log`` finds them; ``say`` is told which contact a
    partial name was taken for) fill its ``with:``.

    A contact or goal whose name is already taken (by a file name, name, title or alias) is
    refused, as is any existing file or an unknown participant; nothing is changed then.
    """
    name = " ".join(name.split())
    if not name:
        raise AuthoringError(f"the {kind} needs a name")
    config, _problems = load_config(root)
    folder = first_folder(config, kind)
    stem = safe_name(f"{now.date().isoformat()} {name}" if kind == "meeting" else name)
    path = note_folder(root, folder) / f"{stem}.md"
    refuse_existing(root, path)
    if participants and kind != "meeting":
        raise AuthoringError("--with is for meetings only")
    links = participant_links(root, now.date(), participants, say) if participants else []
    if kind in ("contact", "goal"):
        names = load_names(root, now.date())
        found = (names.contacts if kind == "contact" else names.goals).candidates(name)
        if found:
            raise AuthoringError(f"'{name}' already names {found[0].note}; nothing was changed")
    template = vault_template(root, kind, config.language) or Template(
        template_text(kind, config.language, config.output_folder), None)
    text = fill(template.text, stem, now)
    if links:
        text = with_participants(text, links)
    created = create_new_note(root, path, text)
    return created, template.source


def participant_links(root: Path, today: dt.date, participants: tuple[str, ...],
                      say: Callable[[str], None] | None = None) -> list[str]:
    """``[[...]]`` links to the contacts named (unknown or ambiguous: AuthoringError)."""
    names = load_names(root, today)
    found = [find_note(names.contacts, person, "contact", say) for person in participants]
    return [f"[[{link_target(names.contacts, path)}]]" for path in dict.fromkeys(found)]


WITH_LINE_RE = re.compile(r"^with:[ \t]*(?:\[[ \t]*\])?[ \t]*$", re.MULTILINE)


def with_participants(text: str, links: list[str]) -> str:
    """``text`` with its empty ``with:`` front matter line listing ``links`` (or one added
    before the closing fence when the template has none)."""
    line = "with: [" + ", ".join(f'"{link}"' for link in links) + "]"
    if not text.startswith("---\n"):
        return f"---\n{line}\n---\n{text}"
    end = text.find("\n---", 3)
    end = len(text) if end == -1 else end + 1
    front, rest = text[:end], text[end:]
    if WITH_LINE_RE.search(front):
        return WITH_LINE_RE.sub(lambda _match: line, front, count=1) + rest
    return front + line + "\n" + rest


def first_folder(config: Config, kind: str) -> str:
    folders = config.folders.get(FOLDER_KEYS[kind], ())
    if not folders:
        raise AuthoringError(f"vaultkit.toml lists no {FOLDER_KEYS[kind]} folder under [folders]")
    return folders[0]


def vault_template(root: Path, kind: str, language: str) -> Template | None:
    """The vault's own ``Templates/Contact.md`` (any case; ``Contacto.md`` too), if there is one."""
    folder = existing_entry(root, TEMPLATES_FOLDER)
    if folder is None or not folder.is_dir():
        return None
    for file_name in template_files(kind, language):
        path = existing_entry(folder, file_name)
        if path is not None and path.is_file():
            try:
                text = path.read_bytes().decode("utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                raise AuthoringError(f"cannot read the template {relative(root, path)}: {exc}") from None
            return Template(text.replace("\r\n", "\n"), relative(root, path))
    return None
