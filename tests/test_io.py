"""filmkg.io: every bad input is an InputError/RdfParseError/OutputError, never anything else."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from filmkg.errors import InputError, OutputError, RdfParseError
from filmkg.io import atomic_write, expand_inputs, load_graph, read_text


def test_reads_utf8_text_with_stem_as_id(tmp_path: Path) -> None:
    f = tmp_path / "some-film.txt"
    f.write_text("Alpha is a 1999 film.", encoding="utf-8")
    item = read_text(f)
    assert (item.doc_id, item.text, item.source) == ("some-film", "Alpha is a 1999 film.", "some-film.txt")


def test_strips_utf8_bom(tmp_path: Path) -> None:
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbfAlpha")
    assert read_text(f).text == "Alpha"


@pytest.mark.parametrize("content,message", [
    (None, "no such file"),
    (b"", "is empty"),
    (b"  \n\t ", "is empty"),
    (b"\x00\x01\x02binary", "binary"),
    (b"caf\xe9 au lait", "not UTF-8"),
])
def test_bad_text_inputs(tmp_path: Path, content: bytes | None, message: str) -> None:
    f = tmp_path / "in.txt"
    if content is not None:
        f.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_text(f)


def test_directory_and_size_limit(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)
    big = tmp_path / "big.txt"
    big.write_text("word " * 100)
    with pytest.raises(InputError, match="larger than the limit"):
        read_text(big, max_bytes=50)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=200))
def test_any_bytes_read_or_fail_cleanly(tmp_path: Path, data: bytes) -> None:
    f = tmp_path / "fuzz.txt"
    f.write_bytes(data)
    try:
        item = read_text(f)
    except InputError as e:
        assert str(e).startswith("E002: ")
        assert "\n" not in str(e)
    else:
        assert item.text.strip()


def test_expand_inputs_lists_text_files_sorted(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "notes.bin").write_bytes(b"x")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.md").write_text("c")
    names = [p.name for p in expand_inputs([tmp_path])]
    assert names == ["a.txt", "b.txt", "c.md"]


def test_load_graph_parses_by_suffix_and_merges(tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_text('<urn:a> <urn:p> "x" .')
    (tmp_path / "b.nt").write_text('<urn:b> <urn:p> "y" .\n')
    graph = load_graph([tmp_path / "a.ttl", tmp_path / "b.nt"])
    assert len(graph) == 2


@pytest.mark.parametrize("name,content,message", [
    ("bad.ttl", "<urn:a> <urn:p> .", "not valid turtle"),
    ("bad.jsonld", "{not json", "not valid json-ld"),
    ("data.csv", "a,b", "unknown RDF file type"),
])
def test_load_graph_errors(tmp_path: Path, name: str, content: str, message: str) -> None:
    f = tmp_path / name
    f.write_text(content)
    with pytest.raises(RdfParseError, match=message) as info:
        load_graph([f])
    assert "\n" not in str(info.value)


def test_load_graph_missing_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_graph([tmp_path / "nope.ttl"])
    with pytest.raises(InputError, match="is a directory"):
        load_graph([tmp_path])


def test_atomic_write_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    target.write_text("old")
    atomic_write(target, b"new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_atomic_write_to_missing_folder_fails_cleanly(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        atomic_write(tmp_path / "nope" / "out.ttl", b"x")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_atomic_write_to_read_only_folder_keeps_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    target.write_text("old")
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(OutputError):
            atomic_write(target, b"new")
    finally:
        tmp_path.chmod(0o700)
    assert target.read_text() == "old"


def test_atomic_write_keeps_old_file_when_interrupted(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "out.ttl"
    target.write_text("old")

    def boom(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OutputError, match="No space left"):
        atomic_write(target, b"new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_atomic_write_gives_new_files_the_umask_mode_and_keeps_old_modes(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.ttl"
        atomic_write(fresh, b"x")
        assert fresh.stat().st_mode & 0o777 == 0o644
        kept = tmp_path / "kept.ttl"
        kept.write_text("old")
        kept.chmod(0o640)
        atomic_write(kept, b"new")
        assert kept.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(mask)
