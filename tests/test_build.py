"""``vaultkit.build.build`` and the ``build``/``check``/view commands: idempotent, path-independent,
touching nothing but the output and state folders, keeping hand edits, and the CLI's exact output."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TODAY, write_vault
from update_golden import SAMPLE

from vaultkit.build import build
from vaultkit.buildlog import RECORD_NAME
from vaultkit.cli import main
from vaultkit.model import GOAL_STATES
from vaultkit.pages.parts import render_vault
from vaultkit.reports.followups import GROUPS, REASONS
from vaultkit.vault import load_vault

OUT = "VaultKit"
DAY = "2026-11-22"

BASIC = {
    "Contacts/Ana.md": "---\ntype: contact\ncadence: monthly\ninterests: [chess]\n---\n",
    "Contacts/Ben.md": "---\ntype: contact\n---\n",
    "Meetings/2026-11-01 Coffee.md": """\
        ---
        type: meeting
        date: 2026-11-01
        with: ["[[Ana]]", "[[Ben]]"]
        goals: ["[[Meet people]]"]
        ---
        ## Gave
        - a book
        """,
    "Meetings/2026-11-05 Call.md": """\
        ---
        type: call
        date: 2026-11-05
        with: ["[[Ben]]"]
        ---
        ## Asked
        - a referral
        - [ ] send the slides 📅 2026-11-25
        """,
    "Goals/Meet people.md": "---\ntype: goal\nmetric: contacts\ntarget: 4\nstart: 2026-09-01\ndeadline: 2027-02-28\n"
                            "review: never\n---\n",
}
BASIC_PAGES = ["Balance.md", "Balance/Ana.md", "Balance/Ben.md", "Dashboard.md", "Follow-ups.md", "Goals.md",
               "Goals/Meet people.md", "Problems.md"]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def stats(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """path -> (mtime_ns, inode, bytes) of every file under ``folder``."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            info = path.stat()
            found[path.relative_to(folder).as_posix()] = (info.st_mtime_ns, info.st_ino, path.read_bytes())
    return found


def copy_sample(into: Path) -> Path:
    shutil.copytree(SAMPLE, into, ignore=shutil.ignore_patterns(OUT, ".vaultkit"))
    return into


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """A read-only copy of the sample vault for the views."""
    return copy_sample(tmp_path_factory.mktemp("views") / "sample-vault")


# -- idempotence ------------------------------------------------------------------------------


def test_first_build_writes_every_page(make_vault):
    root = make_vault(BASIC)
    result = build(root, TODAY)
    assert result.problems == []
    assert result.pages == len(BASIC_PAGES)
    assert result.report.written == BASIC_PAGES
    assert (result.report.unchanged, result.report.deleted, result.report.kept_aside) == ([], [], [])
    assert sorted(files_under(root / OUT)) == BASIC_PAGES
    vault = load_vault(root, TODAY)
    assert {p.path: p.text.encode("utf-8") for p in render_vault(vault, [])} == files_under(root / OUT)


def test_second_build_at_the_same_date_writes_nothing(make_vault):
    root = make_vault(BASIC)
    build(root, TODAY)
    before = {**stats(root / OUT), **{f".vaultkit/{k}": v for k, v in stats(root / ".vaultkit").items()}}
    second = build(root, TODAY)
    after = {**stats(root / OUT), **{f".vaultkit/{k}": v for k, v in stats(root / ".vaultkit").items()}}
    for state in (before, after):  # every build records when it ran, for vaultkit status (tests/test_status.py)
        state.pop(f".vaultkit/{RECORD_NAME}")
    assert second.report.written == []
    assert second.report.deleted == []
    assert second.report.unchanged == BASIC_PAGES
    assert second.problems == []
    assert after == before  # same bytes, same mtime_ns, same inode: not even rewritten in place


def test_a_new_date_rewrites_the_pages_whose_text_changed(make_vault):
    root = make_vault(BASIC)
    build(root, TODAY)
    before = stats(root / OUT)
    later = build(root, TODAY + dt.timedelta(days=1))
    after = stats(root / OUT)
    changed = sorted(p for p in after if after[p][2] != before[p][2])
    assert later.report.written == changed
    # the pages that show the date move; the ledgers and problems, which do not, stay as they were
    assert changed == [p for p in BASIC_PAGES if not p.startswith("Balance") and p != "Problems.md"]
    assert all(after[p][2].startswith(b"---\nvaultkit: generated\nas_of: 2026-11-23\n---\n") for p in changed)
    assert all(after[p][2].startswith(b"---\nvaultkit: generated\n---\n") for p in after.keys() - set(changed))
    assert build(root, TODAY + dt.timedelta(days=1)).report.written == []


