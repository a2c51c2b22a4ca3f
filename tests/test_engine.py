"""The engine after any sequence of edits equals a fresh build of the same vault: the pages,
the ``--json`` of every read command and the index's public tables.

Edits of every kind: meetings and daily notes; contacts renamed, given or stripped of an
alias, edited; goals; notes added, deleted, moved across folders; settings; a new day; a
new code fingerprint. Each step builds incrementally in one folder and afresh in another.
"""

from __future__ import annotations

import datetime as dt
import os
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vaultkit.incremental.store
from vaultkit import views
from vaultkit.build import answer, build
from vaultkit.incremental import answers
from vaultkit.pages.parts import render_vault
from vaultkit.vault import load_vault

from conftest import TODAY, fm, meeting, write_vault

BASE = {
    "Contacts/Ana.md": fm("type: contact", "cadence: monthly", "met: 2026-11-18", "interests: [hiking]",
                          'goals: ["[[Grow]]"]', body="- [ ] send Ana the deck 📅 2026-11-30\n"),
    "Contacts/Luis.md": fm("type: contact", "tier: B", 'met_at: "[[PyCon]]"'),
    "People/Pat Lee.md": fm("categories: [\"[[People]]\"]", "aliases: [Patty]", "cadence: 2w"),
    "Goals/Grow.md": fm("type: goal", "metric: interactions", "target: 4", "start: 2026-09-01",
                        "deadline: 2027-02-28"),
    "Goals/Give.md": fm("type: goal", "metric: gives", "target: 3", "start: 2026-09-01"),
    "Meetings/m1.md": meeting("2026-10-01", "Ana", extra=('goals: ["[[Grow]]"]',),
                              body="## Gave\n- an intro to [[Luis]]\n## Asked\n- feedback\n"),
    "Meetings/m2.md": meeting("2026-11-10", "Luis", "Patty", extra=("outcome: awaiting",),
                              body="- [ ] call back 📅 2026-11-25\n"),
    "Events/PyCon.md": fm("type: event", "date: 2026-10-15", 'with: ["[[Ana]]"]'),
    "Daily/2026-11-20.md": "- Coffee with [[Pat Lee]] #met\n- Sent [[Ana]] the notes #gave\n",
    "Notes/Ideas.md": "Just [[Ana]] and thoughts.\n",
}

NAMES = ["Ana", "Luis", "Pat Lee", "Patty", "Zoe", "Grow", "Give"]

edit = st.one_of(
    st.tuples(st.just("meeting"), st.integers(1, 28), st.lists(st.sampled_from(NAMES), min_size=1, max_size=2),
              st.sampled_from(["## Gave\n- a book\n", "## Asked\n- a favour [weight:: 2]\n", "- [ ] write 📅 2026-12-01\n",
                               "- [x] done task\n## Gave\n- [ ] a task under Gave\n", ""]),
              st.sampled_from(["", "follow_up: 2026-11-26", "outcome: replied", 'goals: ["[[Give]]"]'])),
    st.tuples(st.just("daily"), st.integers(1, 28), st.sampled_from(NAMES), st.sampled_from(["#met", "#gave", "#asked", "#call"])),
    st.tuples(st.just("rename contact"), st.sampled_from(["Contacts/Luis.md", "People/Pat Lee.md", "Contacts/Ana.md"]),
              st.sampled_from(["Luis Fernández", "Zoe", "Patricia"])),
    st.tuples(st.just("alias"), st.sampled_from(["Contacts/Luis.md", "People/Pat Lee.md"]),
              st.sampled_from(["Zoe", "Patty", "Ana", ""])),
    st.tuples(st.just("contact field"), st.sampled_from(["Contacts/Ana.md", "Contacts/Luis.md"]),
              st.sampled_from(["status: archived", "cadence: weekly", "name: Ana G", "snooze_until: 2026-12-30",
                               "met: 2026-11-21", "type: [oops"])),
    st.tuples(st.just("goal"), st.sampled_from(["Goals/Grow.md", "Goals/Give.md"]),
              st.sampled_from(["target: 2", "title: Grow more", "status: dropped", "metric: contacts",
                               "metric: new_contacts"])),
    st.tuples(st.just("delete"), st.sampled_from(sorted(BASE))),
    st.tuples(st.just("move"), st.sampled_from(["Meetings/m1.md", "Notes/Ideas.md", "Contacts/Luis.md"]),
              st.sampled_from(["Interactions", "Contacts", "Notes", "Goals"])),
    st.tuples(st.just("config"), st.sampled_from(['warm_days = 3', 'language = "es"', 'default_cadence = "90d"',
                                                  'max_active_goals = 1', '[headings]\ngave = ["Offered"]', ""])),
    st.tuples(st.just("day"), st.integers(0, 40)),
    st.tuples(st.just("code"), st.integers(0, 3)),
)


