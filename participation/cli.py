"""Flask commands: `flask demo-data` loads (once) a demo inspection and prints its survey links;
`flask reanalyse` reads stored answers again after the analysis changes; `flask purge` deletes
answers past their retention."""

from __future__ import annotations

import sys

import click
from flask import Flask, current_app

from participation.demo import load_demo
from participation.purge import purge_command
from participation.reanalyse import reanalyse_command


def register_cli(app: Flask) -> None:
    """Add the project's commands to `flask`."""
    app.cli.add_command(reanalyse_command)
    app.cli.add_command(purge_command)

    @app.cli.command("demo-data")
    @click.option("--responses", default=360, show_default=True, help="Submitted responses to create.")
    @click.option("--seed", default=2026, show_default=True, help="Random seed, for the same data each time.")
    @click.option("--base-url", default="http://127.0.0.1:5000", show_default=True)
    def demo_data(responses: int, seed: int, base_url: str) -> None:
        """Load a demo inspection with its three surveys open and a demo user per role, unless they
        exist; print the survey links and how each demo user signs in."""
        if current_app.config["ENV_NAME"] == "production":
            click.echo("demo-data is for development only: it never runs in production", err=True)
            sys.exit(2)
        if responses < 0:
            raise click.BadParameter("must be 0 or more", param_hint="--responses")
        inspection, created = load_demo(responses=responses, seed=seed)
        definitions = current_app.extensions["survey_definitions"]
        state = "Loaded" if created else "Reusing"
        click.echo(f"{state} the demo inspection of {inspection.partnership}.")
        for survey in inspection.surveys:
            title = definitions[survey.definition_key].title
            click.echo(f"  {title}: {base_url.rstrip('/')}/s/{survey.token}")
        from participation.workspace.demo import load_demo_staff
        from participation.workspace.told_us.demo import write_demo_drafts

        if created:
            write_demo_drafts(inspection)  # drafts only: approving and publishing stay a person's steps

        workspace = current_app.config.get("WORKSPACE_PATH") or ""
        click.echo(f"Sign in to the workspace at {base_url.rstrip('/')}{workspace}/ as:")
        for login in load_demo_staff(inspection):
            click.echo(login.line())
