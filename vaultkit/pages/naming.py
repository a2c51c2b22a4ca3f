"""Where each page goes inside the output folder, and how other pages link to it.

Page names follow the vault's language (``Follow-ups.md`` / ``Seguimientos.md``...; the words
are in ``i18n``), except ``Balance.md`` and ``Balance/<contact>.md``: the same in every
language, so a contact note's ``![[Balance/Ana García]]`` embed keeps working when it changes.
"""

from __future__ import annotations

from typing import Callable, Hashable, TypeVar

from vaultkit.cache import Memo, Signature
from vaultkit.i18n import words
from vaultkit.model import Vault
from vaultkit.names import unique_names

T = TypeVar("T")

BALANCE = "Balance.md"
BALANCE_FOLDER = "Balance"


class OutputNames:
    """Stable, safe, case-distinct page names for goals and contacts; and the render memo."""

    def __init__(self, vault: Vault, memo: Memo | None, pages: tuple[dict, dict] | None = None) -> None:
        """``pages``: the (goal, balance) page names as an earlier ``OutputNames`` of the same
        goals and contacts made them (a delta build keeps them in the index)."""
        say = words(vault.config.language)
        self.memo = memo  # None in a one-off build: nothing to reuse, so no keys are made
        self.signatures: dict[str, Signature] = {}  # per contact, for this build's memo keys
        self.context_lines: dict[tuple[str, bool], str] = {}  # (contact, upcoming) -> its context line, this build
        self.goal_titles = Signature((p, g.title, g.active) for p, g in sorted(vault.goals.items()))
        self.folder = vault.config.output_folder
        self.follow_ups = say("file.followups") + ".md"
        self.goals = say("file.goals") + ".md"
        self.dashboard = say("file.dashboard") + ".md"
        self.problems = say("file.problems") + ".md"
        if pages is not None:
            self.goal_pages, self.balance_pages = pages
            return
        goals = sorted(vault.goals)
        goal_folder = say("file.goals")
        self.goal_pages = dict(zip(goals, (f"{goal_folder}/{n}.md"
                                           for n in self._unique([vault.goals[g].title for g in goals]))))
        contacts = sorted(vault.contacts)
        self.balance_pages = dict(zip(contacts, (f"{BALANCE_FOLDER}/{n}.md"
                                                 for n in self._unique([vault.name(c) for c in contacts]))))

    def remembered(self, make_key: Callable[[], Hashable], compute: Callable[[], T]) -> T:
        """``compute()``, or its result from an earlier build when the key ``make_key()`` is the same."""
        if self.memo is None:
            return compute()
        return self.memo.get(make_key(), compute)

    def _unique(self, names: list[str]) -> list[str]:
        return self.remembered(lambda: ("names", tuple(names)), lambda: unique_names(names))

    def vault_path(self, page: str) -> str:
        """A page's path from the vault root, for links."""
        return f"{self.folder}/{page}"
