"""Corpus runs of `filmkg extract`: mixed good and bad files, streaming, exit codes.

Most tests swap the spaCy extractor for a small fake (one fact per text) so they
run fast; the tests marked `model` run the real extractor on the seed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from extract.records import DocumentFacts, Entity, EntityKind, Evidence, Fact, TextInput
from extract.vocab import FILM
from filmkg import pipeline
from filmkg.cli import main

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "anora.txt"


def fake_extract(log: list[str]):
    """An extractor that says each text's first word is a film directed by 'Dana Reyes'."""

    def run(inputs: Iterable[TextInput], options: pipeline.ExtractOptions) -> Iterator[DocumentFacts]:
        for item in inputs:
            log.append(f"read {item.doc_id}")
            title = item.text.split()[0]
            ev = Evidence(item.text.strip(), 0, len(item.text.strip()), "fake", 0.9)
            fact = Fact(Entity(title, EntityKind.FILM), "P57", Entity("Dana Reyes", EntityKind.PERSON), ev)
            yield DocumentFacts(doc_id=item.doc_id, facts=(fact,), source=item.source)
    return run


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    log: list[str] = []
    monkeypatch.setattr(pipeline, "extract_documents", fake_extract(log))
    return log


def corpus(root: Path) -> Path:
    texts = root / "texts"
    (texts / "sub").mkdir(parents=True)
    (texts / "alpha.txt").write_text("Alpha is a film directed by Dana Reyes.")
    (texts / "beta.md").write_text("Beta is a film directed by Dana Reyes.")
    (texts / "sub" / "gamma.txt").write_text("Gamma is a film directed by Dana Reyes.")
    (texts / "empty.txt").write_text("")
    (texts / "binary.txt").write_bytes(b"\x00\x01\x02\x03")
    (texts / "latin.txt").write_bytes("Caf\u00e9 is a film.".encode("latin-1"))
    (texts / "cover.jpg").write_bytes(b"\xff\xd8\xff")
    return texts


def test_mixed_folder_writes_good_ones_reports_bad_ones_and_exits_1(tmp_path: Path, fake: list[str]) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["extract", str(corpus(tmp_path)), "--out-dir", str(out)])
    assert result.exit_code == 1, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["alpha.ttl", "beta.ttl", "gamma.ttl"]
    skipped = [line for line in result.stderr.splitlines() if line.endswith("(skipped)")]
    assert len(skipped) == 3
    assert all(line.startswith("filmkg: E002: ") for line in skipped)
    assert {Path(line.split(": ")[2]).name for line in skipped} == {"empty.txt", "binary.txt", "latin.txt"}
    assert "extracted 3 documents (3 facts)" in result.stderr and "3 skipped" in result.stderr
    assert "Traceback" not in result.stderr
    g = Graph().parse(out / "gamma.ttl")
    assert (None, RDFS.label, Literal("Gamma")) in g
    assert (None, FILM.directedBy, None) in g


