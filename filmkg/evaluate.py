"""`filmkg eval`: extract the gold documents, score the graphs, show what went wrong and where.

Gold files are JSON Lines, one document a line (the format of the shared
evaluation sets): `{"id", "text", "title"?, "annotated_properties"?, "gold":
[{"subject", "subject_aliases", "property", "object", "object_aliases"}]}`.
Scoring goes through the RDF graph exactly as an outside scorer sees it (see
`filmkg.scoring`), so the figures agree with one run on `filmkg extract`'s files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from extract.records import TextInput
from extract.vocab import PROPERTY_BY_PID
from filmkg.errors import InputError
from filmkg.io import RDF_FORMAT_BY_SUFFIX, as_graph, load_graph
from filmkg.pipeline import ExtractOptions, document_graph, extract_documents
from filmkg.scoring import Counts, GoldFact, Prediction, iso_date, match, predictions, property_alignment

#: Every fact property of the ontology is scored unless the user restricts them.
DEFAULT_PROPERTIES: tuple[str, ...] = tuple(PROPERTY_BY_PID)


@dataclass(frozen=True)
class GoldDoc:
    """One gold document; `annotated` limits the properties its annotators looked for."""

    doc_id: str
    text: str
    facts: tuple[GoldFact, ...]
    annotated: frozenset[str] | None = None
    title: str | None = None


@dataclass
class DocReport:
    doc_id: str
    per_property: dict[str, Counts]
    false_positives: list[tuple[Prediction, tuple[str, ...]]]
    misses: list[tuple[GoldFact, tuple[str, ...]]]


@dataclass
class EvalReport:
    """Figures per property and overall (micro), and each document's errors."""

    properties: tuple[str, ...]
    documents: list[DocReport] = field(default_factory=list)
    missing_outputs: list[str] = field(default_factory=list)

    @property
    def per_property(self) -> dict[str, Counts]:
        total: dict[str, Counts] = {}
        for doc in self.documents:
            for pid, counts in doc.per_property.items():
                total.setdefault(pid, Counts()).add(counts)
        return dict(sorted(total.items(), key=lambda kv: _pid_order(kv[0])))

    @property
    def micro(self) -> Counts:
        total = Counts()
        for counts in self.per_property.values():
            total.add(counts)
        return total


def _pid_order(pid: str) -> tuple[int, str]:
    digits = pid[1:]
    return (int(digits) if digits.isdigit() else 0, pid)


def parse_properties(text: str | None) -> tuple[str, ...]:
    """'P57,P161' -> ('P57', 'P161'); None -> all properties; anything else is an InputError."""
    if not text:
        return DEFAULT_PROPERTIES
    pids = tuple(p.strip().upper() for p in text.split(",") if p.strip())
    bad = [p for p in pids if not re.fullmatch(r"P\d+", p)]
    if bad or not pids:
        raise InputError(f"--properties {text!r}: expected Wikidata property ids like P57,P161")
    return pids


def load_gold(paths: Sequence[Path]) -> list[GoldDoc]:
    """Read gold JSON Lines files; a malformed line is an InputError naming file and line."""
    docs: list[GoldDoc] = []
    seen: dict[str, str] = {}
    for path in paths:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError as e:
            raise InputError(f"{path}: no such file") from e
        except IsADirectoryError as e:
            raise InputError(f"{path}: is a directory, not a gold .jsonl file") from e
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(f"{path}: cannot be read as UTF-8 JSON Lines ({e})") from e
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            doc = _gold_doc(line, where)
            if doc.doc_id in seen:
                raise InputError(f"{where}: document id {doc.doc_id!r} already used at {seen[doc.doc_id]}")
            seen[doc.doc_id] = where
            docs.append(doc)
    if not docs:
        raise InputError(f"{', '.join(map(str, paths))}: no gold documents")
    return docs


