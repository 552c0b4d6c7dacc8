"""Queries in worker processes: a deadline, a row cap and a memory budget, and no shared fate.

pyoxigraph runs a query in native code that Python cannot interrupt, and
some queries crash the process (deep nesting) or grow without bound (a
cartesian product). So each query runs in one of a few worker processes,
each holding its own copy of the data (loaded from N-Quads bytes at start)
or opening an on-disk Oxigraph store read-only,
with its address space capped (`RLIMIT_AS`, `QueryLimits.memory_mb`). The
parent waits at most `QueryLimits.timeout` seconds; a worker that misses the
deadline is killed, one that dies (crash, out of memory) is noticed, and
either way a fresh one takes its place while the other workers go on
serving. `WorkerPool.run` turns these outcomes into `QueryFailed` with the
HTTP status the server answers (503 deadline, 500 crash, 429 too busy).
"""

from __future__ import annotations

import asyncio
import contextlib
import resource
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from filmkg.guards import QueryLimits
from filmkg.protocol import NotAcceptable, Result, serialize

#: Seconds a new worker may take to load the data before the server gives up on it.
START_TIMEOUT = 120.0


@dataclass(frozen=True)
class Job:
    """One query as the protocol gives it: text, Accept header and the RDF dataset to use."""

    query: str
    accept: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    prefixes: dict[str, str] = field(default_factory=dict)
    #: Variable name -> pyoxigraph term, bound by pyoxigraph (SEP-0007), never pasted into the text.
    substitutions: dict[str, object] = field(default_factory=dict)


class QueryFailed(Exception):
    """A query that gave no result: `status` is the HTTP status, `code` a short word, then the message."""

    def __init__(self, status: int, code: str, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.retry_after = status, code, message, retry_after

    def __reduce__(self) -> tuple[type, tuple[int, str, str, int | None]]:  # crosses the worker pipe
        return QueryFailed, (self.status, self.code, self.message, self.retry_after)


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= 300 else line[:297] + "..."


def execute(store: ox.Store, job: Job, max_rows: int) -> Result | QueryFailed:
    """Run one job on `store` (in the worker); errors come back as values, never raised."""
    try:
        kwargs: dict[str, object] = {"prefixes": job.prefixes or None}
        if job.default_graphs:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
        else:
            kwargs["use_default_graph_as_union"] = True
        if job.substitutions:
            kwargs["substitutions"] = {ox.Variable(k): v for k, v in job.substitutions.items()}
        if job.named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
        result = store.query(job.query, **kwargs)  # type: ignore[arg-type]
        return serialize(result, job.accept, max_rows)
    except NotAcceptable as e:
        return QueryFailed(406, "not_acceptable", str(e))
    except SyntaxError as e:
        return QueryFailed(400, "bad_query", "malformed SPARQL: " + _one_line(str(e)))
    except MemoryError:
        return QueryFailed(500, "out_of_memory", "the query needed more memory than the server allows")
    except (ValueError, RuntimeError, OSError) as e:
        return QueryFailed(400, "bad_query", _one_line(str(e)))


def _worker_main(conn: Connection, max_rows: int, memory_mb: int, store_dir: str = "") -> None:
    """A worker's life: cap memory, open the store or load the data sent first, answer jobs."""
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    data = conn.recv_bytes()
    store = ox.Store.read_only(store_dir) if store_dir else ox.Store()
    if data and not store_dir:
        store.load(data, format=ox.RdfFormat.N_QUADS)
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        answer = execute(store, job, max_rows)
        conn.send(answer)
        if isinstance(answer, QueryFailed) and answer.code == "out_of_memory":
            return  # a fresh process is cheaper than trusting this one's heap


class Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, data: bytes | Path, limits: QueryLimits) -> None:
        # A fresh interpreter (`python -m filmkg.worker`), not fork (the server runs threads) nor
        # multiprocessing's spawn (it re-imports the caller's __main__, which a script may not guard).
        self.memory_mb = limits.memory_mb
        parent, child = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "filmkg.worker", str(child.fileno()), str(limits.max_rows),
             str(limits.memory_mb), str(data) if isinstance(data, Path) else ""],
            pass_fds=[child.fileno()], stdin=subprocess.DEVNULL)
        child.close()
        self.conn = Connection(parent.detach())
        with contextlib.suppress(OSError):  # it died at once: reported just below
            self.conn.send_bytes(data if isinstance(data, bytes) else b"")
        if not self.conn.poll(START_TIMEOUT) or self._recv() != "ready":
            self.stop()
            raise RuntimeError("a query worker did not start (see the messages above)")

    def _recv(self) -> object:
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            return None

    def call(self, job: Job, timeout: float) -> Result:
        """Send `job`, wait at most `timeout` seconds; QueryFailed when it fails, times out or dies."""
        try:
            self.conn.send(job)
        except (OSError, ValueError) as e:
            raise QueryFailed(500, "worker_died", "the query worker had died; try again") from e
        if not self.conn.poll(timeout):
            self.stop()
            raise QueryFailed(503, "timeout", f"the query ran longer than the {timeout:g} s limit and "
                              "was stopped; add LIMIT or narrow the patterns")
        answer = self._recv()
        if answer is None:
            try:
                code: int | None = self.process.wait(2)
            except subprocess.TimeoutExpired:
                code = None
            if code == -signal.SIGABRT and self.memory_mb:  # Rust aborts when an allocation fails
                raise QueryFailed(500, "out_of_memory", "the query needed more than the "
                                  f"{self.memory_mb} MiB memory budget (--memory-mb) and was stopped")
            raise QueryFailed(500, "worker_crashed", f"the query crashed its worker (exit {code}); "
                              "the server is fine, the query is not")
        if isinstance(answer, QueryFailed):
            raise answer
        assert isinstance(answer, Result)
        return answer

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.alive:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
        self.conn.close()


