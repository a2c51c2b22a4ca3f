"""One file in, one ``Note`` (or nothing) and its problems out. Never raises for bad input."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate


from vaultkit.body import LIST_ITEM_RE, BodyFacts, heading_key, may_hold_facts, read_body
from vaultkit.config import Config
from vaultkit.kinds import CONTACT, GOAL, classify, stem_of
from vaultkit.plainbody import read_plain_body
from vaultkit.plainyaml import read_plain_front_matter
from vaultkit.problems import Problem, error, warning
from vaultkit.values import shown

FENCE = "---"
MAX_YAML_NODES = 20_000
MAX_YAML_DEPTH = 1_000  # libyaml's composer recurses per level and crashes the process some 20,000 down
_FLOW_BRACKETS = re.compile(r"[\[\]{}]")
_BLOCK_LEAD = re.compile(r"^[ \t?:-]*", re.MULTILINE)
_QUOTED_KEY_RE = re.compile(r"""(?:"([^"]+)"|'([^']+)')\s*:(?:\s|$)""")

@lru_cache(maxsize=1)
def yaml_loader():
    """(PyYAML, python-frontmatter's handler, the loader class): loaded with the first front
    matter the plain reader (``plainyaml``) leaves to PyYAML.

    The loader is PyYAML's safe loader (the C one when libyaml is present) with two
    Obsidian-friendly changes. Timestamps stay text, so an impossible date such as
    ``2026-02-30`` is reported against its own key instead of failing the whole front matter;
    numbers with a leading zero (phone numbers, ``0123``) stay text instead of turning into octal.
    """
    import yaml
    from frontmatter.default_handlers import YAMLHandler

    class NoteLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        pass

    def keep_text(loader, node):
        return loader.construct_scalar(node)

    def int_or_text(loader, node):
        text = loader.construct_scalar(node)
        if len(text) > 1 and text.startswith("0") and text.isdigit():
            return text
        return yaml.SafeLoader.construct_yaml_int(loader, node)

    NoteLoader.add_constructor("tag:yaml.org,2002:timestamp", keep_text)
    NoteLoader.add_constructor("tag:yaml.org,2002:int", int_or_text)
    return yaml, YAMLHandler(), NoteLoader


@dataclass(frozen=True, slots=True)
class Note:
    """A parsed Markdown file: front matter, where each key sits, and the facts of its body."""

    path: str
    meta: dict = field(default_factory=dict)
    meta_lines: dict = field(default_factory=dict)
    body: BodyFacts = field(default_factory=BodyFacts)
    has_front_matter: bool = False
    front_matter: tuple[str, ...] = ()  # the raw lines between the fences (file lines 2, 3, ...)
    kind: str | None = None  # contact, interaction, goal, daily, or None for notes vaultkit ignores
    channel: str | None = None  # the channel a ``type:`` implies
    unread_front_matter: bool = False  # it has front matter that could not be read (already a problem)

    @property
    def stem(self) -> str:
        return stem_of(self.path)

    def line_of(self, key: str, needle: str | None = None) -> int:
        """The line of ``key``; with ``needle``, of the first line from there on that holds it."""
        line = self.meta_lines.get(key, 1)
        if needle and line > 1:
            for number in range(line, len(self.front_matter) + 2):
                if needle in self.front_matter[number - 2]:
                    return number
        return line


def section_roles(config: Config) -> dict[str, str]:
    """Heading key -> role ("gave", "asked", "log"), from the configured heading names."""
    return _roles(tuple(sorted(config.headings.items())))


@lru_cache(maxsize=16)
def _roles(headings: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, str]:
    return {heading_key(name): role for role, names in headings for name in names}


def parse_note(path: str, data: bytes, config: Config, bodies: tuple[str, ...] | None = None
               ) -> tuple[Note | None, list[Problem]]:
    """Parse the bytes of the note at vault-relative ``path``.

    The body is parsed only for notes of a kind vaultkit reads: the rest are listed, not parsed.
    ``bodies``: the only kinds whose body to parse (None: every kind that has one to read); the
    others come back with empty body facts, their problems and kind all the same.
    """
    if len(data) > config.max_note_bytes:
        return None, [file_too_large(path, len(data), config)]
    if b"\x00" in data:
        return None, [error(path, 1, "binary-file", "not a text file (it holds NUL bytes); skipped")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [error(path, line, "not-utf8", f"not valid UTF-8 (byte {exc.start}); save it as UTF-8")]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    problems: list[Problem] = []
    meta, meta_lines, body, body_start, fm_lines = split_front_matter(path, text, problems)
    kind, channel = classify(meta, path, config)
    facts = body_facts(kind, body, body_start, config) if bodies is None or kind in bodies else BodyFacts()
    return Note(path, meta, meta_lines, facts, fm_lines is not None, tuple(fm_lines or ()), kind, channel,
                unread_front_matter=bool(problems)), problems


# What a body must hold for its facts to count, by kind (the rest of the body is not parsed):
# a contact's body counts only for its open tasks, a goal's only for the items of its log.
TASK_MARK_RE = re.compile(r"\[[^\]\n]\]")


def body_facts(kind: str | None, body: str, body_start: int, config: Config) -> BodyFacts:
    """The facts of a body that can matter for a note of ``kind``; no parse when none can."""
    if kind is None or (kind == CONTACT and not TASK_MARK_RE.search(body)) or (
            kind == GOAL and not LIST_ITEM_RE.search(body)) or not may_hold_facts(body):
        return BodyFacts()
    roles = section_roles(config)
    plain = read_plain_body(body, body_start, roles)  # most bodies: no markdown-it parse at all
    return plain if plain is not None else read_body(body, body_start, roles)


def file_too_large(path: str, size: int, config: Config) -> Problem:
    return error(path, 1, "file-too-large",
                 f"{human_size(size)} is over the {human_size(config.max_note_bytes)} limit (max_note_mb); skipped")


def human_size(size: int) -> str:
    return f"{size / 1048576:.1f} MB" if size >= 1048576 else f"{size / 1024:.1f} KB"


_CLOSING_FENCE = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)


