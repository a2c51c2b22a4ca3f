"""Section 4 of the contract: interactions, gives and asks, tasks, daily notes and last contact."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import TODAY, codes

ANA, LUIS, BEA = "Contacts/Ana.md", "Contacts/Luis.md", "Contacts/Bea.md"
PEOPLE = {ANA: "", LUIS: "", BEA: ""}
D = dt.date


def with_people(**notes: str) -> dict[str, str]:
    files = dict(PEOPLE)
    files.update({f"Meetings/{name}.md": text for name, text in notes.items()})
    return files


def note(front: str, body: str = "") -> str:
    return "---\n" + front.strip("\n") + "\n---\n" + body


COFFEE_FM = 'date: 2026-11-01\nwith: ["[[Ana]]"]'
GROUP_FM = 'date: 2026-11-01\nwith: ["[[Ana]]", "[[Luis]]"]'


def summary(vault) -> list[tuple[str, tuple[str, ...], str, float, int]]:
    """(kind, owners, text, weight, line) of every give and ask."""
    return [(e.kind, e.contacts, e.text, e.weight, e.source.line) for e in vault.exchanges]


# --- front matter (4.1) ---------------------------------------------------------------------

def test_interaction_fields_are_read(load):
    vault = load(with_people(Coffee=note(
        'title: Coffee at Café Central\ndate: 2026-11-01T09:30\nwith: ["[[Ana]]"]\n'
        "channel: Meeting\nfollow_up: 2026-11-15\noutcome: replied")))
    [i] = vault.interactions
    assert (i.id, i.title, i.date, i.participants, i.channel, i.outcome, i.follow_up) == (
        "Meetings/Coffee.md", "Coffee at Café Central", D(2026, 11, 1), (ANA,), "meeting", "replied",
        D(2026, 11, 15))
    assert (i.source.path, i.source.line) == ("Meetings/Coffee.md", 1)
    assert codes(vault) == []


def test_title_defaults_to_the_stem(load):
    vault = load(with_people(Coffee=note(COFFEE_FM)))
    assert vault.interactions[0].title == "Coffee"


@pytest.mark.parametrize("value", ["2026-11-01", "2026-11-01T09:30", "2026-11-01T09:30:15", '"[[2026-11-01]]"',
                                   "[[2026-11-01]]"])
def test_date_forms(load, value):
    vault = load(with_people(Coffee=note(f'date: {value}\nwith: ["[[Ana]]"]')))
    assert [i.date for i in vault.interactions] == [D(2026, 11, 1)]
    assert codes(vault) == []


def test_missing_date_is_an_error_and_drops_the_interaction(load):
    vault = load(with_people(Coffee=note('with: ["[[Ana]]"]\nchannel: call')))
    assert codes(vault) == [("Meetings/Coffee.md", 1, "missing-date")]
    assert vault.problems[0].severity == "error"
    assert vault.interactions == ()


@pytest.mark.parametrize("value", ["2026-02-30", "soon", "2026-13-01", "01/11/2026"])
def test_bad_date_is_an_error_at_its_line(load, value):
    vault = load(with_people(Coffee=note(f'with: ["[[Ana]]"]\ndate: {value}')))
    assert codes(vault) == [("Meetings/Coffee.md", 3, "bad-date")]
    assert vault.problems[0].severity == "error"
    assert vault.interactions == ()


def test_no_participants_is_an_error(load):
    vault = load(with_people(Coffee=note("date: 2026-11-01\nchannel: call")))
    assert codes(vault) == [("Meetings/Coffee.md", 1, "missing-participants")]
    assert vault.problems[0].severity == "error"
    assert vault.interactions == ()


def test_empty_participant_list_is_missing_participants(load):
    vault = load(with_people(Coffee=note("date: 2026-11-01\nwith: []")))
    assert codes(vault) == [("Meetings/Coffee.md", 1, "missing-participants")]


def test_people_and_attendees_are_read_and_merged(load):
    vault = load(with_people(
        A=note('date: 2026-11-01\npeople: ["[[Ana]]"]'),
        B=note('date: 2026-11-02\nattendees:\n  - "[[Luis]]"'),
        C=note('date: 2026-11-03\nwith: ["[[Ana]]"]\npeople: ["[[Bea]]", "[[Ana]]"]\nattendees: ["[[Luis]]"]'),
    ))
    assert [(i.id, i.participants) for i in vault.interactions] == [
        ("Meetings/A.md", (ANA,)),
        ("Meetings/B.md", (LUIS,)),
        ("Meetings/C.md", (ANA, BEA, LUIS)),
    ]
    assert codes(vault) == []


def test_bad_outcome_is_a_problem_and_ignored(load):
    vault = load(with_people(Coffee=note(COFFEE_FM + "\noutcome: maybe")))
    assert codes(vault) == [("Meetings/Coffee.md", 4, "bad-value")]
    assert vault.interactions[0].outcome is None


# --- gives and asks (4.2) ---------------------------------------------------------------------

@pytest.mark.parametrize("heading, kind", [
    ("## Gave", "give"), ("## Given", "give"), ("## Give", "give"), ("### Di", "give"),
    ("## Aporté", "give"), ("## Ofrecí", "give"), ("## Asked", "ask"), ("## Ask", "ask"),
    ("## Pedí", "ask"), ("## Pido", "ask"), ("## GAVE", "give"), ("## Gave 🎁:", "give"),
])
def test_items_under_gave_and_asked_headings(load, heading, kind):
    vault = load(with_people(Coffee=note(COFFEE_FM, f"{heading}\n- the deck\n- an intro\n")))
    assert summary(vault) == [(kind, (ANA,), "the deck", 1.0, 6), (kind, (ANA,), "an intro", 1.0, 7)]


def test_items_under_other_headings_are_not_gives(load):
    vault = load(with_people(Coffee=note(COFFEE_FM, "## Notes\n- the deck\n\n- loose item\n")))
    assert vault.exchanges == ()


def test_nested_items_under_a_gave_heading_are_details_not_gives(load):
    vault = load(with_people(Coffee=note(COFFEE_FM, "## Gave\n- the deck\n  - with the appendix\n### Details\n- a tip\n")))
    assert [(e.text, e.source.line) for e in vault.exchanges] == [("the deck", 6), ("a tip", 9)]


def test_section_ends_at_a_heading_of_the_same_level(load):
    vault = load(with_people(Coffee=note(COFFEE_FM, "## Gave\n- the deck\n## Asked\n- advice\n## Notes\n- chat\n")))
    assert [(e.kind, e.text) for e in vault.exchanges] == [("give", "the deck"), ("ask", "advice")]


@pytest.mark.parametrize("tag, kind", [("#gave", "give"), ("#give", "give"), ("#asked", "ask"), ("#ask", "ask"),
                                       ("#GAVE", "give")])
def test_tagged_items_count_anywhere(load, tag, kind):
    body = f"## Notes\n- sent the deck {tag}\n  - nested detail {tag}\n"
    vault = load(with_people(Coffee=note(COFFEE_FM, body)))
    assert [(e.kind, e.text, e.source.line) for e in vault.exchanges] == [
        (kind, "sent the deck", 6), (kind, "nested detail", 7)]


def test_an_item_tagged_both_ways_is_a_give_and_an_ask(load):
    vault = load(with_people(Coffee=note(COFFEE_FM, "- swapped intros #gave #asked\n")))
    assert sorted(e.kind for e in vault.exchanges) == ["ask", "give"]


def test_weight_field_weighs_an_item(load):
    vault = load(with_people(Coffee=note(COFFEE_FM, "## Gave\n- a big intro [weight:: 3]\n- a small tip\n")))
    assert summary(vault) == [("give", (ANA,), "a big intro", 3.0, 6), ("give", (ANA,), "a small tip", 1.0, 7)]
    assert vault.balance(ANA) == 4.0


def test_decimal_weight(load):
    vault = load(with_people(Coffee=note(COFFEE_FM, "- a tip #ask [weight:: 0.5]\n")))
    assert [e.weight for e in vault.exchanges] == [0.5]


@pytest.mark.parametrize("weight", ["lots", "0", "-2", ""])
def test_bad_weight_is_a_problem_and_counts_as_one(load, weight):
    vault = load(with_people(Coffee=note(COFFEE_FM, f"## Gave\n- the deck [weight:: {weight}]\n")))
    assert codes(vault) == [("Meetings/Coffee.md", 6, "bad-value")]
    assert [e.weight for e in vault.exchanges] == [1.0]


# --- attribution (decision 5) ---------------------------------------------------------------

def test_give_linking_one_participant_of_a_group_goes_to_that_one_only(load):
    vault = load(with_people(Lunch=note(GROUP_FM, "## Gave\n- intro to a VC for [[Luis]]\n- notes for everyone\n")))
    assert [(e.text, e.contacts) for e in vault.exchanges] == [
        ("intro to a VC for [[Luis]]", (LUIS,)),
        ("notes for everyone", (ANA, LUIS)),
    ]
    assert vault.balance(LUIS) == 2.0 and vault.balance(ANA) == 1.0


def test_give_linking_a_non_participant_goes_to_all_participants(load):
    vault = load(with_people(Lunch=note(GROUP_FM, "## Gave\n- intro to [[Bea]]\n")))
    [give] = vault.exchanges
    assert give.contacts == (ANA, LUIS)
    [interaction] = vault.interactions
    assert interaction.mentions == (BEA,)
    assert vault.exchanges_with(BEA) == []
    assert vault.balance(BEA) == 0


def test_give_linking_a_participant_by_alias_goes_to_that_one(load):
    files = with_people(Lunch=note(GROUP_FM, "- intro to a VC for [[Lucho|him]] #gave\n"))
    files[LUIS] = "---\naliases: [Lucho]\n---\n"
    vault = load(files)
    assert [e.contacts for e in vault.exchanges] == [(LUIS,)]


def test_task_linking_one_participant_belongs_to_that_one(load):
    vault = load(with_people(Lunch=note(GROUP_FM, "- [ ] send [[Ana]] the deck\n- [ ] send slides to all\n")))
    assert [(t.contacts, t.text) for t in vault.tasks] == [
        ((ANA,), "send [[Ana]] the deck"), ((ANA, LUIS), "send slides to all")]


# --- tasks ----------------------------------------------------------------------------------

def test_open_tasks_with_due_dates_undated_and_done(load):
    body = (
        "## Next\n"
        "- [ ] send the deck 📅 2026-11-30\n"
        "- [ ] intro to Luis [due:: 2026-12-01]\n"
        "- [ ] read her paper\n"
        "- [x] thank-you note 📅 2026-11-02\n"
        "- [-] cancelled idea\n"
        "- [/] half done 📅 2026-11-25\n"
    )
    vault = load(with_people(Coffee=note(COFFEE_FM, body)))
    assert [(t.contacts, t.due, t.text, t.source.line, t.interaction) for t in vault.tasks] == [
        ((ANA,), D(2026, 11, 25), "half done", 11, "Meetings/Coffee.md"),
        ((ANA,), D(2026, 11, 30), "send the deck", 6, "Meetings/Coffee.md"),
        ((ANA,), D(2026, 12, 1), "intro to Luis", 7, "Meetings/Coffee.md"),
        ((ANA,), None, "read her paper", 8, "Meetings/Coffee.md"),
    ]
    assert codes(vault) == []


def test_bad_due_date_is_a_problem_and_the_task_stays_undated(load):
    body = "- [ ] send the deck 📅 2026-02-30\n- [ ] call back [due:: next week]\n"
    vault = load(with_people(Coffee=note(COFFEE_FM, body)))
    assert codes(vault) == [("Meetings/Coffee.md", 5, "bad-date"), ("Meetings/Coffee.md", 6, "bad-date")]
    assert [(t.text, t.due) for t in vault.tasks] == [("send the deck", None), ("call back", None)]


def test_open_task_under_gave_heading_is_a_task_not_a_give(load):
    vault = load(with_people(Coffee=note(COFFEE_FM, "## Gave\n- [ ] send the deck #gave\n- the article\n")))
    assert [e.text for e in vault.exchanges] == ["the article"]
    assert [t.text for t in vault.tasks] == ["send the deck"]


def test_open_tasks_in_a_contact_note_are_tasks_for_that_contact(load):
    files = dict(PEOPLE)
    files[ANA] = "---\ncompany: Acme\n---\n- [ ] ask about her trip 📅 2026-12-05\n- [x] done already\n"
    vault = load(files)
    assert [(t.contacts, t.due, t.source.line, t.interaction) for t in vault.tasks] == [
        ((ANA,), D(2026, 12, 5), 4, None)]


# --- fenced code never counts -----------------------------------------------------------------

def test_fenced_code_never_counts(load):
    body = (
        "## Gave\n"
        "```\n"
        "- the deck #gave [[Luis]]\n"
        "- [ ] follow up 📅 2026-11-30\n"
        "```\n"
        "    - [ ] indented code task\n"
        "Inline `[[Goals/Grow]] #asked` stays code.\n"
    )
    files = with_people(Coffee=note(COFFEE_FM, body))
    files["Goals/Grow.md"] = "---\nmetric: interactions\ntarget: 5\nstart: 2026-09-01\n---\n"
    vault = load(files)
    assert vault.exchanges == () and vault.tasks == ()
    [interaction] = vault.interactions
    assert interaction.mentions == () and interaction.goals == ()


# --- goal links anywhere ----------------------------------------------------------------------

GROW = {"Goals/Grow.md": "---\ntitle: Grow network\nmetric: interactions\ntarget: 5\nstart: 2026-09-01\n---\n"}


@pytest.mark.parametrize("front, body", [
    (COFFEE_FM, "Good progress on [[Grow network]].\n"),
    (COFFEE_FM + '\ngoals: ["[[Grow]]"]', ""),
    (COFFEE_FM + '\nproject: "[[Grow network]]"', ""),
    (COFFEE_FM + "\nrelated:\n  - [[Grow]]", ""),
    (COFFEE_FM, "## Gave\n- a tip toward [[Goals/Grow|my goal]]\n"),
])
def test_goal_links_anywhere_link_the_interaction(load, front, body):
    files = with_people(Coffee=note(front, body))
    files.update(GROW)
    vault = load(files)
    assert vault.interactions[0].goals == ("Goals/Grow.md",)
    assert vault.progress["Goals/Grow.md"].value == 1.0
    assert codes(vault) == []


def test_goal_linked_twice_is_linked_once(load):
    files = with_people(Coffee=note(COFFEE_FM + '\ngoals: ["[[Grow]]"]', "For [[Grow network]].\n"))
    files.update(GROW)
    vault = load(files)
    assert vault.interactions[0].goals == ("Goals/Grow.md",)


# --- daily notes (decision 7) -----------------------------------------------------------------

DAILY_BODY = """\
    Morning notes.

    - Coffee with [[Ana]] #met
    - Phoned [[Luis]] about the job #call
    - Sent [[Ana]] the article #gave [weight:: 2]
    - Asked [[Luis]] for an intro #asked
    - Lunch with [[Ghost]] #met
    - Thought about [[Ana]] and [[Nobody]]
    - [ ] send [[Bea]] the slides 📅 2026-11-30
    - [ ] buy milk
    - [ ] call [[Luis]] again #call
    - Offered help to [[Bea]] #give
    """


def test_daily_note_tagged_lines_are_interactions_on_the_notes_date(load):
    files = dict(PEOPLE)
    files["Journal/2026-11-10.md"] = DAILY_BODY
    vault = load(files)
    assert [(i.id, i.date, i.participants, i.channel, i.source.line) for i in vault.interactions] == [
        ("Journal/2026-11-10.md:3", D(2026, 11, 10), (ANA,), "meeting", 3),
        ("Journal/2026-11-10.md:4", D(2026, 11, 10), (LUIS,), "call", 4),
        ("Journal/2026-11-10.md:5", D(2026, 11, 10), (ANA,), None, 5),
        ("Journal/2026-11-10.md:6", D(2026, 11, 10), (LUIS,), None, 6),
        ("Journal/2026-11-10.md:12", D(2026, 11, 10), (BEA,), None, 12),
    ]


def test_daily_note_gave_and_asked_lines_record_gives_and_asks(load):
    files = dict(PEOPLE)
    files["Journal/2026-11-10.md"] = DAILY_BODY
    vault = load(files)
    assert [(e.kind, e.contacts, e.weight, e.source.line, e.interaction) for e in vault.exchanges] == [
        ("give", (ANA,), 2.0, 5, "Journal/2026-11-10.md:5"),
        ("ask", (LUIS,), 1.0, 6, "Journal/2026-11-10.md:6"),
        ("give", (BEA,), 1.0, 12, "Journal/2026-11-10.md:12"),
    ]


def test_daily_note_open_tasks_linking_contacts_are_their_tasks(load):
    files = dict(PEOPLE)
    files["Journal/2026-11-10.md"] = DAILY_BODY
    vault = load(files)
    # an open task tagged #call is a planned call: a task, not an interaction
    assert [(t.contacts, t.due, t.source.line) for t in vault.tasks] == [
        ((BEA,), D(2026, 11, 30), 9), ((LUIS,), None, 11)]


def test_daily_note_unknown_names_are_reported_only_on_tagged_lines(load):
    files = dict(PEOPLE)
    files["Journal/2026-11-10.md"] = DAILY_BODY
    vault = load(files)
    assert codes(vault) == [("Journal/2026-11-10.md", 7, "unknown-contact")]


def test_daily_note_unknown_name_suggests_a_contact(load):
    files = dict(PEOPLE)
    files["2026-11-10.md"] = "- Coffee with [[Anna]] #met\n"
    vault = load(files)
    assert codes(vault) == [("2026-11-10.md", 1, "unknown-contact")]
    assert "did you mean 'Ana'" in vault.problems[0].message
    assert vault.interactions == ()


def test_daily_note_tagged_line_with_two_contacts_is_one_interaction_with_both(load):
    files = dict(PEOPLE)
    files["2026-11-10.md"] = "- Dinner with [[Ana]] and [[Bea]] #met\n"
    vault = load(files)
    [i] = vault.interactions
    assert i.participants == (ANA, BEA)


def test_daily_note_front_matter_offsets_lines(load):
    files = dict(PEOPLE)
    files["2026-11-10.md"] = "---\nmood: good\n---\n- Coffee with [[Ana]] #met\n"
    vault = load(files)
    assert [i.id for i in vault.interactions] == ["2026-11-10.md:4"]


# --- last contact (4.4) -----------------------------------------------------------------------

def test_last_contact_is_the_latest_past_interaction(load):
    vault = load(with_people(
        A=note('date: 2026-10-01\nwith: ["[[Ana]]"]'),
        B=note('date: 2026-11-05\nwith: ["[[Ana]]", "[[Luis]]"]'),
        C=note('date: 2026-09-01\nwith: ["[[Ana]]"]'),
    ))
    assert vault.last_contact == {ANA: D(2026, 11, 5), LUIS: D(2026, 11, 5), BEA: None}


def test_interaction_today_is_contact(load):
    vault = load(with_people(A=note(f'date: {TODAY}\nwith: ["[[Ana]]"]')))
    assert vault.last_contact[ANA] == TODAY


def test_last_contact_field_wins_when_later(load):
    files = with_people(A=note('date: 2026-10-01\nwith: ["[[Ana]]", "[[Luis]]"]'))
    files[ANA] = "---\nlast_contact: 2026-11-15\n---\n"
    files[LUIS] = "---\nlast_contact: 2026-08-15\n---\n"
    files[BEA] = "---\nlast_contact: 2026-07-01\n---\n"
    vault = load(files)
    assert vault.last_contact == {ANA: D(2026, 11, 15), LUIS: D(2026, 10, 1), BEA: D(2026, 7, 1)}


@pytest.mark.parametrize("outcome", ["awaiting", "no-reply", "Awaiting"])
def test_outreach_without_reply_is_not_contact(load, outcome):
    vault = load(with_people(
        Old=note('date: 2026-09-01\nwith: ["[[Ana]]"]'),
        Email=note(f'type: email\ndate: 2026-11-10\nwith: ["[[Ana]]"]\noutcome: {outcome}'),
    ))
    assert vault.last_contact[ANA] == D(2026, 9, 1)


def test_replied_outreach_is_contact(load):
    vault = load(with_people(Email=note('type: email\ndate: 2026-11-10\nwith: ["[[Ana]]"]\noutcome: replied')))
    assert vault.last_contact[ANA] == D(2026, 11, 10)


def test_future_interaction_is_not_contact(load):
    vault = load(with_people(
        Past=note('date: 2026-10-01\nwith: ["[[Ana]]"]'),
        Next=note('date: 2026-11-23\nwith: ["[[Ana]]", "[[Luis]]"]'),
    ))
    assert vault.last_contact[ANA] == D(2026, 10, 1)
    assert vault.last_contact[LUIS] is None


def test_daily_note_lines_are_contact(load):
    files = dict(PEOPLE)
    files["2026-11-20.md"] = "- Phoned [[Bea]] #call\n"
    vault = load(files)
    assert vault.last_contact[BEA] == D(2026, 11, 20)


# --- balance and exchanges_with -----------------------------------------------------------------

def test_balance_is_weighted_gives_minus_asks_up_to_today(load):
    vault = load(with_people(
        A=note('date: 2026-10-01\nwith: ["[[Ana]]"]', "## Gave\n- intro [weight:: 3]\n## Asked\n- advice\n"),
        B=note('date: 2026-11-10\nwith: ["[[Ana]]"]', "- a favour #ask [weight:: 4]\n"),
        Future=note('date: 2026-12-01\nwith: ["[[Ana]]"]', "- a gift #gave [weight:: 10]\n"),
    ))
    assert vault.balance(ANA) == 3 - 1 - 4
    assert vault.balance(LUIS) == 0


def test_exchanges_with_lists_a_contacts_gives_and_asks_in_date_order(load):
    vault = load(with_people(
        Late=note('date: 2026-11-10\nwith: ["[[Ana]]", "[[Luis]]"]', "- a favour #ask\n"),
        Early=note('date: 2026-10-01\nwith: ["[[Ana]]"]', "## Gave\n- intro\n"),
        Future=note('date: 2026-12-01\nwith: ["[[Ana]]"]', "- a gift #gave\n"),
    ))
    assert [(e.date, e.kind, e.interaction) for e in vault.exchanges_with(ANA)] == [
        (D(2026, 10, 1), "give", "Meetings/Early.md"),
        (D(2026, 11, 10), "ask", "Meetings/Late.md"),
        (D(2026, 12, 1), "give", "Meetings/Future.md"),
    ]
    assert [e.date for e in vault.exchanges_with(ANA, TODAY)] == [D(2026, 10, 1), D(2026, 11, 10)]
    assert [(e.kind, e.interaction) for e in vault.exchanges_with(LUIS)] == [("ask", "Meetings/Late.md")]
    assert vault.exchanges_with(BEA) == []


@pytest.mark.parametrize("front_matter, code, line", [
    ("date: 2026-11-01\nwith: [[[Ana]]\n", "yaml-invalid", 3),  # a bracket left open
    ("date: 2026-11-01\n", "frontmatter-unclosed", 1),  # no closing ---
    ("- a list\n- not a mapping\n", "frontmatter-not-mapping", 2),
])
def test_front_matter_that_cannot_be_read_is_one_problem_not_three(load, front_matter, code, line):
    """A meeting whose front matter cannot be read gets that one problem: not also
    ``missing-date`` and ``missing-participants``, which only follow from it."""
    text = f"---\n{front_matter}---\n## Gave\n- a book\n" if code != "frontmatter-unclosed" else f"---\n{front_matter}"
    vault = load(with_people(Coffee=text))
    assert codes(vault) == [("Meetings/Coffee.md", line, code)]
    assert vault.interactions == () and vault.exchanges == ()
