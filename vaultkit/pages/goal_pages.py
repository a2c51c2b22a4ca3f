"""``Goals.md`` and one page per goal: value, expected, state, pace, review, what moved it."""

from __future__ import annotations

from vaultkit.i18n import words
from vaultkit.model import GoalProgress, Vault
from vaultkit.goals import PACED
from vaultkit.pages.common import contact_link, goal_link, percent, state_text
from vaultkit.pages.naming import OutputNames
from vaultkit.render import Page, cell, link, page, table, text, xychart
from vaultkit.reports.goal_chart import progress_series


def _ordered(vault: Vault) -> list[GoalProgress]:
    """Active goals first, then by deadline and title."""
    return sorted(vault.progress.values(),
                  key=lambda p: (not p.goal.active, p.goal.deadline or p.goal.start or vault.today, p.goal.title))


def review_text(vault: Vault, progress: GoalProgress) -> str:
    say = words(vault.config.language)
    if progress.next_review is None or not progress.goal.active:
        return say("review.never") if progress.goal.review is None else "—"
    key = "review.due" if progress.review_due(vault.today) else "review.ok"
    return say(key, date=say.date(progress.next_review))


def overview(vault: Vault, names: OutputNames, _shared=None) -> Page:
    say = words(vault.config.language)
    if not vault.goals:
        return Page(names.goals, page(say("goals.title"), vault.today, say("goals.none")))
    rows = []
    for progress in _ordered(vault):
        goal = progress.goal
        rows.append([
            link(names.vault_path(names.goal_pages[goal.path]), goal.title, table=True),
            cell(say(f"metric.{goal.metric}") if goal.measurable else say("metric.none")),
            cell(f"{say.number(progress.value)} / {say.number(goal.target)} ({percent(say, progress.value, goal.target)})"
                 if goal.measurable else say.number(progress.value)),
            cell(say.number(progress.expected) if progress.expected is not None else "—"),
            cell(state_text(say, progress) or "—"),
            cell(say.date(goal.deadline) if goal.deadline else "—"),
            cell(review_text(vault, progress)),
        ])
    headers = [say(k) for k in ("col.goal", "col.metric", "col.progress", "col.expected", "col.state",
                                "col.deadline", "col.review")]
    body = [table(headers, rows)]
    active = [g for g in vault.goals.values() if g.active]
    if len(active) > vault.config.max_active_goals:
        body.append("> [!warning]\n> " + say("goals.too_many", count=len(active), limit=vault.config.max_active_goals))
    vague = [g for g in vault.goals.values() if not g.measurable]
    if vague:
        body.append("> [!warning]\n> " + say("goals.not_measurable",
                                                goals=", ".join(goal_link(vault, g.path) for g in vague)))
    return Page(names.goals, page(say("goals.title"), vault.today, "\n\n".join(body)))


def goal_page(vault: Vault, names: OutputNames, goal: str) -> Page:
    """One goal's page: value, expected, state, pace, review, chart, what moved it."""
    return _goal_page(vault, names, vault.progress[goal])


def _goal_page(vault: Vault, names: OutputNames, progress: GoalProgress) -> Page:
    say = words(vault.config.language)
    goal = progress.goal
    facts = [f"- {goal_link(vault, goal.path)}"]
    if goal.measurable:
        unit = say(f"metric.{goal.metric}")
        facts.append("- " + say("goal.value", value=say.number(progress.value), target=say.number(goal.target),
                                unit=unit, percent=percent(say, progress.value, goal.target)))
    else:
        facts.append("- " + say("metric.none"))
    if progress.expected is not None:
        facts.append("- " + say("goal.expected", date=say.date(vault.today), expected=say.number(progress.expected)))
    if progress.state is not None:
        facts.append("- " + say("goal.state", state=state_text(say, progress)))
    if goal.start and goal.deadline:
        facts.append("- " + say("goal.window", start=say.date(goal.start), deadline=say.date(goal.deadline)))
    if goal.measurable and progress.state in PACED:
        facts.append("- " + (say("goal.projected", date=say.date(progress.projected)) if progress.projected
                             else say("goal.projected_never")))
    facts.append("- " + say("goal.review", review=review_text(vault, progress)))
    body = ["\n".join(facts)]
    series = progress_series(vault, goal)
    if series is not None:
        body.append(f"## {say('goal.chart')}")
        body.append(xychart(say("goal.chart_title", title=goal.title),
                            [say.day_month(d) for d in series.days],
                            [(say("goal.chart_actual"), list(series.actual)),
                             (say("goal.chart_target"), list(series.target_line))],
                            max(goal.target, *series.actual)).rstrip())
    body.append(f"## {say('goal.interactions')}")
    by_id = {i.id: i for i in vault.interactions_for(goal.path)}
    moved = [by_id[i] for i in progress.interactions]
    body.append("\n".join(f"- {say.date(i.date)} {link(i.source.path, i.title)}"
                          + (f" ({text(i.channel)})" if i.channel else "") for i in moved) or say("goal.nothing"))
    body.append(f"## {say('goal.contacts')}")
    body.append("\n".join(f"- {contact_link(vault, c)}" for c in sorted(progress.contacts, key=vault.name))
                or say("goal.nothing"))
    if goal.log:
        body.append(f"## {say('goal.log')}")
        body.append("\n".join(f"- {say.date(e.date)}: {say.number(e.value)} {text(e.comment)}".rstrip()
                              for e in goal.log))
    return Page(names.goal_pages[goal.path], page(goal.title, vault.today, "\n\n".join(body)))
