"""Creating notes: complete or not at all, never over an existing file."""

import datetime as dt

import frontmatter
import pytest

from vaultkit.newnote import NoteExists, create_note, note_text


def test_note_text_keeps_key_order_and_drops_empty_values():
    text = note_text({"type": "contact", "name": "Ana García", "met": dt.date(2026, 11, 2),
                      "email": None, "tags": []}, "## Notes\n")
    assert text == "---\ntype: contact\nname: Ana García\nmet: 2026-11-02\n---\n\n## Notes\n"
    assert frontmatter.loads(text).metadata["name"] == "Ana García"


def test_create_note_makes_parents_and_leaves_no_temp_file(tmp_path):
    path = create_note(tmp_path / "Contacts" / "Ana.md", "hello\n")
    assert path.read_text(encoding="utf-8") == "hello\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["Ana.md"]


def test_create_note_refuses_an_existing_note_and_keeps_it(tmp_path):
    note = tmp_path / "Ana.md"
    note.write_text("mine\n", encoding="utf-8")
    with pytest.raises(NoteExists):
        create_note(note, "theirs\n")
    assert note.read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Ana.md"]


def test_create_note_refuses_a_dangling_symlink(tmp_path):
    (tmp_path / "Ana.md").symlink_to(tmp_path / "elsewhere.md")
    with pytest.raises(NoteExists):
        create_note(tmp_path / "Ana.md", "x\n")
    assert not (tmp_path / "elsewhere.md").exists()
