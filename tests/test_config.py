"""``vaultkit.toml``: every key has a default; unknown keys and bad values are problems, not crashes."""

from __future__ import annotations

import textwrap

import pytest

from vaultkit.config import DEFAULT_FOLDERS, DEFAULT_HEADINGS, Config, load_config, parse_config
from vaultkit.values import Cadence

from conftest import codes


def parse(text: str):
    return parse_config(textwrap.dedent(text).lstrip("\n"))


def problem_codes(problems) -> list[tuple[str, int, str]]:
    return [(p.path, p.line, p.code) for p in problems]


DEFAULT_TIERS = {"A": Cadence(30, "d"), "B": Cadence(90, "d"), "C": Cadence(180, "d"), "D": Cadence(365, "d")}


def assert_defaults(config: Config) -> None:
    assert config.output_folder == "VaultKit"
    assert config.language == "en"
    assert config.ignore == ()
    assert config.default_cadence is None
    assert config.max_active_goals == 4
    assert config.warm_days == 7
    assert config.reply_nudge_days == 7
    assert config.upcoming_days == 7
    assert config.max_note_mb == 4.0
    assert config.max_note_bytes == 4 * 1024 * 1024
    assert config.folders == {"contacts": ("Contacts", "People"),
                              "interactions": ("Meetings", "Interactions", "Events"), "goals": ("Goals",)}
    assert config.tiers == DEFAULT_TIERS
    assert set(config.headings["gave"]) == {"gave", "given", "give", "di", "aporté", "ofrecí"}
    assert set(config.headings["asked"]) == {"asked", "ask", "pedí", "pido"}
    assert set(config.headings["log"]) == {"log", "registro"}


# --- defaults -------------------------------------------------------------------------------

def test_defaults_when_there_is_no_file(tmp_path):
    config, problems = load_config(tmp_path)
    assert problems == []
    assert_defaults(config)


def test_defaults_for_an_empty_file(tmp_path):
    (tmp_path / "vaultkit.toml").write_text("", encoding="utf-8")
    config, problems = load_config(tmp_path)
    assert problems == []
    assert_defaults(config)


def test_a_folder_named_vaultkit_toml_is_not_a_config(tmp_path):
    (tmp_path / "vaultkit.toml").mkdir()
    config, problems = load_config(tmp_path)
    assert problems == []
    assert_defaults(config)


def test_a_vault_without_config_loads_with_defaults(load):
    vault = load({"Contacts/Ana.md": ""})
    assert_defaults(vault.config)
    assert codes(vault) == []


# --- every key ------------------------------------------------------------------------------

FULL = """
    output_folder = "Reports/CRM"
    language = "es"
    ignore = ["Archive/**", "**/private/*"]
    default_cadence = "quarterly"
    max_active_goals = 3
    warm_days = 10
    reply_nudge_days = 5
    upcoming_days = 14
    max_note_mb = 2

    [folders]
    contacts = ["Gente"]
    interactions = ["Reuniones", "Eventos"]
    goals = ["Metas"]

    [tiers]
    A = "2w"
    B = "monthly"
    E = "2y"

    [headings]
    gave = ["Helped"]
    asked = ["Requested", "Needed"]
    log = ["Progress"]
"""


def test_every_key_is_read():
    config, problems = parse(FULL)
    assert problems == []
    assert config.output_folder == "Reports/CRM"
    assert config.language == "es"
    assert config.ignore == ("Archive/**", "**/private/*")
    assert config.default_cadence == Cadence(3, "m")
    assert config.max_active_goals == 3
    assert config.warm_days == 10
    assert config.reply_nudge_days == 5
    assert config.upcoming_days == 14
    assert config.max_note_mb == 2.0
    assert config.max_note_bytes == 2 * 1024 * 1024
    assert config.folders == {"contacts": ("Gente",), "interactions": ("Reuniones", "Eventos"), "goals": ("Metas",)}
    assert config.tiers == {"A": Cadence(2, "w"), "B": Cadence(1, "m"), "C": Cadence(180, "d"),
                            "D": Cadence(365, "d"), "E": Cadence(2, "y")}
    assert "helped" in {h.casefold() for h in config.headings["gave"]}
    assert {"requested", "needed"} <= {h.casefold() for h in config.headings["asked"]}
    assert "progress" in {h.casefold() for h in config.headings["log"]}


def test_load_config_reads_the_file_at_the_root(tmp_path):
    (tmp_path / "vaultkit.toml").write_text('language = "es"\nmax_active_goals = 2\n', encoding="utf-8")
    config, problems = load_config(tmp_path)
    assert problems == []
    assert (config.language, config.max_active_goals) == ("es", 2)


