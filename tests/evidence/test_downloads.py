"""Registry download files of the study: the monthly file and the top-20 files."""

import csv

import pytest

from qualcode.errors import ValidationError
from qualcode.evidence import downloads
from qualcode.evidence.compute import compute_metrics
from tests.conftest import PTM_DATA

FOLDER = PTM_DATA / "registry_downloads"
MONTHLY = FOLDER / "top_packages_monthly_downloads.csv"


def _independent_shares() -> dict[str, float]:
    by_registry: dict[str, list[int]] = {}
    with MONTHLY.open(newline="") as handle:
        for row in csv.reader(handle):
            by_registry.setdefault(row[1], []).append(int(row[0].replace(",", "")))
    return {r: sum(sorted(v, reverse=True)[:100]) / sum(v) for r, v in by_registry.items()}


def test_the_monthly_file_has_59632_rows():
    assert downloads.load(MONTHLY).records == 59632


def test_the_quoted_count_with_thousands_separators_is_read():
    total, frame = downloads.load(MONTHLY).data.records(None, None, "npm", 0, 200)
    assert total == 136
    assert 141_424_941 in set(frame["downloads"])


def test_download_concentration_matches_an_independent_count():
    value = {v.metric: v for v in compute_metrics(downloads.load(MONTHLY).data, "downloads")}[
        "download_concentration"
    ]
    expected = _independent_shares()
    for registry, share in expected.items():
        assert value.by["registry"][registry]["value"] == pytest.approx(share)


def test_several_registries_have_no_single_headline_value():
    value = {v.metric: v for v in compute_metrics(downloads.load(MONTHLY).data, "downloads")}[
        "download_concentration"
    ]
    assert (value.value, value.numerator, value.denominator) == (None, None, None)
    assert sorted(value.by["registry"]) == sorted(_independent_shares())


def test_the_markdown_table_shows_each_registry_share():
    from qualcode.evidence.report import rows_markdown

    value = {v.metric: v for v in compute_metrics(downloads.load(MONTHLY).data, "downloads")}[
        "download_concentration"
    ]
    row = {"metric": "download_concentration", "title": "Concentration of downloads",
           "source": "monthly", "synthetic": False, "value": None, "numerator": None,
           "denominator": None, "by": value.by, "reference": None}  # fmt: skip
    table = rows_markdown([row])
    for registry, share in _independent_shares().items():
        assert f"| monthly · {registry} | {share:.2%} |" in table


@pytest.mark.parametrize(("name", "registry", "period"), [
    ("top20model_downloads.csv", "huggingface", "monthly"),
    ("top20npm_downloads.csv", "npm", "weekly"),
    ("top20pypi_downloads.csv", "pypi", "monthly"),
])  # fmt: skip
def test_each_top20_file_loads_20_rows_with_its_registry(name, registry, period):
    loaded = downloads.load(FOLDER / name)
    assert (loaded.records, loaded.meta["registries"], loaded.meta["period"]) == (
        20,
        [registry],
        period,
    )


def test_a_top20_file_cannot_compute_download_concentration():
    assert (
        compute_metrics(downloads.load(FOLDER / "top20npm_downloads.csv").data, "downloads") == []
    )


def test_a_count_that_is_not_a_number_names_its_line(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("10,npm,\r\nmany,npm,\r\n")
    with pytest.raises(
        ValidationError, match="d.csv: line 2: downloads 'many' is not a whole number"
    ):
        downloads.load(path)


def test_a_model_id_list_is_the_wrong_kind():
    with pytest.raises(ValidationError, match="line 1"):
        downloads.load(PTM_DATA / "hf_model_ids_2022-08.txt")
