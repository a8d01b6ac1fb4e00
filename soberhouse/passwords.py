"""Passwords: stored only as Argon2id hashes, and good enough to be chosen.

A password is never kept, logged or compared as text: :func:`hash_password`
makes the Argon2id hash (``argon2-cffi``; the OWASP Password Storage Cheat
Sheet's setting: 19 MiB, 2 passes, 1 lane, about 35 ms on a two-core office
PC, where RFC 9106's 64 MiB and 4 lanes took 0.25 s of every start) that the
account row stores, and :func:`matches` checks a typed password against it.  A hash made
with weaker settings than today's (an older version, the tests' cheap ones)
is made again at the next successful sign-in (:func:`needs_new_hash`).

:func:`problem_with` says, in the manager's words, why a new password can't
be used: shorter than :data:`MINIMUM_LENGTH`, one of the passwords people
choose most often (``resources/accounts/common_passwords.txt``), one
character repeated or a run on the keyboard, or the person's own name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

import resources

MINIMUM_LENGTH = 12
"""A few words ("maple kettle river") are easier to remember than 8 random
characters, and far harder to guess: NIST SP 800-63B asks for 15 when the
password is the only factor; 12 with the list check is the floor here."""

# Argon2id, OWASP's setting (m=19 MiB, t=2, p=1): each guess costs an attacker
# 19 MiB of memory, which is what makes the hash slow to crack on graphics cards.
HASH_SETTINGS = {"time_cost": 2, "memory_cost": 19 * 1024, "parallelism": 1}
_hasher = PasswordHasher(**HASH_SETTINGS)


def use_cheap_hashing_for_tests() -> None:
    """Tests create hundreds of accounts: hash with the smallest settings
    (still Argon2id).  Never called by the program."""
    global _hasher
    _hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def hash_password(password: str) -> str:
    """The Argon2id hash to store for ``password`` (salted: never the same twice)."""
    return _hasher.hash(password)


def matches(stored_hash: str, password: str) -> bool:
    """Whether ``password`` is the one ``stored_hash`` was made from (False for
    an empty or damaged hash: an account without a password can't sign in)."""
    if not stored_hash:
        return False
    try:
        return bool(_hasher.verify(stored_hash, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_new_hash(stored_hash: str) -> bool:
    """Whether the hash was made with other settings than today's."""
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except (InvalidHashError, ValueError):
        return True


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    text = resources.path("accounts", "common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


_KEYBOARD_RUNS = ("1234567890", "qwertyuiopasdfghjklzxcvbnm", "qazwsxedcrfvtgbyhnujmikolp",
                  "abcdefghijklmnopqrstuvwxyz")


def _is_a_run(text: str) -> bool:
    """"aaaaaaaaaaaa", "123456789012", "qwertyuiopas", "zyxwvutsrqpo"..."""
    folded = re.sub(r"[\s\W_]", "", text.lower())
    if len(set(folded)) <= 2:
        return True
    for run in _KEYBOARD_RUNS:
        for seq in (run * 3, run[::-1] * 3):
            if folded and folded in seq:
                return True
    return False


def problem_with(password: str, *, names: tuple[str, ...] = ()) -> str | None:
    """Why ``password`` can't be used (None: it can), in the manager's words.
    ``names``: the person's name and sign-in name, which it may not be."""
    if len(password) < MINIMUM_LENGTH:
        return (f"The password needs at least {MINIMUM_LENGTH} characters (it has "
                f"{len(password)}). A few words that go together in your head are easy "
                f"to remember and hard to guess.")
    if password.strip() != password:
        return "The password can't start or end with a space."
    folded = password.lower()
    squeezed = re.sub(r"\s+", "", folded)
    if folded in common_passwords() or squeezed in common_passwords():
        return ("That password is one of the most common ones, which are tried first. "
                "Choose another.")
    if _is_a_run(password):
        return ("That password is a run of keys or one character repeated, which is "
                "tried first. Choose another.")
    for name in names:
        name = re.sub(r"\s+", "", name.lower())
        if len(name) >= 3 and name in squeezed and len(squeezed) - len(name) < 6:
            return "The password can't be your name or sign-in name with a few more characters."
    return None
