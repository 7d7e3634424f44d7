"""Participant attributes and interview dates as REFI-QDA <Variable>s and <VariableValue>s, and back.

The schema types values strictly: FloatValue is xs:decimal (no exponent, no NaN or infinity),
IntegerValue xs:integer, DateValue xs:date (a real calendar day), BooleanValue xs:boolean. Numbers
are written in plain decimal notation (1e-7 -> 0.0000001); a value the type cannot hold (NaN,
infinity, a date such as 2022-13-01) is left out with a warning instead of making the file invalid.
Reading goes by the variable's declared type, so a Text value stays text.
"""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal, InvalidOperation

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def variable_type(values: list[object]) -> str:
    """The REFI-QDA typeOfVariable that holds every value written (NaN and infinity are left out,
    so they do not make a whole-number variable Float)."""
    present = [v for v in values if v is not None and not _unwritable(v)]
    if present and all(isinstance(v, bool) for v in present):
        return "Boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "Integer"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "Float"
    return "Text"


def _unwritable(value: object) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


def decimal_text(value: float | int) -> str | None:
    """A number in xs:decimal notation (no exponent), or None for NaN and infinity."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if not isinstance(value, float):
        return str(int(value))
    text = format(Decimal(repr(value)), "f")
    if "." not in text:
        text += ".0"  # a float stays a float on the way back
    whole, fraction = text.split(".")
    text = f"{whole}.{fraction.rstrip('0') or '0'}"
    return text[1:] if text.startswith("-") and set(text) <= set("-0.") else text


def valid_date(value: str | None) -> bool:
    """Whether `value` is a real calendar date written YYYY-MM-DD (what xs:date needs)."""
    if not value or not ISO_DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def value_text(value: object, kind: str) -> str | None:
    """The element text of a value of variable type `kind`, or None when it cannot be written."""
    if kind == "Boolean":
        return "true" if value else "false"
    if kind in ("Integer", "Float"):
        return decimal_text(value)  # type: ignore[arg-type]
    if kind == "Date":
        return str(value) if valid_date(str(value)) else None
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return decimal_text(value) or str(value)
    return str(value)


def read_value(text: str, kind: str) -> object:
    """A stored attribute value from a VariableValue element's text and kind (e.g. 'FloatValue')."""
    if kind == "TextValue":
        return text
    text = text.strip()
    if kind == "BooleanValue":
        return text.lower() in ("true", "1")
    if kind == "IntegerValue":
        try:
            return int(text)
        except ValueError:
            return text
    if kind == "FloatValue":
        try:
            number = Decimal(text)
        except InvalidOperation:
            return text
        return (
            int(number)
            if number == number.to_integral_value() and "." not in text
            else float(number)
        )
    return text
