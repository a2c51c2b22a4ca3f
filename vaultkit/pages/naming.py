"""Where each page goes inside the output folder, and how other pages link to it."""

from __future__ import annotations

from vaultkit.model import Vault
from vaultkit.names import unique_names

FOLLOW_UPS = "Follow-ups.md"
GOALS = "Goals.md"
BALANCE = "Balance.md"
DASHBOARD = "Dashboard.md"
PROBLEMS = "Problems.md"


class OutputNames:
    """Stable, safe, case-distinct page names for goals and contacts."""

    def __init__(self, vault: Vault) -> None:
        self.folder = vault.config.output_folder
        goals = sorted(vault.goals)
        self.goal_pages = dict(zip(goals, (f"Goals/{n}.md" for n in unique_names([vault.goals[g].title for g in goals]))))
        contacts = sorted(vault.contacts)
        self.balance_pages = dict(zip(contacts, (f"Balance/{n}.md" for n in unique_names([vault.name(c) for c in contacts]))))

    def vault_path(self, page: str) -> str:
        """A page's path from the vault root, for links."""
        return f"{self.folder}/{page}"
