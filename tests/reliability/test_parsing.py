"""Scenarios 1-17: hostile texts and RDF files, refused before any parser with one clear line.

Untrusted input runs through the real CLI in a subprocess under RLIMIT_AS
and a wall-clock limit (conftest.py): before the guards, scenario 4 ran for
minutes, 7 crashed pyoxigraph and 1 ended in a traceback.
"""

from __future__ import annotations

import time

import pytest
from rdflib import Graph

from filmkg.errors import RdfParseError
from filmkg.io import load_graph

EX = "http://example.org/"


def laughs(levels: int = 9) -> bytes:
    """RDF/XML whose one literal expands to 10**levels characters ("billion laughs", under 1 KB)."""
    entities = ['<!ENTITY a0 "aaaaaaaaaa">']
    entities += [f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, levels)]
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n{chr(10).join(entities)}\n]>\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">\n'
            f'<rdf:Description rdf:about="http://example.org/s"><ex:p>&a{levels - 1};</ex:p>'
            "</rdf:Description>\n"
            "</rdf:RDF>\n").encode()


def test_s01_text_longer_than_spacy_max_length(cli, tmp_path):
    text = tmp_path / "long.txt"
    text.write_text(("Anora is a 2024 film directed by Sean Baker. " * 25_000)[:1_000_001], encoding="utf-8")
    out = tmp_path / "long.ttl"
    run = cli(["extract", str(text), "-o", str(out)], memory_mb=3072, timeout=120)
    assert "1,000,001 characters is longer than the extractor's limit" in run.one_line_error("E002")
    assert not out.exists() and list(tmp_path.iterdir()) == [text]
    assert run.peak_mb < 1500  # spaCy never parsed it (a 1M-character parse needs ~10 GB)


@pytest.mark.parametrize("name, data, message", [
    ("empty", b"", "is empty"),
    ("blank", b" \n\t \n", "is empty"),
    ("nul", b"Anora\x00 is a film.", "binary"),
    ("surrogate", b"Anora \xed\xa0\x80 film", "not UTF-8"),  # a lone surrogate, CESU-encoded
    ("latin1", b"Am\xe9lie is a film.", "not UTF-8"),
    ("emoji", "\U0001F3AC".encode() * 100_000, "without a space"),  # quadratic in spaCy's tokenizer
])
def test_s02_garbage_text(cli, tmp_path, name, data, message):
    text = tmp_path / f"{name}.txt"
    text.write_bytes(data)
    out = tmp_path / "out.ttl"
    run = cli(["extract", str(text), "-o", str(out), "-q"], timeout=120)
    assert message in run.one_line_error("E002")
    assert not out.exists()


@pytest.mark.model
def test_s02_garbage_text_that_reaches_the_model(cli, tmp_path):
    text = tmp_path / "odd.txt"
    text.write_text(" ".join(["\U0001F3AC"] * 5_000) + " \u200b\ufeff Ω≈ç√ ﷽ " * 50, encoding="utf-8")
    out = tmp_path / "odd.ttl"
    run = cli(["extract", str(text), "-o", str(out), "-q", "--no-validate"], timeout=300)
    assert run.returncode == 0, run.stderr
    Graph().parse(out, format="turtle")  # zero or some facts, a whole file, no traceback


def test_s03_rdfxml_external_entities(cli, tmp_path, hits):
    for i, target in enumerate(["file:///etc/passwd", f"{hits.url}/x"]):
        rdf = tmp_path / f"xxe{i}.rdf"
        rdf.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "{target}">]>\n'
                       '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                       'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/s">'
                       "<ex:p>&x;</ex:p></rdf:Description></rdf:RDF>\n", encoding="utf-8")
        run = cli(["export", str(rdf), "--format", "nt"])
        assert "DOCTYPE or ENTITY declaration is refused" in run.one_line_error("E011")
        assert "root:" not in run.stdout
    assert hits.hits == []


def test_s04_rdfxml_entity_expansion(cli, tmp_path):
    bomb = tmp_path / "laughs.rdf"
    bomb.write_bytes(laughs(9))
    assert len(bomb.read_bytes()) < 1024
    run = cli(["validate", str(bomb)], memory_mb=1024, timeout=30)
    assert "DOCTYPE or ENTITY" in run.one_line_error("E011")
    assert run.seconds < 10 and run.peak_mb < 1024
    started = time.monotonic()
    with pytest.raises(RdfParseError):
        load_graph([bomb])
    assert time.monotonic() - started < 1.0  # refused before the parser


@pytest.mark.parametrize("context", ['"{url}/ctx"', '["{url}/ctx"]', '{{"@import": "{url}/ctx"}}',
                                     '{{"p": {{"@id": "http://example.org/p", "@context": "{url}/ctx"}}}}'])