def _gold_doc(line: str, where: str) -> GoldDoc:
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as e:
        raise InputError(f"{where}: not valid JSON ({e.msg})") from e
    if not isinstance(raw, dict):
        raise InputError(f"{where}: expected a JSON object per line")
    doc_id, text, gold = raw.get("id"), raw.get("text"), raw.get("gold")
    if not isinstance(doc_id, str) or not doc_id or "/" in doc_id:
        raise InputError(f"{where}: 'id' must be a non-empty string without '/'")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: 'text' must be a non-empty string")
    if not isinstance(gold, list):
        raise InputError(f"{where}: 'gold' must be a list of facts")
    facts = tuple(_gold_fact(item, f"{where}: gold[{i}]") for i, item in enumerate(gold))
    annotated = raw.get("annotated_properties")
    if annotated is not None and not (isinstance(annotated, list)
                                      and all(isinstance(p, str) for p in annotated)):
        raise InputError(f"{where}: 'annotated_properties' must be a list of property ids")
    title = raw.get("title") if isinstance(raw.get("title"), str) else None
    return GoldDoc(doc_id, text, facts, frozenset(annotated) if annotated is not None else None, title)


def _gold_fact(item: object, where: str) -> GoldFact:
    if not isinstance(item, dict):
        raise InputError(f"{where}: expected an object")
    values = [item.get(k) for k in ("subject", "property", "object")]
    if not all(isinstance(v, str) and v for v in values):
        raise InputError(f"{where}: 'subject', 'property' and 'object' must be non-empty strings")
    aliases = []
    for key in ("subject_aliases", "object_aliases"):
        names = item.get(key) or []
        if not (isinstance(names, list) and all(isinstance(n, str) for n in names)):
            raise InputError(f"{where}: {key!r} must be a list of strings")
        aliases.append(tuple(names))
    subject, pid, obj = values
    return GoldFact(str(subject), str(pid), str(obj), aliases[0], aliases[1])


# --- graphs to score --------------------------------------------------------------------


def extracted_graphs(docs: Sequence[GoldDoc], options: ExtractOptions) -> Iterator[tuple[GoldDoc, Graph]]:
    """Extract each gold text as `filmkg extract` would a file `<id>.txt`, and build its graph."""
    inputs = (TextInput(doc_id=d.doc_id, text=d.text, source=f"{d.doc_id}.txt") for d in docs)
    by_id = {d.doc_id: d for d in docs}
    for facts in extract_documents(inputs, options):
        yield by_id[facts.doc_id], document_graph(facts)


def stored_graphs(docs: Sequence[GoldDoc], folder: Path) -> Iterator[tuple[GoldDoc, Graph | None]]:
    """Graphs made earlier: `<folder>/<id>.<ext>` for each document, None where there is none."""
    if not folder.is_dir():
        raise InputError(f"{folder}: is not a folder of graphs")
    for doc in docs:
        files = sorted(f for f in folder.glob(f"{glob_escape(doc.doc_id)}.*")
                       if f.suffix.lower() in RDF_FORMAT_BY_SUFFIX)
        yield doc, as_graph(load_graph(files[:1])) if files else None


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


# --- scoring ------------------------------------------------------------------------------


def evaluate(pairs: Iterable[tuple[GoldDoc, Graph | None]], *, properties: Sequence[str],
             ontology: Graph) -> EvalReport:
    """Score each document's graph against its gold facts."""
    scored = frozenset(properties)
    report = EvalReport(tuple(properties))
    for doc, graph in pairs:
        props = scored & doc.annotated if doc.annotated is not None else scored
        if graph is None:
            report.missing_outputs.append(doc.doc_id)
            graph = Graph()
        found = predictions(graph, property_alignment([ontology, graph]), props)
        result = match(doc.facts, found, props)
        report.documents.append(DocReport(
            doc.doc_id, result.per_property,
            [(p, found.get(p, ())) for p in result.false_positives],
            [(m, mention_sentences(doc.text, m)) for m in result.misses]))
    return report


#: A sentence ends at . ! ? followed by space, unless the dot ends an initial ("E. Wills") or a title.
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\b[A-Z]\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)"
                           r"(?<!\bJr\.)(?<!\bSr\.)(?<!\bvs\.)(?<!\bMrs\.)\s+|\n+")


def mention_sentences(text: str, fact: GoldFact, limit: int = 2) -> tuple[str, ...]:
    """Sentences of the text that mention a missed fact's object (its year, for a date)."""
    if fact.pid == "P577":
        needles = [iso_date(fact.object)[:4]]
    else:
        needles = [n for n in fact.object_names if len(n) >= 2]
    patterns = [re.compile(rf"(?<!\w){re.escape(n)}(?!\w)", re.IGNORECASE) for n in needles]
    found: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        sentence = " ".join(sentence.split())
        hit = next((m for p in patterns if (m := p.search(sentence))), None)
        if hit is not None:
            found.append(_window(sentence, hit.start(), hit.end()))
            if len(found) == limit:
                break
    return tuple(found)