def apply(root: Path, step: tuple, state: dict) -> None:
    kind = step[0]
    if kind == "meeting":
        _, day, people, body, extra = step
        write_vault(root, {f"Meetings/new {day}.md": meeting(f"2026-11-{day:02d}", *people,
                                                             extra=(extra,) if extra else (), body=body)})
    elif kind == "daily":
        _, day, name, tag = step
        path = root / f"Daily/2026-11-{day:02d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as note:
            note.write(f"- saw [[{name}]] {tag}\n")
    elif kind == "rename contact":
        _, path, name = step
        if (root / path).exists():
            (root / path).rename((root / path).with_name(f"{name}.md"))
    elif kind in ("alias", "contact field", "goal"):
        _, path, line = step
        target = root / path
        if target.exists():
            text = target.read_text(encoding="utf-8")
            line = f"aliases: [{line}]" if kind == "alias" else line
            key = line.split(":", 1)[0] + ":"
            kept = [row for row in text.split("\n") if not row.startswith(key)]
            if kept and kept[0] == "---":
                kept.insert(1, line)
            target.write_text("\n".join(kept), encoding="utf-8")
    elif kind == "delete":
        (root / step[1]).unlink(missing_ok=True)
    elif kind == "move":
        _, path, folder = step
        if (root / path).exists():
            (root / folder).mkdir(exist_ok=True)
            (root / path).rename(root / folder / Path(path).name)
    elif kind == "config":
        (root / "vaultkit.toml").write_text(step[1] + "\n", encoding="utf-8")
    elif kind == "day":
        state["today"] = TODAY + dt.timedelta(days=step[1])
    elif kind == "code":
        state["code"] = f"another vaultkit {step[1]}"


PUBLIC = ("notes", "contacts", "interactions", "participants", "interaction_goals", "exchanges", "exchange_contacts",
          "tasks", "task_contacts", "goals", "problems")


def observed(root: Path, today: dt.date) -> dict:
    """Everything a user can see: pages, the views' JSON, the public tables (file times aside)."""
    out = root / "VaultKit"
    pages = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
             for p in sorted(root.rglob("*.md")) if out in p.parents or "(edited" in p.name}

    def ask(connection, checked):
        return {
            "followups": views.followups_json(answers.follow_ups(connection), today),
            "goals": views.goals_json(answers.progress(connection), today),
            "balance": views.balance_json(answers.balances(connection), answers.tallies(connection), today),
            "problems": [p.as_dict() for p in checked.problems],
        }

    shown = answer(root, today, ask)
    connection = sqlite3.connect(root / ".vaultkit" / "index.sqlite")
    try:
        tables = {t: sorted(connection.execute(f"SELECT * FROM {t}"), key=repr) for t in PUBLIC if t != "notes"}
        tables["notes"] = sorted(connection.execute("SELECT path, digest, kind, parsed FROM notes"))
    finally:
        connection.close()
    return {"pages": pages, "views": json.loads(json.dumps(shown)), "tables": tables}


