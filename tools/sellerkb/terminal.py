"""Writing to the terminal as click does, for the commands that run without it: whether
to colour, and click.echo's way of writing a line. Light to import."""

from __future__ import annotations

import os
import re
import sys

_ANSI = re.compile(r"\033\[[;?0-9]*[a-zA-Z]")  # what click.unstyle removes


def colour() -> bool:
    """Whether standard output is a terminal that may show colours (no NO_COLOR)."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def echo(message: str, err: bool = False, color: bool | None = None) -> None:
    """A line on stdout (or stderr), as click.echo writes one: without ANSI codes unless
    colour is asked for, or (when color is None) the stream is a terminal; then flushed."""
    stream = sys.stderr if err else sys.stdout
    text = message + "\n"
    if not (stream.isatty() if color is None else color):
        text = _ANSI.sub("", text)
    stream.write(text)
    stream.flush()
