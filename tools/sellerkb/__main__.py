"""`python -m sellerkb` and the `sellerkb` script: a search of the usual form runs
without click (see search_command.py), everything else through cli.py."""

import sys


def main() -> None:
    if sys.argv[1:2] == ["search"]:
        from .search_command import search_without_click

        search_without_click(sys.argv[2:])  # returns when click must read the arguments
    from .cli import main as cli

    cli()


if __name__ == "__main__":
    main()
