"""LinkedIn's ``Connections.csv`` (Settings > Data privacy > Get a copy of your data) -> people.

The export starts with a few ``Notes:`` lines before the header row
``First Name,Last Name,URL,Email Address,Company,Position,Connected On``; it may carry a
UTF-8 BOM and CRLF line ends, and leaves ``Email Address`` empty for most people.
Older exports have no ``URL`` column; columns are found by their header names.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

from vaultkit.interchange.person import ImportFileError, Person, clean, read_bytes
from vaultkit.problems import Problem, warning

COLUMNS = {
    "first": "first name",
    "last": "last name",
    "url": "url",
    "email": "email address",
    "company": "company",
    "position": "position",
    "connected": "connected on",
}
MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def read_linkedin(path: Path) -> tuple[list[Person], list[Problem]]:
    """The people of a LinkedIn connections export; rows that cannot be used are problems.

    Raises ImportFileError when the file is missing, not UTF-8 or has no LinkedIn header row.
    """
    data = read_bytes(path, "LinkedIn export")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFileError(f"{path}:{line}: not UTF-8 text, so not a LinkedIn export") from None
    rows = _rows(text, path)
    header_at = next((i for i, (_, row) in enumerate(rows) if _is_header(row)), None)
    if header_at is None:
        raise ImportFileError(f"{path}: not a LinkedIn connections export "
                              f"(no 'First Name,Last Name,...' header row)")
    where = _column_positions(rows[header_at][1])
    people: list[Person] = []
    problems: list[Problem] = []
    for line, row in rows[header_at + 1:]:
        if not any(cell.strip() for cell in row):
            continue
        person = _person(row, where, line, str(path), problems)
        if person is not None:
            people.append(person)
    return people, problems


def _rows(text: str, path: Path) -> list[tuple[int, list[str]]]:
    """CSV rows with the line each starts on (quoted cells may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    start = 1
    try:
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(f"{path}:{reader.line_num}: not readable as CSV ({exc})") from None
    return rows


def _is_header(row: list[str]) -> bool:
    cells = {cell.strip().casefold() for cell in row}
    return COLUMNS["first"] in cells and COLUMNS["last"] in cells


def _column_positions(header: list[str]) -> dict[str, int]:
    positions = {cell.strip().casefold(): index for index, cell in reversed(list(enumerate(header)))}
    return {key: positions[title] for key, title in COLUMNS.items() if title in positions}


def _person(row: list[str], where: dict[str, int], line: int, path: str, problems: list[Problem]) -> Person | None:
    def cell(key: str) -> str | None:
        index = where.get(key)
        return clean(row[index]) if index is not None and index < len(row) else None

    name = " ".join(part for part in (cell("first"), cell("last")) if part)
    if not name:
        problems.append(warning(path, line, "no-name", "a row without a first or last name; skipped"))
        return None
    day = None
    connected = cell("connected")
    if connected:
        day = parse_connected_on(connected)
        if day is None:
            problems.append(warning(path, line, "bad-date",
                                    f"'Connected On' {connected!r} is not a date; {name} is imported without a connection date"))
    email = cell("email")
    return Person(name=name, line=line, source="linkedin", company=cell("company"), role=cell("position"),
                  linkedin=cell("url"), emails=(email,) if email else (), connected=day)


def parse_connected_on(text: str) -> dt.date | None:
    """LinkedIn's ``05 Nov 2026`` (any language setting in English), ``11/5/26`` (US, as Excel
    saves it), ``11/05/2026`` or ISO ``2026-11-05``; None for anything else."""
    text = text.strip()
    try:
        if match := re.fullmatch(r"(\d{1,2})[ -]([A-Za-z]{3})[A-Za-z]*\.?[\s,-]+(\d{4})", text):
            day, month, year = int(match[1]), MONTHS.get(match[2].casefold()), int(match[3])
            return dt.date(year, month, day) if month else None
        if match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", text):
            year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
            return dt.date(year, int(match[1]), int(match[2]))
        return dt.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None
