"""The index: unchanged notes are not parsed again, changes are always seen, and a broken
index is rebuilt. ``vaultkit query`` is read-only."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import vaultkit.reader as reader
from vaultkit.build import build as build_vault, check
from vaultkit.cli import main
from vaultkit.incremental.store import index_path

from conftest import TODAY

VAULT = {
    "Contacts/Ana.md": "---\ntype: contact\ncadence: monthly\n---\n",
    "Contacts/Luis.md": "---\ntype: contact\n---\n",
    "Meetings/m1.md": '---\ntype: meeting\ndate: 2026-10-01\nwith: ["[[Ana]]"]\n---\n## Gave\n- notes\n',
    "Meetings/m2.md": '---\ntype: call\ndate: 2026-11-01\nwith: ["[[Luis]]"]\n---\n## Asked\n- an intro\n',
}


@pytest.fixture
def parses(monkeypatch):
    """The paths parse_note is called for."""
    seen: list[str] = []
    original = reader.parse_note

    def spy(path, data, config, *rest):
        seen.append(path)
        return original(path, data, config, *rest)

    monkeypatch.setattr(reader, "parse_note", spy)
    monkeypatch.setattr("vaultkit.reading.parse_note", spy)
    return seen


def build(root):
    return build_vault(root, TODAY)


def balance_of(root, name):
    connection = sqlite3.connect(index_path(root))
    try:
        return connection.execute("SELECT balance FROM contacts WHERE name = ?", (name,)).fetchone()[0]
    finally:
        connection.close()


def test_second_build_parses_nothing_and_writes_nothing(make_vault, parses):
    root = make_vault(VAULT)
    first = build(root)
    assert sorted(parses) == sorted(VAULT)
    assert len(first.report.written) == 7  # Balance.md and 2 ledgers, Dashboard, Follow-ups, Goals, Problems
    parses.clear()
    second = build(root)
    assert parses == []
    assert second.report.written == [] and second.note_count == 4


def test_an_edit_is_parsed_again_alone_and_changes_the_facts(make_vault, parses):
    root = make_vault(VAULT)
    build(root)
    parses.clear()
    note = root / "Meetings/m1.md"
    note.write_text(note.read_text(encoding="utf-8") + "- a second give\n", encoding="utf-8")
    result = build(root)
    assert parses == ["Meetings/m1.md"]
    assert "Balance/Ana.md" in result.report.written
    assert balance_of(root, "Ana") == 2


def test_a_touch_without_change_reads_but_does_not_reparse(make_vault, parses):
    root = make_vault(VAULT)
    build(root)
    parses.clear()
    note = root / "Contacts/Luis.md"
    os.utime(note, ns=(note.stat().st_atime_ns, note.stat().st_mtime_ns + 10_000_000))
    result = build(root)
    assert parses == []  # same digest: the old parse is kept
    assert result.report.written == []


def test_same_mtime_but_different_size_is_seen(make_vault, parses):
    root = make_vault(VAULT)
    build(root)
    parses.clear()
    note = root / "Meetings/m2.md"
    stat = note.stat()
    note.write_text(note.read_text(encoding="utf-8") + "- and feedback\n", encoding="utf-8")
    os.utime(note, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    build(root)
    assert parses == ["Meetings/m2.md"]
    assert balance_of(root, "Luis") == -2


def test_rename_and_delete(make_vault, parses):
    root = make_vault(VAULT)
    build(root)
    parses.clear()
    (root / "Contacts/Luis.md").rename(root / "Contacts/Luis Fernández.md")
    (root / "Meetings/m1.md").unlink()
    result = build(root)
    # m2 links [[Luis]], whose answer changed: it is derived again, from its file (the index keeps no parses)
    assert parses == ["Contacts/Luis Fernández.md", "Meetings/m2.md"]
    assert [p.code for p in result.problems] == ["unknown-contact"]  # m2 still links [[Luis]]
    connection = sqlite3.connect(index_path(root))
    try:
        assert sorted(r[0] for r in connection.execute("SELECT path FROM notes")) == [
            "Contacts/Ana.md", "Contacts/Luis Fernández.md", "Meetings/m2.md"]
    finally:
        connection.close()


def test_a_new_day_rebuilds_from_the_index(make_vault, parses):
    root = make_vault(VAULT)
    build(root)
    parses.clear()
    later = build_vault(root, TODAY.replace(day=23))
    assert parses == []
    assert "Follow-ups.md" in later.report.written


@pytest.mark.parametrize("damage", [
    lambda path: path.write_bytes(b"this is not a database"),
    lambda path: path.write_bytes(path.read_bytes()[:2048]),
    lambda path: sqlite3.connect(path).execute("UPDATE engine_derived SET blob = X'00ff'").connection.commit(),
    lambda path: sqlite3.connect(path).execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    .connection.commit(),
])
def test_a_broken_index_is_rebuilt_with_a_notice(make_vault, damage):
    root = make_vault(VAULT)
    build(root)
    damage(index_path(root))
    with open(root / "Contacts/Ana.md", "a", encoding="utf-8") as note:  # so the build reads what was damaged
        note.write("\n")
    result = build(root)
    assert result.notice is not None and "rebuilding" in result.notice
    assert result.problems == []
    assert balance_of(root, "Ana") == 1
    assert build(root).notice is None


def test_check_keeps_the_index_too(make_vault):
    root = make_vault(VAULT)
    checked = check(root, TODAY)
    assert checked.notice is None and checked.problems == []
    assert balance_of(root, "Luis") == -1


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_query_prints_an_aligned_table(make_vault):
    root = make_vault(VAULT)
    run("build", str(root), "--today", "2026-11-22")
    result = run("query", "SELECT name, given, asked, balance FROM contacts ORDER BY name", str(root))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "name  given  asked  balance",
        "----  -----  -----  -------",
        "Ana       1      0        1",
        "Luis      0      1       -1",
    ]


def test_query_csv_never_hands_a_spreadsheet_a_formula(make_vault):
    """Imported values land in the index as written: a cell starting with = + - @ (or a tab)
    is a formula to a spreadsheet; it is written behind a ' so it shows as text. Numbers,
    negative ones too, stay numbers."""
    hostile = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x.example","click")', "@SUM(1+1)", "+1+1", "-1+1"]
    quoted = [value.replace("'", "''") for value in hostile]  # YAML single quotes
    notes = {f"Contacts/{name}.md": f"---\ntype: contact\ncompany: '{value}'\n---\n" for name, value in zip("ABCDE", quoted)}
    notes["Meetings/m.md"] = '---\ntype: meeting\ndate: 2026-11-01\nwith: ["[[A]]"]\n---\n## Asked\n- x\n'
    root = make_vault(notes)
    result = run("query", "SELECT company, balance FROM contacts ORDER BY path", str(root), "--today", "2026-11-22",
                 "--csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["company", "balance"]
    assert [row[0] for row in rows[1:]] == ["'" + h for h in hostile]
    assert rows[1][1] == "-1.0"  # A's balance: a number, not text


def test_query_json_and_csv(make_vault):
    root = make_vault(VAULT)
    run("build", str(root), "--today", "2026-11-22")
    as_json = run("query", "SELECT kind, text FROM exchanges ORDER BY date", "--vault", str(root), "--json")
    assert json.loads(as_json.stdout) == [{"kind": "give", "text": "notes"}, {"kind": "ask", "text": "an intro"}]
    as_csv = run("query", "SELECT id, channel FROM interactions ORDER BY date", str(root), "--csv")
    assert as_csv.stdout == "id,channel\nMeetings/m1.md,meeting\nMeetings/m2.md,call\n"


@pytest.mark.parametrize("sql", ["DELETE FROM contacts", "DROP TABLE notes", "INSERT INTO meta VALUES ('a', 'b')"])
def test_query_refuses_writes(make_vault, sql):
    root = make_vault(VAULT)
    run("build", str(root), "--today", "2026-11-22")
    before = index_path(root).read_bytes()
    result = run("query", sql, str(root), "--today", "2026-11-22")
    assert result.exit_code == 1
    assert "read-only" in result.stderr
    assert index_path(root).read_bytes() == before


def test_query_brings_the_index_up_to_date_first(make_vault):
    root = make_vault(VAULT)
    first = run("query", "SELECT name, balance FROM contacts ORDER BY name", str(root), "--today", "2026-11-22", "--csv")
    assert first.exit_code == 0 and first.stdout == "name,balance\nAna,1.0\nLuis,-1.0\n"
    note = root / "Meetings/m2.md"
    note.write_text(note.read_text(encoding="utf-8") + "- and a second intro\n", encoding="utf-8")
    again = run("query", "SELECT balance FROM contacts WHERE name = 'Luis'", str(root), "--today", "2026-11-22")
    assert again.stdout.splitlines()[-1].strip() == "-2"
    assert not (root / "VaultKit").exists()  # a query writes no page


def test_query_errors_are_clear(make_vault):
    root = make_vault(VAULT)
    run("build", str(root), "--today", "2026-11-22")
    bad = run("query", "SELEC 1", str(root))
    assert bad.exit_code == 1 and "SQL error" in bad.stderr and "Traceback" not in bad.output


def test_a_config_broken_another_way_is_not_taken_for_no_change(make_vault):
    root = make_vault({**VAULT, "vaultkit.toml": '[tiers]\nlanguage = "es"\n'})
    first = build(root)
    assert [p.code for p in first.problems] == ["config-misplaced-key"]  # a top-level key under [tiers]
    (root / "vaultkit.toml").write_text('language = "es"\nlanguage = "en"\n', encoding="utf-8")  # same settings
    second = build(root)
    assert [p.code for p in second.problems] == ["config-invalid"]


def test_a_build_that_finds_nothing_changed_never_loads_the_parsers(make_vault):
    """The no-op build walks and stats the vault and stops: importing markdown-it and PyYAML
    would be a third of its time."""
    import subprocess
    import sys

    root = make_vault(VAULT)
    build(root)
    code = (f"import sys; sys.argv = ['vaultkit', 'build', sys.argv[1], '--today', '{TODAY.isoformat()}', '-q']\n"
            "from vaultkit.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('markdown_it', 'yaml', 'frontmatter') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr


def test_a_skipped_file_appearing_is_not_a_no_op(make_vault):
    """A Syncthing conflict copy is skipped by the walk, not listed: its warning must still come."""
    root = make_vault(VAULT)
    build(root)
    (root / "Meetings/m1.sync-conflict-20261122-ABCDEF.md").write_text("copy\n", encoding="utf-8")
    assert [p.code for p in build(root).problems] == ["sync-conflict"]


def test_no_public_table_shows_pickled_bytes(make_vault):
    """``vaultkit query "SELECT * FROM notes" --csv`` prints text and numbers: the engine's own
    pickles live in its ``engine_*`` tables only, and every public table is documented."""
    root = make_vault(VAULT)
    run("build", str(root), "--today", "2026-11-22")
    connection = sqlite3.connect(index_path(root))
    try:
        public = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'engine_%'")]
        for table in public:
            for row in connection.execute(f"SELECT * FROM {table}"):
                assert not any(isinstance(value, bytes) for value in row), (table, row)
    finally:
        connection.close()
    documented = (Path(__file__).resolve().parents[1] / "docs" / "index.md").read_text(encoding="utf-8")
    assert all(f"| `{table}`" in documented for table in public), public
    csv = run("query", "SELECT * FROM notes", str(root), "--today", "2026-11-22", "--csv")
    assert csv.exit_code == 0 and csv.stdout.startswith("path,mtime_ns,size,digest,kind,parsed,path_key,stem_key\n")


def test_an_index_that_fails_to_set_up_is_closed_at_once(tmp_path):
    """A connection ``store.connect`` could not set up (its reset's COMMIT interrupted, say)
    is closed before the error goes on: left open it held the index's lock, and the next run
    in the same process (``watch``) waited, then ran on an index in memory."""
    import gc
    import sqlite3

    from vaultkit import faults
    from vaultkit.incremental import store

    root = tmp_path / "vault"
    (root / ".vaultkit").mkdir(parents=True)
    faults.arm(faults.Plan(faults.DATABASE, at=1, match="COMMIT"))
    gc.disable()  # what is left open stays open: the collector must not close it for us
    try:
        with pytest.raises(sqlite3.OperationalError):
            store.connect(root)
        faults.arm(None)
        connection, notice = store.connect(root, timeout=0.5)
        try:
            assert notice is None  # not "could not be written": a real index, on disk
            assert connection.execute("PRAGMA database_list").fetchone()[2].endswith("index.sqlite")
        finally:
            connection.close()
    finally:
        faults.arm(None)
        gc.enable()
