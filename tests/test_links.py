"""Section 3 of the contract: the names a contact (or goal) answers to, and links that miss."""

from __future__ import annotations

import pytest

from conftest import codes

ANA = "Contacts/Ana García.md"


def meeting(participants: str, body: str = "") -> str:
    """A meeting note on 2026-11-01 whose front matter lines after ``date`` are ``participants``."""
    return "---\ndate: 2026-11-01\n" + participants.rstrip("\n") + "\n---\n" + body


def participants_of(vault, note: str = "Meetings/Coffee.md") -> tuple[str, ...]:
    [interaction] = [i for i in vault.interactions if i.id == note]
    return interaction.participants


def problems_of(vault, code: str):
    return [p for p in vault.problems if p.code == code]


# --- what a link resolves by ----------------------------------------------------------------

@pytest.mark.parametrize("link", [
    "[[Ana García]]",  # stem
    "[[Contacts/Ana García]]",  # vault path without .md
    "[[Contacts/Ana García.md]]",  # vault path with .md
    "[[Ana García.md]]",
    "[[Ana García|Ana]]",  # shown text
    "[[Ana García#Work]]",  # heading
    "[[Ana García#Work|Ana]]",
    "[[Ana García#^block1]]",
    "[[ana garcía]]",  # case-insensitive
    "[[ANA GARCÍA]]",
    "[[Ana  García]]",  # inner spaces collapsed
])
def test_participant_link_resolves_to_the_contact(load, link):
    vault = load({ANA: "", "Meetings/Coffee.md": meeting(f'with: ["{link}"]')})
    assert participants_of(vault) == (ANA,)
    assert codes(vault) == []


def test_link_resolves_by_name_field(load):
    vault = load({
        "Contacts/ana.md": "---\nname: Ana García\n---\n",
        "Meetings/Coffee.md": meeting('with: ["[[Ana García]]"]'),
    })
    assert participants_of(vault) == ("Contacts/ana.md",)
    assert vault.contacts["Contacts/ana.md"].name == "Ana García"
    assert codes(vault) == []


def test_link_resolves_by_alias(load):
    vault = load({
        ANA: "---\naliases:\n  - Anita\n  - AG\n---\n",
        "Meetings/Coffee.md": meeting('with: ["[[Anita]]", "[[ag]]"]'),
    })
    assert participants_of(vault) == (ANA,)
    assert codes(vault) == []


def test_stem_still_resolves_when_name_differs(load):
    vault = load({
        "Contacts/ana.md": "---\nname: Ana García\n---\n",
        "Meetings/Coffee.md": meeting('with: ["[[ana]]"]'),
    })
    assert participants_of(vault) == ("Contacts/ana.md",)


def test_decomposed_unicode_link_resolves_to_composed_name(load):
    decomposed = "Ana Garci\u0301a"
    vault = load({ANA: "", "Meetings/Coffee.md": meeting(f'with: ["[[{decomposed}]]"]')})
    assert participants_of(vault) == (ANA,)
    assert codes(vault) == []


def test_composed_unicode_link_resolves_to_decomposed_file_name(load):
    path = "Contacts/Ana Garci\u0301a.md"
    vault = load({path: "", "Meetings/Coffee.md": meeting('with: ["[[Ana Garc\u00eda]]"]')})
    assert participants_of(vault) == (path,)
    assert codes(vault) == []


def test_decomposed_alias_resolves(load):
    vault = load({
        "Contacts/ana.md": "---\naliases: [Jose\u0301]\n---\n",
        "Meetings/Coffee.md": meeting('with: ["[[jos\u00e9]]"]'),
    })
    assert participants_of(vault) == ("Contacts/ana.md",)


@pytest.mark.parametrize("participants", [
    'with: "[[Ana García]]"',  # one quoted link, not a list
    "with: [[Ana García]]",  # unquoted: YAML reads a nested list
    "with:\n  - [[Ana García]]",  # unquoted in a block list
    "with: Ana García",  # plain name
    "with:\n  - Ana García",
])
def test_participants_may_be_written_every_way(load, participants):
    vault = load({ANA: "", "Meetings/Coffee.md": meeting(participants)})
    assert participants_of(vault) == (ANA,)
    assert codes(vault) == []


