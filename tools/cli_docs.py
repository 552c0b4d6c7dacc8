"""Write the README's command reference from `filmkg --help`, so the two never drift apart.

    python tools/cli_docs.py          # rewrite the section between the markers in README.md
    python tools/cli_docs.py --check  # exit 1 if README.md is out of date (tests/test_docs.py)
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from filmkg.cli import main as cli

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- commands -->", "<!-- /commands -->"


def commands_markdown() -> str:
    """One `###` section per command with its full --help text."""
    parts = ["Generated from `filmkg COMMAND --help` by `make docs`; every command has an example.", ""]
    root = click.Context(cli, info_name="filmkg")
    for name in sorted(cli.list_commands(root)):
        command = cli.get_command(root, name)
        if command is None or command.hidden:
            continue
        ctx = click.Context(command, info_name=name, parent=root, terminal_width=100,
                            max_content_width=100)
        parts += [f"### `filmkg {name}`", "", "```", command.get_help(ctx).rstrip(), "```", ""]
    return "\n".join(parts)


def rewrite(text: str) -> str:
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{commands_markdown()}\n{END}{tail}"


def main(argv: list[str]) -> int:
    current = README.read_text(encoding="utf-8")
    wanted = rewrite(current)
    if "--check" in argv:
        if current != wanted:
            print("README.md command reference is out of date: run `make docs`", file=sys.stderr)
            return 1
        return 0
    README.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
