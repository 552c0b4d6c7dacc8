"""Scenarios 36, 37 and 38 on the persistent store (filmkg.open): one writer process, snapshot reads.

(34, SIGKILL during ingest, is tests/test_store_crash.py; 14, re-ingest, is
tests/test_store_kg.py::test_cli_ingest_twice_gives_the_same_store.) And 38:
a remote store behind a proxy that fails updates on the way in and back.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Literal, URIRef

import filmkg
from filmkg.errors import StoreError

BATCH = 50


def batch_graph(i: int) -> Graph:
    graph = Graph()
    for j in range(BATCH):
        graph.add((URIRef(f"https://w3id.org/filmkg/id/film/f{i}-{j}"),
                   URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal(f"Film {i}-{j}")))
    return graph


def test_s36_second_process_on_the_same_store_gets_one_line(tmp_path):
    path = tmp_path / "kg.db"
    with filmkg.open(path):
        code = f"import filmkg; filmkg.open({str(path)!r})"
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
        assert done.returncode != 0
        assert "E060" in done.stderr or "StoreError" in done.stderr


def test_s37_readers_see_whole_batches_only(tmp_path):
    with filmkg.open(tmp_path / "kg.db") as kg:
        label = "http://www.w3.org/2000/01/rdf-schema#label"
        count = (f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s <{label}> ?o "
                 'FILTER(STRSTARTS(STR(?s), "https://w3id.org/filmkg/id/film/f")) } }')
        seen: list[int] = []
        done = threading.Event()

        def read() -> None:
            while not done.is_set():
                seen.append(int(next(iter(kg.run(count)))["n"].value))

        reader = threading.Thread(target=read)
        reader.start()
        try:
            for i in range(30):
                kg.add_graph(f"batch{i}", batch_graph(i), validate=False)
        finally:
            done.set()
            reader.join()
        assert len(set(seen)) > 2  # the reader saw the store between batches, not only before and after
        assert all(n % BATCH == 0 for n in seen), sorted({n % BATCH for n in seen})
        assert int(next(iter(kg.run(count)))["n"].value) == 30 * BATCH


class FaultyProxy:
    """A loopback proxy in front of `oxigraph serve` that fails chosen /update requests and counts them.

    A fault "before" answers 503 without passing the update on; "after" passes it on (so the server
    applies it) and then answers 502, as a connection lost on the way back would.
    """

    def __init__(self, upstream: str) -> None:
        self.updates: list[str] = []
        self.faults: list[str] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                fault = proxy.faults.pop(0) if self.path == "/update" and proxy.faults else None
                if self.path == "/update":
                    proxy.updates.append(fault or "ok")
                if fault == "before":
                    return self._send(503, b"busy", "text/plain")
                answer = httpx.post(upstream + self.path, content=body, headers={
                    k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")})
                if fault == "after":
                    return self._send(502, b"lost", "text/plain")
                self._send(answer.status_code, answer.content, answer.headers.get("content-type", ""))

            def _send(self, status: int, body: bytes, media: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", media)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def test_s38_remote_store_failure_mid_write(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    server = subprocess.Popen([binary, "serve", "--location", str(tmp_path / "remote"), "--bind",
                               f"127.0.0.1:{port}", "--union-default-graph"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        upstream = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        proxy = FaultyProxy(upstream)
        with filmkg.open(proxy.url) as kg:
            before = kg.count()
            proxy.updates.clear()
            proxy.faults = ["before", "after"]  # fails once on the way in, once on the way back
            kg.add_graph("batch0", batch_graph(0), validate=False)
            assert proxy.updates == ["before", "after", "ok"]  # one request per batch, retried whole
            once = kg.count()
            assert once > before
            kg.add_graph("batch0", batch_graph(0), validate=False)  # the retry (and a re-send) is idempotent
            assert kg.count() == once
            proxy.faults = ["before"] * 10
            with pytest.raises(StoreError, match="503"):
                kg.add_graph("batch1", batch_graph(1), validate=False)
            assert kg.count() == once  # no half batch left by our client
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_s07_s24_store_entry_points_run_the_guards(tmp_path):
    from filmkg.errors import QueryRefused, RdfRefused

    deep = tmp_path / "deep.jsonld"
    deep.write_text('{"@id": "http://example.org/s", "http://example.org/p": ' + "[" * 5_000 + '"x"'
                    + "]" * 5_000 + "}", encoding="utf-8")
    with filmkg.open(tmp_path / "kg.db") as kg:
        with pytest.raises(RdfRefused):  # pyoxigraph's bulk loader would crash on it
            kg.load([deep])
        with pytest.raises(QueryRefused):  # and its query parser on this
            kg.query("SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 5_000 + "1" + ")" * 5_000 + ") }")
        assert kg.documents() == []
