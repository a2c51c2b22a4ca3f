"""``vaultkit import vcard``: vCard 3.0 and 4.0 files from phones and mail apps, broken cards included."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import TODAY
from import_helpers import SUMMARY, run_import, snapshot
from vaultkit.interchange.vcard import read_vcard, split_cards
from vaultkit.vault import load_vault

FIXTURES = Path(__file__).parent / "fixtures" / "vcard"
APPLE = FIXTURES / "apple-3.0.vcf"
V4 = FIXTURES / "contacts-4.0.vcf"
MESSY = FIXTURES / "messy.vcf"


def run(*args):
    return run_import("vcard", *args)


@pytest.fixture
def vault(tmp_path) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    return root


def test_apple_export_groups_folded_lines_and_n_without_fn():
    people, problems = read_vcard(APPLE)
    assert [(p.line, p.name) for p in people] == [(1, "José Ñúñez"), (18, "Rachel Kim"), (26, "Siobhán O'Brien")]
    jose, rachel, siobhan = people
    assert jose.company == "Acme, Inc."  # ORG's first component, escaped comma kept
    assert jose.role == "Head of Data"
    assert jose.emails == ("jose.nunez@example.com", "jose@home.example")  # item1.EMAIL, the preferred first
    assert jose.phones == ("+34 600 111 222",)
    assert jose.linkedin == "https://www.linkedin.com/in/jose-nunez-4a1b2c/"  # item3.URL
    assert (rachel.company, rachel.linkedin) == ("Northwind Energy", "https://linkedin.com/in/rachelkim")
    assert siobhan.role == "Senior Engineer, Forecasting"  # a folded line
    assert [p.format() for p in problems] == [
        f"{APPLE}:34: warning[not-a-person] 'Acme Robotics' is a company card, not a person; skipped"]


def test_vcard_4_preferred_email_and_tel_uri():
    people, problems = read_vcard(V4)
    assert problems == []
    daniel, sofia = people
    assert daniel.emails == ("daniel.okafor@ocf.example", "daniel@home.example")  # PREF=1 first
    assert daniel.phones == ("+44-20-7946-0958",)
    assert daniel.linkedin == "https://uk.linkedin.com/in/danielokafor"
    assert (sofia.name, sofia.line, sofia.connected, sofia.source) == ("Sofía Herrera", 12, None, "vcard")


def test_broken_cards_are_reported_at_their_line_and_the_rest_is_read():
    people, problems = read_vcard(MESSY)
    assert [p.name for p in people] == ["Elena Vidal", "Hannah Whitfield"]
    assert [p.format() for p in problems] == [
        f"{MESSY}:8: error[not-utf8] the card starting at line 6 is not UTF-8; skipped",
        f"{MESSY}:14: error[bad-vcard] the card starting at line 11 cannot be read "
        "(Failed to parse line: this line has no colon); skipped",
        f"{MESSY}:16: warning[no-name] a card without FN or N; skipped",
        f"{MESSY}:25: error[bad-vcard] the card starting at line 25 cannot be read "
        "(Component VCARD was never closed); skipped",
    ]


def test_cards_are_cut_at_begin_and_end_whatever_the_case_and_line_ends():
    data = b"junk\nbegin:vcard\r\nFN:A\r\nend:VCARD\rBEGIN:VCARD\nFN:B\nBEGIN:VCARD\nFN:C\nEND:VCARD\n"
    assert [(line, len(lines)) for line, lines in split_cards(data)] == [(2, 3), (5, 2), (7, 3)]


def test_a_bom_before_the_first_card_is_fine(tmp_path, vault):
    card = tmp_path / "one.vcf"
    card.write_bytes(b"\xef\xbb\xbfBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Luis Fern\xc3\xa1ndez\r\nEND:VCARD\r\n")
    result = run(card, vault)
    assert (result.exit_code, result.stdout) == (0, "created Contacts/Luis Fernández.md\n")


def test_import_writes_contact_notes(vault):
    result = run(APPLE, vault)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "created Contacts/José Ñúñez.md",
        "created Contacts/Rachel Kim.md",
        "created Contacts/Siobhán O'Brien.md",
        f"{APPLE}:34: warning[not-a-person] 'Acme Robotics' is a company card, not a person; skipped",
    ]
    assert result.stderr == f"added 3 contacts {SUMMARY}; skipped 0 already known\n"
    assert (vault / "Contacts" / "José Ñúñez.md").read_text(encoding="utf-8") == (
        "---\ntype: contact\nname: José Ñúñez\ncompany: Acme, Inc.\nrole: Head of Data\n"
        "linkedin: https://www.linkedin.com/in/jose-nunez-4a1b2c/\nemail: jose.nunez@example.com\n"
        "phone: +34 600 111 222\ncreated: 2026-11-22\nsource: vcard\n---\n")
    loaded = load_vault(vault, TODAY)
    assert loaded.problems == ()
    assert all(c.cadence is None and c.met is None for c in loaded.contacts.values())


def test_broken_cards_exit_1_but_the_good_ones_are_created(vault):
    result = run(MESSY, vault)
    assert result.exit_code == 1
    assert sorted(p.name for p in (vault / "Contacts").iterdir()) == ["Elena Vidal.md", "Hannah Whitfield.md"]
    assert result.stdout.splitlines()[0] == "created Contacts/Elena Vidal.md"
    assert result.stdout.splitlines()[1].startswith(f"{MESSY}:8: error[not-utf8]")


def test_dry_run_creates_nothing(vault):
    result = run(V4, vault, "--dry-run")
    assert result.exit_code == 0
    assert result.stdout == "would create Contacts/Daniel Okafor.md\nwould create Contacts/Sofía Herrera.md\n"
    assert result.stderr == "would add 2 contacts; skipped 0 already known (dry run: nothing created)\n"
    assert list(vault.iterdir()) == []


def test_running_twice_adds_nothing(vault):
    assert run(APPLE, vault).exit_code == 0
    before = snapshot(vault)
    again = run(APPLE, vault)
    assert again.exit_code == 0
    assert again.stderr == f"added 0 contacts {SUMMARY}; skipped 3 already known\n"
    assert again.stdout.splitlines()[0] == (
        "skipped José Ñúñez (line 1): already in the vault as Contacts/José Ñúñez.md (same LinkedIn URL)")
    assert snapshot(vault) == before


def test_one_person_twice_in_a_file_gives_one_note(tmp_path, vault):
    cards = tmp_path / "twice.vcf"
    cards.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Grace Liu\nEMAIL:grace@climatelabs.example\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:G. Liu\nEMAIL:Grace@ClimateLabs.example\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nN:Liu;Grace;;;\nEND:VCARD\n", encoding="utf-8")
    result = run(cards, vault)
    assert result.stdout.splitlines() == [
        "created Contacts/Grace Liu.md",
        "skipped G. Liu (line 6): same person as line 1 (same email)",
        "skipped Grace Liu (line 11): same person as line 1 (same name)",
    ]
    assert [p.name for p in (vault / "Contacts").iterdir()] == ["Grace Liu.md"]


def test_people_imported_from_linkedin_are_not_imported_again_from_a_vcard(vault):
    connections = Path(__file__).parent / "fixtures" / "linkedin" / "Connections.csv"
    assert run_import("linkedin", connections, vault).exit_code == 0
    result = run(APPLE, vault)
    assert result.stdout.splitlines()[:3] == [
        "skipped José Ñúñez (line 1): already in the vault as Contacts/José Ñúñez.md (same LinkedIn URL)",
        "created Contacts/Rachel Kim.md",
        "skipped Siobhán O'Brien (line 26): already in the vault as Contacts/Siobhán O'Brien.md (same email)",
    ]
    assert "source: linkedin" in (vault / "Contacts" / "José Ñúñez.md").read_text(encoding="utf-8")


def test_a_pre_existing_file_with_the_same_name_is_never_overwritten(make_vault):
    mine = "---\ntype: meeting\ndate: 2026-11-01\nwith: ['[[Elena]]']\n---\nNot a contact at all.\n"
    vault = make_vault({"Contacts/Daniel Okafor.md": mine, "Contacts/Elena.md": "---\ntype: contact\n---\n"})
    result = run(V4, vault)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "created Contacts/Daniel Okafor (2).md"
    assert (vault / "Contacts" / "Daniel Okafor.md").read_text(encoding="utf-8") == mine


@pytest.mark.parametrize("path, message", [
    (FIXTURES / "missing.vcf", "{path}: no such file"),
    (FIXTURES / "not-a-vcard.vcf", "{path}: not a vCard file (no BEGIN:VCARD line)"),
    (FIXTURES.parent / "linkedin" / "Connections.csv", "{path}: not a vCard file (no BEGIN:VCARD line)"),
    (FIXTURES, "{path}: is a folder, not a vCard file"),
])
def test_bad_input_is_one_clear_error_and_creates_nothing(vault, path, message):
    result = run(path, vault)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message.format(path=path)}\n"
    assert list(vault.iterdir()) == []


def test_a_vcard_4_organisation_card_is_not_a_person(tmp_path, vault):
    card = tmp_path / "org.vcf"
    card.write_text("BEGIN:VCARD\nVERSION:4.0\nKIND:org\nFN:Open Climate Fix\nEND:VCARD\n", encoding="utf-8")
    result = run(card, vault)
    assert result.exit_code == 0
    assert result.stdout == f"{card}:1: warning[not-a-person] 'Open Climate Fix' is a company card, not a person; skipped\n"
    assert list(vault.iterdir()) == []


def test_a_note_that_appears_between_plan_and_import_is_left_alone(vault):
    from vaultkit.config import Config
    from vaultkit.interchange.people_import import apply_plan, plan_import, report_lines

    people, problems = read_vcard(V4)
    plan = plan_import(vault, Config(), {}, people, dt.date(2026, 11, 22), problems)
    (vault / "Contacts").mkdir()
    (vault / "Contacts" / "Sofía Herrera.md").write_text("written meanwhile\n", encoding="utf-8")
    result = apply_plan(vault, plan)
    assert (result.created, result.taken_meanwhile) == (("Contacts/Daniel Okafor.md",), ("Contacts/Sofía Herrera.md",))
    assert (vault / "Contacts" / "Sofía Herrera.md").read_text(encoding="utf-8") == "written meanwhile\n"
    assert report_lines(plan, result) == [
        "created Contacts/Daniel Okafor.md",
        "not created Contacts/Sofía Herrera.md: a file appeared there meanwhile; left as it is",
    ]
