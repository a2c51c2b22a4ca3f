"""Markdown building blocks for written pages: escaping, links, tables, front matter."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from dataclasses import dataclass

GENERATED = "generated"


@dataclass(frozen=True)
class Page:
    """A page vaultkit writes: its path inside the output folder (POSIX) and its full text."""

    path: str
    text: str


def front_matter(today: dt.date | None) -> str:
    """``vaultkit: generated``, and ``as_of`` for a page whose text depends on the date (None: it does not)."""
    as_of = f"as_of: {today.isoformat()}\n" if today is not None else ""
    return f"---\nvaultkit: {GENERATED}\n{as_of}---\n"


WIKILINK_UNSAFE = re.compile(r"[\[\]|#^]")
WIKILINK_TEXT = re.compile(r"!?\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]")
_NEEDS_ESCAPING = re.compile(r"[&<>%$#]|\s\s|[^\S ]|^ | $")  # what ``text`` changes
TAG_START = re.compile(r"(?<![\w&/\\])#(?=[^\s#])")


def text(value: object) -> str:
    """User text made safe for one line of Markdown.

    Newlines fold to spaces; HTML, tags (``#x`` would add a tag to the page), comments
    (``%%``) and math (``$``) are escaped, so a note's text can never break a page.
    """
    out = str(value)
    if not _NEEDS_ESCAPING.search(out):
        return out
    out = " ".join(out.split())
    out = out.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = out.replace("%%", "%&#37;").replace("$", "\\$")
    return TAG_START.sub("\\\\#", out) if "#" in out else out


def plain_links(value: str) -> str:
    """``[[Ana García|Ana]] and [[Luis]]`` -> ``Ana and Luis`` (for link labels)."""
    if "[[" not in value:
        return value
    return WIKILINK_TEXT.sub(lambda m: (m.group(2) or m.group(1).split("#")[0]).strip(), value)


def cell(value: object) -> str:
    """``text`` for a table cell: pipes escaped too."""
    return text(value).replace("|", "\\|")


@lru_cache(maxsize=1 << 16)
def link(path: str, shown: str | None = None, table: bool = False) -> str:
    """A link Obsidian resolves to the vault file at ``path`` (with its ``.md``).

    A wikilink with the full vault path; a path holding characters a wikilink cannot carry
    gets a URL-encoded Markdown link instead.
    """
    target = path[:-3] if path.lower().endswith(".md") else path
    label = text(plain_links(shown if shown is not None else target.rsplit("/", 1)[-1]))
    label = label.replace("[", "(").replace("]", ")").replace("|", "/")
    if WIKILINK_UNSAFE.search(target):
        from urllib.parse import quote

        return f"[{label}]({quote(path)})"
    separator = "\\|" if table else "|"
    return f"[[{target}{separator}{label}]]"


def table(headers: list[str], rows: list[list[str] | str]) -> str:
    """A Markdown table; cells must already be table-safe (``cell``, ``link(..., table=True)``).
    A row may come made already (``table_row``)."""
    lines = [table_row(headers), "|" + "|".join("---" for _ in headers) + "|"]
    lines += [row if isinstance(row, str) else table_row(row) for row in rows]
    return "\n".join(lines) + "\n"


def table_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def number(value: float) -> str:
    """``3`` for whole numbers, ``2.5`` otherwise (no locale: Mermaid data; pages use ``i18n.Words.number``)."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"


CHART_COLOURS = ("#1b7f3b", "#9a9a9a")  # green, grey: the title names them


def xychart(title: str, labels: list[str], series: list[tuple[str, list[float]]], y_max: float) -> str:
    """A Mermaid ``xychart-beta`` block of line series (Obsidian renders Mermaid natively).

    Series take the colours of ``CHART_COLOURS`` in order (xychart has no legend).
    """
    quoted = ", ".join(f'"{label}"' for label in labels)
    palette = ", ".join(CHART_COLOURS[: len(series)])
    init = '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "' + palette + '"}}}}%%'
    lines = ["```mermaid", init, "xychart-beta", f'    title "{_mermaid_text(title)}"', f"    x-axis [{quoted}]",
             f"    y-axis 0 --> {number(y_max)}"]
    lines += [f"    line [{', '.join(number(v) for v in values)}]" for _name, values in series]
    lines.append("```")
    return "\n".join(lines) + "\n"


def _mermaid_text(value: str) -> str:
    return " ".join(value.split()).replace('"', "'")


def page(title: str, today: dt.date | None, body: str) -> str:
    """A whole page: generated front matter (``today``: the date it shows things for, None for a
    page whose text does not depend on it), a title, the body; one trailing newline."""
    return f"{front_matter(today)}\n# {text(title)}\n\n{body.strip()}\n"
