"""The network guard itself: outbound attempts are blocked and recorded; loopback works."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import httpx
import netguard
import pytest


def test_a_connection_to_another_host_is_blocked_and_recorded():
    with netguard.expect_blocked() as seen:
        with pytest.raises(netguard.NetworkBlocked):
            socket.create_connection(("192.0.2.1", 80), timeout=0.1)  # TEST-NET-1, never routed
        with pytest.raises(netguard.NetworkBlocked):
            socket.getaddrinfo("example.org", 443)  # a DNS lookup is traffic too
        with pytest.raises(netguard.NetworkBlocked):
            httpx.get("http://192.0.2.1/", timeout=0.1)  # through a real client library
    assert len(seen) == 3 and "192.0.2.1" in seen[0] and "example.org" in seen[1]


def test_loopback_is_allowed():
    class Hello(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"hi")

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Hello)
    threading.Thread(target=server.handle_request, daemon=True).start()
    try:
        assert httpx.get(f"http://127.0.0.1:{server.server_address[1]}/", timeout=5).text == "hi"
    finally:
        server.server_close()


def test_python_subprocesses_are_guarded_too(tmp_path, monkeypatch):
    log = tmp_path / "blocked.log"
    monkeypatch.setenv("FILMKG_NETGUARD_LOG", str(log))  # this test's own log, not the session's
    code = "import socket; socket.create_connection(('192.0.2.1', 80), timeout=0.1)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "NetworkBlocked" in done.stderr
    assert "192.0.2.1" in log.read_text()
