"""Guessing speaker roles: the speaker who asks the most questions is the interviewer."""

from __future__ import annotations

from collections import Counter

from qualcode.ingest.transcript import ParsedTranscript


def guess_roles(parsed: ParsedTranscript) -> dict[str, str]:
    """Map each speaker to interviewer / participant / other, and set the turns' roles."""
    speakers = parsed.speakers
    if not speakers:
        return {}
    questions: Counter[str] = Counter()
    for turn in parsed.turns:
        questions[turn.speaker] += parsed.text[turn.start : turn.end].count("?")
    roles = {speaker: "participant" for speaker in speakers}
    if len(speakers) > 1:
        interviewer = max(speakers, key=lambda s: (questions[s], -speakers.index(s)))
        roles[interviewer] = "interviewer"
    for turn in parsed.turns:
        turn.role = roles[turn.speaker]
    return roles
