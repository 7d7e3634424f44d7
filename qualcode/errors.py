"""The project's own error types: each carries a message a researcher can act on."""


class QualcodeError(Exception):
    """Base for every error qualcode reports to a person (CLI message, UI banner)."""


class ValidationError(QualcodeError):
    """Input (a file, a row, a field) does not match what was expected; nothing was stored."""


class NotFoundError(QualcodeError):
    """A named thing (document, code, coder, project) does not exist."""


class NoProjectError(QualcodeError):
    """The database holds no project yet."""

    def __init__(self, url: str = "") -> None:
        where = f" in {url}" if url else ""
        super().__init__(
            f"No project{where}. Create one with `qualcode init` or load the sample with `qualcode demo`."
        )
