"""Loaded by every Python subprocess of the test run (PYTHONPATH): the same network guard."""

import netguard

netguard.install()