def test_config_file_with_a_bom_and_crlf_is_read(tmp_path):
    (tmp_path / "vaultkit.toml").write_bytes(b'\xef\xbb\xbflanguage = "es"\r\nwarm_days = 3\r\n')
    config, problems = load_config(tmp_path)
    assert problems == []
    assert (config.language, config.warm_days) == ("es", 3)


def test_a_single_ignore_string_is_one_glob():
    config, problems = parse('ignore = "Archive/**"\n')
    assert problems == []
    assert config.ignore == ("Archive/**",)


def test_max_note_mb_may_be_a_fraction():
    config, problems = parse("max_note_mb = 0.5\n")
    assert problems == []
    assert config.max_note_bytes == 512 * 1024


def test_tier_never_removes_the_tier():
    config, problems = parse('[tiers]\nD = "never"\n')
    assert problems == []
    assert "D" not in config.tiers
    assert config.tiers["A"] == Cadence(30, "d")


def test_default_cadence_never_or_empty_means_none():
    assert parse('default_cadence = "never"\n')[0].default_cadence is None
    assert parse('default_cadence = ""\n') == (Config(), [])


def test_vault_uses_its_config(load):
    vault = load({"vaultkit.toml": 'language = "es"\nmax_active_goals = 2\n', "Contacts/Ana.md": ""})
    assert (vault.config.language, vault.config.max_active_goals) == ("es", 2)
    assert codes(vault) == []


# --- unknown keys ---------------------------------------------------------------------------

def test_unknown_top_level_key_is_a_warning_at_its_line():
    config, problems = parse("""
        language = "es"
        # a comment
        colour = "blue"
        warm_days = 3
    """)
    assert problem_codes(problems) == [("vaultkit.toml", 3, "config-unknown-key")]
    assert problems[0].severity == "warning"
    assert "colour" in problems[0].message
    assert (config.language, config.warm_days) == ("es", 3)


def test_unknown_table_is_a_warning_at_its_header():
    config, problems = parse("""
        language = "es"

        [extras]
        x = 1
    """)
    assert problem_codes(problems) == [("vaultkit.toml", 3, "config-unknown-key")]
    assert config.language == "es"


def test_unknown_key_inside_folders_is_a_warning_at_its_line():
    config, problems = parse("""
        [folders]
        contacts = ["Gente"]
        projects = ["Projects"]
    """)
    assert problem_codes(problems) == [("vaultkit.toml", 3, "config-unknown-key")]
    assert problems[0].severity == "warning"
    assert "projects" in problems[0].message
    assert config.folders["contacts"] == ("Gente",)
    assert config.folders["interactions"] == DEFAULT_FOLDERS["interactions"]


def test_unknown_key_inside_headings_is_a_warning_at_its_line():
    config, problems = parse("""
        max_active_goals = 3

        [headings]
        gave = ["Helped"]
        thanks = ["Gracias"]
    """)
    assert problem_codes(problems) == [("vaultkit.toml", 5, "config-unknown-key")]
    assert "thanks" in problems[0].message
    assert config.max_active_goals == 3


def test_same_key_name_in_two_tables_is_found_in_the_right_one():
    # `contacts` is a known key in [folders]; the unknown one sits in [headings]
    config, problems = parse("""
        [folders]
        contacts = ["Gente"]

        [headings]
        contacts = ["People"]
    """)
    assert problem_codes(problems) == [("vaultkit.toml", 5, "config-unknown-key")]


# --- bad values -----------------------------------------------------------------------------

@pytest.mark.parametrize("line, attribute, default", [
    ('language = "fr"', "language", "en"),
    ('max_active_goals = "four"', "max_active_goals", 4),
    ("max_active_goals = 0", "max_active_goals", 4),
    ("max_active_goals = -2", "max_active_goals", 4),
    ("max_active_goals = true", "max_active_goals", 4),
    ("max_active_goals = 2.5", "max_active_goals", 4),
    ('warm_days = "a week"', "warm_days", 7),
    ("reply_nudge_days = 0", "reply_nudge_days", 7),
    ("upcoming_days = []", "upcoming_days", 7),
    ("max_note_mb = 0", "max_note_mb", 4.0),
    ('default_cadence = "often"', "default_cadence", None),
    ('default_cadence = "0d"', "default_cadence", None),
    ("default_cadence = 30", "default_cadence", None),
    ('output_folder = "../x"', "output_folder", "VaultKit"),
    ('output_folder = "Reports/../../x"', "output_folder", "VaultKit"),
    ('output_folder = ".hidden"', "output_folder", "VaultKit"),
    ('output_folder = ""', "output_folder", "VaultKit"),
    ("output_folder = 3", "output_folder", "VaultKit"),
    ("ignore = 3", "ignore", ()),
    ("ignore = [1, 2]", "ignore", ()),
])
def test_bad_value_is_a_problem_at_its_line_and_the_default_is_kept(line, attribute, default):
    config, problems = parse(f"""
        # vaultkit settings

        {line}
        # end
    """)
    assert problem_codes(problems) == [("vaultkit.toml", 3, "config-bad-value")]
    assert getattr(config, attribute) == default


