"""``Problems.md``: every problem, with a link to its note."""

from __future__ import annotations

from vaultkit.i18n import words
from vaultkit.model import Vault
from vaultkit.pages.naming import OutputNames
from vaultkit.problems import ERROR, WARNING, count
from vaultkit.render import Page, link, page, text


def render(vault: Vault, names: OutputNames, shared) -> Page:
    say = words(vault.config.language)
    problems = shared.problems
    if not problems:
        return Page(names.problems, page(say("problems.title"), None, say("problems.none")))
    lines = [say("problems.summary", errors=count(problems, ERROR), warnings=count(problems, WARNING)), ""]
    for problem in problems:
        where = link(problem.path) if problem.path.lower().endswith(".md") else f"`{text(problem.path)}`"
        lines.append(f"- {where} {say('problems.line', line=problem.line)}: "
                     f"{problem.severity}[{problem.code}] {text(problem.message)}")
    return Page(names.problems, page(say("problems.title"), None, "\n".join(lines)))
