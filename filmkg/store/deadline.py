"""A deadline for work on an open store: it runs on a thread that is abandoned when time is up.

File-mode queries run in a forked worker (`filmkg.isolation`), but a process
that has a store open must not fork (RocksDB's background threads can leave
the child deadlocked), and pyoxigraph cannot cancel a running query. So the
store query runs on a daemon thread (pyoxigraph releases the GIL while it
evaluates) and the caller waits for it at most `timeout` seconds; past that
it gets a `QueryTimeout` and the thread is left to die with the process.
Queries only read, so abandoning one leaves nothing half-written. The
process should exit soon after (the CLI does, in one line, exit 2): the
abandoned query keeps one core busy until then.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from filmkg.errors import QueryTimeout

T = TypeVar("T")


def run_with_deadline(work: Callable[[], T], *, timeout: float | None, what: str = "query") -> T:
    """`work()`'s result, or `QueryTimeout` if it has not finished after `timeout` seconds."""
    if timeout is None:
        return work()
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as e:  # noqa: BLE001 - handed to the waiting thread, which raises it
            failure.append(e)

    worker = threading.Thread(target=run, name=f"filmkg-{what}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryTimeout(f"{what} stopped after {timeout:g} s (raise it with --timeout)")
    if failure:
        raise failure[0]
    return outcome[0]