def _window(sentence: str, start: int, end: int, width: int = 200) -> str:
    """The sentence, or a part of it around [start, end) with "..." where it is cut."""
    if len(sentence) <= width:
        return sentence
    left = max(0, min(start - (width - (end - start)) // 2, len(sentence) - width))
    part = sentence[left:left + width]
    return ("..." if left > 0 else "") + part + ("..." if left + width < len(sentence) else "")


# --- presenting ---------------------------------------------------------------------------


def _figures(counts: Counts) -> dict[str, float | int]:
    return {"tp": counts.tp, "fp": counts.fp, "fn": counts.fn, "precision": round(counts.precision, 4),
            "recall": round(counts.recall, 4), "f1": round(counts.f1, 4)}


def as_json(report: EvalReport, *, errors: int) -> dict:
    """The figures as JSON (same keys as the reference scorer's --json), plus up to `errors` each."""
    micro = report.micro
    return {
        "docs": len(report.documents), "missing_outputs": report.missing_outputs,
        **_figures(micro), "properties": list(report.properties),
        "per_property": {pid: _figures(c) for pid, c in report.per_property.items()},
        "errors": {
            d.doc_id: {
                "false_positives": [{"property": p.pid, "subject": list(p.subject_names),
                                     "object": list(p.object_names), "evidence": list(ev)}
                                    for p, ev in d.false_positives[:errors]],
                "misses": [{"property": g.pid, "subject": g.subject, "object": g.object,
                            "sentences": list(s)} for g, s in d.misses[:errors]],
            } for d in report.documents if errors and (d.false_positives or d.misses)},
    }


def as_text(report: EvalReport, *, errors: int) -> str:
    """A table per property, the micro figures, then up to `errors` FPs and misses per document."""
    lines = [f"{'property':10} {'tp':>5} {'fp':>5} {'fn':>5} {'P':>6} {'R':>6} {'F1':>6}"]
    for pid, c in report.per_property.items():
        lines.append(f"{pid:10} {c.tp:5} {c.fp:5} {c.fn:5} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}")
    for doc in report.documents if errors else []:
        if not (doc.false_positives or doc.misses):
            continue
        lines.append(f"\n{doc.doc_id}")
        for p, evidence in doc.false_positives[:errors]:
            lines.append(f"  FP   {p.pid} {_name(p.subject_names)} -> {_name(p.object_names)}")
            lines.extend(f"       | {_around(s, p.object_names)}" for s in evidence[:1])
        for g, sentences in doc.misses[:errors]:
            lines.append(f"  MISS {g.pid} {g.subject} -> {g.object}")
            lines.extend(f"       | {_clip(s)}" for s in sentences)
            if not sentences:
                lines.append("       | (the text never names it as written)")
        hidden = max(0, len(doc.false_positives) - errors) + max(0, len(doc.misses) - errors)
        if hidden:
            lines.append(f"  ... and {hidden} more (raise --errors)")
    if report.missing_outputs:
        lines.append(f"\nno graph for {len(report.missing_outputs)} documents: "
                     + " ".join(report.missing_outputs[:10]))
    m = report.micro
    lines.append(f"\nmicro P={m.precision:.3f} R={m.recall:.3f} F1={m.f1:.3f} over "
                 f"{len(report.documents)} docs (tp={m.tp} fp={m.fp} fn={m.fn})")
    return "\n".join(lines)


def _name(names: tuple[str, ...]) -> str:
    return " / ".join(names[:2]) + (" ..." if len(names) > 2 else "")


def _around(sentence: str, names: tuple[str, ...]) -> str:
    """An evidence sentence, cut around the first of `names` it contains."""
    flat = " ".join(sentence.split())
    lowered = flat.casefold()
    for name in names:
        at = lowered.find(name.casefold())
        if at >= 0:
            return _window(flat, at, at + len(name))
    return _clip(flat)


def _clip(sentence: str, width: int = 206) -> str:
    flat = " ".join(sentence.split())
    return flat if len(flat) <= width else flat[: width - 3] + "..."
