"""The password policy of the studio's accounts: long enough, not a common password, not the account's own name."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

MIN_LENGTH = 10
MAX_LENGTH = 1000
COMMON = Path(__file__).resolve().parent / "common_passwords.txt"
SEQUENCES = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm", "azertyuiop", "qwertzuiop")


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why ``password`` is refused (a sentence), or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"the password is too short: use at least {MIN_LENGTH} characters (a few words make a good one)"
    if len(password) > MAX_LENGTH:
        return f"the password is longer than {MAX_LENGTH} characters"
    lowered = password.lower()
    stem = re.sub(r"[\W\d_]+$", "", lowered)
    if lowered in common_passwords() or stem in common_passwords() or not stem.strip():
        return "this password is one of the most common ones, which are guessed first: choose another"
    if len(set(lowered)) <= 2 or any(lowered in seq or lowered in seq[::-1] for seq in SEQUENCES):
        return "this password is a repeated character or a keyboard sequence: choose another"
    local = email.lower().split("@", 1)[0]
    if (local and lowered in {email.lower(), local}) or (name and lowered == name.strip().lower()):
        return "the password must not be your email or your name"
    return None
