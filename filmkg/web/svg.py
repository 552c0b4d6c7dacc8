"""The neighbourhood of an entity as an SVG picture: the entity in the middle, its neighbours on
rings around it, one line per relation. Built as data (positions, labels) that the template writes
out, so every label is escaped like any other value; readable up to 50 neighbours."""

from __future__ import annotations

import math
from dataclasses import dataclass

MAX_NODES = 50
RING_SIZE = 12


@dataclass(frozen=True)
class Node:
    x: float
    y: float
    label: str
    href: str
    edge: str  # the relation, as a prefixed name
    outgoing: bool


@dataclass(frozen=True)
class Picture:
    width: int
    height: int
    cx: float
    cy: float
    label: str
    nodes: list[Node]
    left_out: int

    @property
    def edge_labels(self) -> bool:
        """Relation names on the lines only while they fit; else each node's tooltip names it."""
        return len(self.nodes) <= 16


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _rings(count: int) -> list[int]:
    """How many nodes sit on each ring: inner rings hold fewer, so labels keep their distance."""
    rings, ring = [], 0
    while count > 0:
        take = min(count, RING_SIZE + 8 * ring)
        rings.append(take)
        count -= take
        ring += 1
    return rings or [0]


def neighbourhood(label: str, neighbours: list[tuple[str, str, str, bool]]) -> Picture:
    """`neighbours`: (label, href, relation, outgoing) each; the first MAX_NODES are drawn."""
    shown = sorted(neighbours[:MAX_NODES], key=lambda n: (n[2], n[0]))  # same relation, same sector
    rings = _rings(len(shown))
    step, stretch = 125, 1.6
    height = int(2 * (step * (len(rings) + 0.4) + 40))
    width = int(2 * (step * (len(rings) + 0.4) * stretch + 100))
    cx, cy = width / 2, height / 2
    nodes, index = [], 0
    for ring, on_ring in enumerate(rings):
        for slot in range(on_ring):
            text, href, edge, outgoing = shown[index]
            index += 1
            angle = 2 * math.pi * slot / on_ring + ring * 0.3 - math.pi / 2
            r = step * (ring + 1.4)
            x, y = round(cx + r * stretch * math.cos(angle), 1), round(cy + r * math.sin(angle), 1)
            nodes.append(Node(x, y, _short(text), href, _short(edge, 22), outgoing))
    return Picture(width, height, cx, cy, _short(label, 40), nodes, max(0, len(neighbours) - MAX_NODES))
