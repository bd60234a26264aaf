"""Secrets a respondent holds: the session key in their cookie and the resume code they write down.

Only keyed hashes are stored, so a copy of the database cannot be used to reopen anyone's answers.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app

# Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives
# ("one" and "el", "zero" and "oh" are the same symbol).
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12  # 60 bits: unguessable with the per-code and overall attempt limits
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def _hash_with(key: str, value: str) -> str:
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()


def keyed_hash(value: str) -> str:
    """Return an HMAC-SHA256 of the value under the current respondent key (not SECRET_KEY)."""
    return _hash_with(current_app.config["RESPONDENT_KEY"], value)


def candidate_hashes(value: str) -> list[str]:
    """Return the value's hash under the current key and under each previous key still honoured.

    Rotating RESPONDENT_KEY moves the old key to RESPONDENT_KEY_PREVIOUS, so codes and sessions in
    use keep working (and are re-keyed when next used) until the old key is dropped.
    """
    keys = [current_app.config["RESPONDENT_KEY"], *current_app.config.get("RESPONDENT_KEY_PREVIOUS", [])]
    return [_hash_with(key, value) for key in keys]


def new_session_key() -> str:
    """Return a fresh random key that ties one browser session to one response."""
    return secrets.token_urlsafe(32)


def new_submit_key() -> str:
    """Return the idempotency key of a response's submit form."""
    return secrets.token_urlsafe(32)


def new_resume_code() -> str:
    """Return a fresh resume code in its plain form (12 symbols)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_resume_code(code: str) -> str:
    """Split a code into groups of four to make it easy to read aloud and copy."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise_resume_code(typed: str) -> str | None:
    """Return the code as stored, or None if what was typed cannot be a code."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum()).translate(_CONFUSABLE)
    if len(cleaned) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in cleaned):
        return None
    return cleaned
