"""Reading the notes of a vault: from the cache when it can answer, else from disk, on every
core when there are many."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Callable

from vaultkit.cache import Cache, ParsedFile, digest
from vaultkit.cancel import Cancelled
from vaultkit.config import Config
from vaultkit.problems import Problem, error, warning
from vaultkit.reader import Note, file_too_large, parse_note
from vaultkit.walk import Found, find_notes, find_one


PROGRESS_EVERY = 250  # files between two progress reports


def read_notes(found: list[Found], config: Config, cache: Cache, trusted: bool, touched: frozenset[str],
               problems: list[Problem], stop: Callable[[], bool] | None = None,
               progress: Callable[[int, int], None] | None = None) -> list[Note]:
    """The parsed notes of ``found`` (problems appended). ``trusted``: a cached file not in
    ``touched`` is taken as is, without a look at the disk. ``progress(done, total)`` hears
    how the reading goes (files read from disk only), ending with ``done == total``."""
    to_read = [f for f in found if needs_reading(f, cache, trusted, touched)]
    fresh = {f.path for f in to_read}  # every other file is cached and unchanged (or trusted): no second stat
    report = progress if progress is not None and to_read else None
    if len(to_read) >= PARALLEL_MIN and (os.cpu_count() or 1) >= PARALLEL_CORES and threading.active_count() == 1:
        read_in_parallel(to_read, config, cache, stop, report)
        fresh, report = set(), None  # every file was just read: from the cache now
    notes = []
    done = 0
    for listed in found:
        if stop is not None and stop():
            raise Cancelled
        if listed.path not in fresh:
            known = cache.notes[listed.path]
            problems += known.problems
            note = known.note
        else:
            if report is not None:
                done += 1
                if done % PROGRESS_EVERY == 0 or done == len(to_read):
                    report(done, len(to_read))
            note = read_found(listed, config, problems, cache, listed.path in touched)
        if note is not None:
            notes.append(note)
    return notes


def needs_reading(listed: Found, cache: Cache, trusted: bool, touched: frozenset[str]) -> bool:
    """Whether the cache cannot answer for ``listed``: not cached, touched, or changed on disk."""
    cached = cache.notes.get(listed.path)
    if cached is None or listed.path in touched:
        return True
    if trusted:
        return False
    try:
        stat = os.stat(listed.location)
    except OSError:
        return True
    return (stat.st_mtime_ns, stat.st_size) != cached.stat_key


PARALLEL_MIN = 400  # below this many files to read, starting worker processes costs more than it saves
# With the plain readers a note is parsed in about 50 microseconds, and this process must
# unpickle what the workers parse: on 2 cores, reading 20,000 notes took 1.5 s in parallel
# and 1.55 s in one process. Workers pay from 3 cores on (this process has one to itself).
PARALLEL_CORES = 3
# Worker processes are forked only while this is the process's one thread (forking beside
# other threads can copy a lock some thread holds): a build, or watch's first build.


def read_in_parallel(found: list[Found], config: Config, cache: Cache, stop: Callable[[], bool] | None,
                     progress: Callable[[int, int], None] | None = None) -> None:
    """Read and parse ``found`` on every core into ``cache.notes`` (a parse equal to the cached
    one keeps the cached object, so what was derived from it still holds)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    workers = min(os.cpu_count() or 1, 8)
    chunk = max(16, len(found) // (workers * 8))
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_setup, initargs=(config,)) as pool:
        for done, (found_one, parsed) in enumerate(zip(found, pool.map(_worker_read, found, chunksize=chunk)), 1):
            if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(found)):
                progress(done, len(found))
            if stop is not None and stop():
                pool.shutdown(cancel_futures=True)
                raise Cancelled
            cached = cache.notes.get(found_one.path)
            if cached is not None and cached.digest == parsed.digest and parsed.digest:
                parsed = ParsedFile(parsed.stat_key, parsed.digest, cached.note, cached.problems)
            cache.notes[found_one.path] = parsed
            cache.dirty.add(found_one.path)


_WORKER_CONFIG: Config | None = None


def _worker_setup(config: Config) -> None:
    global _WORKER_CONFIG
    _WORKER_CONFIG = config


