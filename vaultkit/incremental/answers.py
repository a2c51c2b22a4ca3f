"""What the read commands show (``followups``, ``goals``, ``balance``, ``export ics``), read
from the index the engine just brought up to date: no note is read to answer."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from vaultkit.incremental import store
from vaultkit.model import GoalProgress
from vaultkit.pages.parts import BalanceView, FollowUpEntry, dated
from vaultkit.reports.tallies import Counts, Tallies


def follow_ups(connection: sqlite3.Connection) -> list[FollowUpEntry]:
    """Every follow-up, in order, dated for the day the index was brought up to date for."""
    today = dt.date.fromisoformat(store.meta(connection)["today"])
    language = store.state(connection, "config").language
    return [dated(store.load(blob), today, language)
            for (blob,) in connection.execute("SELECT draft FROM engine_followups ORDER BY key")]


def follow_up_texts(connection: sqlite3.Connection) -> list[tuple[int, str]]:
    """Every follow-up's group and ``views.followup_text``, in order."""
    return connection.execute("SELECT grp, terminal FROM engine_followups ORDER BY key").fetchall()


def balances(connection: sqlite3.Connection) -> list[BalanceView]:
    """The contacts with a give or an ask, in ``Balance.md``'s order."""
    return [store.load(blob) for (blob,) in connection.execute("SELECT view FROM engine_balance_rows ORDER BY key")]


def progress(connection: sqlite3.Connection) -> list[GoalProgress]:
    """Every goal's progress, by path."""
    return [store.load(blob).progress for (blob,) in connection.execute(
        "SELECT p.blob FROM engine_parts p JOIN engine_entities e ON e.path = p.owner "
        "WHERE e.kind = 'goal' ORDER BY p.owner")]


def tallies(connection: sqlite3.Connection) -> Tallies:
    """The vault-wide counts of the last run."""
    found = Tallies(store.state(connection, "counts", None) or Counts())
    for contact, helped, last_seen, met_at in connection.execute("SELECT * FROM engine_contact_tallies"):
        found.helped += helped
        if last_seen is not None:
            found.last_seen[contact] = dt.date.fromisoformat(last_seen)
        if met_at is not None:
            found.met_at.setdefault(met_at, set()).add(contact)
    return found


def counts(connection: sqlite3.Connection) -> dict[str, int]:
    """How many of each record the vault holds (``-v``)."""
    return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("contacts", "interactions", "goals", "exchanges", "tasks")}


def counts_in(root: Path) -> dict[str, int]:
    """``counts`` of the index as the last run left it (empty when there is none)."""
    try:
        connection, _ = store.connect(Path(root), write=False)
        try:
            return counts(connection)
        finally:
            connection.close()
    except sqlite3.Error:
        return dict.fromkeys(("contacts", "interactions", "goals", "exchanges", "tasks"), 0)
