"""Analysis: tables and matrices read from codings (never writing them)."""
