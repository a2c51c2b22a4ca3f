"""The pages a build writes, rendered from inline vaults: front matter, escaping, links, names,
goals, balance ledgers, problems, the dashboard, and determinism."""

from __future__ import annotations

import json
import re

import pytest
from conftest import TODAY, write_vault

from vaultkit.pages.parts import render_vault
from vaultkit.reports.followups import follow_ups
from vaultkit.vault import load_vault

FRONT = "---\nvaultkit: generated\nas_of: 2026-11-22\n---\n"
UNDATED = "---\nvaultkit: generated\n---\n"  # pages whose text does not depend on the date


def front_of(path: str) -> str:
    return UNDATED if path.startswith("Balance") or path == "Problems.md" else FRONT
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def render(vault) -> dict[str, str]:
    return {page.path: page.text for page in render_vault(vault, list(vault.problems))}


def tables(text: str) -> list[list[str]]:
    """Every Markdown table of a page: its lines, header first."""
    found, current = [], []
    for line in text.split("\n"):
        if line.startswith("|"):
            current.append(line)
        elif current:
            found.append(current)
            current = []
    if current:
        found.append(current)
    return found


def section(text: str, heading: str) -> str:
    """The lines under ``## heading`` up to the next ``## `` heading."""
    after = text.split(f"\n## {heading}\n", 1)[1]
    return after.split("\n## ", 1)[0]


def assert_tables_intact(pages: dict[str, str]) -> int:
    """Each table row has as many unescaped pipes as its header; returns how many rows were checked."""
    rows = 0
    for path, text in pages.items():
        for lines in tables(text):
            width = len(UNESCAPED_PIPE.findall(lines[0]))
            assert lines[1] == "|" + "|".join(["---"] * (width - 1)) + "|", path
            for line in lines[2:]:
                assert len(UNESCAPED_PIPE.findall(line)) == width, f"{path}: {line}"
                rows += 1
    return rows


# -- escaping ---------------------------------------------------------------------------------

LONG = " ".join(f"word{i}" for i in range(150))  # about 1,000 characters, no newline

ESCAPES = {
    "Contacts/Ana.md": """\
        ---
        type: contact
        name: "Ana | Bo"
        aliases: [anabo]
        interests: ["#climate", "open <data>"]
        ---
        """,
    "Contacts/Zed [x] #1.md": """\
        ---
        type: contact
        name: Zed
        aliases: [zed]
        ---
        """,
    "Meetings/Coffee.md": f"""\
        ---
        type: meeting
        date: 2026-11-10
        channel: "e|mail"
        outcome: replied
        with: ["[[anabo]]", "[[zed]]"]
        ---
        ## Gave
        - Sent <script>alert(1)</script>, a $5 voucher, #hashtag, 50%% off & more ]] [weight:: 2]
        - {LONG}
        - Intro to [[zed|Z]] for the team

        ## Asked
        - A | pipe ask

        ## Tasks
        - [ ] Send the deck ]] <script> #tag $5 📅 2026-11-20
        """,
}


def test_user_text_is_escaped_in_the_ledger_table(load):
    pages = render(load(ESCAPES))
    rows = tables(pages["Balance/Ana - Bo.md"])[0]
    assert rows[:2] == ["| Date | Kind | What | Weight | Running | Source |", "|---|---|---|---|---|---|"]
    assert rows[2] == ("| 2026-11-10 | give | Sent &lt;script&gt;alert(1)&lt;/script&gt;, a \\$5 voucher, \\#hashtag, "
                       "50%&#37; off &amp; more ]] | 2 | +2 | [[Meetings/Coffee\\|Coffee:9]] |")
    assert rows[3] == f"| 2026-11-10 | give | {LONG} | 1 | +3 | [[Meetings/Coffee\\|Coffee:10]] |"
    assert rows[4] == "| 2026-11-10 | ask | A \\| pipe ask | 1 | +2 | [[Meetings/Coffee\\|Coffee:14]] |"
    assert len(rows) == 5  # the intro links only Zed: it is his give, not Ana's


def test_a_wikilink_with_a_label_inside_a_table_cell_has_its_pipe_escaped(load):
    pages = render(load(ESCAPES))
    rows = tables(pages["Balance/Zed.md"])[0]
    assert rows[4] == "| 2026-11-10 | give | Intro to [[zed\\|Z]] for the team | 1 | +4 | [[Meetings/Coffee\\|Coffee:11]] |"


