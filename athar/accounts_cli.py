"""``athar user …`` (accounts) and ``athar serve`` (the web app): thin shells over
``athar.accounts`` and ``athar.web``."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from athar.cli_options import fail, open_store
from athar.roles import ROLES

app = typer.Typer(help="Accounts of the web app and API tokens.", no_args_is_help=True)

#: Who the CLI acts as in the event log.
CLI_ACTOR = "cli"


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="User name (any script, no spaces).")],
    role: Annotated[str, typer.Option("--role", help=f"One of: {', '.join(ROLES)}.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Create an account. Prints a one-time password (to change at first sign-in) unless
    --password-stdin gives one."""
    from athar import accounts

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    try:
        with open_store(None) as store:
            issued = accounts.add_user(store, name, role, CLI_ACTOR, password=password)
    except accounts.AccountError as exc:
        raise fail(exc) from exc
    typer.echo(f"created {issued.user.name} ({issued.user.role})")
    if issued.secret:
        typer.echo(f"one-time password: {issued.secret}")


@app.command("reset")
def reset(name: Annotated[str, typer.Argument()]) -> None:
    """Give a user a new one-time password (ends their sessions)."""
    from athar import accounts

    try:
        with open_store(None) as store:
            issued = accounts.reset_password(store, name, CLI_ACTOR)
    except accounts.AccountError as exc:
        raise fail(exc) from exc
    typer.echo(f"one-time password for {name}: {issued.secret}")


@app.command("list")
def list_users() -> None:
    """Accounts with their role, state and live tokens."""
    with open_store(None) as store:
        users = store.users()
        live: dict[str, list[str]] = {}
        for token in store.tokens():
            if token.revoked_at is None:
                live.setdefault(token.user, []).append(token.prefix)
    if not users:
        typer.echo("no users yet: athar user add NAME --role admin")
    for u in users:
        state = (
            "disabled"
            if u.disabled
            else ("one-time password" if u.must_change_password else "active")
        )
        tokens = ", ".join(live.get(u.name, [])) or "-"
        typer.echo(
            f"{u.name}\t{u.role}\t{state}\tcreated {u.created_at:%Y-%m-%d}\ttokens: {tokens}"
        )


@app.command("token")
def token(name: Annotated[str, typer.Argument()]) -> None:
    """Print a new API token for NAME (shown only now; send it as 'Authorization: Bearer …')."""
    from athar import accounts

    try:
        with open_store(None) as store:
            issued = accounts.issue_token(store, name, CLI_ACTOR)
    except accounts.AccountError as exc:
        raise fail(exc) from exc
    typer.echo(issued.secret)


@app.command("revoke")
def revoke(
    what: Annotated[str, typer.Argument(help="A user name (all their tokens) or a token prefix.")],
) -> None:
    """Revoke API tokens: all of a user's, or the one whose prefix is given."""
    from athar import accounts

    try:
        with open_store(None) as store:
            count = accounts.revoke(store, what, CLI_ACTOR)
    except accounts.AccountError as exc:
        raise fail(exc) from exc
    typer.echo(f"revoked {count} token{'s' if count != 1 else ''}")


@app.command("disable")
def disable(name: Annotated[str, typer.Argument()]) -> None:
    """Disable an account: its sessions end and its tokens stop working."""
    _set_disabled(name, True)


@app.command("enable")
def enable(name: Annotated[str, typer.Argument()]) -> None:
    """Enable a disabled account again."""
    _set_disabled(name, False)


def _set_disabled(name: str, disabled: bool) -> None:
    from athar import accounts

    try:
        with open_store(None) as store:
            store.set_disabled(name, disabled, CLI_ACTOR)
    except accounts.AccountError as exc:
        raise fail(exc) from exc
    typer.echo(f"{name} {'disabled' if disabled else 'enabled'}")


def serve(
    host: Annotated[str | None, typer.Option("--host", help="Default: ATHAR_HOST.")] = None,
    port: Annotated[int | None, typer.Option("--port", help="Default: ATHAR_PORT.")] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Server processes (default: ATHAR_WEB_WORKERS, else the cores, at most 4).",
        ),
    ] = None,
) -> None:
    """Serve the web app and its API (uvicorn) on the registry of ATHAR_DATA_DIR."""
    from athar.config import settings
    from athar.web.serving import run

    config = settings()
    host, port = host or config.host, port or config.port
    workers = workers or config.web_workers
    plural = "es" if workers > 1 else ""
    typer.echo(
        f"Athar on http://{host}:{port}/  (registry: {config.data_dir}; "
        f"{workers} worker process{plural})"
    )
    run(config, host, port, workers)
