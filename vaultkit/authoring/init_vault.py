"""``vaultkit init``: a commented config, the note folders, templates and a ``.gitignore`` line.

Safe in an existing vault (Obsidian's or any other): whatever is already there, under any
case, is kept and reported; only missing files are created, and ``.gitignore`` only ever
gets a line appended. A second run creates nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from vaultkit.authoring import AuthoringError
from vaultkit.authoring.config_file import config_text
from vaultkit.newnote import existing_entry
from vaultkit.authoring.templates import FOLDER_KEYS, KINDS, TEMPLATES_FOLDER, template_file, template_text
from vaultkit.config import CONFIG_NAME, LANGUAGES, Config, load_config
from vaultkit.newnote import NoteExists, create_note

GITIGNORE = ".gitignore"
IGNORE_LINE = ".vaultkit/"
IGNORE_FORMS = {".vaultkit", ".vaultkit/", "/.vaultkit", "/.vaultkit/", ".vaultkit/*", "/.vaultkit/*",
                "**/.vaultkit", "**/.vaultkit/"}


@dataclass(frozen=True)
class Planned:
    """One thing ``init`` sees to: a folder (``text`` None) or a file with its text."""

    rel: str
    text: str | None = None

    @property
    def shown(self) -> str:
        return self.rel + "/" if self.text is None else self.rel


@dataclass
class InitReport:
    """What ``init`` did, in order: ("created" | "kept" | "appended", vault-relative path).

    Folders end with ``/``; "appended" is the ``.vaultkit/`` line added to a ``.gitignore``.
    """

    actions: list[tuple[str, str]] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for done, _rel in self.actions if done == action)


def plan_init(config: Config, language: str) -> list[Planned]:
    """What a set-up vault holds, in the order it is created: config, folders, templates."""
    plan = [Planned(CONFIG_NAME, config_text(language))]
    plan += [Planned(config.folders[FOLDER_KEYS[kind]][0]) for kind in KINDS if config.folders[FOLDER_KEYS[kind]]]
    plan.append(Planned(TEMPLATES_FOLDER))
    plan += [Planned(f"{TEMPLATES_FOLDER}/{template_file(kind, language)}",
                     template_text(kind, language, config.output_folder)) for kind in KINDS]
    return list(dict.fromkeys(plan))


def init_vault(root: Path, language: str | None = None) -> InitReport:
    """Set up the vault at ``root`` (created if missing). ``language`` None: the config's, else en.

    An existing ``vaultkit.toml`` is kept and its folders, output folder and language are used.
    """
    if language is not None and language not in LANGUAGES:
        raise AuthoringError(f"language must be one of {', '.join(LANGUAGES)}, not '{language}'")
    if root.exists() and not root.is_dir():
        raise AuthoringError(f"{root} is a file, not a folder")
    root.mkdir(parents=True, exist_ok=True)
    config, _problems = load_config(root)  # a bad config is check's business; its defaults stand in
    language = language or config.language
    plan = plan_init(config, language)
    _refuse_conflicts(root, plan)
    report = InitReport()
    for item in plan:
        _create(root, item, report)
    _ignore_index(root, report)
    return report


def _found(root: Path, rel: str) -> Path | None:
    """The entry at ``rel`` under ``root``, matching each part ignoring case (as Obsidian does)."""
    path = root
    for part in rel.split("/"):
        path = existing_entry(path, part)
        if path is None:
            return None
    return path


def _refuse_conflicts(root: Path, plan: list[Planned]) -> None:
    """A file where a folder belongs (or the reverse) stops ``init`` before it creates anything."""
    for item in plan:
        found = _found(root, item.rel)
        if found is not None and found.is_dir() != (item.text is None):
            want = "a folder" if item.text is None else "a file"
            raise AuthoringError(f"{found.relative_to(root).as_posix()} is in the way: it should be {want}; "
                                 "nothing was created")
    if (root / GITIGNORE).is_dir():
        raise AuthoringError(f"{GITIGNORE} is in the way: it should be a file; nothing was created")


def _create(root: Path, item: Planned, report: InitReport) -> None:
    found = _found(root, item.rel)
    if found is not None:
        rel = found.relative_to(root).as_posix()
        report.actions.append(("kept", rel + "/" if item.text is None else rel))
        return
    if item.text is None:
        (root / item.rel).mkdir(parents=True)
    else:
        try:
            create_note(root / item.rel, item.text)
        except NoteExists:  # appeared meanwhile: it is the user's now
            report.actions.append(("kept", item.rel))
            return
    report.actions.append(("created", item.shown))


def _ignore_index(root: Path, report: InitReport) -> None:
    """``.vaultkit/`` in ``.gitignore``: create the file, or append the line when it is missing."""
    path = root / GITIGNORE
    if not path.exists():
        create_note(path, IGNORE_LINE + "\n")
        report.actions.append(("created", GITIGNORE))
        return
    data = path.read_bytes()
    lines = {line.strip() for line in data.decode("utf-8", "replace").splitlines()}
    if lines & IGNORE_FORMS:
        report.actions.append(("kept", GITIGNORE))
        return
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    with path.open("ab") as handle:
        handle.write((newline if data and not data.endswith(b"\n") else b"") + IGNORE_LINE.encode() + newline)
    report.actions.append(("appended", GITIGNORE))
