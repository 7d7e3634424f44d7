"""qualcode: interview studies end to end, from transcripts to paper tables."""

__version__ = "0.1.0"
