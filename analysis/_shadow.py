"""Stand in for the ``cython`` module where Cython is not installed: plain Python then runs.

Only what the analysis's modules use at import time is here. Type annotations of local
variables are never evaluated, so ``cython.Py_ssize_t`` and the like need nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

Function = TypeVar("Function", bound=Callable)

compiled = False
# C types, named as Cython names them; here only placeholders for declare().
int = "int"
double = "double"


def cfunc(function: Function) -> Function:
    """Return ``function`` unchanged: a C function only in the compiled build."""
    return function


def ccall(function: Function) -> Function:
    """Return ``function`` unchanged: in the compiled build, callable from C and Python."""
    return function


def declare(kind: object, value: object = None) -> object:
    """Return ``value``: a C variable of type ``kind`` only in the compiled build."""
    return value


def _unchanged(function: Function) -> Function:
    return function


def boundscheck(flag: bool) -> Callable[[Function], Function]:
    """Return a decorator that changes nothing: index checks are a compiled-build setting."""
    return _unchanged


def wraparound(flag: bool) -> Callable[[Function], Function]:
    """Return a decorator that changes nothing: negative indexes are a compiled-build setting."""
    return _unchanged
