"""Changing ``output_folder``: the pages vaultkit wrote into the previous folder are removed
(unedited ones only), and nothing else there is touched."""

from __future__ import annotations

from click.testing import CliRunner

from vaultkit.cli import main

from conftest import write_vault

VAULT = {
    "Contacts/Ana.md": "---\ntype: contact\ncadence: monthly\n---\n",
    "Meetings/m1.md": '---\ntype: meeting\ndate: 2026-11-01\nwith: ["[[Ana]]"]\n---\n## Gave\n- notes\n',
}


def build(root):
    return CliRunner().invoke(main, ["build", str(root), "--today", "2026-11-22"])


def test_pages_of_the_previous_output_folder_are_removed(tmp_path):
    root = write_vault(tmp_path / "vault", VAULT)
    assert build(root).exit_code == 0
    (root / "VaultKit" / "mine.md").write_text("my own note in the old folder\n", encoding="utf-8")
    (root / "vaultkit.toml").write_text('output_folder = "CRM"\n', encoding="utf-8")
    result = build(root)
    assert result.exit_code == 0, result.output
    assert "removed 6 pages vaultkit wrote into the previous output folder (VaultKit/)" in result.stderr
    assert sorted(p.relative_to(root).as_posix() for p in (root / "VaultKit").rglob("*")) == ["VaultKit/mine.md"]
    assert (root / "CRM" / "Balance" / "Ana.md").is_file()
    again = build(root)
    assert "previous output folder" not in again.stderr and "0 deleted" in again.stderr


def test_an_edited_page_of_the_previous_folder_is_kept_and_reported(tmp_path):
    root = write_vault(tmp_path / "vault", VAULT)
    build(root)
    ledger = root / "VaultKit" / "Balance" / "Ana.md"
    ledger.write_text(ledger.read_text(encoding="utf-8") + "my note\n", encoding="utf-8")
    (root / "vaultkit.toml").write_text('output_folder = "CRM"\n', encoding="utf-8")
    result = build(root)
    assert ("VaultKit/Balance/Ana.md:1: warning[generated-edited] this page is no longer generated, "
            "but it was edited by hand, so it was kept as yours") in result.output
    assert ledger.read_text(encoding="utf-8").endswith("my note\n")
    assert sorted(p.relative_to(root).as_posix() for p in (root / "VaultKit").rglob("*.md")) == [
        "VaultKit/Balance/Ana.md"]
    assert "generated-edited" not in build(root).output  # reported once, then it is simply yours


def test_a_symlink_where_the_previous_folder_was_is_left_alone(tmp_path):
    root = write_vault(tmp_path / "vault", VAULT)
    build(root)
    outside = tmp_path / "outside"
    (root / "VaultKit").rename(outside)
    (root / "VaultKit").symlink_to(outside, target_is_directory=True)
    (root / "vaultkit.toml").write_text('output_folder = "CRM"\n', encoding="utf-8")
    assert build(root).exit_code == 0
    assert (outside / "Balance" / "Ana.md").is_file()  # nothing deleted through the link