def test_no_table_is_broken_by_user_text(load):
    pages = render(load(ESCAPES))
    # ledgers of both contacts (3 and 4 rows), the overview (2), reply rates (1)
    assert assert_tables_intact(pages) == 10
    assert tables(pages["Dashboard.md"])[0][2] == "| e\\|mail | 1 | 0 | 0 | 100% |"
    assert tables(pages["Balance.md"])[0][2:] == [
        "| [[VaultKit/Balance/Ana - Bo\\|Ana / Bo]] | 3 | 1 | +2 | You give more. |",
        "| [[VaultKit/Balance/Zed\\|Zed]] | 4 | 1 | +3 | You give more. |",
    ]


def test_task_text_is_escaped_in_follow_up_lines(load):
    text = render(load(ESCAPES))["Follow-ups.md"]
    assert ("- **[[Contacts/Ana|Ana / Bo]]** · task: Send the deck ]] &lt;script&gt; \\#tag \\$5 (with Zed) · "
            "due 2026-11-20, 2 days overdue") in text.split("\n")  # one task for both: listed once
    assert "<script>" not in text
    assert "  - from [[Meetings/Coffee|Coffee]], line 17" in text.split("\n")


def test_no_raw_html_tags_or_math_anywhere(load):
    for path, text in render(load(ESCAPES)).items():
        assert "<script" not in text and "<data>" not in text, path
        assert re.search(r"(?<!\\)\$", text) is None, path
        assert re.search(r"(?<![\w&/\\])#(?=[^\s#])", text.replace("%23", "")) is None, path


def test_interests_are_escaped_in_the_context_line(load):
    text = render(load(ESCAPES))["Follow-ups.md"]
    assert "interests: \\#climate, open &lt;data&gt;" in text


def test_newlines_in_titles_and_items_are_folded(load):
    vault = load({
        "Contacts/Ana.md": '---\ntype: contact\nname: "Ana\\n& Co"\n---\n',
        "Meetings/M1.md": """\
            ---
            type: meeting
            title: "Line one\\nline two %% c %%"
            date: 2026-10-01
            with: ["[[Ana]]"]
            ---
            ## Gave
            - first line
              second line
            - [ ] call back
            """,
    })
    pages = render(vault)
    assert "Balance/Ana & Co.md" in pages
    assert pages["Balance/Ana & Co.md"].split("\n")[4] == "# Ana &amp; Co"
    assert tables(pages["Balance/Ana & Co.md"])[0][2] == (
        "| 2026-10-01 | give | first line second line | 1 | +1 | [[Meetings/M1\\|M1:8]] |")
    assert ("  - last: [[Meetings/M1|Line one line two %&#37; c %&#37;]] (meeting, 2026-10-01) · "
            "[[VaultKit/Balance/Ana & Co|balance +1]]") in pages["Follow-ups.md"].split("\n")


def test_a_contact_file_name_with_brackets_or_hash_gets_a_url_encoded_markdown_link(load):
    pages = render(load(ESCAPES))
    link = "[Zed](Contacts/Zed%20%5Bx%5D%20%231.md)"
    assert pages["Balance/Zed.md"].split("\n")[6] == f"{link} · Given 4 · Asked 1 · Balance **+3**"
    assert "(with Zed) · due" in pages["Follow-ups.md"]  # the task is Ana's and Zed's: listed once, with Ana
    assert "[[Contacts/Zed [x] #1" not in "".join(pages.values())


def test_every_page_starts_with_the_generated_front_matter(tmp_path):
    for n, files in enumerate((ESCAPES, NAMES, GOALS, LEDGER, DASHBOARD, {})):
        (tmp_path / str(n)).mkdir()
        vault = load_vault(write_vault(tmp_path / str(n), files), TODAY)
        for path, text in render(vault).items():
            assert text.startswith(front_of(path)), path
            assert text.endswith("\n") and not text.endswith("\n\n"), path


def test_as_of_is_the_vault_date_on_pages_that_depend_on_it(load):
    import datetime as dt

    pages = render(load(LEDGER, today=dt.date(2027, 1, 5)))
    dated = {path for path in pages if front_of(path) == FRONT}
    assert dated == {"Dashboard.md", "Follow-ups.md", "Goals.md"}
    assert all(pages[path].startswith("---\nvaultkit: generated\nas_of: 2027-01-05\n---\n") for path in dated)
    assert all(pages[path].startswith(UNDATED) for path in pages.keys() - dated)


