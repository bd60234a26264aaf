"""`flask users create`: add a workspace user from the command line (the first admin, say);
`flask safeguarding alert`: e-mail about new safeguarding entries."""

from __future__ import annotations

import sys

import click
from flask import Flask

from participation.extensions import db
from participation.models import Inspection, Role


def fail(message: str) -> None:
    """Say what is wrong on one line of stderr and exit 2."""
    click.echo(message, err=True)
    sys.exit(2)


def register_workspace_cli(app: Flask) -> None:
    """Add the `users` and `safeguarding` command groups to `flask`."""
    if "users" in app.cli.commands:
        return

    @app.cli.group("users")
    def users() -> None:
        """Manage the workspace's users."""

    @users.command("create")
    @click.option("--email", required=True, help="The address the user signs in with.")
    @click.option("--role", required=True, type=click.Choice([role.value for role in Role]))
    @click.option("--name", default="", help="Full name (the email address when left out).")
    @click.option("--inspection", "inspection_id", type=int, help="Inspection number, for a member role.")
    def create(email: str, role: str, name: str, inspection_id: int | None) -> None:
        """Add a user with a one-time password (printed once), to change at first sign-in."""
        from participation.workspace.users import accounts

        inspection = None
        if role != Role.ADMIN:
            if inspection_id is None:
                fail(f"A {role} is a member of an inspection: give --inspection NUMBER")
            inspection = db.session.get(Inspection, inspection_id)
            if inspection is None:
                fail(f"There is no inspection number {inspection_id}")
        try:
            user, password = accounts.create_user(email, name, is_admin=role == Role.ADMIN)
            if inspection is not None:
                accounts.add_membership(None, user, inspection, Role(role))
        except accounts.AccountError as error:
            db.session.rollback()
            fail(str(error))
        db.session.commit()
        where = f" in {inspection.name} (inspection {inspection.id})" if inspection is not None else ""
        click.echo(f"Added {user.email} as {role}{where}.")
        click.echo(
            f"One-time password: {password}  (they choose their own, and set up two-factor, at first sign-in)"
        )

    @app.cli.group("safeguarding")
    def safeguarding() -> None:
        """The safeguarding queue's e-mail alert."""

    @safeguarding.command("alert")
    def alert() -> None:
        """E-mail SAFEGUARDING_ALERT_TO about queues with new entries (at most hourly each)."""
        from flask import current_app

        from participation.workspace.safeguarding.alerts import send_alerts

        config = current_app.config
        if not config.get("SAFEGUARDING_ALERT_SMTP_HOST"):
            click.echo("No alert is sent: SAFEGUARDING_ALERT_SMTP_HOST is not set.")
            return
        if not config.get("SAFEGUARDING_ALERT_TO") or not config.get("SAFEGUARDING_ALERT_FROM"):
            fail("Set SAFEGUARDING_ALERT_TO and SAFEGUARDING_ALERT_FROM to send safeguarding alerts")
        try:
            sent = send_alerts(config)
        except OSError as error:
            db.session.rollback()
            host = config["SAFEGUARDING_ALERT_SMTP_HOST"]
            fail(f"Could not send a safeguarding alert through {host}: {error}")
        click.echo(f"Sent {sent} safeguarding alert{'s' if sent != 1 else ''}.")
