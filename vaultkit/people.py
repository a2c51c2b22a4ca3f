"""Contacts: reading their notes, the names they answer to, and when you were last in touch."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from vaultkit.config import Config
from vaultkit.fields import Fields
from vaultkit.links import Linker, Resolver, name_key
from vaultkit.model import CONTACT_STATUSES, Contact, Interaction
from vaultkit.problems import Problem, warning
from vaultkit.reader import Note
from vaultkit.values import NEVER


def _company(fields: Fields) -> str | None:
    """``company``, ``org`` or ``organization``; links shown as their names (``org: "[[Obsidian]]"``)."""
    key = fields.first_key("company", "org", "organization")
    if key is None:
        return None
    text = fields.text(key)
    if "[[" not in (text or ""):
        return text
    names = (link.shown or link.target.rsplit("/", 1)[-1] for link in fields.links(key))
    return ", ".join(dict.fromkeys(name.strip() for name in names if name.strip())) or None


def read_contact(note: Note, config: Config, problems: list[Problem]) -> Contact:
    fields = Fields(note, problems)
    tier = fields.text("tier")
    cadence, cadence_from = contact_cadence(fields, tier, config)
    return Contact(
        path=note.path,
        name=fields.text("name") or note.stem,
        aliases=fields.texts("aliases"),
        company=_company(fields),
        role=fields.text("role", "title", "position"),
        email=fields.text("email"),
        phone=fields.text("phone"),
        linkedin=fields.text("linkedin"),
        location=fields.text("location"),
        tags=fields.texts("tags"),
        met=fields.date("met"),
        created=fields.date("created"),
        imported_from=fields.text("source"),
        met_at=None,  # resolved by the loader, which knows every note
        strengths=fields.texts("strengths"),
        interests=fields.texts("interests"),
        status=fields.choice("status", CONTACT_STATUSES, "active") or "active",
        snooze_until=fields.date("snooze_until"),
        last_contact_field=fields.date("last_contact"),
        cadence=cadence,
        cadence_from=cadence_from,
        tier=tier.upper() if tier else None,
    )


def contact_cadence(fields: Fields, tier: str | None, config: Config):
    """``cadence`` if set (``never`` means none), else the tier's, else ``default_cadence``."""
    cadence = fields.cadence("cadence")
    if cadence == NEVER:
        return None, "cadence"
    if cadence is not None:
        return cadence, "cadence"
    if tier:
        if tier.upper() in config.tiers:
            return config.tiers[tier.upper()], "tier"
        fields.problems.append(warning(fields.note.path, fields.line("tier"), "bad-value",
                                       f"tier: '{tier}' is not a configured tier ({', '.join(sorted(config.tiers))})"))
    if config.default_cadence is not None:
        return config.default_cadence, "default_cadence"
    return None, None


def link_contact(contact: Contact, note: Note, linker: Linker, problems: list[Problem]) -> Contact:
    """Resolve a contact's ``goals`` and ``met_at`` links, once every note is known."""
    fields = Fields(note, problems)
    goal_paths = fields.goals(linker)
    met_at = next(iter(fields.links("met_at")), None)
    met_at_path = (linker.note(met_at.target) or met_at.target) if met_at else None
    return replace(contact, goals=tuple(dict.fromkeys(goal_paths)), met_at=met_at_path)


def claim_names(resolver: Resolver, contact: Contact, stem: str) -> None:
    """Register every name a contact answers to: vault path, file stem, ``name``, aliases."""
    resolver.claim(contact.path[:-3] if contact.path.lower().endswith(".md") else contact.path, contact.path, "path")
    resolver.claim(stem, contact.path, "stem")
    resolver.claim(contact.name, contact.path, "name")
    for alias in contact.aliases:
        resolver.claim(alias, contact.path, "alias")


def ambiguity_problems(resolver: Resolver, contacts: dict[str, Contact], notes: dict[str, Note]) -> list[Problem]:
    """One warning on each contact that loses a name to another one (the exact stem wins)."""
    problems = []
    for key, claims in resolver.ambiguous_names():
        winner = claims[0]
        for loser in claims[1:]:
            contact, note = contacts[loser.note], notes[loser.note]
            spelled, line = _claimed_as(contact, note, key, loser.how)
            problems.append(warning(loser.note, line, "ambiguous-name",
                                    f"'{spelled}' also names {winner.note}; links to it go there"))
    return problems


def _claimed_as(contact: Contact, note: Note, key: str, how: str) -> tuple[str, int]:
    """How a contact spells a contested name, and the line it does so on."""
    if how == "alias":
        spelled = next((a for a in contact.aliases if name_key(a) == key), key)
        return spelled, note.line_of("aliases", spelled)
    if how == "name" and "name" in note.meta:
        return contact.name, note.line_of("name")
    return note.stem, 1


def last_contacts(contacts: dict[str, Contact], interactions: tuple[Interaction, ...],
                  today: dt.date) -> dict[str, dt.date | None]:
    """The latest past interaction that counts as contact, or ``last_contact`` if later."""
    latest: dict[str, dt.date | None] = {path: c.last_contact_field for path, c in contacts.items()}
    for interaction in interactions:
        if interaction.date > today or not interaction.counts_as_contact:
            continue
        for person in interaction.participants:
            if person in latest and (latest[person] is None or interaction.date > latest[person]):
                latest[person] = interaction.date
    return latest