# -- page names -------------------------------------------------------------------------------

NAMES = {
    "Contacts/Ana.md": "---\ntype: contact\n---\n",
    "People/ana.md": "---\ntype: contact\n---\n",
    "Contacts/Weird.md": """\
        ---
        type: contact
        name: 'a/b\\c:d*e?f"g<h>i|j'
        ---
        """,
    "Contacts/Con.md": "---\ntype: contact\nname: CON\n---\n",
    "Contacts/Lpt.md": "---\ntype: contact\nname: lpt1.txt\n---\n",
    "Contacts/Dots.md": "---\ntype: contact\nname: '..'\n---\n",
    "Meetings/M1.md": """\
        ---
        type: meeting
        date: 2026-10-01
        with: ["[[Contacts/Ana]]", "[[People/ana]]", "[[Weird]]", "[[Con]]", "[[Lpt]]", "[[Dots]]"]
        ---
        ## Gave
        - a book
        """,
    "Goals/G1.md": "---\ntype: goal\ntitle: 'Q1: ship/launch?'\nmetric: interactions\ntarget: 3\n"
                   "start: 2026-09-01\ndeadline: 2027-02-28\n---\n",
    "Goals/G2.md": "---\ntype: goal\ntitle: NUL\nmetric: interactions\ntarget: 3\n"
                   "start: 2026-09-01\ndeadline: 2027-02-28\n---\n",
}


def test_case_clashing_contacts_get_distinct_balance_pages(load):
    pages = render(load(NAMES))
    assert "Balance/Ana.md" in pages and "Balance/ana (2).md" in pages
    assert pages["Balance/Ana.md"].split("\n")[4] == "# Ana"
    assert pages["Balance/Ana.md"].split("\n")[6].startswith("[[Contacts/Ana|Ana]] · ")
    assert pages["Balance/ana (2).md"].split("\n")[4] == "# ana"
    assert pages["Balance/ana (2).md"].split("\n")[6].startswith("[[People/ana|ana]] · ")
    assert "[[VaultKit/Balance/ana (2)\\|ana]]" in pages["Balance.md"]


def test_unsafe_names_give_safe_page_paths(load):
    pages = render(load(NAMES))
    assert sorted(pages) == [
        "Balance.md",
        "Balance/Ana.md",
        "Balance/CON_.md",
        "Balance/a-b-c-d-e-f-g-h-i-j.md",
        "Balance/ana (2).md",
        "Balance/lpt1_.txt.md",
        "Balance/untitled.md",
        "Dashboard.md",
        "Follow-ups.md",
        "Goals.md",
        "Goals/NUL_.md",
        "Goals/Q1- ship-launch-.md",
        "Problems.md",
    ]
    reserved = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}
    for path in pages:
        for part in path.split("/"):
            assert not set(part) & set('\\:*?"<>|[]#^'), path
            assert part.split(".")[0].strip().casefold() not in reserved, path
            assert part == part.strip() and not part.endswith(".") and not part.startswith("."), path


def test_links_point_at_the_safe_page_names(load):
    pages = render(load(NAMES))
    assert "[[VaultKit/Goals/Q1- ship-launch-\\|Q1: ship/launch?]]" in pages["Goals.md"]
    assert "[[VaultKit/Goals/NUL_\\|NUL]]" in pages["Goals.md"]
    assert "[[VaultKit/Balance/a-b-c-d-e-f-g-h-i-j\\|a/b\\c:d*e?f\"g&lt;h&gt;i/j]]" in pages["Balance.md"]


# -- goals ------------------------------------------------------------------------------------

GOAL = "---\ntype: goal\ntitle: {title}\nmetric: {metric}\ntarget: {target}\nstart: {start}\ndeadline: {deadline}\n---\n"

GOALS = {
    "Contacts/Ana.md": "---\ntype: contact\n---\n",
    "Goals/Short.md": GOAL.format(title="Short", metric="interactions", target=181, start="2026-11-19",
                                  deadline="2027-05-19"),
    "Goals/Long.md": GOAL.format(title="Long", metric="contacts", target=4, start="2026-06-01", deadline="2026-12-31"),
    "Goals/Past.md": GOAL.format(title="Past", metric="interactions", target=2, start="2026-01-01",
                                 deadline="2026-03-31"),
    "Goals/Vibes.md": GOAL.format(title="Be nicer", metric="vibes", target=3, start="2026-09-01",
                                  deadline="2027-02-28"),
    "Goals/Vague.md": "---\ntype: goal\ntitle: Vague\n---\n",
    "Meetings/A.md": '---\ntype: meeting\ndate: 2026-11-20\nwith: ["[[Ana]]"]\ngoals: ["[[Short]]", "[[Long]]"]\n---\n',
    "Meetings/B.md": '---\ntype: meeting\ndate: 2026-11-22\nwith: ["[[Ana]]"]\ngoals: ["[[Short]]"]\n---\n',
}


