"""Charts render offline to PNG and SVG."""

from qualcode.analysis import charts
from qualcode.analysis.cooccurrence import cooccurrence_matrix
from qualcode.analysis.saturation import saturation
from qualcode.analysis.tables import code_table
from qualcode.exchange.charts import render_chart


def test_code_table_chart_as_png(small_study):
    data = render_chart(charts.code_table_chart(code_table(small_study, "g1")), "png")
    assert data.startswith(b"\x89PNG")


def test_heatmap_as_svg_names_the_codes(small_study):
    svg = render_chart(
        charts.cooccurrence_chart(cooccurrence_matrix(small_study, group="g1")), "svg"
    )
    assert svg.startswith(b"<svg") and b"Alpha &amp; co" in svg


def test_saturation_chart_as_svg(small_study):
    svg = render_chart(charts.saturation_chart(saturation(small_study, "id", k=1)), "svg")
    assert b"<svg" in svg
