"""Most fruitful relationships (issue 14): who moved your goals, and how much of each."""

from __future__ import annotations

import pytest

from vaultkit.pages.parts import render_vault
from vaultkit.reports.movers import goal_movers, most_fruitful

from conftest import codes, fm, meeting

ANA, LUIS, BEA = "Contacts/Ana.md", "Contacts/Luis.md", "Contacts/Bea.md"
PEOPLE = {ANA: "", LUIS: "", BEA: ""}


def goal(metric: str, target: int) -> str:
    return fm(f"metric: {metric}", f"target: {target}", "start: 2026-09-01", "deadline: 2027-02-28")


def linked(day: str, *people: str, body: str = "") -> str:
    return meeting(day, *people, extra=('goals: ["[[Grow]]"]',), body=body)


@pytest.mark.parametrize("metric, target, shares", [
    ("interactions", 4, {ANA: (2, 0.375), LUIS: (1, 0.125), BEA: (0, 0.0)}),  # the pair meeting: half each
    ("gives", 4, {ANA: (2, 0.75), LUIS: (1, 0.0), BEA: (0, 0.0)}),  # a give of weight 2 and one of 1, both Ana's
    ("contacts", 4, {ANA: (2, 0.25), LUIS: (1, 0.25), BEA: (0, 0.0)}),
])
def test_each_person_carries_their_share_of_a_goal(load, metric, target, shares):
    vault = load({**PEOPLE, "Goals/Grow.md": goal(metric, target),
                  "Meetings/a.md": linked("2026-10-01", "Ana", body="## Gave\n- intro [weight:: 2]\n"),
                  "Meetings/b.md": linked("2026-10-08", "Ana", "Luis", body="## Gave\n- a book to [[Ana]]\n"),
                  "Meetings/c.md": meeting("2026-10-09", "Bea"),  # not linked to the goal
                  "Meetings/d.md": linked("2026-08-01", "Bea")})  # before the window
    assert codes(vault) == []
    found = {c.contact: (c.interactions, round(c.share, 4)) for c in goal_movers(vault, "Goals/Grow.md")}
    assert found == {k: v for k, v in shares.items() if v != (0, 0.0)}


def test_the_dashboard_ranks_the_people_who_moved_the_goals_most(load):
    vault = load({**PEOPLE, "Goals/Grow.md": goal("interactions", 4), "Goals/Give.md": goal("gives", 2),
                  "Meetings/a.md": linked("2026-10-01", "Luis"),
                  "Meetings/b.md": meeting("2026-10-02", "Ana", extra=('goals: ["[[Give]]"]',),
                                           body="## Gave\n- intro\n")})
    movers = most_fruitful([c for g in vault.goals for c in goal_movers(vault, g)],
                           {p: vault.name(p) for p in vault.contacts}, 5)
    assert [(m.contact, m.interactions, round(m.share, 2)) for m in movers] == [(ANA, 1, 0.5), (LUIS, 1, 0.25)]
    dashboard = {p.path: p.text for p in render_vault(vault, [])}["Dashboard.md"]
    assert "## Most fruitful relationships" in dashboard
    assert "| [[Contacts/Ana\\|Ana]] | 1 | Give 50% |" in dashboard
    assert "| [[Contacts/Luis\\|Luis]] | 1 | Grow 25% |" in dashboard
