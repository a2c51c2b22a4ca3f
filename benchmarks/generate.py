"""A synthetic vault for benchmarks: ``python benchmarks/generate.py OUT --notes 20000``.

Deterministic for a given seed: contacts (plain and kepano-style), meetings, calls and
outreach with gives, asks, tasks and links, goals, daily notes and ordinary notes, in
roughly the proportions of a real networking vault kept for years.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

FIRST = ["Ana", "Luis", "María", "José", "Priya", "Tom", "Sofía", "Diego", "Rachel", "Marcus", "Hannah", "Camila",
         "Ben", "Grace", "Daniel", "Elena", "Joaquín", "Aiko", "Noah", "Fatima", "Lucas", "Chloé", "Omar", "Ingrid"]
LAST = ["García", "Fernández", "Núñez", "Ortega", "Raman", "Becker", "Herrera", "Ramírez", "Kim", "Oyelaran",
        "Whitfield", "Rojas", "Carter", "Liu", "Okafor", "Vidal", "Tanaka", "Müller", "Haddad", "Silva", "Dubois"]
COMPANIES = ["Acme Robotics", "Verdant Grid", "Heliotrope Energy", "CarbonLedger", "Tidewater", "Alba Ventures"]
INTERESTS = ["solar forecasting", "trail running", "open data", "board games", "battery storage", "jazz piano",
             "mentoring", "grid balancing", "podcasting", "climbing", "sourdough", "API design"]
CHANNELS = ["meeting", "call", "email", "linkedin", "message"]
GIVES = ["Intro to {other} for their hiring", "Sent my notes on {topic}", "Reviewed their draft on {topic}",
         "Shared a job lead in {topic}", "Recommended a book on {topic}"]
ASKS = ["Feedback on my CV", "An intro to someone at {company}", "Their view on {topic}", "A referral at {company}"]
PROSE = ("We talked about what is changing in {topic} and who is hiring. They mentioned a conference in spring "
         "and a project at {company} that could use help. Agreed to stay in touch and to share notes.")


def generate(root: Path, notes: int, seed: int = 7, today: dt.date = dt.date(2026, 11, 22)) -> dict[str, int]:
    """Write about ``notes`` notes under ``root``; returns how many of each kind."""
    rng = random.Random(seed)
    contacts = max(10, notes // 5)
    goals = 4
    daily = notes // 10
    other = notes // 20
    meetings = max(10, notes - contacts - goals - daily - other)
    names = _names(rng, contacts)
    goal_titles = [f"Goal {i + 1} for the network" for i in range(goals)]
    for i, name in enumerate(names):
        kepano = i % 7 == 0
        folder = "People" if kepano else "Contacts"
        front = ['categories: ["[[People]]"]' if kepano else "type: contact",
                 f"{'org' if kepano else 'company'}: {rng.choice(COMPANIES)}",
                 f"met: {today - dt.timedelta(days=rng.randint(1, 1500))}",
                 f"cadence: {rng.choice(['30d', '2w', '3m', 'quarterly', 'yearly'])}" if i % 3 else f"tier: {rng.choice('ABCD')}",
                 f"interests: [{', '.join(rng.sample(INTERESTS, 2))}]"]
        if i % 11 == 0:
            front.append(f'goals: ["[[{rng.choice(goal_titles)}]]"]')
        _write(root / folder / f"{name}.md", front, f"{name} works at a company we both know.\n")
    for i, title in enumerate(goal_titles):
        metric = ["interactions", "new_contacts", "gives", "manual"][i % 4]
        front = ["type: goal", f"metric: {metric}", "target: 40", f"start: {today - dt.timedelta(days=90)}",
                 f"deadline: {today + dt.timedelta(days=90)}", "review: weekly", f"last_review: {today - dt.timedelta(days=3)}"]
        body = "## Log\n" + "".join(f"- {today - dt.timedelta(days=d)}: {d % 5} entry\n" for d in range(10, 80, 10))
        _write(root / "Goals" / f"{title}.md", front, body)
    for i in range(meetings):
        day = today - dt.timedelta(days=rng.randint(-10, 1000))
        people = rng.sample(names, rng.choice([1, 1, 1, 2, 3]))
        channel = rng.choice(CHANNELS)
        front = [f"type: {channel}", f"date: {day}", "with: [" + ", ".join(f'"[[{p}]]"' for p in people) + "]"]
        if channel in ("email", "linkedin", "message"):
            front.append(f"outcome: {rng.choice(['replied', 'replied', 'awaiting', 'no-reply'])}")
        if i % 9 == 0:
            front.append(f'goals: ["[[{rng.choice(goal_titles)}]]"]')
        topic, company = rng.choice(INTERESTS), rng.choice(COMPANIES)
        body = PROSE.format(topic=topic, company=company) + "\n"
        if i % 2 == 0:
            other_person = rng.choice(names)
            body += "\n## Gave\n- " + rng.choice(GIVES).format(other=f"[[{other_person}]]", topic=topic) + "\n"
        if i % 3 == 0:
            body += "\n## Asked\n- " + rng.choice(ASKS).format(company=company, topic=topic) + "\n"
        if i % 5 == 0:
            body += f"\n- [ ] Send the follow-up to [[{people[0]}]] 📅 {day + dt.timedelta(days=7)}\n"
        if i % 13 == 0:
            body += f"\n```\n- [ ] not a task [[{people[0]}]]\n```\n"
        _write(root / "Meetings" / f"{day} {channel} {i}.md", front, body)
    for i in range(daily):
        day = today - dt.timedelta(days=i)
        person = rng.choice(names)
        tag = rng.choice(["#met", "#call", "#gave", "#asked", ""])
        body = f"# {day}\n\n- Worked on the quarterly plan\n- Spoke with [[{person}]] {tag}\n- Read about {rng.choice(INTERESTS)}\n"
        (root / "Daily").mkdir(parents=True, exist_ok=True)
        (root / "Daily" / f"{day}.md").write_text(body, encoding="utf-8")
    for i in range(other):
        (root / "Notes").mkdir(parents=True, exist_ok=True)
        (root / "Notes" / f"Idea {i}.md").write_text(f"# Idea {i}\n\n{PROSE.format(topic='ideas', company='x')}\n"
                                                   f"See [[{rng.choice(names)}]].\n", encoding="utf-8")
    return {"contacts": contacts, "goals": goals, "interactions": meetings, "daily": daily, "other": other}


def compile_vaultkit() -> None:
    """Compile vaultkit to bytecode, as ``pip install`` does: where ``PYTHONDONTWRITEBYTECODE``
    is set, every timed process would otherwise compile each module it imports again."""
    import compileall

    import vaultkit

    compileall.compile_dir(Path(vaultkit.__file__).parent, quiet=1)


def _names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name.casefold() in seen:
            name = f"{name} {len(names)}"
        seen.add(name.casefold())
        names.append(name)
    return names


def _write(path: Path, front: list[str], body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + "\n".join(front) + "\n---\n" + body, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    counts = generate(args.out, args.notes, args.seed)
    print(f"wrote {sum(counts.values())} notes to {args.out}: {counts}")


if __name__ == "__main__":
    main()
