"""Researchers' numbered memos at the end of a transcript, and their anchors in the text.

The real study files end with an "Annotations" block: "12 free text" lines (with continuation
lines or "- ..." bullets), one memo per number. In the turns, the same number glued to the end
of an answer ("...performance6.", "hub.12") is the memo's anchor. Memos leave the turns, the
anchor digits leave the text, and each memo is attached to the passage its anchor closes.

Without such a heading, numbered lines are memos only when every number anchors a digit glued to
the text: a run of "1", "2", ... lines is otherwise margin line numbering or speech, never memos.
An import that would move much of a file's words into memos is refused unless the researcher
says so (`--memos keep`), or keeps every line in the turns (`--memos none`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qualcode.errors import ValidationError
from qualcode.ingest.offsets import Edit, apply_edits
from qualcode.ingest.transcript import MemoSpan, ParsedTranscript, count_words

MEMO_HEADING = re.compile(r"^\s*(annotations?|memos?|researcher'?s? notes|notes)\s*:?\s*$", re.I)
MEMO_START = re.compile(r"^\s*(?P<number>\d{1,3})(?:\s+(?P<text>.*?))?\s*$")
ANCHOR = re.compile(r"(?<!\d)(?P<token>\d{1,4}(?:,\d{1,3})*)(?![\w])")
SENTENCE_END = set(".,;:!?\"”’')]…")
MEMO_POLICIES = ("auto", "keep", "none")  # find memos and check their share / find them / none
UNANCHORED_SHARE = 0.10  # memos no anchor ties to the text may hold at most this share of words
MEMO_SHARE = 0.50  # all memos together at most this share


@dataclass
class NumberedMemo:
    number: int
    text: str


def split_memo_block(lines: list[str], policy: str = "auto") -> tuple[list[str], list[str]]:
    """(transcript lines, memo lines): memos follow an "Annotations" heading near the end, or form a
    trailing run of lines numbered 1, 2, 3, ... each of whose numbers is glued to the text before
    it as an anchor. With policy "none" every line stays in the transcript."""
    if policy == "none":
        return lines, []
    for index in range(len(lines) - 1, -1, -1):
        if MEMO_HEADING.match(lines[index]) and parse_memos(lines[index + 1 :]):
            return lines[:index], lines[index + 1 :]
    starts = [i for i, line in enumerate(lines) if _number(line) == 1]
    for start in starts:
        memos = parse_memos(lines[start:])
        if (
            len(memos) >= 2
            and all(m.number == i + 1 for i, m in enumerate(memos))
            and _all_anchored("\n".join(lines[:start]), {m.number for m in memos})
        ):
            return lines[:start], lines[start:]
    return lines, []


def _all_anchored(text: str, numbers: set[int]) -> bool:
    """Whether every memo number has its anchor glued to the text."""
    return {n for anchor in choose_anchors(text, numbers) for n in anchor.numbers} == numbers


def check_memo_share(name: str, parsed: ParsedTranscript, policy: str = "auto") -> None:
    """Refuse (policy "auto") an import whose memos would take a large share of the file's words
    out of the turns: unanchored memos over UNANCHORED_SHARE, or all memos over MEMO_SHARE. The
    study's files keep their anchored memos; a misread file loses nothing in silence."""
    if policy != "auto" or not parsed.memos:
        return
    memo_words = sum(count_words(m.text) for m in parsed.memos)
    loose = [m for m in parsed.memos if m.start is None]
    loose_words = sum(count_words(m.text) for m in loose)
    total = memo_words + parsed.word_count
    too_loose = loose_words > UNANCHORED_SHARE * total
    if too_loose or memo_words > MEMO_SHARE * total:
        share, count = (loose_words, len(loose)) if too_loose else (memo_words, len(parsed.memos))
        raise ValidationError(
            f"{name}: {share:,} of {total:,} words ({share / total:.0%}) would move out of the "
            f"turns into {count} numbered memo(s){' without an anchor in the text' if too_loose else ''}; "
            "check the file's numbered lines, then import again with --memos keep (store them as "
            "memos) or --memos none (keep every line in the turns); in the app, 'Numbered memos'"
        )


def _number(line: str) -> int | None:
    match = MEMO_START.match(line)
    return int(match.group("number")) if match else None


def parse_memos(lines: list[str]) -> list[NumberedMemo]:
    """Numbered memos: a line "N text" opens memo N when N follows the last number; other lines
    (bullets, sub-lists numbered from 1 again, free text) continue the current memo."""
    memos: list[NumberedMemo] = []
    for line in lines:
        number = _number(line)
        expected = memos[-1].number + 1 if memos else 1
        if number is not None and (
            number == expected or (memos and expected < number <= expected + 2)
        ):
            text = (MEMO_START.match(line).group("text") or "").strip()
            memos.append(NumberedMemo(number, text))
        elif memos and line.strip():
            memos[-1].text = f"{memos[-1].text}\n{line.strip()}".strip()
    return memos


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    numbers: tuple[int, ...]
    closes_line: bool


