"""Errors raised by the extractor, with short codes and a hint on how to fix them.

`filmkg.errors` builds on these; the CLI turns any `FilmkgError` into one
line on stderr and exit code 2.
"""

from __future__ import annotations


class FilmkgError(Exception):
    """Base of every error a user can cause; `str()` is the one-line message."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class ModelNotFound(FilmkgError):
    code = "E001"


class InputError(FilmkgError):
    """An input file is missing, empty, binary, not UTF-8, too large or a directory."""

    code = "E002"
