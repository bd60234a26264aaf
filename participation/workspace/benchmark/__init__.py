"""The national benchmark: an inspection's percentage positive beside every other inspection's, and
beside the same partnership's earlier inspection, marked only where the difference is beyond chance."""

from participation.workspace.benchmark.views import blueprint

__all__ = ["blueprint"]
