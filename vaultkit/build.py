"""``check`` and ``build``: load the vault, render the pages, write them back safely."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from vaultkit.model import Vault
from vaultkit.problems import Problem, sort_problems
from vaultkit.vault import load_vault
from vaultkit.writer import WriteReport, hand_edited, write_pages


@dataclass
class BuildResult:
    vault: Vault
    pages: int
    report: WriteReport
    problems: list[Problem]  # the vault's and the writer's, sorted


def check(root: Path, today: dt.date, **load_options) -> tuple[Vault, list[Problem]]:
    """The vault and every problem in it, generated pages edited by hand included.

    ``load_options`` go to ``load_vault`` (``config``, ``cache``, ``touched``, ``stop``).
    """
    vault = load_vault(root, today, **load_options)
    cache = load_options.get("cache")
    edited = hand_edited(root, vault.config.output_folder, cache.written if cache is not None else None)
    return vault, sort_problems([*vault.problems, *edited])


def build(root: Path, today: dt.date, **load_options) -> BuildResult:
    """Write every page into the output folder; ``Problems.md`` lists the problems found before writing.

    Raises ``vault.Cancelled`` when ``stop()`` turns true while notes are read; once writing
    has begun, a stop leaves every page either old or new, never half-written.
    """
    from vaultkit.pages import render_pages

    cache = load_options.get("cache")
    vault, problems = check(root, today, **load_options)
    pages = render_pages(vault, problems, cache.pages if cache is not None else None)
    report = write_pages(root, vault.config.output_folder, pages, today, load_options.get("stop"),
                         cache.written if cache is not None else None)
    # The writer's notes on hand edits say where the user's version went: they replace the early ones.
    written = {(p.path, p.code) for p in report.problems}
    early = [p for p in problems if (p.path, p.code) not in written]
    return BuildResult(vault, len(pages), report, sort_problems([*early, *report.problems]))
