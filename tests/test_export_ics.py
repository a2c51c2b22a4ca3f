"""``vaultkit export ics``: dated follow-ups as calendar events or to-dos that calendar apps read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from conftest import TODAY
from vaultkit.cli import main

ANA = "---\ntype: contact\ncadence: monthly\n---\n"
COFFEE = """\
---
type: meeting
date: 2026-10-10
with: ["[[Ana García]]"]
---
- [ ] Send her the deck 📅 2026-11-25
- [ ] Share notes [due:: 2026-11-20]
- [ ] Share notes [due:: 2026-11-20]
- [ ] Someday, intro to [[Luis]]
"""
GOAL = "---\ntype: goal\nmetric: manual\ntarget: 2\nstart: 2026-09-01\nreview: 2w\nlast_review: 2026-11-01\n---\n"
VAULT = {
    "Contacts/Ana García.md": ANA,
    "Contacts/Luis.md": "---\ntype: contact\n---\n",
    "Meetings/2026-10-10 Coffee with Ana.md": COFFEE,
    "Goals/Speak at two conferences.md": GOAL,
}


def run(*args, today: dt.date = TODAY):
    return CliRunner().invoke(main, ["export", "ics", *map(str, args), "--today", today.isoformat()])


def components(data: bytes | str, name: str = "VEVENT") -> list:
    calendar = Calendar.from_ical(data)
    return [c for c in calendar.walk() if c.name == name]


def test_dated_follow_ups_become_all_day_events_with_a_reminder(make_vault):
    result = run(make_vault(VAULT))
    assert result.exit_code == 0
    assert result.stderr == "exported 5 events\n"
    events = components(result.stdout_bytes)
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in events] == [
        ("Follow up: Ana García (keep in touch)", TODAY),
        ("Follow up: Ana García (Share notes)", TODAY),
        ("Follow up: Ana García (Share notes)", TODAY),
        ("Review goal: Speak at two conferences", TODAY),
        ("Follow up: Ana García (Send her the deck)", dt.date(2026, 11, 25)),
    ]  # one event per dated reason, a person's together in the list's order; overdue ones on today
    # (a reminder in the past never rings); the undated task is left out
    deck = events[-1]
    assert deck.decoded("DTEND") == dt.date(2026, 11, 26)
    assert str(deck["DESCRIPTION"]) == ("task: Send her the deck\ndue 2026-11-25\n"
                                        "From Meetings/2026-10-10 Coffee with Ana.md, line 6")
    assert str(events[0]["DESCRIPTION"]) == ("keep in touch: every 1m, last contact 2026-10-10\n"
                                             "due 2026-11-10, 12 days overdue\nFrom Contacts/Ana García.md, line 1")
    assert deck.decoded("DTSTAMP") == dt.datetime(2026, 11, 22, tzinfo=dt.timezone.utc)
    alarms = [c for c in deck.walk() if c.name == "VALARM"]
    assert len(alarms) == 1
    assert (str(alarms[0]["ACTION"]), alarms[0].decoded("TRIGGER")) == ("DISPLAY", dt.timedelta(hours=9))
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == 5 and all(uid.endswith("@vaultkit") for uid in uids)


def test_todo_gives_to_dos_due_on_their_real_date(make_vault):
    result = run(make_vault(VAULT), "--todo")
    assert result.exit_code == 0
    assert result.stderr == "exported 5 to-dos\n"
    assert components(result.stdout_bytes, "VEVENT") == []
    todos = components(result.stdout_bytes, "VTODO")
    assert [(str(t["SUMMARY"]), t.decoded("DUE"), str(t["STATUS"])) for t in todos] == [
        ("Follow up: Ana García (keep in touch)", dt.date(2026, 11, 10), "NEEDS-ACTION"),
        ("Review goal: Speak at two conferences", dt.date(2026, 11, 15), "NEEDS-ACTION"),
        ("Follow up: Ana García (Share notes)", dt.date(2026, 11, 20), "NEEDS-ACTION"),
        ("Follow up: Ana García (Share notes)", dt.date(2026, 11, 20), "NEEDS-ACTION"),
        ("Follow up: Ana García (Send her the deck)", dt.date(2026, 11, 25), "NEEDS-ACTION"),
    ]
    assert not any(c.name == "VALARM" for t in todos for c in t.walk())


def test_same_vault_and_day_give_the_same_bytes_wherever_the_vault_is(tmp_path):
    from conftest import write_vault

    first = run(write_vault(tmp_path / "one", VAULT)).stdout_bytes
    second = run(write_vault(tmp_path / "elsewhere" / "two", VAULT)).stdout_bytes
    assert first == second
    assert first.startswith(b"BEGIN:VCALENDAR\r\n")
    assert run(tmp_path / "one", today=dt.date(2026, 11, 23)).stdout_bytes != first


def test_uids_stay_the_same_when_a_due_date_moves(make_vault):
    vault = make_vault(VAULT)
    before = {str(e["SUMMARY"]) + e["DESCRIPTION"].split("\n")[-1]: str(e["UID"])
              for e in components(run(vault).stdout_bytes)}
    note = vault / "Meetings" / "2026-10-10 Coffee with Ana.md"
    note.write_text(COFFEE.replace("2026-11-25", "2026-12-01"), encoding="utf-8")
    (vault / "Contacts" / "Ana García.md").write_text(ANA.replace("monthly", "weekly"), encoding="utf-8")
    events = components(run(vault).stdout_bytes)
    after = {str(e["SUMMARY"]) + e["DESCRIPTION"].split("\n")[-1]: str(e["UID"]) for e in events}
    assert after == before
    deck = next(e for e in events if "deck" in str(e["SUMMARY"]))
    assert deck.decoded("DTSTART") == dt.date(2026, 12, 1)


def test_a_changed_task_is_a_different_event(make_vault):
    vault = make_vault(VAULT)
    before = {str(e["UID"]) for e in components(run(vault).stdout_bytes)}
    note = vault / "Meetings" / "2026-10-10 Coffee with Ana.md"
    note.write_text(COFFEE.replace("Send her the deck", "Send her the slides"), encoding="utf-8")
    after = {str(e["UID"]) for e in components(run(vault).stdout_bytes)}
    assert len(after - before) == 1 and len(before - after) == 1


def test_an_empty_vault_gives_an_empty_calendar(make_vault):
    result = run(make_vault({"Contacts/Luis.md": "---\ntype: contact\n---\n"}))
    assert result.exit_code == 0
    assert result.stderr == "exported 0 events\n"
    calendar = Calendar.from_ical(result.stdout_bytes)
    assert str(calendar["X-WR-CALNAME"]) == "vaultkit follow-ups"
    assert components(result.stdout_bytes) == []


def test_output_file_outside_the_vault_is_written_atomically(make_vault, tmp_path):
    vault = make_vault(VAULT)
    target = tmp_path / "calendar" / "followups.ics"
    target.parent.mkdir()
    target.write_bytes(b"old calendar")
    result = run(vault, "-o", target)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"wrote 5 events to {target}\n"
    assert target.read_bytes() == run(vault).stdout_bytes
    assert [p.name for p in target.parent.iterdir()] == ["followups.ics"]  # no temp file left


def test_output_file_in_the_output_folder_is_fine(make_vault):
    vault = make_vault(VAULT)
    (vault / "VaultKit").mkdir()
    result = run(vault, "-o", vault / "VaultKit" / "Follow-ups.ics")
    assert result.exit_code == 0
    assert len(components((vault / "VaultKit" / "Follow-ups.ics").read_bytes())) == 5


@pytest.mark.parametrize("inside", ["Follow-ups.ics", "Contacts/Ana García.md", ".vaultkit/cal.ics"])
def test_output_file_among_the_notes_is_refused(make_vault, inside):
    vault = make_vault({**VAULT, ".vaultkit/keep": ""})
    target = vault / inside
    state = (vault / ".vaultkit/index.sqlite", vault / ".vaultkit/build.lock")  # the index is brought up to date

    def files():
        return {p: p.read_bytes() for p in vault.rglob("*") if p.is_file() and p not in state}

    before = files()
    result = run(vault, "-o", target)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {target}: refusing to write inside the vault's notes; "
                             "write it outside the vault or into VaultKit/\n")
    assert files() == before


def test_output_into_a_missing_folder_is_an_error(make_vault, tmp_path):
    target = tmp_path / "nowhere" / "f.ics"
    result = run(make_vault(VAULT), "-o", target)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {target}: no such folder {target.parent}\n"


def test_end_to_end_empty_folder_import_build_export(tmp_path):
    vault = tmp_path / "Notes"
    vault.mkdir()
    connections = Path(__file__).parent / "fixtures" / "linkedin" / "Connections.csv"
    runner = CliRunner()
    imported = runner.invoke(main, ["import", "linkedin", str(connections), str(vault), "--today", "2026-11-22"])
    assert imported.exit_code == 0
    priya = vault / "Contacts" / "Priya Raman.md"  # keep in touch with her: a cadence, counted from the import
    priya.write_text(priya.read_text(encoding="utf-8").replace("type: contact\n", "type: contact\ncadence: monthly\n"),
                     encoding="utf-8")
    built = runner.invoke(main, ["build", str(vault), "--today", "2026-11-22"])
    assert built.exit_code == 0
    assert "Priya Raman" in (vault / "VaultKit" / "Follow-ups.md").read_text(encoding="utf-8")
    exported = runner.invoke(main, ["export", "ics", str(vault), "--today", "2026-11-22",
                                    "-o", str(vault / "VaultKit" / "Follow-ups.ics")])
    assert exported.exit_code == 0
    events = components((vault / "VaultKit" / "Follow-ups.ics").read_bytes())
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in events] == [
        ("Follow up: Priya Raman (keep in touch)", dt.date(2026, 12, 22))]
    rebuilt = runner.invoke(main, ["build", str(vault), "--today", "2026-11-22"])
    assert rebuilt.exit_code == 0  # the calendar in the output folder does not upset the build
    assert (vault / "VaultKit" / "Follow-ups.ics").exists()


def test_the_interchange_commands_are_documented():
    root = Path(__file__).parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    guides = {name: (root / "docs" / "guide" / f"{name}.md").read_text(encoding="utf-8") for name in ("import", "export")}
    for name in guides:
        assert f"(docs/guide/{name}.md)" in readme
    for heading in ("## `vaultkit import linkedin CSV`", "## `vaultkit import vcard VCF`"):
        assert heading in guides["import"]
    assert guides["export"].startswith("# Exporting follow-ups: `vaultkit export ics`")
    for option in ("-o", "--todo"):
        assert option in CliRunner().invoke(main, ["export", "ics", "--help"]).stdout
        assert f"`{option}" in guides["export"]
