"""Turn a rendered report page into a PDF with WeasyPrint, reading nothing but our own static files.

The page is drawn with the workspace's stylesheet for print (`assets/scss/_print.scss`); charts
are inline SVG. The fetcher refuses any address outside the built assets, so a report can never
make the server fetch from the network or read another file, whatever an answer contains.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from participation.assets import BUNDLE, read_manifest

# WeasyPrint warns of every screen rule it cannot use (media features, @supports, newer
# properties) on every PDF; keep the log for what fails.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


class BundleOnlyFetcher(URLFetcher):
    """Fetch `file:` addresses inside the asset bundle; refuse everything else."""

    def __init__(self, bundle: Path) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self._bundle = bundle.resolve()

    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        path = Path(unquote(parsed.path)).resolve()
        if parsed.scheme != "file" or not path.is_relative_to(self._bundle):
            raise ValueError("the report reads only its own stylesheet and images")
        return super().fetch(url, headers)


def render_pdf(html: str, bundle: Path = BUNDLE) -> bytes:
    """Return the PDF of a report page rendered without its <link> stylesheets."""
    stylesheet = bundle / read_manifest(bundle)["workspace.css"]
    fetcher = BundleOnlyFetcher(bundle)
    return HTML(string=html, base_url=bundle.as_uri() + "/", url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(filename=str(stylesheet), url_fetcher=fetcher)]
    )
