"""Every problem of contract section 10, each at its path and line, and nothing else."""

from __future__ import annotations

import json

from click.testing import CliRunner

from vaultkit.cli import main

from conftest import TODAY, codes

PROBLEM_VAULT = {
    "vaultkit.toml": """
        language = "en"
        max_active_goals = 2
        max_note_mb = 0.01
        colour = "blue"
    """,
    "Contacts/Ana García.md": """
        ---
        type: contact
        aliases: [Ana]
        cadence: monthly
        ---
        Ana.
    """,
    "Contacts/Ana Gómez.md": """
        ---
        type: contact
        aliases:
          - Ana
        ---
    """,
    "Contacts/Luis.md": """
        ---
        type: contact
        met: 2026-13-01
        cadence: every so often
        ---
    """,
    "Contacts/Broken.md": """
        ---
        type: contact
        company: [Acme
        ---
    """,
    "Contacts/List.md": """
        ---
        - just
        - a list
        ---
    """,
    "Meetings/No date.md": """
        ---
        type: meeting
        with: ["[[Luis]]"]
        ---
    """,
    "Meetings/Nobody.md": """
        ---
        type: meeting
        date: 2026-11-01
        ---
    """,
    "Meetings/Typo.md": """
        ---
        type: call
        date: 2026-11-02
        with:
          - "[[Luis]]"
          - "[[Ana Garcia]]"
        ---
    """,
    "Goals/Vague.md": """
        ---
        type: goal
        start: 2026-07-01
        ---
    """,
    "Goals/One.md": """
        ---
        type: goal
        metric: interactions
        target: 10
        start: 2026-06-01
        ---
    """,
    "Goals/Two.md": """
        ---
        type: goal
        metric: gives
        target: 5
        start: 2026-08-01
        ---
    """,
    "Goals/Three.md": """
        ---
        type: goal
        metric: contacts
        target: 5
        start: 2026-09-01
        status: active
        ---
    """,
    "Contacts/Latin1.md": "---\ntype: contact\n---\nJos\xe9\n".encode("latin-1"),
    "Contacts/Huge.md": "---\ntype: contact\n---\n" + "x" * 20_000,
}

EXPECTED = [
    ("Contacts/Ana García.md", 3, "ambiguous-name"),
    ("Contacts/Broken.md", 3, "yaml-invalid"),
    ("Contacts/Huge.md", 1, "file-too-large"),
    ("Contacts/Latin1.md", 4, "not-utf8"),
    ("Contacts/List.md", 2, "frontmatter-not-mapping"),
    ("Contacts/Luis.md", 3, "bad-date"),
    ("Contacts/Luis.md", 4, "bad-cadence"),
    ("Goals/Three.md", 6, "too-many-goals"),
    ("Goals/Two.md", 1, "too-many-goals"),
    ("Goals/Vague.md", 1, "goal-not-measurable"),
    ("Meetings/No date.md", 1, "missing-date"),
    ("Meetings/Nobody.md", 1, "missing-participants"),
    ("Meetings/Typo.md", 6, "unknown-contact"),
    ("vaultkit.toml", 4, "config-unknown-key"),
]


def test_every_problem_is_reported_once_at_its_line(load):
    vault = load(PROBLEM_VAULT)
    assert codes(vault) == EXPECTED


def test_messages_say_what_to_do(load):
    messages = {p.code: p.message for p in load(PROBLEM_VAULT).problems}
    assert messages["unknown-contact"] == "'Ana Garcia' is not a known contact (did you mean 'Ana García'?)"
    assert messages["ambiguous-name"] == "'Ana' also names Contacts/Ana Gómez.md; links to it go there"
    assert messages["bad-date"] == "met: '2026-13-01' is not a real date"
    assert messages["too-many-goals"] == "4 active goals; keep at most 2 (max_active_goals): pause or drop one"
    assert messages["file-too-large"] == "19.6 KB is over the 10.2 KB limit (max_note_mb); skipped"
    assert messages["goal-not-measurable"] == "goal is not measurable: set metric and a positive target"
    assert messages["config-unknown-key"].startswith("unknown key 'colour'")


def test_the_rest_of_the_vault_still_builds(load):
    vault = load(PROBLEM_VAULT)
    assert sorted(vault.contacts) == ["Contacts/Ana García.md", "Contacts/Ana Gómez.md", "Contacts/Broken.md",
                                      "Contacts/List.md", "Contacts/Luis.md"]
    # The typo'd participant is dropped, the known one kept.
    assert [(i.id, i.participants) for i in vault.interactions] == [("Meetings/Typo.md", ("Contacts/Luis.md",))]
    assert vault.last_contact["Contacts/Luis.md"] == TODAY.replace(day=2)
    # Both claim the alias "Ana"; the tie goes to the shorter path, as Obsidian does for stems.
    assert vault.contacts["Contacts/Ana García.md"].cadence is not None


def test_check_prints_each_problem_line_and_fails_on_errors(make_vault):
    root = make_vault(PROBLEM_VAULT)
    result = CliRunner().invoke(main, ["check", str(root), "--today", "2026-11-22"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == len(EXPECTED)
    assert lines[0] == "Contacts/Ana García.md:3: warning[ambiguous-name] 'Ana' also names Contacts/Ana Gómez.md; links to it go there"
    assert "Meetings/Typo.md:6: warning[unknown-contact] 'Ana Garcia' is not a known contact (did you mean 'Ana García'?)" in lines
    assert result.stderr.strip() == "checked 12 notes: 6 errors, 8 warnings"


def test_check_json_lists_the_same_problems(make_vault):
    root = make_vault(PROBLEM_VAULT)
    result = CliRunner().invoke(main, ["check", "--vault", str(root), "--today", "2026-11-22", "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [(p["path"], p["line"], p["code"]) for p in data["problems"]] == EXPECTED
    assert data["errors"] == 6 and data["warnings"] == 8 and data["today"] == "2026-11-22"
    assert set(data["problems"][0]) == {"path", "line", "severity", "code", "message"}
