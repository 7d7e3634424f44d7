"""Guessing speaker roles: a speaker named for a role ("Interviewer", "Participant") has it; otherwise
the speaker who asks the most questions is the interviewer."""

from __future__ import annotations

from collections import Counter

from qualcode.ingest.transcript import ParsedTranscript

ROLES = ("interviewer", "participant", "other")
NAMED_ROLES = {
    "interviewer": "interviewer", "moderator": "interviewer", "researcher": "interviewer",
    "participant": "participant", "interviewee": "participant", "respondent": "participant",
    "protocol": "other", "note": "other", "notes": "other", "unknown": "other",
}  # fmt: skip


def guess_roles(parsed: ParsedTranscript) -> dict[str, str]:
    """Map each speaker to interviewer / participant / other, and set the turns' roles."""
    speakers = parsed.speakers
    if not speakers:
        return {}
    questions: Counter[str] = Counter()
    for turn in parsed.turns:
        questions[turn.speaker] += parsed.text[turn.start : turn.end].count("?")
    roles = {speaker: NAMED_ROLES.get(speaker.casefold(), "") for speaker in speakers}
    unnamed = [s for s in speakers if not roles[s]]
    if len(unnamed) > 1 and "interviewer" not in roles.values():
        interviewer = max(unnamed, key=lambda s: (questions[s], -speakers.index(s)))
        roles[interviewer] = "interviewer"
    for speaker in unnamed:
        roles[speaker] = roles[speaker] or "participant"
    for turn in parsed.turns:
        turn.role = roles[turn.speaker]
    return roles
