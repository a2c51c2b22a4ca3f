"""Section 2 of the contract: what kind a note is. The first rule that matches wins."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import codes

ANA = """\
    ---
    type: contact
    ---
    """


def kinds_of(vault) -> dict[str, str]:
    """path -> kind, as the loaded vault sees it (interactions by their id)."""
    found = {path: "contact" for path in vault.contacts}
    found.update({path: "goal" for path in vault.goals})
    found.update({i.id: "interaction" for i in vault.interactions})
    return found


def meeting(type_line: str, extra: str = "") -> str:
    return f"""\
        ---
        {type_line}
        date: 2026-11-01
        with: ["[[Ana]]"]
        {extra}
        ---
        """


# --- rule 1: type as a string -------------------------------------------------------------

@pytest.mark.parametrize("value", ["contact", "person", "Contact", "PERSON", "Person"])
def test_type_contact_or_person_is_a_contact_in_any_case(load, value):
    vault = load({"Ana.md": f"---\ntype: {value}\n---\n"})
    assert list(vault.contacts) == ["Ana.md"]
    assert vault.interactions == () and vault.goals == {}


@pytest.mark.parametrize("value", ["goal", "Goal", "GOAL"])
def test_type_goal_is_a_goal_in_any_case(load, value):
    vault = load({"Grow.md": f"---\ntype: {value}\nmetric: interactions\ntarget: 5\nstart: 2026-09-01\n---\n"})
    assert list(vault.goals) == ["Grow.md"]
    assert vault.contacts == {}


def test_type_meeting_is_an_interaction_on_the_meeting_channel(load):
    vault = load({"Contacts/Ana.md": ANA, "Coffee.md": meeting("type: Meeting")})
    [interaction] = vault.interactions
    assert interaction.id == "Coffee.md"
    assert interaction.participants == ("Contacts/Ana.md",)
    assert interaction.channel == "meeting"


def test_type_interaction_is_an_interaction(load):
    vault = load({"Contacts/Ana.md": ANA, "Chat.md": meeting("type: interaction")})
    assert [i.id for i in vault.interactions] == ["Chat.md"]


@pytest.mark.parametrize("channel", ["call", "email", "message", "event", "linkedin"])
def test_type_channel_name_is_an_interaction_and_sets_the_channel(load, channel):
    vault = load({"Contacts/Ana.md": ANA, "Touch.md": meeting(f"type: {channel}")})
    [interaction] = vault.interactions
    assert interaction.id == "Touch.md"
    assert interaction.channel == channel


def test_type_channel_name_is_case_insensitive(load):
    vault = load({"Contacts/Ana.md": ANA, "Touch.md": meeting("type: LinkedIn")})
    [interaction] = vault.interactions
    assert interaction.channel == "linkedin"


def test_explicit_channel_overrides_the_channel_of_the_type(load):
    vault = load({"Contacts/Ana.md": ANA, "Touch.md": meeting("type: call", "channel: email")})
    [interaction] = vault.interactions
    assert interaction.channel == "email"


def test_type_that_is_a_list_is_not_rule_one(load):
    # kepano's vault: `type` is a list of links, not a string; a note outside any kind folder stays ignored
    vault = load({"Contacts/Ana.md": ANA, "Coffee.md": meeting('type: ["[[Meeting]]"]')})
    assert vault.interactions == ()
    assert codes(vault) == []


def test_unknown_type_string_falls_through_to_the_folder_rule(load):
    vault = load({"People/Ana.md": "---\ntype: friend\n---\n"})
    assert list(vault.contacts) == ["People/Ana.md"]


# --- rule 2: kepano categories -----------------------------------------------------------

@pytest.mark.parametrize("category", ["People", "Person", "Contacts", "people"])
def test_categories_people_is_a_contact(load, category):
    vault = load({"Ana.md": f'---\ncategories: ["[[{category}]]"]\n---\n'})
    assert list(vault.contacts) == ["Ana.md"]


def test_categories_unquoted_flow_link_is_a_contact(load):
    # YAML reads an unquoted [[People]] as a nested list
    vault = load({"Ana.md": "---\ncategories: [[People]]\n---\n"})
    assert list(vault.contacts) == ["Ana.md"]


def test_categories_unquoted_block_list_link_is_a_contact(load):
    vault = load({"Ana.md": "---\ncategories:\n  - [[People]]\n---\n"})
    assert list(vault.contacts) == ["Ana.md"]


def test_categories_among_several_links_is_read(load):
    vault = load({"Ana.md": '---\ncategories:\n  - "[[Friends]]"\n  - "[[People]]"\n---\n'})
    assert list(vault.contacts) == ["Ana.md"]


@pytest.mark.parametrize("category", ["Meetings", "Interactions", "Events"])
def test_categories_meetings_is_an_interaction(load, category):
    vault = load({"Contacts/Ana.md": ANA,
                  "Coffee.md": meeting(f'categories: ["[[{category}]]"]')})
    assert [i.id for i in vault.interactions] == ["Coffee.md"]


def test_categories_goals_is_a_goal(load):
    vault = load({"Grow.md": '---\ncategories: ["[[Goals]]"]\nmetric: gives\ntarget: 3\nstart: 2026-09-01\n---\n'})
    assert list(vault.goals) == ["Grow.md"]


def test_other_categories_give_no_kind(load):
    vault = load({"Book.md": '---\ncategories: ["[[Books]]"]\n---\nBy [[Nobody]].\n'})
    assert kinds_of(vault) == {}
    assert codes(vault) == []


# --- rule 3: folders ----------------------------------------------------------------------

@pytest.mark.parametrize("folder", ["Contacts", "People"])
def test_default_contact_folders(load, folder):
    vault = load({f"{folder}/Ana.md": "Just a note about Ana.\n"})
    assert list(vault.contacts) == [f"{folder}/Ana.md"]


@pytest.mark.parametrize("folder", ["Meetings", "Interactions", "Events"])
def test_default_interaction_folders(load, folder):
    vault = load({"Contacts/Ana.md": "", f"{folder}/Coffee.md": '---\ndate: 2026-11-01\nwith: ["[[Ana]]"]\n---\n'})
    assert [i.id for i in vault.interactions] == [f"{folder}/Coffee.md"]
    assert vault.interactions[0].channel is None


def test_default_goal_folder(load):
    vault = load({"Goals/Grow.md": "---\nmetric: interactions\ntarget: 5\nstart: 2026-09-01\n---\n"})
    assert list(vault.goals) == ["Goals/Grow.md"]


def test_folder_rule_uses_the_first_path_segment_at_any_depth(load):
    vault = load({"Contacts/Work/Acme/Ana.md": ""})
    assert list(vault.contacts) == ["Contacts/Work/Acme/Ana.md"]


def test_folder_rule_ignores_kind_folders_deeper_than_the_first_segment(load):
    vault = load({"Projects/Contacts/Ana.md": "", "Projects/Meetings/Coffee.md": "---\ndate: 2026-11-01\nwith: Ana\n---\n"})
    assert kinds_of(vault) == {}
    assert codes(vault) == []


def test_note_at_the_root_has_no_folder_kind(load):
    vault = load({"Contacts.md": "", "Goals.md": ""})
    assert kinds_of(vault) == {}


def test_configured_folders_are_used(load):
    vault = load({
        "vaultkit.toml": '[folders]\ncontacts = ["Gente"]\ninteractions = ["Reuniones"]\ngoals = ["Metas"]\n',
        "Gente/Ana.md": "",
        "Reuniones/Café.md": '---\ndate: 2026-11-01\nwith: ["[[Ana]]"]\n---\n',
        "Metas/Crecer.md": "---\nmetric: interactions\ntarget: 5\nstart: 2026-09-01\n---\n",
    })
    assert list(vault.contacts) == ["Gente/Ana.md"]
    assert [i.id for i in vault.interactions] == ["Reuniones/Café.md"]
    assert list(vault.goals) == ["Metas/Crecer.md"]
    assert codes(vault) == []


def test_configured_folder_replaces_the_default_of_its_own_kind_only(load):
    vault = load({
        "vaultkit.toml": '[folders]\ncontacts = ["Gente"]\n',
        "Gente/Ana.md": "",
        "Contacts/Bea.md": "",
        "Meetings/Coffee.md": '---\ndate: 2026-11-01\nwith: ["[[Ana]]"]\n---\n',
    })
    assert list(vault.contacts) == ["Gente/Ana.md"]
    assert [i.id for i in vault.interactions] == ["Meetings/Coffee.md"]


# --- first rule wins ----------------------------------------------------------------------

def test_type_goal_in_the_contacts_folder_is_a_goal(load):
    vault = load({"Contacts/Grow.md": "---\ntype: goal\nmetric: interactions\ntarget: 5\nstart: 2026-09-01\n---\n"})
    assert list(vault.goals) == ["Contacts/Grow.md"]
    assert vault.contacts == {}


def test_type_wins_over_categories(load):
    vault = load({"Ana.md": '---\ntype: contact\ncategories: ["[[Meetings]]"]\n---\n'})
    assert list(vault.contacts) == ["Ana.md"]
    assert codes(vault) == []  # not read as an interaction without date or participants


def test_categories_win_over_the_folder(load):
    vault = load({"Meetings/Ana.md": '---\ncategories: ["[[People]]"]\n---\n'})
    assert list(vault.contacts) == ["Meetings/Ana.md"]
    assert codes(vault) == []


def test_type_in_the_goals_folder_makes_an_interaction(load):
    vault = load({"Contacts/Ana.md": ANA, "Goals/Call Ana.md": meeting("type: call")})
    assert [i.id for i in vault.interactions] == ["Goals/Call Ana.md"]
    assert vault.goals == {}


# --- rule 4: daily notes, and everything else ignored ---------------------------------------

DAILY = "- Coffee with [[Ana]] #met\n"


def test_daily_note_in_any_folder_yields_interactions(load):
    vault = load({"Contacts/Ana.md": ANA, "Journal/2026/2026-11-10.md": DAILY})
    [interaction] = vault.interactions
    assert interaction.id == "Journal/2026/2026-11-10.md:1"
    assert interaction.date == dt.date(2026, 11, 10)


def test_a_note_named_like_a_date_with_a_type_is_that_type(load):
    vault = load({"2026-11-10.md": "---\ntype: contact\n---\n" + DAILY})
    assert list(vault.contacts) == ["2026-11-10.md"]
    assert vault.interactions == ()


def test_a_note_named_like_a_date_in_a_meetings_folder_is_a_meeting(load):
    vault = load({"Contacts/Ana.md": ANA,
                  "Meetings/2026-11-10.md": '---\ndate: 2026-11-10\nwith: ["[[Ana]]"]\n---\n' + DAILY})
    assert [i.id for i in vault.interactions] == ["Meetings/2026-11-10.md"]


def test_a_note_named_like_a_date_in_the_contacts_folder_is_a_contact(load):
    vault = load({"Contacts/Ana.md": ANA, "Contacts/2026-11-10.md": DAILY})
    assert sorted(vault.contacts) == ["Contacts/2026-11-10.md", "Contacts/Ana.md"]
    assert vault.interactions == ()


@pytest.mark.parametrize("stem", ["2026-13-01", "2026-02-30", "2026-11-1", "20261110", "2026-11-10 notes"])
def test_impossible_or_other_stems_are_not_daily_notes(load, stem):
    vault = load({"Contacts/Ana.md": ANA, f"Journal/{stem}.md": DAILY})
    assert vault.interactions == ()
    assert codes(vault) == []


def test_ordinary_note_with_meeting_fields_is_ignored(load):
    vault = load({"Contacts/Ana.md": ANA, "Notes/Coffee.md": '---\ndate: 2026-11-01\nwith: ["[[Ana]]"]\n---\n'})
    assert vault.interactions == ()
    assert list(vault.contacts) == ["Contacts/Ana.md"]


def test_ordinary_note_reports_nothing_for_unresolved_links(load):
    vault = load({
        "Contacts/Ana.md": ANA,
        "Notes/Idea.md": """\
            ---
            with: ["[[Ghost]]"]
            goals: ["[[No Such Goal]]"]
            ---
            - Coffee with [[Ghost]] #met
            - Gave [[Nobody]] a book #gave
            - [ ] call [[Ghost]] 📅 2026-11-30
            """,
    })
    assert codes(vault) == []
    assert kinds_of(vault) == {"Contacts/Ana.md": "contact"}
    assert vault.exchanges == () and vault.tasks == ()


def test_ordinary_note_counts_as_a_note_but_has_no_kind(load):
    vault = load({"Idea.md": "Nothing to see.\n", "Contacts/Ana.md": ANA})
    assert vault.note_count == 2
    assert kinds_of(vault) == {"Contacts/Ana.md": "contact"}
