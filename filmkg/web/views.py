"""Routes of the web pages."""

from __future__ import annotations

from starlette.routing import BaseRoute


def web_routes() -> list[BaseRoute]:
    return []
