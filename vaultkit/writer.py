"""Writing generated pages safely: only inside the output folder, only when changed, atomically.

vaultkit remembers what it wrote in ``.vaultkit/manifest.json`` (output-relative path -> sha256 of
the bytes written). That memory tells its files from the user's: a file it did not write is never
changed or deleted, a generated page edited by hand is copied aside before it is regenerated, and
a page that is no longer produced is deleted only if nobody edited it. Nothing is ever written
through a symbolic link. Every failure is a problem in the report, never an exception.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import secrets
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Callable, Collection

from vaultkit.names import clash_key
from vaultkit.problems import Problem, error, sort_problems, warning
from vaultkit.render import GENERATED, Page

MANIFEST_VERSION = 1
STATE_FOLDER = ".vaultkit"
MANIFEST_NAME = "manifest.json"
TEMP_MARK = ".vaultkit-tmp-"
WRITERS = 8  # threads writing pages: creating and syncing files waits on the disk, not the CPU
BATCH = 64  # pages decided between two looks at ``stop``

_SHA256 = re.compile(r"[0-9a-f]{64}")
_GENERATED = re.compile(rf"""vaultkit:\s*(["']?){GENERATED}\1\s*(#.*)?""")
_KEPT_COPY = re.compile(r".* \(edited \d{4}-\d{2}-\d{2}( \d+)?\)(\.[^.]*)?")
_O_BINARY = getattr(os, "O_BINARY", 0)


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


class _Refused(Exception):
    """A write vaultkit must not do: the problem code and message to report instead."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


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
    out_parts = _folder_parts(output_folder)
    if out_parts is None:
        message = f"the output folder must be a folder inside the vault, not '{output_folder}'"
        report.problems.append(error(output_folder or ".", 1, "unsafe-output-path", message))
        return report
    try:
        _check_folders(Path(root), out_parts, create=False)
    except _Refused as exc:
        report.problems.append(error("/".join(out_parts), 1, exc.code, exc.message))
        return report
    stop = stop or (lambda: False)
    _retire_previous_folder(Path(root), out_parts, today, report, stop)
    _Run(Path(root), out_parts, pages, today, report, stop, known if known is not None else {}, retire).run()
    return report


def _retire_previous_folder(root: Path, out_parts: tuple[str, ...], today: dt.date, report: WriteReport,
                            stop: Callable[[], bool]) -> None:
    """After ``output_folder`` changed: remove the pages vaultkit wrote into the previous one,
    as stale pages are removed (unedited only; an edited one is kept, reported, and forgotten)."""
    previous = _manifest_folder(root)
    parts = _folder_parts(previous) if previous is not None else None
    if parts is None or clash_key("/".join(parts)) == clash_key("/".join(out_parts)):
        return
    try:
        _check_folders(root, parts, create=False)
    except _Refused:
        return  # a symlink or a file there now: not ours to touch
    old = WriteReport()
    _Run(root, parts, [], today, old, stop, {}).run()
    report.retired = sorted(f"{'/'.join(parts)}/{path}" for path in old.deleted)
    report.problems += old.problems


def _manifest_folder(root: Path) -> str | None:
    """The output folder the manifest was written for, if there is a readable manifest."""
    data = _read_manifest(root)
    folder = data.get("output_folder") if data is not None else None
    return folder if isinstance(folder, str) else None


def _read_manifest(root: Path) -> dict | None:
    """The manifest's JSON object, when it is there, readable and of this version."""
    try:
        data = json.loads((root / STATE_FOLDER / MANIFEST_NAME).read_bytes().decode("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("version") == MANIFEST_VERSION else None


def load_manifest(root: Path, output_folder: str) -> dict[str, str]:
    """The files vaultkit wrote into ``output_folder``; missing, unreadable or malformed -> ``{}``.
    Read once per version of the file (by inode, mtime and size: vaultkit replaces it whole)."""
    try:
        info = os.stat(Path(root) / STATE_FOLDER / MANIFEST_NAME)
        version = (os.path.abspath(root), output_folder, info.st_ino, info.st_mtime_ns, info.st_size)
    except OSError:
        version = None
    if version is not None and _LAST_MANIFEST and _LAST_MANIFEST[0] == version:
        return dict(_LAST_MANIFEST[1])
    files = _parse_manifest(Path(root), output_folder)
    _LAST_MANIFEST[:] = [version, dict(files)] if version is not None else []
    return files


_LAST_MANIFEST: list = []  # [version, files] of the last manifest read


def _parse_manifest(root: Path, output_folder: str) -> dict[str, str]:
    data = _read_manifest(root)
    if data is None:
        return {}
    folder, files = data.get("output_folder"), data.get("files")
    if not isinstance(folder, str) or clash_key(folder) != clash_key(output_folder):
        return {}
    if not isinstance(files, dict):
        return {}
    return {
        path: digest
        for path, digest in files.items()
        if isinstance(digest, str) and _SHA256.fullmatch(digest) and _page_parts(path) is not None
    }


def manifest_bytes(output_folder: str, files: dict[str, str]) -> bytes:
    """The manifest's stable serialisation: keys sorted, UTF-8, ending in a newline."""
    data = {"version": MANIFEST_VERSION, "output_folder": output_folder, "files": files}
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


class _Run:
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
        self.pending: list[tuple[str, Path, bytes, str]] = []
        self.checked: set[tuple[str, ...]] = set()  # folders found safe for the current batch
        self.claimed: dict[str, str] = {}  # clash key -> the page path that owns it this run
        self.reserved = {clash_key(p.path) for p in pages} | {clash_key(p) for p in self.old}
        self.staging: Path | None = None  # a first build's hidden folder, renamed into place at the end
        self.staged: list[tuple[str, str, tuple[int, int, int]]] = []  # (path, digest, stat key) written there

    def run(self) -> None:
        self.staging = self.start_staging()
        problems_before = len(self.report.problems)
        try:
            self.write_all()
            if self.staging is not None and not self.finish_staging():
                del self.report.problems[problems_before:]  # the pages are decided again, one by one
                self.claimed.clear()
                self.write_all()
        except BaseException:  # Ctrl-C: the manifest must know the pages already written
            self.drop_staging()
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
        self.save_manifest()
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

    # -- a first build: the whole output folder at once ----------------------------------------

    def start_staging(self) -> Path | None:
        """When the output folder does not exist yet (a first build), a hidden folder beside it
        to write every page into, renamed into place at the end: one rename for the whole
        folder instead of one per page, and the pages appear all together or not at all."""
        if not self.pages or os.path.lexists(self.out):
            return None
        try:
            _check_folders(self.root, self.out_parts[:-1], create=True)
            parent = self.out.parent
            for name in os.listdir(parent):  # left by a build killed while staging
                if name.startswith(f".{self.out.name}{TEMP_MARK}") and not os.path.islink(parent / name):
                    shutil.rmtree(parent / name, ignore_errors=True)
            staging = parent / f".{self.out.name}{TEMP_MARK}{secrets.token_hex(6)}"
            os.mkdir(staging)
        except (OSError, _Refused):
            return None  # the pages are written one by one, which reports what is wrong
        return staging

    def finish_staging(self) -> bool:
        """Rename the staged folder into place and record its pages; False when that failed
        (the output folder appeared meanwhile): the staged copy is dropped."""
        staging, self.staging = self.staging, None
        if self.report.stopped:
            shutil.rmtree(staging, ignore_errors=True)  # nothing of this run reached the vault
            return True
        try:
            if os.path.lexists(self.out):
                raise FileExistsError(self.out)
            os.rename(staging, self.out)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
            return False
        for path, digest, key in self.staged:
            self.files[path] = digest
            self.known[path] = (key, digest)
            self.report.written.append(path)
        return True

    def drop_staging(self) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None

    def write_staged(self, path: str, parts: tuple[str, ...], data: bytes) -> None:
        if parts[:-1] not in self.checked:
            os.makedirs(self.staging.joinpath(*parts[:-1]), exist_ok=True)
            self.checked.add(parts[:-1])
        key = _create_new(self.staging.joinpath(*parts), data, sync=False)
        self.staged.append((path, _sha256(data), key))

    # -- pages ------------------------------------------------------------------------------

    def page(self, page: Page) -> None:
        """Write one page, turning every refusal or OS error into a problem at the page."""
        shown = f"{self.out_name}/{page.path}"
        try:
            parts = _page_parts(page.path)
            if parts is None:
                message = f"'{page.path}' is not a safe path inside the output folder"
                raise _Refused("unsafe-output-path", message)
            self.claim(page.path)
            self.write(page.path, parts, page.text.encode("utf-8"))
        except _Refused as exc:
            self.report.problems.append(error(shown, 1, exc.code, exc.message))
        except UnicodeEncodeError:
            message = "the page text is not valid Unicode"
            self.report.problems.append(error(shown, 1, "write-failed", message))
        except OSError as exc:
            self.report.problems.append(error(shown, 1, "write-failed", f"could not write: {_reason(exc)}"))

    def claim(self, path: str) -> None:
        """Refuse a second page at the same path, or at one differing only in case."""
        first = self.claimed.get(clash_key(path))
        if first is None:
            self.claimed[clash_key(path)] = path
            return
        if first == path:
            raise _Refused("output-conflict", "two pages have this same path; only the first was written")
        message = f"clashes with '{first}': names differing only in case are one file on Windows and macOS"
        raise _Refused("output-conflict", message)

    def write(self, path: str, parts: tuple[str, ...], data: bytes) -> None:
        """The rules for one target: unchanged, adopted, kept aside then written, or refused."""
        if self.staging is not None:
            self.write_staged(path, parts, data)
            return
        digest = _sha256(data)
        if self.old.get(path) == digest and self.known.get(path) == (stat_key(os.path.join(self.out, path)), digest):
            self.files[path] = digest  # as written last time, and untouched on disk since
            self.report.unchanged.append(path)
            return
        target = self.out.joinpath(*parts)
        self.check_folders(parts[:-1])
        current = _read_regular(target)
        if current == data:
            self.files[path] = digest
            self.known[path] = (stat_key(target), digest)
            self.report.unchanged.append(path)
            return
        if current is not None:
            known = self.known_hash(path, target)
            if known is None and (not _looks_generated(current) or _KEPT_COPY.fullmatch(parts[-1])):
                raise _Refused("output-conflict", "exists and was not written by vaultkit; rename it")
            if known != _sha256(current) and current:  # an empty page (a lost first write) holds nothing to keep
                self.keep_aside(path, parts, current)
        self.pending.append((path, target, data, digest))  # written by ``flush``, several at once

    def check_folders(self, folders: tuple[str, ...]) -> None:
        """``_check_folders`` for a page's folders, once per batch of pages (not once per page)."""
        if folders not in self.checked:
            _check_folders(self.root, self.out_parts + folders, create=True)
            self.checked.add(folders)

    def flush(self, pool: ThreadPoolExecutor) -> None:
        """Write the pending pages on a few threads (the time goes to creating and syncing files),
        then record each outcome in page order."""
        pending = self.pending
        self.checked.clear()  # the next batch looks at its folders again
        outcomes = pool.map(_try_atomic_write, [(target, data) for _path, target, data, _digest in pending])
        for (path, target, _data, digest), outcome in zip(pending, outcomes):
            if isinstance(outcome, OSError):
                shown = f"{self.out_name}/{path}"
                self.report.problems.append(error(shown, 1, "write-failed", f"could not write: {_reason(outcome)}"))
                continue
            self.files[path] = digest
            self.known[path] = (outcome, digest)
            self.report.written.append(path)
        self.pending = []

    def remember_interrupted(self) -> None:
        """Save the manifest after an interruption: the pages of the batch in flight that reached
        the disk (else the next run would take them for hand edits), the old entries for the rest."""
        for path, target, data, digest in self.pending:
            try:
                if _read_regular(target) == data:
                    self.files[path] = digest
            except (OSError, _Refused):
                pass
        for path in set(self.old) - set(self.files):
            self.files[path] = self.old[path]
        self.save_manifest()

    def known_hash(self, path: str, target: Path) -> str | None:
        """The manifest's hash for ``path``, also when it was recorded under another case."""
        if path in self.old:
            return self.old[path]
        for other in sorted(self.old):
            if clash_key(other) == clash_key(path) and _same_file(self.out / other, target):
                return self.old[other]
        return None

    def keep_aside(self, path: str, parts: tuple[str, ...], current: bytes) -> None:
        """Copy a hand-edited page to ``<stem> (edited DATE).md`` next to it, and say so."""
        copy = self.copy_aside(parts, current)
        self.files[path] = _sha256(current)  # its content is safe in the copy now
        self.report.kept_aside.append((path, copy))
        message = (
            f"this generated page was edited by hand; your version was kept as "
            f"'{self.out_name}/{copy}' and the page was generated again"
        )
        self.report.problems.append(warning(f"{self.out_name}/{path}", 1, "generated-edited", message))

    def copy_aside(self, parts: tuple[str, ...], current: bytes) -> str:
        """Create the first free copy name (never an existing file); return it output-relative."""
        folder = self.out.joinpath(*parts[:-1])
        present = {clash_key(name) for name in os.listdir(folder)}
        name = PurePosixPath(parts[-1])
        number = 1
        while True:
            label = self.today.isoformat() + (f" {number}" if number > 1 else "")
            candidate = f"{name.stem} (edited {label}){name.suffix}"
            rel = "/".join(parts[:-1] + (candidate,))
            number += 1
            if clash_key(candidate) in present or clash_key(rel) in self.reserved:
                continue
            try:
                _create_new(folder / candidate, current)
            except FileExistsError:
                continue
            return rel

    # -- stale outputs ----------------------------------------------------------------------

    def stale(self, path: str) -> None:
        """An output no longer produced: gone -> forget; unedited -> delete; edited -> keep it."""
        parts = _page_parts(path)
        target = self.out.joinpath(*parts)
        shown = f"{self.out_name}/{path}"
        try:
            if self.is_page_file(path, target):
                return
            _check_folders(self.root, self.out_parts + parts[:-1], create=False)
            current = _read_regular(target)
        except _Refused:
            return  # not a plain file of ours any more: forget it, touch nothing
        except OSError as exc:
            self.files[path] = self.old[path]
            self.report.problems.append(error(shown, 1, "write-failed", f"could not read: {_reason(exc)}"))
            return
        if current is None:
            return
        if _sha256(current) != self.old[path]:
            message = "this page is no longer generated, but it was edited by hand, so it was kept as yours"
            self.report.problems.append(warning(shown, 1, "generated-edited", message))
            return
        try:
            os.unlink(target)
        except OSError as exc:
            self.files[path] = self.old[path]
            self.report.problems.append(error(shown, 1, "write-failed", f"could not delete: {_reason(exc)}"))
            return
        self.known.pop(path, None)
        self.report.deleted.append(path)
        self.prune(parts[:-1])

    def is_page_file(self, path: str, target: Path) -> bool:
        """True when a page of this run lives in the same file under another case."""
        page = self.claimed.get(clash_key(path))
        return page is not None and _same_file(self.out / page, target)

    def prune(self, folder_parts: tuple[str, ...]) -> None:
        """Remove the folders, inside the output folder only, that a deletion left empty."""
        for depth in range(len(folder_parts), 0, -1):
            try:
                os.rmdir(self.out.joinpath(*folder_parts[:depth]))
            except OSError:
                return

    # -- manifest ---------------------------------------------------------------------------

    def save_manifest(self) -> None:
        """Write the manifest (only if its bytes change) and ``.vaultkit/.gitignore``."""
        shown = f"{STATE_FOLDER}/{MANIFEST_NAME}"
        try:
            _check_folders(self.root, (STATE_FOLDER,), create=True)
            state = self.root / STATE_FOLDER
            try:
                _create_new(state / ".gitignore", b"*\n")
            except FileExistsError:
                pass
            data = manifest_bytes(self.out_name, self.files)
            if _read_regular(state / MANIFEST_NAME) != data:
                _LAST_MANIFEST.clear()
                _atomic_write(state / MANIFEST_NAME, data)
        except _Refused as exc:
            self.report.problems.append(error(shown, 1, exc.code, exc.message))
        except OSError as exc:
            self.report.problems.append(error(shown, 1, "write-failed", f"could not write: {_reason(exc)}"))


# -- paths -------------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _page_parts(path: str) -> tuple[str, ...] | None:
    """The segments of a safe relative POSIX path, or None (absolute, ``..``, ``\\``, empty...)."""
    if not isinstance(path, str) or not path or path[0] == "/" or "\\" in path or ":" in path or "\0" in path:
        return None
    parts = path.split("/")
    if "" in parts or "." in parts or ".." in parts:
        return None
    return tuple(parts)


def _folder_parts(output_folder: str) -> tuple[str, ...] | None:
    """The output folder's segments; like a page path, and no hidden (dot) folders."""
    parts = _page_parts(output_folder.rstrip("/")) if isinstance(output_folder, str) else None
    if parts is None or any(part.startswith(".") for part in parts):
        return None
    return parts


def _check_folders(root: Path, parts: tuple[str, ...], create: bool) -> None:
    """Walk ``root/parts`` refusing symlinks and files on the way; create missing folders if asked."""
    path = root
    for depth, part in enumerate(parts, start=1):
        path = path / part
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            if not create:
                return
            os.mkdir(path)
            continue
        shown = "/".join(parts[:depth])
        if stat.S_ISLNK(mode):
            message = f"'{shown}' is a symbolic link; vaultkit never writes through one"
            raise _Refused("output-conflict", message)
        if not stat.S_ISDIR(mode):
            raise _Refused("output-conflict", f"'{shown}' is a file where vaultkit needs a folder")


def stat_key(target: Path | str) -> tuple[int, int, int] | None:
    """(mtime_ns, size, inode) of a file, or None; what tells a file untouched since last seen."""
    try:
        stat_result = os.lstat(target)
    except OSError:
        return None
    return (stat_result.st_mtime_ns, stat_result.st_size, stat_result.st_ino)


def _read_regular(target: Path) -> bytes | None:
    """The bytes of ``target``; None when missing; refused when it is a symlink or not a file."""
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(mode):
        raise _Refused("output-conflict", "is a symbolic link; vaultkit never writes through one")
    if not stat.S_ISREG(mode):
        raise _Refused("output-conflict", "exists and is not a regular file")
    return target.read_bytes()


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


# -- bytes on disk -----------------------------------------------------------------------------


def _try_atomic_write(job: tuple[Path, bytes]) -> OSError | tuple[int, int, int]:
    """``_atomic_write``'s stat key, or the error it met."""
    try:
        return _atomic_write(*job)
    except OSError as exc:
        return exc


def _atomic_write(target: Path, data: bytes) -> tuple[int, int, int]:
    """Write a hidden temp file next to ``target``, rename it over; on failure remove it.

    The temp file is synced before it replaces a page, so a crash or power cut leaves the old
    page or the new one. A new page is not synced: at worst it is lost and written again by
    the next build, and a first build of thousands of pages does not wait on the disk.
    Returns the page's ``stat_key`` (a rename keeps the file's times and inode).
    """
    temp = target.with_name(f".{target.name}{TEMP_MARK}{secrets.token_hex(6)}")
    key = _create_new(temp, data, sync=os.path.lexists(target))
    try:
        os.replace(temp, target)
    except BaseException:
        _remove_quietly(temp)
        raise
    return key


def _create_new(path: Path, data: bytes, sync: bool = True) -> tuple[int, int, int]:
    """Create ``path`` (never an existing file) holding ``data``, synced; removed again on failure.
    Returns its ``stat_key``."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o666)
    try:
        try:  # plain system calls: a Python file object around them cost a quarter more
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if sync:
                os.fsync(fd)
            info = os.fstat(fd)
        finally:
            os.close(fd)
    except BaseException:
        _remove_quietly(path)
        raise
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def _remove_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _looks_generated(data: bytes) -> bool:
    """True when ``data`` starts with front matter holding ``vaultkit: generated``."""
    lines = data.decode("utf-8", "replace").removeprefix("\ufeff").splitlines()
    if not lines or lines[0].rstrip() != "---":
        return False
    for line in lines[1:]:
        if line.rstrip() in ("---", "..."):
            return False
        if _GENERATED.fullmatch(line.strip()):
            return True
    return False


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def hand_edited(root: Path, output_folder: str, known: dict | None = None,
                expected: dict[str, str] | None = None) -> tuple[list[Problem], set[str]]:
    """Generated pages whose bytes no longer match what vaultkit wrote: edited by hand.

    Read-only, so ``check`` can report them and ``build`` can list them before regenerating.
    With ``known`` (see ``write_pages``), files untouched since last seen are not read.
    ``expected`` (page -> sha256 of the text a build would write now): a file already holding
    that text is no hand edit (a build cut short wrote it, and the manifest missed it).
    Returns the problems, and every page of the manifest that is not as ``known`` says
    vaultkit last wrote it (edited, deleted, touched, or written by another run).
    """
    known, expected = known or {}, expected or {}
    out_parts = _folder_parts(output_folder)
    if out_parts is None:
        return [], set()
    problems = []
    unsure = set()
    manifest = load_manifest(root, output_folder)
    out = os.path.join(root, *out_parts)
    for path, digest in sorted(manifest.items()):
        if known.get(path) == (stat_key(os.path.join(out, path)), digest):
            continue
        unsure.add(path)
        target = Path(out, *path.split("/"))
        try:
            current = _read_regular(target)
        except (OSError, _Refused):
            continue
        if current is not None and _sha256(current) not in (digest, expected.get(path)):
            problems.append(warning("/".join((*out_parts, path)), 1, "generated-edited",
                                    "this generated page was edited by hand; building keeps your version beside "
                                    "it (named with 'edited' and the date) and writes the page again"))
    return problems, unsure
