"""``check`` and ``build``: load the vault, render the pages, write them back safely."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from vaultkit.cache import Cache
from vaultkit.problems import Problem, sort_problems
from vaultkit.writer import WriteReport, hand_edited, outputs_as_written, write_pages

if TYPE_CHECKING:  # loading a vault pulls in the parsers: a build that finds nothing changed never does
    from vaultkit.model import Vault
    from vaultkit.pages.pieces import Pieces


@dataclass
class BuildResult:
    vault: Vault | None  # None when the index showed that nothing changed since the last build
    pages: int
    report: WriteReport
    problems: list[Problem]  # the vault's and the writer's, sorted
    note_count: int = 0
    notice: str | None = None  # about the index (rebuilt, not writable...)
    delta: bool = False  # built from the notes that changed alone (``vaultkit.delta``)
    pieces: Pieces | None = None  # what each contact and goal put on the shared pages (``pages.Rendered``)


def check(root: Path, today: dt.date, look_for_edits: bool = True, **load_options) -> tuple[Vault, list[Problem]]:
    """The vault and every problem in it, generated pages edited by hand included.

    ``load_options`` go to ``load_vault`` (``config``, ``cache``, ``touched``, ``stop``).
    ``look_for_edits=False`` skips reading the pages for hand edits (``watch``, when no file
    event came from the output folder; the writer still notices an edit before overwriting).
    """
    from vaultkit.vault import load_vault

    vault = load_vault(root, today, **load_options)
    cache = load_options.get("cache")
    edited = (hand_edited(root, vault.config.output_folder, cache.written if cache is not None else None)
              if look_for_edits else [])
    return vault, sort_problems([*vault.problems, *edited])


def build(root: Path, today: dt.date, look_for_edits: bool = True,
          on_loaded: Callable[[Vault], None] | None = None, **load_options) -> BuildResult:
    """Write every page into the output folder; ``Problems.md`` lists the problems found before writing.

    Raises ``cancel.Cancelled`` when ``stop()`` turns true while notes are read; once writing
    has begun, a stop leaves every page either old or new, never half-written.
    """
    from vaultkit.pages import render_all

    cache = load_options.get("cache")
    vault, problems = check(root, today, look_for_edits, **load_options)
    if on_loaded is not None:
        on_loaded(vault)  # e.g. start saving the index beside rendering and writing
    rendered = render_all(vault, problems, cache.pages if cache is not None else None)
    pages = rendered.pages
    report = write_pages(root, vault.config.output_folder, pages, today, load_options.get("stop"),
                         cache.written if cache is not None else None)
    return BuildResult(vault, len(pages), report, with_writers(problems, report), vault.note_count,
                       pieces=rendered.pieces)


def with_writers(problems: list[Problem], report: WriteReport) -> list[Problem]:
    """A build's problems and the writer's, sorted. The writer's notes on hand edits say where
    the user's version went: they replace the early ones."""
    written = {(p.path, p.code) for p in report.problems}
    return sort_problems([*(p for p in problems if (p.path, p.code) not in written), *report.problems])


def fingerprint(found: list, today: dt.date, config_key: str,
                stats: dict[str, tuple[int, int]] | None = None) -> str:
    """What a build's output depends on: every note's (path, mtime, size), the settings, the day.
    Each note's (mtime_ns, size) goes into ``stats`` when given."""
    parts = [f"{today.isoformat()}\0{config_key}\0"]
    for listed in found:
        try:
            stat = os.stat(listed.location)
        except OSError:
            continue
        if stats is not None:
            stats[listed.path] = (stat.st_mtime_ns, stat.st_size)
        parts.append(f"{listed.path}\0{stat.st_mtime_ns}\0{stat.st_size}\n")
    return hashlib.sha256("".join(parts).encode()).hexdigest()


def inputs_key(config, config_problems: list[Problem], walk_problems: list[Problem]) -> str:
    """The settings and what reading them and walking the vault had to say: a build's inputs
    besides the notes themselves."""
    return "\n".join([repr(config), *(p.format() for p in config_problems), "", *(p.format() for p in walk_problems)])


def persisted(root: Path, today: dt.date, write: bool, progress=None,
              stop=None) -> BuildResult | tuple[Vault, list[Problem], str | None]:
    """``build`` (``write=True``) or ``check`` with ``.vaultkit/index.sqlite``: unchanged notes are
    neither read nor parsed, and a build with nothing changed since the last one writes nothing.

    The garbage collector is paused meanwhile: a one-off build makes hundreds of thousands of
    records and almost no cycles, and the collector would rescan them all, again and again.
    A build holds the vault's lock throughout (``lock.Busy`` if another build keeps it); ``stop``
    is as for ``build``.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        if not write:
            return _persisted(Path(root), today, False, progress, stop)
        from vaultkit.lock import locked

        with locked(root) as lock_notice:
            result = _persisted(Path(root), today, True, progress, stop)
        result.notice = result.notice or lock_notice
        return result
    finally:
        if collecting:
            gc.enable()


def _persisted(root: Path, today: dt.date, write: bool, progress=None, stop=None):
    from vaultkit import index
    from vaultkit.config import load_config
    from vaultkit.walk import find_notes

    config, config_problems = load_config(root)
    cache = Cache()
    notice = index.load_state(root, cache, repr(config))
    found, walk_problems = find_notes(root, config)
    # Two broken configurations can give the same settings, and a walk skips files without
    # listing them (conflict copies): what they had to say is part of the inputs.
    cache.inputs = inputs_key(config, config_problems, walk_problems)
    stats: dict[str, tuple[int, int]] = {}
    stamp = fingerprint(found, today, cache.inputs, stats)
    intact = write and cache.saved_meta is not None and outputs_as_written(root, config.output_folder, cache.written)[1]
    if intact and cache.saved_fingerprint == stamp:
        unchanged = sorted(cache.written)
        return BuildResult(None, len(unchanged), WriteReport(unchanged=unchanged), index.saved_problems(root),
                           int(cache.saved_meta.get("notes", 0)), notice)
    if intact:
        from vaultkit.delta import build_delta

        cache.config_key = repr(config)
        result = build_delta(root, today, config, cache.inputs, cache, found, stats, stamp, stop)
        if result is not None:
            result.notice = result.notice or notice
            return result
    from vaultkit.notes import remember_listing  # with the parsers: only once something changed

    notice = index.load_notes(root, cache, repr(config)) or notice
    cache.use_config(config)  # before the listing: a new configuration would forget it
    cache.pages = None  # a one-off build renders every page once: no memo keys to make
    remember_listing(cache, found, walk_problems)
    options = dict(cache=cache, config=config, extra_problems=tuple(config_problems), relist=False, trust=False,
                   progress=progress, stop=stop, split=True)
    if write:
        saving = index.PendingSave(root, cache, release=True)
        result = build(root, today, on_loaded=saving.start, **options)
        if result.report.problems or result.report.stopped:
            stamp = ""  # a page was not written as generated: the next build must try again
        result.notice = saving.finish(result.problems, stamp, result.pieces) or notice
        result.pieces = None
        return result
    vault, problems = check(root, today, **options)
    return vault, problems, index.save(root, cache, vault, problems, "") or notice
