"""Guessing speaker roles: a speaker labelled for a role ("Interviewer 1", "Int.", "I", "Moderator",
"P3", "Respondent") has it, "Unknown Speaker" is unknown; otherwise the speaker who asks the most
questions per turn is the interviewer (the researcher's own name), and the others participants.
`speakers set-role` corrects any guess."""

from __future__ import annotations

import re
from collections import Counter

from qualcode.ingest.transcript import ParsedTranscript

ROLES = ("interviewer", "participant", "other", "unknown")
NUMBER = r"(?:\s*#?\d{1,3}|\s+[A-Z])?"  # "Interviewer 1", "Int. 2", "Moderator B"
ROLE_LABELS = {
    "interviewer": rf"(?:interviewer|int\.?|i|iv|ivr|moderator|mod|researcher|facilitator|q|question"
    rf"|访谈者|采访者|访问者|主持人|聞き手|インタビュアー|質問者){NUMBER}",
    "participant": rf"(?:participant|interviewee|respondent|resp\.?|r|p|a|answer|subject|befragte[rn]?|b"
    rf"|受访者|被访者|受訪者|回答者|話し手){NUMBER}",
    "other": r"protocol|notes?|transcriber(?:'s)? notes?|comment",
    "unknown": r"unknown|unknown speaker|unidentified(?: speaker)?|speaker \?|\?+",
}
LABEL_ROLES = [(role, re.compile(rf"(?:{p})", re.IGNORECASE)) for role, p in ROLE_LABELS.items()]


def named_role(speaker: str) -> str:
    """The role a label names ("Interviewer 1" interviewer, "Unknown Speaker" unknown), or ""."""
    label = speaker.strip().rstrip(":").strip()
    return next((role for role, pattern in LABEL_ROLES if pattern.fullmatch(label)), "")


def guess_roles(parsed: ParsedTranscript) -> dict[str, str]:
    """Map each speaker to interviewer / participant / other / unknown, and set the turns' roles."""
    speakers = parsed.speakers
    if not speakers:
        return {}
    questions: Counter[str] = Counter()
    turns: Counter[str] = Counter()
    for turn in parsed.turns:
        questions[turn.speaker] += parsed.text[turn.start : turn.end].count("?")
        turns[turn.speaker] += 1
    rate = {s: questions[s] / turns[s] for s in speakers}
    roles = {speaker: named_role(speaker) for speaker in speakers}
    unnamed = [s for s in speakers if not roles[s]]
    if unnamed and "interviewer" not in roles.values():
        asker = max(unnamed, key=lambda s: (rate[s], -speakers.index(s)))
        others = [rate[s] for s in speakers if s != asker and roles[s] == "participant"]
        # two unnamed speakers: one interviews; one beside named participants: if it asks more
        if len(unnamed) > 1 or rate[asker] > max(others, default=0):
            roles[asker] = "interviewer"
    for speaker in unnamed:
        roles[speaker] = roles[speaker] or "participant"
    for turn in parsed.turns:
        turn.role = roles[turn.speaker]
    return roles
