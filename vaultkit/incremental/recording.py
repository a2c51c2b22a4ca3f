"""The vault as one computation sees it, every read recorded: what the engine keys results on.

The domain's functions take a ``model.Vault``; the engine hands them ``RecordingVault``,
which serves the same reads from the engine's state, loaded on first use, and notes each
one as an input key: ``contact\\0P`` (a contact's record), ``goal\\0P``, ``rec\\0P`` (the
records that involve a contact or a goal), ``page\\0P`` (a page's name), ``name\\0P`` (a
contact's name alone), ``label\\0P`` (a goal's title and whether it is active), and
``contacts*`` / ``goals*`` when a computation looks at all of them; today is recorded as the
span of days a result holds for (``days``). ``RecordingConfig``
notes which settings were read. A result whose inputs did not change is not computed again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Callable, Iterator, Mapping

from vaultkit import goals as goal_rules
from vaultkit import people
from vaultkit.config import Config
from vaultkit.model import Contact, Exchange, Goal, GoalProgress, Interaction, Task


def config_values(config: Config) -> dict[str, object]:
    """Every setting and every property derived from them, by name."""
    values = {f.name: getattr(config, f.name) for f in dataclasses.fields(config)}
    values.update({name: getattr(config, name) for name, member in vars(Config).items() if isinstance(member, property)})
    return values


def changed_settings(old: Config | None, new: Config) -> set[str] | None:
    """The names of the settings that differ (None: no earlier settings, everything differs)."""
    if old is None:
        return None
    before, after = config_values(old), config_values(new)
    return {name for name in after if before.get(name, object()) != after[name]}


class RecordingConfig:
    """A ``Config`` that notes the name of every setting read into ``seen``."""

    def __init__(self, config: Config, seen: set[str]) -> None:
        object.__setattr__(self, "_config", config)
        object.__setattr__(self, "_seen", seen)

    def __getattr__(self, name: str):
        self._seen.add(name)
        return getattr(self._config, name)


class RecordingMap(Mapping):
    """A read-only mapping over ``load(key)`` (None: absent) that notes ``tag\\0key`` for each
    key read, and ``every`` when it is iterated or sized (``keys()`` lists every key)."""

    def __init__(self, tag: str, every: str, load: Callable[[str], object], keys: Callable[[], list[str]],
                 reads: set[str]) -> None:
        self.tag, self.every, self._load, self._keys, self.reads = tag, every, load, keys, reads

    def __getitem__(self, key: str):
        self.reads.add(f"{self.tag}\0{key}")
        value = self._load(key)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        self.reads.add(f"{self.tag}\0{key}")
        return self._load(key) is not None

    def get(self, key, default=None):
        self.reads.add(f"{self.tag}\0{key}")
        value = self._load(key)
        return default if value is None else value

    def __iter__(self) -> Iterator[str]:
        self.reads.add(self.every)
        return iter(self._keys())

    def __len__(self) -> int:
        self.reads.add(self.every)
        return len(self._keys())


class Source:
    """What a ``RecordingVault`` reads from: the engine's state (see ``engine.State``)."""

    def contact(self, path: str) -> Contact | None: ...
    def goal(self, path: str) -> Goal | None: ...
    def contact_paths(self) -> list[str]: ...
    def goal_paths(self) -> list[str]: ...
    def records(self, owner: str) -> tuple[list[Interaction], list[Exchange], list[Task], list[Contact]]: ...
    def page(self, owner: str) -> str | None: ...


