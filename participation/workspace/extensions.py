"""The workspace's own extension objects (the database, CSRF and Babel are shared with the respondent app)."""

from flask_limiter import Limiter
from flask_login import LoginManager

# Its own instance, so its counts live apart from the respondent app's. Routes name their limits.
workspace_limiter = Limiter(key_func=lambda: "global", default_limits=[], key_prefix="workspace")
login_manager = LoginManager()