def _looks_glued(text: str, start: int) -> bool:
    """Digits glued to a word or to closing punctuation (not "GPT-2", "T5", "1.5", "$1", "10:30")."""
    if start == 0:
        return False
    before = text[start - 1]
    earlier = text[start - 2] if start >= 2 else " "
    if before.isspace() or before.isupper() or before.isdigit():
        return False
    if before.islower():
        return True
    if before == "-":
        return earlier.islower()
    if before in ")]":
        return True
    if before not in SENTENCE_END:
        return False
    run = start - 1
    while run > 0 and text[run - 1].isdigit():
        run -= 1
    return run == start - 1 or (run > 0 and text[run - 1].isalpha())  # "ec2.27" yes, "1.5" no


def _candidates(text: str, numbers: set[int]) -> list[_Candidate]:
    found = []
    for match in ANCHOR.finditer(text):
        if not _looks_glued(text, match.start()):
            continue
        values = _numbers_in(match.group("token"), numbers)
        if not values:
            continue
        rest = text[match.end() : match.end() + 4].lstrip(" .\t")
        found.append(_Candidate(match.start(), match.end(), values, rest[:1] in ("", "\n")))
    return found


def _numbers_in(token: str, numbers: set[int]) -> tuple[int, ...]:
    """Memo numbers in an anchor token: "12", "5,6", or two glued anchors such as "2625"."""
    parts = token.split(",")
    if len(parts) == 1 and int(token) not in numbers and len(token) >= 2:
        splits = [(token[:i], token[i:]) for i in range(1, len(token))]
        parts = next(
            (list(p) for p in splits if all(int(v) in numbers and v[0] != "0" for v in p)), []
        )
    values = tuple(sorted(int(v) for v in parts))
    return values if values and all(v in numbers for v in values) else ()


def _increasing(candidates: list[_Candidate]) -> list[_Candidate]:
    """The run of candidates, in text order, whose numbers strictly increase and which anchors the
    most memos; among equally good runs, the one whose anchors most often close a line (the end of
    an answer), so a stray number such as "ec2" or a repeated sub-list number loses to the real anchor.
    A max-prefix tree over memo numbers keeps this O(n log n)."""
    size = max((c.numbers[-1] for c in candidates), default=0) + 1
    # per prefix of memo numbers: the best run so far as (memos, closing anchors, last candidate)
    tree: list[tuple[int, int, int]] = [(0, 0, -1)] * (size + 1)
    previous = [-1] * len(candidates)
    best: tuple[int, int, int] = (0, 0, -1)
    for i, candidate in enumerate(candidates):
        before, position = (0, 0, -1), candidate.numbers[0]  # best run ending below this number
        while position > 0:
            before = max(before, tree[position], key=lambda s: s[:2])
            position -= position & -position
        previous[i] = before[2]
        score = (before[0] + len(candidate.numbers), before[1] + candidate.closes_line, i)
        best = max(best, score, key=lambda s: s[:2])
        position = candidate.numbers[-1] + 1
        while position <= size:
            tree[position] = max(tree[position], score, key=lambda s: s[:2])
            position += position & -position
    chosen, index = [], best[2]
    while index >= 0:
        chosen.append(candidates[index])
        index = previous[index]
    return chosen[::-1]


def choose_anchors(text: str, numbers: set[int]) -> list[_Candidate]:
    """Anchors: the longest increasing run of glued numbers, plus a number missing from that run
    when exactly one candidate for it sits among its neighbours' anchors or closes a line."""
    candidates = _candidates(text, numbers)
    chosen = _increasing(candidates)
    used = {n for c in chosen for n in c.numbers}
    for number in sorted(numbers - used):
        options = [c for c in candidates if c.numbers == (number,) and c not in chosen]
        near = [c.start for c in chosen if any(abs(n - number) <= 3 for n in c.numbers)]
        if len(options) == 1 and (
            options[0].closes_line or (near and min(near) <= options[0].start <= max(near))
        ):
            chosen.append(options[0])
    return sorted(chosen, key=lambda c: c.start)


def attach_memos(parsed: ParsedTranscript, memos: list[NumberedMemo]) -> ParsedTranscript:
    """Remove the anchor digits from the text and attach each memo to the passage its anchor closes
    (from the previous anchor in the same turn, or the turn's start)."""
    if not memos:
        return parsed
    by_number = {m.number: m for m in memos}
    anchors = choose_anchors(parsed.text, set(by_number))
    text, mapping = apply_edits(parsed.text, [Edit(a.start, a.end) for a in anchors])
    for turn in parsed.turns:
        turn.start, turn.end = mapping.span(turn.start, turn.end)
    anchored: dict[int, tuple[int, int]] = {}
    previous_end = 0
    for anchor in anchors:
        at = mapping.position(anchor.start)
        turn = next((t for t in parsed.turns if t.start <= at <= t.end), None)
        begin = max(
            turn.start if turn else 0, previous_end if turn and previous_end >= turn.start else 0
        )
        begin = _skip_punctuation(text, begin, at)
        for number in anchor.numbers:
            anchored[number] = (begin, at)
        previous_end = at
    parsed.text = text
    for memo in memos:
        start, end = anchored.get(memo.number, (None, None))
        parsed.memos.append(MemoSpan(memo.text, f"Memo {memo.number}", start, end))
        if start is None:
            parsed.warnings.append(
                f"memo {memo.number} has no anchor in the text: stored unanchored"
            )
    return parsed


def _skip_punctuation(text: str, start: int, end: int) -> int:
    while start < end and (text[start].isspace() or text[start] in ".,;:!?-"):
        start += 1
    return start