def mermaid(text: str) -> list[str]:
    """The lines of the page's Mermaid block, after an optional ``%%{init: ...}%%`` directive."""
    start = text.index("```mermaid\n")
    lines = text[start:].split("\n```", 1)[0].split("\n")[1:]
    if lines[0].startswith("%%{init:"):
        assert lines[0].endswith("}%%")
        json.loads(lines[0][len("%%{init:"):-len("}%%")])  # a well-formed directive
        lines = lines[1:]
    return lines


def test_goals_page_warns_about_too_many_goals_and_lists_the_unmeasurable_ones(load):
    text = render(load(GOALS))["Goals.md"]
    assert "> [!warning]\n> 5 active goals: keep at most 4. Pause or drop one.\n" in text
    assert ("> [!warning]\n> Not measurable (set `metric` and `target`): [[Goals/Vague|Vague]], "
            "[[Goals/Vibes|Be nicer]]\n") in text
    rows = tables(text)[0]
    assert rows[0] == "| Goal | Metric | Progress | Expected | State | Deadline | Review |"
    assert "| [[VaultKit/Goals/Be nicer\\|Be nicer]] | not measurable | 0 | — |" in "\n".join(rows)


def test_goals_page_without_warnings_when_few_measurable_goals(load):
    files = {k: v for k, v in GOALS.items() if k not in ("Goals/Vibes.md", "Goals/Vague.md")}
    text = render(load(files))["Goals.md"]
    assert "[!warning]" not in text


def test_goal_chart_is_an_xychart_with_one_value_per_label(load):
    pages = render(load(GOALS))
    charted = 0
    for path, text in pages.items():
        if not path.startswith("Goals/") or "```mermaid" not in text:
            continue
        charted += 1
        block = mermaid(text)
        assert block[0] == "xychart-beta", path
        labels = re.fullmatch(r"    x-axis \[(.*)\]", block[2]).group(1).split(", ")
        lines = [re.fullmatch(r"    line \[(.*)\]", line).group(1).split(", ") for line in block if "line [" in line]
        assert len(lines) == 2, path
        assert all(len(values) == len(labels) for values in lines), path
        assert 2 <= len(labels) <= 12, path
    assert charted == 3  # Short, Long, Past; the unmeasurable goals get no chart


def test_goal_chart_values_follow_the_goal(load):
    block = mermaid(render(load(GOALS))["Goals/Short.md"])
    assert block == [
        "xychart-beta",
        '    title "Short: actual (green) against the target line (grey)"',
        '    x-axis ["11-19", "11-20", "11-21", "11-22"]',
        "    y-axis 0 --> 181",
        "    line [0, 1, 1, 2]",
        "    line [0, 1, 2, 3]",
    ]


def test_unmeasurable_goal_page_says_so_and_has_no_chart(load):
    text = render(load(GOALS))["Goals/Be nicer.md"]
    assert "\n- not measurable\n" in text
    assert "```mermaid" not in text


# -- balance ----------------------------------------------------------------------------------

MEETING = '---\ntype: meeting\ndate: {date}\nwith: ["[[{who}]]"]\n---\n{body}'

