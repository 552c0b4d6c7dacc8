"""The Re-DocRED converter on documents written for this test in Re-DocRED's layout (invented names)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from filmkg.training.docred import build, convert, detokenize, main


def mention(name: str, kind: str = "MISC") -> dict:
    return {"name": name, "type": kind, "pos": [0, 1], "sent_id": 0}


FILM_DOC = {
    "title": "The Copper Well",
    "sents": [
        ["The", "Copper", "Well", "is", "a", "1998", "film", "directed", "by", "Lotte", "Rask", "."],
        ["Rask", "cast", "Ana", "Ruiz", "(", "then", "unknown", ")", "in", "the", "lead", "."],
    ],
    "vertexSet": [
        [mention("The Copper Well")],
        [mention("Lotte Rask", "PER"), mention("Rask", "PER")],
        [mention("Ana Ruiz", "PER")],
        [mention("1998", "TIME")],
        [mention("Denmark", "LOC")],
    ],
    "labels": [
        {"h": 0, "t": 1, "r": "P57"},
        {"h": 0, "t": 2, "r": "P161"},
        {"h": 0, "t": 3, "r": "P577"},
        {"h": 1, "t": 4, "r": "P27"},
    ],
}
SONG_DOC = {
    "title": "Paper Shore (song)",
    "sents": [["Paper", "Shore", "is", "a", "song", "."]],
    "vertexSet": [[mention("Paper Shore")], [mention("Ivo Lenk", "PER")]],
    "labels": [{"h": 0, "t": 1, "r": "P162"}],
}


@pytest.mark.parametrize(
    ("tokens", "text"),
    [
        (["It", "'s", "a", "film", "(", "1998", ")", ",", "he", "said", "."], "It's a film (1998), he said."),
        (["the", "song", '"', "Paper", "Shore", '"', "opens", "it"], 'the song "Paper Shore" opens it'),
        (["a", "well", "-", "kept", "secret", ":", "yes"], "a well-kept secret: yes"),
    ],
)
def test_detokenize(tokens: list[str], text: str) -> None:
    assert detokenize(tokens) == text


def test_a_film_document_becomes_gold_with_every_mention_as_alias() -> None:
    record = convert(FILM_DOC)
    assert record is not None
    assert record["text"].startswith("The Copper Well is a 1998 film directed by Lotte Rask.")
    facts = {(g["subject"], g["property"], g["object"]) for g in record["gold"]}
    assert facts == {
        ("The Copper Well", "P57", "Lotte Rask"),
        ("The Copper Well", "P161", "Ana Ruiz"),
        ("The Copper Well", "P577", "1998"),
    }
    director = next(g for g in record["gold"] if g["property"] == "P57")
    assert director["object_aliases"] == ["Rask"]
    assert "P57" in record["annotated_properties"] and "P915" not in record["annotated_properties"]


def test_documents_not_about_a_film_and_measured_documents_are_left_out(tmp_path: Path) -> None:
    assert convert(SONG_DOC) is None
    raw = tmp_path / "raw.json"
    raw.write_text(json.dumps([FILM_DOC, SONG_DOC, FILM_DOC]), encoding="utf-8")
    assert [r["title"] for r in build([raw], [])] == ["The Copper Well"]
    measured = tmp_path / "measured.jsonl"
    measured.write_text(
        json.dumps({"title": "The Copper Well", "text": "", "gold": []}) + "\n", encoding="utf-8"
    )
    assert build([raw], [measured]) == []


def test_unreadable_input_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main([str(bad), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("filmkg: cannot read Re-DocRED input") and "\n" not in err
    assert not out.exists()
