"""Files in and out: reading input texts safely, loading graphs, writing atomically.

Only this module (with the CLI and server) touches the file system, so the
checks a user relies on (missing file, directory, binary, not UTF-8, too
large, malformed RDF, unwritable output) live in one place.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from extract.records import TextInput
from filmkg.errors import InputError, OutputError, RdfParseError, RdfTooLarge
from filmkg.guards import MAX_RDF_BYTES, check_rdf_bytes, check_text, limit

#: Texts larger than this are refused: a film text is kilobytes, not gigabytes.
MAX_TEXT_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".text", ".md")

RDF_FORMAT_BY_SUFFIX = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".n3": "n3",
}


def read_text(path: Path, *, max_bytes: int = MAX_TEXT_BYTES) -> TextInput:
    """Read one UTF-8 text file as a `TextInput` whose id is the file stem."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory; give the files in it, or use --out-dir")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path}: {size} bytes is larger than the limit of {max_bytes} bytes")
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot be read ({e.strerror})") from e
    if b"\x00" in data:
        raise InputError(f"{path}: looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: is not UTF-8 text (bad byte at offset {e.start})") from e
    if not text.strip():
        raise InputError(f"{path}: is empty")
    check_text(text, source=str(path))
    return TextInput(doc_id=path.stem, text=text, source=path.name)


def expand_inputs(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given; directories expand to their text files, sorted, recursively."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*")
                              if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
        else:
            yield path


def rdf_format(path: Path, explicit: str | None = None) -> str:
    """The rdflib parser name for a file, from an explicit name or the suffix."""
    if explicit:
        return explicit
    fmt = RDF_FORMAT_BY_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(RDF_FORMAT_BY_SUFFIX))
        raise RdfParseError(f"{path}: unknown RDF file type {path.suffix!r} (known: {known})")
    return fmt


def load_graph(paths: Sequence[Path]) -> Dataset:
    """Parse RDF files into one dataset (default graph = union of all graphs), each checked first.

    The size is checked before reading, the content (`filmkg.guards.check_rdf_bytes`) before
    parsing; a relative IRI resolves against the file's own `file:` IRI, as before. The same
    content given twice is read once (its blank nodes would otherwise be duplicated).
    """
    dataset = Dataset(default_union=True)
    seen: set[bytes] = set()
    for path in paths:
        data, fmt = read_rdf_bytes(path)
        digest = hashlib.sha256(data).digest()
        if digest in seen:
            continue
        seen.add(digest)
        try:
            dataset.parse(data=data, format=fmt, publicID=path.absolute().as_uri())
        except Exception as e:  # rdflib raises many unrelated types for bad syntax
            first_line = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            where = _error_line(data, fmt)
            raise RdfParseError(f"{path}: not valid {fmt}{where}: {first_line[:200]}") from e
        _check_iris(dataset, path, fmt)
    return dataset


#: Characters no IRI may hold (RFC 3987); rdflib's parsers let some through and its serialisers then fail.
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`]')


def _check_iris(dataset: Dataset, path: Path, fmt: str) -> None:
    """Refuse a graph with an IRI that could not be written back (so every stored graph round-trips)."""
    checked: set[URIRef] = set()
    for quad in dataset.quads((None, None, None, None)):
        for term in quad:
            if isinstance(term, URIRef) and term not in checked:
                if _BAD_IRI.search(term):
                    raise RdfParseError(f"{path}: not valid {fmt}: the IRI <{term[:100]}> holds a character "
                                        "IRIs cannot hold (space, <, >, \", {, }, |, \\, ^, `)")
                checked.add(term)


_OX_FORMATS = {"nt": "N_TRIPLES", "nquads": "N_QUADS", "turtle": "TURTLE", "trig": "TRIG", "xml": "RDF_XML"}


def _error_line(data: bytes, fmt: str) -> str:
    """' (line N)' where pyoxigraph's parser stops on the same bytes, when rdflib's message lacks it."""
    import pyoxigraph as ox

    name = _OX_FORMATS.get(fmt)
    if name is None:
        return ""
    try:
        for _ in ox.parse(data, format=getattr(ox.RdfFormat, name), base_iri="file:///x", lenient=True):
            pass
    except SyntaxError as e:
        return f" (line {e.lineno})" if e.lineno else ""
    except (ValueError, OSError):
        return ""
    return ""


def read_rdf_bytes(path: Path, fmt: str | None = None) -> tuple[bytes, str]:
    """The bytes of one RDF file and its format, refused when a parser should not see them."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not an RDF file")
    fmt = rdf_format(path, fmt)
    max_bytes = limit("MAX_RDF_BYTES", MAX_RDF_BYTES)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise RdfTooLarge(f"{path}: {size} bytes is larger than the limit of {max_bytes} bytes "
                             "($FILMKG_MAX_RDF_BYTES)")
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot be read ({e.strerror})") from e
    check_rdf_bytes(data, fmt, source=str(path))
    return data, fmt


def as_graph(dataset: Graph) -> Graph:
    """A plain Graph with every triple of a dataset (named graphs merged), prefixes kept."""
    graph = Graph()
    for prefix, ns in dataset.namespaces():
        graph.bind(prefix, ns, override=True)
    for triple in dataset.triples((None, None, None)):
        graph.add(triple)
    return graph


def _file_mode(path: Path) -> int:
    """The mode the new file should get: the old file's, else what the umask gives (not mkstemp's 0600)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _fsync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # a platform without directory handles (Windows): the rename is what it offers
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a directory; the file itself was synced
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file, fsync and rename, fsync of the folder: all or nothing."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"{path}: folder {directory} does not exist")
    if path.is_dir():
        raise OutputError(f"{path}: is a directory")
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise OutputError(f"{path}: cannot write here ({e.strerror})") from e
    try:
        os.chmod(tmp, _file_mode(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())  # the bytes are on disk before the name points at them
        os.replace(tmp, path)
        _fsync_directory(directory)  # and the rename itself survives a crash
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write ({e.strerror})") from e
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
