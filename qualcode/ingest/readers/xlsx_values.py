"""The text of one XLSX cell value, exactly as the sheet importers have always read it: calamine's
reading of the cell, then pandas' `read_excel(dtype=str)` text (whole numbers without ".0",
dates as midnight datetimes, times and durations as Python writes them, errors as "").

A number is a date, time or duration when its cell style's number format says so; the format
is classified as calamine does (`formats.rs`: the first section only, quoted text, escapes and
`[...]` ignored; `[h]`, `[m]`, `[s]` make a duration) and the serial value converted as calamine
does (days since 1899-12-30, or 1904-01-01, rounded to the millisecond, Excel's 1900 leap-year bug
kept for serials below 60). Values calamine cannot convert stay numbers."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta

DATE = "date"  # the kinds a cell style's number format can give a number
DURATION = "duration"
DATE_FORMAT_IDS = {"14", "15", "16", "17", "18", "19", "20", "21", "22", "45", "47"}
DURATION_FORMAT_IDS = {"46"}

EPOCH = datetime(1899, 12, 30)
DAY_MS = 86_400_000
DAYS_1900_TO_1904 = 1462
CHRONO_DAYS = 95_000_000  # about the range of dates calamine's chrono can hold, either side
I64 = 2**63 - 1
NUMBER_CHARS = "0123456789+-.eE"
NUMBER = re.compile(
    r"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf(?:inity)?|nan)", re.I
)
ISO_MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?")
ISO_TIME = re.compile(r"[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def format_kind(code: str) -> str:
    """DATE, DURATION or "" for a custom number format code (calamine's
    detect_custom_number_format, arm by arm)."""
    escaped = quoted = ap = hms = False
    brackets, prev = 0, " "
    for char in code:
        if escaped:
            escaped = False
        elif char in "_\\*":
            escaped = True
        elif quoted:
            quoted = char != '"'
        elif char == '"':
            quoted = True
        elif char == ";":
            return ""  # the first section only
        elif char == "[":
            brackets += 1
        elif char == "]" and brackets == 1 and hms:
            return DURATION
        elif char == "]":
            brackets = max(brackets - 1, 0)
        elif char in "aA" and not ap and brackets == 0:
            ap = True
        elif char in "pmPM/" and ap and brackets == 0:
            return DATE
        elif char in "dmhysDMHYS" and not ap and brackets == 0:
            return DATE
        elif not (hms and char.lower() == prev.lower()):
            hms = prev == "[" and char in "mhsMHS"
        prev = char
    return ""


def builtin_kind(format_id: str) -> str:
    """DATE, DURATION or "" for one of Excel's built-in number formats, by id."""
    if format_id in DATE_FORMAT_IDS:
        return DATE
    return DURATION if format_id in DURATION_FORMAT_IDS else ""


def number_text(value: float) -> str:
    """A number as pandas wrote calamine's float: whole numbers as integers."""
    return str(int(value)) if value.is_integer() else str(value)


def parse_number(text: str) -> float | None:
    """The number a `<v>` holds, or None when it is not one (calamine's fast-float syntax;
    Python's float() also takes spaces, underscores and "infinity", hence the check)."""
    if not text.strip(NUMBER_CHARS):  # digits, signs, points and exponents only: float() decides
        try:
            return float(text)
        except ValueError:
            return None
    return float(text) if NUMBER.fullmatch(text) else None


def _milliseconds(days: float) -> int:
    """Days as whole milliseconds, rounded half away from zero and saturated as Rust's
    `(f64).round() as i64` does (NaN gives 0)."""
    if math.isnan(days):
        return 0
    ms = days * DAY_MS
    if math.isinf(ms):
        return I64 if ms > 0 else -I64
    whole = math.trunc(ms)
    if abs(ms - whole) >= 0.5:
        whole += 1 if ms > 0 else -1
    return max(-I64, min(I64, int(whole)))


def _moment_ms(value: float, is_1904: bool) -> int:
    """Milliseconds since 1899-12-30 of a serial date (calamine's ExcelDateTime::as_datetime)."""
    days = value + DAYS_1900_TO_1904 if is_1904 else value
    return _milliseconds(days if days >= 60 else days + 1)


def date_text(value: float, is_1904: bool) -> str:
    """A number in a date format: a time below 1, a date when whole, else a datetime; calamine
    keeps the number when the moment is out of range (years 1 to 9999)."""
    ms = _moment_ms(value, is_1904)
    if abs(ms) > CHRONO_DAYS * DAY_MS:
        return number_text(value)
    if value < 1.0:
        return str(_time_of_day(ms))
    try:
        moment = EPOCH + timedelta(milliseconds=ms)
    except OverflowError:
        return number_text(value)
    if value.is_integer():
        return str(datetime.combine(date(moment.year, moment.month, moment.day), time()))
    return str(moment)


def _time_of_day(ms: int) -> time:
    ms %= DAY_MS
    seconds, milli = divmod(ms, 1000)
    return time(seconds // 3600, seconds // 60 % 60, seconds % 60, milli * 1000)


def duration_text(value: float) -> str:
    """A number in a duration format ([h]:mm and the like), as Python writes a timedelta."""
    try:
        return str(timedelta(milliseconds=_milliseconds(value)))
    except OverflowError:
        return number_text(value)


def iso_text(text: str) -> str:
    """A `t="d"` cell (an ISO 8601 text): a datetime, time or date when it parses as calamine
    parses it, else the text itself."""
    try:
        if "T" in text:
            if ISO_MOMENT.fullmatch(text):
                return str(datetime.fromisoformat(_microseconds(text)))
        elif ":" in text:
            if ISO_TIME.fullmatch(text):
                return str(time.fromisoformat(_microseconds(text)))
        elif ISO_DATE.fullmatch(text):
            return str(datetime.combine(date.fromisoformat(text), time()))
    except ValueError:
        pass
    return text


def _microseconds(text: str) -> str:
    """Fractional seconds cut to microseconds (chrono keeps nanoseconds; Python gets micros)."""
    whole, dot, fraction = text.partition(".")
    return f"{whole}.{fraction[:6].ljust(6, '0')}" if dot else whole