def fresh_copy(root: Path, into: Path) -> Path:
    if into.exists():
        shutil.rmtree(into)
    shutil.copytree(root, into, ignore=shutil.ignore_patterns("VaultKit", ".vaultkit", "* (edited *"))
    return into


@pytest.fixture(params=["as configured", "in chunks of two", "parts on a forked child"])
def chunks(request, monkeypatch):
    """The engine as shipped, with its large-vault paths taken at once (every claim loaded in
    memory, bodies parsed late, records loaded part by part in chunks of two), and with a share
    of the notes and parts computed on a forked child whenever there are two or more
    (``incremental.fork``)."""
    if request.param == "parts on a forked child":
        import vaultkit.incremental.fork as fork

        import vaultkit.incremental.records as records

        monkeypatch.setattr(fork, "MIN_ITEMS", 2)
        monkeypatch.setattr(fork, "cores", lambda: 2)
        monkeypatch.setattr(records, "MANY", 2)
    if request.param == "in chunks of two":
        import vaultkit.incremental.engine as engine
        import vaultkit.incremental.files as files
        import vaultkit.incremental.records as records

        monkeypatch.setattr(records, "MANY", 2)
        monkeypatch.setattr(engine, "PARTS_AT_ONCE", 2)
        monkeypatch.setattr(files, "STREAM_FROM", 2)
    return request.param


