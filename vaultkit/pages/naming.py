"""Where each page goes inside the output folder, and how other pages link to it.

Page names follow the vault's language (``Follow-ups.md`` / ``Seguimientos.md``...; the words
are in ``i18n``), except ``Balance.md`` and ``Balance/<contact>.md``: the same in every
language, so a contact note's ``![[Balance/Ana García]]`` embed keeps working when it changes.
"""

from __future__ import annotations

from typing import Mapping

from vaultkit.config import Config
from vaultkit.i18n import words
from vaultkit.names import unique_names

BALANCE = "Balance.md"
BALANCE_FOLDER = "Balance"


class OutputNames:
    """Stable, safe, case-distinct page names for goals and contacts."""

    def __init__(self, config: Config, goal_pages: Mapping[str, str], balance_pages: Mapping[str, str]) -> None:
        """``goal_pages`` and ``balance_pages``: goal or contact path -> its page (``page_names``)."""
        say = words(config.language)
        self.folder = config.output_folder
        self.follow_ups = say("file.followups") + ".md"
        self.goals = say("file.goals") + ".md"
        self.dashboard = say("file.dashboard") + ".md"
        self.problems = say("file.problems") + ".md"
        self.goal_pages = goal_pages
        self.balance_pages = balance_pages

    def vault_path(self, page: str) -> str:
        """A page's path from the vault root, for links."""
        return f"{self.folder}/{page}"


def page_names(config: Config, titles: dict[str, str], names: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(goal path -> its page, contact path -> its balance page) from each goal's title and
    each contact's name: unique however the file system folds case."""
    say = words(config.language)
    goals = sorted(titles)
    goal_folder = say("file.goals")
    goal_pages = dict(zip(goals, (f"{goal_folder}/{n}.md" for n in unique_names([titles[g] for g in goals]))))
    contacts = sorted(names)
    balance_pages = dict(zip(contacts, (f"{BALANCE_FOLDER}/{n}.md" for n in unique_names([names[c] for c in contacts]))))
    return goal_pages, balance_pages
