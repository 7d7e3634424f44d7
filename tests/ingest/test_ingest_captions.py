"""Caption files: tags and word timings leave the text, rolling captions are stored once, cue
settings and NOTE/STYLE/REGION blocks are no text, several voices in one cue are all kept."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.ingest.readers import read_bytes
from qualcode.ingest.readers.captions import clean


def texts(parsed):
    return [(t.speaker, parsed.text[t.start : t.end]) for t in parsed.turns]


def vtt(*cues: str, head: str = "") -> bytes:
    return ("WEBVTT\n\n" + head + "\n\n".join(cues) + "\n").encode()


def test_inline_timestamp_and_class_tags_leave_the_text():
    assert clean("hello<00:00:00.500><c> world</c>") == "hello world"
    assert clean("<c.colorE5E5E5>big</c> <i>and</i> <b><u>bold</u></b>") == "big and bold"


def test_srt_style_tags_and_entities_leave_the_text():
    assert clean('{\\an8}<font color="#fff">Tom &amp; Ana</font>&nbsp;&lt;3') == "Tom & Ana <3"


def test_a_lone_angle_bracket_in_speech_stays():
    assert clean("x < y and y > z") == "x < y and y > z"


def test_note_style_and_region_blocks_are_no_text():
    data = vtt(
        "00:00:01.000 --> 00:00:02.000 region:fred align:left\n<v Ana>Hello.",
        head="STYLE\n::cue { color: red }\n\nREGION\nid:fred width:40%\n\nNOTE a comment\nover two lines\n\n",
    )
    assert texts(read_bytes("x.vtt", data)) == [("Ana", "Hello.")]


def test_two_voices_in_one_cue_are_both_kept():
    data = vtt("00:00:01.000 --> 00:00:03.000\n<v Ana>Ready?</v>\n<v Ben>Yes.</v>")
    assert texts(read_bytes("x.vtt", data)) == [("Ana", "Ready?"), ("Ben", "Yes.")]


def test_a_line_of_spaces_stays_inside_its_cue():
    data = vtt(
        "00:00:01.000 --> 00:00:03.000\n \nfirst words", "00:00:04.000 --> 00:00:05.000\nmore"
    )
    assert texts(read_bytes("x.vtt", data)) == [("Unknown", "first words more")]


def test_repeated_words_in_ordinary_captions_are_kept():
    data = vtt(
        "00:00:01.000 --> 00:00:02.000\n<v Ana>No.",
        "00:00:02.000 --> 00:00:03.000\n<v Ana>No, no.",
        "00:00:03.000 --> 00:00:04.000\n<v Ben>Why?",
        "00:00:04.000 --> 00:00:05.000\n<v Ana>It broke.",
    )
    assert texts(read_bytes("x.vtt", data)) == [
        ("Ana", "No. No, no."),
        ("Ben", "Why?"),
        ("Ana", "It broke."),
    ]


def test_rolling_captions_keep_each_word_once():
    cues = []
    words = "we pick models by downloads and then we test them on our data".split()
    lines = [" ".join(words[i : i + 3]) for i in range(0, len(words), 3)]
    previous = ""
    for n, line in enumerate(lines):
        cues.append(
            f"00:00:{n:02d}.000 --> 00:00:{n:02d}.900\n{previous}\n{line}".replace("\n\n", "\n")
        )
        previous = line
    parsed = read_bytes("x.vtt", vtt(*cues))
    assert parsed.text == " ".join(words)


def test_speaker_change_marker_starts_a_new_turn():
    data = vtt(
        "00:00:01.000 --> 00:00:02.000\nhow was it",
        "00:00:02.500 --> 00:00:03.000\n&gt;&gt; fine thanks",
    )
    assert texts(read_bytes("x.vtt", data)) == [
        ("Unknown", "how was it"),
        ("Unknown", "fine thanks"),
    ]


def test_srt_without_blank_lines_between_cues_keeps_every_cue():
    data = b"1\n00:00:01,000 --> 00:00:02,000\nAna: One.\n2\n00:00:03,000 --> 00:00:04,000\nBen: Two.\n"
    assert texts(read_bytes("x.srt", data)) == [("Ana", "One."), ("Ben", "Two.")]


def test_lowercase_user_names_of_zoom_name_speakers():
    data = vtt(
        "1\n00:00:01.000 --> 00:00:02.000\njsmith: How do you test?",
        "2\n00:00:03.000 --> 00:00:04.000\nana.k: Locally.",
        "3\n00:00:05.000 --> 00:00:06.000\njsmith: Why?",
        "4\n00:00:07.000 --> 00:00:08.000\nana.k: Speed.",
    )
    assert [s for s, _ in texts(read_bytes("x.vtt", data))] == [
        "jsmith",
        "ana.k",
        "jsmith",
        "ana.k",
    ]


def test_a_phrase_before_a_colon_in_captions_is_no_speaker():
    data = vtt(
        "00:00:01.000 --> 00:00:02.000\nso the thing is: it broke",
        "00:00:03.000 --> 00:00:04.000\nagain",
    )
    assert texts(read_bytes("x.vtt", data)) == [("Unknown", "so the thing is: it broke again")]


def test_rolling_captions_repeating_a_word_across_lines_keep_it():
    # the lines "we", "we" and "we know": the third cue repeats one line, not two words
    data = vtt(
        "00:00:01.000 --> 00:00:02.000\nwe",
        "00:00:02.000 --> 00:00:03.000\nwe\nwe",
        "00:00:03.000 --> 00:00:04.000\nwe\nwe know",
        "00:00:04.000 --> 00:00:05.000\nwe know\nit works",
    )
    assert read_bytes("x.vtt", data).text == "we we we know it works"


def test_captions_growing_word_by_word_keep_each_word_once():
    data = vtt(
        "00:00:01.000 --> 00:00:02.000\nwe pick",
        "00:00:02.000 --> 00:00:03.000\nwe pick models",
        "00:00:03.000 --> 00:00:04.000\nwe pick models by downloads",
    )
    assert read_bytes("x.vtt", data).text == "we pick models by downloads"


LINES = st.lists(
    st.lists(
        st.sampled_from(["we", "pick", "models", "by", "downloads", "we"]), min_size=1, max_size=4
    ),
    min_size=2,
    max_size=12,
)


def youtube_cues(lines: list[list[str]]) -> list[str]:
    """YouTube's rolling layout: each cue shows the line before and the new line with word
    timings, then a 10 ms cue shows the finished line alone."""
    cues = []
    for n, words in enumerate(lines):
        timed = words[0] + "".join(
            f"<00:00:{n:02d}.{i}00><c> {w}</c>" for i, w in enumerate(words[1:])
        )
        shown = " ".join(lines[n - 1]) if n else " "
        cues.append(
            f"00:00:{n:02d}.000 --> 00:00:{n:02d}.800 align:start position:0%\n{shown}\n{timed}"
        )
        cues.append(
            f"00:00:{n:02d}.800 --> 00:00:{n:02d}.810 align:start position:0%\n{' '.join(words)}\n "
        )
    return cues


@settings(max_examples=80, deadline=None)
@given(LINES)
def test_youtube_rolling_captions_store_every_spoken_word_once(lines):
    parsed = read_bytes("yt.vtt", vtt(*youtube_cues(lines)))
    assert parsed.text.split() == [w for line in lines for w in line]
