"""The formula guard every CSV/XLSX writer uses: formula-like text gets a leading apostrophe,
everything else (and every number) is left as it was."""

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from qualcode.spreadsheet_cells import FORMULA_STARTS, csv_text, neutralise, restore

texts = st.text(max_size=40)
formula_texts = st.builds(lambda start, rest: start + rest, st.sampled_from(FORMULA_STARTS), texts)


@given(formula_texts)
def test_formula_like_text_gets_a_leading_apostrophe(value):
    assert neutralise(value) == "'" + value


@given(texts)
def test_no_neutralised_text_starts_a_formula(value):
    assert not str(neutralise(value)).startswith(FORMULA_STARTS)


@given(texts.filter(lambda t: not t.startswith(FORMULA_STARTS)))
def test_other_text_is_unchanged(value):
    assert neutralise(value) == value


@given(st.one_of(st.integers(), st.floats(), st.booleans(), st.none()))
def test_numbers_stay_numbers(value):
    result = neutralise(value)
    assert type(result) is type(value)
    assert result == value or (value != value and result != result)


@given(texts)
def test_restore_undoes_neutralise(value):
    assert restore(neutralise(value)) == value


@given(st.lists(st.tuples(texts, st.integers(-(10**6), 10**6)), max_size=8))
def test_csv_text_reads_back_neutralised(rows):
    back = list(csv.reader(io.StringIO(csv_text(["text", "n"], rows))))
    assert back[0] == ["text", "n"]
    for (value, number), (text_cell, number_cell) in zip(rows, back[1:], strict=True):
        assert not text_cell.startswith(FORMULA_STARTS)
        assert restore(text_cell) == value
        assert int(number_cell) == number
