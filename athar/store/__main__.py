"""Alembic for developers without an alembic.ini: ``python -m athar.store upgrade|current|history|
revision -m MESSAGE [--autogenerate]``, against ``ATHAR_DATABASE_URL`` (or ``--url``).

No ``downgrade``: below 0001 it drops every table, and Athar never destroys records."""

from __future__ import annotations

import argparse

from alembic import command

from athar.config import settings
from athar.store.engine import normalize_url
from athar.store.migrate import alembic_config


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m athar.store")
    parser.add_argument("--url", default=None, help="database URL (default: ATHAR_DATABASE_URL)")
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("upgrade")
    up.add_argument("revision", nargs="?", default="head")
    sub.add_parser("current")
    sub.add_parser("history")
    rev = sub.add_parser("revision")
    rev.add_argument("-m", "--message", required=True)
    rev.add_argument("--autogenerate", action="store_true")
    args = parser.parse_args(argv)
    url = normalize_url(args.url or settings().database_url)
    config = alembic_config(url=url.render_as_string(hide_password=False))
    if args.command == "upgrade":
        command.upgrade(config, args.revision)
    elif args.command == "current":
        command.current(config, verbose=True)
    elif args.command == "history":
        command.history(config)
    else:
        command.revision(config, message=args.message, autogenerate=args.autogenerate)


if __name__ == "__main__":
    main()
