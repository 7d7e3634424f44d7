"""`qualcode agree --ci`: the JSON contract names the interval method, and every coefficient gets one."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from qualcode.cli import cli

CI_KEYS = ("alpha_ci", "kappa_ci", "fleiss_kappa_ci", "percent_ci", "ac1_ci")


def agree_json(url: str, *args: str) -> dict:
    result = CliRunner().invoke(
        cli, ["agree", "--db", url, "--seed", "5", "--bootstrap", "300", *args]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_documents_is_the_default_and_the_report_names_method_resamples_and_seed(demo_url):
    report = agree_json(demo_url, "--unit", "sentence")
    assert report["ci_method"] == "documents"
    boot = report["bootstrap"]
    assert (boot["method"], boot["resamples"], boot["seed"]) == ("documents", 300, 5)
    assert 2 <= boot["clusters"] < report["n_units"]  # documents, not sentences
    for key in CI_KEYS:
        low, high = report["overall"][key]
        assert low <= high


@pytest.mark.parametrize("method", ["documents", "units", "krippendorff"])
def test_every_method_keeps_todays_keys(demo_url, method):
    report = agree_json(demo_url, "--unit", "sentence", "--ci", method)
    assert report["ci_method"] == method and report["bootstrap"]["method"] == method
    for entry in [report["overall"], *report["groups"], *report["codes"]]:
        assert {"alpha", "alpha_ci", "alpha_p_below", "interpretation", "kappa", "percent"} <= set(
            entry
        )
        assert set(CI_KEYS) <= set(entry)


def test_units_interval_is_narrower_than_the_documents_interval(demo_url):
    def width(method):
        low, high = agree_json(demo_url, "--unit", "sentence", "--ci", method)["overall"][
            "alpha_ci"
        ]
        return high - low

    assert width("units") < width("documents")  # sentences of one interview are not independent


def test_krippendorff_gives_alpha_only_and_its_caveat(demo_url):
    report = agree_json(demo_url, "--unit", "sentence", "--ci", "krippendorff")
    assert report["overall"]["alpha_ci"] is not None and report["overall"]["kappa_ci"] is None
    assert "Hayes & Krippendorff (2007)" in report["bootstrap"]["description"]
    assert any("does not shrink" in note for note in report["notes"])


def test_p_below_comes_from_the_same_distribution(demo_url):
    overall = agree_json(demo_url, "--unit", "sentence")["overall"]
    low, high = overall["alpha_ci"]
    below = overall["alpha_p_below"]["0.800"]
    if high < 0.8:
        assert below > 0.97
    elif low > 0.8:
        assert below < 0.03
    else:
        assert 0.0 < below < 1.0


def test_an_unknown_method_is_a_clean_error(demo_url):
    result = CliRunner().invoke(cli, ["agree", "--db", demo_url, "--ci", "jackknife"])
    assert (
        result.exit_code != 0 and "jackknife" in result.output and "Traceback" not in result.output
    )
