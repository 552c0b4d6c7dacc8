"""Query parameters for the store, bound by a `VALUES` clause at the start of the query's WHERE.

pyoxigraph's `substitutions=` binds a variable before evaluation but does not
let the optimiser start from it: on a million triples "Who directed Film
1234" took 46 ms with a substitution and 0.2 ms with the same binding as a
leading VALUES row (films-by-person: 567 ms and 3 ms). The values are RDF
terms written by pyoxigraph (escaped N-Triples syntax), placed by the SPARQL
tokenizer after the first `{` of the WHERE clause; the user's text is never
pasted in. A remote store gets the same clause.
"""

from __future__ import annotations

from filmkg.queries import SPARQL_TOKEN


def bind_by_values(text: str, substitutions: dict) -> str:
    """`text` with `VALUES (?a ?b) { (term term) }` first in its WHERE group (or last, if none is found)."""
    if not substitutions:
        return text
    names = " ".join(str(v) for v in substitutions)
    terms = " ".join(str(t) for t in substitutions.values())
    clause = f" VALUES ({names}) {{ ({terms}) }} "
    seen_where = False
    is_construct = False
    for match in SPARQL_TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group()
        if kind == "word" and value.upper() == "CONSTRUCT":
            is_construct = True
        elif kind == "word" and value.upper() == "WHERE":
            seen_where = True
        elif kind == "other" and value == "{" and (seen_where or not is_construct):
            return text[:match.end()] + clause + text[match.end():]
    return f"{text}\n{clause}"
