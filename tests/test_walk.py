"""Finding the notes of a vault (contract 1, decision 9): order, skip rules, symlinks, odd names."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vaultkit.config import Config
from vaultkit.vault import load_vault
from vaultkit.walk import find_notes

from conftest import TODAY, codes


def paths(root: Path, config: Config | None = None) -> list[str]:
    found, _ = find_notes(root, config or Config())
    return [f.path for f in found]


def walk_problems(root: Path, config: Config | None = None) -> list[tuple[str, int, str]]:
    _, problems = find_notes(root, config or Config())
    return [(p.path, p.line, p.code) for p in problems]


# --- order --------------------------------------------------------------------------------

def test_notes_are_listed_sorted_by_path(make_vault):
    root = make_vault({"b.md": "", "a.md": "", "Contacts/Zoe.md": "", "Contacts/Ana.md": "",
                       "Meetings/2026/x.md": "", "Z.md": ""})
    assert paths(root) == ["Contacts/Ana.md", "Contacts/Zoe.md", "Meetings/2026/x.md", "Z.md", "a.md", "b.md"]


def test_sorted_by_full_path_even_when_a_file_name_sorts_before_the_folder_separator(make_vault):
    # "a-b.md" < "a/x.md" as paths ('-' sorts before '/'), though the folder "a" sorts before "a-b.md"
    root = make_vault({"a/x.md": "", "a-b.md": "", "a b.md": "", "a.md": ""})
    listed = paths(root)
    assert sorted(listed) == ["a b.md", "a-b.md", "a.md", "a/x.md"]
    assert listed == sorted(listed)


def test_found_carries_the_real_file(make_vault):
    root = make_vault({"Contacts/Ana.md": "hello"})
    [found] = find_notes(root, Config())[0]
    assert found.path == "Contacts/Ana.md"
    assert found.real.read_text(encoding="utf-8") == "hello"


def test_load_reads_notes_in_path_order(load):
    vault = load({"Contacts/b.md": "", "Contacts/A.md": "", "People/a.md": ""})
    assert list(vault.contacts) == ["Contacts/A.md", "Contacts/b.md", "People/a.md"]


# --- skipped folders ----------------------------------------------------------------------

def test_dot_folders_are_skipped_at_any_depth(make_vault):
    root = make_vault({".obsidian/workspace.md": "", ".trash/Old.md": "", ".git/x.md": "",
                       ".vaultkit/y.md": "", "Contacts/.hidden/Ana.md": "", "Contacts/Bea.md": ""})
    assert paths(root) == ["Contacts/Bea.md"]
    assert walk_problems(root) == []


@pytest.mark.parametrize("folder", ["Templates", "templates", "TEMPLATES"])
def test_top_level_templates_folder_is_skipped_in_any_case(make_vault, folder):
    root = make_vault({f"{folder}/Contact.md": "", f"{folder}/sub/Meeting.md": "", "Contacts/Ana.md": ""})
    assert paths(root) == ["Contacts/Ana.md"]


def test_a_nested_templates_folder_is_read(make_vault):
    root = make_vault({"Projects/Templates/x.md": ""})
    assert paths(root) == ["Projects/Templates/x.md"]


def test_templates_skipped_by_load(load):
    vault = load({"Templates/Contact.md": "---\ntype: contact\n---\n",
                  "Templates/Meeting.md": "---\ntype: meeting\ndate: '{{date}}'\nwith: ['[[{{name}}]]']\n---\n"})
    assert vault.note_count == 0
    assert vault.contacts == {}
    assert codes(vault) == []


def test_default_output_folder_is_skipped(make_vault):
    root = make_vault({"VaultKit/Dashboard.md": "", "VaultKit/Balance/Ana.md": "", "VaultKitty/x.md": ""})
    assert paths(root) == ["VaultKitty/x.md"]


def test_output_folder_is_skipped_in_any_case(make_vault):
    root = make_vault({"vaultkit/Dashboard.md": ""})
    assert paths(root) == []


def test_configured_output_folder_is_skipped_and_the_default_one_is_read(make_vault):
    root = make_vault({"Reports/CRM/Goals.md": "", "Reports/Other.md": "", "VaultKit/x.md": ""})
    assert paths(root, Config(output_folder="Reports/CRM")) == ["Reports/Other.md", "VaultKit/x.md"]


def test_configured_output_folder_is_skipped_by_load(load):
    vault = load({"vaultkit.toml": 'output_folder = "CRM"\n', "CRM/Contacts/Ana.md": "", "Contacts/Bea.md": ""})
    assert vault.note_count == 1
    assert list(vault.contacts) == ["Contacts/Bea.md"]


# --- ignore globs -------------------------------------------------------------------------

def test_ignore_double_star_skips_a_whole_folder(make_vault):
    root = make_vault({"Archive/a.md": "", "Archive/2020/b.md": "", "Archives/c.md": "", "d.md": ""})
    assert paths(root, Config(ignore=("Archive/**",))) == ["Archives/c.md", "d.md"]


def test_ignore_file_pattern_at_the_top_level(make_vault):
    root = make_vault({"idea.draft.md": "", "idea.md": ""})
    assert paths(root, Config(ignore=("*.draft.md",))) == ["idea.md"]


def test_ignore_pattern_without_a_slash_matches_at_any_depth(make_vault):
    # gitignore rule: a pattern with no slash matches a name in any folder
    root = make_vault({"Contacts/Ana.draft.md": "", "Contacts/Ana.md": "", "Notes/deep/x.draft.md": ""})
    assert paths(root, Config(ignore=("*.draft.md",))) == ["Contacts/Ana.md"]


def test_ignore_double_star_prefix_matches_a_folder_anywhere(make_vault):
    root = make_vault({"private/a.md": "", "Contacts/private/b.md": "", "Contacts/private/sub/c.md": "",
                       "Contacts/privateer.md": "", "Contacts/Ana.md": ""})
    assert paths(root, Config(ignore=("**/private/*",))) == ["Contacts/Ana.md", "Contacts/privateer.md"]


def test_ignore_globs_from_the_config_are_used_by_load(load):
    vault = load({
        "vaultkit.toml": 'ignore = ["Archive/**", "*.draft.md", "**/private/*"]\n',
        "Archive/Contacts/Old.md": "",
        "Contacts/Ana.md": "",
        "Contacts/private/Bea.md": "",
        "New.draft.md": "---\ntype: contact\n---\n",
    })
    assert list(vault.contacts) == ["Contacts/Ana.md"]
    assert vault.note_count == 1


# --- what is a note -----------------------------------------------------------------------

def test_a_directory_named_like_a_note_is_walked_not_read(make_vault):
    root = make_vault({"Folder.md/inner.md": "", "Folder.md/notes.txt": ""})
    assert paths(root) == ["Folder.md/inner.md"]


def test_an_empty_directory_named_like_a_note_is_not_a_note(make_vault):
    root = make_vault({"Contacts/Ana.md": ""})
    (root / "Contacts" / "Bea.md").mkdir()
    assert paths(root) == ["Contacts/Ana.md"]


def test_only_markdown_files_are_read(make_vault):
    root = make_vault({"a.md": "", "b.txt": "", "c.markdown": "", "d.md.bak": "", "e.canvas": "",
                       "image.png": b"\x89PNG\r\n", "Ana.md~": ""})
    assert paths(root) == ["a.md"]


# --- symlinks -----------------------------------------------------------------------------

def test_a_symlinked_file_inside_the_vault_is_read(make_vault):
    root = make_vault({"Contacts/Ana.md": "real"})
    (root / "Shortcuts").mkdir()
    os.symlink(root / "Contacts" / "Ana.md", root / "Shortcuts" / "Ana link.md")
    found, problems = find_notes(root, Config())
    assert [f.path for f in found] == ["Contacts/Ana.md", "Shortcuts/Ana link.md"]
    assert found[1].real.read_text(encoding="utf-8") == "real"
    assert problems == []


def test_a_relative_symlink_inside_the_vault_is_read_by_load(make_vault):
    root = make_vault({"Notes/Ana.md": "---\ntype: contact\n---\n"})
    (root / "Contacts").mkdir()
    os.symlink("../Notes/Ana.md", root / "Contacts" / "Ana.md")
    vault = load_vault(root, TODAY)
    assert vault.note_count == 2
    assert sorted(vault.contacts) == ["Contacts/Ana.md", "Notes/Ana.md"]


def test_a_symlink_pointing_outside_the_vault_is_not_read(make_vault, tmp_path):
    outside = tmp_path / "elsewhere" / "Secret.md"
    outside.parent.mkdir()
    outside.write_text("---\ntype: contact\n---\n", encoding="utf-8")
    root = make_vault({"Contacts/Ana.md": ""})
    os.symlink(outside, root / "Contacts" / "Secret.md")
    assert paths(root) == ["Contacts/Ana.md"]
    assert walk_problems(root) == [("Contacts/Secret.md", 1, "symlink-outside")]


def test_a_symlink_outside_is_reported_by_load(make_vault, tmp_path):
    outside = tmp_path / "Secret.md"
    outside.write_text("", encoding="utf-8")
    root = make_vault({"Contacts/Ana.md": ""})
    os.symlink(outside, root / "Contacts" / "Secret.md")
    vault = load_vault(root, TODAY)
    assert list(vault.contacts) == ["Contacts/Ana.md"]
    assert codes(vault) == [("Contacts/Secret.md", 1, "symlink-outside")]
    assert vault.problems[0].severity == "warning"


def test_a_dangling_symlink_is_reported(make_vault):
    root = make_vault({"Contacts/Ana.md": ""})
    os.symlink(root / "Contacts" / "Gone.md", root / "Contacts" / "Bea.md")
    assert paths(root) == ["Contacts/Ana.md"]
    assert walk_problems(root) == [("Contacts/Bea.md", 1, "broken-symlink")]


def test_a_symlink_loop_does_not_hang_and_is_not_read(make_vault):
    root = make_vault({"Contacts/Ana.md": ""})
    os.symlink(root / "Contacts" / "B.md", root / "Contacts" / "A.md")
    os.symlink(root / "Contacts" / "A.md", root / "Contacts" / "B.md")
    assert paths(root) == ["Contacts/Ana.md"]


def test_a_symlink_loop_is_reported_as_broken(make_vault):
    root = make_vault({"Contacts/Ana.md": ""})
    os.symlink(root / "Contacts" / "B.md", root / "Contacts" / "A.md")
    os.symlink(root / "Contacts" / "A.md", root / "Contacts" / "B.md")
    assert walk_problems(root) == [("Contacts/A.md", 1, "broken-symlink"), ("Contacts/B.md", 1, "broken-symlink")]


def test_a_self_loop_is_not_read(make_vault):
    root = make_vault({"a.md": ""})
    os.symlink(root / "self.md", root / "self.md")
    assert paths(root) == ["a.md"]


def test_a_symlinked_folder_inside_the_vault_is_not_walked(make_vault):
    root = make_vault({"Contacts/Ana.md": ""})
    os.symlink(root / "Contacts", root / "People")
    assert paths(root) == ["Contacts/Ana.md"]
    assert walk_problems(root) == []


def test_a_folder_symlink_to_an_ancestor_does_not_hang(make_vault):
    root = make_vault({"Contacts/Ana.md": ""})
    os.symlink(root, root / "Contacts" / "loop")
    os.symlink("..", root / "Contacts" / "up")
    assert paths(root) == ["Contacts/Ana.md"]


def test_a_symlinked_folder_outside_is_not_walked(make_vault, tmp_path):
    outside = tmp_path / "elsewhere"
    (outside / "People").mkdir(parents=True)
    (outside / "People" / "Zed.md").write_text("", encoding="utf-8")
    root = make_vault({"Contacts/Ana.md": ""})
    os.symlink(outside / "People", root / "People")
    assert paths(root) == ["Contacts/Ana.md"]


# --- odd file names -----------------------------------------------------------------------

ODD_NAMES = [
    "Ana María García.md",
    "José Núñez.md",
    "C# devs #1.md",
    "Ana (Acme) & co, 'quotes'.md",
    "日本語の名前.md",
    "x" * 240 + ".md",
]


def test_odd_file_names_are_found(make_vault):
    root = make_vault({f"Contacts/{name}": "" for name in ODD_NAMES})
    assert paths(root) == sorted(f"Contacts/{name}" for name in ODD_NAMES)


def test_odd_file_names_are_read_as_contacts(load):
    vault = load({f"Contacts/{name}": "" for name in ODD_NAMES})
    assert sorted(vault.contacts) == sorted(f"Contacts/{name}" for name in ODD_NAMES)
    assert vault.contacts["Contacts/José Núñez.md"].name == "José Núñez"
    assert vault.contacts["Contacts/C# devs #1.md"].name == "C# devs #1"
    assert codes(vault) == []


def test_a_note_with_spaces_and_accents_resolves_from_a_meeting(load):
    vault = load({
        "Contacts/José Núñez.md": "",
        "Meetings/Café con José.md": '---\ndate: 2026-11-01\nwith: ["[[José Núñez]]"]\n---\n',
    })
    assert [(i.id, i.participants) for i in vault.interactions] == [
        ("Meetings/Café con José.md", ("Contacts/José Núñez.md",))]


# --- the walk's shortcut equals the whole rule ------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from vaultkit.walk import skipped_by_name  # noqa: E402

NAMES = st.sampled_from(["a", "B", ".hidden", "Templates", "templates", "VaultKit", "Out", "x.draft", "Notes"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=st.lists(st.lists(NAMES, min_size=0, max_size=3), min_size=1, max_size=12),
       output=st.sampled_from(["VaultKit", "Out", "a/Out"]),
       ignore=st.sampled_from([(), ("*.draft.md",), ("**/B",), ("/Notes/**",), ("a/*/x.draft.md",)]))
def test_the_walk_skips_exactly_what_skipped_by_name_skips_along_the_path(tmp_path_factory, tree, output, ignore):
    root = tmp_path_factory.mktemp("tree")
    files = set()
    for folders in tree:
        for name in ("n.md", "x.draft.md"):
            files.add("/".join([*folders, name]))
    for rel in files:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("")
    config = Config(output_folder=output, ignore=ignore)

    def listed(rel: str) -> bool:
        parts = rel.split("/")
        return not any(skipped_by_name("/".join(parts[:depth]), config) for depth in range(1, len(parts) + 1))

    assert paths(root, config) == sorted(rel for rel in files if listed(rel))


def test_a_name_that_is_not_utf8_is_one_warning_shown_escaped(tmp_path):
    """A file or folder whose name is not valid UTF-8 (bytes from another system) is skipped
    with one warning naming it as ``\\xNN``; the rest of the vault is read, and a build, the
    index and ``--json`` hold only text."""
    import json
    import os

    from click.testing import CliRunner

    from vaultkit.cli import main
    from vaultkit.walk import find_one

    root = tmp_path / "vault"
    (root / "Contacts").mkdir(parents=True)
    (root / "Contacts" / "Ana.md").write_text("---\ntype: contact\n---\n", encoding="utf-8")
    with open(os.path.join(os.fsencode(root), b"Contacts", b"Caf\xe9.md"), "wb") as note:
        note.write(b"---\ntype: contact\n---\n")
    os.makedirs(os.path.join(os.fsencode(root), b"Old \xff"))
    with open(os.path.join(os.fsencode(root), b"Old \xff", b"note.md"), "wb") as note:
        note.write(b"# hi\n")
    found, problems = find_notes(root, Config())
    assert [f.path for f in found] == ["Contacts/Ana.md"]
    assert sorted((p.path, p.code) for p in problems) == [("Contacts/Caf\\xe9.md", "unreadable-name"),
                                                          ("Old \\xff", "unreadable-name")]
    one, said = find_one(root, os.fsdecode(b"Contacts/Caf\xe9.md"), Config())
    assert one is None and [p.path for p in said] == ["Contacts/Caf\\xe9.md"]
    result = CliRunner().invoke(main, ["check", str(root), "--json", "--today", "2026-12-05"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    shown = json.loads(result.output)
    assert {"Contacts/Caf\\xe9.md", "Old \\xff"} <= {p["path"] for p in shown["problems"]}
