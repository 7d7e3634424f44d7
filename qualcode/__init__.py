"""qualcode: interview studies end to end, from transcripts to paper tables.

    >>> import qualcode
    >>> study = qualcode.open()  # the database the CLI uses; or qualcode.open("sqlite:///my.db")

`qualcode.api` holds the Python API; this module stays light so `import qualcode` is instant.
"""

__version__ = "0.1.0"

from qualcode.api import AgreementReport, Study, open_study  # noqa: E402
from qualcode.errors import NotFoundError, QualcodeError, ValidationError  # noqa: E402

open = open_study  # noqa: A001 - `qualcode.open(url)`, as the docs promise

__all__ = [
    "AgreementReport", "NotFoundError", "QualcodeError", "Study", "ValidationError", "open",
    "open_study", "__version__",
]  # fmt: skip