def test_s05_jsonld_remote_context(cli, tmp_path, hits, context):
    doc = tmp_path / "remote.jsonld"
    doc.write_text('{"@context": ' + context.format(url=hits.url) + ', "@id": "http://example.org/s", '
                   '"http://example.org/p": "v"}', encoding="utf-8")
    run = cli(["export", str(doc), "--format", "nt"])
    assert "only inline contexts are allowed" in run.one_line_error("E011")
    assert hits.hits == []


def test_s06_jsonld_file_context(cli, tmp_path):
    secret = tmp_path / "secret.jsonld"
    secret.write_text('{"@context": {"name": "http://example.org/LEAKED-"}}', encoding="utf-8")
    for ref in (secret.as_uri(), "secret.jsonld"):  # absolute, and relative to the document
        doc = tmp_path / "doc.jsonld"
        doc.write_text(f'{{"@context": "{ref}", "@id": "http://example.org/s", "name": "x"}}',
                       encoding="utf-8")
        run = cli(["export", str(doc), "--format", "nt"])
        assert "only inline contexts are allowed" in run.one_line_error("E011")
        assert "LEAKED" not in run.stdout + run.stderr


def test_s07_deeply_nested_jsonld(cli, tmp_path):
    doc = tmp_path / "deep.jsonld"
    doc.write_text('{"@id": "http://example.org/s", "http://example.org/p": ' + "[" * 5_000 + '"x"'
                   + "]" * 5_000 + "}", encoding="utf-8")
    run = cli(["export", str(doc), "--format", "nt"], memory_mb=1024, timeout=30)
    assert "nested more than 100 levels deep" in run.one_line_error("E011")


@pytest.mark.parametrize("depth", [1_000, 50_000])
@pytest.mark.parametrize("kind", ["list", "bnode"])
def test_s08_deeply_nested_turtle(cli, tmp_path, depth, kind):
    opening, closing = ("(", ")") if kind == "list" else (f"[ <{EX}p> ", "]")
    doc = tmp_path / "deep.ttl"
    doc.write_text(f"<{EX}s> <{EX}p> " + opening * depth + f"<{EX}o>" + closing * depth + " .\n",
                   encoding="utf-8")
    run = cli(["export", str(doc), "--format", "nt"], memory_mb=1024, timeout=30)
    assert "nested more than 100 levels deep" in run.one_line_error("E011")


def test_s08_moderately_nested_turtle_still_reads(tmp_path):
    doc = tmp_path / "ok.ttl"
    doc.write_text(f"<{EX}s> <{EX}p> " + f"[ <{EX}p> " * 99 + f"<{EX}o>" + " ]" * 99 + " .\n",
                   encoding="utf-8")
    assert len(load_graph([doc])) == 100


def test_s09_syntax_error_on_the_last_line(cli, tmp_path):
    lines = [f'<{EX}s{i}> <{EX}p> "v{i}" .' for i in range(30_000)]
    data = tmp_path / "big.nt"
    data.write_text("\n".join(lines) + f'\n<{EX}bad> <{EX}p> "unterminated .\n', encoding="utf-8")
    out = tmp_path / "out.ttl"
    out.write_bytes(b"previous export\n")
    run = cli(["export", str(data), "-o", str(out)], timeout=120)
    assert "(line 30001)" in run.one_line_error("E010")
    assert out.read_bytes() == b"previous export\n"  # untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.nt", "out.ttl"]  # no temp file left


@pytest.mark.parametrize("term", [f"<{EX}a b>", f"<{EX}a>b>", f'<{EX}a"b>', f"<{EX}a{{b>",
                                  "<javascript:alert(1)>", '"x"@not_a_tag', '"abc"^^<http://www.w3.org/2001/XMLSchema#integer>',
                                  '"2024-13-45"^^<http://www.w3.org/2001/XMLSchema#date>'])
def test_s10_bad_terms_rejected_or_round_tripped(tmp_path, term):
    doc = tmp_path / "bad.ttl"
    doc.write_text(f"<{EX}s> <{EX}p> {term} .\n", encoding="utf-8")
    try:
        graph = load_graph([doc])
    except RdfParseError as e:
        assert "not valid turtle" in str(e)
        return
    from filmkg.export import Format, serialize

    for fmt in (Format.NT, Format.TURTLE):
        again = Graph().parse(data=serialize(graph, fmt), format=fmt.rdflib_name)
        assert set(again) == set(graph.triples((None, None, None)))  # stored verbatim, re-parses


def test_s11_oversized_input_refused_before_parsing(cli, tmp_path):
    doc = tmp_path / "huge.nt"
    doc.write_text(f'<{EX}s> <{EX}p> "' + "x" * 3_000_000 + '" .\n', encoding="utf-8")
    run = cli(["export", str(doc), "--format", "nt"], env={"FILMKG_MAX_RDF_BYTES": "1000000"})
    assert "larger than the limit of 1000000 bytes" in run.one_line_error("E012")


