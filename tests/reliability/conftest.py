"""Helpers of the reliability tests: a CLI run under a memory and a wall-clock limit, a hit counter.

Untrusted input can crash (SIGSEGV) or hang the interpreter, so those tests
run `python -m filmkg.cli` in a subprocess with RLIMIT_AS and a deadline and
look at its exit status, stderr, wall time and peak memory. Outbound requests
are counted by a loopback HTTP server (and blocked beyond loopback by the
network guard of tests/conftest.py).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Run:
    """What a limited CLI run did."""

    returncode: int  # negative: killed by that signal
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float
    timed_out: bool

    def one_line_error(self, code: str) -> str:
        """Assert exit 2 with exactly one `filmkg: CODE: ...` line on stderr and no traceback."""
        assert not self.timed_out, f"still running after {self.seconds:.1f} s"
        assert self.returncode == 2, (self.returncode, self.stderr[-2000:])
        lines = self.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"filmkg: {code}: "), self.stderr[-2000:]
        assert "Traceback" not in self.stderr
        return lines[0]


def run_cli(args: list[str], *, memory_mb: int = 2048, timeout: float = 60, cwd: Path | None = None,
            env: dict[str, str] | None = None) -> Run:
    """`filmkg ARGS` in a subprocess with RLIMIT_AS = memory_mb and a wall-clock limit."""
    limit = memory_mb * 1024 * 1024

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "filmkg.cli", *args], stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL, preexec_fn=cap, cwd=cwd or ROOT,
                                env={**os.environ, **(env or {})})
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > timeout:
                proc.kill()
                timed_out = True
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped; keep Popen quiet
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        return Run(proc.returncode, out.read().decode("utf-8", "replace"),
                   err.read().decode("utf-8", "replace"), seconds, usage.ru_maxrss / 1024, timed_out)


class HitCounter(ThreadingHTTPServer):
    """A loopback HTTP server that answers every request with `body` and counts the requests."""

    daemon_threads = True

    def __init__(self, body: bytes = b"", media_type: str = "text/plain") -> None:
        self.hits: list[str] = []
        self.body, self.media_type = body, media_type
        counter = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                counter.hits.append(f"{self.command} {self.path}")
                self.send_response(200)
                self.send_header("Content-Type", counter.media_type)
                self.send_header("Content-Length", str(len(counter.body)))
                self.end_headers()
                self.wfile.write(counter.body)

            do_GET = do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture
def hits() -> Iterator[HitCounter]:
    server = HitCounter(b'{"@context": {"secret": "http://example.org/secret"}}', "application/ld+json")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def anora() -> Path:
    return ROOT / "data" / "anora.ttl"
