"""How much a case key resists guessing, estimated low on purpose, and the refusal of a weak one.

The case key opens every name and diagnosis of the leak, and a stolen ``case.db`` can be
attacked offline for as long as the thief likes. SQLCipher already stretches the key
(PBKDF2-HMAC-SHA512, 256,000 iterations), which buys about 18 bits; the key itself must
bring the rest, so leakmap asks for at least 128 bits.

The estimate is the charset of each part times its length, made conservative three ways:
a part written only in hex digits counts 4 bits a character (``token_hex``'s own rate);
a run of six or more repeated or ascending characters (``aaaaaa``, ``012345``) counts
as two characters; a part that looks like a dictionary word (lowercase or capitalised, at
most 12 letters) counts as one Diceware word (12.9 bits). Separators count nothing.
So ``secrets.token_hex(32)`` (256 bits) passes, ten random words pass, and
``LEAKMAP_KEY=x`` or ``hospital-case-2026`` do not.
"""

from __future__ import annotations

import math
import re
import string

from leakmap.i18n import N_, _

MIN_KEY_BITS = 128
#: One word drawn from the 7,776-word Diceware list.
WORD_BITS = math.log2(7776)
_RUN = 6
_WORD_MAX = 12
_SEPARATORS = re.compile(r"[\s\-_.,;:+/]+")
_HEX = frozenset(string.hexdigits)
_CLASSES = (
    (frozenset(string.ascii_lowercase), 26),
    (frozenset(string.ascii_uppercase), 26),
    (frozenset(string.digits), 10),
)
_OTHER_POOL = 33
#: How to make a strong key (an English msgid: say it with ``_(MAKE_A_KEY)``).
MAKE_A_KEY = N_(
    "make one with `export LEAKMAP_KEY=$(python3 -c 'import secrets; "
    "print(secrets.token_hex(32))')` (or use a passphrase of 10 random words)"
)


def key_entropy_bits(key: str) -> float:
    """A low estimate of the guessing entropy of ``key``, in bits."""
    return sum(_part_bits(part) for part in _SEPARATORS.split(key) if part)


def weak_key_reason(key: str, *, variable: str) -> str | None:
    """Why ``key`` is too weak for a case (without quoting it), or ``None`` when it will do."""
    bits = key_entropy_bits(key)
    if bits >= MIN_KEY_BITS:
        return None
    return _(
        "{variable} is too weak for a case key (about {bits} bits of entropy, "
        "{needed} needed); {make_a_key}, and keep it apart from the case"
    ).format(variable=variable, bits=f"{bits:.0f}", needed=MIN_KEY_BITS, make_a_key=_(MAKE_A_KEY))


def _part_bits(part: str) -> float:
    if _looks_like_word(part):
        return min(WORD_BITS, len(part) * math.log2(26))
    return _effective_length(part) * math.log2(_pool(part))


def _looks_like_word(part: str) -> bool:
    return part.isalpha() and len(part) <= _WORD_MAX and (part.islower() or part.istitle())


def _pool(part: str) -> int:
    chars = set(part)
    if chars <= set(string.digits):
        return 10
    if chars <= _HEX and (chars <= set("0123456789abcdef") or chars <= set("0123456789ABCDEF")):
        return 16
    pool = sum(size for members, size in _CLASSES if chars & members)
    if any(not any(c in members for members, _ in _CLASSES) for c in chars):
        pool += _OTHER_POOL
    return max(pool, 2)


def _effective_length(part: str) -> float:
    """The length, with each run of ``_RUN`` or more repeated/ascending characters as 2."""
    length, run = 0, 1
    for previous, current in zip(part, part[1:], strict=False):
        if ord(current) - ord(previous) in {0, 1}:
            run += 1
            continue
        length += _run_weight(run)
        run = 1
    return length + _run_weight(run)


def _run_weight(run: int) -> int:
    return 2 if run >= _RUN else run
