"""Section 6 of the contract: follow-ups (who, when, why, in which group and order) and their context."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from vaultkit.reports.context import context_of
from vaultkit.reports.followups import GROUPS, REASONS, follow_ups, grouped
from vaultkit.vault import load_vault

from conftest import TODAY, codes, fm, meeting

D = dt.date
ANA, LUIS, BEA = "Contacts/Ana.md", "Contacts/Luis.md", "Contacts/Bea.md"
SAMPLE = Path(__file__).resolve().parent.parent / "sample-vault"
assert TODAY == D(2026, 11, 22)






def rows(vault, reason: str | None = None) -> list[tuple[str, str | None, dt.date | None, str]]:
    """(reason, contact name or goal path, due, group) of every follow-up, in the order given."""
    return [
        (i.reason, vault.name(i.contact) if i.contact else i.goal, i.due, i.group(vault.today))
        for i in follow_ups(vault)
        if reason is None or i.reason == reason
    ]


def only(vault, reason: str):
    found = [i for i in follow_ups(vault) if i.reason == reason]
    assert len(found) == 1, found
    return found[0]


# --------------------------------------------------------------------------- task


def test_one_task_for_two_people_is_one_item_naming_both(load):
    """A meeting with two people and a task that links nobody: one follow-up, with the first
    of them, naming both (it was one per person)."""
    vault = load({
        ANA: "", LUIS: "",
        "Meetings/Coffee.md": meeting("2026-11-10", "Ana", "Luis",
                                      body="## Notes\n- [ ] Send the deck 📅 2026-11-25\n"),
    })
    assert codes(vault) == []
    assert rows(vault, "task") == [("task", "Ana", D(2026, 11, 25), "next_7_days")]
    items = [i for i in follow_ups(vault) if i.reason == "task"]
    assert [(i.text, i.source.line, i.people) for i in items] == [("Send the deck", 6, (ANA, LUIS))]
    archived = load({ANA: fm("status: archived"), LUIS: "",
                     "Meetings/Coffee.md": meeting("2026-11-10", "Ana", "Luis",
                                                   body="## Notes\n- [ ] Send the deck 📅 2026-11-25\n")})
    assert rows(archived, "task") == [("task", "Luis", D(2026, 11, 25), "next_7_days")]  # the first who gets follow-ups


def test_task_linking_one_participant_belongs_to_that_contact_only(load):
    vault = load({
        ANA: "", LUIS: "",
        "Meetings/Coffee.md": meeting("2026-11-10", "Ana", "Luis",
                                      body="- [ ] Send [[Luis]] the paper [due:: 2026-11-20]\n"),
    })
    assert rows(vault, "task") == [("task", "Luis", D(2026, 11, 20), "overdue")]


def test_undated_task_is_in_the_undated_group(load):
    vault = load({ANA: "", "Meetings/Coffee.md": meeting("2026-11-10", "Ana", body="- [ ] Read her thesis\n")})
    [item] = [i for i in follow_ups(vault) if i.reason == "task"]
    assert (item.due, item.group(TODAY), item.text) == (None, "undated", "Read her thesis")
    assert grouped(vault, follow_ups(vault))["undated"] == [item]


def test_task_in_a_contact_note_belongs_to_that_contact(load):
    vault = load({ANA: "# Ana\n\n- [ ] Call about the offer 📅 2026-11-22\n- [x] Done already 📅 2026-11-01\n"})
    assert rows(vault, "task") == [("task", "Ana", TODAY, "today")]
    assert only(vault, "task").source.line == 3


def test_task_due_today_is_in_the_today_group(load):
    vault = load({ANA: "", "Meetings/Coffee.md": meeting("2026-11-10", "Ana", body="- [ ] Ping 📅 2026-11-22\n")})
    assert rows(vault, "task") == [("task", "Ana", TODAY, "today")]


# --------------------------------------------------------------------------- follow_up


def test_follow_up_date_is_due_for_each_participant_with_its_key_line(load):
    vault = load({
        ANA: "", LUIS: "",
        "Meetings/Coffee.md": meeting("2026-11-10", "Ana", "Luis", extra=("title: Coffee", "follow_up: 2026-11-20")),
    })
    assert codes(vault) == []
    assert rows(vault, "follow_up") == [
        ("follow_up", "Ana", D(2026, 11, 20), "overdue"),
        ("follow_up", "Luis", D(2026, 11, 20), "overdue"),
    ]
    for item in follow_ups(vault):
        assert (item.text, item.source.path, item.source.line, item.since) == (
            "Coffee", "Meetings/Coffee.md", 5, D(2026, 11, 10))


def test_follow_up_dropped_after_a_later_past_interaction(load):
    vault = load({
        ANA: "", LUIS: "",
        "Meetings/Coffee.md": meeting("2026-11-10", "Ana", "Luis", extra=("follow_up: 2026-11-20",)),
        "Meetings/Lunch.md": meeting("2026-11-15", "Ana"),
    })
    assert rows(vault, "follow_up") == [("follow_up", "Luis", D(2026, 11, 20), "overdue")]


def test_follow_up_kept_when_the_later_interaction_is_not_contact_or_not_past(load):
    vault = load({
        ANA: "", LUIS: "",
        "Meetings/Coffee.md": meeting("2026-11-10", "Ana", "Luis", extra=("follow_up: 2026-11-20",)),
        "Meetings/Email.md": meeting("2026-11-15", "Ana", extra=("channel: email", "outcome: no-reply")),
        "Meetings/Call.md": meeting("2026-11-24", "Luis"),
    })
    assert [(r[0], r[1], r[2]) for r in rows(vault, "follow_up")] == [
        ("follow_up", "Ana", D(2026, 11, 20)),
        ("follow_up", "Luis", D(2026, 11, 20)),
    ]


def test_follow_up_in_the_future_goes_by_its_date(load):
    vault = load({ANA: "", "Meetings/Coffee.md": meeting("2026-11-10", "Ana", extra=("follow_up: 2026-12-20",))})
    assert rows(vault, "follow_up") == [("follow_up", "Ana", D(2026, 12, 20), "later")]


# --------------------------------------------------------------------------- cadence


def test_cadence_is_due_last_contact_plus_cadence(load):
    vault = load({ANA: fm("cadence: 2w"), "Meetings/Coffee.md": meeting("2026-11-01", "Ana")})
    item = only(vault, "cadence")
    assert (item.due, item.group(TODAY), item.since, item.contact) == (D(2026, 11, 15), "overdue", D(2026, 11, 1), ANA)
    assert (item.source.path, item.source.line) == (ANA, 1)


def test_cadence_uses_the_last_contact_field_when_later(load):
    vault = load({ANA: fm("cadence: monthly", "last_contact: 2026-11-05"),
                  "Meetings/Coffee.md": meeting("2026-10-01", "Ana")})
    assert rows(vault, "cadence") == [("cadence", "Ana", D(2026, 12, 5), "later")]


def test_outreach_awaiting_a_reply_quiets_keep_in_touch_then_gives_one_nudge(load):
    """You wrote two days ago: no "keep in touch, 21 days overdue" (nor the older meeting's
    follow-up); once the reply nudge is due, that one nudge, not three."""
    files = {
        ANA: fm("cadence: monthly"),
        "Meetings/Coffee.md": meeting("2026-10-01", "Ana", extra=("follow_up: 2026-10-15",)),
        "Meetings/Email.md": meeting("2026-11-20", "Ana", extra=("channel: email", "outcome: awaiting")),
    }
    assert rows(load(files)) == []
    later = load(files, today=D(2026, 11, 28))
    assert rows(later) == [("awaiting_reply", "Ana", D(2026, 11, 27), "overdue")]


def test_a_booked_meeting_replaces_keep_in_touch(load):
    """A call booked on 12-10 leaves no "keep in touch, 21 days overdue"; within the upcoming
    window it shows as "upcoming" (prepare), before that nothing."""
    files = {ANA: fm("cadence: monthly"), "Meetings/Coffee.md": meeting("2026-10-01", "Ana"),
             "Meetings/Call.md": meeting("2026-12-10", "Ana", extra=("channel: call",))}
    assert rows(load(files)) == []
    assert rows(load(files, today=D(2026, 12, 5))) == [("upcoming", "Ana", D(2026, 12, 10), "next_7_days")]
    assert rows(load(files, today=D(2026, 12, 11))) == [("cadence", "Ana", D(2027, 1, 10), "later")]


def test_cadence_of_a_never_contacted_contact_counts_from_its_later_of_met_and_created(load):
    """A 2019 connection whose note was made (imported) on 2026-11-01: first due a period after
    the note, not "2,791 days overdue"."""
    vault = load({ANA: fm("met: 2019-03-02", "created: 2026-11-01", "cadence: monthly")})
    assert only(vault, "cadence").due == D(2026, 12, 1)


def test_cadence_of_a_never_contacted_contact_counts_from_met(load):
    vault = load({ANA: fm("met: 2026-09-01", "cadence: monthly")})
    item = only(vault, "cadence")
    assert (item.due, item.group(TODAY), item.since) == (D(2026, 10, 1), "overdue", None)


def test_cadence_without_contact_or_met_is_due_today(load):
    vault = load({ANA: fm("cadence: 90d")})
    assert rows(vault, "cadence") == [("cadence", "Ana", TODAY, "today")]


def test_cadence_comes_from_the_tier(load):
    vault = load({ANA: fm("tier: A"), LUIS: fm("tier: a"), "Meetings/Coffee.md": meeting("2026-11-01", "Ana", "Luis")})
    assert rows(vault, "cadence") == [
        ("cadence", "Ana", D(2026, 12, 1), "later"),
        ("cadence", "Luis", D(2026, 12, 1), "later"),
    ]


def test_explicit_cadence_wins_over_the_tier(load):
    vault = load({ANA: fm("tier: D", "cadence: weekly"), "Meetings/Coffee.md": meeting("2026-11-10", "Ana")})
    assert rows(vault, "cadence") == [("cadence", "Ana", D(2026, 11, 17), "overdue")]


def test_no_cadence_no_item(load):
    vault = load({ANA: "", LUIS: fm("cadence: never", "tier: A"),
                  "Meetings/Coffee.md": meeting("2026-01-01", "Ana", "Luis")})
    assert rows(vault, "cadence") == []


def test_cadence_listed_only_within_thirty_days(load):
    vault = load({
        ANA: fm("cadence: 30d"),  # due 2026-12-22 = today + 30: listed
        LUIS: fm("cadence: 31d"),  # due 2026-12-23 = today + 31: not yet
        "Meetings/Coffee.md": meeting("2026-11-22", "Ana", "Luis"),
    })
    assert rows(vault, "cadence") == [("cadence", "Ana", D(2026, 12, 22), "later")]


def test_dormant_contact_gets_no_cadence_but_still_tasks(load):
    vault = load({
        ANA: fm("status: dormant", "cadence: weekly", "met: 2026-11-20"),
        "Meetings/Coffee.md": meeting("2026-11-20", "Ana", body="- [ ] Send notes 📅 2026-11-23\n"),
    })
    assert rows(vault) == [("task", "Ana", D(2026, 11, 23), "next_7_days")]


# --------------------------------------------------------------------------- new_contact


def test_new_contact_is_due_two_days_after_met(load):
    vault = load({ANA: fm("met: 2026-11-18")})
    item = only(vault, "new_contact")
    assert (item.due, item.group(TODAY), item.since, item.contact) == (D(2026, 11, 20), "overdue", D(2026, 11, 18), ANA)
    assert (item.source.path, item.source.line) == (ANA, 1)


@pytest.mark.parametrize(("met", "expected"), [
    ("2026-11-14", []),  # 8 days ago: no longer warm
    ("2026-11-15", [("new_contact", "Ana", D(2026, 11, 17), "overdue")]),  # exactly warm_days ago
    ("2026-11-21", [("new_contact", "Ana", D(2026, 11, 23), "next_7_days")]),
    ("2026-11-22", [("new_contact", "Ana", D(2026, 11, 24), "next_7_days")]),  # met today
    ("2026-11-23", []),  # met in the future: not yet
])
def test_new_contact_warm_days_boundary(load, met, expected):
    assert rows(load({ANA: fm(f"met: {met}")}), "new_contact") == expected


def test_new_contact_warm_days_is_configurable(load):
    vault = load({
        "vaultkit.toml": "warm_days = 3\n",
        ANA: fm("met: 2026-11-19"),  # 3 days ago: warm
        LUIS: fm("met: 2026-11-18"),  # 4 days ago: not
    })
    assert codes(vault) == []
    assert rows(vault, "new_contact") == [("new_contact", "Ana", D(2026, 11, 21), "overdue")]


def test_new_contact_with_one_past_interaction_is_listed(load):
    vault = load({
        ANA: fm("met: 2026-11-18"),
        "Meetings/Meetup.md": meeting("2026-11-18", "Ana"),
        "Meetings/Next.md": meeting("2026-11-26", "Ana"),  # future: not a second interaction yet
    })
    assert rows(vault, "new_contact") == [("new_contact", "Ana", D(2026, 11, 20), "overdue")]


def test_new_contact_dropped_after_a_second_interaction(load):
    vault = load({
        ANA: fm("met: 2026-11-18"),
        "Meetings/Meetup.md": meeting("2026-11-18", "Ana"),
        "Meetings/Coffee.md": meeting("2026-11-20", "Ana"),
    })
    assert rows(vault, "new_contact") == []


def test_dormant_contact_is_no_new_contact(load):
    vault = load({ANA: fm("met: 2026-11-18", "status: dormant")})
    assert rows(vault) == []


# --------------------------------------------------------------------------- awaiting_reply


@pytest.mark.parametrize(("sent", "expected"), [
    ("2026-11-15", [("awaiting_reply", "Ana", TODAY, "today")]),  # sent + 7 == today: nudge now
    ("2026-11-16", []),  # sent + 7 is tomorrow: wait
    ("2026-11-01", [("awaiting_reply", "Ana", D(2026, 11, 8), "overdue")]),
])
def test_awaiting_reply_after_the_nudge_days(load, sent, expected):
    vault = load({ANA: "", "Meetings/Email.md": meeting(sent, "Ana", extra=("channel: email", "outcome: awaiting"))})
    assert rows(vault, "awaiting_reply") == expected


def test_awaiting_reply_item_fields(load):
    vault = load({ANA: "", "Meetings/Email.md": meeting("2026-11-01", "Ana",
                                                        extra=("title: Intro email", "outcome: awaiting"))})
    item = only(vault, "awaiting_reply")
    assert (item.text, item.source.path, item.source.line, item.since) == (
        "Intro email", "Meetings/Email.md", 1, D(2026, 11, 1))


def test_awaiting_reply_nudge_days_is_configurable(load):
    vault = load({
        "vaultkit.toml": "reply_nudge_days = 3\n",
        ANA: "",
        "Meetings/Email.md": meeting("2026-11-19", "Ana", extra=("outcome: awaiting",)),
        "Meetings/Other.md": meeting("2026-11-20", "Ana", extra=("outcome: awaiting",)),
    })
    assert rows(vault, "awaiting_reply") == [("awaiting_reply", "Ana", TODAY, "today")]


@pytest.mark.parametrize("outcome", ["replied", "no-reply"])
def test_no_awaiting_reply_for_other_outcomes(load, outcome):
    vault = load({ANA: "", "Meetings/Email.md": meeting("2026-11-01", "Ana", extra=(f"outcome: {outcome}",))})
    assert rows(vault, "awaiting_reply") == []


def test_awaiting_reply_dropped_after_a_later_contact(load):
    vault = load({
        ANA: "", LUIS: "",
        "Meetings/Email.md": meeting("2026-11-01", "Ana", "Luis", extra=("outcome: awaiting",)),
        "Meetings/Call.md": meeting("2026-11-10", "Ana"),
        "Meetings/Nudge.md": meeting("2026-11-10", "Luis", extra=("outcome: no-reply",)),  # not contact
    })
    assert rows(vault, "awaiting_reply") == [("awaiting_reply", "Luis", D(2026, 11, 8), "overdue")]


# --------------------------------------------------------------------------- goal_review


def goal(*lines: str) -> str:
    return fm("metric: manual", "target: 5", "start: 2026-08-01", "deadline: 2027-01-31", *lines)


@pytest.mark.parametrize(("lines", "expected"), [
    (("last_review: 2026-11-15",), [("goal_review", "Goals/Grow.md", TODAY, "today")]),  # weekly default
    (("last_review: 2026-11-16",), []),  # next review tomorrow
    (("review: monthly", "last_review: 2026-10-01"), [("goal_review", "Goals/Grow.md", D(2026, 11, 1), "overdue")]),
    ((), [("goal_review", "Goals/Grow.md", D(2026, 8, 8), "overdue")]),  # never reviewed: a period after the start
    (("review: never",), []),
    (("status: paused",), []),
    (("status: achieved",), []),
])
def test_goal_review(load, lines, expected):
    vault = load({"Goals/Grow.md": goal(*lines)})
    assert rows(vault, "goal_review") == expected


def test_goal_review_item_has_no_contact(load):
    vault = load({"Goals/Grow.md": goal("title: Grow my network", "last_review: 2026-11-01")})
    item = only(vault, "goal_review")
    assert (item.contact, item.goal, item.text, item.source.path, item.source.line) == (
        None, "Goals/Grow.md", "Grow my network", "Goals/Grow.md", 1)
    assert item.since == D(2026, 11, 1)


# --------------------------------------------------------------------------- upcoming


def test_upcoming_interaction_per_participant_within_seven_days(load):
    vault = load({
        ANA: "", LUIS: "", BEA: "",
        "Meetings/Today.md": meeting("2026-11-22", "Bea"),  # today: not upcoming
        "Meetings/Lunch.md": meeting("2026-11-29", "Ana", "Luis", extra=("title: Lunch",)),  # today + 7
        "Meetings/Far.md": meeting("2026-11-30", "Bea"),  # today + 8
    })
    assert rows(vault, "upcoming") == [
        ("upcoming", "Ana", D(2026, 11, 29), "next_7_days"),
        ("upcoming", "Luis", D(2026, 11, 29), "next_7_days"),
    ]
    assert {(i.text, i.source.path, i.source.line) for i in follow_ups(vault) if i.reason == "upcoming"} == {
        ("Lunch", "Meetings/Lunch.md", 1)}


def test_upcoming_tomorrow(load):
    vault = load({ANA: "", "Meetings/Call.md": meeting("2026-11-23", "Ana")})
    assert rows(vault, "upcoming") == [("upcoming", "Ana", D(2026, 11, 23), "next_7_days")]


# --------------------------------------------------------------------------- archived, snoozed


def everything_for_ana(*contact_lines: str) -> dict[str, str]:
    """A contact with one item of every contact reason due (one past interaction: still a new contact)."""
    return {
        ANA: fm("cadence: weekly", "met: 2026-11-20", *contact_lines, body="- [ ] Send notes 📅 2026-11-21\n"),
        "Meetings/Email.md": meeting("2026-11-20", "Ana", extra=("outcome: awaiting", "follow_up: 2026-11-21")),
        "Meetings/Next.md": meeting("2026-11-24", "Ana"),
        "vaultkit.toml": "reply_nudge_days = 1\n",
    }


def test_every_contact_reason_for_an_active_contact(load):
    """All but keep-in-touch, which her booked meeting and the message awaiting its reply quiet."""
    vault = load(everything_for_ana())
    assert codes(vault) == []
    assert sorted(r[0] for r in rows(vault)) == sorted(
        ["task", "follow_up", "new_contact", "awaiting_reply", "upcoming"])


@pytest.mark.parametrize("lines", [("status: archived",), ("snooze_until: 2026-11-23",), ("snooze_until: 2027-01-01",)])
def test_archived_and_snoozed_contacts_get_nothing(load, lines):
    vault = load(everything_for_ana(*lines))
    assert rows(vault) == []


def test_snooze_ending_today_gets_items(load):
    vault = load(everything_for_ana("snooze_until: 2026-11-22"))
    assert sorted(r[0] for r in rows(vault)) == sorted(
        ["task", "follow_up", "new_contact", "awaiting_reply", "upcoming"])


def test_snooze_in_the_past_gets_items(load):
    vault = load(everything_for_ana("snooze_until: 2026-11-01"))
    assert len(rows(vault)) == 5


# --------------------------------------------------------------------------- groups and order


def test_overdue_ranked_by_urgency_relative_to_the_cadence(load):
    vault = load({
        "Contacts/Weekly.md": fm("cadence: weekly", "last_contact: 2026-11-08"),  # due 11-15: 7 days = 1 period
        "Contacts/Yearly.md": fm("cadence: yearly", "last_contact: 2025-10-23"),  # due 10-23: 30 days of 365
        "Contacts/Plain.md": fm(body="- [ ] Reply 📅 2026-11-07\n"),  # 15 days late, no cadence: 15 of 30
    })
    assert codes(vault) == []
    assert rows(vault) == [
        ("cadence", "Weekly", D(2026, 11, 15), "overdue"),
        ("task", "Plain", D(2026, 11, 7), "overdue"),
        ("cadence", "Yearly", D(2026, 10, 23), "overdue"),
    ]
    urgency = [round(i.urgency(vault.today), 4) for i in follow_ups(vault)]
    assert urgency == [1.0, 0.5, round(30 / 365, 4)]


def test_later_groups_sorted_by_due_date_whatever_the_cadence(load):
    vault = load({
        "Contacts/Weekly.md": fm("cadence: weekly", "last_contact: 2026-11-19",  # cadence due 11-26
                                 body="- [ ] Call 📅 2026-11-23\n- [ ] Visit 📅 2026-12-02\n"),
        "Contacts/Yearly.md": fm("cadence: yearly", "last_contact: 2026-06-01", body="- [ ] Send 📅 2026-12-15\n"),
        "Contacts/Plain.md": fm(body="- [ ] Reply 📅 2026-11-24\n- [ ] Ask\n"),
    })
    assert codes(vault) == []
    # ranked by urgency these would read Plain 11-24 before Weekly 11-23, and Yearly 12-15 before Weekly 12-02
    assert rows(vault) == [
        ("task", "Weekly", D(2026, 11, 23), "next_7_days"),
        ("task", "Plain", D(2026, 11, 24), "next_7_days"),
        ("cadence", "Weekly", D(2026, 11, 26), "next_7_days"),
        ("task", "Weekly", D(2026, 12, 2), "later"),
        ("task", "Yearly", D(2026, 12, 15), "later"),
        ("task", "Plain", None, "undated"),
    ]


def test_groups_come_in_order_and_next_seven_days_boundary(load):
    vault = load({
        ANA: fm(body="- [ ] A 📅 2026-11-30\n- [ ] B 📅 2026-11-29\n- [ ] C\n- [ ] D 📅 2026-11-22\n"
                     "- [ ] E 📅 2026-11-21\n"),
    })
    assert [(r[2], r[3]) for r in rows(vault)] == [
        (D(2026, 11, 21), "overdue"),
        (D(2026, 11, 22), "today"),
        (D(2026, 11, 29), "next_7_days"),  # today + 7
        (D(2026, 11, 30), "later"),  # today + 8
        (None, "undated"),
    ]
    groups = grouped(vault, follow_ups(vault))
    assert list(groups) == list(GROUPS) == ["overdue", "today", "next_7_days", "later", "undated"]
    assert [len(groups[g]) for g in GROUPS] == [1, 1, 1, 1, 1]


# --------------------------------------------------------------------------- context


def test_context_of_a_contact(load):
    vault = load({
        ANA: fm("interests: [climate data, sourdough]", 'goals: ["[[Grow]]", "[[Old]]"]'),
        "Goals/Grow.md": fm("metric: interactions", "target: 5", "start: 2026-08-01"),
        "Goals/Old.md": fm("metric: interactions", "target: 5", "start: 2026-08-01", "status: paused"),
        "Goals/Speak.md": fm("metric: interactions", "target: 5", "start: 2026-08-01"),
        "Goals/Other.md": fm("metric: interactions", "target: 5", "start: 2026-08-01"),
        "Meetings/Coffee.md": meeting("2026-10-01", "Ana", extra=('goals: ["[[Speak]]"]',),
                                      body="## Gave\n- Intro to a recruiter [weight:: 3]\n\n"
                                           "## Asked\n- Advice on a talk\n"),
        "Meetings/Call.md": meeting("2026-11-05", "Ana", body="## Asked\n- Review my CV\n"),
        "Meetings/Email.md": meeting("2026-11-12", "Ana", extra=("channel: email", "outcome: no-reply")),
        "Meetings/Future.md": meeting("2026-11-28", "Ana", body="## Asked\n- A future favour\n"),
    })
    assert codes(vault) == []
    ctx = context_of(vault, ANA)
    assert ctx.last is not None and ctx.last.id == "Meetings/Email.md"  # whatever its outcome
    assert ctx.balance == 1.0  # 3 given - 2 asked; the future ask is not counted
    assert ctx.shared_goals == ("Goals/Grow.md", "Goals/Speak.md")  # active goals only
    assert ctx.interests == ("climate data", "sourdough")
    assert [e.text for e in ctx.recent_asks] == ["Review my CV", "Advice on a talk"]


def test_context_of_a_contact_with_no_history(load):
    vault = load({ANA: ""})
    ctx = context_of(vault, ANA)
    assert (ctx.last, ctx.balance, ctx.shared_goals, ctx.interests, ctx.recent_asks) == (None, 0, (), (), ())


# --------------------------------------------------------------------------- sample vault


@pytest.fixture(scope="module")
def sample():
    return load_vault(SAMPLE, TODAY)


def test_sample_vault_has_every_reason(sample):
    assert {i.reason for i in follow_ups(sample)} == set(REASONS)


def test_sample_vault_overdue_group(sample):
    overdue = grouped(sample, follow_ups(sample))["overdue"]
    assert [(i.reason, sample.name(i.contact) if i.contact else i.goal, i.due) for i in overdue] == [
        # Rachel Kim's weekly keep-in-touch: quiet, her call on 12-10 is booked
        ("follow_up", "Rachel Kim", D(2026, 11, 16)),  # 6 of 7 days
        ("goal_review", "Goals/Help 20 people in my network.md", D(2026, 10, 30)),  # 23 of 30 days
        ("new_contact", "Sofía Herrera", D(2026, 11, 19)),  # 3 of 30 days
        ("awaiting_reply", "Marcus Oyelaran", D(2026, 11, 5)),  # 17 of 365 days
        ("task", "María José Núñez", D(2026, 11, 20)),  # 2 of 90 days
        ("new_contact", "Diego Ramírez", D(2026, 11, 21)),  # 1 of 90 days
    ]