class RecordingVault:
    """A ``model.Vault`` for computing one part (``pages.parts``); ``reads`` collects its inputs.

    ``progress`` is worked out here, from the goal's own records; the shared pages pass the
    progress every goal's part found instead."""

    def __init__(self, source: Source, root: str, config: Config, today: dt.date, reads: set[str],
                 config_reads: set[str], progress: Mapping[str, GoalProgress] | None = None) -> None:
        self.root = root
        self._source, self._today, self.reads = source, today, reads
        self.config = RecordingConfig(config, config_reads)
        self.contacts = RecordingMap("contact", "contacts*", source.contact, source.contact_paths, reads)
        self.goals = RecordingMap("goal", "goals*", source.goal, source.goal_paths, reads)
        self.progress = progress if progress is not None else RecordingMap(
            "goal", "goals*", self._progress_of, source.goal_paths, reads)
        self.last_contact = RecordingMap("contact", "contacts*", self._last_contact_of, source.contact_paths, reads)
        self._measured: dict[str, GoalProgress] = {}

    @property
    def today(self) -> dt.date:
        """Not an input key: the engine passes a ``days.RecordedDay``, which records how it is used."""
        return self._today

    def _records(self, owner: str) -> tuple[list[Interaction], list[Exchange], list[Task], list[Contact]]:
        self.reads.add(f"rec\0{owner}")
        return self._source.records(owner)

    def interactions_with(self, contact: str, until: dt.date | None = None) -> list[Interaction]:
        found = [i for i in self._records(contact)[0] if contact in i.participants]
        return found if until is None else [i for i in found if i.date <= until]

    def exchanges_with(self, contact: str, until: dt.date | None = None) -> list[Exchange]:
        found = [e for e in self._records(contact)[1] if contact in e.contacts]
        return found if until is None else [e for e in found if e.date <= until]

    def tasks_with(self, contact: str) -> list[Task]:
        return [t for t in self._records(contact)[2] if contact in t.contacts]

    def interactions_for(self, goal: str) -> list[Interaction]:
        return [i for i in self._records(goal)[0] if goal in i.goals]

    def exchanges_for(self, goal: str) -> list[Exchange]:
        ids = {i.id for i in self.interactions_for(goal)}
        return [e for e in self._records(goal)[1] if e.interaction in ids]

    def contacts_for(self, goal: str) -> dict[str, Contact]:
        found = {c.path: c for c in self._records(goal)[3] if goal in c.goals}
        for interaction in self.interactions_for(goal):
            found.update((p, c) for p in interaction.participants if (c := self.contacts.get(p)) is not None)
        return found

    def name(self, contact: str) -> str:
        self.reads.add(f"name\0{contact}")
        found = self._source.contact(contact)
        return found.name if found is not None else contact

    def goal_title(self, goal: str) -> str | None:
        self.reads.add(f"label\0{goal}")
        found = self._source.goal(goal)
        return found.title if found is not None else None

    def goal_active(self, goal: str) -> bool:
        self.reads.add(f"label\0{goal}")
        found = self._source.goal(goal)
        return found is not None and found.active

    def balance(self, contact: str) -> float:
        return sum(e.weight if e.kind == "give" else -e.weight for e in self.exchanges_with(contact, self.today))

    def _progress_of(self, goal: str) -> GoalProgress | None:
        if goal not in self._measured:
            found = self._source.goal(goal)
            if found is None:
                return None
            self._measured[goal] = goal_rules.measure(found, self.today, tuple(self.interactions_for(goal)),
                                                      tuple(self.exchanges_for(goal)), self.contacts_for(goal))
        return self._measured[goal]

    def _last_contact_of(self, contact: str) -> dt.date | None:
        found = self._source.contact(contact)
        if found is None:
            return None
        return people.last_contacts({contact: found}, tuple(self.interactions_with(contact)), self.today)[contact]


class RecordingPages(Mapping):
    """Page names (contact or goal path -> page) that note ``page\\0path`` for each one read."""

    def __init__(self, source: Source, reads: set[str], paths: Callable[[], list[str]]) -> None:
        self._source, self.reads, self._paths = source, reads, paths

    def __getitem__(self, key: str) -> str:
        self.reads.add(f"page\0{key}")
        found = self._source.page(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        self.reads.add(f"page\0{key}")
        return self._source.page(key) is not None

    def __iter__(self) -> Iterator[str]:
        self.reads.add("pages*")
        return iter(self._paths())

    def __len__(self) -> int:
        self.reads.add("pages*")
        return len(self._paths())
