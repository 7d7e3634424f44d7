"""Charts as PNG or SVG files, rendered offline by vl-convert (no browser, no network)."""

from __future__ import annotations

from pathlib import Path

import altair as alt

from qualcode.errors import ValidationError

CHART_FORMATS = ("png", "svg")


def render_chart(chart: alt.TopLevelMixin, fmt: str = "png", scale: float = 2.0) -> bytes:
    """The chart as PNG bytes (scaled for print) or SVG text bytes."""
    import vl_convert as vlc

    spec = chart.to_dict()
    if fmt == "png":
        return vlc.vegalite_to_png(spec, scale=scale)
    if fmt == "svg":
        return vlc.vegalite_to_svg(spec).encode("utf-8")
    raise ValidationError(f"unknown chart format {fmt!r} (expected png or svg)")


def write_chart(chart: alt.TopLevelMixin, path: str | Path, fmt: str | None = None) -> Path:
    """Write the chart to `path` (format from the suffix unless given)."""
    path = Path(path)
    fmt = fmt or path.suffix.lower().lstrip(".")
    path.write_bytes(render_chart(chart, fmt))
    return path
