"""Run work in a forked child with a wall-clock deadline and an address-space cap.

The CLI runs each query this way (`filmkg query --timeout`): pyoxigraph
cannot be interrupted from Python, a cartesian product grows without bound,
and an engine crash (SIGSEGV) would otherwise end the caller. The child
inherits the loaded store by fork (copy-on-write, nothing is re-read), sends
back a pickled result, and is killed at the deadline; a crash or memory
exhaustion becomes a one-line `QueryError`, a deadline `QueryTimeout`.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from typing import Any, TypeVar

from filmkg.errors import FilmkgError, QueryError, QueryTimeout

T = TypeVar("T")
_OK, _ERROR, _FAILED = b"0", b"1", b"2"


def run_isolated(work: Callable[[], T], *, timeout: float | None, memory_bytes: int | None = None,
                 what: str = "query") -> T:
    """`work()` in a forked child, killed after `timeout` seconds; its picklable result returned.

    The child may allocate `memory_bytes` beyond what it inherits (RLIMIT_AS). A `FilmkgError`
    raised by `work` is raised here; the child being killed (deadline, crash, memory) becomes
    `QueryTimeout` or `QueryError`. Without fork (Windows) the work runs in-process, unguarded.
    """
    if not hasattr(os, "fork"):
        return work()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, reported through the pipe
        os.close(read_end)
        _child(work, write_end, memory_bytes)
    os.close(write_end)
    try:
        payload = _collect(read_end, pid, timeout, what)
    finally:
        os.close(read_end)
        _reap(pid)
    status, body = payload[:1], payload[1:]
    if status == _OK:
        return pickle.loads(body)  # type: ignore[no-any-return]
    if status == _ERROR:
        raise pickle.loads(body)
    raise QueryError(f"{what} failed: {body.decode('utf-8', errors='replace')}")


def _child(work: Callable[[], Any], fd: int, memory_bytes: int | None) -> None:  # pragma: no cover
    """Run in the forked child: cap memory, work, write status + pickle, exit without cleanup."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        faulthandler.disable()  # a crash is reported by the parent in one line, not as a traceback
        if memory_bytes:
            _cap_address_space(memory_bytes)
        try:
            payload = _OK + pickle.dumps(work())
        except FilmkgError as e:
            payload = _ERROR + pickle.dumps(e)
        except MemoryError:
            payload = _FAILED + b"ran out of memory (the limit is set by the worker)"
        except RecursionError:
            payload = _FAILED + b"nested too deeply"
        except Exception as e:  # noqa: BLE001 - anything else is reported as one line, not a traceback
            payload = _FAILED + " ".join(f"{type(e).__name__}: {e}".split())[:300].encode()
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    finally:
        os._exit(0)


def _cap_address_space(extra: int) -> None:  # pragma: no cover - child only
    import resource

    try:
        with open("/proc/self/statm") as handle:
            current = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        current = 0
    cap = current + extra
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft == resource.RLIM_INFINITY or cap < soft:
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _collect(fd: int, pid: int, timeout: float | None, what: str) -> bytes:
    """Read the child's whole answer before the deadline; kill it when the deadline passes."""
    deadline = None if timeout is None else time.monotonic() + timeout
    chunks = []
    while True:
        wait = None if deadline is None else max(deadline - time.monotonic(), 0)
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            os.kill(pid, signal.SIGKILL)
            raise QueryTimeout(f"{what} stopped after {timeout:g} s (raise it with --timeout)")
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
    payload = b"".join(chunks)
    if not payload:
        _, status = os.waitpid(pid, 0)
        sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
        name = signal.Signals(sig).name if sig else f"exit {os.WEXITSTATUS(status)}"
        raise QueryError(f"{what} crashed the engine ({name}); nothing was changed")
    return payload


def _reap(pid: int) -> None:
    """Kill and wait for the child so no zombie or runaway process is left."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
