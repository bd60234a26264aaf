"""Keep the parts of a page that are the same for everyone reading it in one language.

The quick exit, the language switcher, the help link, the skip link and the footer took about a
quarter of a question page's instructions (callgrind; docs/benchmarks.md). Flask-Caching's
``{% cache None, "name", key... %}`` template tag keeps each one in this process's memory, under
what it depends on: the language, and for the footer whether the survey is the children's.
Nothing about a respondent or a request may go inside a kept fragment: the CSP nonce, the survey's
own address, form fields and answers all stay outside.
"""

from __future__ import annotations

from flask import Flask
from flask_caching import Cache

# Kept until the process ends (timeout 0): templates and translations do not change while it runs.
# A handful of fragments per language, so the threshold is never reached.
fragments = Cache(config={"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 0, "CACHE_THRESHOLD": 500})


def init_fragments(app: Flask) -> None:
    """Give the app's templates the ``{% cache %}`` tag, with a fragment store of its own."""
    fragments.init_app(app)
