"""A decoded file's lines, one at a time, for the csv module.

`csv.reader(io.StringIO(text))` copies the text into StringIO's buffer of 4 bytes a character:
200 MB for a 50 MB sheet. Slicing the lines out of the text as they are read keeps only the
text itself in memory. Lines end at "\\n" and keep it, as StringIO yields them.
"""

from __future__ import annotations

from collections.abc import Iterator


def text_lines(text: str) -> Iterator[str]:
    """The lines of `text` with their line ends, as iterating io.StringIO(text) gives them."""
    start, end = 0, len(text)
    while start < end:
        stop = text.find("\n", start)
        stop = end if stop < 0 else stop + 1
        yield text[start:stop]
        start = stop
