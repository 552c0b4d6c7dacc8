"""Running the service: a listening socket, uvicorn, and a background-thread runner.

The CLI binds the socket first (so a taken port is one clear error before
anything loads) and runs uvicorn on it; tests, benchmarks and screenshots run
the same app in a thread with `ServerThread`.
"""

from __future__ import annotations

import socket
import threading

import uvicorn
from starlette.applications import Starlette

#: Connections handled at once; beyond it uvicorn answers 503 (queries are capped far lower).
MAX_CONNECTIONS = 256


def bind(host: str, port: int) -> socket.socket:
    """A listening socket (port 0: any free port); OSError when the address cannot be had."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(256)
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://{'[' + host + ']' if ':' in host else host}:{port}"


def make_server(app: Starlette, *, verbose: bool = False) -> uvicorn.Server:
    return uvicorn.Server(uvicorn.Config(app, log_level="info" if verbose else "warning",
                                         access_log=verbose, timeout_graceful_shutdown=2,
                                         server_header=False, limit_concurrency=MAX_CONNECTIONS))


class ServerThread:
    """The service in a background thread on a given socket (tests, benchmarks, screenshots)."""

    def __init__(self, app: Starlette, sock: socket.socket) -> None:
        self.sock = sock
        self.url = url_of(sock)
        self.server = make_server(app)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]}, daemon=True)

    def __enter__(self) -> ServerThread:
        self.thread.start()
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("the server did not start")
            threading.Event().wait(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(15)
        self.sock.close()