def test_inputs_are_read_as_outputs_are_written_not_all_up_front(tmp_path: Path, fake: list[str],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    for i in range(5):
        (texts / f"doc{i}.txt").write_text(f"Film{i} is a film.")
    real_write = pipeline.atomic_write

    def logged_write(path: Path, data: bytes) -> None:
        fake.append(f"write {path.stem}")
        real_write(path, data)

    monkeypatch.setattr(pipeline, "atomic_write", logged_write)
    summary = pipeline.run_to_dir([texts], tmp_path / "out", validate_output=False)
    assert summary.documents == 5
    assert fake == [f"{op} doc{i}" for i in range(5) for op in ("read", "write")]


def test_single_output_merges_good_files_and_exits_1_for_skipped(tmp_path: Path, fake: list[str]) -> None:
    texts = corpus(tmp_path)
    out = tmp_path / "all.ttl"
    files = [str(texts / n) for n in ("alpha.txt", "empty.txt", "beta.md")]
    result = CliRunner().invoke(main, ["extract", *files, "-o", str(out)])
    assert result.exit_code == 1
    g = Graph().parse(out)
    assert {str(o) for o in g.objects(None, RDFS.label)} >= {"Alpha", "Beta", "Dana Reyes"}


def test_all_inputs_bad_is_an_error_and_writes_nothing(tmp_path: Path, fake: list[str]) -> None:
    texts = corpus(tmp_path)
    out = tmp_path / "all.ttl"
    out.write_text("keep me")
    result = CliRunner().invoke(main, ["extract", str(texts / "empty.txt"), str(texts / "binary.txt"),
                                       "-o", str(out)])
    assert result.exit_code == 2
    last = result.stderr.splitlines()[-1]
    assert last == "filmkg: E002: none of the 2 inputs could be read; nothing was written"
    assert out.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.ttl", "texts"]


@pytest.mark.parametrize("fmt,suffix", [("turtle", ".ttl"), ("nt", ".nt"), ("jsonld", ".jsonld"),
                                        ("trig", ".trig")])
def test_formats_parse_back_to_the_same_graph(tmp_path: Path, fake: list[str], fmt: str, suffix: str) -> None:
    texts = corpus(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["extract", str(texts / "alpha.txt"), "--out-dir", str(out),
                                       "--format", fmt, "--quiet"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    written = out / f"alpha{suffix}"
    item = TextInput("alpha", (texts / "alpha.txt").read_text(), source="alpha.txt")
    reference = pipeline.document_graph(next(pipeline.extract_documents([item], pipeline.ExtractOptions())))
    parsed = Graph()
    parsed.parse(written, format={"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig"}[fmt])
    assert isomorphic(parsed, reference)


def test_format_follows_the_output_suffix(tmp_path: Path, fake: list[str]) -> None:
    texts = corpus(tmp_path)
    result = CliRunner().invoke(main, ["extract", str(texts / "alpha.txt"), "-o", str(tmp_path / "a.jsonld")])
    assert result.exit_code == 0
    assert (tmp_path / "a.jsonld").read_text().lstrip().startswith("{")
    bad = CliRunner().invoke(main, ["extract", str(texts / "alpha.txt"), "-o", str(tmp_path / "a.xyz")])
    assert bad.exit_code == 2 and "E030" in bad.stderr
    assert not (tmp_path / "a.xyz").exists()


# --- the real extractor -------------------------------------------------------------------


@pytest.mark.model
def test_seed_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "anora.ttl"
    result = CliRunner().invoke(main, ["extract", str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    g = Graph().parse(out)
    labels = {str(o) for o in g.objects(None, RDFS.label)}
    assert {"Anora", "Sean Baker"} <= labels

    def objects(prop) -> set[str]:
        return {str(g.value(o, RDFS.label)) for o in g.objects(None, prop)}

    assert objects(FILM.directedBy) == {"Sean Baker"}
    assert "Palme d'Or" in objects(FILM.wonAward)
    assert {"Brooklyn", "Brighton Beach", "Coney Island", "Las Vegas"} <= objects(FILM.filmedAt)
    assert any("Cannes Film Festival" in name for name in objects(FILM.premieredAt))
    assert "Neon" in objects(FILM.distributedBy)
    checked = CliRunner().invoke(main, ["validate", str(out)])
    assert checked.exit_code == 0, checked.output


@pytest.mark.model
def test_out_dir_names_each_graph_after_its_input_and_workers_agree(tmp_path: Path) -> None:
    texts = tmp_path / "in"
    texts.mkdir()
    (texts / "seed-anora.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (texts / "short.txt").write_text("Lantern Road is a 2019 Canadian drama film directed by Maren Holt.")
    one, two = tmp_path / "one", tmp_path / "two"
    for out, workers in ((one, "1"), (two, "2")):
        args = ["extract", str(texts), "--out-dir", str(out), "--workers", workers]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in one.iterdir()) == ["seed-anora.ttl", "short.ttl"]
    for name in ("seed-anora.ttl", "short.ttl"):
        assert isomorphic(Graph().parse(one / name), Graph().parse(two / name)), name


def test_a_graph_step_runs_before_validation_and_writing(tmp_path: Path, fake: list[str]) -> None:
    texts = corpus(tmp_path)
    marker = (FILM.Document, RDFS.label, Literal("stepped"))

    def step(graph: Graph) -> Graph:
        graph.add(marker)
        return graph

    pipeline.run_to_dir([texts / "alpha.txt"], tmp_path / "o", step=step, validate_output=False)
    pipeline.run_to_file([texts / "beta.md"], tmp_path / "b.ttl", step=step, validate_output=False)
    assert marker in Graph().parse(tmp_path / "o" / "alpha.ttl")
    assert marker in Graph().parse(tmp_path / "b.ttl")
    assert marker in pipeline.text_graph("Delta is a film.", step=step)


def test_progress_bar_counts_documents_per_second_and_skips(tmp_path: Path, fake: list[str],
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    from filmkg.cli import _ExtractProgress

    progress = _ExtractProgress(enabled=True)
    try:
        pipeline.run_to_dir([corpus(tmp_path)], tmp_path / "out", validate_output=False, events=progress)
    finally:
        progress.close()
    err = capsys.readouterr().err
    assert "extract: 100%" in err and "6/6" in err and "doc/s" in err
    assert err.count("(skipped)") == 3


def test_jsonld_output_is_the_same_bytes_whatever_the_hash_seed(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    source = str(REPO / "data" / "anora.ttl")
    code = ("import sys; from rdflib import Graph; from filmkg.pipeline import serialize; "
            f"sys.stdout.buffer.write(serialize(Graph().parse({source!r}), 'jsonld'))")
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, timeout=120,
                              env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in (1, 2, 3)}
    assert len(outputs) == 1
    (data,) = outputs
    assert isomorphic(Graph().parse(data=data, format="json-ld"), Graph().parse(REPO / "data" / "anora.ttl"))
