"""``vaultkit new contact|meeting|goal NAME``: from the vault's template or the built-in one; never overwrites."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from authoring_helpers import run, snapshot
from conftest import TODAY, write_vault

from vaultkit.authoring.new_note import new_note
from vaultkit.vault import load_vault

DAY = "2026-11-22"




def test_new_contact_from_the_built_in_template(tmp_path):
    result = run("new", "contact", "Ana García", tmp_path, "--today", DAY)
    assert result.exit_code == 0
    assert result.stdout == "created Contacts/Ana García.md\n"
    text = (tmp_path / "Contacts/Ana García.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntype: contact\naliases: []\ncompany:\n")
    assert text.endswith("---\n![[VaultKit/Balance/Ana García]]\n\n## Notes\n")
    vault = load_vault(tmp_path, TODAY)
    assert vault.problems == ()
    assert vault.contacts["Contacts/Ana García.md"].name == "Ana García"


def test_new_meeting_is_dated_and_named_by_the_date(tmp_path):
    result = run("new", "meeting", "Coffee with Ana", tmp_path, "--today", DAY)
    assert result.exit_code == 0
    assert result.stdout == "created Meetings/2026-11-22 Coffee with Ana.md\n"
    text = (tmp_path / "Meetings/2026-11-22 Coffee with Ana.md").read_text(encoding="utf-8")
    assert text == "---\ntype: meeting\ndate: 2026-11-22\nwith: []\nchannel:\ngoals: []\n---\n## Gave\n\n## Asked\n\n## Notes\n"


def test_new_goal_starts_today(tmp_path):
    result = run("new", "goal", "Meet 6 people", tmp_path, "--today", DAY)
    assert result.exit_code == 0
    assert result.stdout == "created Goals/Meet 6 people.md\n"
    goal = load_vault(tmp_path, TODAY).goals["Goals/Meet 6 people.md"]
    assert (goal.start, goal.status, goal.metric) == (TODAY, "active", None)


def test_new_uses_the_vaults_template_with_placeholders_filled(tmp_path):
    write_vault(tmp_path, {"Templates/Contact.md": "---\ntype: contact\nmet: {{date:YYYY-MM-DD}}\n---\n"
                                                   "# {{title}}\nadded {{date:D MMMM}} at {{time}}\n"})
    result = run("new", "contact", "Ben Carter", tmp_path, "--today", DAY)
    assert result.exit_code == 0
    assert result.stdout == "created Contacts/Ben Carter.md from Templates/Contact.md\n"
    text = (tmp_path / "Contacts/Ben Carter.md").read_text(encoding="utf-8")
    assert re.fullmatch(r"---\ntype: contact\nmet: 2026-11-22\n---\n# Ben Carter\nadded 22 November at \d\d:\d\d\n",
                        text)


def test_new_fills_the_time_it_is_given(tmp_path):
    write_vault(tmp_path, {"templates/meeting.md": "{{title}} at {{time}}, {{date:ddd}}\n"})
    created = new_note(tmp_path, "meeting", "Standup", dt.datetime(2026, 11, 22, 7, 5))
    assert created == ("Meetings/2026-11-22 Standup.md", "templates/meeting.md")
    assert (tmp_path / created[0]).read_text(encoding="utf-8") == "2026-11-22 Standup at 07:05, Sun\n"


def test_new_goes_to_the_first_configured_folder_of_its_kind(tmp_path):
    write_vault(tmp_path, {"vaultkit.toml": '[folders]\ngoals = ["Objectives", "Goals"]\ncontacts = ["people"]\n',
                           "People/Old.md": "---\ntype: contact\n---\n"})
    assert run("new", "goal", "Ship it", tmp_path, "--today", DAY).stdout == "created Objectives/Ship it.md\n"
    assert run("new", "contact", "Ana", tmp_path, "--today", DAY).stdout == "created People/Ana.md\n"


def test_spanish_vault_uses_its_spanish_templates(tmp_path):
    run("init", tmp_path, "--language", "es")
    result = run("new", "meeting", "Café con Ana", tmp_path, "--today", DAY)
    assert result.stdout == "created Meetings/2026-11-22 Café con Ana.md from Templates/Reunión.md\n"
    assert "\n## Di\n\n## Pedí\n" in (tmp_path / "Meetings/2026-11-22 Café con Ana.md").read_text(encoding="utf-8")


def test_spanish_built_in_template_without_a_templates_folder(tmp_path):
    write_vault(tmp_path, {"vaultkit.toml": 'language = "es"\n'})
    result = run("new", "goal", "Escribir", tmp_path, "--today", DAY)
    assert result.stdout == "created Goals/Escribir.md\n"
    assert (tmp_path / "Goals/Escribir.md").read_text(encoding="utf-8").endswith("---\n## Registro\n")


def test_the_name_is_made_file_safe(tmp_path):
    result = run("new", "contact", "  AC/DC: the  band?  ", tmp_path, "--today", DAY)
    assert result.exit_code == 0
    assert result.stdout == "created Contacts/AC-DC- the band-.md\n"


@pytest.mark.parametrize("kind, name, existing", [
    ("contact", "Ana García", "Contacts/Ana García.md"),
    ("meeting", "Coffee", "Meetings/2026-11-22 Coffee.md"),
    ("goal", "Ship it", "Goals/Ship it.md"),
])
def test_new_refuses_an_existing_note_and_changes_nothing(tmp_path, kind, name, existing):
    write_vault(tmp_path, {existing: "---\ntype: x\n---\nmine\n"})
    before = snapshot(tmp_path)
    result = run("new", kind, name, tmp_path, "--today", DAY)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {existing} already exists; nothing was changed\n"
    assert snapshot(tmp_path) == before


def test_new_refuses_a_file_that_differs_only_in_case(tmp_path):
    write_vault(tmp_path, {"Meetings/2026-11-22 coffee.md": "mine\n"})
    result = run("new", "meeting", "COFFEE", tmp_path, "--today", DAY)
    assert result.exit_code == 1
    assert result.stderr == "Error: Meetings/2026-11-22 coffee.md already exists; nothing was changed\n"
    assert sorted(p.name for p in (tmp_path / "Meetings").iterdir()) == ["2026-11-22 coffee.md"]


@pytest.mark.parametrize("kind, name, files, owner", [
    ("contact", "ana garcía", {"People/Ana García.md": "---\ntype: contact\naliases: [Ani]\n---\n"}, "People/Ana García.md"),
    ("contact", "Ani", {"People/Ana García.md": "---\ntype: contact\naliases: [Ani]\n---\n"}, "People/Ana García.md"),
    ("goal", "Ship It", {"Goals/g1.md": "---\ntype: goal\ntitle: Ship it\n---\n"}, "Goals/g1.md"),
])
def test_new_refuses_a_name_another_note_of_its_kind_answers_to(tmp_path, kind, name, files, owner):
    write_vault(tmp_path, files)
    before = snapshot(tmp_path)
    result = run("new", kind, name, tmp_path, "--today", DAY)
    assert result.exit_code == 1
    assert result.stderr == f"Error: '{name}' already names {owner}; nothing was changed\n"
    assert snapshot(tmp_path) == before


def test_new_needs_a_name(tmp_path):
    result = run("new", "contact", "   ", tmp_path, "--today", DAY)
    assert result.exit_code == 1
    assert result.stderr == "Error: the contact needs a name\n"
    assert list(tmp_path.iterdir()) == []


def test_new_rejects_an_unknown_kind(tmp_path):
    result = run("new", "person", "Ana", tmp_path)
    assert result.exit_code == 2
    assert "'person' is not one of 'contact', 'meeting', 'goal'" in result.stderr


def test_an_unreadable_template_is_an_error_not_a_traceback(tmp_path):
    write_vault(tmp_path, {"Templates/Goal.md": b"\xff\xfe bad"})
    result = run("new", "goal", "Ship", tmp_path, "--today", DAY)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot read the template Templates/Goal.md: ")
    assert not (tmp_path / "Goals").exists()


def test_new_meeting_with_participants_is_a_valid_interaction(tmp_path):
    write_vault(tmp_path, {"Contacts/Ana García.md": "---\ntype: contact\naliases: [Anita]\n---\n",
                           "People/Luis.md": "---\nname: Luis Pérez\n---\n"})
    result = run("new", "meeting", "Coffee", tmp_path, "--with", "anita", "--with", "Luis Pérez",
                 "--with", "Ana García", "--today", DAY)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "Meetings/2026-11-22 Coffee.md").read_text(encoding="utf-8")
    assert 'with: ["[[Ana García]]", "[[Luis]]"]\n' in text  # each once, linked by file name
    vault = load_vault(tmp_path, TODAY)
    assert vault.problems == ()
    assert vault.interactions[0].participants == ("Contacts/Ana García.md", "People/Luis.md")


def test_with_takes_the_one_contact_a_first_name_names_and_says_which(tmp_path):
    """``new meeting --with Luis`` when "Luis Fernández" is the only Luis."""
    write_vault(tmp_path, {"Contacts/Luis Fernández.md": "---\ntype: contact\n---\n",
                           "Contacts/Ana.md": "---\ntype: contact\n---\n"})
    result = run("new", "meeting", "Lunch", tmp_path, "--with", "Luis", "--today", DAY)
    assert result.exit_code == 0, result.output
    assert result.stderr == "'Luis' is Luis Fernández (Contacts/Luis Fernández.md)\n"
    assert 'with: ["[[Luis Fernández]]"]\n' in (tmp_path / "Meetings/2026-11-22 Lunch.md").read_text(encoding="utf-8")


def test_with_fills_a_vault_template_that_has_no_with_line(tmp_path):
    write_vault(tmp_path, {"Contacts/Ana.md": "---\ntype: contact\n---\n",
                           "Templates/Meeting.md": "---\ntype: meeting\ndate: {{date}}\n---\nAgenda:\n"})
    assert run("new", "meeting", "Sync", tmp_path, "--with", "Ana", "--today", DAY).exit_code == 0
    text = (tmp_path / "Meetings/2026-11-22 Sync.md").read_text(encoding="utf-8")
    assert text == '---\ntype: meeting\ndate: 2026-11-22\nwith: ["[[Ana]]"]\n---\nAgenda:\n'


@pytest.mark.parametrize("args, message", [
    (("meeting", "Lunch", "--with", "Nobody"), "Error: no contact named 'Nobody'\n"),
    (("contact", "Bea", "--with", "Ana"), "Error: --with is for meetings only\n"),
])
def test_with_refuses_unknown_people_and_other_kinds_and_creates_nothing(tmp_path, args, message):
    write_vault(tmp_path, {"Contacts/Ana.md": "---\ntype: contact\n---\n"})
    before = snapshot(tmp_path)
    result = run("new", *args[:2], tmp_path, *args[2:], "--today", DAY)
    assert (result.exit_code, result.stderr) == (1, message)
    assert snapshot(tmp_path) == before


def test_a_new_contact_records_when_it_was_made(tmp_path):
    """``created:`` (as kepano's templates write it): a cadence added to someone never
    contacted counts from it."""
    assert run("new", "contact", "Zoe Lane", tmp_path, "--today", DAY).exit_code == 0
    text = (tmp_path / "Contacts/Zoe Lane.md").read_text(encoding="utf-8")
    assert f"\ncreated: {DAY}\n" in text
    assert load_vault(tmp_path, TODAY).contacts["Contacts/Zoe Lane.md"].created == dt.date(2026, 11, 22)
