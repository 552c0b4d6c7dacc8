"""The README documents every command, as `filmkg --help` describes it today."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click

from filmkg.cli import main as cli

ROOT = Path(__file__).resolve().parent.parent


def test_readme_command_reference_is_current() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "cli_docs.py"), "--check"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr


def test_every_command_is_in_readme_with_an_example() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ctx = click.Context(cli, info_name="filmkg")
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        assert command is not None
        assert f"### `filmkg {name}`" in readme
        assert "Example" in (command.help or ""), f"filmkg {name} --help has no example"


def test_readme_starts_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```", 2)[1]
    assert "make demo" in first_block and "make test" in first_block
    assert "make test" in (ROOT / ".ci" / "run").read_text()
