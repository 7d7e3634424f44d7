"""Fixtures: the small coding study."""

from coding_study import any_study_url, study_url  # noqa: F401