LEDGER = {
    "Contacts/Ana.md": "---\ntype: contact\ninterests: [solar farms]\n---\n",
    "Contacts/Ben.md": "---\ntype: contact\nstrengths: [hiring]\n---\n",
    "Contacts/Cy.md": "---\ntype: contact\n---\n",
    "Contacts/Dee.md": "---\ntype: contact\ninterests: [trail running, chess]\nstrengths: [sales]\n---\n",
    "Contacts/Eve.md": "---\ntype: contact\n---\n",
    # file names out of date order: the ledger is in date order
    "Meetings/1 Third.md": MEETING.format(date="2026-10-20", who="Ana",
                                          body="## Gave\n- an article\n- a review [weight:: 0.5]\n"),
    "Meetings/2 Second.md": MEETING.format(date="2026-10-10", who="Ana", body="## Asked\n- a big favour [weight:: 3]\n"),
    "Meetings/3 First.md": MEETING.format(date="2026-10-01", who="Ana", body="## Gave\n- an intro [weight:: 2]\n"),
    "Meetings/4 Future.md": MEETING.format(date="2026-12-01", who="Ana", body="## Asked\n- a future ask\n"),
    "Meetings/5 Ben.md": MEETING.format(date="2026-10-05", who="Ben", body="## Asked\n- a referral\n"),
    "Meetings/6 Cy.md": MEETING.format(date="2026-10-06", who="Cy", body="## Asked\n- a loan of a book\n"),
    "Meetings/7 Dee.md": MEETING.format(date="2026-10-07", who="Dee", body="## Asked\n- an intro [weight:: 2]\n"),
    "Meetings/8 Eve.md": MEETING.format(date="2026-10-08", who="Eve", body="## Gave\n- tea\n\n## Asked\n- coffee\n"),
}


def ledger_rows(text: str) -> list[list[str]]:
    lines = tables(text)[0]
    return [[cell.strip() for cell in UNESCAPED_PIPE.split(line)[1:-1]] for line in lines[2:]]


def test_ledger_running_column_is_the_running_balance(load):
    rows = ledger_rows(render(load(LEDGER))["Balance/Ana.md"])
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in rows] == [
        ("2026-10-01", "give", "an intro", "2", "+2"),
        ("2026-10-10", "ask", "a big favour", "3", "-1"),
        ("2026-10-20", "give", "an article", "1", "0"),
        ("2026-10-20", "give", "a review", "0.5", "+0.5"),
    ]
    running = 0.0
    for date, kind, _what, weight, shown, _source in rows:
        running += float(weight) if kind == "give" else -float(weight)
        assert float(shown) == running


def test_ledger_sources_link_to_the_lines(load):
    rows = ledger_rows(render(load(LEDGER))["Balance/Ana.md"])
    assert [r[5] for r in rows] == ["[[Meetings/3 First\\|3 First:7]]", "[[Meetings/2 Second\\|2 Second:7]]",
                                    "[[Meetings/1 Third\\|1 Third:7]]", "[[Meetings/1 Third\\|1 Third:8]]"]


def test_contact_page_summary_and_verdicts(load):
    pages = render(load(LEDGER))
    ana = pages["Balance/Ana.md"].split("\n")
    assert ana[4:9] == ["# Ana", "", "[[Contacts/Ana|Ana]] · Given 3.5 · Asked 3 · Balance **+0.5**", "",
                         "**You give more.**"]
    assert "**Even.**" in pages["Balance/Eve.md"].split("\n")
    assert ("**You have asked more: give first next time. Give first: they care about trail running, chess; "
            "an article, an intro or an event on one of those would do.**") in pages["Balance/Dee.md"].split("\n")
    assert ("**You have asked more: give first next time. Give first: they are strong in hiring; ask how you could "
            "help with what they are building.**") in pages["Balance/Ben.md"].split("\n")
    assert ("**You have asked more: give first next time. Give first: add `interests:` to their note to get "
            "ideas.**") in pages["Balance/Cy.md"].split("\n")
    assert pages["Balance/Ana.md"].endswith("\n\nBack to [[VaultKit/Balance|Give before you ask]]\n")


def test_balance_overview_ranks_by_balance_then_name(load):
    text = render(load(LEDGER))["Balance.md"]
    assert "5 people helped" not in text
    assert "\n2 people helped · 4.5 given · 8 asked\n" in text
    assert tables(text)[0][2:] == [
        "| [[VaultKit/Balance/Dee\\|Dee]] | 0 | 2 | -2 | You have asked more: give first next time. |",
        "| [[VaultKit/Balance/Ben\\|Ben]] | 0 | 1 | -1 | You have asked more: give first next time. |",
        "| [[VaultKit/Balance/Cy\\|Cy]] | 0 | 1 | -1 | You have asked more: give first next time. |",
        "| [[VaultKit/Balance/Eve\\|Eve]] | 1 | 1 | 0 | Even. |",
        "| [[VaultKit/Balance/Ana\\|Ana]] | 3.5 | 3 | +0.5 | You give more. |",
    ]


def test_future_exchanges_stay_off_the_ledger(load):
    text = render(load(LEDGER))["Balance/Ana.md"]
    assert "a future ask" not in text


