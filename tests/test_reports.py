"""Reports on a loaded vault: the give/ask balance (section 7), goal progress charts and the scorecard (section 8)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from vaultkit.model import GOAL_STATES
from vaultkit.reports.balance import VERDICTS, balances, ledger, totals
from vaultkit.reports.goal_chart import MAX_POINTS, progress_series
from vaultkit.reports.scorecard import ChannelReplies, events, organizers, reply_rates
from vaultkit.reports.tallies import vault_tallies
from vaultkit.vault import load_vault

from conftest import TODAY, codes, fm, meeting

D = dt.date
ANA, LUIS, BEA, CLEO = "Contacts/Ana.md", "Contacts/Luis.md", "Contacts/Bea.md", "Contacts/Cleo.md"
PEOPLE = {ANA: "", LUIS: "", BEA: "", CLEO: ""}
SAMPLE = Path(__file__).resolve().parent.parent / "sample-vault"
assert TODAY == D(2026, 11, 22)






def with_people(notes: dict[str, str]) -> dict[str, str]:
    return {**PEOPLE, **notes}


@pytest.fixture(scope="module")
def sample():
    return load_vault(SAMPLE, TODAY)


# =========================================================================== balance


def test_ledger_in_date_order_with_running_balance_and_weights(load):
    vault = load(with_people({
        # file names sort against the dates: the ledger must follow the dates
        "Meetings/A later.md": meeting("2026-11-01", "Ana", body="## Asked\n- Review my CV [weight:: 3]\n"),
        "Meetings/B earlier.md": meeting("2026-10-01", "Ana",
                                         body="## Gave\n- Intro to a recruiter [weight:: 2]\n\n## Asked\n- Advice\n"),
        "Daily/2026-10-15.md": "- Sent [[Ana]] the dataset #gave\n",
        "Meetings/C future.md": meeting("2026-12-01", "Ana", body="## Gave\n- Future help [weight:: 5]\n"),
    }))
    assert codes(vault) == []
    result = ledger(vault, ANA)
    entries = result.entries
    assert [(e.exchange.date, e.exchange.kind, e.exchange.text, e.exchange.weight, e.running) for e in entries] == [
        (D(2026, 10, 1), "give", "Intro to a recruiter", 2.0, 2.0),
        (D(2026, 10, 1), "ask", "Advice", 1.0, 1.0),
        (D(2026, 10, 15), "give", "Sent [[Ana]] the dataset", 1.0, 2.0),
        (D(2026, 11, 1), "ask", "Review my CV", 3.0, -1.0),
    ]
    assert [(e.exchange.source.path, e.exchange.source.line) for e in result.entries] == [
        ("Meetings/B earlier.md", 6), ("Meetings/B earlier.md", 9), ("Daily/2026-10-15.md", 1),
        ("Meetings/A later.md", 6)]
    assert (result.given, result.asked, result.balance, result.verdict) == (3.0, 4.0, -1.0, "asked_more")


@pytest.mark.parametrize(("body", "balance", "verdict"), [
    ("## Gave\n- a\n\n## Asked\n- b\n", 0.0, "even"),
    ("## Gave\n- a [weight:: 2.5]\n\n## Asked\n- b [weight:: 1.5]\n- c\n", 0.0, "even"),
    ("## Gave\n- a [weight:: 1.5]\n\n## Asked\n- b\n", 0.5, "give_more"),
    ("## Gave\n- a\n\n## Asked\n- b [weight:: 1.5]\n", -0.5, "asked_more"),
])
def test_verdicts(load, body, balance, verdict):
    vault = load(with_people({"Meetings/Coffee.md": meeting("2026-11-01", "Ana", body=body)}))
    result = ledger(vault, ANA)
    assert (result.balance, result.verdict) == (balance, verdict)
    assert vault.balance(ANA) == balance
    assert verdict in VERDICTS


def test_future_exchanges_are_excluded(load):
    vault = load(with_people({
        "Meetings/Coffee.md": meeting("2026-11-22", "Ana", body="## Gave\n- today counts\n"),
        "Meetings/Next.md": meeting("2026-11-23", "Ana", "Luis", body="## Asked\n- tomorrow does not\n"),
    }))
    assert [e.exchange.text for e in ledger(vault, ANA).entries] == ["today counts"]
    assert ledger(vault, ANA).balance == 1.0
    assert ledger(vault, LUIS).entries == ()
    assert [b.contact for b in balances(vault)] == [ANA]  # Luis has only a future ask
    assert totals(vault_tallies(vault)).asked == 0


def test_balances_ranked_by_balance_then_name(load):
    vault = load({
        "Contacts/ana.md": "", "Contacts/Bea.md": "", "Contacts/Cleo.md": "", "Contacts/Luis.md": "",
        "Contacts/Nobody.md": "",
        "Meetings/1.md": meeting("2026-11-01", "Luis", body="## Gave\n- a [weight:: 2]\n"),
        "Meetings/2.md": meeting("2026-11-01", "Cleo", body="## Gave\n- a\n\n## Asked\n- b\n"),
        "Meetings/3.md": meeting("2026-11-01", "Bea", body="## Asked\n- b\n"),
        "Meetings/4.md": meeting("2026-11-01", "ana", body="## Gave\n- a\n\n## Asked\n- b\n"),
        "Meetings/5.md": meeting("2026-11-01", "Nobody"),  # an interaction without gives or asks
    })
    assert codes(vault) == []
    assert [(vault.name(b.contact), b.balance, b.verdict) for b in balances(vault)] == [
        ("Bea", -1.0, "asked_more"),
        ("ana", 0.0, "even"),
        ("Cleo", 0.0, "even"),
        ("Luis", 2.0, "give_more"),
    ]


def test_totals_count_a_shared_give_once(load):
    vault = load(with_people({
        "Meetings/Workshop.md": meeting("2026-11-01", "Ana", "Luis", "Bea",
                                        body="## Gave\n- Pizza for everyone [weight:: 2]\n- Intro for [[Luis]]\n"
                                             "\n## Asked\n- Feedback [weight:: 1.5]\n"),
        "Meetings/Coffee.md": meeting("2026-11-10", "Ana", body="## Asked\n- A favour\n"),
        "Meetings/Later.md": meeting("2026-12-01", "Cleo", body="## Gave\n- Future give\n\n## Asked\n- Future ask\n"),
    }))
    result = totals(vault_tallies(vault))
    assert (result.people_helped, result.given, result.asked) == (3, 3.0, 2.5)
    assert sum(ledger(vault, c).given for c in (ANA, LUIS, BEA)) == 7.0  # per contact, the shared give counts for each


def test_people_helped_counts_only_contacts_who_got_a_give(load):
    vault = load(with_people({
        "Meetings/1.md": meeting("2026-11-01", "Ana", body="## Gave\n- a\n"),
        "Meetings/2.md": meeting("2026-11-02", "Ana", body="## Gave\n- b\n"),
        "Meetings/3.md": meeting("2026-11-03", "Luis", body="## Asked\n- c\n"),
    }))
    assert (totals(vault_tallies(vault)).people_helped, totals(vault_tallies(vault)).given, totals(vault_tallies(vault)).asked) == (1, 2.0, 1.0)


def test_sample_vault_has_every_verdict(sample):
    assert {b.verdict for b in balances(sample)} == set(VERDICTS)
    ranked = [b.balance for b in balances(sample)]
    assert ranked == sorted(ranked)


# =========================================================================== goal chart


GOAL = "Goals/Grow.md"
MEETING_DAYS = ["2026-06-10", "2026-07-01", "2026-07-01", "2026-08-15", "2026-09-30", "2026-11-20", "2026-11-22",
                "2026-11-25"]


def goal_vault(load, *lines: str, days=MEETING_DAYS, today: dt.date = TODAY):
    files = with_people({GOAL: fm(*lines)})
    for n, day in enumerate(days):
        files[f"Meetings/M{n}.md"] = meeting(day, "Ana", extra=('goals: ["[[Grow]]"]',))
    return load(files, today=today)


def test_progress_series_points_and_days(load):
    vault = goal_vault(load, "metric: interactions", "target: 10", "start: 2026-06-01", "deadline: 2026-12-31")
    series = progress_series(vault, vault.goals[GOAL])
    assert 2 <= len(series.days) <= MAX_POINTS == 12
    assert len(series.actual) == len(series.target_line) == len(series.days)
    assert series.days[0] == D(2026, 6, 1)
    assert series.days[-1] == TODAY
    assert list(series.days) == sorted(set(series.days))
    dates = [D.fromisoformat(d) for d in MEETING_DAYS]
    assert list(series.actual) == [float(sum(d <= day for d in dates)) for day in series.days]
    assert series.actual[-1] == vault.progress[GOAL].value == 7.0
    assert all(a <= b for a, b in zip(series.actual, series.actual[1:]))
    length = (D(2026, 12, 31) - D(2026, 6, 1)).days
    for day, target in zip(series.days, series.target_line):
        assert target == pytest.approx(10 * (day - D(2026, 6, 1)).days / length)
    assert series.target_line[0] == 0


def test_progress_series_ends_at_the_deadline_when_passed(load):
    vault = goal_vault(load, "metric: interactions", "target: 4", "start: 2026-06-01", "deadline: 2026-09-01")
    series = progress_series(vault, vault.goals[GOAL])
    assert len(series.days) <= 12
    assert (series.days[0], series.days[-1]) == (D(2026, 6, 1), D(2026, 9, 1))
    assert series.actual[-1] == 4.0  # the meetings after the deadline do not count
    assert series.target_line[-1] == pytest.approx(4.0)


def test_progress_series_short_window(load):
    vault = goal_vault(load, "metric: interactions", "target: 3", "start: 2026-11-19", "deadline: 2027-01-19")
    series = progress_series(vault, vault.goals[GOAL])
    assert (series.days[0], series.days[-1]) == (D(2026, 11, 19), TODAY)
    assert list(series.days) == sorted(set(series.days)) and len(series.days) <= 12
    assert series.actual[-1] == 2.0  # 11-20 and 11-22
    assert series.actual[0] == 0.0


def test_progress_series_of_a_manual_sum_goal(load):
    vault = load(with_people({GOAL: fm(
        "metric: manual", "aggregate: sum", "target: 6", "start: 2026-07-01", "deadline: 2027-01-01",
        body="## Log\n- 2026-07-20: 1 first\n- 2026-09-05: 2 two more\n- 2026-11-01: 1 one\n")}))
    assert codes(vault) == []
    series = progress_series(vault, vault.goals[GOAL])
    logs = [(D(2026, 7, 20), 1.0), (D(2026, 9, 5), 2.0), (D(2026, 11, 1), 1.0)]
    assert list(series.actual) == [sum(v for d, v in logs if d <= day) for day in series.days]
    assert series.actual[-1] == 4.0
    assert all(a <= b for a, b in zip(series.actual, series.actual[1:]))


@pytest.mark.parametrize("lines", [
    ("metric: interactions", "start: 2026-06-01"),  # no target
    ("target: 5", "start: 2026-06-01"),  # no metric
    ("metric: interactions", "target: 5", "start: 2026-12-01", "deadline: 2027-03-01"),  # starts after today
])
def test_progress_series_none(load, lines):
    vault = goal_vault(load, *lines)
    assert progress_series(vault, vault.goals[GOAL]) is None


# =========================================================================== reply rates


def test_reply_rates_by_channel(load):
    outreach = [
        ("2026-10-01", "email", "replied"), ("2026-10-02", "email", "replied"),
        ("2026-10-03", "email", "awaiting"), ("2026-10-04", "email", "no-reply"),
        ("2026-10-05", "linkedin", "no-reply"), ("2026-10-06", "linkedin", "awaiting"),
        ("2026-12-01", "linkedin", "replied"),  # future: ignored
        ("2026-12-02", "message", "replied"),  # future: ignored, and no past message has an outcome
    ]
    files = with_people({f"Meetings/O{n}.md": meeting(day, "Ana", extra=(f"channel: {ch}", f"outcome: {out}"))
                         for n, (day, ch, out) in enumerate(outreach)})
    files["Meetings/Chat.md"] = meeting("2026-10-07", "Ana", extra=("channel: message",))  # no outcome: ignored
    vault = load(files)
    assert codes(vault) == []
    rates = reply_rates(vault_tallies(vault))
    assert rates == [ChannelReplies("email", 2, 1, 1), ChannelReplies("linkedin", 0, 1, 1)]
    assert [r.rate for r in rates] == [0.5, 0.0]


def test_reply_rate_counts_todays_outreach(load):
    email = meeting("2026-11-22", "Ana", extra=("channel: email", "outcome: replied"))
    vault = load(with_people({"Meetings/E.md": email}))
    assert [(r.channel, r.replied, r.rate) for r in reply_rates(vault_tallies(vault))] == [("email", 1, 1.0)]


# =========================================================================== events


def test_events_people_met_and_met_again(load):
    """People met at an event are those first met there (Cleo was met before: she is no new
    relationship), or whose met_at links it; met again: those seen after it (not Luis,
    whose next meeting is still to come)."""
    vault = load({
        ANA: "", LUIS: "", CLEO: "",
        BEA: fm('met_at: "[[PyCon]]"', "met: 2026-11-01"),
        "Contacts/Dan.md": fm('met_at: "[[Other]]"'),
        "Events/PyCon.md": fm("type: event", "date: 2026-11-01", 'attendees: ["[[Ana]]", "[[Luis]]", "[[Cleo]]"]'),
        "Events/Future.md": fm("type: event", "date: 2026-12-05", 'attendees: ["[[Ana]]"]'),
        "Other.md": "# not an event\n",
        "Meetings/Ana again.md": meeting("2026-11-20", "Ana"),
        "Meetings/Bea again.md": meeting("2026-11-05", "Bea", extra=("channel: email", "outcome: replied")),
        "Meetings/Luis future.md": meeting("2026-12-01", "Luis"),
        "Meetings/Cleo before.md": meeting("2026-10-01", "Cleo"),
    })
    assert codes(vault) == []
    scores = events(vault_tallies(vault))
    assert [(s.event.id, s.met, s.met_again) for s in scores] == [
        ("Events/PyCon.md", (ANA, BEA, LUIS), (ANA, BEA)),
    ]


def test_organizers_ranked_by_the_relationships_that_followed(load):
    vault = load({
        ANA: "", LUIS: "", CLEO: "",
        "Events/Meetup.md": fm("type: event", "date: 2026-10-01", 'attendees: ["[[Ana]]", "[[Luis]]"]',
                               'organizer: "[[Python Madrid]]"'),
        "Events/Talk.md": fm("type: event", "date: 2026-10-10", 'attendees: ["[[Cleo]]"]',
                             'organizers: ["[[Python Madrid]]", "PyData"]'),
        "Meetings/Ana again.md": meeting("2026-11-20", "Ana"),
    })
    assert codes(vault) == []
    assert [(o.organizer, o.events, o.met, o.met_again) for o in organizers(events(vault_tallies(vault)))] == [
        ("Python Madrid", 2, 3, 1),
        ("PyData", 1, 1, 0),
    ]


def test_event_channel_from_front_matter(load):
    vault = load(with_people({
        "Meetings/Meetup.md": meeting("2026-11-01", "Ana", extra=("channel: event",)),
        "Meetings/Coffee.md": meeting("2026-11-02", "Luis"),
    }))
    assert [(s.event.id, s.met, s.met_again) for s in events(vault_tallies(vault))] == [("Meetings/Meetup.md", (ANA,), ())]


def test_sample_vault_has_every_goal_state(sample):
    """All but "missed" and "paused" (the unit tests of goals cover those): the dropped goal's
    window is over, and it says "dropped", not "missed"."""
    assert {p.state for p in sample.progress.values()} == set(GOAL_STATES) - {"missed", "paused"} == {
        "achieved", "ahead", "on track", "behind", "dropped"}
