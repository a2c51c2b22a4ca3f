"""Section 5 of the contract: goal notes, their window, metrics, progress, state, reviews and problems."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import TODAY, codes

D = dt.date

CONTACTS = {
    "Contacts/Ana.md": "# Ana\n",
    "Contacts/Luis.md": "# Luis\n",
    "Contacts/Marta.md": "# Marta\n",
}


def goal_note(*front: str, body: str = "") -> str:
    """A goal note: one front matter line per argument, then the body."""
    return "---\n" + "".join(f"{line}\n" for line in front) + "---\n" + body


def meeting(day: str, *people: str, goals: str | None = None, body: str = "") -> str:
    front = [f"date: {day}", "with: [" + ", ".join(f'"[[{p}]]"' for p in people) + "]"]
    if goals is not None:
        front.append(f'goals: ["[[{goals}]]"]')
    return "---\n" + "".join(f"{line}\n" for line in front) + "---\n" + body


def goal_of(vault, path: str = "Goals/Grow.md"):
    return vault.goals[path]


def progress_of(vault, path: str = "Goals/Grow.md"):
    return vault.progress[path]


def goal_codes(vault) -> list[tuple[str, int, str]]:
    return [c for c in codes(vault) if c[0].startswith("Goals/")]


# --------------------------------------------------------------------------- title, metric, target


def test_title_comes_from_title_key(load):
    vault = load({"Goals/Grow.md": goal_note("title: Grow my network", "metric: contacts", "target: 10",
                                             "start: 2026-08-01")})
    goal = goal_of(vault)
    assert goal.title == "Grow my network"
    assert goal.metric == "contacts"
    assert goal.target == 10.0


def test_title_defaults_to_file_stem(load):
    vault = load({"Goals/Grow.md": goal_note("metric: interactions", "target: 5", "start: 2026-08-01")})
    assert goal_of(vault).title == "Grow"


def test_metric_spelling_is_normalised(load):
    vault = load({"Goals/Grow.md": goal_note("metric: New-Contacts", "target: 5", "start: 2026-08-01")})
    assert goal_of(vault).metric == "new_contacts"
    assert goal_codes(vault) == []


def test_type_goal_outside_goals_folder_is_a_goal(load):
    vault = load({"Plans/Grow.md": goal_note("type: goal", "metric: manual", "target: 3", "start: 2026-08-01")})
    assert list(vault.goals) == ["Plans/Grow.md"]


# --------------------------------------------------------------------------- window defaults


def test_explicit_start_and_deadline_are_kept(load):
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 3", "start: 2026-08-01",
                                             "deadline: 2026-12-15", "created: 2026-01-01")})
    goal = goal_of(vault)
    assert (goal.start, goal.deadline) == (D(2026, 8, 1), D(2026, 12, 15))


def test_start_defaults_to_created(load):
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 3", "created: 2026-07-10",
                                             "deadline: 2026-12-31")})
    assert goal_of(vault).start == D(2026, 7, 10)


def test_start_defaults_to_created_timestamp(load):
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 3", "created: 2026-07-10T09:30")})
    goal = goal_of(vault)
    assert goal.start == D(2026, 7, 10)
    assert goal.deadline == D(2027, 1, 10)


def test_start_defaults_to_deadline_minus_six_months(load):
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 3", "deadline: 2027-03-15")})
    goal = goal_of(vault)
    assert goal.start == D(2026, 9, 15)
    assert goal.deadline == D(2027, 3, 15)


def test_start_from_deadline_clamps_to_month_end(load):
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 3", "deadline: 2027-08-31")})
    assert goal_of(vault).start == D(2027, 2, 28)


def test_start_defaults_to_first_log_entry_date(load):
    body = "## Log\n- 2026-09-10: 2 first call\n- 2026-08-20: 1 earliest entry\n- 2026-10-01: 3 more\n"
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 10", body=body)})
    goal = goal_of(vault)
    assert goal.start == D(2026, 8, 20)
    assert goal.deadline == D(2027, 2, 20)
    assert goal_codes(vault) == []


def test_deadline_wins_over_log_for_start(load):
    body = "## Log\n- 2026-06-01: 2 early entry\n"
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 10", "deadline: 2027-01-15", body=body)})
    assert goal_of(vault).start == D(2026, 7, 15)


def test_created_wins_over_log_for_start(load):
    body = "## Log\n- 2026-06-01: 2 before created\n"
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 10", "created: 2026-07-01", body=body)})
    assert goal_of(vault).start == D(2026, 7, 1)


def test_deadline_defaults_to_start_plus_six_months(load):
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 3", "start: 2026-06-15")})
    assert goal_of(vault).deadline == D(2026, 12, 15)


def test_deadline_default_uses_calendar_months_clamped(load):
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 3", "start: 2026-08-31")})
    assert goal_of(vault).deadline == D(2027, 2, 28)


# --------------------------------------------------------------------------- metric: interactions


def test_interactions_linked_by_goals_key_by_stem(load):
    vault = load({
        **CONTACTS,
        "Goals/Grow.md": goal_note("title: Grow my network", "metric: interactions", "target: 10",
                                   "start: 2026-08-01", "deadline: 2027-02-01"),
        "Meetings/m1.md": meeting("2026-09-01", "Ana", goals="Grow"),
        "Meetings/m2.md": meeting("2026-10-01", "Luis", goals="Grow"),
        "Meetings/m3.md": meeting("2026-10-05", "Marta"),
    })
    progress = progress_of(vault)
    assert progress.value == 2.0
    assert progress.interactions == ("Meetings/m1.md", "Meetings/m2.md")


def test_interactions_linked_by_title(load):
    vault = load({
        **CONTACTS,
        "Goals/Grow.md": goal_note("title: Grow my network", "metric: interactions", "target: 10",
                                   "start: 2026-08-01", "deadline: 2027-02-01"),
        "Meetings/m1.md": meeting("2026-09-01", "Ana", goals="Grow my network"),
        "Meetings/m2.md": meeting("2026-10-01", "Luis", body="Talked about [[grow my network]].\n"),
    })
    assert progress_of(vault).value == 2.0
    assert progress_of(vault).interactions == ("Meetings/m1.md", "Meetings/m2.md")


def test_interactions_linked_by_body_link_to_goal(load):
    vault = load({
        **CONTACTS,
        "Goals/Grow.md": goal_note("metric: interactions", "target: 10", "start: 2026-08-01",
                                   "deadline: 2027-02-01"),
        "Meetings/m1.md": meeting("2026-09-01", "Ana", body="Part of [[Grow]].\n"),
        "Meetings/m2.md": meeting("2026-09-02", "Luis", body="Nothing about goals.\n"),
    })
    assert progress_of(vault).value == 1.0
    assert progress_of(vault).interactions == ("Meetings/m1.md",)


def test_daily_note_line_linking_goal_counts(load):
    vault = load({
        **CONTACTS,
        "Goals/Grow.md": goal_note("metric: interactions", "target: 10", "start: 2026-08-01",
                                   "deadline: 2027-02-01"),
        "Daily/2026-09-15.md": "- Coffee with [[Ana]] #met for [[Grow]]\n- Call [[Luis]] #call\n",
    })
    assert progress_of(vault).value == 1.0
    assert progress_of(vault).interactions == ("Daily/2026-09-15.md:1",)


def test_interactions_outside_window_or_after_today_do_not_count(load):
    vault = load({
        **CONTACTS,
        "Goals/Grow.md": goal_note("metric: interactions", "target: 10", "start: 2026-08-01",
                                   "deadline: 2026-12-31"),
        "Meetings/before.md": meeting("2026-07-31", "Ana", goals="Grow"),
        "Meetings/first.md": meeting("2026-08-01", "Ana", goals="Grow"),
        "Meetings/today.md": meeting("2026-11-22", "Luis", goals="Grow"),
        "Meetings/future.md": meeting("2026-11-23", "Marta", goals="Grow"),
        "Meetings/after.md": meeting("2027-01-01", "Marta", goals="Grow"),
    })
    progress = progress_of(vault)
    assert progress.value == 2.0
    assert progress.interactions == ("Meetings/first.md", "Meetings/today.md")


def test_interaction_on_deadline_counts_when_deadline_passed(load):
    vault = load({
        **CONTACTS,
        "Goals/Grow.md": goal_note("metric: interactions", "target: 10", "start: 2026-05-01",
                                   "deadline: 2026-10-31"),
        "Meetings/last.md": meeting("2026-10-31", "Ana", goals="Grow"),
        "Meetings/late.md": meeting("2026-11-01", "Ana", goals="Grow"),
    })
    assert progress_of(vault).value == 1.0


# --------------------------------------------------------------------------- metric: contacts


def test_contacts_counts_distinct_participants(load):
    vault = load({
        **CONTACTS,
        "Goals/Grow.md": goal_note("metric: contacts", "target: 10", "start: 2026-08-01",
                                   "deadline: 2027-02-01"),
        "Meetings/m1.md": meeting("2026-09-01", "Ana", "Luis", goals="Grow"),
        "Meetings/m2.md": meeting("2026-10-01", "Ana", goals="Grow"),
        "Meetings/m3.md": meeting("2026-10-02", "Marta"),
        "Meetings/m4.md": meeting("2026-07-01", "Marta", goals="Grow"),
    })
    progress = progress_of(vault)
    assert progress.value == 2.0
    assert set(progress.contacts) == {"Contacts/Ana.md", "Contacts/Luis.md"}


# --------------------------------------------------------------------------- metric: new_contacts


def test_new_contacts_linked_by_own_goals_key(load):
    vault = load({
        "Contacts/Ana.md": '---\nmet: 2026-09-01\ngoals: ["[[Grow]]"]\n---\n',
        "Contacts/Luis.md": "---\nmet: 2026-09-01\n---\n",
        "Goals/Grow.md": goal_note("metric: new_contacts", "target: 10", "start: 2026-08-01",
                                   "deadline: 2027-02-01"),
    })
    assert progress_of(vault).value == 1.0


def test_new_contacts_linked_through_goal_title_in_own_goals(load):
    vault = load({
        "Contacts/Ana.md": '---\nmet: 2026-09-01\ngoals: ["[[Grow my network]]"]\n---\n',
        "Goals/Grow.md": goal_note("title: Grow my network", "metric: new_contacts", "target: 10",
                                   "start: 2026-08-01", "deadline: 2027-02-01"),
    })
    assert progress_of(vault).value == 1.0


def test_new_contacts_linked_through_linked_interaction(load):
    vault = load({
        "Contacts/Ana.md": "---\nmet: 2026-09-01\n---\n",
        "Contacts/Luis.md": "---\nmet: 2026-09-01\n---\n",
        "Goals/Grow.md": goal_note("metric: new_contacts", "target: 10", "start: 2026-08-01",
                                   "deadline: 2027-02-01"),
        "Meetings/m1.md": meeting("2026-09-01", "Ana", goals="Grow"),
        "Meetings/m2.md": meeting("2026-09-02", "Luis"),
    })
    assert progress_of(vault).value == 1.0


def test_new_contact_met_in_window_but_not_linked_does_not_count(load):
    vault = load({
        "Contacts/Ana.md": "---\nmet: 2026-09-01\n---\n",
        "Goals/Grow.md": goal_note("metric: new_contacts", "target: 10", "start: 2026-08-01",
                                   "deadline: 2027-02-01"),
    })
    assert progress_of(vault).value == 0.0


def test_new_contact_met_before_start_does_not_count(load):
    vault = load({
        "Contacts/Ana.md": '---\nmet: 2026-07-31\ngoals: ["[[Grow]]"]\n---\n',
        "Contacts/Luis.md": '---\nmet: 2026-08-01\ngoals: ["[[Grow]]"]\n---\n',
        "Contacts/Marta.md": '---\ngoals: ["[[Grow]]"]\n---\n',
        "Goals/Grow.md": goal_note("metric: new_contacts", "target: 10", "start: 2026-08-01",
                                   "deadline: 2027-02-01"),
        "Meetings/m1.md": meeting("2026-09-01", "Ana", goals="Grow"),
    })
    assert progress_of(vault).value == 1.0


def test_new_contact_met_after_today_does_not_count(load):
    vault = load({
        "Contacts/Ana.md": '---\nmet: 2026-11-23\ngoals: ["[[Grow]]"]\n---\n',
        "Contacts/Luis.md": '---\nmet: 2026-11-22\ngoals: ["[[Grow]]"]\n---\n',
        "Goals/Grow.md": goal_note("metric: new_contacts", "target: 10", "start: 2026-08-01",
                                   "deadline: 2027-02-01"),
    })
    assert progress_of(vault).value == 1.0


def test_new_contact_linked_twice_counts_once(load):
    vault = load({
        "Contacts/Ana.md": '---\nmet: 2026-09-01\ngoals: ["[[Grow]]"]\n---\n',
        "Goals/Grow.md": goal_note("metric: new_contacts", "target: 10", "start: 2026-08-01",
                                   "deadline: 2027-02-01"),
        "Meetings/m1.md": meeting("2026-09-01", "Ana", goals="Grow"),
        "Meetings/m2.md": meeting("2026-10-01", "Ana", goals="Grow"),
    })
    assert progress_of(vault).value == 1.0


# --------------------------------------------------------------------------- metric: gives


def test_gives_are_weighted_and_counted_once_per_item(load):
    body = ("## Gave\n"
            "- Intro to a recruiter [weight:: 3]\n"
            "- Shared the deck\n"
            "## Asked\n"
            "- A referral\n")
    vault = load({
        **CONTACTS,
        "Goals/Grow.md": goal_note("metric: gives", "target: 10", "start: 2026-08-01", "deadline: 2027-02-01"),
        "Meetings/m1.md": meeting("2026-09-01", "Ana", "Luis", "Marta", goals="Grow", body=body),
    })
    assert progress_of(vault).value == 4.0


def test_gives_only_from_linked_interactions_in_window(load):
    gave = "## Gave\n- A book\n"
    vault = load({
        **CONTACTS,
        "Goals/Grow.md": goal_note("metric: gives", "target: 10", "start: 2026-08-01", "deadline: 2027-02-01"),
        "Meetings/linked.md": meeting("2026-09-01", "Ana", goals="Grow", body="- An intro #gave\n"),
        "Meetings/unlinked.md": meeting("2026-09-02", "Luis", body=gave),
        "Meetings/early.md": meeting("2026-07-15", "Marta", goals="Grow", body=gave),
        "Meetings/future.md": meeting("2026-12-01", "Marta", goals="Grow", body=gave),
    })
    assert progress_of(vault).value == 1.0


def test_gives_from_daily_note_lines(load):
    vault = load({
        **CONTACTS,
        "Goals/Grow.md": goal_note("metric: gives", "target: 10", "start: 2026-08-01", "deadline: 2027-02-01"),
        "Daily/2026-09-15.md": "- Sent [[Ana]] a book #gave [weight:: 2] for [[Grow]]\n",
    })
    assert progress_of(vault).value == 2.0


# --------------------------------------------------------------------------- metric: manual


def test_manual_value_is_latest_entry_by_date(load):
    body = ("## Log\n"
            "- 2026-09-01: 2 first\n"
            "- 2026-10-15: 7 latest\n"
            "- 2026-10-01: 5 written last but older\n")
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 10", "start: 2026-08-01",
                                             "deadline: 2027-02-01", body=body)})
    assert progress_of(vault).value == 7.0


def test_manual_aggregate_sum(load):
    body = "## Log\n- 2026-09-01: 2 first\n- 2026-10-15: 3.5 second\n- 2026-10-01: 1 third\n"
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 10", "start: 2026-08-01",
                                             "deadline: 2027-02-01", "aggregate: sum", body=body)})
    assert progress_of(vault).value == 6.5


def test_manual_entries_outside_window_are_ignored(load):
    body = ("## Log\n"
            "- 2026-07-31: 100 before start\n"
            "- 2026-09-01: 2 inside\n"
            "- 2026-11-23: 50 after today\n"
            "- 2027-03-01: 80 after deadline\n")
    vault = load({
        "Goals/Latest.md": goal_note("metric: manual", "target: 10", "start: 2026-08-01", "deadline: 2027-02-01",
                                     body=body),
        "Goals/Sum.md": goal_note("metric: manual", "target: 10", "start: 2026-08-01", "deadline: 2027-02-01",
                                  "aggregate: sum", body=body),
    })
    assert progress_of(vault, "Goals/Latest.md").value == 2.0
    assert progress_of(vault, "Goals/Sum.md").value == 2.0


def test_manual_log_under_spanish_registro_heading(load):
    body = "## Registro\n- 2026-09-01: 4 primera\n"
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 10", "start: 2026-08-01",
                                             "deadline: 2027-02-01", body=body)})
    assert progress_of(vault).value == 4.0


def test_manual_log_keeps_going_under_deeper_subheadings(load):
    body = "## Log\n### September\n- 2026-09-01: 2 first\n### October\n- 2026-10-01: 6 second\n## Notes\n- x\n"
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 10", "start: 2026-08-01",
                                             "deadline: 2027-02-01", "aggregate: sum", body=body)})
    assert progress_of(vault).value == 8.0
    assert goal_codes(vault) == []


def test_manual_items_outside_log_section_do_not_count(load):
    body = "## Notes\n- 2026-09-01: 9 not a log item\n## Log\n- 2026-09-02: 1 logged\n"
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 10", "start: 2026-08-01",
                                             "deadline: 2027-02-01", body=body)})
    assert progress_of(vault).value == 1.0
    assert goal_codes(vault) == []


def test_manual_without_entries_is_zero(load):
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 10", "start: 2026-08-01",
                                             "deadline: 2027-02-01")})
    assert progress_of(vault).value == 0.0


def test_malformed_log_entry_is_warned_at_its_line(load):
    body = ("## Log\n"                           # line 7 (front matter is lines 1-6)
            "- 2026-09-01: 2 good\n"             # line 8
            "- called Ana, went well\n"          # line 9
            "- 2026-02-30: 3 impossible date\n"  # line 10
            "- 2026-10-01: 4 good again\n")      # line 11
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 10", "start: 2026-08-01",
                                             "deadline: 2027-02-01", body=body)})
    assert goal_codes(vault) == [("Goals/Grow.md", 9, "bad-log-entry"), ("Goals/Grow.md", 10, "bad-log-entry")]
    assert all(p.severity == "warning" for p in vault.problems if p.code == "bad-log-entry")
    assert progress_of(vault).value == 4.0


# --------------------------------------------------------------------------- progress and expected


def test_progress_is_value_over_target(load):
    body = "## Log\n- 2026-09-01: 3 so far\n"
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 8", "start: 2026-08-01",
                                             "deadline: 2027-02-01", body=body)})
    assert progress_of(vault).progress == 3 / 8


def test_expected_is_target_times_elapsed_share(load):
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 10", "start: 2026-08-01",
                                             "deadline: 2027-02-01")})
    # 113 of 184 days elapsed on 2026-11-22
    assert progress_of(vault).expected == 10 * (113 / 184)
    assert progress_of(vault).expected == pytest.approx(6.141304347826087)


def test_expected_is_zero_on_start_and_full_after_deadline(load):
    files = {"Goals/Grow.md": goal_note("metric: manual", "target: 10", "start: 2026-08-01",
                                        "deadline: 2027-02-01")}
    assert progress_of(load(files, today=D(2026, 8, 1))).expected == 0.0
    assert progress_of(load(files, today=D(2027, 5, 1))).expected == 10.0


# --------------------------------------------------------------------------- states

# A 10-day window, half elapsed on 2026-01-06: expected = 5.0 with target 10.
HALF = dict(today=D(2026, 1, 6))


def manual_goal(value: str, *front: str) -> dict[str, str]:
    body = f"## Log\n- 2026-01-02: {value} entry\n"
    return {"Goals/Grow.md": goal_note("metric: manual", "target: 10", "start: 2026-01-01",
                                       "deadline: 2026-01-11", *front, body=body)}


@pytest.mark.parametrize("value, front, today, state", [
    ("10", (), D(2026, 1, 6), "achieved"),  # the value reaches the target
    ("1", ("status: achieved",), D(2026, 1, 6), "achieved"),  # said so by its status
    ("5.5", (), D(2026, 1, 6), "ahead"),  # above the expected 5.0
    ("5", (), D(2026, 1, 6), "on track"),  # equal to expected
    ("4.5", (), D(2026, 1, 6), "on track"),  # exactly 90% of expected
    ("4.49", (), D(2026, 1, 6), "behind"),  # just below 90%
    ("0", (), D(2026, 1, 6), "behind"),  # nothing done
    ("9", (), D(2026, 1, 12), "missed"),  # the deadline passed
])
def test_goal_state(load, value, front, today, state):
    assert progress_of(load(manual_goal(value, *front), today=today)).state == state


def test_expected_is_the_elapsed_share_of_the_target(load):
    assert progress_of(load(manual_goal("5.5"), **HALF)).expected == 5.0


def test_state_not_missed_on_deadline_day(load):
    vault = load(manual_goal("9.5"), today=D(2026, 1, 11))
    assert progress_of(vault).state == "on track"


def test_state_achieved_after_deadline_is_not_missed(load):
    vault = load(manual_goal("10"), today=D(2026, 3, 1))
    assert progress_of(vault).state == "achieved"


# --------------------------------------------------------------------------- projected date


def test_projected_date_at_current_pace(load):
    # 2 of 8 after 113 days -> 452 days in all
    body = "## Log\n- 2026-09-01: 2 entry\n"
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 8", "start: 2026-08-01",
                                             "deadline: 2027-02-01", body=body)})
    assert progress_of(vault).projected == D(2027, 10, 27)


def test_projected_date_rounds_to_nearest_day(load):
    # 3 of 10 after 113 days -> 376.67 days -> 377
    body = "## Log\n- 2026-09-01: 3 entry\n"
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 10", "start: 2026-08-01",
                                             "deadline: 2027-02-01", body=body)})
    assert progress_of(vault).projected == D(2027, 8, 13)


def test_projected_is_none_without_progress(load):
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 10", "start: 2026-08-01",
                                             "deadline: 2027-02-01")})
    assert progress_of(vault).projected is None


# --------------------------------------------------------------------------- reviews


def review_goal(*front: str) -> dict[str, str]:
    return {"Goals/Grow.md": goal_note("metric: manual", "target: 10", "start: 2026-08-01",
                                       "deadline: 2027-02-01", *front)}


def test_next_review_is_last_review_plus_a_week_by_default(load):
    vault = load(review_goal("last_review: 2026-11-10"))
    progress = progress_of(vault)
    assert progress.next_review == D(2026, 11, 17)
    assert progress.review_due(TODAY) is True
    assert progress.review_due(D(2026, 11, 16)) is False
    assert progress.review_due(D(2026, 11, 17)) is True


def test_next_review_uses_review_cadence(load):
    vault = load(review_goal("review: monthly", "last_review: 2026-10-31"))
    progress = progress_of(vault)
    assert progress.next_review == D(2026, 11, 30)
    assert progress.review_due(TODAY) is False


def test_next_review_with_day_cadence(load):
    vault = load(review_goal("review: 10d", "last_review: 2026-11-15"))
    assert progress_of(vault).next_review == D(2026, 11, 25)


def test_a_goal_never_reviewed_is_first_due_one_review_period_after_its_start(load):
    """Not on the day it starts (a new goal's review was due the day it was created)."""
    vault = load(review_goal())
    progress = progress_of(vault)
    assert progress.next_review == D(2026, 8, 8)  # weekly, from a start on 2026-08-01
    assert progress.review_due(TODAY) is True
    assert progress.review_due(D(2026, 8, 7)) is False


def test_review_never_means_no_review(load):
    vault = load(review_goal("review: never", "last_review: 2026-10-01"))
    progress = progress_of(vault)
    assert goal_of(vault).review is None
    assert progress.next_review is None
    assert progress.review_due(TODAY) is False


def test_paused_goal_review_is_not_due(load):
    vault = load(review_goal("status: paused", "last_review: 2026-10-01"))
    progress = progress_of(vault)
    assert progress.next_review == D(2026, 10, 8)
    assert progress.review_due(TODAY) is False


def test_bad_review_cadence_is_reported_and_weekly_used(load):
    vault = load(review_goal("review: sometimes", "last_review: 2026-11-01"))
    assert goal_codes(vault) == [("Goals/Grow.md", 6, "bad-cadence")]
    assert progress_of(vault).next_review == D(2026, 11, 8)


# --------------------------------------------------------------------------- problems


def test_goal_without_metric_is_not_measurable(load):
    vault = load({"Goals/Grow.md": goal_note("start: 2026-08-01", "target: 5")})
    assert goal_codes(vault) == [("Goals/Grow.md", 1, "goal-not-measurable")]
    assert goal_of(vault).measurable is False
    assert progress_of(vault).progress is None
    assert progress_of(vault).expected is None


def test_goal_without_target_is_not_measurable(load):
    vault = load({"Goals/Grow.md": goal_note("start: 2026-08-01", "metric: contacts")})
    assert goal_codes(vault) == [("Goals/Grow.md", 1, "goal-not-measurable")]
    assert goal_of(vault).measurable is False


def test_zero_target_is_not_measurable_at_target_line(load):
    vault = load({"Goals/Grow.md": goal_note("start: 2026-08-01", "metric: contacts", "target: 0")})
    assert goal_codes(vault) == [("Goals/Grow.md", 4, "goal-not-measurable")]


def test_non_numeric_target_is_bad_value_and_not_measurable(load):
    vault = load({"Goals/Grow.md": goal_note("start: 2026-08-01", "metric: contacts", "target: lots")})
    assert goal_codes(vault) == [("Goals/Grow.md", 4, "bad-value"), ("Goals/Grow.md", 4, "goal-not-measurable")]


def test_unknown_metric_is_bad_value_and_not_measurable(load):
    vault = load({"Goals/Grow.md": goal_note("start: 2026-08-01", "target: 5", "metric: coffees")})
    assert goal_codes(vault) == [("Goals/Grow.md", 4, "bad-value"), ("Goals/Grow.md", 4, "goal-not-measurable")]
    assert goal_of(vault).measurable is False


def test_deadline_before_start_is_goal_bad_window_error(load):
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 5", "start: 2026-08-01",
                                             "deadline: 2026-07-01")})
    assert goal_codes(vault) == [("Goals/Grow.md", 5, "goal-bad-window")]
    problem = next(p for p in vault.problems if p.code == "goal-bad-window")
    assert problem.severity == "error"


