"""What kind a note is (section 2 of the contract): first matching rule wins."""

from __future__ import annotations

import datetime as dt
import re

from vaultkit.config import Config
from vaultkit.links import links_in_value, name_key

CONTACT, INTERACTION, GOAL, DAILY = "contact", "interaction", "goal", "daily"

TYPE_KINDS = {"contact": CONTACT, "person": CONTACT, "goal": GOAL, "meeting": INTERACTION,
              "interaction": INTERACTION}
CHANNEL_TYPES = ("call", "email", "message", "event", "linkedin")
CATEGORY_KINDS = {"people": CONTACT, "person": CONTACT, "contacts": CONTACT, "meetings": INTERACTION,
                  "interactions": INTERACTION, "events": INTERACTION, "emails": INTERACTION, "goals": GOAL}
CATEGORY_CHANNELS = {"events": "event", "emails": "email"}  # kepano's Event and Email templates
DAILY_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def type_kind(value: object) -> tuple[str | None, str | None]:
    """``type:`` as a string -> (kind, channel it implies)."""
    if not isinstance(value, str):
        return None, None
    text = value.strip().casefold()
    if text in CHANNEL_TYPES:
        return INTERACTION, text
    if text == "meeting":
        return INTERACTION, "meeting"
    return TYPE_KINDS.get(text), None


def category_kind(value: object) -> tuple[str | None, str | None]:
    """kepano-style ``categories: ["[[People]]"]`` -> (kind, channel it implies)."""
    if value is None:
        return None, None
    for link in links_in_value(value, 1):
        category = name_key(link.target.rsplit("/", 1)[-1])
        kind = CATEGORY_KINDS.get(category)
        if kind:
            return kind, CATEGORY_CHANNELS.get(category)
    return None, None


def folder_kind(path: str, config: Config) -> str | None:
    if "/" not in path:
        return None
    first = path.split("/", 1)[0].casefold()
    for kind, key in ((CONTACT, "contacts"), (INTERACTION, "interactions"), (GOAL, "goals")):
        if first in (name.casefold() for name in config.folders.get(key, ())):
            return kind
    return None


def daily_date(stem: str) -> dt.date | None:
    match = DAILY_RE.match(stem)
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def classify(meta: dict, path: str, config: Config) -> tuple[str | None, str | None]:
    """-> (kind or None, channel implied by ``type``) for the note at ``path`` with front matter ``meta``."""
    kind, channel = type_kind(meta.get("type"))
    if kind:
        return kind, channel
    kind, channel = category_kind(meta.get("categories"))
    if kind:
        return kind, channel
    kind = folder_kind(path, config)
    if kind:
        return kind, None
    if daily_date(stem_of(path)):
        return DAILY, None
    return None, None


def stem_of(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name[:-3] if name.lower().endswith(".md") else name
