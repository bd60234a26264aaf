"""Believe the forwarding headers only from the configured number of proxies in front of the app.

Behind a TLS-terminating proxy every request comes from the proxy's address and arrives over plain
HTTP. ProxyFix takes the client's address and the scheme from X-Forwarded-For and X-Forwarded-Proto,
reading only the last TRUSTED_PROXY_COUNT entries (the ones our own proxies appended), so a client
cannot choose its address by sending the header itself. With no proxy (0) the headers are ignored.
The Host header is left as the proxy passes it on (the trusted host names are checked elsewhere), and
X-Forwarded-Host, -Port and -Prefix are never believed.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_proxy(app: Flask) -> None:
    """Wrap the app in ProxyFix when TRUSTED_PROXY_COUNT says proxies stand in front of it."""
    count = int(app.config.get("TRUSTED_PROXY_COUNT", 0))
    if count > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=0, x_port=0, x_prefix=0)
