"""The sample vault checks clean, and what it computes matches hand-checked expectations."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from vaultkit.cli import main
from vaultkit.vault import load_vault

from conftest import TODAY

SAMPLE = Path(__file__).resolve().parent.parent / "sample-vault"
C = "Contacts/"


@pytest.fixture(scope="module")
def vault():
    return load_vault(SAMPLE, TODAY)


def test_sample_vault_checks_clean(tmp_path):
    copy = tmp_path / "sample-vault"  # check keeps an index in the vault: not in the repository
    shutil.copytree(SAMPLE, copy, ignore=shutil.ignore_patterns("VaultKit", ".vaultkit"))
    result = CliRunner().invoke(main, ["check", str(copy), "--today", "2026-11-22", "--strict"])
    assert result.stdout == ""
    assert result.exit_code == 0


def test_sample_vault_size(vault):
    assert len(vault.contacts) == 16
    assert len(vault.goals) == 6
    assert sum(goal.active for goal in vault.goals.values()) == 4
    assert len(vault.interactions) == 38  # 34 notes + 4 tagged daily-note lines
    assert len(vault.tasks) == 3


def test_kepano_person_is_a_contact_with_org_as_company(vault):
    elena = vault.contacts["People/Elena Vidal.md"]
    assert elena.name == "Elena Vidal" and elena.company


def test_last_contact_rules(vault):
    last = vault.last_contact
    assert str(last[C + "Marcus Oyelaran.md"]) == "2026-05-14"  # the awaiting email does not count
    assert str(last[C + "Daniel Okafor.md"]) == "2026-10-28"  # last_contact field, later than notes
    assert str(last[C + "Priya Raman.md"]) == "2026-11-20"  # a #met line in a daily note
    assert str(last[C + "Joaquín Ortega.md"]) == "2026-11-17"  # the 11-25 coffee is upcoming, not contact
    assert last[C + "Ben Carter.md"] is None  # only a no-reply outreach


def test_group_meeting_attribution(vault):
    meeting = "Meetings/2026-08-27 Workshop planning with Ana, Luis and Priya.md"
    owners = [(e.kind, e.contacts) for e in vault.exchanges if e.interaction == meeting]
    assert owners == [
        ("give", (C + "Luis Fernández.md", C + "Ana García.md")),
        ("give", (C + "Priya Raman.md",)),
        ("give", (C + "Ana García.md", C + "Luis Fernández.md", C + "Priya Raman.md")),
        ("ask", (C + "Ana García.md",)),
    ]


def test_intro_to_a_non_participant_is_a_give_to_the_person_met(vault):
    coffee = "Meetings/2026-09-10 Coffee with Joaquín Ortega.md"
    gives = [e for e in vault.exchanges if e.interaction == coffee and e.kind == "give"]
    assert gives[0].contacts == (C + "Joaquín Ortega.md",)
    interaction = next(i for i in vault.interactions if i.id == coffee)
    assert interaction.mentions == (C + "Luis Fernández.md",)


def test_fenced_code_never_counts(vault):
    call = "Meetings/2026-09-17 Call with Rachel Kim.md"
    assert sorted(e.kind for e in vault.exchanges if e.interaction == call) == ["ask", "give"]
    assert not [t for t in vault.tasks if t.source.path == call]
    interaction = next(i for i in vault.interactions if i.id == call)
    assert "Goals/Help 20 people in my network.md" not in interaction.goals


def test_spanish_headings_and_weights(vault):
    coffee = "Meetings/2026-05-08 Coffee with Ana García.md"
    assert [e.kind for e in vault.exchanges if e.interaction == coffee] == ["give", "ask", "ask"]
    lunch = "Meetings/2026-08-06 Lunch with Ana García.md"
    assert [e.weight for e in vault.exchanges if e.interaction == lunch and e.kind == "give"] == [3.0, 1.0]


def test_tasks_and_their_due_dates(vault):
    assert [(str(t.due), t.source.path.split("/")[-1]) for t in vault.tasks] == [
        ("2026-11-20", "2026-11-05 Coffee with María José Núñez.md"),
        ("2026-11-25", "2026-11-12 Call with Ana García.md"),
        ("None", "2026-10-22 Call with Luis Fernández.md"),
    ]


def test_goal_values_expected_and_states(vault):
    measured = {p.goal.title: p for p in vault.progress.values()}
    # title: (value, expected = target x elapsed days / window days, state)
    expected = {
        "Land a staff role in climate tech": (13, 24 * 144 / 183, "behind"),
        "Help 20 people in my network": (15, 20 * 144 / 183, "on track"),  # weighted gives
        "Meet 6 new people in the Python community": (4, 6 * 174 / 182, "behind"),
        "Publish 6 articles on climate data": (5, 6 * 130 / 184, "ahead"),  # aggregate: sum
        "Rebuild my Madrid network": (4, 4, "achieved"),  # window over, status achieved
        "Speak at two conferences": (1, 2, "dropped"),  # window over, not achieved, but dropped: its status
    }
    for title, (value, expected_value, state) in expected.items():
        assert (measured[title].value, measured[title].state) == (value, state), title
        assert measured[title].expected == pytest.approx(expected_value), title


def test_only_the_overdue_goal_review_is_due(vault):
    due = [p.goal.title for p in vault.progress.values() if p.review_due(TODAY)]
    assert due == ["Help 20 people in my network"]
