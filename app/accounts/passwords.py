"""Password hashing with Argon2id, and the rules a new password must meet."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
MIN_LENGTH = 10
# The first ones any guessing tool tries, compared without case, digits at the end, or
# punctuation: "Password123!" is "password". Long lists belong in a breach check, not here.
COMMON = {
    "password", "passw0rd", "qwerty", "qwertyuiop", "asdfghjkl", "zxcvbnm", "qazwsx",
    "1qaz2wsx", "1q2w3e4r5t", "iloveyou", "letmein", "welcome", "admin", "administrator",
    "changeme", "secret", "monkey", "dragon", "football", "baseball", "sunshine", "princess",
    "trustno1", "abc", "1234567890", "0123456789", "0987654321", "1122334455",
}  # fmt: skip

# A hash to verify against when the email is unknown, so both paths take as long.
_DUMMY_HASH = _hasher.hash("timing-equaliser-not-a-password")


def hash_password(password: str) -> str:
    """Return an Argon2id hash of `password`."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Tell whether `password` matches; a missing hash never matches."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Say what is wrong with a proposed password for this person, or None when it is fine."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > 1024:
        return "Use at most 1024 characters."
    if len(set(password)) < 4:
        return "Use a less repetitive password."
    plain = _plain(password)
    if plain in COMMON or plain.rstrip("0123456789") in COMMON:
        return "That password is one of the most common ones; choose another."
    rest = plain
    for part in sorted(_personal_parts(email, name), key=len, reverse=True):
        rest = rest.replace(part, "")
    if rest != plain and len(rest) < 6:
        return "Use a password that is not made from your name or email address."
    return None


def _plain(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def _personal_parts(email: str, name: str) -> set[str]:
    """Return the pieces of someone's email and name that a guesser would try first."""
    local, _, domain = email.casefold().partition("@")
    pieces = [email, local, *re.split(r"[._+-]", local), domain.split(".")[0], name, *name.split()]
    return {p for p in map(_plain, pieces) if len(p) >= 3}
