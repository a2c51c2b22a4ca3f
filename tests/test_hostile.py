"""Property tests of whole builds: hostile names and texts, and arbitrary vault contents, never
raise, write only inside the output folder and ``.vaultkit/``, leave every page whole, and give
the same pages whatever order the walk finds the notes in."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultkit.build import build

from conftest import TODAY
from test_faults import pages_on_disk

# Names a file system accepts, with the characters that break links, tables and paths.
PIECE = st.sampled_from(list("AnaLuís é|#^[]()<>:*?\"'\\ .-_%$&🎁") + ["CON", "nul", ".."])
NAME = st.lists(PIECE, min_size=1, max_size=8).map("".join).map(str.strip).filter(
    lambda n: n and "/" not in n and n not in (".", ".."))
TEXT = st.text(max_size=60)


def write(root: Path, rel: str, text: str) -> bool:
    path = root / rel
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except (OSError, ValueError, UnicodeEncodeError):
        return False  # a name this file system refuses
    return True


def snapshot(root: Path) -> dict[str, bytes]:
    found = {}
    for top, _dirs, files in os.walk(root):
        for name in files:
            path = Path(top, name)
            rel = path.relative_to(root).as_posix()
            if not rel.startswith(("VaultKit/", ".vaultkit/")):
                found[rel] = path.read_bytes()
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(NAME, min_size=1, max_size=4, unique_by=str.casefold), st.lists(TEXT, min_size=1, max_size=4))
def test_hostile_names_and_texts_build_safely(names, texts):
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "vault"
        root.mkdir()
        people = [n for n in names if write(root, f"Contacts/{n}.md", f"---\ntype: contact\ninterests: [{texts[0]!r}]\n---\n")]
        for i, text in enumerate(texts):
            links = ", ".join(f'"[[{p}]]"' for p in people) or '"[[nobody]]"'
            write(root, f"Meetings/m{i}.md",
                  f"---\ntype: meeting\ndate: 2026-11-{(i % 20) + 1:02d}\nwith: [{links}]\n---\n"
                  f"## Gave\n- {text}\n- [ ] {text} 📅 2026-11-30\n")
        write(root, f"Goals/{names[0]}.md", f"---\ntype: goal\nmetric: gives\ntarget: 3\nstart: 2026-09-01\n---\n{texts[0]}\n")
        before = snapshot(root)
        result = build(root, TODAY)
        assert snapshot(root) == before  # nothing outside VaultKit/ and .vaultkit/ changed
        out = (root / "VaultKit").resolve()
        for top, _dirs, files in os.walk(out):
            for name in files:
                path = Path(top, name).resolve()
                assert out in path.parents
                assert not name.startswith(".")  # no temp file left
                assert path.read_text(encoding="utf-8").startswith("---\nvaultkit: generated\n")
        codes = {p.code for p in result.problems}
        assert not codes & {"internal-error", "write-failed", "unsafe-output-path"}, result.problems
        assert build(root, TODAY).report.written == []


# -- arbitrary vaults ----------------------------------------------------------------------------

FOLDERS = st.sampled_from(["Contacts", "People", "Meetings", "Goals", "Notes", "Contacts/Team", "Daily", ""])
KEYS = st.sampled_from(["type", "date", "with", "name", "aliases", "goals", "metric", "target", "start", "deadline",
                        "status", "cadence", "tier", "met", "follow_up", "outcome", "categories", "snooze_until",
                        "last_contact", "review", "aggregate", "x"])
SCALAR = st.one_of(
    st.sampled_from(["contact", "meeting", "goal", "call", "2026-11-01", "2026-02-30", "2026-13-01", "weekly",
                     "3w", "-1d", "0", "1e309", "gives", "manual", "awaiting", "A", "~", "null", "[[People]]", "''",
                     "&a x", "*a", "!!binary aGk=", "{", "[[Ana]]|", "|\n  block", "- x"]),
    NAME.map(lambda n: f'"[[{n}]]"'), st.integers(-10**20, 10**20).map(str), TEXT.map(repr))
VALUE = st.one_of(SCALAR, st.lists(SCALAR, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"))
BODY_LINE = st.one_of(
    st.sampled_from(["## Gave", "## Asked", "## Log", "## Di", "- [ ] call 📅 2026-11-30", "- [x] done", "```",
                     "- 2026-11-01: 3 steps", "- gift [weight:: 2]", "- #gave tip", "- [due:: 2026-02-30] x"]),
    NAME.map(lambda n: f"- met [[{n}]] #met"), TEXT)
POOL = st.sampled_from(["Ana", "ana", "Bo", "Ana|x", "Ça va", "CON", "a]]b", "x#y"])  # stems shared with links
MEETING = st.tuples(st.integers(1, 28), st.lists(POOL, min_size=1, max_size=3), TEXT, BODY_LINE).map(
    lambda p: f"---\ntype: meeting\ndate: 2026-11-{p[0]:02d}\nwith: [" + ", ".join(f'"[[{n}]]"' for n in p[1])
    + f"]\n---\n## Gave\n- {p[2]}\n## Asked\n- a favour\n{p[3]}\n")
NOTE_TEXT = st.one_of(
    MEETING,
    TEXT.map(lambda t: f"---\ntype: contact\ncadence: monthly\ninterests: [{t!r}]\n---\n"),
    st.binary(max_size=80),
    st.tuples(st.lists(st.tuples(KEYS, VALUE), max_size=6), st.lists(BODY_LINE, max_size=6)).map(
        lambda parts: "---\n" + "".join(f"{k}: {v}\n" for k, v in parts[0]) + "---\n" + "\n".join(parts[1])),
    TEXT)
ARBITRARY = st.dictionaries(st.tuples(FOLDERS, st.one_of(POOL, NAME, st.sampled_from(["2026-11-20", "2026-11-21"]))),
                            NOTE_TEXT, max_size=6)
VAULT = st.builds(  # arbitrary notes over a few contacts and meetings that link them, so pages have content
    lambda contacts, meetings, arbitrary: {**{("Contacts", n): t for n, t in contacts},
                                           **{("Meetings", f"m{i}"): t for i, t in enumerate(meetings)}, **arbitrary},
    st.lists(st.tuples(POOL, NOTE_TEXT), max_size=3), st.lists(MEETING, max_size=3), ARBITRARY,
).filter(bool)


def make_arbitrary(root: Path, vault: dict) -> None:
    for (folder, stem), content in sorted(vault.items()):
        rel = f"{folder}/{stem}.md" if folder else f"{stem}.md"
        path = root / rel
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", newline="")
        except (OSError, ValueError, UnicodeEncodeError):
            continue  # a name this file system refuses


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(VAULT)
def test_arbitrary_vault_contents_never_raise_and_stay_inside(vault):
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "vault"
        root.mkdir()
        make_arbitrary(root, vault)
        before = snapshot(root)
        result = build(root, TODAY)
        assert snapshot(root) == before
        codes = {p.code for p in result.problems}
        assert not codes & {"internal-error", "write-failed", "unsafe-output-path", "output-conflict"}, result.problems
        out = (root / "VaultKit").resolve()
        for top, _dirs, files in os.walk(Path(scratch)):
            for name in files:
                path = Path(top, name).resolve()
                if path.is_relative_to(root / ".vaultkit") or path.relative_to(root.resolve()).as_posix() in before:
                    continue
                assert out in path.parents, f"{path} is outside the output folder"
                assert not name.startswith(".")  # no temp file left


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(VAULT, st.randoms(use_true_random=False))
def test_output_is_identical_under_any_walk_order(vault, random):
    import vaultkit.incremental.engine
    import vaultkit.walk

    real_find, real_scandir = vaultkit.walk.find_notes, os.scandir

    class Shuffled(list):
        """``os.scandir``'s entries in another order; like it, also a context manager."""

        def __enter__(self):
            return self

        def __exit__(self, *exc_info):
            return False

    def shuffled_scandir(path="."):
        with real_scandir(path) as listing:
            entries = Shuffled(listing)
        random.shuffle(entries)
        return entries

    def shuffled_find(*args, **kwargs):
        found, problems = real_find(*args, **kwargs)
        random.shuffle(found)
        random.shuffle(problems)
        return found, problems

    with tempfile.TemporaryDirectory() as scratch:
        first, second = Path(scratch) / "a" / "vault", Path(scratch) / "b" / "vault"
        for root in (first, second):
            root.mkdir(parents=True)
            make_arbitrary(root, vault)
        build(first, TODAY)
        vaultkit.incremental.engine.find_notes, vaultkit.walk.os.scandir = shuffled_find, shuffled_scandir
        try:
            build(second, TODAY)
        finally:
            vaultkit.incremental.engine.find_notes, vaultkit.walk.os.scandir = real_find, real_scandir
        assert pages_on_disk(first) == pages_on_disk(second)
