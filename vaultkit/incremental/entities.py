"""Step 2: contact and goal notes read as such, and the names they claim.

A contact or goal note that changed is read again (``vault.entity_of``); its claims replace
its old ones in ``engine_claims``. Every name key whose claims moved is a changed input
(``contact\\0key``, ``goal\\0key``): the notes that looked it up are derived again in step 3.
Name ambiguities and the active-goal limit are worked out for what changed alone.
"""

from __future__ import annotations

from vaultkit import people
from vaultkit.goals import too_many_active
from vaultkit.incremental import store
from vaultkit.incremental.names import SUGGEST
from vaultkit.incremental.recording import RecordingConfig
from vaultkit.kinds import CONTACT, GOAL
from vaultkit.links import Resolver, name_key
from vaultkit.model import Contact, Goal
from vaultkit.problems import Problem
from vaultkit.vault import claims_of, entity_of, guarded


def kind_of(entity) -> str:
    return "contact" if isinstance(entity, Contact) else "goal"


def update_entities(run, content: set[str]) -> set[str]:
    """Read contact and goal notes again where needed; the paths whose entity changed."""
    files, batch = run.files, run.batch
    old_kinds, linked = {}, {}
    for path, kind, was_linked in run.connection.execute("SELECT path, kind, linked FROM engine_entities"):
        old_kinds[path], linked[path] = kind, was_linked
    paths = {p for p in content if p in old_kinds or files.kind(p) in (CONTACT, GOAL)}
    if "entity" in run.stale_steps:
        paths |= {p for p in files.listed if files.kind(p) in (CONTACT, GOAL)} | set(old_kinds)
    changed: set[str] = set()
    moved_keys: set[tuple[str, str]] = set()
    reread_keys: set[str] = set()  # a contact's name warnings point at lines of its note: looked at again
    seen = run.config_reads["entity"]
    for path in sorted(paths):
        old, old_claims = _stored(run, path) if path in old_kinds else (None, [])
        note = files.note(path) if path in files.listed else None
        problems: list[Problem] = []
        entity, claims = None, []
        if note is not None and note.kind in (CONTACT, GOAL):
            entity = guarded(path, problems, entity_of, note, RecordingConfig(run.config, seen))
            claims = claims_of(note, entity) if entity is not None else []
        run.problems.set(f"entity\0{path}", problems)
        run.state.entities[path] = entity
        batch.delete("engine_entities", "path", path)
        if entity is not None:
            name = entity.name if isinstance(entity, Contact) else entity.title
            # linked: whether its links resolved, as step 3 last found (it says again if it derives it)
            batch.insert("engine_entities", [(path, kind_of(entity), name, linked.get(path, 0),
                                              store.dump((entity, claims)))])
        if old != entity:
            changed.add(path)
            run.changed.add(f"{kind_of(old or entity)}\0{path}")
            if _label(old) != _label(entity):
                run.changed.add(f"label\0{path}")
        if sorted(old_claims) != sorted(claims) or type(old) is not type(entity):
            moved_keys |= _replace_claims(run, path, old, old_claims, entity, claims)
        reread_keys |= {name_key(name) for name, _how in claims if isinstance(entity, Contact)}
    batch.flush()
    store.index_tables(run.connection, ("engine_claims",))  # looked up from here on
    run.state.forget_lists()
    goals_changed = any(isinstance(run.state.entities.get(p), Goal) or old_kinds.get(p) == "goal" for p in changed)
    if goals_changed:
        run.changed.add("goals*")
    if goals_changed or "goals" in run.stale_steps:
        goal_problems(run)
    contact_keys = {key for kind, key in moved_keys if kind == "contact"}
    if contact_keys:
        run.changed.add(SUGGEST)
    if contact_keys or reread_keys:
        name_problems(run, sorted((contact_keys | reread_keys) - {""}))
    return changed


def _label(entity) -> tuple | None:
    """What a goal shows elsewhere: its title, and whether it is active."""
    return (entity.title, entity.active) if isinstance(entity, Goal) else None


def _stored(run, path: str):
    row = run.connection.execute("SELECT blob FROM engine_entities WHERE path = ?", (path,)).fetchone()
    return store.load(row[0]) if row is not None else (None, [])


def _replace_claims(run, path: str, old, old_claims, new, new_claims) -> set[tuple[str, str]]:
    """New claims in, old ones out; the (kind, name key) pairs that moved."""
    keys = set()
    for entity, claims in ((old, old_claims), (new, new_claims)):
        if entity is not None:
            keys |= {(kind_of(entity), name_key(name)) for name, _how in claims if name_key(name)}
    run.batch.delete("engine_claims", "note", path)
    if new is not None:
        run.batch.insert("engine_claims", sorted({(kind_of(new), name_key(name), path, how, " ".join(name.split()))
                                                 for name, how in new_claims if name_key(name)}))
    run.changed.update(f"{kind}\0{key}" for kind, key in keys)
    return keys


def name_problems(run, keys: list[str]) -> None:
    """The ambiguity warnings of these contact names (``people.ambiguity_problems``)."""
    claims: dict[str, list[tuple[str, str, str]]] = {}
    for key, note, how, spelled in store.rows_in(
            run.connection, "SELECT key, note, how, spelled FROM engine_claims WHERE kind = 'contact' AND key IN", keys):
        claims.setdefault(key, []).append((note, how, spelled))
    for key in keys:
        found = claims.get(key, [])
        problems: list[Problem] = []
        paths = sorted({note for note, _how, _spelled in found})
        if len(paths) > 1:
            resolver = Resolver()
            for note, how, spelled in found:
                resolver.claim(spelled, note, how)
            notes = {p: run.files.note(p) for p in paths}
            if all(notes.values()):
                problems = people.ambiguity_problems(resolver, {p: run.state.entity(p) for p in paths}, notes)
        run.problems.set(f"name\0{key}", problems)


def goal_problems(run) -> None:
    """Too many active goals (``goals.too_many_active``), worked out again when a goal changed."""
    goals = {p: run.state.entity(p) for p in run.state.goal_paths()}
    limit = RecordingConfig(run.config, run.config_reads["goals"]).max_active_goals

    class Notes(dict):  # only the goals past the limit are looked at
        def __missing__(self, path):
            self[path] = run.files.note(path)
            return self[path]

    run.problems.set("goals", too_many_active(goals, limit, Notes()))
