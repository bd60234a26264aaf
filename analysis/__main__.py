"""Command line: ``python -m analysis theme|evaluate|summary|model ...``."""

from __future__ import annotations

import argparse
import sys

from analysis import cli, cli_model, cli_summary


def build_parser() -> argparse.ArgumentParser:
    """Return the parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Theme, score, flag, summarise and evaluate free-text survey answers.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    cli.add_theme_parser(subparsers)
    cli_summary.add_parser(subparsers)
    cli.add_evaluate_parser(subparsers)
    cli_model.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the chosen command; return its exit status."""
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
