"""Writing generated pages safely: only inside the output folder, only when changed, atomically.

What vaultkit wrote is in its manifest (``manifest``): a file it did not write is never changed
or deleted, a generated page edited by hand is copied aside before it is regenerated, and a page
that is no longer produced is deleted only if nobody edited it. Bytes reach the disk atomically
and never through a symbolic link (``ondisk``): a page is swapped with its temp file, and what
the swap took out of its path is kept if it was edited meanwhile (``handedits``); a first build
stages the whole folder (``staging``); a mark tells the next build what a killed one left
(``mark``, ``leftovers``). Every failure is a problem in the report, never an exception.
"""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Collection

from vaultkit import faults, mark, ondisk
from vaultkit.handedits import KeepsHandEdits
from vaultkit.manifest import (KEPT_COPY, MANIFEST_NAME, STATE_FOLDER, hand_edited, load_manifest, looks_generated,
                               manifest_bytes, manifest_folder, save_manifest)
from vaultkit.names import clash_key
from vaultkit.ondisk import (TEMP_MARK, ChangedMeanwhile, Refused, atomic_write, check_folders, folder_parts, page_parts,
                             read_regular, reason, remove_quietly, same_file, settle, sha256, stat_key,
                             temps_beside, try_write_page)
from vaultkit.problems import Problem, error, sort_problems, warning
from vaultkit.render import Page
from vaultkit.staging import Staging

MAX_TRIES = 3  # times a page edited while it is written is looked at again
WRITING_MARK = mark.WRITING_MARK  # in .vaultkit/ while pages are written (``mark``)

__all__ = ["MANIFEST_NAME", "STATE_FOLDER", "TEMP_MARK", "WriteReport", "atomic_write", "hand_edited", "load_manifest",
           "manifest_bytes", "stat_key", "write_pages"]

WRITERS = 8  # threads writing pages: creating and syncing files waits on the disk, not the CPU
BATCH = 64  # pages decided between two looks at ``stop``


