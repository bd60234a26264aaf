"""The inspectors' workspace: a second Flask app for signed-in staff, sharing models, extensions and
survey definitions with the respondent app but not its session cookie, CSP or rate limits.

`create_app` mounts it under WORKSPACE_PATH (`/workspace`); `workspace_wsgi.py` serves it alone on
its own host.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from participation.config import INSTANCE, ROOT, Config, config_from_environment
from participation.extensions import babel, csrf, db
from participation.security import CSP

# The respondent policy less `data:` images: the QR code is inline SVG, and nothing else needs them.
WORKSPACE_CSP = CSP.replace("img-src 'self' data:;", "img-src 'self';")


def workspace_secret(secret_key: str) -> str:
    """Derive the workspace's signing key, so a respondent's cookie or form token never verifies here."""
    return hmac.new(secret_key.encode(), b"participation-workspace", hashlib.sha256).hexdigest()


def _configure(app: Flask, settings: Config | Mapping, mounted_at: str) -> None:
    if isinstance(settings, Mapping):
        app.config.from_mapping(settings)
    else:
        app.config.from_object(settings)
    config = app.config
    config.update(
        SECRET_KEY=workspace_secret(config["SECRET_KEY"]),
        SESSION_COOKIE_NAME=config["WORKSPACE_SESSION_COOKIE_NAME"],
        # Mounted, the cookie is sent only to workspace pages, never to a respondent's.
        SESSION_COOKIE_PATH=mounted_at or "/",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=config["WORKSPACE_ABSOLUTE_HOURS"]),
        SESSION_REFRESH_EACH_REQUEST=True,  # the respondents' app renews its cookie on forms only
        WTF_CSRF_TIME_LIMIT=config["WORKSPACE_IDLE_MINUTES"] * 60,
        REMEMBER_COOKIE_DURATION=dt.timedelta(0),
    )


def create_workspace_app(
    settings: Config | Mapping | None = None, mounted_at: str = "", definitions: dict | None = None,
    versions: dict | None = None,
) -> Flask:
    """Build the workspace app from a config (the environment's by default) and survey definitions
    with every published version of each (loaded and validated here when not given)."""
    app = Flask(
        __name__,
        instance_path=str(INSTANCE),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "participation" / "static"),
    )
    _configure(app, settings if settings is not None else config_from_environment(), mounted_at)
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(ROOT / "templates")),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    app.jinja_env.add_extension("jinja2.ext.do")
    from participation.fragments import init_fragments

    init_fragments(app)  # the shared page shell (layouts/base.html) keeps its skip link and footer
    if definitions is None:
        from participation.surveys import load_versions

        versions = load_versions(app.config["SURVEY_DEFINITIONS"])
        definitions = {key: by[max(by)] for key, by in versions.items()}
    app.extensions["survey_definitions"] = definitions
    # Counts keep the wording each response saw, so older published versions are needed too.
    app.extensions["survey_versions"] = versions or {key: {d.version: d} for key, d in definitions.items()}

    from participation.security import init_security
    from participation.workspace.access import check_every_view_is_guarded, init_access
    from participation.workspace.auth.session import init_session
    from participation.workspace.errors import init_errors
    from participation.workspace.extensions import login_manager, workspace_limiter

    db.init_app(app)
    babel.init_app(app, locale_selector=lambda: "en")
    login_manager.init_app(app)
    workspace_limiter.init_app(app)
    # In this order: time-outs, then who may see the page, then the form's CSRF token.
    init_session(app)
    init_access(app)
    csrf.init_app(app)
    init_security(app, csp=WORKSPACE_CSP)
    init_errors(app)
    from participation.assets import init_assets
    from participation.limits import refuse_oversized_streams
    from participation.proxy import init_proxy
    from participation.request_log import init_request_log

    init_assets(app)
    app.before_request(refuse_oversized_streams)
    # Its own, as when it runs on its own host: mounted, it is reached before the respondent app's.
    init_proxy(app)
    init_request_log(app)

    from flask_babel import get_locale
    from flask_babel import lazy_gettext as _
    from govuk_frontend_wtf.main import WTFormsHelpers

    from participation.i18n import text_direction
    from participation.workspace.navigation import inspection_navigation, service_navigation
    from participation.workspace.roles import role_name

    WTFormsHelpers(app)
    app.context_processor(lambda: {"service_name": _("Inspection workspace")})
    app.jinja_env.globals.update(
        text_direction=text_direction,
        get_locale=get_locale,
        role_name=role_name,
        service_navigation=service_navigation,
        inspection_navigation=inspection_navigation,
    )

    from participation.workspace.agreement import blueprint as agreement_blueprint
    from participation.workspace.answers import blueprint as answers_blueprint
    from participation.workspace.audit.views import blueprint as audit_blueprint
    from participation.workspace.auth import blueprint as auth_blueprint
    from participation.workspace.benchmark import blueprint as benchmark_blueprint
    from participation.workspace.dashboard import blueprint as dashboard_blueprint
    from participation.workspace.evaluation import blueprint as evaluation_blueprint
    from participation.workspace.exports import blueprint as exports_blueprint
    from participation.workspace.findings import blueprint as findings_blueprint
    from participation.workspace.home import blueprint as home_blueprint
    from participation.workspace.inspections import blueprint as inspections_blueprint
    from participation.workspace.questions import blueprint as questions_blueprint
    from participation.workspace.report import blueprint as report_blueprint
    from participation.workspace.safeguarding import blueprint as safeguarding_blueprint
    from participation.workspace.safeguarding.untriaged import untriaged_context
    from participation.workspace.surveys import blueprint as surveys_blueprint
    from participation.workspace.told_us import blueprint as told_us_blueprint
    from participation.workspace.users import blueprint as users_blueprint

    for blueprint in (
        auth_blueprint,
        home_blueprint,
        inspections_blueprint,
        surveys_blueprint,
        dashboard_blueprint,
        safeguarding_blueprint,
        findings_blueprint,
        questions_blueprint, evaluation_blueprint, report_blueprint,
        benchmark_blueprint,
        told_us_blueprint,
        answers_blueprint,
        agreement_blueprint,
        users_blueprint,
        audit_blueprint,
        exports_blueprint,
    ):
        app.register_blueprint(blueprint)
    app.context_processor(untriaged_context)
    check_every_view_is_guarded(app)

    from participation.workspace.cli import register_workspace_cli

    register_workspace_cli(app)
    return app


def mount_workspace(app: Flask) -> None:
    """Serve the workspace under WORKSPACE_PATH of the respondent app, and add its commands."""
    from participation.workspace.cli import register_workspace_cli

    register_workspace_cli(app)
    path = app.config.get("WORKSPACE_PATH", "").rstrip("/")
    if not path:
        return
    workspace = create_workspace_app(
        app.config, mounted_at=path, definitions=app.extensions["survey_definitions"],
        versions=app.extensions["survey_versions"],
    )
    app.extensions["workspace_app"] = workspace
    app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {path: workspace})
