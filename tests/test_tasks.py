"""Tasks are tasks (issue 14): a checkbox item is never a give or an ask, and the Tasks
plugin's fields are read (scheduled, start, recurrence) and left out of the text shown."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import TODAY, codes, meeting, write_vault

from vaultkit.reports.followups import follow_ups
from vaultkit.vault import load_vault

D = dt.date
PEOPLE = {"Contacts/Ana.md": "", "Contacts/Zoe.md": ""}
# The README's meeting example: its tasks come right after "## Asked".
README_BODY = """## Gave
- Intro to [[Luis Fernández]] for her hiring [weight:: 2]

## Asked
- Feedback on my CV

- [{0}] Send her the deck 📅 2026-10-10{2}
- [{1}] Share notes [due:: 2026-10-12]
"""


def loaded(tmp_path, files: dict[str, str], today: dt.date = TODAY):
    return load_vault(write_vault(tmp_path / "vault", {**PEOPLE, **files}), today)


def balance(vault, contact: str = "Contacts/Ana.md") -> float:
    return vault.balance(contact)


@pytest.mark.parametrize("first, second, done", [
    (" ", " ", ""),  # as written
    ("x", " ", " ✅ 2026-10-09"),  # one ticked with the Tasks plugin
    ("x", "-", " ✅ 2026-10-09"),  # and the other cancelled
    ("x", "x", ""),  # both ticked by hand
])
def test_ticking_or_cancelling_a_task_never_changes_a_balance(tmp_path, first, second, done):
    """The README example gives +1 (a give of weight 2, one ask), whatever its tasks' state."""
    vault = loaded(tmp_path, {"Meetings/Coffee.md": meeting("2026-10-03", "Ana", body=README_BODY.format(
        first, second, done))})
    assert balance(vault) == 1
    assert [(e.kind, e.text) for e in vault.exchanges] == [("give", "Intro to [[Luis Fernández]] for her hiring"),
                                                           ("ask", "Feedback on my CV")]


@pytest.mark.parametrize("mark", [" ", "x", "-"])
def test_a_tagged_checkbox_is_no_give_either(tmp_path, mark):
    vault = loaded(tmp_path, {"Meetings/Coffee.md": meeting("2026-10-03", "Ana", body=f"- [{mark}] the deck #gave\n")})
    assert vault.exchanges == ()


def test_scheduled_is_the_due_date_without_one_and_start_holds_a_task_back(tmp_path):
    body = ("- [ ] call about the role ⏳ 2026-11-25\n"
            "- [ ] prepare the talk 📅 2026-11-30 ⏳ 2026-11-20\n"
            "- [ ] ask for the intro 🛫 2026-11-28 📅 2026-12-01\n"
            "- [ ] plan the trip 🛫 2026-11-20\n")
    vault = loaded(tmp_path, {"Meetings/Coffee.md": meeting("2026-10-03", "Ana", body=body)})
    assert [(t.text, t.due, t.start) for t in vault.tasks] == [
        ("call about the role", D(2026, 11, 25), None),
        ("prepare the talk", D(2026, 11, 30), None),
        ("ask for the intro", D(2026, 12, 1), D(2026, 11, 28)),
        ("plan the trip", None, D(2026, 11, 20)),
    ]
    listed = [i.text for i in follow_ups(vault) if i.reason == "task"]
    assert sorted(listed) == ["call about the role", "plan the trip", "prepare the talk"]  # the intro starts 11-28
    later = load_vault(tmp_path / "vault", D(2026, 11, 28))
    assert "ask for the intro" in [i.text for i in follow_ups(later) if i.reason == "task"]


def test_the_tasks_plugins_fields_and_priorities_are_not_shown(tmp_path):
    body = "- [ ] send the deck ⏫ 📅 2026-11-30 ⏳ 2026-11-28 🛫 2026-11-01 ➕ 2026-10-03 🔁 every week\n"
    vault = loaded(tmp_path, {"Meetings/Coffee.md": meeting("2026-10-03", "Ana", body=body)})
    assert [t.text for t in vault.tasks] == ["send the deck"]


@pytest.mark.parametrize("line, due", [
    ("- [x] call her 🔁 every 2 weeks 📅 2026-11-10 ✅ 2026-11-12", D(2026, 11, 24)),
    ("- [x] call her 🔁 every month when done 📅 2026-11-10 ✅ 2026-11-12", D(2026, 12, 12)),
    ("- [x] call her 🔁 every week ⏳ 2026-11-10", D(2026, 11, 17)),
])
def test_a_done_recurring_task_gives_its_next_occurrence(tmp_path, line, due):
    vault = loaded(tmp_path, {"Meetings/Coffee.md": meeting("2026-10-03", "Ana", body=line + "\n")})
    assert [(t.text, t.due, t.contacts) for t in vault.tasks] == [("call her", due, ("Contacts/Ana.md",))]


def test_no_second_occurrence_when_the_plugin_wrote_it_and_a_rule_not_read_is_said(tmp_path):
    body = ("- [ ] call her 🔁 every week 📅 2026-11-17\n"
            "- [x] call her 🔁 every week 📅 2026-11-10 ✅ 2026-11-10\n"
            "- [x] water the plants 🔁 every third full moon 📅 2026-11-10\n")
    vault = loaded(tmp_path, {"Meetings/Coffee.md": meeting("2026-10-03", "Ana", body=body)})
    assert [(t.text, t.due) for t in vault.tasks] == [("call her", D(2026, 11, 17))]
    assert codes(vault) == [("Meetings/Coffee.md", 7, "bad-value")]


def test_a_done_task_in_a_daily_note_is_contact_that_day(tmp_path):
    daily = ("- [x] Called [[Zoe]] about the job\n"
             "- [-] Meet [[Ana]] (cancelled)\n"
             "- [ ] Send [[Ana]] the notes 📅 2026-11-25\n"
             "- [x] Sent [[Ana]] the slides #gave\n")
    vault = loaded(tmp_path, {"Daily/2026-11-15.md": daily})
    assert vault.last_contact["Contacts/Zoe.md"] == D(2026, 11, 15)
    assert vault.last_contact["Contacts/Ana.md"] == D(2026, 11, 15)  # the slides, done that day
    assert [(i.title, i.participants) for i in vault.interactions] == [
        ("Called [[Zoe]] about the job", ("Contacts/Zoe.md",)),
        ("Sent [[Ana]] the slides", ("Contacts/Ana.md",)),
    ]
    assert vault.exchanges == ()  # a checkbox is no give, even tagged
    assert [(t.text, t.due) for t in vault.tasks] == [("Send [[Ana]] the notes", D(2026, 11, 25))]


def test_daily_mentions_any_counts_every_item_linking_a_contact(tmp_path):
    """``daily_mentions = "any"``: `- Lunch with [[Zoe]]` is contact that day; by default
    ("tagged") only tagged items and done tasks are."""
    files = {"Daily/2026-11-15.md": "- Lunch with [[Zoe]]\n- Thinking about [[Ana]]'s idea #gave\n"}
    plain = loaded(tmp_path, files)
    assert plain.last_contact["Contacts/Zoe.md"] is None
    root = write_vault(tmp_path / "vault", {"vaultkit.toml": 'daily_mentions = "any"\n'})
    vault = load_vault(root, TODAY)
    assert vault.last_contact["Contacts/Zoe.md"] == D(2026, 11, 15)
    assert [(i.title, i.channel) for i in vault.interactions] == [("Lunch with [[Zoe]]", None),
                                                                  ("Thinking about [[Ana]]'s idea", None)]
    assert [e.kind for e in vault.exchanges] == ["give"]
