import re

from qualcode.ui.components.span_view import Block, Mark, transcript_html

TEXT = "Hi 🤗 <b>there</b> & more"


def test_user_text_is_escaped():
    html = transcript_html(TEXT, [Block(0, len(TEXT), "<i>Ann</i>", "participant")], [])
    assert "<b>" not in html and "&lt;b&gt;there&lt;/b&gt;" in html
    assert "<i>Ann</i>" not in html and "&lt;i&gt;Ann&lt;/i&gt;" in html


def test_pieces_carry_utf16_offsets():
    start = TEXT.index("<b>")
    html = transcript_html(TEXT, [], [Mark(7, start, start + 3, "#ff0000", "Code · ann")])
    offsets = [int(u) for u in re.findall(r'data-u="(\d+)"', html)]
    assert offsets == [0, start + 1, start + 4]  # the emoji takes two UTF-16 units


def test_overlapping_codings_are_stacked_on_the_shared_piece():
    marks = [Mark(1, 0, 8, "#ff0000", "A · ann"), Mark(2, 5, 12, "#0000ff", "B · bob")]
    html = transcript_html(TEXT, [], marks)
    shared = re.search(r'data-c="1 2" style="([^"]*)"', html).group(1)
    assert "0 2px 0 #ff0000" in shared and "0 4px 0 #0000ff" in shared


def test_a_bad_colour_is_replaced_and_labels_are_escaped():
    html = transcript_html(TEXT, [], [Mark(1, 0, 2, "red;x:url(a)", '"><script>')])
    assert "url(a)" not in html and "#888888" in html and "<script>" not in html


def test_text_between_turns_is_not_rendered_but_turn_text_is_complete():
    text = "Q one\n\nA two"
    html = transcript_html(
        text, [Block(0, 5, "I", "interviewer"), Block(7, 12, "P", "participant")], []
    )
    bodies = re.findall(r'<span data-u="\d+">([^<]*)</span>', html)
    assert bodies == ["Q one", "A two"]