def test_s12_compressed_input_is_not_inflated(cli, tmp_path):
    import gzip

    bomb = tmp_path / "bomb.ttl.gz"
    bomb.write_bytes(gzip.compress(b" " * 50_000_000))  # 50 MB of spaces in ~50 KB
    run = cli(["export", str(bomb), "--format", "nt"], memory_mb=1024)
    assert "unknown RDF file type '.gz'" in run.one_line_error("E010")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bomb.ttl.gz"]


@pytest.mark.parametrize("suffix, data, named", [
    (".rdf", f"<{EX}s> <{EX}p> <{EX}o> .\n".encode(), "not valid xml"),
    (".ttl", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not valid turtle"),
    (".jsonld", f"<{EX}s> <{EX}p> <{EX}o> .\n".encode(), "not valid json-ld"),
])
def test_s13_wrong_extension_is_named_no_fallback(cli, tmp_path, suffix, data, named):
    doc = tmp_path / f"mislabelled{suffix}"
    doc.write_bytes(data)
    run = cli(["export", str(doc), "--format", "nt"])
    assert named in run.one_line_error("E010")


def test_s14_blank_nodes_imported_twice(cli, tmp_path):
    doc = tmp_path / "bnodes.ttl"
    doc.write_text(f'<{EX}a> <{EX}p> [ <{EX}q> "x" ] .\n', encoding="utf-8")
    once = cli(["export", str(doc), "--format", "nt"])
    twice = cli(["export", str(doc), str(doc), "--format", "nt"])
    assert once.returncode == twice.returncode == 0
    assert len(twice.stdout.splitlines()) == 2 and twice.stdout == once.stdout


@pytest.mark.model
def test_s15_same_text_twice_and_concurrently(tmp_path):
    import subprocess
    import sys

    seed = tmp_path / "harbour.txt"
    seed.write_text("Harbour Lights is a 2019 Irish drama film directed by Ada Quill. "
                    "It stars Tom Reed and premiered at the Cork Film Festival.\n", encoding="utf-8")
    outs = [tmp_path / f"run{i}.nt" for i in range(2)]
    both = [subprocess.Popen([sys.executable, "-m", "filmkg.cli", "extract", str(seed), "-o", str(out), "-q"],
                             stderr=subprocess.PIPE) for out in outs]
    assert [p.wait(timeout=300) for p in both] == [0, 0]
    first, second = (out.read_bytes() for out in outs)
    assert first == second and first  # same IRIs, same triples, same bytes
    merged = load_graph(outs)
    assert len(merged) == len(Graph().parse(outs[0], format="nt"))  # ingesting twice adds nothing


def test_s16_user_data_cannot_change_what_reasoning_means(cli, tmp_path):
    nodes = 200
    lines = [f"<{EX}knows> a <http://www.w3.org/2002/07/owl#TransitiveProperty> .",
             f"<{EX}knows> <http://www.w3.org/2002/07/owl#propertyChainAxiom> ( <{EX}knows> <{EX}knows> ) .",
             f"<{EX}A> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <{EX}B> .",
             f"<{EX}B> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <{EX}A> .",
             "<https://w3id.org/filmkg/ontology#directedBy> a "
             "<http://www.w3.org/2002/07/owl#SymmetricProperty> ."]
    lines += [f"<{EX}n{i}> <{EX}knows> <{EX}n{(i + 1) % nodes}> ; "
              f"<http://www.w3.org/2002/07/owl#sameAs> <{EX}m{i}> ." for i in range(nodes)]
    data = tmp_path / "cycle.ttl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "inferred.nt"
    run = cli(["reason", str(data), "-o", str(out), "--timeout", "60"], timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.seconds < 30
    inferred = Graph().parse(out, format="nt")
    assert len(inferred) < 2 * len(lines)  # was 41,113 triples after 200 s with the axiom reasoned over
    assert not any(str(p) == f"{EX}knows" for _, p, _ in inferred)  # no transitive closure


def test_s16_reasoning_has_a_deadline(cli, tmp_path, anora):
    out = tmp_path / "r.trig"
    run = cli(["reason", str(anora), "-o", str(out), "--timeout", "0.05"], timeout=60)
    assert "reasoning stopped after 0.05 s" in run.one_line_error("E026")
    assert not out.exists()


def test_s17_shacl_on_adversarial_data_is_bounded_and_offline(cli, tmp_path, hits):
    nodes = 200
    lines = [f"<{EX}doc> <http://www.w3.org/2002/07/owl#imports> <{hits.url}/ontology.ttl> .",
             f"<{EX}knows> a <http://www.w3.org/2002/07/owl#TransitiveProperty> ."]
    lines += [f"<{EX}n{i}> <{EX}knows> <{EX}n{(i + 1) % nodes}> ; "
              f"a <https://w3id.org/filmkg/ontology#Film> ." for i in range(nodes)]
    data = tmp_path / "adversarial.ttl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = cli(["validate", str(data)], timeout=120)
    assert run.returncode in (0, 1) and "Traceback" not in run.stderr, run.stderr
    assert run.seconds < 60
    assert hits.hits == []  # owl:imports is never followed (pySHACL's do_owl_imports stays off)