def test_bad_window_goal_expects_nothing_and_counts_nothing(load):
    body = "## Log\n- 2026-07-15: 3 entry\n"
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 5", "start: 2026-08-01",
                                             "deadline: 2026-07-01", body=body)})
    assert progress_of(vault).expected is None
    assert progress_of(vault).value == 0.0


def test_goal_with_no_window_warns_and_has_no_state(load):
    """Nothing to expect a value against: neither "on track" nor any other state."""
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 5")})
    assert goal_codes(vault) == [("Goals/Grow.md", 1, "goal-no-window")]
    goal = goal_of(vault)
    assert (goal.start, goal.deadline) == (None, None)
    progress = progress_of(vault)
    assert progress.state is None
    assert progress.expected is None
    assert progress.projected is None


def test_goal_with_start_has_no_window_warning(load):
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 5", "created: 2026-08-01")})
    assert goal_codes(vault) == []


def _goals(starts: list[str], **extra: str) -> dict[str, str]:
    files = {}
    for number, start in enumerate(starts, 1):
        files[f"Goals/G{number}.md"] = goal_note("metric: manual", "target: 5", f"start: {start}",
                                                 *(f"{k}: {v}" for k, v in extra.get(f"G{number}", {}).items()))
    return files


def too_many(vault) -> list[str]:
    return sorted(p.path for p in vault.problems if p.code == "too-many-goals")


