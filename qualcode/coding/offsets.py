"""Browser offsets to stored offsets: JavaScript counts UTF-16 code units, Python counts characters.

A character outside the Basic Multilingual Plane (most emoji) is one Python character but two
UTF-16 code units, so every selection after an emoji would be off by one without this conversion.
"""

from __future__ import annotations

from bisect import bisect_right

from qualcode.errors import ValidationError


def utf16_length(text: str) -> int:
    """How many UTF-16 code units the browser counts for `text`."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


class Utf16Map:
    """Offset conversion for one text in both directions, O(log n) per offset after one pass."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Python indices of the characters that take two UTF-16 units, in order.
        self.wide = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def to_utf16(self, index: int) -> int:
        """The UTF-16 offset of Python offset `index` (0 <= index <= len(text))."""
        if not 0 <= index <= len(self.text):
            raise ValidationError(f"offset {index} is outside the text (0..{len(self.text)})")
        return index + bisect_right(self.wide, index - 1)

    def to_python(self, offset16: int) -> int:
        """The Python offset of UTF-16 offset `offset16`; an offset inside a surrogate pair is an error."""
        low, high = 0, len(self.text)
        while low < high:  # smallest index whose UTF-16 offset is >= offset16
            middle = (low + high) // 2
            if self.to_utf16(middle) < offset16:
                low = middle + 1
            else:
                high = middle
        if low > len(self.text) or self.to_utf16(low) != offset16:
            raise ValidationError(
                f"UTF-16 offset {offset16} does not fall on a character boundary of the text"
            )
        return low


def utf16_to_python(text: str, offset16: int) -> int:
    """Convert one browser (UTF-16) offset into a Python str offset of `text`."""
    return Utf16Map(text).to_python(offset16)


def python_to_utf16(text: str, index: int) -> int:
    """Convert one Python str offset of `text` into the browser's UTF-16 offset."""
    return Utf16Map(text).to_utf16(index)
