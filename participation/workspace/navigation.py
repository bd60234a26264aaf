"""The workspace's service navigation: what the signed-in user can reach, the current page marked."""

from __future__ import annotations

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user


def service_navigation() -> list[dict]:
    """Return GOV.UK service navigation items for the signed-in user (none when signed out)."""
    if not current_user.is_authenticated:
        return []
    items = [("home.index", _("Your inspections"), ("home.", "inspections."))]
    if current_user.is_admin:
        items += [("users.index", _("Users"), ("users.",)), ("audit.index", _("Audit"), ("audit.",))]
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
