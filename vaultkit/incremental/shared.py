"""The shared pages of a run: assembled from every part's stored lines, the vault-wide counts
and every problem, whenever anything changed (``Follow-ups.md``, ``Goals.md``, ``Balance.md``,
the dashboard, ``Problems.md``)."""

from __future__ import annotations

from typing import NamedTuple

from vaultkit.incremental import answers, store
from vaultkit.incremental.recording import RecordingConfig, RecordingVault
from vaultkit.pages.naming import OutputNames
from vaultkit.pages.parts import BalanceRow, Shared
from vaultkit.pages.parts import shared_pages as render_shared
from vaultkit.render import Page
from vaultkit.reports.tallies import Tallies


class FollowUpLine(NamedTuple):
    """A follow-up as the shared pages show it (``pages.parts.FollowUpEntry``'s lines)."""

    group: int
    lines: str
    short: str
    focus: bytes | None  # its rank in the Focus list, comparable (``sortkey``)
    cold: int


def shared_pages(run) -> list[Page]:
    connection, state = run.connection, run.state
    seen = run.config_reads["shared"]
    goal_parts = [store.load(blob) for (blob,) in store.rows_in(
        connection, "SELECT blob FROM engine_parts WHERE owner IN", state.goal_paths())]
    progress = {part.goal: part.progress for part in goal_parts}
    vault = RecordingVault(state, str(run.root), run.config, run.today, set(), seen, progress)
    pages = state.pages if state.pages is not None else store.state(connection, "page_names", {})
    names = OutputNames(RecordingConfig(run.config, seen), pages, pages)
    follow_ups = [FollowUpLine(*row) for row in connection.execute(
        "SELECT grp, lines, short, focus, cold FROM engine_followups ORDER BY key")]
    rows = [BalanceRow(*row) for row in connection.execute("SELECT key, line FROM engine_balance_rows ORDER BY key")]
    shared = Shared(follow_ups, rows, tallies(run), run.problems.all(),
                    [c for part in sorted(goal_parts, key=lambda p: p.goal) for c in part.movers])
    return render_shared(vault, names, shared)


def tallies(run) -> Tallies:
    """The vault-wide counts, as the run left them (``records``)."""
    connection = run.connection
    store.set_state(connection, "counts", run.counts)
    return answers.tallies(connection)
