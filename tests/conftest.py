"""Shared test setup: no network beyond 127.0.0.1, in this process and in every Python subprocess.

The guard (tests/netguard/netguard.py) is an audit hook; a test that makes
an outbound attempt fails even when the code under test catches the error.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

NETGUARD_DIR = Path(__file__).parent / "netguard"
sys.path.insert(0, str(NETGUARD_DIR))

import netguard  # noqa: E402 - needs the path above

netguard.install()
netguard.LOG_TO_FILE = False
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(NETGUARD_DIR), os.environ.get("PYTHONPATH")]))


@pytest.fixture(scope="session")
def _netguard_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    log = tmp_path_factory.mktemp("netguard") / "blocked.log"
    log.touch()
    os.environ["FILMKG_NETGUARD_LOG"] = str(log)
    return log


@pytest.fixture(autouse=True)
def _no_network(_netguard_log: Path):
    """Fail the test if it (or a subprocess it started) tried to reach a non-loopback host."""
    before_in_process = len(netguard.BLOCKED)
    before_sub = _netguard_log.stat().st_size
    yield
    attempts = netguard.BLOCKED[before_in_process:]
    with _netguard_log.open(encoding="utf-8") as handle:
        handle.seek(before_sub)
        attempts += handle.read().splitlines()
    if attempts:
        pytest.fail(f"network access outside 127.0.0.1: {attempts[:3]}", pytrace=False)