# -- problems ---------------------------------------------------------------------------------


def test_problems_page_lists_every_problem_with_a_link_or_backticks(load):
    vault = load({
        "vaultkit.toml": "colour = 'blue'\n",
        "Contacts/Ana.md": "---\ntype: contact\n---\n",
        "Meetings/Undated.md": '---\ntype: call\nwith: ["[[Ana]]"]\n---\n',
        "Meetings/Bad [1].md": '---\ntype: call\nwith: ["[[Ana]]"]\n---\n',
        "Meetings/Call.md": '---\ntype: call\ndate: 2026-11-02\nwith: ["[[Ana]]", "[[Bob]]"]\n---\n',
    })
    text = render(vault)["Problems.md"]
    lines = text.split("\n")
    assert lines[4:7] == ["# Problems", "", "2 errors, 2 warnings."]
    items = [line for line in lines if line.startswith("- ")]
    assert len(items) == len(vault.problems) == 4
    assert items[0] == ("- [Bad (1)](Meetings/Bad%20%5B1%5D.md) line 1: error[missing-date] interaction has no date: "
                        "add 'date: YYYY-MM-DD'")
    assert items[1] == "- [[Meetings/Call|Call]] line 4: warning[unknown-contact] 'Bob' is not a known contact"
    assert items[2] == ("- [[Meetings/Undated|Undated]] line 1: error[missing-date] interaction has no date: "
                        "add 'date: YYYY-MM-DD'")
    assert items[3].startswith("- `vaultkit.toml` line 1: warning[config-unknown-key] unknown key 'colour'")


def test_problems_page_without_problems(load):
    text = render(load({"Contacts/Ana.md": "---\ntype: contact\n---\n"}))["Problems.md"]
    assert text == UNDATED + "\n# Problems\n\nNo problems found.\n"


# -- dashboard --------------------------------------------------------------------------------

TASKS = "\n".join(f"- [ ] task {n:02d} 📅 2026-11-{n:02d}" for n in range(1, 13))

DASHBOARD = {
    "Contacts/Ana.md": "---\ntype: contact\nmet: 2026-06-01\nmet_at: '[[PyCon]]'\n---\n",
    "Contacts/Ben.md": "---\ntype: contact\n---\n",
    "Events/PyCon.md": '---\ntype: event\ndate: 2026-06-01\nwith: ["[[Ana]]", "[[Ben]]"]\n---\n',
    "Meetings/Coffee.md": (f'---\ntype: meeting\ndate: 2026-07-01\nwith: ["[[Ana]]"]\n---\n'
                           f"## Gave\n- a book\n\n## Tasks\n{TASKS}\n"),
    "Meetings/Mail.md": '---\ntype: email\ndate: 2026-11-01\noutcome: replied\nwith: ["[[Ben]]"]\n---\n',
    "Goals/G.md": "---\ntype: goal\ntitle: Meet people\nmetric: contacts\ntarget: 4\nstart: 2026-06-01\n"
                  "deadline: 2026-12-31\nreview: never\n---\n",
}


def test_dashboard_has_the_seven_sections_in_order(load):
    text = render(load(DASHBOARD))["Dashboard.md"]
    headings = [line for line in text.split("\n") if line.startswith("#")]
    assert headings == ["# Dashboard", "## Goals", "## Most fruitful relationships", "## Focus",
                        "## Give and ask", "## Reply rate by channel", "## Events scorecard", "## Problems"]


@pytest.mark.parametrize("settings, size", [({}, 5), ({"vaultkit.toml": "focus_size = 3\n"}, 3)])
def test_the_focus_list_shows_focus_size_people_the_most_urgent_first_among_equals(load, settings, size):
    vault = load({**{f"Contacts/C{n:02d}.md": f"---\ntype: contact\n---\n- [ ] task {n:02d} 📅 2026-11-{n:02d}\n"
                     for n in range(1, 13)}, **settings})
    assert len(follow_ups(vault)) == 12
    pages = render(vault)
    top = section(pages["Dashboard.md"], "Focus")
    shown = [line for line in top.split("\n") if line.startswith("- **")]
    assert shown[0] == "- **[[Contacts/C01|C01]]** · task: task 01 · due 2026-11-01, 21 days overdue"
    assert [re.search(r"task (\d\d)", line).group(1) for line in shown] == [f"{n:02d}" for n in range(1, size + 1)]
    assert "All follow-ups: [[VaultKit/Follow-ups|Follow-ups]]" in top
    listed = [line for line in section(pages["Follow-ups.md"], "Focus").split("\n") if line.startswith("- **")]
    assert listed == shown


