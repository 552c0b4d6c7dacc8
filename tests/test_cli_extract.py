"""`filmkg extract`: bad input gives one line `filmkg: E...: ...`, exit 2, no traceback, no partial file.

These cases fail before the model is loaded, so they need no spaCy model.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from filmkg.cli import main

GOOD = "Alpha is a 1999 drama film directed by Dana Reyes.\n"


def run(args: list[str], env: dict[str, str] | None = None):
    return CliRunner().invoke(main, args, env=env)


def assert_one_line_error(result, code_prefix: str = "E") -> str:
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"filmkg: {code_prefix}"), lines[0]
    assert "Traceback" not in result.stderr
    return lines[0]


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("name,content,message", [
    ("missing.txt", None, "no such file"),
    ("empty.txt", b"", "is empty"),
    ("blank.txt", b" \n\t\n", "is empty"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("latin1.txt", "Caf\u00e9 Society is a film.".encode("latin-1"), "not UTF-8"),
])
def test_single_bad_input(tmp_path: Path, name: str, content: bytes | None, message: str) -> None:
    src = tmp_path / name
    if content is not None:
        src.write_bytes(content)
    out = tmp_path / "out"
    out.mkdir()
    for args in (["-o", str(out / "g.ttl")], ["--out-dir", str(out)]):
        line = assert_one_line_error(run(["extract", str(src), *args]), "E002")
        assert message in line and name in line
        assert listing(out) == []


def test_directory_with_single_output_is_refused(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text(GOOD)
    line = assert_one_line_error(run(["extract", str(tmp_path / "texts"), "-o", str(tmp_path / "g.ttl")]))
    assert "is a directory" in line and "--out-dir" in line
    assert not (tmp_path / "g.ttl").exists()


def test_folder_without_texts(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "notes.pdf").write_bytes(b"%PDF")
    line = assert_one_line_error(run(["extract", str(tmp_path / "texts"), "--out-dir", str(tmp_path / "o")]))
    assert "no text files" in line


def test_too_large_file_with_limit_from_environment(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(GOOD * 20)
    result = run(["extract", str(big), "-o", str(tmp_path / "g.ttl")], env={"FILMKG_MAX_TEXT_BYTES": "100"})
    assert "larger than the limit of 100 bytes" in assert_one_line_error(result, "E002")
    bad = run(["extract", str(big), "-o", str(tmp_path / "g.ttl")], env={"FILMKG_MAX_TEXT_BYTES": "lots"})
    assert "FILMKG_MAX_TEXT_BYTES" in assert_one_line_error(bad, "E002")
    assert listing(tmp_path) == ["big.txt"]


def test_unwritable_output_paths(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(GOOD)
    nowhere = str(tmp_path / "nowhere" / "g.ttl")
    line = assert_one_line_error(run(["extract", str(src), "-o", nowhere]), "E030")
    assert "does not exist" in line
    blocker = tmp_path / "file"
    blocker.write_text("x")
    line = assert_one_line_error(run(["extract", str(src), "--out-dir", str(blocker)]), "E030")
    assert "not a directory" in line
    line = assert_one_line_error(run(["extract", str(src), "--out-dir", str(blocker / "sub")]), "E030")
    line = assert_one_line_error(run(["extract", str(src), "-o", str(tmp_path)]), "E030")
    assert "is a directory" in line
    assert blocker.read_text() == "x"


def test_output_that_is_an_input_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(GOOD)
    line = assert_one_line_error(run(["extract", str(src), "-o", str(src), "--format", "turtle"]), "E030")
    assert "also an input" in line
    assert src.read_text() == GOOD


def test_two_inputs_with_one_stem_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "same.txt").write_text(GOOD)
    out = tmp_path / "out"
    args = ["extract", str(tmp_path / "x"), str(tmp_path / "y"), "--out-dir", str(out)]
    line = assert_one_line_error(run(args))
    assert "same.ttl" in line
    assert not out.exists()


def test_existing_output_is_kept_when_the_run_fails(tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    out.write_text("precious")
    (tmp_path / "empty.txt").write_text("")
    assert_one_line_error(run(["extract", str(tmp_path / "empty.txt"), "-o", str(out)]))
    assert out.read_text() == "precious"
    assert listing(tmp_path) == ["empty.txt", "g.ttl"]


@pytest.mark.parametrize("args", [[], ["-o", "a.ttl", "--out-dir", "d"]])
def test_exactly_one_of_output_and_out_dir(tmp_path: Path, args: list[str]) -> None:
    src = tmp_path / "a.txt"
    src.write_text(GOOD)
    result = run(["extract", str(src), *args])
    assert result.exit_code == 2
    assert "exactly one of -o FILE" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_option_values_are_usage_errors(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(GOOD)
    for extra in (["--workers", "0"], ["--min-confidence", "1.5"], ["--format", "xml"]):
        result = run(["extract", str(src), "-o", str(tmp_path / "g.ttl"), *extra])
        assert result.exit_code == 2, extra
    assert listing(tmp_path) == ["a.txt"]


def test_real_process_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "filmkg.cli", "extract", str(tmp_path / "none.txt"),
                           "-o", str(tmp_path / "g.ttl")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [f"filmkg: E002: {tmp_path / 'none.txt'}: no such file"]
    assert proc.stdout == ""
