"""filmkg.guards.check_rdf_bytes: RDF input refused before any parser sees it."""

from __future__ import annotations

import pytest

from filmkg import guards
from filmkg.errors import RdfRefused, RdfTooLarge


@pytest.mark.parametrize("data, fmt", [
    (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><r/>', "xml"),
    (b'<?xml version="1.0"?>\n<!entity a SYSTEM "file:///etc/passwd">', "xml"),
    ("<r/>".encode("utf-16"), "xml"),
    (b"<a:s> <a:p> " + b"[ <a:p> " * 1_000 + b"1" + b"]" * 1_000 + b" .", "turtle"),
    (b"<a:s> <a:p> " + b"(" * 1_000 + b")" * 1_000 + b" .", "turtle"),
    (b'{"@id": "a:x", "a:p": ' + b"[" * 5_000 + b"]" * 5_000 + b"}", "json-ld"),
    (b'{"@context": "http://127.0.0.1:9/ctx", "@id": "a:x"}', "json-ld"),
    (b'{"@context": ["file:///etc/ctx.jsonld"], "@id": "a:x"}', "json-ld"),
    (b'{"@context": {"@import": "ctx.jsonld"}, "@id": "a:x"}', "json-ld"),
    (b'{"@context": {"p": {"@id": "a:p", "@context": "http://x/c"}}}', "json-ld"),
])
def test_check_rdf_bytes_refuses(data, fmt):
    with pytest.raises(RdfRefused):
        guards.check_rdf_bytes(data, fmt)


def test_check_rdf_bytes_accepts_ordinary_input_and_counts_only_real_brackets():
    guards.check_rdf_bytes(b'<a:s> <a:p> "' + b"(" * 5_000 + b'" .', "turtle")
    guards.check_rdf_bytes(b"<a:s> <a:p> [ <a:q> ( 1 2 3 ) ] .", "turtle")
    guards.check_rdf_bytes(b'{"@context": {"p": "a:p"}, "@id": "a:x", "p": "[[[["}', "json-ld")
    guards.check_rdf_bytes(b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x"/>', "xml")


def test_check_rdf_bytes_size_cap(monkeypatch):
    monkeypatch.setenv("FILMKG_MAX_RDF_BYTES", "100")
    with pytest.raises(RdfTooLarge):
        guards.check_rdf_bytes(b" " * 101, "nt")