def test_body_links_resolve_by_every_name_as_mentions(load):
    vault = load({
        ANA: "",
        "Contacts/luis.md": "---\nname: Luis Pérez\naliases: [Lucho]\n---\n",
        "Contacts/Bea.md": "",
        "Meetings/Coffee.md": meeting('with: ["[[Ana García]]"]',
                                      "Talked about [[Lucho|him]] and [[Contacts/Bea#Work]].\n"),
    })
    [interaction] = vault.interactions
    assert interaction.mentions == ("Contacts/luis.md", "Contacts/Bea.md")


def test_path_link_picks_the_contact_in_that_folder(load):
    vault = load({
        "Contacts/Ana.md": "",
        "People/Ana.md": "",
        "Meetings/Coffee.md": meeting('with: ["[[People/Ana]]"]'),
    })
    assert participants_of(vault) == ("People/Ana.md",)


# --- ambiguity ----------------------------------------------------------------------------

def test_alias_claiming_another_contacts_stem_is_ambiguous_and_the_stem_wins(load):
    vault = load({
        "Contacts/Ana.md": "",
        "Contacts/Ana López.md": "---\ntype: contact\naliases:\n  - Anita\n  - Ana\n---\n",
        "Meetings/Coffee.md": meeting('with: ["[[Ana]]"]'),
    })
    assert codes(vault) == [("Contacts/Ana López.md", 5, "ambiguous-name")]
    [problem] = vault.problems
    assert problem.severity == "warning"
    assert "Contacts/Ana.md" in problem.message
    assert participants_of(vault) == ("Contacts/Ana.md",)


def test_name_claiming_another_contacts_stem_is_ambiguous_at_the_name_line(load):
    vault = load({
        "Contacts/Ana López.md": "---\ncompany: Acme\nname: Ana\n---\n",
        "Contacts/Ana.md": "",
        "Meetings/Coffee.md": meeting('with: ["[[ana]]"]'),
    })
    assert codes(vault) == [("Contacts/Ana López.md", 3, "ambiguous-name")]
    assert participants_of(vault) == ("Contacts/Ana.md",)


def test_ambiguity_is_reported_whatever_the_file_order(load):
    # the loser sorts first by path: the stem still wins
    vault = load({
        "Contacts/A.md": "---\naliases: [Zoe]\n---\n",
        "People/Zoe.md": "",
        "Meetings/Coffee.md": meeting('with: ["[[Zoe]]"]'),
    })
    assert codes(vault) == [("Contacts/A.md", 2, "ambiguous-name")]
    assert participants_of(vault) == ("People/Zoe.md",)


def test_a_contact_repeating_its_own_stem_as_name_and_alias_is_not_ambiguous(load):
    vault = load({ANA: "---\nname: Ana García\naliases: [ana garcía, Ana]\n---\n"})
    assert codes(vault) == []


def test_ambiguous_name_is_still_a_problem_when_nobody_links_it(load):
    vault = load({
        "Contacts/Ana.md": "",
        "Contacts/Ana López.md": "---\naliases: [ana]\n---\n",
    })
    assert codes(vault) == [("Contacts/Ana López.md", 2, "ambiguous-name")]


def test_a_non_contact_note_with_the_same_stem_is_not_ambiguous(load):
    vault = load({
        "Contacts/Ana.md": "",
        "Notes/Ana.md": "Ideas for Ana.\n",
        "Meetings/Coffee.md": meeting('with: ["[[Ana]]"]'),
    })
    assert codes(vault) == []
    assert participants_of(vault) == ("Contacts/Ana.md",)


# --- unknown participants -----------------------------------------------------------------

def test_unknown_participant_suggests_a_close_name_at_its_line(load):
    vault = load({
        "Contacts/Luis Pérez.md": "",
        ANA: "",
        "Meetings/Coffee.md": meeting('with:\n  - "[[Ana García]]"\n  - "[[Luis Peres]]"\n'),
    })
    assert codes(vault) == [("Meetings/Coffee.md", 5, "unknown-contact")]
    [problem] = vault.problems
    assert problem.severity == "warning"
    assert "Luis Peres" in problem.message
    assert "did you mean 'Luis Pérez'" in problem.message
    assert participants_of(vault) == (ANA,)