def test_bad_values_keep_other_good_values():
    config, problems = parse("""
        language = "fr"
        warm_days = 3
        max_active_goals = 0
        upcoming_days = 10
    """)
    assert problem_codes(problems) == [("vaultkit.toml", 1, "config-bad-value"), ("vaultkit.toml", 3, "config-bad-value")]
    assert (config.language, config.warm_days, config.max_active_goals, config.upcoming_days) == ("en", 3, 4, 10)


def test_bad_tier_cadence_is_a_problem_at_its_line_and_the_default_tier_is_kept():
    config, problems = parse("""
        language = "es"

        [tiers]
        A = "2w"
        B = "sometimes"
        C = 12
    """)
    assert problem_codes(problems) == [("vaultkit.toml", 5, "config-bad-value"), ("vaultkit.toml", 6, "config-bad-value")]
    assert config.tiers == {"A": Cadence(2, "w"), "B": Cadence(90, "d"), "C": Cadence(180, "d"), "D": Cadence(365, "d")}


def test_bad_folder_list_is_a_problem_and_the_default_is_kept():
    config, problems = parse("""
        [folders]
        contacts = 3
        goals = ["Metas"]
    """)
    assert problem_codes(problems) == [("vaultkit.toml", 2, "config-bad-value")]
    assert config.folders["contacts"] == DEFAULT_FOLDERS["contacts"]
    assert config.folders["goals"] == ("Metas",)


def test_table_key_that_is_not_a_table_is_a_problem():
    config, problems = parse('language = "es"\ntiers = "A"\n')
    assert problem_codes(problems) == [("vaultkit.toml", 2, "config-bad-value")]
    assert config.tiers == DEFAULT_TIERS
    assert config.language == "es"


def test_config_problems_are_reported_by_load(load):
    vault = load({"vaultkit.toml": 'language = "fr"\ncolour = "red"\n', "Contacts/Ana.md": ""})
    assert codes(vault) == [("vaultkit.toml", 1, "config-bad-value"), ("vaultkit.toml", 2, "config-unknown-key")]
    assert vault.config.language == "en"
    assert list(vault.contacts) == ["Contacts/Ana.md"]


# --- invalid TOML ---------------------------------------------------------------------------

def test_invalid_toml_is_an_error_at_its_line_and_everything_is_default():
    config, problems = parse("""
        language = "es"
        max_active_goals = 2
        warm_days =
        upcoming_days = 3
    """)
    assert problem_codes(problems) == [("vaultkit.toml", 3, "config-invalid")]
    assert problems[0].severity == "error"
    assert_defaults(config)


def test_duplicate_key_is_invalid_toml():
    config, problems = parse('language = "es"\n\nlanguage = "en"\n')
    assert problem_codes(problems) == [("vaultkit.toml", 3, "config-invalid")]
    assert_defaults(config)


def test_config_that_is_not_utf8_is_invalid(tmp_path):
    (tmp_path / "vaultkit.toml").write_bytes(b'language = "\xff"\n')
    config, problems = load_config(tmp_path)
    assert problem_codes(problems) == [("vaultkit.toml", 1, "config-invalid")]
    assert_defaults(config)


def test_invalid_config_does_not_stop_the_vault(load):
    vault = load({"vaultkit.toml": "[folders\ncontacts = 1\n", "Contacts/Ana.md": ""})
    assert codes(vault) == [("vaultkit.toml", 1, "config-invalid")]
    assert list(vault.contacts) == ["Contacts/Ana.md"]


# --- headings add to the built-in ones --------------------------------------------------------