def split_front_matter(path: str, text: str, problems: list[Problem]):
    """-> (meta, meta_lines, body, body_start_line, front matter lines or None). Any problem it
    adds means the front matter was not read (``meta`` is then empty)."""
    first_break = text.find("\n")
    first = text if first_break < 0 else text[:first_break]
    if first.rstrip() != FENCE:
        return {}, {}, text, 1, None
    closing = _CLOSING_FENCE.search(text, first_break + 1) if first_break >= 0 else None
    if closing is None:
        problems.append(warning(path, 1, "frontmatter-unclosed",
                                "front matter opened with --- is never closed; the note is read as plain text"))
        return {}, {}, text, 1, None
    fm_text = text[first_break + 1:max(first_break + 1, closing.start() - 1)]
    fm_lines = fm_text.split("\n") if closing.start() > first_break + 1 else []
    body = text[closing.end() + 1:]
    meta = load_yaml(path, fm_text, problems)
    return meta, key_lines(fm_text), body, len(fm_lines) + 3, fm_lines


def load_yaml(path: str, fm_text: str, problems: list[Problem]) -> dict:
    """Front matter as a mapping with string keys; anything unusable becomes a problem and ``{}``."""
    if not fm_text.strip():
        return {}
    plain = read_plain_front_matter(fm_text)  # most front matter: no PyYAML at all
    if plain is not None:
        return plain
    if nesting_depth(fm_text) > MAX_YAML_DEPTH:
        problems.append(error(path, 2, "yaml-too-complex",
                              f"front matter nests deeper than {MAX_YAML_DEPTH} levels; ignored"))
        return {}
    yaml, handler, loader = yaml_loader()
    try:
        meta = handler.load(fm_text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        last_line = fm_text.count("\n") + 2
        line = min(mark.line + 2, last_line) if mark else 2
        what = exc.problem or exc.context or "cannot be read"
        if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in str(exc):
            problems.append(error(path, line, "yaml-unsafe-tag", f"front matter uses a tag vaultkit will not load: {what}"))
        else:
            problems.append(error(path, line, "yaml-invalid", f"invalid YAML in front matter: {what}"))
        return {}
    except (yaml.YAMLError, ValueError, TypeError, RecursionError, OverflowError) as exc:
        problems.append(error(path, 2, "yaml-invalid", f"invalid YAML in front matter: {exc}"))
        return {}
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        problems.append(error(path, 2, "frontmatter-not-mapping",
                              f"front matter must be 'key: value' lines, not a "
                              f"{'list' if isinstance(meta, list) else 'single value'}; ignored"))
        return {}
    if not within_budget(meta, MAX_YAML_NODES):
        problems.append(error(path, 2, "yaml-too-complex",
                              f"front matter expands to more than {MAX_YAML_NODES} values (anchors and aliases?); ignored"))
        return {}
    return {shown_key(k): v for k, v in meta.items()}


def nesting_depth(fm_text: str) -> int:
    """An upper bound on how deep YAML text nests: its flow brackets, or the indentation and block
    markers (``- - -``) opening a line. Checked before parsing: too deep crashes libyaml, no exception."""
    flow = max(accumulate(1 if char in "[{" else -1 for char in _FLOW_BRACKETS.findall(fm_text)), default=0)
    block = max(map(len, _BLOCK_LEAD.findall(fm_text)), default=0)
    return max(flow, block)


def shown_key(key: object) -> str:
    return key if isinstance(key, str) else shown(key).strip("'")


def within_budget(value: object, budget: int) -> bool:
    """Walk the loaded YAML, counting values including every alias expansion, up to ``budget``."""
    stack = [value]
    seen = 0
    while stack:
        item = stack.pop()
        seen += 1
        if seen > budget:
            return False
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set)):
            stack.extend(item)
    return True


def key_lines(fm_text: str) -> dict[str, int]:
    """File line of each top-level key (front matter starts on file line 2)."""
    lines: dict[str, int] = {}
    for number, line in enumerate(fm_text.split("\n"), 2):
        key = top_key(line)
        if key is not None:
            lines.setdefault(key, number)
    return lines


def top_key(line: str) -> str | None:
    """The key a front matter line opens at the top level (``key:``, ``"key":``, ``'key':``).

    Written out rather than as one regular expression: a lazy match of the key took time
    quadratic in a run of spaces (minutes for one long line)."""
    if not line:
        return None
    if line[0] in "\"'":
        match = _QUOTED_KEY_RE.match(line)
        return next(g for g in match.groups() if g is not None).strip() if match else None
    if line[0].isspace() or line[0] in "#-?:":
        return None
    colon = line.find(":")
    if colon < 0 or (colon + 1 < len(line) and not line[colon + 1].isspace()):
        return None
    return line[:colon].strip()
