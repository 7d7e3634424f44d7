"""The analysis fixtures (a small hand-built study) for exchange tests too."""

from tests.analysis.conftest import build_small_study, small_study, small_url  # noqa: F401
