"""``vaultkit import linkedin``: LinkedIn's Connections.csv as it really comes, into new contact notes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import TODAY
from import_helpers import SUMMARY, run_import, snapshot
from vaultkit.interchange.linkedin import parse_connected_on, read_linkedin
from vaultkit.interchange.person import ImportFileError
from vaultkit.interchange.people_import import linkedin_key
from vaultkit.reports.followups import follow_ups
from vaultkit.vault import load_vault

FIXTURES = Path(__file__).parent / "fixtures" / "linkedin"
CONNECTIONS = FIXTURES / "Connections.csv"


def run(*args):
    return run_import("linkedin", *args)


def test_the_real_export_shape_is_read_row_by_row():
    """Notes preamble, BOM, CRLF, quoted commas, quotes and accents, blank rows, missing emails."""
    people, problems = read_linkedin(CONNECTIONS)
    assert [(p.line, p.name) for p in people] == [
        (5, "José Ñúñez"), (6, "Siobhán O'Brien"), (7, 'Bob "The Builder" Smith'), (10, "Ana García"),
        (11, "Priya Raman"), (12, "Jose Nunez"), (14, "Zoë Lambert")]
    jose = people[0]
    assert (jose.company, jose.role, jose.emails, jose.connected, jose.source) == (
        "Acme, Inc.", "Head of Data", (), dt.date(2026, 11, 5), "linkedin")
    assert jose.linkedin == "https://www.linkedin.com/in/jose-nunez-4a1b2c"
    assert people[1].role == "Senior Engineer, Forecasting"
    assert people[1].emails == ("siobhan.obrien@example.ie",)
    assert people[4].company is None and people[4].role is None
    assert [p.format() for p in problems] == [
        f"{CONNECTIONS}:13: warning[no-name] a row without a first or last name; skipped",
        f"{CONNECTIONS}:14: warning[bad-date] 'Connected On' 'sometime last year' is not a date; "
        "Zoë Lambert is imported without a connection date",
    ]
    assert people[6].connected is None


def test_the_older_export_without_url_column_and_us_dates():
    people, problems = read_linkedin(FIXTURES / "Connections-old-format.csv")
    assert problems == []
    assert [(p.name, p.emails, p.linkedin, p.connected) for p in people] == [
        ("Tom Becker", ("tom.becker@example.de",), None, dt.date(2026, 11, 5)),
        ("Grace Liu", (), None, dt.date(2026, 1, 15)),
    ]


@pytest.mark.parametrize("text, expected", [
    ("05 Nov 2026", dt.date(2026, 11, 5)),
    ("5 November 2026", dt.date(2026, 11, 5)),
    ("11/5/26", dt.date(2026, 11, 5)),
    ("11/05/2026", dt.date(2026, 11, 5)),
    ("2026-11-05", dt.date(2026, 11, 5)),
    ("31 Feb 2026", None),
    ("13/13/26", None),
    ("05 Foo 2026", None),
    ("yesterday", None),
])
def test_connected_on_formats(text, expected):
    assert parse_connected_on(text) == expected


@pytest.mark.parametrize("first, second", [
    ("https://www.linkedin.com/in/anagarcia/", "linkedin.com/in/AnaGarcia"),
    ("http://es.linkedin.com/in/anagarcia?trk=profile", "https://www.linkedin.com/in/anagarcia"),
    ("https://www.linkedin.com/in/jos%C3%A9-n%C3%BA%C3%B1ez/", "https://linkedin.com/in/josé-núñez"),
])
def test_linkedin_urls_compare_without_scheme_www_slash_or_case(first, second):
    assert linkedin_key(first) == linkedin_key(second)


def test_different_profiles_stay_different():
    assert linkedin_key("https://www.linkedin.com/in/ana") != linkedin_key("https://www.linkedin.com/in/ana-2")


def test_dry_run_prints_the_plan_and_creates_nothing(tmp_path):
    vault = tmp_path / "vault"
    vault.mkdir()
    result = run(CONNECTIONS, vault, "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "would create Contacts/José Ñúñez.md",
        "would create Contacts/Siobhán O'Brien.md",
        "would create Contacts/Bob -The Builder- Smith.md",
        "would create Contacts/Ana García.md",
        "would create Contacts/Priya Raman.md",
        "skipped Jose Nunez (line 12): same person as line 5 (same LinkedIn URL)",
        f"{CONNECTIONS}:13: warning[no-name] a row without a first or last name; skipped",
        f"{CONNECTIONS}:14: warning[bad-date] 'Connected On' 'sometime last year' is not a date; "
        "Zoë Lambert is imported without a connection date",
        "would create Contacts/Zoë Lambert.md",
    ]
    assert result.stderr == "would add 6 contacts; skipped 1 already known (dry run: nothing created)\n"
    assert list(vault.iterdir()) == []


def test_import_creates_one_note_per_new_person_without_cadence(tmp_path):
    vault = tmp_path / "vault"
    vault.mkdir()
    result = run(CONNECTIONS, vault)
    assert result.exit_code == 0
    assert result.stderr == f"added 6 contacts {SUMMARY}; skipped 1 already known\n"
    assert "created Contacts/José Ñúñez.md" in result.stdout.splitlines()
    assert sorted(p.name for p in (vault / "Contacts").iterdir()) == [
        "Ana García.md", "Bob -The Builder- Smith.md", "José Ñúñez.md", "Priya Raman.md",
        "Siobhán O'Brien.md", "Zoë Lambert.md"]
    assert (vault / "Contacts" / "José Ñúñez.md").read_text(encoding="utf-8") == (
        "---\ntype: contact\nname: José Ñúñez\ncompany: Acme, Inc.\nrole: Head of Data\n"
        "linkedin: https://www.linkedin.com/in/jose-nunez-4a1b2c\nconnected: 2026-11-05\ncreated: 2026-11-22\nsource: linkedin\n---\n")
    loaded = load_vault(vault, TODAY)
    assert loaded.problems == ()
    bob = loaded.contacts["Contacts/Bob -The Builder- Smith.md"]
    assert (bob.name, bob.company, bob.cadence, bob.tier) == ('Bob "The Builder" Smith', "Smith & Sons", None, None)
    assert loaded.contacts["Contacts/Siobhán O'Brien.md"].email == "siobhan.obrien@example.ie"
    # No reminders flood the list: connecting on LinkedIn is not meeting, so even yesterday's
    # connection is no warm new contact, and no contact gets a cadence.
    assert follow_ups(loaded) == []
    assert loaded.contacts["Contacts/Priya Raman.md"].met is None


def test_running_twice_adds_nothing_and_touches_nothing(tmp_path):
    vault = tmp_path / "vault"
    vault.mkdir()
    assert run(CONNECTIONS, vault).exit_code == 0
    before = snapshot(vault)
    again = run(CONNECTIONS, vault)
    assert again.exit_code == 0
    assert again.stderr == f"added 0 contacts {SUMMARY}; skipped 7 already known\n"
    assert "skipped José Ñúñez (line 5): already in the vault as Contacts/José Ñúñez.md (same LinkedIn URL)" \
        in again.stdout.splitlines()
    assert not any(line.startswith("created") for line in again.stdout.splitlines())
    assert snapshot(vault) == before


def test_people_already_in_the_vault_are_matched_by_url_email_name_or_alias(make_vault):
    vault = make_vault({
        "People/Jose.md": "---\ntype: contact\nlinkedin: http://linkedin.com/in/Jose-Nunez-4a1b2c/\n---\n",
        "Contacts/S. O'Brien.md": "---\nemail: Siobhan.OBrien@example.IE\n---\n",
        "Contacts/Bobby.md": "---\naliases: ['Bob \"The Builder\" Smith']\n---\n",
        "Contacts/Ana.md": "---\nname: Ana Garci\u0301a\n---\n",  # NFD accent
        "Contacts/priya raman.md": "Met at a meetup.\n",
    })
    before = snapshot(vault)
    result = run(CONNECTIONS, vault)
    assert result.exit_code == 0
    skipped = [line for line in result.stdout.splitlines() if line.startswith("skipped")]
    assert skipped == [
        "skipped José Ñúñez (line 5): already in the vault as People/Jose.md (same LinkedIn URL)",
        "skipped Siobhán O'Brien (line 6): already in the vault as Contacts/S. O'Brien.md (same email)",
        'skipped Bob "The Builder" Smith (line 7): already in the vault as Contacts/Bobby.md (same name)',
        "skipped Ana García (line 10): already in the vault as Contacts/Ana.md (same name)",
        "skipped Priya Raman (line 11): already in the vault as Contacts/priya raman.md (same name)",
        "skipped Jose Nunez (line 12): already in the vault as People/Jose.md (same LinkedIn URL)",
    ]
    assert result.stderr == f"added 1 contact {SUMMARY}; skipped 6 already known\n"
    after = snapshot(vault)
    assert {k: v for k, v in after.items() if k in before} == before
    assert sorted(set(after) - set(before)) == ["Contacts/Zoë Lambert.md"]


def test_a_file_name_taken_by_someone_else_gets_a_free_variant_and_stays_untouched(make_vault):
    taken = "---\ntype: contact\nname: Robert Smith Jr.\n---\nNot the builder.\n"
    vault = make_vault({"Contacts/Bob -The Builder- Smith.md": taken})
    result = run(CONNECTIONS, vault)
    assert result.exit_code == 0
    assert "created Contacts/Bob -The Builder- Smith (2).md" in result.stdout.splitlines()
    assert (vault / "Contacts" / "Bob -The Builder- Smith.md").read_text(encoding="utf-8") == taken
    assert "name: Bob \"The Builder\" Smith" in (vault / "Contacts" / "Bob -The Builder- Smith (2).md").read_text(
        encoding="utf-8")


def test_notes_go_to_the_first_configured_contacts_folder(make_vault):
    vault = make_vault({"vaultkit.toml": '[folders]\ncontacts = ["People/Network", "Contacts"]\n'})
    result = run(FIXTURES / "Connections-old-format.csv", vault)
    assert result.exit_code == 0
    assert result.stdout == "created People/Network/Tom Becker.md\ncreated People/Network/Grace Liu.md\n"
    assert sorted(load_vault(vault, TODAY).contacts) == ["People/Network/Grace Liu.md", "People/Network/Tom Becker.md"]


@pytest.mark.parametrize("name, message", [
    ("missing.csv", "{path}: no such file"),
    ("not-linkedin.csv", "{path}: not a LinkedIn connections export (no 'First Name,Last Name,...' header row)"),
    ("../vcard/messy.vcf", "{path}:8: not UTF-8 text, so not a LinkedIn export"),
    ("../vcard/apple-3.0.vcf", "{path}: not a LinkedIn connections export (no 'First Name,Last Name,...' header row)"),
])
def test_bad_input_is_one_clear_error_and_creates_nothing(tmp_path, name, message):
    vault = tmp_path / "vault"
    vault.mkdir()
    path = FIXTURES / name
    result = run(path, vault)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message.format(path=path)}\n"
    assert result.stdout == ""
    assert list(vault.iterdir()) == []


def test_a_folder_is_not_an_export(tmp_path):
    with pytest.raises(ImportFileError, match="is a folder, not a LinkedIn export"):
        read_linkedin(tmp_path)


def test_a_header_only_export_adds_nothing(tmp_path):
    export = tmp_path / "Connections.csv"
    export.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n", encoding="utf-8")
    vault = tmp_path / "vault"
    vault.mkdir()
    result = run(export, vault)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"added 0 contacts {SUMMARY}; skipped 0 already known\n"


def test_a_default_cadence_in_the_config_is_pointed_out(make_vault):
    vault = make_vault({"vaultkit.toml": 'default_cadence = "90d"\n'})
    result = run(FIXTURES / "Connections-old-format.csv", vault)
    assert result.exit_code == 0
    assert result.stderr == (f"added 2 contacts {SUMMARY}; skipped 0 already known\n"
                             "note: default_cadence = 90d in vaultkit.toml gives them keep-in-touch reminders "
                             "all the same\n")


NAME_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=20).filter(
    lambda s: s.strip())


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(NAME_TEXT, NAME_TEXT, NAME_TEXT), min_size=1, max_size=5))
def test_any_names_and_companies_survive_the_csv_quoting(tmp_path_factory, rows):
    """Commas, quotes and any script in a cell come back as written (whitespace collapsed)."""
    import csv
    import io

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Notes:"])
    writer.writerow(["Some text, with a comma and \"quotes\""])
    writer.writerow([])
    writer.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"])
    for first, last, company in rows:
        writer.writerow([first, last, "", "", company, "", "05 Nov 2026"])
    export = tmp_path_factory.mktemp("export") / "Connections.csv"
    export.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    people, problems = read_linkedin(export)
    assert problems == []
    squash = lambda text: " ".join(text.split())  # noqa: E731
    assert [(p.name, p.company) for p in people] == [
        (squash(f"{squash(first)} {squash(last)}"), squash(company)) for first, last, company in rows]
    assert {p.line for p in people} == set(range(5, 5 + len(rows)))


def test_import_uses_the_contacts_folder_as_it_is_spelled_on_disk(tmp_path):
    (tmp_path / "contacts").mkdir()
    (tmp_path / "contacts" / "Old Friend.md").write_text("---\ntype: contact\n---\n", encoding="utf-8")
    csv = tmp_path.parent / "lowercase-folder.csv"
    csv.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                   "Ana,García,,,,,05 Nov 2026\n", encoding="utf-8")
    result = run(csv, tmp_path)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts"]
    assert sorted(p.name for p in (tmp_path / "contacts").iterdir()) == ["Ana García.md", "Old Friend.md"]