def test_configured_headings_add_to_the_built_in_ones():
    config, problems = parse('[headings]\ngave = ["Helped"]\n')
    assert problems == []
    assert set(config.headings["gave"]) == set(DEFAULT_HEADINGS["gave"]) | {"Helped"}
    assert config.headings["asked"] == DEFAULT_HEADINGS["asked"]


def test_configured_headings_count_alongside_the_built_in_ones(load):
    vault = load({
        "vaultkit.toml": '[headings]\ngave = ["Helped"]\nasked = ["Favores pedidos"]\n',
        "Contacts/Ana.md": "",
        "Meetings/Coffee.md": """\
            ---
            date: 2026-11-01
            with: ["[[Ana]]"]
            ---
            ## Helped
            - an intro
            ## Gave
            - the deck
            ## Di
            - a book
            ## Favores pedidos
            - advice
            ## Pedí
            - a job lead
            """,
    })
    assert [(e.kind, e.text) for e in vault.exchanges] == [
        ("give", "an intro"), ("give", "the deck"), ("give", "a book"), ("ask", "advice"), ("ask", "a job lead")]
    assert codes(vault) == []


def test_configured_log_heading_is_read_by_goals(load):
    vault = load({
        "vaultkit.toml": '[headings]\nlog = ["Progress"]\n',
        "Goals/Talks.md": """\
            ---
            metric: manual
            target: 4
            start: 2026-09-01
            deadline: 2027-03-01
            ---
            ## Progress
            - 2026-10-01: 1 first talk
            - 2026-11-01: 2 second talk
            """,
    })
    assert vault.progress["Goals/Talks.md"].value == 2.0


# --- tiers and cadence for contacts -------------------------------------------------------------

def contact(front: str) -> str:
    return "---\n" + front + "\n---\n"


def test_tier_gives_the_contact_cadence_when_cadence_is_absent(load):
    vault = load({"Contacts/Ana.md": contact("tier: A"), "Contacts/Bea.md": contact("tier: c")})
    ana, bea = vault.contacts["Contacts/Ana.md"], vault.contacts["Contacts/Bea.md"]
    assert (ana.cadence, ana.cadence_from, ana.tier) == (Cadence(30, "d"), "tier", "A")
    assert (bea.cadence, bea.cadence_from, bea.tier) == (Cadence(180, "d"), "tier", "C")


def test_configured_tiers_are_used(load):
    vault = load({
        "vaultkit.toml": '[tiers]\nA = "2w"\nVIP = "weekly"\n',
        "Contacts/Ana.md": contact("tier: A"),
        "Contacts/Bea.md": contact("tier: vip"),
        "Contacts/Luis.md": contact("tier: B"),
    })
    assert [(c.cadence, c.cadence_from) for c in vault.contacts.values()] == [
        (Cadence(2, "w"), "tier"), (Cadence(1, "w"), "tier"), (Cadence(90, "d"), "tier")]
    assert codes(vault) == []


def test_explicit_cadence_wins_over_tier(load):
    vault = load({"Contacts/Ana.md": contact("tier: A\ncadence: monthly")})
    ana = vault.contacts["Contacts/Ana.md"]
    assert (ana.cadence, ana.cadence_from) == (Cadence(1, "m"), "cadence")


def test_cadence_never_gives_no_cadence_even_with_tier_and_default(load):
    vault = load({"vaultkit.toml": 'default_cadence = "monthly"\n',
                  "Contacts/Ana.md": contact("tier: A\ncadence: never")})
    ana = vault.contacts["Contacts/Ana.md"]
    assert ana.cadence is None
    assert codes(vault) == []


def test_default_cadence_is_used_last(load):
    vault = load({
        "vaultkit.toml": 'default_cadence = "quarterly"\n',
        "Contacts/Ana.md": "",
        "Contacts/Bea.md": contact("tier: A"),
        "Contacts/Luis.md": contact("cadence: 2w"),
    })
    got = {path: (c.cadence, c.cadence_from) for path, c in vault.contacts.items()}
    assert got == {
        "Contacts/Ana.md": (Cadence(3, "m"), "default_cadence"),
        "Contacts/Bea.md": (Cadence(30, "d"), "tier"),
        "Contacts/Luis.md": (Cadence(2, "w"), "cadence"),
    }


def test_no_cadence_without_cadence_tier_or_default(load):
    vault = load({"Contacts/Ana.md": ""})
    ana = vault.contacts["Contacts/Ana.md"]
    assert (ana.cadence, ana.cadence_from) == (None, None)


