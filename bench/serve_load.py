"""`make bench-serve`: N concurrent clients run the named queries against `filmkg serve` for S seconds.

Bounded and local: the service is started here on 127.0.0.1 (a free port)
over the seed graph (data/anora.ttl, reasoned, with the Wikidata slice), the
clients stop after `--seconds`, every request has a timeout, and the service
is stopped at the end. A client refused with 429 waits the Retry-After the
service sent and goes on, as a polite client does. Reports requests by
status, throughput, latency percentiles, and the resident memory of the
service (parent plus query workers) at the start and end of the load and at
its peak, to show it stays flat.

    python bench/serve_load.py --clients 50 --seconds 20
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from filmkg.queries import named_queries, service_endpoints

ROOT = Path(__file__).resolve().parents[1]


def rss_mib(pid: int) -> float:
    """Resident memory of a process and its children (the query workers), in MiB."""
    total = 0
    pids = [pid]
    for children in Path(f"/proc/{pid}/task").glob("*/children"):  # workers start from any thread
        try:
            pids += [int(p) for p in children.read_text().split()]
        except OSError:
            continue
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


async def client(url: str, queries: list[str], deadline: float, stats: dict, index: int) -> None:
    async with httpx.AsyncClient(timeout=30) as http:
        turn = index
        while time.monotonic() < deadline:
            query = queries[turn % len(queries)]
            turn += 1
            started = time.monotonic()
            try:
                r = await http.post(url, data={"query": query},
                                    headers={"Accept": "application/sparql-results+json"})
                status = str(r.status_code)
            except httpx.HTTPError as e:
                status, r = type(e).__name__, None
            stats["status"][status] += 1
            if status == "200":
                stats["latency"].append(time.monotonic() - started)
            elif status == "429" and r is not None:
                await asyncio.sleep(min(float(r.headers.get("retry-after", "1")), 5.0))


async def sample_memory(pid: int, deadline: float, samples: list[float]) -> None:
    while time.monotonic() < deadline:
        samples.append(rss_mib(pid))
        await asyncio.sleep(0.5)


async def load(url: str, pid: int, clients: int, seconds: float) -> dict:
    queries = [q.text for q in named_queries().values() if not service_endpoints(q.text)]
    stats: dict = {"status": collections.Counter(), "latency": [], "memory": []}
    deadline = time.monotonic() + seconds
    await asyncio.gather(sample_memory(pid, deadline, stats["memory"]),
                         *(client(url, queries, deadline, stats, i) for i in range(clients)))
    stats["queries"] = len(queries)
    return stats


def start_service(workers: int) -> tuple[subprocess.Popen, str]:
    command = [str(Path(sys.executable).with_name("filmkg")), "serve",
               "--data", str(ROOT / "data" / "anora.ttl"), "--reason", "--with-wikidata",
               "--port", "0", "--workers", str(workers)]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    line = proc.stderr.readline()
    found = re.search(r"endpoint (http://127\.0\.0\.1:\d+/sparql)", line)
    if not found:
        proc.kill()
        raise SystemExit(f"the service did not start: {line.strip()}")
    url = found.group(1)
    for _ in range(600):  # the workers load the data before the first answer
        try:
            if httpx.get(url.replace("/sparql", "/health"), timeout=5).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    return proc, url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    proc, url = start_service(args.workers)
    try:
        before = rss_mib(proc.pid)
        stats = asyncio.run(load(url, proc.pid, args.clients, args.seconds))
        after = rss_mib(proc.pid)
        health = httpx.get(url, params={"query": "ASK { ?s ?p ?o }"}, timeout=10).status_code
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    status = stats["status"]
    ok = status.get("200", 0)
    failed = sum(n for s, n in status.items() if s not in ("200", "429"))
    lat = sorted(stats["latency"]) or [0.0]
    memory = stats["memory"] or [before]
    print(f"{args.clients} clients, {args.seconds:g} s, {stats['queries']} named queries, "
          f"{args.workers} workers, service on {url}")
    print(f"requests: {sum(status.values())}  by status: {dict(sorted(status.items()))}")
    print(f"answered: {ok} ({ok / args.seconds:.1f}/s); refused with 429: {status.get('429', 0)}; "
          f"failed otherwise: {failed}")
    p95, p99 = lat[int(len(lat) * 0.95) - 1], lat[int(len(lat) * 0.99) - 1]
    print(f"latency of answered: p50 {statistics.median(lat) * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms")
    print(f"service memory (parent + workers, RSS): before {before:.0f} MiB, "
          f"first sample {memory[0]:.0f} MiB, peak {max(memory):.0f} MiB, "
          f"last sample {memory[-1]:.0f} MiB, after {after:.0f} MiB")
    print(f"health query after the load: {health}")
    if failed or health != 200:
        sys.exit(1)


if __name__ == "__main__":
    main()