def _worker_read(found: Found) -> ParsedFile:
    """In a worker process: what ``read_found`` would cache for ``found``."""
    scratch = Cache()
    problems: list[Problem] = []
    read_found(found, _WORKER_CONFIG, problems, scratch)
    parsed = scratch.notes.get(found.path)
    return parsed if parsed is not None else ParsedFile((0, 0), b"", None, tuple(problems))


def list_notes(root: Path, config: Config, cache: Cache, touched: frozenset[str], relist: bool):
    """The notes to read: a full walk, or the cached listing updated for the ``touched`` paths."""
    if relist or cache.listing is None:
        found, problems = find_notes(root, config)
        remember_listing(cache, found, problems)
        return found, problems
    for path in touched:
        one, one_problems = find_one(root, path, config)
        cache.listing.pop(path, None)
        cache.listing_problems.pop(path, None)
        if one is not None:
            cache.listing[path] = one
        if one_problems:
            cache.listing_problems[path] = one_problems
    found = sorted(cache.listing.values(), key=lambda f: f.path)
    return found, [p for path in sorted(cache.listing_problems) for p in cache.listing_problems[path]]


def remember_listing(cache: Cache, found: list[Found], problems: list[Problem]) -> None:
    """Keep a full walk's result (and what it had to say about each path) in ``cache``."""
    cache.listing = {f.path: f for f in found}
    cache.listing_problems = {}
    for problem in problems:
        cache.listing_problems.setdefault(problem.path, []).append(problem)


def read_found(found: Found, config: Config, problems: list[Problem], cache: Cache | None = None,
               touched: bool = False) -> Note | None:
    """Read one listed file (or take it from ``cache``); a file that vanished is a problem, not a crash."""
    cached = cache.notes.get(found.path) if cache is not None else None
    try:
        stat = os.stat(found.location)
        stat_key = (stat.st_mtime_ns, stat.st_size)
        if cached is not None and cached.stat_key == stat_key and not touched:
            problems += cached.problems
            return cached.note
        if stat.st_size > config.max_note_bytes:
            parsed = ParsedFile(stat_key, b"", None, (file_too_large(found.path, stat.st_size, config),))
        else:
            data = read_at_most(found.location, config.max_note_bytes + 1, stat.st_size + 1)
            parsed = _parse(found.path, data, stat_key, config, cached)
    except OSError as exc:
        problems.append(warning(found.path, 1, "unreadable", f"cannot read: {exc.strerror or exc}; skipped"))
        return None
    if cache is not None:
        cache.notes[found.path] = parsed
        cache.dirty.add(found.path)
    problems += parsed.problems
    return parsed.note


_O_BINARY = getattr(os, "O_BINARY", 0)


def read_at_most(location: str | Path, limit: int, first: int | None = None) -> bytes:
    """The bytes of a file, up to ``limit``. The first read asks for ``first`` bytes (the size
    the file had when last stat'ed, plus one): asking for the largest note allowed each time
    sets aside megabytes per file (it tripled the time to read a vault). A file that grew
    since is read on, up to ``limit``."""
    fd = os.open(location, os.O_RDONLY | _O_BINARY)
    try:
        chunks = []
        left = limit
        ask = min(first or limit, limit)
        while left > 0:
            wanted = min(ask, left)
            chunk = os.read(fd, wanted)
            chunks.append(chunk)
            left -= len(chunk)
            if len(chunk) < wanted:
                break  # the end of the file (a regular file reads short only there)
            ask = left
        return b"".join(chunks) if len(chunks) != 1 else chunks[0]
    finally:
        os.close(fd)


def _parse(path: str, data: bytes, stat_key: tuple[int, int], config: Config, cached: ParsedFile | None) -> ParsedFile:
    """Parse ``data``, unless it is byte for byte what was parsed before (then keep that parse)."""
    content = digest(data)
    if cached is not None and cached.digest == content:
        return ParsedFile(stat_key, content, cached.note, cached.problems)
    try:
        note, note_problems = parse_note(path, data, config)
    except Exception as exc:  # a bug must cost one note, not the build
        note, note_problems = None, [internal_error(path, exc)]
    return ParsedFile(stat_key, content, note, tuple(note_problems))


def internal_error(path: str, exc: Exception) -> Problem:
    return error(path, 1, "internal-error",
                 f"vaultkit failed on this note ({type(exc).__name__}: {exc}); it was skipped, please report it")
