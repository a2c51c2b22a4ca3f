"""What a long-running process keeps between builds never changes the result.

After any sequence of edits, a build that reuses the cache (trusting the listing and
re-reading only the touched paths, as ``watch`` does) gives the same vault, problems and
pages as a fresh build from the disk.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.build import check
from vaultkit.cache import Cache
from vaultkit.pages import render_pages

from conftest import TODAY, write_vault

BASE = {
    "Contacts/Ana.md": "---\ntype: contact\ncadence: monthly\ninterests: [running]\n---\n",
    "Contacts/Luis.md": "---\ntype: contact\nname: Luis F\n---\n",
    "Contacts/Eva.md": "---\ntype: contact\nmet: 2026-11-20\ncadence: 2w\n---\n",
    "Goals/Help.md": "---\ntype: goal\ntitle: Help people\nmetric: gives\ntarget: 5\nstart: 2026-09-01\n---\n",
    "Meetings/m1.md": '---\ntype: meeting\ndate: 2026-10-01\nwith: ["[[Ana]]"]\n---\n## Gave\n- notes [[Help people]]\n',
    "Meetings/m2.md": '---\ntype: call\ndate: 2026-11-01\nwith: ["[[Luis F]]", "[[Ana]]"]\n---\n## Asked\n- intro\n',
    "Daily/2026-11-15.md": "- coffee with [[Eva]] #met\n",
}

EDITS = st.sampled_from([
    ("append", "Meetings/m1.md", "- another give to [[Ana]] #gave\n"),
    ("append", "Meetings/m2.md", "- [ ] send the deck 📅 2026-11-25\n"),
    ("write", "Contacts/Luis.md", "---\ntype: contact\nname: Luis Fernández\n---\n"),  # m2's link breaks
    ("write", "Contacts/Luis.md", "---\ntype: contact\nname: Luis F\n---\n"),  # and mends
    ("write", "Contacts/Eva.md", "---\ntype: contact\naliases: [Ana]\n---\n"),  # claims a taken name
    ("delete", "Contacts/Ana.md", ""),
    ("write", "Contacts/Ana.md", "---\ntype: contact\ncadence: weekly\n---\n"),
    ("write", "Meetings/m3.md", '---\ntype: email\ndate: 2026-11-10\nwith: ["[[Zoe]]"]\noutcome: awaiting\n---\n'),
    ("write", "Contacts/Zoe.md", "---\ntype: contact\n---\n"),  # m3's unknown participant appears
    ("write", "Goals/Help.md", "---\ntype: goal\ntitle: Help more people\nmetric: gives\ntarget: 5\n---\n"),
    ("write", "Meetings/m1.md", "---\ntype: meeting\ndate: [broken\n---\n"),
    ("delete", "Meetings/m2.md", ""),
    ("append", "Daily/2026-11-15.md", "- asked [[Luis F]] for advice #asked\n"),
    ("touch", "Contacts/Ana.md", ""),
])


def apply(root: Path, edit: tuple[str, str, str]) -> str:
    kind, rel, text = edit
    path = root / rel
    if kind == "delete":
        path.unlink(missing_ok=True)
    elif kind == "append":
        if path.exists():
            with open(path, "a", encoding="utf-8") as handle:
                handle.write(text)
    elif kind == "write":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    elif kind == "touch" and path.exists():
        path.write_bytes(path.read_bytes())  # same bytes, new mtime
    return rel


def outcome(root: Path, today: dt.date, **options):
    vault, problems = check(root, today, **options)
    cache = options.get("cache")
    pages = render_pages(vault, problems, cache.pages if cache is not None else None)
    return (vault.contacts, vault.interactions, vault.exchanges, vault.tasks, vault.goals, vault.progress,
            vault.last_contact, problems, [(p.path, p.text) for p in pages])


@settings(max_examples=40, deadline=None)
@given(st.lists(EDITS, min_size=1, max_size=8), st.booleans())
def test_cached_builds_equal_fresh_builds(edits, relist):
    with tempfile.TemporaryDirectory() as scratch:
        root = write_vault(Path(scratch) / "vault", BASE)
        cache = Cache()
        outcome(root, TODAY, cache=cache)
        for edit in edits:
            touched = apply(root, edit)
            cached = outcome(root, TODAY, cache=cache, touched=frozenset({touched}), relist=relist)
            assert cached == outcome(root, TODAY)


def test_a_new_day_with_the_same_cache_equals_a_fresh_build(tmp_path):
    root = write_vault(tmp_path / "vault", BASE)
    cache = Cache()
    outcome(root, TODAY, cache=cache)
    later = TODAY + dt.timedelta(days=40)
    assert outcome(root, later, cache=cache, relist=False) == outcome(root, later)


def test_a_config_change_empties_the_cache(tmp_path):
    root = write_vault(tmp_path / "vault", BASE)
    cache = Cache()
    outcome(root, TODAY, cache=cache)
    (root / "vaultkit.toml").write_text('[folders]\ncontacts = ["Meetings"]\n', encoding="utf-8")
    assert outcome(root, TODAY, cache=cache) == outcome(root, TODAY)
    shutil.rmtree(root / "Daily")
    assert outcome(root, TODAY, cache=cache) == outcome(root, TODAY)


def test_a_hand_edit_between_cached_builds_is_still_kept_aside(tmp_path):
    from vaultkit.build import build

    root = write_vault(tmp_path / "vault", BASE)
    cache = Cache()
    build(root, TODAY, cache=cache)
    page = root / "VaultKit" / "Follow-ups.md"
    page.write_text(page.read_text(encoding="utf-8") + "my note\n", encoding="utf-8")
    result = build(root, TODAY, cache=cache, relist=False)
    assert result.report.kept_aside == [("Follow-ups.md", f"Follow-ups (edited {TODAY.isoformat()}).md")]
    assert "my note" not in page.read_text(encoding="utf-8")
    again = build(root, TODAY, cache=cache, relist=False)
    assert again.report.kept_aside == []
    assert again.report.written == ["Dashboard.md", "Problems.md"]  # the warning is gone from them
    assert build(root, TODAY, cache=cache, relist=False).report.written == []
