"""Hostile names and texts: a build never raises, writes only inside its two folders, and
every page it writes is whole."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultkit.build import build

from conftest import TODAY

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
