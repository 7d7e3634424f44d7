import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualcode.coding.offsets import Utf16Map, python_to_utf16, utf16_length, utf16_to_python
from qualcode.errors import ValidationError

TEXT = "Say 🤔 then 𝔘nicode: é and 👩‍💻 done"


def test_offset_after_an_emoji_moves_by_one_unit():
    index = TEXT.index("then")
    assert python_to_utf16(TEXT, index) == index + 1


def test_browser_offset_after_an_emoji_maps_back_to_the_character():
    index = TEXT.index("done")
    assert utf16_to_python(TEXT, python_to_utf16(TEXT, index)) == index


def test_offsets_before_any_wide_character_are_unchanged():
    assert utf16_to_python(TEXT, 3) == 3


def test_end_of_text_converts():
    assert utf16_to_python(TEXT, utf16_length(TEXT)) == len(TEXT)


def test_utf16_length_matches_the_encoding():
    assert utf16_length(TEXT) == len(TEXT.encode("utf-16-le")) // 2


def test_offset_inside_a_surrogate_pair_is_an_error():
    inside = TEXT.index("🤔") + 1  # the second half of the pair
    with pytest.raises(ValidationError, match="character boundary"):
        utf16_to_python(TEXT, inside)


def test_offset_beyond_the_text_is_an_error():
    with pytest.raises(ValidationError):
        utf16_to_python(TEXT, utf16_length(TEXT) + 1)


def test_selected_characters_are_exact_after_non_bmp_text():
    mapping = Utf16Map(TEXT)
    encoded = TEXT.encode("utf-16-le")
    start16 = len("Say 🤔 then 𝔘nicode: ".encode("utf-16-le")) // 2
    end16 = start16 + len("é and 👩‍💻".encode("utf-16-le")) // 2
    browser_selection = encoded[start16 * 2 : end16 * 2].decode("utf-16-le")
    start, end = mapping.to_python(start16), mapping.to_python(end16)
    assert TEXT[start:end] == browser_selection == "é and 👩‍💻"


@given(st.text(max_size=60), st.data())
def test_round_trip_for_any_text(text, data):
    index = data.draw(st.integers(0, len(text)))
    mapping = Utf16Map(text)
    offset16 = mapping.to_utf16(index)
    assert offset16 == len(text[:index].encode("utf-16-le")) // 2
    assert mapping.to_python(offset16) == index
