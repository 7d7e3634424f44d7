"""Codebook keys made from names (codes created on import, REFI-QDA codes without a qualcode key)."""

from __future__ import annotations

import re
import unicodedata

# letters that NFKD does not decompose into ASCII
LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE",
                         "ð": "d", "þ": "th", "ł": "l", "Ł": "L", "đ": "d"})  # fmt: skip


def make_key(name: str, taken: set[str], fallback: str = "code") -> str:
    """A key from a name: ASCII letters, digits and '_', starting with a letter, unique in `taken`.

    The key is added to `taken`, so a loop over names yields distinct keys.
    """
    spelled = name.translate(LETTERS)
    ascii_name = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    base = re.sub(r"[^A-Za-z0-9]+", "_", ascii_name).strip("_").lower() or fallback
    if not base[0].isalpha():
        base = f"{fallback}_{base}"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    taken.add(key)
    return key
