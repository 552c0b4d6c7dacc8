"""filmkg.isolation.run_isolated: result or error back from a forked child; deadline; crash; memory."""

from __future__ import annotations

import os
import signal
import time

import pytest

from filmkg.errors import QueryError, QueryTimeout, UpdateNotAllowed
from filmkg.isolation import run_isolated


def test_run_isolated_returns_the_result_and_raises_the_error():
    assert run_isolated(lambda: ("rows", os.getpid()), timeout=10)[0] == "rows"
    assert run_isolated(lambda: os.getpid(), timeout=10) != os.getpid()

    def bad() -> None:
        raise UpdateNotAllowed("no")

    with pytest.raises(UpdateNotAllowed):
        run_isolated(bad, timeout=10)


def test_run_isolated_stops_at_the_deadline_and_leaves_no_child():
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="stopped after 0.5 s"):
        run_isolated(lambda: time.sleep(30), timeout=0.5)
    assert time.monotonic() - started < 5
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # every child was reaped


def test_run_isolated_turns_a_crash_and_memory_exhaustion_into_errors():
    with pytest.raises(QueryError, match="SIGSEGV"):
        run_isolated(lambda: os.kill(os.getpid(), signal.SIGSEGV), timeout=10)
    with pytest.raises(QueryError, match="out of memory"):
        run_isolated(lambda: bytearray(512 * 1024 * 1024), timeout=10, memory_bytes=64 * 1024 * 1024)
