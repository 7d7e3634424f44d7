"""Hugging Face metadata in the Hub API shape (JSON, JSON Lines, Parquet) and the dump shape (card)."""

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from qualcode.errors import ValidationError
from qualcode.evidence import hf_metadata, synth
from qualcode.evidence.compute import compute_metrics

CARD = """---
license: mit
datasets:
- imdb
- glue
model-index:
- name: m
  results:
  - task: {type: text-classification}
    metrics: [{type: accuracy, value: 0.9}]
---
# A model
"""
CARD_NO_META = "# Just words\nNo front matter here.\n"


def _values(path):
    return {v.metric: v for v in compute_metrics(hf_metadata.load(path).data, "hf-metadata")}


def _independent(records):
    """Shares computed straight from the records, without DuckDB."""

    def license_(r):
        card = r["cardData"] or {}
        return card.get("license") or any(t.startswith("license:") for t in r["tags"])

    def datasets(r):
        card = r["cardData"] or {}
        return bool(card.get("datasets")) or any(t.startswith("dataset:") for t in r["tags"])

    n = len(records)
    return {
        "missing_license": sum(not license_(r) for r in records) / n,
        "missing_dataset": sum(not datasets(r) for r in records) / n,
        "missing_task_tag": sum(r["pipeline_tag"] is None for r in records) / n,
        "missing_model_card": sum(
            not any(s["rfilename"] == "README.md" for s in r["siblings"]) for r in records
        )
        / n,
        "machine_readable_claims": sum(
            bool((r["cardData"] or {}).get("model-index")) for r in records
        )
        / n,
        "unnamespaced_ids": sum("/" not in r["id"] for r in records) / n,
    }


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_synthetic_records_match_an_independent_count(tmp_path, suffix):
    path = synth.write_hf_metadata(tmp_path / f"hf{suffix}", 3000, 7)
    values = _values(path)
    for metric, expected in _independent(list(synth.hf_records(3000, 7))).items():
        assert values[metric].value == pytest.approx(expected), metric


def test_jsonl_and_parquet_give_the_same_metrics(tmp_path):
    a = _values(synth.write_hf_metadata(tmp_path / "a.jsonl", 1500, 3))
    b = _values(synth.write_hf_metadata(tmp_path / "b.parquet", 1500, 3))
    assert {m: (v.numerator, v.denominator) for m, v in a.items()} == {
        m: (v.numerator, v.denominator) for m, v in b.items()
    }


def test_a_json_array_in_the_hub_api_shape_loads(tmp_path):
    path = tmp_path / "models.json"
    path.write_text(
        json.dumps(
            [
                {"modelId": "gpt2", "pipeline_tag": "text-generation", "tags": ["license:mit"]},
                {"id": "acme/x", "tags": []},
            ]
        )
    )
    values = _values(path)
    assert (values["missing_license"].numerator, values["missing_license"].denominator) == (1, 2)
    assert "missing_model_card" not in values  # no record lists its files


def test_the_dump_shape_reads_the_card_front_matter(tmp_path):
    path = tmp_path / "cards.parquet"
    pq.write_table(pa.table({
        "modelId": ["a/one", "b/two", "c/three"], "author": ["a", "b", "c"], "downloads": [10, 0, 3],
        "likes": [1, 0, 0], "library_name": ["transformers", None, None], "tags": [["x"], [], ["license:apache-2.0"]],
        "pipeline_tag": ["text-classification", None, None], "createdAt": ["2022"] * 3,
        "last_modified": ["2022"] * 3, "card": [CARD, CARD_NO_META, ""],
    }), path)  # fmt: skip
    loaded = hf_metadata.load(path)
    assert loaded.meta["shape"] == "dump"
    _, frame = loaded.data.records(None, None, None, 0, 10)
    first = frame.iloc[0]
    assert (first["license"], sorted(first["datasets"]), bool(first["has_claims"])) == (
        "mit",
        ["glue", "imdb"],
        True,
    )
    assert list(frame["license"].fillna("-")) == ["mit", "-", "apache-2.0"]
    assert list(frame["has_card"]) == [True, True, False]


def test_a_card_with_broken_front_matter_is_a_warning(tmp_path):
    path = tmp_path / "cards.jsonl"
    path.write_text(json.dumps({"modelId": "a/b", "card": "---\nlicense: [mit\n---\n"}) + "\n")
    assert any("not valid YAML" in w for w in hf_metadata.load(path).warnings)


def test_a_record_without_id_names_the_record(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"id": "a/b"}) + "\n" + json.dumps({"downloads": 3}) + "\n")
    with pytest.raises(
        ValidationError, match=r"bad\.jsonl: record 2: missing required field 'id' \(or 'modelId'\)"
    ):
        hf_metadata.load(path)


def test_a_ptmtorrent_file_is_the_wrong_kind():
    from tests.evidence.test_ptmtorrent import ONNX

    with pytest.raises(
        ValidationError, match="record 1: missing required field 'id' \\(or 'modelId'\\)"
    ):
        hf_metadata.load(ONNX)


def test_downloads_that_are_not_numbers_are_an_error(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"id": "a/b", "downloads": "lots"}) + "\n")
    with pytest.raises(ValidationError, match="record 1: field 'downloads' must be a whole number"):
        hf_metadata.load(path)


def test_a_model_in_several_records_is_a_warning(tmp_path):
    path = tmp_path / "models.jsonl"
    records = [{"id": "acme/x"}, {"id": "acme/y"}, {"id": "acme/x"}, {"id": "acme/x"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    warnings = hf_metadata.load(path).warnings
    assert any(w.startswith("2 of 4 records repeat a model id already listed (e.g. acme/x)")
               for w in warnings), warnings  # fmt: skip


def test_distinct_models_give_no_repeat_warning(tmp_path):
    path = tmp_path / "models.jsonl"
    path.write_text("".join(json.dumps({"id": f"acme/{n}"}) + "\n" for n in range(3)))
    assert not any("repeat" in w for w in hf_metadata.load(path).warnings)