def test_four_active_goals_are_fine(load):
    vault = load(_goals(["2026-08-01", "2026-08-02", "2026-08-03", "2026-08-04"]))
    assert too_many(vault) == []


def test_too_many_goals_only_on_latest_started_extras(load):
    # G2 starts latest, G5 second latest: only G2 is over the default limit of 4.
    vault = load(_goals(["2026-08-01", "2026-10-01", "2026-08-03", "2026-08-04", "2026-09-01"]))
    assert too_many(vault) == ["Goals/G2.md"]
    assert all(p.severity == "warning" for p in vault.problems if p.code == "too-many-goals")


def test_too_many_goals_with_configured_limit(load):
    files = _goals(["2026-09-01", "2026-08-01", "2026-10-01", "2026-08-15"])
    files["vaultkit.toml"] = "max_active_goals = 2\n"
    vault = load(files)
    assert vault.config.max_active_goals == 2
    assert too_many(vault) == ["Goals/G1.md", "Goals/G3.md"]


def test_paused_dropped_and_achieved_goals_are_not_active(load):
    starts = ["2026-08-01", "2026-08-02", "2026-08-03", "2026-08-04", "2026-08-05", "2026-08-06", "2026-08-07"]
    extra = {"G5": {"status": "paused"}, "G6": {"status": "dropped"}, "G7": {"status": "achieved"}}
    vault = load(_goals(starts, **extra))
    assert too_many(vault) == []


