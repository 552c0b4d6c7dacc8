"""No network in tests: an audit hook that blocks every connection or lookup beyond loopback.

Installed by tests/conftest.py for the test process, and (through the
`sitecustomize.py` beside this file, put on PYTHONPATH by the conftest) for
every Python subprocess a test starts. A blocked attempt raises
`NetworkBlocked` (a RuntimeError, so code that catches OSError cannot swallow
it) and is recorded: in `BLOCKED` in-process, and as a line in the file
$FILMKG_NETGUARD_LOG for subprocesses, so the conftest fails the test even
when the code under test catches the error. Sockets opened by native code
(pyoxigraph's Rust HTTP client) do not pass through Python's audit events;
for those the SERVICE/LOAD guards and loopback servers that count hits do.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
BLOCKED: list[str] = []
#: Subprocesses report through $FILMKG_NETGUARD_LOG; the test process itself through BLOCKED only.
LOG_TO_FILE = True
_installed = False


class NetworkBlocked(RuntimeError):
    """A test tried to reach a host other than this machine."""


def is_loopback(host: object) -> bool:
    if host is None or host == "" or host == b"":
        return True  # a bind/lookup of the wildcard or a passive socket is no outbound traffic
    if isinstance(host, bytes):
        host = host.decode("ascii", errors="replace")
    if not isinstance(host, str):
        return False
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _block(what: str) -> None:
    BLOCKED.append(what)
    log = os.environ.get("FILMKG_NETGUARD_LOG")
    if log and LOG_TO_FILE:
        try:
            with open(log, "a", encoding="utf-8") as handle:
                handle.write(f"{os.getpid()} {what}\n")
        except OSError:
            pass
    raise NetworkBlocked(f"network access outside 127.0.0.1 is blocked in tests: {what}")


_LOOKUPS = frozenset({"socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
                      "socket.gethostbyname_ex"})


def _hook(event: str, args: tuple) -> None:
    if event in ("socket.connect", "socket.sendto"):
        address = args[1]
        if isinstance(address, tuple) and not is_loopback(address[0]):
            _block(f"{event} {address[:2]!r}")
    elif event in _LOOKUPS and not is_loopback(args[0]):
        _block(f"{event} {args[0]!r}")


def install() -> None:
    """Add the audit hook once (audit hooks cannot be removed, by design)."""
    global _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True


@contextmanager
def expect_blocked() -> Iterator[list[str]]:
    """For the tests of the guard itself: the attempts made inside are returned, not failures."""
    start = len(BLOCKED)
    seen: list[str] = []
    try:
        yield seen
    finally:
        seen.extend(BLOCKED[start:])
        del BLOCKED[start:]
