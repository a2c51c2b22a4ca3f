"""One file in, one Note and its problems out: encodings, front matter, YAML traps, file limits."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from vaultkit.config import Config
from vaultkit.reader import parse_note

from conftest import codes

CONFIG = Config()


def parse(data: bytes | str, path: str = "Meetings/Ana.md", config: Config = CONFIG):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return parse_note(path, data, config)


def problem_codes(problems) -> list[tuple[int, str]]:
    return [(p.line, p.code) for p in problems]


# --- encodings and line endings -------------------------------------------------------------

def test_bom_does_not_hide_front_matter():
    note, problems = parse(b"\xef\xbb\xbf---\nname: Ana\ncompany: Acme\n---\nbody\n")
    assert problems == []
    assert note.has_front_matter
    assert note.meta == {"name": "Ana", "company": "Acme"}
    assert note.meta_lines == {"name": 2, "company": 3}


def test_crlf_front_matter_is_read_and_lines_count_right():
    data = b"---\r\ntype: meeting\r\nchannel: call\r\n---\r\nfirst line\r\nsee [[Bo]]\r\n"
    note, problems = parse(data)
    assert problems == []
    assert note.meta == {"type": "meeting", "channel": "call"}
    assert note.meta_lines == {"type": 2, "channel": 3}
    assert [(link.target, link.line) for link in note.body.links] == [("Bo", 6)]


def test_bom_and_crlf_together():
    data = b"\xef\xbb\xbf---\r\nname: Ana\r\n---\r\n\r\n- met [[Bo]] #met\r\n"
    note, problems = parse(data)
    assert problems == []
    assert note.meta == {"name": "Ana"}
    assert [(item.line, item.text) for item in note.body.items] == [(5, "met [[Bo]] #met")]
    assert [(link.target, link.line) for link in note.body.links] == [("Bo", 5)]


def test_crlf_yaml_error_keeps_its_file_line():
    data = b"---\r\nname: Ana\r\nrole: CTO\r\nbad: [unclosed\r\n---\r\n"
    note, problems = parse(data)
    assert problem_codes(problems) == [(4, "yaml-invalid")]
    assert note.meta == {}


# --- invalid or unusable YAML ---------------------------------------------------------------

def test_invalid_yaml_reported_at_its_file_line():
    # front matter starts on file line 2, so the 3rd front matter line is file line 4
    note, problems = parse("---\nname: Ana\ncompany: Acme\nrole: [unclosed\n---\nbody\n")
    assert problem_codes(problems) == [(4, "yaml-invalid")]
    assert problems[0].severity == "error"
    assert note is not None and note.meta == {}


def test_invalid_yaml_on_first_front_matter_line_is_line_2():
    note, problems = parse("---\nname: : Ana\n---\n")
    assert problem_codes(problems) == [(2, "yaml-invalid")]


def test_invalid_yaml_note_still_gives_its_body():
    note, problems = parse("---\nname: [oops\n---\nsee [[Bo]]\n")
    assert [p.code for p in problems] == ["yaml-invalid"]
    assert [(link.target, link.line) for link in note.body.links] == [("Bo", 4)]


def test_front_matter_list_is_not_a_mapping():
    note, problems = parse("---\n- a\n- b\n---\nbody\n")
    assert problem_codes(problems) == [(2, "frontmatter-not-mapping")]
    assert note.meta == {}


def test_front_matter_scalar_is_not_a_mapping():
    note, problems = parse("---\njust some words\n---\nbody\n")
    assert problem_codes(problems) == [(2, "frontmatter-not-mapping")]
    assert note.meta == {}


def test_python_tag_is_refused_and_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    data = f"---\nname: Ana\nx: !!python/object/apply:os.system ['touch {marker}']\n---\n"
    note, problems = parse(data)
    assert problem_codes(problems) == [(3, "yaml-unsafe-tag")]
    assert problems[0].severity == "error"
    assert note.meta == {}
    assert not marker.exists()


BILLION_LAUGHS = "---\n" + "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
        "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
        "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
        "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
        "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]",
        "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]",
    ]
) + "\n---\nbody\n"


def test_billion_laughs_is_too_complex_and_fast():
    started = time.perf_counter()
    note, problems = parse(BILLION_LAUGHS)
    elapsed = time.perf_counter() - started
    assert problem_codes(problems) == [(2, "yaml-too-complex")]
    assert note.meta == {}
    assert elapsed < 0.5


def test_billion_laughs_in_a_vault_still_loads_the_contact(load):
    started = time.perf_counter()
    vault = load({"Contacts/Ana.md": BILLION_LAUGHS})
    assert time.perf_counter() - started < 0.9
    assert codes(vault) == [("Contacts/Ana.md", 2, "yaml-too-complex")]
    assert vault.contacts["Contacts/Ana.md"].name == "Ana"


# --- dates and numbers stay text, checked per key --------------------------------------------

def test_dates_stay_text_in_meta():
    note, problems = parse("---\ndate: 2026-11-22\nwhen: 2026-11-22T10:30:00\n---\n")
    assert problems == []
    assert note.meta == {"date": "2026-11-22", "when": "2026-11-22T10:30:00"}


def test_impossible_date_does_not_spoil_front_matter():
    note, problems = parse("---\nname: Ana\nmet: 2026-02-30\ncompany: Acme\n---\n")
    assert problems == []
    assert note.meta == {"name": "Ana", "met": "2026-02-30", "company": "Acme"}
    assert note.meta_lines["met"] == 3


def test_bad_date_in_meeting_is_reported_at_its_line(load):
    vault = load({
        "Contacts/Ana.md": "# Ana\n",
        "Meetings/Coffee.md": """
            ---
            title: Coffee
            date: 2026-02-30
            with: ["[[Ana]]"]
            ---
            """,
    })
    assert codes(vault) == [("Meetings/Coffee.md", 3, "bad-date")]
    assert vault.interactions == ()


def test_bad_follow_up_date_leaves_other_keys_loaded(load):
    vault = load({
        "Contacts/Ana.md": "# Ana\n",
        "Meetings/Coffee.md": """
            ---
            date: 2026-11-10
            channel: Call
            follow_up: 2026-02-30
            outcome: replied
            with: ["[[Ana]]"]
            ---
            """,
    })
    assert codes(vault) == [("Meetings/Coffee.md", 4, "bad-date")]
    [interaction] = vault.interactions
    assert interaction.date == dt.date(2026, 11, 10)
    assert interaction.participants == ("Contacts/Ana.md",)
    assert interaction.channel == "call"
    assert interaction.outcome == "replied"
    assert interaction.follow_up is None


def test_bad_met_date_on_contact_keeps_the_contact(load):
    vault = load({
        "Contacts/Ana.md": """
            ---
            company: Acme
            met: 2026-02-30
            tier: A
            ---
            """,
    })
    assert codes(vault) == [("Contacts/Ana.md", 3, "bad-date")]
    ana = vault.contacts["Contacts/Ana.md"]
    assert ana.company == "Acme"
    assert ana.met is None
    assert ana.tier == "A"


def test_leading_zero_numbers_stay_text():
    note, problems = parse("---\nphone: 0123\nzip: 08001\ncount: 12\nzero: 0\n---\n")
    assert problems == []
    assert note.meta == {"phone": "0123", "zip": "08001", "count": 12, "zero": 0}


def test_leading_zero_phone_on_contact(load):
    vault = load({"Contacts/Ana.md": "---\nphone: 0612345678\n---\n"})
    assert vault.contacts["Contacts/Ana.md"].phone == "0612345678"


# --- front matter shape ---------------------------------------------------------------------

def test_unclosed_front_matter_is_read_as_body():
    note, problems = parse("---\nname: Ana\nsee [[Bo]]\n")
    assert problem_codes(problems) == [(1, "frontmatter-unclosed")]
    assert problems[0].severity == "warning"
    assert note.meta == {}
    assert not note.has_front_matter
    assert [(link.target, link.line) for link in note.body.links] == [("Bo", 3)]


def test_dots_close_front_matter():
    note, problems = parse("---\nname: Ana\n...\nbody [[Bo]]\n")
    assert problems == []
    assert note.meta == {"name": "Ana"}
    assert [(link.target, link.line) for link in note.body.links] == [("Bo", 4)]


def test_empty_file_is_an_empty_note():
    note, problems = parse(b"")
    assert problems == []
    assert note is not None
    assert note.meta == {}
    assert note.body.links == () and note.body.items == ()


def test_lone_fence_is_unclosed_front_matter_not_a_crash():
    note, problems = parse(b"---")
    assert note is not None and note.meta == {}
    assert problem_codes(problems) == [(1, "frontmatter-unclosed")]


def test_empty_front_matter_is_fine():
    note, problems = parse("---\n---\nbody\n")
    assert problems == []
    assert note.has_front_matter
    assert note.meta == {}


def test_empty_and_fence_only_files_load_in_a_vault(load):
    vault = load({"Contacts/Empty.md": b"", "Contacts/Fence.md": b"---"})
    assert set(vault.contacts) == {"Contacts/Empty.md", "Contacts/Fence.md"}
    assert codes(vault) == [("Contacts/Fence.md", 1, "frontmatter-unclosed")]


# --- files that are not notes ---------------------------------------------------------------

def test_nul_bytes_make_a_binary_file():
    note, problems = parse(b"---\nname: Ana\n---\nhello\x00world\n")
    assert note is None
    assert problem_codes(problems) == [(1, "binary-file")]


def test_invalid_utf8_reported_at_the_line_of_the_bad_byte():
    note, problems = parse(b"---\nname: Ana\n---\nfine\nbad \xff byte\n")
    assert note is None
    assert problem_codes(problems) == [(5, "not-utf8")]
    assert problems[0].severity == "error"


def test_latin1_note_in_vault_is_not_utf8_and_skipped(load):
    vault = load({"Contacts/Jose.md": "---\nname: José\n---\n".encode("latin-1")})
    assert codes(vault) == [("Contacts/Jose.md", 2, "not-utf8")]
    assert vault.contacts == {}


def test_binary_file_in_vault_is_skipped(load):
    vault = load({"Contacts/Ana.md": b"\x89PNG\r\n\x1a\n\x00\x00"})
    assert codes(vault) == [("Contacts/Ana.md", 1, "binary-file")]
    assert vault.contacts == {}


def test_file_over_max_note_mb_is_too_large_in_parse_note():
    config = Config(max_note_mb=0.001)  # 1048 bytes
    note, problems = parse("---\nname: Ana\n---\n" + "x" * 2000, config=config)
    assert note is None
    assert problem_codes(problems) == [(1, "file-too-large")]


def test_file_over_max_note_mb_is_too_large_in_vault(load):
    vault = load({
        "vaultkit.toml": "max_note_mb = 0.001\n",
        "Contacts/Big.md": "---\nname: Big\n---\n" + "words " * 400,
        "Contacts/Small.md": "---\nname: Small\n---\n",
    })
    assert codes(vault) == [("Contacts/Big.md", 1, "file-too-large")]
    assert set(vault.contacts) == {"Contacts/Small.md"}


# --- key lines ------------------------------------------------------------------------------

def test_meta_lines_for_quoted_and_plain_keys():
    note, problems = parse(
        '---\n"with": ["[[Bo]]"]\n\'my key\': 1\nplain: 2\n"a: b": 3\nnested:\n  inner: 4\n---\n'
    )
    assert problems == []
    assert note.meta == {"with": ["[[Bo]]"], "my key": 1, "plain": 2, "a: b": 3, "nested": {"inner": 4}}
    assert note.meta_lines == {"with": 2, "my key": 3, "plain": 4, "a: b": 5, "nested": 6}


def test_meta_lines_ignore_comments_and_block_text():
    note, _ = parse("---\n# name: nope\nnotes: |\n  name: inside\nname: Ana\n---\n")
    assert note.meta["name"] == "Ana"
    assert note.meta_lines == {"notes": 3, "name": 5}


def test_quoted_with_key_locates_unknown_contact(load):
    vault = load({
        "Contacts/Ana.md": "# Ana\n",
        "Meetings/Coffee.md": """
            ---
            date: 2026-11-10
            "with":
              - "[[Ana]]"
              - "[[Zed]]"
            ---
            """,
    })
    assert codes(vault) == [("Meetings/Coffee.md", 5, "unknown-contact")]
    assert vault.interactions[0].participants == ("Contacts/Ana.md",)


@pytest.mark.parametrize("key", ['"date"', "'date'"])
def test_quoted_date_key_locates_bad_date(load, key):
    vault = load({
        "Contacts/Ana.md": "# Ana\n",
        "Meetings/Coffee.md": f"---\nwith: [\"[[Ana]]\"]\n{key}: 2026-13-01\n---\n",
    })
    assert codes(vault) == [("Meetings/Coffee.md", 3, "bad-date")]


def test_a_body_is_parsed_only_for_the_facts_its_kind_can_use(monkeypatch):
    import vaultkit.reader as reader_module

    parsed: list[str] = []  # every body read goes first to the plain reader (then, maybe, to markdown-it)
    real = reader_module.read_plain_body
    monkeypatch.setattr(reader_module, "read_plain_body",
                        lambda body, *rest: (parsed.append(body), real(body, *rest))[1])
    prose = "Met at [[PyCon]].\n\n## Notes\n- likes chess #chess\n"
    contact, _ = parse("---\ntype: contact\n---\n" + prose)
    assert contact.body.items == () and parsed == []  # a contact's body counts only for its open tasks
    with_task, _ = parse("---\ntype: contact\n---\n" + prose + "- [ ] send the deck 📅 2026-12-01\n")
    assert [item.task for item in with_task.body.items] == [None, " "] and len(parsed) == 1
    goal, _ = parse("---\ntype: goal\n---\nWhy: [[Ana]] said so.\n")
    assert goal.body.links == () and len(parsed) == 1  # a goal's body counts only for its log items
    goal_with_log, _ = parse("---\ntype: goal\n---\n## Log\n- 2026-11-01: 3 first talks\n")
    assert [item.section for item in goal_with_log.body.items] == ["log"] and len(parsed) == 2
    meeting, _ = parse("---\ntype: meeting\n---\n" + prose)
    assert [link.target for link in meeting.body.links] == ["PyCon"] and len(parsed) == 3