def test_the_focus_list_ranks_goal_linked_warm_and_reciprocal_relationships_above_cold_imports(load):
    """Ana shares a goal and has a give: she comes first though Bo is more overdue; the
    imported contact never contacted is left out, and counted on the dashboard."""
    vault = load({
        "Contacts/Ana.md": '---\ntype: contact\ngoals: ["[[Grow]]"]\n---\n- [ ] call 📅 2026-11-20\n',
        "Contacts/Bo.md": "---\ntype: contact\n---\n- [ ] write 📅 2026-11-01\n",
        "Contacts/Imp.md": "---\ntype: contact\nsource: linkedin\ncadence: weekly\ncreated: 2026-10-01\n---\n",
        "Goals/Grow.md": "---\ntype: goal\nmetric: interactions\ntarget: 3\nstart: 2026-09-01\nreview: never\n---\n",
        "Meetings/m.md": '---\ntype: meeting\ndate: 2026-09-10\nwith: ["[[Ana]]"]\n---\n## Gave\n- a book\n',
    })
    pages = render(vault)
    top = section(pages["Dashboard.md"], "Focus")
    shown = [line.split("]]", 1)[0] for line in top.split("\n") if line.startswith("- **")]
    assert shown == ["- **[[Contacts/Ana|Ana", "- **[[Contacts/Bo|Bo"]
    assert "1 imported contacts you have never been in touch with wait in the follow-ups." in top
    assert "[[Contacts/Imp|Imp]]" in pages["Follow-ups.md"]  # still listed there, in its group


def test_a_person_with_many_reasons_is_one_entry_the_most_urgent_first(load):
    """Ana's twelve tasks: one entry, placed by the most overdue, the others under it."""
    text = section(render(load(DASHBOARD))["Follow-ups.md"], "Overdue (1)")
    entries = [line for line in text.split("\n") if line.startswith("- **[[Contacts/Ana")]
    assert entries == ["- **[[Contacts/Ana|Ana]]** · task: task 01 · due 2026-11-01, 21 days overdue"]
    also = [line for line in text.split("\n") if line.startswith("  - also task:")]
    assert [re.search(r"task (\d\d)", line).group(1) for line in also] == [f"{n:02d}" for n in range(2, 13)]


def test_dashboard_sections_content(load):
    text = render(load(DASHBOARD))["Dashboard.md"]
    assert section(text, "Goals").strip() == "- [[VaultKit/Goals/Meet people|Meet people]]: 0 / 4 (0%), **behind**"
    assert section(text, "Give and ask").strip() == ("1 people helped · 1 given · 0 asked · "
                                                     "[[VaultKit/Balance|Give before you ask]]")
    assert tables(section(text, "Reply rate by channel"))[0][2] == "| email | 1 | 0 | 0 | 100% |"
    assert tables(section(text, "Events scorecard"))[0][2] == (
        "| [[Events/PyCon\\|PyCon]] | 2026-06-01 | 2 | 2 (100%): [[Contacts/Ana\\|Ana]], [[Contacts/Ben\\|Ben]] |")
    assert section(text, "Problems").strip() == "No problems."


# -- determinism ------------------------------------------------------------------------------


def test_rendering_twice_gives_identical_pages(tmp_path):
    for n, files in enumerate((ESCAPES, NAMES, GOALS, LEDGER, DASHBOARD)):
        vault = load_vault(write_vault(tmp_path / str(n), files), TODAY)
        assert render_vault(vault, list(vault.problems)) == render_vault(vault, list(vault.problems))


def test_the_order_files_were_written_in_does_not_matter(tmp_path):
    files = {**ESCAPES, **{k: v for k, v in NAMES.items() if k.startswith("Goals/")}, **LEDGER}
    # LEDGER's Ana replaces the escaping one: the coffee's link to [[anabo]] becomes a problem, rendered too
    first = load_vault(write_vault(tmp_path / "first", files), TODAY)
    second = load_vault(write_vault(tmp_path / "second", dict(reversed(list(files.items())))), TODAY)
    pages = render_vault(first, list(first.problems))
    assert len(pages) > 10
    assert pages == render_vault(second, list(second.problems))
