"""Fixtures: a team on the small coding study (see tests/team_study.py)."""

from team_study import any_team_url, team_url  # noqa: F401