@dataclass
class WriteReport:
    """What one run did; paths are relative to the output folder, lists are sorted."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    kept_aside: list[tuple[str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    stopped: bool = False  # asked to stop: the pages not reached keep their old files
    retired: list[str] = field(default_factory=list)  # pages of the previous output folder removed (vault paths)


def write_pages(root: Path, output_folder: str, pages: list[Page], today: dt.date,
                stop: Callable[[], bool] | None = None, known: dict | None = None,
                retire: Collection[str] | None = None) -> WriteReport:
    """Write ``pages`` into ``<root>/<output_folder>/``, keep the manifest, remove stale outputs.

    ``stop()`` is asked between pages: once it is true, no more pages are written, nothing
    is deleted, and the manifest still records every page written so far. ``known`` (kept by
    a long-running process) remembers each page's (mtime, size) and digest as last seen, so
    a page whose file did not change on disk and whose text did not change is not read again.
    ``retire`` makes the write partial (a delta build): of the pages written before and not
    among ``pages``, only those in ``retire`` are stale; the others stay as they are (unchanged).
    """
    report = WriteReport()
    out_parts = folder_parts(output_folder)
    if out_parts is None:
        message = f"the output folder must be a folder inside the vault, not '{output_folder}'"
        report.problems.append(error(output_folder or ".", 1, "unsafe-output-path", message))
        return report
    try:
        check_folders(Path(root), out_parts, create=False)
    except Refused as exc:
        report.problems.append(error("/".join(out_parts), 1, exc.code, exc.message))
        return report
    stop = stop or (lambda: False)
    _retire_previous_folder(Path(root), out_parts, today, report, stop)
    state = Path(root) / STATE_FOLDER
    left_over = mark.found(state)  # the last build was killed, or could not clean up
    if not left_over:
        mark.start(state)
    left_behind = len(ondisk.left_behind)
    _Run(Path(root), out_parts, pages, today, report, stop, known if known is not None else {}, retire).run(left_over)
    if len(ondisk.left_behind) == left_behind:
        mark.clear(state)  # else kept (also when interrupted): the next build sweeps what this one left
    return report


def _retire_previous_folder(root: Path, out_parts: tuple[str, ...], today: dt.date, report: WriteReport,
                            stop: Callable[[], bool]) -> None:
    """After ``output_folder`` changed: remove the pages vaultkit wrote into the previous one,
    as stale pages are removed (unedited only; an edited one is kept, reported, and forgotten)."""
    previous = manifest_folder(root)
    parts = folder_parts(previous) if previous is not None else None
    if parts is None or clash_key("/".join(parts)) == clash_key("/".join(out_parts)):
        return
    try:
        check_folders(root, parts, create=False)
    except Refused:
        return  # a symlink or a file there now: not ours to touch
    old = WriteReport()
    _Run(root, parts, [], today, old, stop, {}).run(False)
    report.retired = sorted(f"{'/'.join(parts)}/{path}" for path in old.deleted)
    report.problems += old.problems


class _Run(KeepsHandEdits):
    """One call of ``write_pages``: the pages in path order, then stale outputs, then the manifest."""

    def __init__(self, root: Path, out_parts: tuple[str, ...], pages: list[Page], today, report, stop, known,
                 retire: Collection[str] | None = None):
        self.stop = stop
        self.retire = retire
        self.known = known
        self.root = root
        self.out_parts = out_parts
        self.out_name = "/".join(out_parts)
        self.out = root.joinpath(*out_parts)
        self.pages = sorted(pages, key=lambda page: page.path)
        self.today = today
        self.report = report
        self.old = load_manifest(root, self.out_name)
        self.files: dict[str, str] = {}
        self.pending: list[tuple[str, Path, bytes, str, tuple | None, str | None]] = []
        self.checked: set[tuple[str, ...]] = set()  # folders found safe for the current batch
        self.claimed: dict[str, str] = {}  # clash key -> the page path that owns it this run
        self.reserved = {clash_key(p.path) for p in pages} | {clash_key(p) for p in self.old}
        self.staging: Staging | None = None  # a first build's folder (``staging``)
        self.tries: dict[str, int] = {}  # pages found edited while they were written, and how often
        self.meanwhile: dict[str, set[str]] = {}  # page -> texts a build stopped while writing listed (``mark``)

    def run(self, left_over: bool) -> None:
        if left_over:
            self.meanwhile = mark.texts(self.root / STATE_FOLDER)
            self.recover()
        self.staging = Staging.start(self.root, self.out_parts) if self.pages else None
        problems_before = len(self.report.problems)
        try:
            self.write_all()
            if self.staging is not None and any(p.code == "write-failed" for p in self.report.problems[problems_before:]):
                self.abandon_staging()  # a first build is all pages or none (a full disk, say)
            if self.staging is not None and not self.finish_staging():
                del self.report.problems[problems_before:]  # the pages are decided again, one by one
                self.claimed.clear()
                self.write_all()
        except BaseException:  # Ctrl-C: the manifest must know the pages already written
            if self.staging is not None:
                self.staging.drop()
                self.staging = None
            self.remember_interrupted()
            raise
        if self.report.stopped:
            for path in set(self.old) - set(self.files):
                self.files[path] = self.old[path]
        else:
            for path in sorted(set(self.old) - {page.path for page in self.pages}):
                if self.retire is None or path in self.retire:
                    self.stale(path)
                else:  # a partial write: produced as before
                    self.files[path] = self.old[path]
                    self.report.unchanged.append(path)
        for path in ({page.path for page in self.pages} & set(self.old)) - set(self.files):
            self.files[path] = self.old[path]  # not written this time: keep remembering it
        self.report.problems += save_manifest(self.root, self.out_name, self.files)
        report = self.report
        for name in ("written", "unchanged", "deleted", "kept_aside"):
            setattr(report, name, sorted(getattr(report, name)))
        report.problems = sort_problems(report.problems)

    def write_all(self) -> None:
        with ThreadPoolExecutor(WRITERS) as pool:  # leaving it waits for the writes under way
            for start in range(0, len(self.pages), BATCH):
                if self.stop():
                    self.report.stopped = True
                    break
                for page in self.pages[start:start + BATCH]:
                    self.page(page)
                self.flush(pool)

    def abandon_staging(self) -> None:
        """A first build that could not write every page writes none: the staged ones go."""
        self.staging.drop()
        self.staging = None
        message = ("a page could not be written (see the lines for it), so this first build wrote none: "
                   "the next build writes them all")
        self.report.problems.append(error(self.out_name, 1, "write-failed", message))

    def finish_staging(self) -> bool:
        """The staged pages in place and recorded; False when that failed."""
        staging, self.staging = self.staging, None
        staged = staging.finish(self.report.stopped)
        if staged is None:
            return False
        for path, digest, key in staged:
            self.files[path] = digest
            self.known[path] = (key, digest)
            self.report.written.append(path)
        return True

    # -- pages ------------------------------------------------------------------------------

    def page(self, page: Page) -> None:
        """Write one page, turning every refusal or OS error into a problem at the page."""
        def claim_and_write(parts: tuple[str, ...]) -> None:
            self.claim(page.path)
            self.write(page.path, parts, page.text.encode("utf-8"))

        self.attempt(page.path, claim_and_write)

    def attempt(self, path: str, write: Callable[[tuple[str, ...]], object]) -> None:
        """``write(parts)`` for the page at ``path``; every refusal or OS error is a problem at it."""
        shown = f"{self.out_name}/{path}"
        try:
            parts = page_parts(path)
            if parts is None:
                message = f"'{path}' is not a safe path inside the output folder"
                raise Refused("unsafe-output-path", message)
            write(parts)
        except Refused as exc:
            self.report.problems.append(error(shown, 1, exc.code, exc.message))
        except UnicodeEncodeError:
            message = "the page text is not valid Unicode"
            self.report.problems.append(error(shown, 1, "write-failed", message))
        except OSError as exc:
            self.report.problems.append(error(shown, 1, "write-failed", f"could not write: {reason(exc)}"))

    def claim(self, path: str) -> None:
        """Refuse a second page at the same path, or at one differing only in case."""
        first = self.claimed.get(clash_key(path))
        if first is None:
            self.claimed[clash_key(path)] = path
            return
        if first == path:
            raise Refused("output-conflict", "two pages have this same path; only the first was written")
        message = f"clashes with '{first}': names differing only in case are one file on Windows and macOS"
        raise Refused("output-conflict", message)

    def write(self, path: str, parts: tuple[str, ...], data: bytes) -> None:
        """The rules for one target: unchanged, adopted, kept aside then written, or refused."""
        if self.staging is not None:
            self.staging.write(path, parts, data)
            return
        digest = sha256(data)
        if self.old.get(path) == digest and self.known.get(path) == (stat_key(os.path.join(self.out, path)), digest):
            self.files[path] = digest  # as written last time, and untouched on disk since
            self.report.unchanged.append(path)
            return
        target = self.out.joinpath(*parts)
        self.check_folders(parts[:-1])
        seen = stat_key(target)  # before reading: an edit from here on shows when the page is written
        current = read_regular(target)
        if current == data:
            self.files[path] = digest
            self.known[path] = (stat_key(target), digest)
            self.report.unchanged.append(path)
            return
        if current is not None:
            known = self.known_hash(path, target)
            if known is None and (not looks_generated(current) or KEPT_COPY.fullmatch(parts[-1])):
                raise Refused("output-conflict", "exists and was not written by vaultkit; rename it")
            digest_now = sha256(current)
            ours = known == digest_now or digest_now in self.meanwhile.get(path, ())
            kept = self.files.get(path) == digest_now  # already copied aside (looked at again)
            if not ours and current and not kept:  # an empty page (a lost first write) holds nothing to keep
                self.keep_aside(path, parts, current)
        was = sha256(current) if current is not None else None  # what the page's path held when checked
        self.pending.append((path, target, data, digest, seen, was))  # written by ``flush``, several at once

    def check_folders(self, folders: tuple[str, ...]) -> None:
        """``check_folders`` for a page's folders, once per batch of pages (not once per page)."""
        if folders not in self.checked:
            check_folders(self.root, self.out_parts + folders, create=True)
            self.checked.add(folders)

    def flush(self, pool: ThreadPoolExecutor) -> None:
        """Write the pending pages on a few threads (the time goes to creating and syncing files),
        then record each outcome in page order."""
        pending = self.pending
        self.checked.clear()  # the next batch looks at its folders again
        mark.note(self.root / STATE_FOLDER, [(path, digest) for path, _target, _data, digest, *_rest in pending])
        outcomes = pool.map(try_write_page, [job[1:3] + job[4:] for job in pending])
        again, swapped = [], []
        for (path, target, data, digest, _seen, was), outcome in zip(pending, outcomes):
            if isinstance(outcome, ChangedMeanwhile):
                again.append((path, data))
                continue
            if isinstance(outcome, OSError):
                shown = f"{self.out_name}/{path}"
                self.report.problems.append(error(shown, 1, "write-failed", f"could not write: {reason(outcome)}"))
                continue
            key, swapped_out = outcome
            self.report.written.append(path)
            self.files[path] = digest
            self.known[path] = (key, digest)
            if swapped_out is not None:
                swapped.append((path, swapped_out, was))
        self.pending = []
        for path, swapped_out, was in swapped:  # looked at once the batch is written: an editor writing into
            displaced = settle(swapped_out, was)  # the file it opened before the swap has had that long
            if displaced is not None and not self.keep_displaced(path, displaced):
                self.known.pop(path, None)  # not recorded as written: the next build looks at it again
                if path in self.old:
                    self.files[path] = self.old[path]
                else:
                    del self.files[path]
        for path, data in again:  # edited while it was being written: checked again (a hand edit is kept aside)
            self.tries[path] = self.tries.get(path, 0) + 1
            if self.tries[path] > MAX_TRIES:
                message = "it kept changing while vaultkit wrote it; left as it is, written again next time"
                self.report.problems.append(error(f"{self.out_name}/{path}", 1, "write-failed", message))
                continue
            self.attempt(path, lambda parts, path=path, data=data: self.write(path, parts, data))
        if self.pending:
            self.flush(pool)

    def remember_interrupted(self) -> None:
        """Save the manifest after an interruption: the pages of the batch in flight that reached
        the disk (else the next run would take them for hand edits), the old entries for the rest;
        the files swapped out of their pages are looked at as after a batch (``flush``)."""
        for path, target, data, digest, _seen, was in self.pending:
            try:
                if read_regular(target) == data:
                    self.files[path] = digest
            except (OSError, Refused):
                pass
            for temp in temps_beside(target):
                try:
                    never_placed = temp.read_bytes() == data
                except OSError:
                    continue
                if never_placed or (was is not None and settle(temp, was) is None):
                    remove_quietly(temp)
                else:
                    self.keep_displaced(path, temp)
        for path in set(self.old) - set(self.files):
            self.files[path] = self.old[path]
        self.report.problems += save_manifest(self.root, self.out_name, self.files)

    def known_hash(self, path: str, target: Path) -> str | None:
        """The manifest's hash for ``path``, also when it was recorded under another case; else
        the hash ``known`` (the index's record of the pages) holds: a manifest emptied, corrupt
        or never saved (a full disk) must not make vaultkit's own pages look edited by hand."""
        if path in self.old:
            return self.old[path]
        for other in sorted(self.old):
            if clash_key(other) == clash_key(path) and same_file(self.out / other, target):
                return self.old[other]
        remembered = self.known.get(path)
        return remembered[1] if remembered is not None else None

    # -- stale outputs ----------------------------------------------------------------------

    def stale(self, path: str) -> None:
        """An output no longer produced: gone -> forget; unedited -> delete; edited -> keep it."""
        parts = page_parts(path)
        target = self.out.joinpath(*parts)
        shown = f"{self.out_name}/{path}"
        try:
            if self.is_page_file(path, target):
                return
            check_folders(self.root, self.out_parts + parts[:-1], create=False)
            current = read_regular(target)
        except Refused:
            return  # not a plain file of ours any more: forget it, touch nothing
        except OSError as exc:
            self.files[path] = self.old[path]
            self.report.problems.append(error(shown, 1, "write-failed", f"could not read: {reason(exc)}"))
            return
        if current is None:
            return
        if sha256(current) != self.old[path]:
            message = "this page is no longer generated, but it was edited by hand, so it was kept as yours"
            self.report.problems.append(warning(shown, 1, "generated-edited", message))
            return
        try:
            faults.step("unlink", target)
            os.unlink(target)
        except OSError as exc:
            self.files[path] = self.old[path]
            self.report.problems.append(error(shown, 1, "write-failed", f"could not delete: {reason(exc)}"))
            return
        self.known.pop(path, None)
        self.report.deleted.append(path)
        self.prune(parts[:-1])

    def is_page_file(self, path: str, target: Path) -> bool:
        """True when a page of this run lives in the same file under another case."""
        page = self.claimed.get(clash_key(path))
        return page is not None and same_file(self.out / page, target)

    def prune(self, folder_parts: tuple[str, ...]) -> None:
        """Remove the folders, inside the output folder only, that a deletion left empty."""
        for depth in range(len(folder_parts), 0, -1):
            try:
                faults.step("rmdir", self.out.joinpath(*folder_parts[:depth]))
                os.rmdir(self.out.joinpath(*folder_parts[:depth]))
            except OSError:
                return
