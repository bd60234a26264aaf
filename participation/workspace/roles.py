"""How each role is named on workspace pages."""

from flask_babel import lazy_gettext as _l

from participation.models import Role

ROLE_NAMES = {
    Role.ADMIN: _l("Admin"),
    Role.INSPECTOR: _l("Inspector"),
    Role.COORDINATOR: _l("Partnership coordinator"),
    Role.VOLUNTEER: _l("Young inspection volunteer"),
}


def role_name(role: str) -> str:
    """Return the role's name for people, or the key itself for an unknown one."""
    try:
        return str(ROLE_NAMES[Role(role)])
    except ValueError:
        return role
