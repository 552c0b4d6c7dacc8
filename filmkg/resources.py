"""Find the files filmkg ships: ontology, shapes, named queries, the Wikidata slice.

In a source checkout (or an editable install) they live at the top of the
repository; in an installed wheel they are packed under `filmkg/_data/`.
"""

from __future__ import annotations

from pathlib import Path

from filmkg.errors import ResourceMissing

_PACKAGE_DIR = Path(__file__).resolve().parent
_SEARCH_ROOTS = (_PACKAGE_DIR / "_data", _PACKAGE_DIR.parent)


def resource_path(*parts: str) -> Path:
    """Path of a shipped resource, e.g. `resource_path("ontology", "film.ttl")`."""
    for root in _SEARCH_ROOTS:
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
    raise ResourceMissing(f"{'/'.join(parts)} is not installed; reinstall filmkg")


def ontology_file() -> Path:
    return resource_path("ontology", "film.ttl")


def shapes_file() -> Path:
    return resource_path("ontology", "shapes.ttl")


def queries_dir() -> Path:
    return resource_path("queries")


def wikidata_dir() -> Path:
    """The bundled Wikidata slice (built by `make slice`)."""
    for candidate in (_PACKAGE_DIR / "_data" / "wikidata", _PACKAGE_DIR.parent / "data" / "wikidata"):
        if candidate.is_dir():
            return candidate
    raise ResourceMissing("the Wikidata slice is not installed; run `make slice` or reinstall filmkg")
