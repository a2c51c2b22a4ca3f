"""The built-in note templates, per language, and filling Obsidian's ``{{title}}``/``{{date}}``/``{{time}}``.

The templates are the ones ``init`` writes into ``Templates/`` (usable by Obsidian's core
Templates plugin as they are) and the ones ``new`` falls back on. Front matter keys and values
stay English in every language, since they are what vaultkit reads; headings and file names
follow the language (``Di``/``Pedí``/``Registro`` are recognised like ``Gave``/``Asked``/``Log``).
"""

from __future__ import annotations

import datetime as dt
import re

KINDS = ("contact", "meeting", "goal")
FOLDER_KEYS = {"contact": "contacts", "meeting": "interactions", "goal": "goals"}
TEMPLATES_FOLDER = "Templates"

WORDS = {
    "en": {
        "contact": "Contact", "meeting": "Meeting", "goal": "Goal",
        "gave": "Gave", "asked": "Asked", "log": "Log", "notes": "Notes",
        "channel": "meeting",
    },
    "es": {
        "contact": "Contacto", "meeting": "Reunión", "goal": "Objetivo",
        "gave": "Di", "asked": "Pedí", "log": "Registro", "notes": "Notas",
        "channel": "reunión",
    },
}

CONTACT = """\
---
type: contact
aliases: []
company:
role:
email:
phone:
linkedin:
location:
tags: []
met:
met_at:
strengths: []
interests: []
goals: []
status:
snooze_until:
last_contact:
cadence:
tier:
created: {{{{date}}}}
---
![[{output}/Balance/{{{{title}}}}]]

## {notes}
"""

MEETING = """\
---
type: meeting
date: {{{{date}}}}
with: []
channel:
goals: []
---
## {gave}

## {asked}

## {notes}
"""

GOAL = """\
---
type: goal
metric:
target:
start: {{{{date}}}}
deadline:
status: active
review: weekly
---
## {log}
"""

TEXTS = {"contact": CONTACT, "meeting": MEETING, "goal": GOAL}


def words(language: str) -> dict[str, str]:
    return WORDS.get(language, WORDS["en"])


def template_text(kind: str, language: str, output_folder: str) -> str:
    """The built-in template for ``kind`` (contact, meeting, goal), placeholders left in."""
    return TEXTS[kind].format(output=output_folder, **words(language))


def template_file(kind: str, language: str) -> str:
    """The name ``init`` gives the template of ``kind``: ``Contact.md``, ``Contacto.md``..."""
    return words(language)[kind] + ".md"


def template_files(kind: str, language: str) -> tuple[str, ...]:
    """Names ``new`` looks for, the configured language's first."""
    names = [template_file(kind, language)] + [template_file(kind, other) for other in WORDS]
    return tuple(dict.fromkeys(names))


# Obsidian's placeholders: {{title}}, {{date}}, {{time}}, and {{date:FORMAT}} / {{time:FORMAT}}
# with a moment.js format. The common moment tokens are supported; [text] is literal.
PLACEHOLDER_RE = re.compile(r"\{\{\s*(title|date|time)\s*(?::([^}]*))?\}\}", re.IGNORECASE)
MOMENT_RE = re.compile(r"\[([^\]]*)\]|YYYY|YY|MMMM|MMM|MM|M|DD|D|dddd|ddd|HH|H|hh|h|mm|ss|A|a")
DEFAULT_FORMATS = {"date": "YYYY-MM-DD", "time": "HH:mm"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def fill(template: str, title: str, when: dt.datetime) -> str:
    """``template`` with Obsidian's placeholders replaced by ``title`` and the moment ``when``."""

    def replace(match: re.Match) -> str:
        name = match.group(1).lower()
        if name == "title":
            return title
        return moment_format(when, (match.group(2) or "").strip() or DEFAULT_FORMATS[name])

    return PLACEHOLDER_RE.sub(replace, template)


def moment_format(when: dt.datetime, pattern: str) -> str:
    """``when`` in a moment.js ``pattern`` (``YYYY-MM-DD``, ``HH:mm``, ``dddd D MMMM``...)."""
    hour12 = when.hour % 12 or 12
    tokens = {
        "YYYY": f"{when.year:04d}", "YY": f"{when.year % 100:02d}",
        "MMMM": MONTHS[when.month - 1], "MMM": MONTHS[when.month - 1][:3],
        "MM": f"{when.month:02d}", "M": str(when.month), "DD": f"{when.day:02d}", "D": str(when.day),
        "dddd": WEEKDAYS[when.weekday()], "ddd": WEEKDAYS[when.weekday()][:3],
        "HH": f"{when.hour:02d}", "H": str(when.hour), "hh": f"{hour12:02d}", "h": str(hour12),
        "mm": f"{when.minute:02d}", "ss": f"{when.second:02d}",
        "A": "AM" if when.hour < 12 else "PM", "a": "am" if when.hour < 12 else "pm",
    }
    return MOMENT_RE.sub(lambda m: m.group(1) if m.group(1) is not None else tokens[m.group(0)], pattern)