def test_tier_removed_by_config_falls_back_to_the_default_cadence_with_a_problem(load):
    vault = load({
        "vaultkit.toml": 'default_cadence = "yearly"\n[tiers]\nD = "never"\n',
        "Contacts/Ana.md": contact("company: Acme\ntier: D"),
    })
    ana = vault.contacts["Contacts/Ana.md"]
    assert (ana.cadence, ana.cadence_from) == (Cadence(1, "y"), "default_cadence")
    assert codes(vault) == [("Contacts/Ana.md", 3, "bad-value")]


def test_bad_contact_cadence_is_a_problem_and_the_tier_is_used(load):
    vault = load({"Contacts/Ana.md": contact("tier: B\ncadence: sometimes")})
    ana = vault.contacts["Contacts/Ana.md"]
    assert (ana.cadence, ana.cadence_from) == (Cadence(90, "d"), "tier")
    assert codes(vault) == [("Contacts/Ana.md", 3, "bad-cadence")]


def test_a_misspelt_key_gets_a_did_you_mean():
    config, problems = parse_config('languge = "es"\n\n[folders]\ncontact = ["People"]\n')
    assert [(p.line, p.code, p.message) for p in problems] == [
        (1, "config-unknown-key", "unknown key 'languge'; did you mean 'language'?"),
        (4, "config-unknown-key", "unknown key 'contact' in [folders]; did you mean 'contacts'?"),
    ]
    assert config.language == "en"


def test_a_top_level_key_under_a_table_is_reported_not_read_as_a_tier():
    """``default_cadence`` written after ``[tiers]`` became a tier named DEFAULT_CADENCE."""
    config, problems = parse_config('[tiers]\nA = "14d"\ndefault_cadence = "90d"\n')
    assert [(p.line, p.code) for p in problems] == [(3, "config-misplaced-key")]
    assert "move it above the first [table] header" in problems[0].message
    assert "DEFAULT_CADENCE" not in config.tiers and config.default_cadence is None
    assert config.tiers["A"].days == 14


def test_a_misspelt_cadence_gets_a_did_you_mean(load):
    vault = load({"Contacts/Ana.md": "---\ncadence: montly\n---\n"})
    assert codes(vault) == [("Contacts/Ana.md", 2, "bad-cadence")]
    assert "did you mean 'monthly'?" in vault.problems[0].message


# -- build_on, notify, notify_at (issue 16) ----------------------------------------------------


def test_background_settings_default_to_any_machine_and_no_notification():
    config, problems = parse("")
    assert (config.build_on, config.notify, config.notify_at) == (None, "off", "09:00")
    assert problems == []


@pytest.mark.parametrize("text, expected", [
    ('build_on = "laptop"', ("laptop", "off", "09:00")),
    ('build_on = "  desk-2.example.org "', ("desk-2.example.org", "off", "09:00")),
    ('build_on = ""', (None, "off", "09:00")),  # what init writes: any machine
    ('notify = "desktop"', (None, "desktop", "09:00")),
    ('notify_at = "7:30"', (None, "off", "07:30")),
    ('notify_at = "23:59"', (None, "off", "23:59")),
    ("notify_at = 08:15:00", (None, "off", "08:15")),  # a TOML time
])
def test_background_settings_are_read(text, expected):
    config, problems = parse(text)
    assert problems == []
    assert (config.build_on, config.notify, config.notify_at) == expected


@pytest.mark.parametrize("text, message", [
    ('build_on = "my laptop"', "build_on must be a machine's host name (letters, digits, '-' and '.'), not 'my laptop'"),
    ("build_on = 3", "build_on must be text, not 3"),
    ('notify = "email"', "notify must be one of off, desktop, not 'email'"),
    ('notify_at = "9am"', "notify_at must be a time of day as HH:MM (24-hour clock), not '9am'"),
    ('notify_at = "24:00"', "notify_at must be a time of day as HH:MM (24-hour clock), not '24:00'"),
])
def test_bad_background_settings_are_one_problem_each_and_the_default_stays(text, message):
    config, problems = parse("language = \"es\"\n" + text)
    assert [(p.line, p.severity, p.code, p.message) for p in problems] == [(2, "error", "config-bad-value", message)]
    assert (config.build_on, config.notify, config.notify_at, config.language) == (None, "off", "09:00", "es")


def test_a_misspelt_background_key_gets_a_did_you_mean():
    _config, problems = parse('buildon = "laptop"\nnotify_time = "08:00"\n')
    assert [p.message for p in problems] == ["unknown key 'buildon'; did you mean 'build_on'?",
                                            "unknown key 'notify_time'; did you mean 'notify_at'?"]
