"""Activation and invitation codes: grouped, unambiguous, with a check character.

A code is 15 random characters from Crockford's base32 alphabet (75 bits) plus one
check character, shown as four groups of four: ``7KQ2-M9XD-4HPA-R3TB``. The check
character lets the app catch a typo before anything is sent: every single wrong character
and every swap of two different neighbours. (Luhn mod 32, used before, misses the swap of
``0`` and ``Z``; the scheme below misses none.) Reading is forgiving: case, spaces and
dashes are ignored and the look-alikes O, I and L are read as 0, 1 and 1.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_INDEX = {c: i for i, c in enumerate(ALPHABET)}
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
PAYLOAD_LENGTH = 15
CODE_LENGTH = PAYLOAD_LENGTH + 1
# A code as a person types it: 16 letters or digits, one space or dash allowed between any two.
TYPED_PATTERN = r"^[0-9A-Za-z](?:[ -]?[0-9A-Za-z]){15}$"


_FIELD_POLYNOMIAL = 0b100101  # x^5 + x^2 + 1: the characters are the elements of GF(32)


def _times_x(value: int) -> int:
    value <<= 1
    return value ^ _FIELD_POLYNOMIAL if value & 0b100000 else value


def _check_character(payload: str) -> str:
    """Damm's scheme over GF(32) with the quasigroup ``s * d = x*s + d``.

    ``x*s + d`` is totally anti-symmetric (``x != 1``), so a swap of two different
    neighbours always changes the result, and each step is a bijection in ``d``, so any
    single substitution does too. The check character brings the final state to zero.
    """
    state = 0
    for char in payload:
        state = _times_x(state) ^ _INDEX[char]
    return ALPHABET[_times_x(state)]


def normalise(text: str) -> str:
    """Upper-case, drop separators and map look-alike letters; does not validate."""
    cleaned = "".join(ch for ch in text.upper() if ch not in " -\t")
    return cleaned.translate(_LOOKALIKES)


def is_well_formed(text: str) -> bool:
    """True when ``text`` has the right length, alphabet and check character."""
    code = normalise(text)
    if len(code) != CODE_LENGTH or any(ch not in _INDEX for ch in code):
        return False
    return _check_character(code[:-1]) == code[-1]


def generate() -> str:
    """A new random code in its canonical (ungrouped) form."""
    payload = "".join(secrets.choice(ALPHABET) for _ in range(PAYLOAD_LENGTH))
    return payload + _check_character(payload)


def grouped(code: str) -> str:
    """The code as people read it: four groups of four separated by dashes."""
    canonical = normalise(code)
    return "-".join(canonical[i : i + 4] for i in range(0, len(canonical), 4))
