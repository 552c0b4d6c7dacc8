"""Online linking (opt-in): ask the Wikidata API about entities the slice lacks.

Polite by construction: a descriptive User-Agent, one request at a time, `maxlag=5`,
`Retry-After` honoured on 429/503 and maxlag answers (the wait capped, the retries
bounded), a timeout, and a persistent SQLite cache of answers, including empty ones
(misses). Errors are never cached; they raise `WikidataError`, which the linker turns
into a warning line while the entity stays unlinked.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import os
import sqlite3
import time
from collections.abc import Callable
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import httpx

from filmkg.errors import WikidataError
from filmkg.wikidata.kinds import ONTOLOGY_CLASS_CATEGORY, clean_categories, description_category, normalise
from filmkg.wikidata.link import Candidate, LocalEntity, OnlineLookup, make_candidate
from filmkg.wikidata.slice import Item, Slice

DEFAULT_API_URL = "https://www.wikidata.org/w/api.php"
CONTACT = "https://w3id.org/filmkg; filmkg-maintainers@example.org"
#: After this many failed lookups in one run, stop asking (the service is down or refuses us).
MAX_FAILURES = 3


def user_agent() -> str:
    try:
        version = metadata.version("filmkg")
    except metadata.PackageNotFoundError:
        version = "0"
    return f"filmkg/{version} ({CONTACT}) httpx/{httpx.__version__}"


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "filmkg"


class ResponseCache:
    """API answers by request, in SQLite: survives runs, so a second run asks nothing."""

    def __init__(self, directory: Path | None) -> None:
        """A cache in `directory`, or in memory for this run only when `directory` is None."""
        try:
            if directory is not None:
                directory.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(":memory:" if directory is None else directory / "wikidata-api.sqlite")
            self._db.execute("CREATE TABLE IF NOT EXISTS answer (key TEXT PRIMARY KEY, body TEXT NOT NULL)")
        except (OSError, sqlite3.Error) as e:
            raise WikidataError(f"cache folder {directory} is not usable: {e}") from e

    def get(self, key: str) -> dict | None:
        """The cached answer, or None; a damaged cache file or entry counts as a miss, never a crash."""
        try:
            row = self._db.execute("SELECT body FROM answer WHERE key = ?", (key,)).fetchone()
            body = json.loads(row[0]) if row else None
        except (sqlite3.Error, ValueError, TypeError):
            return None
        return body if isinstance(body, dict) else None

    def put(self, key: str, body: dict) -> None:
        """Store an answer in one transaction (SQLite: all or nothing); a failing cache is no error."""
        with contextlib.suppress(sqlite3.Error), self._db:
            self._db.execute("INSERT OR REPLACE INTO answer VALUES (?, ?)", (key, json.dumps(body)))

    def close(self) -> None:
        self._db.close()


class WikidataClient(OnlineLookup):
    """wbsearchentities + wbgetentities, with the linker's type checks applied to the answers."""

    def __init__(self, *, slice: Slice, api_url: str = DEFAULT_API_URL,  # noqa: A002
                 cache_dir: Path | None = None, timeout: float = 10.0, max_retries: int = 3,
                 max_wait: float = 30.0, sleep: Callable[[float], None] = time.sleep) -> None:
        self.slice = slice
        self.api_url = api_url
        self.max_retries = max_retries
        self.max_wait = max_wait
        self.failures = 0
        self.requests = 0
        self._sleep = sleep
        self.warnings: list[str] = []
        try:
            self._cache = ResponseCache(cache_dir or default_cache_dir())
        except WikidataError as e:
            self.warnings.append(f"{e}; answers are kept for this run only")
            self._cache = ResponseCache(None)
        self._http = httpx.Client(timeout=timeout, headers={"User-Agent": user_agent()},
                                  follow_redirects=True)

    def close(self) -> None:
        self._http.close()
        self._cache.close()

    @property
    def available(self) -> bool:
        return self.failures < MAX_FAILURES

    # --- requests -------------------------------------------------------------

    def call(self, params: dict[str, str], *, expect: str) -> dict:
        """One API call, from the cache when it was answered before.

        `expect` is the key a good answer has ("search", "entities"); an answer without it
        is an error, so it is not cached.
        """
        query = {**params, "format": "json", "maxlag": "5"}
        key = json.dumps(sorted(params.items()), ensure_ascii=False)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        if not self.available:
            raise WikidataError(f"online lookups stopped after {MAX_FAILURES} failures")
        try:
            body = self._fetch(query)
            if not isinstance(body.get(expect), (list, dict)):
                raise WikidataError(f"{self.api_url} answered without {expect!r}")
        except WikidataError:
            self.failures += 1
            raise
        self._cache.put(key, body)
        return body

    def _fetch(self, query: dict[str, str]) -> dict:
        for attempt in range(self.max_retries + 1):
            self.requests += 1
            try:
                response = self._http.get(self.api_url, params=query)
            except httpx.TimeoutException as e:
                raise WikidataError(f"{self.api_url} did not answer in time") from e
            except httpx.HTTPError as e:
                raise WikidataError(f"{self.api_url} cannot be reached ({type(e).__name__})") from e
            retry = response.status_code in (429, 503)
            busy = f"HTTP {response.status_code}"
            body = None
            if not retry:
                if response.status_code != 200:
                    raise WikidataError(f"{self.api_url} answered HTTP {response.status_code}")
                try:
                    body = response.json()
                except ValueError as e:
                    raise WikidataError(f"{self.api_url} answered something that is not JSON") from e
                if not isinstance(body, dict):
                    raise WikidataError(f"{self.api_url} answered JSON of an unexpected shape")
                error = body.get("error")
                if isinstance(error, dict):
                    if error.get("code") != "maxlag":
                        raise WikidataError(f"Wikidata API error {error.get('code')}: {error.get('info')}")
                    retry, busy = True, "replication lag (maxlag)"
            if not retry:
                return body  # type: ignore[return-value]
            if attempt < self.max_retries:
                self._sleep(self._wait(response, attempt))
        raise WikidataError(f"{self.api_url} still busy after {self.max_retries} retries ({busy})")

    def _wait(self, response: httpx.Response, attempt: int) -> float:
        header = response.headers.get("Retry-After", "").strip()
        seconds: float = 2.0 ** attempt
        if header.isdigit():
            seconds = float(header)
        elif header:
            try:
                when = email.utils.parsedate_to_datetime(header)
                seconds = (when - datetime.now(timezone.utc)).total_seconds()
            except (TypeError, ValueError):
                pass
        return max(0.0, min(seconds, self.max_wait))

    # --- lookups --------------------------------------------------------------

    def search(self, name: str) -> list[dict]:
        body = self.call({"action": "wbsearchentities", "search": name, "language": "en",
                          "uselang": "en", "type": "item", "limit": "7"}, expect="search")
        hits = body.get("search", [])
        return [h for h in hits if isinstance(h, dict) and isinstance(h.get("id"), str)]

    def entities(self, qids: list[str]) -> list[Item]:
        if not qids:
            return []
        body = self.call({"action": "wbgetentities", "ids": "|".join(qids),
                          "props": "labels|aliases|descriptions|claims", "languages": "en"},
                         expect="entities")
        found = body.get("entities", {})
        if not isinstance(found, dict):
            raise WikidataError("wbgetentities answered without entities")
        return [item for q in qids if isinstance(found.get(q), dict)
                and (item := self._item(q, found[q])) is not None]

    def _item(self, qid: str, data: dict) -> Item | None:
        label = data.get("labels", {}).get("en", {}).get("value")
        if not label:
            return None
        aliases = tuple(a.get("value", "") for a in data.get("aliases", {}).get("en", []))
        description = data.get("descriptions", {}).get("en", {}).get("value")
        statements: list[tuple[str, str]] = []
        for pid, claims in sorted(data.get("claims", {}).items()):
            for claim in claims if isinstance(claims, list) else []:
                value = claim.get("mainsnak", {}).get("datavalue", {}).get("value")
                if isinstance(value, dict) and isinstance(value.get("id"), str):
                    statements.append((pid, value["id"]))
        categories: dict[str, str] = {}
        if cat := description_category(description):
            categories[cat] = "d"
        for pid, obj in statements:
            if pid == "P31" and (cat := ONTOLOGY_CLASS_CATEGORY.get(obj) or self.slice.types.get(obj)):
                categories[cat] = "t"
        kept = clean_categories(set(categories))
        if label == label.lower():
            kept.discard("person")
        return Item(qid=qid, label=label, aliases=aliases, description=description,
                    categories={c: categories[c] for c in sorted(kept)}, statements=tuple(statements))

    def candidates(self, entity: LocalEntity) -> list[Candidate]:
        """Items whose English label or alias is the entity's name and whose type fits."""
        key = normalise(entity.label)
        hits = [h for h in self.search(entity.label)
                if normalise(str(h.get("label", ""))) == key
                or normalise(str(h.get("match", {}).get("text", ""))) == key]
        found = []
        for item in self.entities([h["id"] for h in hits]):
            match = "label" if normalise(item.label) == key else "alias"
            if match == "alias" and key not in {normalise(a) for a in item.aliases}:
                continue
            cand = make_candidate(entity, item, match, entity.label, 1.0)
            if isinstance(cand, Candidate):
                cand.source = self.api_url
                cand.evidence.append(f"found online ({self.api_url})")
                found.append(cand)
        return found
