"""Every user-facing word of the written pages and terminal views, by language.

A second language is a second table: keys missing from it fall back to English.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

EN: dict[str, str] = {
    # page titles and sections
    "followups.title": "Follow-ups",
    "goals.title": "Goals",
    "balance.title": "Give before you ask",
    "dashboard.title": "Dashboard",
    "problems.title": "Problems",
    "group.overdue": "Overdue",
    "group.today": "Today",
    "group.next_7_days": "Next 7 days",
    "group.later": "Later",
    "group.undated": "Undated",
    "followups.summary": "{overdue} overdue, {today} today, {soon} in the next 7 days, {later} later, {undated} undated.",
    "followups.none": "Nothing to follow up. Well done.",
    # follow-up reasons
    "reason.task": "task",
    "reason.follow_up": "follow up",
    "reason.cadence": "keep in touch",
    "reason.new_contact": "new contact",
    "reason.awaiting_reply": "awaiting reply",
    "reason.goal_review": "goal review",
    "reason.upcoming": "upcoming",
    "why.task": "{text}",
    "why.follow_up": "follow up on {text}",
    "why.cadence": "every {cadence}, last contact {last}",
    "why.cadence_never": "every {cadence}, never contacted",
    "why.new_contact": "met {met}: follow up while it is warm",
    "why.awaiting_reply": "no reply yet to {text} ({date})",
    "why.goal_review": "review {text}",
    "why.upcoming": "prepare for {text}",
    "due.overdue": "due {date}, {days} days overdue",
    "due.overdue_one": "due {date}, 1 day overdue",
    "due.today": "due today",
    "due.future": "due {date}",
    "due.none": "no date",
    # context
    "context.last": "last: {link} ({channel}, {date})",
    "context.last_no_channel": "last: {link} ({date})",
    "context.never": "no interaction yet",
    "context.balance": "balance {balance}",
    "context.goals": "goals: {goals}",
    "context.interests": "interests: {interests}",
    "context.asks": "your asks: {asks}",
    "context.source": "from {link}, line {line}",
    # balance
    "balance.summary": "{people} people helped · {given} given · {asked} asked",
    "balance.none": "No gives or asks recorded yet.",
    "verdict.give_more": "You give more.",
    "verdict.even": "Even.",
    "verdict.asked_more": "You have asked more: give first next time.",
    "suggest.interests": "Give first: they care about {interests}; an article, an intro or an event on one of those would do.",
    "suggest.strengths": "Give first: they are strong in {strengths}; ask how you could help with what they are building.",
    "suggest.none": "Give first: add `interests:` to their note to get ideas.",
    "col.contact": "Contact",
    "col.given": "Given",
    "col.asked": "Asked",
    "col.balance": "Balance",
    "col.verdict": "Verdict",
    "col.date": "Date",
    "col.kind": "Kind",
    "col.what": "What",
    "col.weight": "Weight",
    "col.running": "Running",
    "col.source": "Source",
    "kind.give": "give",
    "kind.ask": "ask",
    "balance.ledger": "Ledger",
    "balance.back": "Back to {link}",
    # goals
    "col.goal": "Goal",
    "col.metric": "Metric",
    "col.progress": "Progress",
    "col.expected": "Expected",
    "col.state": "State",
    "col.deadline": "Deadline",
    "col.review": "Review",
    "state.achieved": "achieved",
    "state.ahead": "ahead",
    "state.on track": "on track",
    "state.behind": "behind",
    "state.missed": "missed",
    "metric.interactions": "interactions",
    "metric.contacts": "contacts",
    "metric.new_contacts": "new contacts",
    "metric.gives": "gives",
    "metric.manual": "manual",
    "metric.none": "not measurable",
    "status.active": "active",
    "status.achieved": "achieved",
    "status.paused": "paused",
    "status.dropped": "dropped",
    "review.due": "due {date}",
    "review.ok": "next {date}",
    "review.never": "never",
    "goals.none": "No goals yet. Keep about four, measurable, with a six-month horizon.",
    "goals.too_many": "{count} active goals: keep at most {limit}. Pause or drop one.",
    "goals.not_measurable": "Not measurable (set `metric` and `target`): {goals}",
    "goal.value": "**{value} / {target}** {unit} ({percent}%)",
    "goal.expected": "Expected by {date}: {expected}",
    "goal.state": "State: **{state}**",
    "goal.window": "Window: {start} to {deadline}",
    "goal.projected": "At the current pace, reached on {date}",
    "goal.projected_never": "At the current pace: no progress yet",
    "goal.review": "Review: {review}",
    "goal.chart": "Progress",
    "goal.chart_title": "{title}: actual (green) against the target line (grey)",
    "goal.chart_actual": "actual",
    "goal.chart_target": "target line",
    "goal.interactions": "Interactions that moved it",
    "goal.contacts": "People",
    "goal.log": "Log",
    "goal.nothing": "Nothing yet.",
    # dashboard
    "dashboard.goals": "Goals",
    "dashboard.followups": "Top follow-ups",
    "dashboard.more": "All follow-ups: {link}",
    "dashboard.balance": "Give and ask",
    "dashboard.replies": "Reply rate by channel",
    "dashboard.events": "Events scorecard",
    "dashboard.problems": "Problems",
    "dashboard.problems_count": "{errors} errors and {warnings} warnings: {link}",
    "dashboard.no_problems": "No problems.",
    "dashboard.no_outreach": "No outreach with an `outcome` yet.",
    "dashboard.no_events": "No events yet.",
    "col.channel": "Channel",
    "col.replied": "Replied",
    "col.awaiting": "Awaiting",
    "col.no_reply": "No reply",
    "col.rate": "Reply rate",
    "col.event": "Event",
    "col.met": "People met",
    "col.followed": "Met again",
    "channel.none": "(none)",
    # problems
    "problems.summary": "{errors} errors, {warnings} warnings.",
    "problems.none": "No problems found.",
    "problems.line": "line {line}",
    # terminal
    "cli.built": "built {pages} pages: {written} written, {unchanged} unchanged, {deleted} deleted; {problems} problems",
    "cli.kept": "kept your edited {page} as {copy}",
}

TABLES: dict[str, dict[str, str]] = {"en": EN}


@lru_cache(maxsize=8)
def words(language: str) -> Callable[..., str]:
    """``words("en")("group.today")`` -> "Today"; keyword arguments fill the placeholders."""
    table = TABLES.get(language, EN)

    def say(key: str, **values: object) -> str:
        template = table.get(key, EN[key])
        return template.format(**values) if values else template

    return say