def test_a_note_change_rewrites_only_the_pages_it_changes(make_vault):
    root = make_vault(BASIC)
    build(root, TODAY)
    before = stats(root / OUT)
    call = root / "Meetings" / "2026-11-05 Call.md"
    call.write_text(call.read_text(encoding="utf-8").replace("a referral", "a warm referral"), encoding="utf-8")
    result = build(root, TODAY)
    after = stats(root / OUT)
    assert result.report.written == ["Balance/Ben.md"]
    assert b"| 2026-11-05 | ask | a warm referral | 1 | 0 |" in after["Balance/Ben.md"][2]
    assert {p: v for p, v in after.items() if p != "Balance/Ben.md"} == {
        p: v for p, v in before.items() if p != "Balance/Ben.md"}


# -- path independence ------------------------------------------------------------------------


def public_tables(root: Path) -> dict[str, list]:
    connection = sqlite3.connect(root / ".vaultkit" / "index.sqlite")
    try:
        return {table: sorted(connection.execute(f"SELECT * FROM {table}"), key=repr)
                for table in ("contacts", "interactions", "participants", "exchanges", "tasks", "goals", "problems")}
    finally:
        connection.close()


def test_the_same_vault_at_two_paths_builds_identical_output(tmp_path):
    first = copy_sample(tmp_path / "one" / "sample-vault")
    second = copy_sample(tmp_path / "two" / "deeper" / "Another name")
    one, two = build(first, TODAY), build(second, TODAY)
    assert one.problems == two.problems == []
    assert one.report.written == two.report.written
    built = files_under(first / OUT)
    assert len(built) == 27
    assert built == files_under(second / OUT)
    state = files_under(first / ".vaultkit")
    assert state.pop("index.sqlite") and state.pop(RECORD_NAME)  # the record names the time and the process
    assert state == {k: v for k, v in files_under(second / ".vaultkit").items() if k not in ("index.sqlite", RECORD_NAME)}
    assert public_tables(first) == public_tables(second)  # the index keeps file times too: compare what it says
    assert str(tmp_path).encode() not in (first / ".vaultkit" / "index.sqlite").read_bytes()
    manifest = json.loads((first / ".vaultkit" / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(built)
    assert str(tmp_path) not in (first / ".vaultkit" / "manifest.json").read_text(encoding="utf-8")
    again = build(first, TODAY)
    assert again.report.written == [] and len(again.report.unchanged) == 27


# -- nothing else changes ---------------------------------------------------------------------


def test_build_changes_nothing_outside_the_output_and_state_folders(tmp_path):
    root = copy_sample(tmp_path / "sample-vault")

    def outside() -> dict:
        found = {}
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root).as_posix()
            if rel.split("/")[0] in (OUT, ".vaultkit"):
                continue
            info = path.lstat()
            found[rel] = (info.st_mtime_ns, path.read_bytes() if path.is_file() else None)
        return found

    before = outside()
    assert any(rel.startswith("Contacts/") for rel in before) and ".obsidian" in before
    build(root, TODAY)
    (root / OUT / "Dashboard.md").write_text("edited\n", encoding="utf-8")
    build(root, TODAY + dt.timedelta(days=3))
    build(root, TODAY + dt.timedelta(days=3))
    assert outside() == before  # the notes' bytes and mtimes, folders included, no new file


# -- hand edits -------------------------------------------------------------------------------


def test_hand_edited_page_is_reported_by_check_then_kept_aside_by_build(make_vault):
    root = make_vault(BASIC)
    assert run("build", root, "--today", DAY).exit_code == 0
    page = root / OUT / "Follow-ups.md"
    generated = page.read_bytes()
    edited = generated + b"\nMy own notes about who to call.\n"
    page.write_bytes(edited)

    checked = run("check", root, "--today", DAY)
    assert checked.exit_code == 0
    assert checked.stdout == ("VaultKit/Follow-ups.md:1: warning[generated-edited] this generated page was edited "
                              "by hand; building keeps your version beside it (named with 'edited' and the date) "
                              "and writes the page again\n")
    assert run("check", root, "--today", DAY, "--strict").exit_code == 1
    assert page.read_bytes() == edited  # check changes nothing

    built = run("build", root, "--today", DAY)
    assert built.exit_code == 0
    lines = built.stdout.splitlines()
    assert [line for line in lines if "generated-edited" in line] == [
        "VaultKit/Follow-ups.md:1: warning[generated-edited] this generated page was edited by hand; your version "
        "was kept as 'VaultKit/Follow-ups (edited 2026-11-22).md' and the page was generated again"]
    assert built.stderr.splitlines()[0] == "kept your edited Follow-ups.md as Follow-ups (edited 2026-11-22).md"
    assert built.stderr.splitlines()[1].endswith(": 0 errors, 1 warning")

    copy = root / OUT / "Follow-ups (edited 2026-11-22).md"
    assert copy.read_bytes() == edited
    assert page.read_bytes() == generated

    again = build(root, TODAY)
    assert [p for p in again.problems if p.code == "generated-edited"] == []
    assert copy.read_bytes() == edited
    assert "generated-edited" not in run("check", root, "--today", DAY).stdout


def test_a_page_no_longer_produced_is_deleted_unless_edited(make_vault):
    root = make_vault({
        **BASIC,
        "Meetings/2026-11-05 Call.md": '---\ntype: call\ndate: 2026-11-05\nwith: ["[[Ben]]"]\n---\n## Asked\n- a referral\n',
        "Meetings/2026-11-06 Lunch.md": '---\ntype: call\ndate: 2026-11-06\nwith: ["[[Cy]]"]\n---\n## Gave\n- lunch\n',
        "Contacts/Cy.md": "---\ntype: contact\n---\n",
    })
    build(root, TODAY)
    balance = root / OUT / "Balance"
    assert sorted(p.name for p in balance.iterdir()) == ["Ana.md", "Ben.md", "Cy.md"]
    edited = (balance / "Ben.md").read_bytes() + b"\nmine\n"
    (balance / "Ben.md").write_bytes(edited)
    # every give and ask with Ana and Ben is removed from the notes; Cy keeps his
    coffee = root / "Meetings" / "2026-11-01 Coffee.md"
    coffee.write_text(coffee.read_text(encoding="utf-8").replace("## Gave\n- a book\n", ""), encoding="utf-8")
    (root / "Meetings" / "2026-11-05 Call.md").write_text(
        '---\ntype: call\ndate: 2026-11-05\nwith: ["[[Ben]]"]\n---\nJust a chat.\n', encoding="utf-8")

    result = build(root, TODAY)
    assert result.report.deleted == ["Balance/Ana.md"]
    assert not (balance / "Ana.md").exists()
    assert (balance / "Ben.md").read_bytes() == edited
    assert [(p.path, p.line, p.severity, p.code) for p in result.problems] == [
        ("VaultKit/Balance/Ben.md", 1, "warning", "generated-edited")]
    manifest = json.loads((root / ".vaultkit" / "manifest.json").read_text(encoding="utf-8"))
    assert "Balance/Ana.md" not in manifest["files"]
    assert "[[VaultKit/Balance/Ana" not in (root / OUT / "Balance.md").read_text(encoding="utf-8")

    later = build(root, TODAY)
    assert later.report.deleted == []
    assert (balance / "Ben.md").read_bytes() == edited


def test_empty_balance_folder_goes_with_its_last_page(make_vault):
    root = make_vault(BASIC)
    build(root, TODAY)
    for name in ("2026-11-01 Coffee.md", "2026-11-05 Call.md"):
        (root / "Meetings" / name).unlink()
    result = build(root, TODAY)
    assert result.report.deleted == ["Balance/Ana.md", "Balance/Ben.md"]
    assert not (root / OUT / "Balance").exists()


# -- the build command ------------------------------------------------------------------------


def test_build_command_prints_a_summary_and_exits_0(make_vault):
    root = make_vault(BASIC)
    result = run("build", root, "--today", DAY)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "built 8 pages from 5 notes: 8 written, 0 unchanged, 0 deleted: 0 errors, 0 warnings\n"
    again = run("build", root, "--today", DAY)
    assert again.stderr == "built 8 pages from 5 notes: 0 written, 8 unchanged, 0 deleted: 0 errors, 0 warnings\n"


def test_build_command_exits_1_on_errors_but_still_writes_the_pages(make_vault):
    root = make_vault({**BASIC, "Meetings/Undated.md": '---\ntype: call\nwith: ["[[Ana]]"]\n---\n## Asked\n- x\n'})
    result = run("build", root, "--today", DAY)
    assert result.exit_code == 1
    assert result.stdout == ("Meetings/Undated.md:1: error[missing-date] interaction has no date: "
                             "add 'date: YYYY-MM-DD'\n")
    assert result.stderr == "built 8 pages from 6 notes: 8 written, 0 unchanged, 0 deleted: 1 error, 0 warnings\n"
    assert sorted(files_under(root / OUT)) == BASIC_PAGES
    problems = (root / OUT / "Problems.md").read_text(encoding="utf-8")
    assert "- [[Meetings/Undated|Undated]] line 1: error[missing-date] interaction has no date" in problems


def test_build_command_json(make_vault):
    root = make_vault({**BASIC, "Meetings/Undated.md": '---\ntype: call\nwith: ["[[Ana]]"]\n---\n'})
    result = run("build", root, "--today", DAY, "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert sorted(data) == ["errors", "notes", "problems", "today", "vault", "warnings"]
    assert (data["today"], data["notes"], data["errors"], data["warnings"]) == (DAY, 6, 1, 0)
    assert Path(data["vault"]) == root
    assert data["problems"] == [{"path": "Meetings/Undated.md", "line": 1, "severity": "error", "code": "missing-date",
                                 "message": "interaction has no date: add 'date: YYYY-MM-DD'"}]
    assert (root / OUT / "Dashboard.md").is_file()


# -- the views --------------------------------------------------------------------------------


@pytest.mark.parametrize("view, first_lines", [
    ("followups", ["Overdue (6)",
                   "  Rachel Kim - follow up: follow up on 2026-11-02 Call with Rachel Kim",
                   "    due 2026-11-16, 6 days overdue · Meetings/2026-11-02 Call with Rachel",
                   "    Kim.md:5"]),
    ("goals", ["Help 20 people in my network: 15/20 (expected 15.7), on track, 9 days late at",
               "    this pace",
               "    Review: due 2026-10-30"]),
    ("balance", ["15 people helped · 42 given · 32 asked",
                 "",
                 "Rachel Kim           -2  You have asked more: give first next time."]),
])
def test_view_first_lines_and_width(sample, view, first_lines):
    result = run(view, "--today", DAY, sample)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:len(first_lines)] == first_lines
    assert len(lines) >= 7
    too_wide = [line for line in lines if len(line) > 80]
    assert too_wide == []


def test_followups_json(sample):
    result = run("followups", "--today", DAY, "--json", sample)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert sorted(data) == ["followups", "today"]
    assert data["today"] == DAY
    items = data["followups"]
    keys = ["contact", "context", "due", "goal", "group", "reason", "reasons", "source", "text", "urgency"]
    assert all(sorted(item) == keys for item in items)
    people = [item["contact"]["path"] for item in items if item["contact"]]
    assert len(people) == len(set(people)) == 9  # one entry per person
    reasons = [reason for item in items for reason in item["reasons"]]
    assert {reason["reason"] for reason in reasons} == set(REASONS) == {
        "task", "follow_up", "cadence", "new_contact", "awaiting_reply", "goal_review", "upcoming"}
    assert all(sorted(reason) == ["due", "group", "reason", "source", "text", "urgency"] for reason in reasons)
    for item in items:  # the first reason is the most urgent: it places the entry
        top = item["reasons"][0]
        assert {k: item[k] for k in top} == top
    groups = [GROUPS.index(item["group"]) for item in items]
    assert groups == sorted(groups)
    for group in ("overdue", "today"):
        urgencies = [item["urgency"] for item in items if item["group"] == group]
        assert urgencies == sorted(urgencies, reverse=True)
    assert items[0] == {  # not her weekly keep-in-touch: her call on 12-10 is booked
        "reason": "follow_up", "group": "overdue", "due": "2026-11-16",
        "contact": {"path": "Contacts/Rachel Kim.md", "name": "Rachel Kim"}, "goal": None,
        "text": "2026-11-02 Call with Rachel Kim",
        "source": {"path": "Meetings/2026-11-02 Call with Rachel Kim.md", "line": 5}, "urgency": 0.8571,
        "context": {
            "last_interaction": {"path": "Meetings/2026-11-02 Call with Rachel Kim.md", "line": 1,
                                 "title": "2026-11-02 Call with Rachel Kim", "channel": "call", "date": "2026-11-02"},
            "balance": -2.0,
            "shared_goals": [
                {"path": "Goals/Land a staff role in climate tech.md", "title": "Land a staff role in climate tech"},
                {"path": "Goals/Publish 6 articles on climate data.md", "title": "Publish 6 articles on climate data"}],
            "interests": ["writing", "hiking", "energy policy"],
        },
        "reasons": [{"reason": "follow_up", "group": "overdue", "due": "2026-11-16",
                     "text": "2026-11-02 Call with Rachel Kim",
                     "source": {"path": "Meetings/2026-11-02 Call with Rachel Kim.md", "line": 5}, "urgency": 0.8571}],
    }
    for item in items:
        if item["reason"] == "goal_review":
            assert item["contact"] is None and item["context"] is None
            assert item["goal"]["path"] == item["source"]["path"]
        else:
            assert item["contact"] is not None and item["goal"] is None
        if item["due"] is not None:
            assert dt.date.fromisoformat(item["due"]).isoformat() == item["due"]
        assert isinstance(item["source"]["line"], int) and item["source"]["line"] >= 1


def test_goals_json(sample):
    result = run("goals", "--today", DAY, "--json", sample)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["today"] == DAY
    goals = {goal["title"]: goal for goal in data["goals"]}
    assert len(goals) == 6
    for goal in goals.values():
        assert {"state", "value", "target", "expected"} <= set(goal)
        assert goal["state"] in GOAL_STATES
    first = goals["Help 20 people in my network"]
    assert (first["state"], first["value"], first["target"], first["late_days"]) == ("on track", 15.0, 20.0, 9)
    assert first["expected"] == pytest.approx(20 * 144 / 183)
    assert goals["Rebuild my Madrid network"]["state"] == "achieved"
    assert goals["Speak at two conferences"]["state"] == "dropped"
    assert goals["Publish 6 articles on climate data"]["state"] == "ahead"


def test_balance_json(sample):
    result = run("balance", "--today", DAY, "--json", sample)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["today"] == DAY
    assert data["totals"] == {"people_helped": 15, "given": 42.0, "asked": 32.0}
    contacts = data["contacts"]
    assert len(contacts) == 16
    assert [(c["balance"], c["name"].casefold()) for c in contacts] == sorted(
        (c["balance"], c["name"].casefold()) for c in contacts)
    assert contacts[0]["name"] == "Rachel Kim" and contacts[0]["verdict"] == "asked_more"
    for contact in contacts:
        expected = "give_more" if contact["balance"] > 0 else "even" if contact["balance"] == 0 else "asked_more"
        assert contact["verdict"] == expected
        assert contact["balance"] == contact["given"] - contact["asked"]
        running = 0.0
        for entry in contact["entries"]:
            running += entry["weight"] if entry["kind"] == "give" else -entry["weight"]
            assert entry["running"] == running
            assert entry["date"] <= DAY
        assert running == contact["balance"]
        assert [e["date"] for e in contact["entries"]] == sorted(e["date"] for e in contact["entries"])


def test_views_leave_the_vault_untouched(sample):
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in sample.rglob("*") if p.is_file()}
    for view in ("followups", "goals", "balance"):
        run(view, "--today", DAY, sample)
        run(view, "--today", DAY, "--json", sample)
    assert not (sample / OUT).exists()
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in sample.rglob("*") if p.is_file()} == before


def test_write_vault_order_is_irrelevant_to_the_build(tmp_path):
    first = write_vault(tmp_path / "a", BASIC)
    second = write_vault(tmp_path / "b", dict(reversed(list(BASIC.items()))))
    build(first, TODAY)
    build(second, TODAY)
    assert sorted(files_under(first / OUT)) == BASIC_PAGES
    assert files_under(first / OUT) == files_under(second / OUT)
