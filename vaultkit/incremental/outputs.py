"""Bringing the output folder in line with the pages the engine keeps (``engine_pages``).

Only pages whose text changed, whose file is not as vaultkit last wrote it (edited, deleted,
touched: the engine looked, ``Outcome.unsure_pages``), or that the manifest does not know as
they are now are written; pages no longer made are retired. After an index rebuild every page is handed to the writer, which leaves
unchanged files alone. What the writer saw of each file goes into the ``pages`` table.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Callable

from vaultkit.incremental import store
from vaultkit.incremental.engine import Outcome
from vaultkit.incremental.tables import page_texts
from vaultkit.render import Page
from vaultkit.writer import WriteReport, load_manifest, write_pages


def sync_pages(connection: sqlite3.Connection, root: Path, outcome: Outcome, today: dt.date,
               stop: Callable[[], bool] | None = None) -> WriteReport:
    """Write what the output folder lacks of ``outcome``'s pages; remember what was written
    (``store.known_pages``) in the index open on ``connection``."""
    folder = outcome.config.output_folder
    known = store.known_pages(connection)
    manifest = load_manifest(root, folder)
    wanted = outcome.page_hashes
    if outcome.rebuilt or not manifest:
        paths, retire = set(wanted), None
    else:
        paths = set(outcome.changed_pages) | {p for p, sha in wanted.items() if manifest.get(p) != sha}
        paths |= outcome.unsure_pages & wanted.keys()
        retire = set(manifest) - set(wanted)
    texts = {p: outcome.changed_pages[p] for p in paths if p in outcome.changed_pages}
    texts.update(page_texts(connection, sorted(paths - texts.keys())))
    pages = [Page(path, texts[path]) for path in sorted(texts)]
    before = dict(known)
    report = write_pages(root, folder, pages, today, stop, known, retire)
    if known != before:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("DELETE FROM pages")
        connection.executemany("INSERT INTO pages VALUES (?, ?, ?, ?, ?)", [
            (page, *(key or (None, None, None)), sha) for page, (key, sha) in sorted(known.items())])
        connection.execute("COMMIT")
    return report
