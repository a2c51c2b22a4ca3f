"""A delta build (``vaultkit.delta``) leaves exactly what a full build from scratch leaves.

After any sequence of edits, a build that works from the index gives the same pages, the
same problems and the same query tables as a fresh build of the same notes. Edits that only
touch meetings, daily notes or other notes take the delta path; the rest take the full one.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.build import persisted
from vaultkit.index import index_path

from conftest import TODAY, write_vault

BASE = {
    "Contacts/Ana.md": "---\ntype: contact\ncadence: monthly\ninterests: [running]\nmet: 2026-11-19\n---\n",
    "Contacts/Luis.md": "---\ntype: contact\nname: Luis F\nmet_at: \"[[Meetup]]\"\n---\n- [ ] call Luis 📅 2026-11-30\n",
    "Contacts/Eva.md": "---\ntype: contact\nmet: 2026-11-20\ncadence: 2w\ngoals: [\"[[Help people]]\"]\n---\n",
    "Contacts/Old.md": "---\ntype: contact\nstatus: archived\n---\n",
    "Goals/Help.md": "---\ntype: goal\ntitle: Help people\nmetric: gives\ntarget: 5\nstart: 2026-09-01\n---\n",
    "Goals/Meet.md": "---\ntype: goal\ntitle: Meet people\nmetric: new_contacts\ntarget: 3\nstart: 2026-09-01\n---\n",
    "Goals/Talk.md": "---\ntype: goal\ntitle: Talk more\nmetric: interactions\ntarget: 10\nstart: 2026-09-01\n---\n",
    "Meetings/m1.md": '---\ntype: meeting\ndate: 2026-10-01\nwith: ["[[Ana]]"]\ngoals: ["[[Help people]]"]\n---\n'
                      "## Gave\n- notes\n",
    "Meetings/m2.md": '---\ntype: call\ndate: 2026-11-01\nwith: ["[[Luis F]]", "[[Ana]]"]\n---\n## Asked\n- intro\n',
    "Meetings/m3.md": '---\ntype: email\ndate: 2026-11-05\nwith: ["[[Eva]]"]\noutcome: awaiting\n---\n',
    "Meetings/Meetup.md": '---\ntype: event\ndate: 2026-10-20\nwith: ["[[Ana]]"]\n---\n',
    "Daily/2026-11-15.md": "- coffee with [[Eva]] #met\n",
    "Notes/Idea.md": "An idea about [[Ana]].\n",
    "Notes/Other.md": "Another note.\n",
    "Meetings/m5.md": '---\ntype: meeting\ndate: 2026-11-03\nwith: ["[[Eva]]"]\n---\n',
    "Meetings/m6.md": '---\ntype: call\ndate: 2026-11-04\nwith: ["[[Ana]]"]\n---\n## Gave\n- time\n',
}

LOCAL = [  # edits of meetings, daily notes and other notes: a delta build
    ("append", "Meetings/m1.md", "- another give to [[Ana]] #gave\n"),
    ("append", "Meetings/m2.md", "- [ ] send the deck 📅 2026-11-25\n"),
    ("append", "Meetings/m3.md", "## Gave\n- a book\n"),
    ("write", "Meetings/m1.md", '---\ntype: meeting\ndate: 2026-11-21\nwith: ["[[Eva]]"]\ngoals: ["[[Talk more]]"]\n---\n'),
    ("write", "Meetings/m2.md", '---\ntype: email\ndate: 2026-11-10\nwith: ["[[Luis F]]"]\noutcome: replied\n---\n'),
    ("write", "Meetings/m3.md", '---\ntype: meeting\ndate: 2026-11-24\nwith: ["[[Ana]]", "[[Zoe]]"]\n---\n'),
    ("write", "Meetings/m3.md", '---\ntype: meeting\ndate: 2026-11-12\nwith: ["[[Old]]"]\nfollow_up: 2026-11-18\n---\n'),
    ("write", "Meetings/Meetup.md", '---\ntype: event\ndate: 2026-09-20\nwith: ["[[Eva]]", "[[Luis F]]"]\n---\n'),
    ("write", "Meetings/Meetup.md", '---\ntype: meeting\ndate: 2026-10-20\n---\n'),
    ("write", "Meetings/m2.md", "---\ntype: call\ndate: [broken\n---\n"),
    ("write", "Meetings/m1.md", "no front matter any more, [[Help people]]\n"),
    ("append", "Daily/2026-11-15.md", "- asked [[Luis F]] for advice #asked\n- [ ] thank [[Ana]]\n"),
    ("write", "Daily/2026-11-15.md", "- nothing today\n"),
    ("append", "Notes/Idea.md", "- [ ] not a meeting, [[Eva]]\n"),
    ("write", "Notes/Idea.md", '---\ntype: meeting\ndate: 2026-11-02\nwith: ["[[Eva]]"]\n---\n## Gave\n- a lead\n'),
]
FULL = [  # anything else: a full build (on other notes than LOCAL's, which must stay local)
    ("write", "Contacts/Luis.md", "---\ntype: contact\nname: Luis Fernández\n---\n"),
    ("write", "Goals/Help.md", "---\ntype: goal\ntitle: Help more\nmetric: gives\ntarget: 2\n---\n"),
    ("write", "Meetings/new {step}.md", '---\ntype: meeting\ndate: 2026-11-11\nwith: ["[[Ana]]"]\n---\n'),
    ("delete", "Meetings/m6.md", ""),
    ("write", "Meetings/m5.md", "---\ntype: contact\n---\n"),
    ("write", "Notes/Other.md", "---\ntype: goal\nmetric: gives\ntarget: 1\n---\n"),
]


def apply(root: Path, edit: tuple[str, str, str], step: int) -> None:
    kind, rel, text = edit
    path = root / rel.format(step=step)
    if kind == "delete":
        path.unlink(missing_ok=True)
    elif kind == "append" and path.exists():
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if path.exists():  # a new mtime whatever the clock's resolution: the change is always seen
        os.utime(path, ns=(1_800_000_000_000_000_000 + step, 1_800_000_000_000_000_000 + step))


def left(root: Path, result) -> dict:
    """Everything a build leaves that a user or a query can see."""
    pages = {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "VaultKit").rglob("*.md"))}
    connection = sqlite3.connect(index_path(root))
    try:
        tables = {table: sorted(connection.execute(f"SELECT * FROM {table}"), key=repr)
                  for table in ("contacts", "interactions", "participants", "interaction_goals", "goals", "problems",
                                "refs", "balance_rows")}
        tables["exchanges"] = sorted(connection.execute(
            "SELECT kind, date, text, weight, path, line, interaction, (SELECT group_concat(contact, '|') FROM "
            "(SELECT contact FROM exchange_contacts WHERE exchange = e.id ORDER BY contact)) FROM exchanges e"), key=repr)
        tables["tasks"] = sorted(connection.execute(
            "SELECT due, text, path, line, interaction, (SELECT group_concat(contact, '|') FROM "
            "(SELECT contact FROM task_contacts WHERE task = t.id ORDER BY contact)) FROM tasks t"), key=repr)
        tables["follow_up_pieces"] = sorted(connection.execute("SELECT * FROM follow_up_pieces"))
        meta = dict(connection.execute("SELECT key, value FROM meta"))
    finally:
        connection.close()
    shown = {"problems": [p.format() for p in result.problems], "pages": result.pages, "notes": result.note_count,
             "delta ready": meta.get("delta"), "today": meta.get("today")}
    return {"pages": pages, "tables": tables, "shown": shown}


def fresh(root: Path, scratch: Path) -> dict:
    """What a full build of a copy of the notes (no index, no pages) leaves."""
    copy = scratch / "fresh"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".vaultkit", "VaultKit"))
    result = persisted(copy, TODAY, write=True)
    assert not result.delta
    return left(copy, result)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(0, 10**6)), min_size=1, max_size=5))
def test_delta_builds_equal_fresh_builds(steps):
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        root = write_vault(scratch / "vault", BASE)
        persisted(root, TODAY, write=True)
        for number, (local, pick) in enumerate(steps):
            edits = LOCAL if local else FULL
            apply(root, edits[pick % len(edits)], number)
            result = persisted(root, TODAY, write=True)
            assert result.delta == local
            assert left(root, result) == fresh(root, scratch)


def test_a_delta_build_remakes_only_what_the_change_touches(tmp_path):
    root = write_vault(tmp_path / "vault", BASE)
    persisted(root, TODAY, write=True)
    apply(root, ("append", "Meetings/m3.md", "## Gave\n- a book\n"), 1)
    result = persisted(root, TODAY, write=True)
    assert result.delta and result.vault is None
    assert result.report.written == ["Balance.md", "Balance/Eva.md", "Dashboard.md", "Follow-ups.md"]
    assert result.pages == len(result.report.written) + len(result.report.unchanged)
    assert result.pages == fresh_result_pages(root, tmp_path)


def fresh_result_pages(root: Path, scratch: Path) -> int:
    copy = scratch / "fresh"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".vaultkit", "VaultKit"))
    return persisted(copy, TODAY, write=True).pages


def test_a_contact_whose_last_give_goes_loses_its_balance_page(tmp_path):
    root = write_vault(tmp_path / "vault", BASE)
    persisted(root, TODAY, write=True)
    assert (root / "VaultKit/Balance/Luis F.md").exists()
    apply(root, ("write", "Meetings/m2.md", '---\ntype: call\ndate: 2026-11-01\nwith: ["[[Luis F]]", "[[Ana]]"]\n---\n'), 1)
    result = persisted(root, TODAY, write=True)
    assert result.delta
    assert result.report.deleted == ["Balance/Luis F.md"] and not (root / "VaultKit/Balance/Luis F.md").exists()
    assert left(root, result) == fresh(root, tmp_path)


def test_a_new_day_takes_the_full_path(tmp_path):
    root = write_vault(tmp_path / "vault", BASE)
    persisted(root, TODAY, write=True)
    apply(root, LOCAL[0], 1)
    later = persisted(root, TODAY + dt.timedelta(days=1), write=True)
    assert not later.delta and later.vault is not None


def test_a_deleted_page_is_written_again_by_the_next_build(tmp_path):
    root = write_vault(tmp_path / "vault", BASE)
    persisted(root, TODAY, write=True)
    (root / "VaultKit/Goals.md").unlink()
    again = persisted(root, TODAY, write=True)  # nothing else changed: not a no-op, which would keep it missing
    assert again.report.written == ["Goals.md"] and (root / "VaultKit/Goals.md").exists()
    (root / "VaultKit/Goals.md").unlink()
    apply(root, LOCAL[0], 1)
    result = persisted(root, TODAY, write=True)  # a delta build would leave it missing: the full one writes it
    assert not result.delta and "Goals.md" in result.report.written


def test_an_index_saved_by_check_is_not_ready_for_a_delta(tmp_path):
    root = write_vault(tmp_path / "vault", BASE)
    persisted(root, TODAY, write=False)
    persisted(root, TODAY, write=True)  # a full build: no pages yet
    apply(root, LOCAL[0], 1)
    assert persisted(root, TODAY, write=True).delta
    persisted(root, TODAY, write=False)
    apply(root, LOCAL[1], 2)
    result = persisted(root, TODAY, write=True)
    assert not result.delta
    assert left(root, result) == fresh(root, tmp_path)


def test_a_page_edited_by_hand_takes_the_full_path_and_is_kept_aside(tmp_path):
    root = write_vault(tmp_path / "vault", BASE)
    persisted(root, TODAY, write=True)
    page = root / "VaultKit/Dashboard.md"
    page.write_text(page.read_text(encoding="utf-8") + "mine\n", encoding="utf-8")
    apply(root, LOCAL[0], 1)
    result = persisted(root, TODAY, write=True)
    assert not result.delta and result.report.kept_aside


def test_pages_written_since_by_a_build_without_the_index_take_the_full_path(tmp_path):
    """``watch`` writes pages without the index: the index no longer knows them, so a delta
    build could keep a page that is not what its own state would give."""
    from vaultkit.build import build

    root = write_vault(tmp_path / "vault", BASE)
    persisted(root, TODAY, write=True)
    apply(root, LOCAL[2], 1)
    build(root, TODAY + dt.timedelta(days=3))  # as ``watch`` would, a few days on
    apply(root, LOCAL[0], 2)
    result = persisted(root, TODAY, write=True)
    assert not result.delta
    assert left(root, result) == fresh(root, tmp_path)