def test_unknown_participant_in_people_key_is_reported_at_its_line(load):
    vault = load({
        ANA: "",
        "Meetings/Coffee.md": meeting('title: Coffee\npeople:\n  - "[[Ana García]]"\n  - "[[Ana Garcia Lopez]]"\n'),
    })
    assert codes(vault) == [("Meetings/Coffee.md", 6, "unknown-contact")]
    assert "did you mean" in vault.problems[0].message


def test_unknown_participant_without_any_close_name_has_no_suggestion(load):
    vault = load({ANA: "", "Meetings/Coffee.md": meeting('with: ["[[Ana García]]", "[[Zyx Qwv]]"]')})
    assert codes(vault) == [("Meetings/Coffee.md", 3, "unknown-contact")]
    assert "did you mean" not in vault.problems[0].message
    assert participants_of(vault) == (ANA,)


def test_interaction_with_no_known_participant_is_dropped(load):
    vault = load({ANA: "", "Meetings/Coffee.md": meeting('with: ["[[Ghost]]"]')})
    assert vault.interactions == ()
    assert codes(vault) == [("Meetings/Coffee.md", 3, "unknown-contact")]


def test_participant_that_is_a_non_contact_note_says_so(load):
    vault = load({
        ANA: "",
        "Notes/Acme Corp.md": "A company.\n",
        "Meetings/Coffee.md": meeting('with: ["[[Ana García]]", "[[Acme Corp]]"]'),
    })
    assert codes(vault) == [("Meetings/Coffee.md", 3, "unknown-contact")]
    message = vault.problems[0].message
    assert "Notes/Acme Corp.md" in message
    assert "not a contact note" in message
    assert participants_of(vault) == (ANA,)


def test_body_links_to_unknown_names_are_not_problems(load):
    vault = load({
        ANA: "",
        "Meetings/Coffee.md": meeting('with: ["[[Ana García]]"]',
                                      "We discussed [[Some Book]].\n\n## Gave\n- intro to [[Nobody Known]]\n"),
    })
    assert codes(vault) == []
    [give] = vault.exchanges
    assert give.contacts == (ANA,)


# --- goals ----------------------------------------------------------------------------------

GOAL = "---\ntitle: Meet 10 founders\nmetric: interactions\ntarget: 10\nstart: 2026-09-01\n---\n"


def test_goal_link_to_unknown_goal_is_a_problem_at_its_line(load):
    vault = load({
        ANA: "",
        "Goals/Founders.md": GOAL,
        "Meetings/Coffee.md": meeting('with: ["[[Ana García]]"]\ngoals:\n  - "[[Founders]]"\n  - "[[Raise money]]"\n'),
    })
    assert codes(vault) == [("Meetings/Coffee.md", 6, "unknown-goal")]
    assert "Raise money" in vault.problems[0].message
    [interaction] = vault.interactions
    assert interaction.goals == ("Goals/Founders.md",)


def test_goal_link_to_a_contact_is_an_unknown_goal(load):
    vault = load({
        ANA: "",
        "Meetings/Coffee.md": meeting('with: ["[[Ana García]]"]\ngoals: ["[[Ana García]]"]\n'),
    })
    assert codes(vault) == [("Meetings/Coffee.md", 4, "unknown-goal")]
    assert vault.interactions[0].goals == ()


@pytest.mark.parametrize("link", ["[[Meet 10 founders]]", "[[meet 10 FOUNDERS]]", "[[Founders]]",
                                  "[[Goals/Founders]]", "[[Founders|the goal]]"])
def test_goal_resolves_by_title_stem_or_path(load, link):
    vault = load({
        ANA: "",
        "Goals/Founders.md": GOAL,
        "Meetings/Coffee.md": meeting(f'with: ["[[Ana García]]"]\ngoals: ["{link}"]\n'),
    })
    assert codes(vault) == []
    assert vault.interactions[0].goals == ("Goals/Founders.md",)


def test_contact_goals_resolve_by_title_and_unknown_ones_are_reported(load):
    vault = load({
        "Goals/Founders.md": GOAL,
        ANA: '---\ncompany: Acme\ngoals:\n  - "[[Meet 10 founders]]"\n  - "[[World peace]]"\n---\n',
    })
    assert vault.contacts[ANA].goals == ("Goals/Founders.md",)
    assert codes(vault) == [(ANA, 5, "unknown-goal")]