def test_paused_goal_does_not_push_active_goal_over_limit(load):
    files = _goals(["2026-08-01", "2026-08-02", "2026-08-03"], G1={"status": "paused"})
    files["vaultkit.toml"] = "max_active_goals = 2\n"
    vault = load(files)
    assert too_many(vault) == []
    files["Goals/G4.md"] = goal_note("metric: manual", "target: 5", "start: 2026-08-04")
    assert too_many(load(files)) == ["Goals/G4.md"]


@pytest.mark.parametrize("status", ["paused", "dropped"])
def test_a_paused_or_dropped_goal_says_so_never_missed(load, status):
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 5", "start: 2026-01-01",
                                             "deadline: 2026-06-30", f"status: {status}")})
    progress = progress_of(vault)
    assert (progress.state, progress.projected, progress.late_days) == (status, None, None)


def test_a_goal_with_no_metric_has_no_state_on_any_page(load, tmp_path):
    from vaultkit.pages.parts import render_vault

    vault = load({"Goals/Grow.md": goal_note("target: 5", "start: 2026-09-01", "deadline: 2027-02-28")})
    assert progress_of(vault).state is None
    pages = {p.path: p.text for p in render_vault(vault, [])}
    assert "- [[VaultKit/Goals/Grow|Grow]]: not measurable\n" in pages["Dashboard.md"]
    assert "State:" not in pages["Goals/Grow.md"]
    assert "| not measurable | 0 | — | — |" in pages["Goals.md"]


def test_on_track_but_late_at_this_pace_says_how_late(load):
    """Half the window gone, 4.6 of 10 done: 92% of the expected 5, so on track; but at this
    pace the target falls after the deadline, and the state says by how many days."""
    log = "## Log\n- 2026-10-01: 4.6 so far\n"
    vault = load({"Goals/Grow.md": goal_note("metric: manual", "target: 10", "start: 2026-09-01",
                                             "deadline: 2027-01-12", body=log)}, today=D(2026, 11, 6))
    progress = progress_of(vault)
    assert progress.state == "on track"
    assert progress.projected == D(2027, 1, 22) and progress.late_days == 10  # 66 days for 4.6: 143 for 10
