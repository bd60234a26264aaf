"""The workspace's service navigation: what the signed-in user can reach, the current page marked."""

from __future__ import annotations

from flask import current_app, g, request, url_for
from flask_babel import gettext as _
from flask_login import current_user


def service_navigation() -> list[dict]:
    """Return GOV.UK service navigation items for the signed-in user (none when signed out)."""
    if not current_user.is_authenticated:
        return []
    # An inspection's own pages are under "Your inspections"; admins' list of them is apart.
    member_pages = (
        "home.",
        "inspections.overview",
        "inspections.edit",
        "inspections.expected",
        "surveys.",
        "dashboard.",
        "safeguarding.",
        "findings.",
        "questions.", "evaluation.", "report.",
        "benchmark.",
        "told_us.",
        "answers.", "agreement.",
        "exports.index", "exports.start_workbook", "exports.progress", "exports.download",
    )
    items = [("home.index", _("Your inspections"), member_pages)]
    if current_user.is_admin:
        items += [
            ("inspections.index", _("Inspections"), ("inspections.index", "inspections.new")),
            ("users.index", _("Users"), ("users.",)),
            ("audit.index", _("Audit"), ("audit.",)),
            ("exports.national", _("Exports"), ("exports.national",)),
        ]
    items.append(("auth.account", _("Your account"), ("auth.",)))
    endpoint = request.endpoint or ""
    return [
        {
            "href": url_for(target),
            "text": text,
            "current": endpoint == target,
            "active": endpoint != target and endpoint.startswith(prefixes),
        }
        for target, text, prefixes in items
    ]


# An inspection's own pages, in the order they are listed. An entry shows when its view exists and
# the user's role passes its access mark, so this list never repeats who may see what.
INSPECTION_PAGES = (
    ("inspections.overview", "Overview"),
    ("dashboard.responses", "Responses"),
    ("surveys.index", "Surveys, links and posters"),
    ("inspections.expected", "Expected numbers"),
    ("safeguarding.queue", "Safeguarding queue"),
    ("findings.index", "Findings"),
    ("questions.aims", "Results by aim"),
    ("evaluation.indicator", "Quality indicator 2.1"), ("evaluation.drafts", "Strengths and areas"),
    ("report.show", "Report"),
    ("benchmark.national", "National comparison"),
    ("told_us.index", "What you told us"),
    ("answers.index", "Answers"), ("agreement.index", "Agreement"),
    ("inspections.edit", "Inspection details"),
    ("exports.index", "Exports"),
)


def inspection_navigation() -> list[dict]:
    """Return links to the pages of g.inspection that the signed-in member may use."""
    from participation.workspace.access import access_of, current_role

    role = current_role()
    items = []
    for endpoint, text in INSPECTION_PAGES:
        access = access_of(current_app, endpoint)
        if access is None or role not in access.roles:
            continue
        items.append(
            {
                "href": url_for(endpoint, inspection_id=g.inspection.id),
                "text": text,
                "current": request.endpoint == endpoint,
            }
        )
    return items