@settings(max_examples=int(os.environ.get("VAULTKIT_EXAMPLES", "30")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(edit, min_size=1, max_size=6))
def test_incremental_equals_fresh_after_any_edits(tmp_path_factory, monkeypatch, chunks, steps):
    base = tmp_path_factory.mktemp("engine")
    root = write_vault(base / "vault", BASE)
    state = {"today": TODAY, "code": "this vaultkit"}
    monkeypatch.setattr(vaultkit.incremental.store, "code_fingerprint", lambda: state["code"])
    build(root, state["today"])
    for step in steps:
        apply(root, step, state)
        build(root, state["today"])
        fresh = fresh_copy(root, base / "fresh")
        build(fresh, state["today"])
        assert observed(root, state["today"]) == observed(fresh, state["today"]), step


def test_a_fresh_engine_build_equals_the_vault_in_memory(tmp_path):
    """The engine's parts and the plain in-memory path (``load_vault`` + ``render_vault``) agree."""
    root = write_vault(tmp_path / "vault", BASE)
    build(root, TODAY)
    vault = load_vault(root, TODAY)
    expected = {p.path: p.text for p in render_vault(vault, list(vault.problems))}
    out = root / "VaultKit"
    assert {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.md")} == expected


@pytest.mark.parametrize("step", [
    ("rename contact", "Contacts/Luis.md", "Luis Fernández"),
    ("alias", "People/Pat Lee.md", "Zoe"),
    ("goal", "Goals/Grow.md", "title: Grow more"),
    ("contact field", "Contacts/Ana.md", "cadence: weekly"),
])
def test_an_edit_derives_again_only_what_it_reaches(tmp_path, monkeypatch, step):
    """A contact or goal edit derives again the notes whose links it may answer differently,
    not the vault; the parts it reaches, not every part."""
    import vaultkit.incremental.records as engine
    import vaultkit.incremental.parts as parts

    files = dict(BASE)
    files.update({f"Meetings/other {n}.md": meeting(f"2026-10-{n + 1:02d}", "Ana") for n in range(20)})
    root = write_vault(tmp_path / "vault", files)
    build(root, TODAY)
    derived, computed = [], []
    real_derive, real_compute = engine.derive, parts.PartWriter.evaluate
    monkeypatch.setattr(engine, "derive", lambda note, *a: derived.append(note.path) or real_derive(note, *a))
    monkeypatch.setattr(parts.PartWriter, "evaluate",
                        lambda self, owner, is_contact: computed.append(owner) or real_compute(self, owner, is_contact))
    apply(root, step, {})
    build(root, TODAY)
    assert not any(path.startswith("Meetings/other") for path in derived), derived
    assert len(computed) < 5, computed


def test_a_new_day_computes_again_only_the_parts_whose_span_of_days_ended(tmp_path, monkeypatch):
    """Overdue contacts only compare dates with today (their "N days overdue" is dated after the
    part): a new day recomputes the goals, whose pages show the day, and the contacts whose
    comparisons flip (a meeting that was upcoming is now past), not the others."""
    from vaultkit.incremental import parts

    files = {f"Contacts/C{n}.md": fm("type: contact", "cadence: monthly") for n in range(20)}
    files.update({f"Meetings/m{n}.md": meeting(f"2026-10-{n + 1:02d}", f"C{n}", body="## Gave\n- a book\n")
                  for n in range(20)})
    files["Meetings/soon.md"] = meeting((TODAY + dt.timedelta(days=1)).isoformat(), "C0")
    files["Goals/Grow.md"] = BASE["Goals/Grow.md"]
    root = write_vault(tmp_path / "vault", files)
    build(root, TODAY)
    computed = []
    real = parts.PartWriter.evaluate
    monkeypatch.setattr(parts.PartWriter, "evaluate",
                        lambda self, owner, is_contact: computed.append(owner) or real(self, owner, is_contact))
    tomorrow = TODAY + dt.timedelta(days=1)
    build(root, tomorrow)
    assert sorted(computed) == ["Contacts/C0.md", "Goals/Grow.md"]
    fresh = write_vault(tmp_path / "fresh", files)
    build(fresh, tomorrow)
    assert observed(root, tomorrow) == observed(fresh, tomorrow)
    followups = (root / "VaultKit" / "Follow-ups.md").read_text(encoding="utf-8")
    assert "overdue" in followups and followups == (fresh / "VaultKit" / "Follow-ups.md").read_text(encoding="utf-8")


def test_a_streaming_build_holds_one_parse_at_a_time_while_deriving(tmp_path, monkeypatch):
    """From ``STREAM_FROM`` notes on, step 3 reads each meeting when it derives it and lets its
    parse go: asking whether a note is derivable must not read (and keep) every note first."""
    from vaultkit.incremental import files, records

    monkeypatch.setattr(files, "STREAM_FROM", 1)
    vault = dict(BASE)
    vault.update({f"Meetings/other {n}.md": meeting(f"2026-10-{n % 28 + 1:02d}", "Ana") for n in range(30)})
    root = write_vault(tmp_path / "vault", vault)
    held = []
    real = records._save
    monkeypatch.setattr(records, "_save", lambda run, *a: held.append(len(run.files.notes)) or real(run, *a))
    build(root, TODAY)
    assert len(held) > 30 and max(held) <= 6, held  # the contacts and goals of step 2, and the note at hand
    fresh = write_vault(tmp_path / "fresh", vault)
    monkeypatch.setattr(files, "STREAM_FROM", 50_000)
    build(fresh, TODAY)
    assert observed(root, TODAY) == observed(fresh, TODAY)


def test_a_setting_changed_once_costs_one_run(tmp_path, monkeypatch):
    """The run after a setting changed recomputes the parts that read it; the next one, nothing
    (a setting only parts read used to look changed to every later run)."""
    from vaultkit.incremental import parts

    root = write_vault(tmp_path / "vault", BASE)
    build(root, TODAY)
    (root / "vaultkit.toml").write_text("warm_days = 5\n", encoding="utf-8")
    computed = []
    real = parts.PartWriter.evaluate
    monkeypatch.setattr(parts.PartWriter, "evaluate",
                        lambda self, owner, is_contact: computed.append(owner) or real(self, owner, is_contact))
    build(root, TODAY)
    assert computed
    computed.clear()
    build(root, TODAY)
    assert computed == []
