"""Sign-in throttling.

For one account from one address: after a number of failures (password or code), a wait with a
clear message. For one account from any address: each failure past a threshold is answered more
slowly and recorded in the audit, but never refused, so a stranger cannot lock an inspector out in
the middle of triage (two-factor is what stops a guessed password). Counts live in the workspace
Limiter's storage (Redis in production); keys are daily HMACs, so the store holds no e-mail addresses.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from flask import current_app, request
from limits import RateLimitItemPerHour, RateLimitItemPerMinute
from limits.strategies import MovingWindowRateLimiter

from participation.limits import limiter_key
from participation.workspace.extensions import workspace_limiter

# A ceiling far above any threshold: the account-wide window only counts, it never refuses.
ACCOUNT_COUNT_CEILING = 100_000


def _key(kind: str, *parts: str) -> str:
    # The respondent side's keys: an HMAC under a key that changes daily, so the store holds
    # nothing an address or an e-mail can be read back from, today or later.
    return limiter_key(f"sign-in-{kind}", "\n".join(parts))


def _strategy() -> MovingWindowRateLimiter:
    return MovingWindowRateLimiter(workspace_limiter.storage)


def _pair_limit() -> RateLimitItemPerMinute:
    config = current_app.config
    return RateLimitItemPerMinute(
        config["WORKSPACE_SIGN_IN_FAILURES"], config["WORKSPACE_SIGN_IN_WAIT_MINUTES"]
    )


def _pair(email: str) -> str:
    return _key("pair", email.strip().lower(), request.remote_addr or "unknown")


def _account(email: str) -> str:
    return _key("account", email.strip().lower())


@dataclass(frozen=True)
class Wait:
    """Sign-in refused for now: the minutes to wait."""

    minutes: int


def wait_needed(email: str) -> Wait | None:
    """Return the wait before this address may try this account again, or None."""
    limit = _pair_limit()
    if _strategy().test(limit, _pair(email)):
        return None
    reset_at = _strategy().get_window_stats(limit, _pair(email)).reset_time
    return Wait(max(1, math.ceil((reset_at - time.time()) / 60)))


def slow_down(seconds: float) -> None:
    """Hold the answer to a failed attempt (a function, so tests can see it without waiting)."""
    time.sleep(seconds)


def count_failure(email: str) -> bool:
    """Count a failed attempt; slow the answer if the account has many. Say if it just crossed the line."""
    config = current_app.config
    _strategy().hit(_pair_limit(), _pair(email))
    account_limit = RateLimitItemPerHour(ACCOUNT_COUNT_CEILING)
    _strategy().hit(account_limit, _account(email))
    failures = ACCOUNT_COUNT_CEILING - _strategy().get_window_stats(account_limit, _account(email)).remaining
    beyond = failures - config["WORKSPACE_SLOW_DOWN_AFTER"]
    if beyond > 0:
        slow_down(min(0.25 * beyond, config["WORKSPACE_SLOW_DOWN_MAX_SECONDS"]))
    return beyond == 1


def forget_failures(email: str) -> None:
    """Clear this address's failures for the account once it has signed in properly."""
    _strategy().clear(_pair_limit(), _pair(email))


def address_key() -> str:
    """Key the flood limit on the address, as an HMAC."""
    return _key("address", request.remote_addr or "unknown")