class WorkerPool:
    """`size` workers; at most `max_waiting` more queries wait for one, beyond that 429."""

    def __init__(self, data: bytes | Path, limits: QueryLimits, *, size: int = 2,
                 max_waiting: int = 8) -> None:
        self.data, self.limits, self.size, self.max_waiting = data, limits, size, max_waiting
        self._idle: asyncio.Queue[Worker] | None = None
        self._in_flight = 0
        self._replacing: set[asyncio.Task[None]] = set()
        self.replaced = 0

    async def start(self) -> None:
        self._idle = asyncio.Queue()
        workers = await asyncio.gather(*(asyncio.to_thread(Worker, self.data, self.limits)
                                         for _ in range(self.size)))
        for w in workers:
            self._idle.put_nowait(w)

    async def stop(self) -> None:
        while self._idle is not None and not self._idle.empty():
            self._idle.get_nowait().stop()

    async def run(self, job: Job) -> Result:
        """The job's result, or QueryFailed (429 busy, 503 deadline, 500 crash, 4xx bad query)."""
        assert self._idle is not None, "WorkerPool.start() first"
        if self._in_flight >= self.size + self.max_waiting:
            raise QueryFailed(429, "busy", f"{self._in_flight} queries are running or waiting; "
                              "try again in a moment", retry_after=1)
        self._in_flight += 1
        try:
            try:
                worker = await asyncio.wait_for(self._idle.get(), timeout=self.limits.timeout)
            except asyncio.TimeoutError as e:
                raise QueryFailed(503, "busy", "no query worker came free in time; try again",
                                  retry_after=2) from e
            try:
                return await asyncio.to_thread(worker.call, job, self.limits.timeout)
            finally:
                if worker.alive:
                    self._idle.put_nowait(worker)
                else:  # the client gets its answer now; the fresh worker starts meanwhile
                    task = asyncio.create_task(self._replace(worker))
                    self._replacing.add(task)
                    task.add_done_callback(self._replacing.discard)
        finally:
            self._in_flight -= 1

    async def _replace(self, dead: Worker) -> None:
        """A fresh worker in place of a dead one (tried again until one starts)."""
        assert self._idle is not None
        dead.stop()
        while True:
            try:
                fresh = await asyncio.to_thread(Worker, self.data, self.limits)
                break
            except RuntimeError:
                await asyncio.sleep(1.0)
        self.replaced += 1
        self._idle.put_nowait(fresh)


if __name__ == "__main__":  # a worker process: python -m filmkg.worker FD MAX_ROWS MEMORY_MB
    from filmkg.worker import _worker_main as serve  # the module's own classes, so answers unpickle

    serve(Connection(int(sys.argv[1])), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
