"""The project's own error types: each carries a message a researcher can act on.

Messages speak Python: a parameter is named as in the function signature, in backticks
(`min_overlap`), so a notebook user reads the argument to change; the CLI shows its flag instead
(--min-overlap). The errors are also the matching built-in exceptions (ValueError, LookupError),
so `except ValueError` in a script catches bad input as it would for any library.
"""


class QualcodeError(Exception):
    """Base for every error qualcode reports to a person (CLI message, UI banner)."""


class ValidationError(QualcodeError, ValueError):
    """Input (a file, a row, a field) does not match what was expected; nothing was stored."""


class NotFoundError(QualcodeError, LookupError):
    """A named thing (document, code, coder, project) does not exist."""


class NoProjectError(QualcodeError):
    """The database holds no project yet."""

    def __init__(self, url: str = "") -> None:
        where = f" in {url}" if url else ""
        super().__init__(
            f"No project{where}. Create one with `qualcode init` or load the sample with `qualcode demo`."
        )
