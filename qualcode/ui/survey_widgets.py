"""One widget per question type, shared by the respondent page and the researcher's preview."""

from __future__ import annotations

import random
from typing import Any

import streamlit as st

from qualcode.survey.instrument import Instrument, Page, Question
from qualcode.survey.paging import Place
from qualcode.ui.markup import md


def _init(key: str, value: Any) -> None:
    """Start a widget from the saved answer the first time it is shown."""
    if key not in st.session_state and value is not None:
        st.session_state[key] = value


def _ordered(question: Question, options: list[str], seed: str) -> list[str]:
    if not question.randomize:
        return list(options)
    shuffled = list(options)
    random.Random(f"{seed}|{question.id}").shuffle(shuffled)
    return shuffled


def _other_box(question: Question, prefix: str, chosen: list, saved_other: str) -> str:
    if not question.other or question.other not in chosen:
        return ""
    key = f"{prefix}o:{question.id}"
    _init(key, saved_other or None)
    return st.text_input(f"{md(question.other)}: please specify", key=key)


def question_widget(
    question: Question,
    saved: Any,
    saved_other: str,
    error: str | None,
    prefix: str = "",
    seed: str = "",
) -> tuple[Any, str]:
    """Render a question (label, help, widget, validation message); return (value, other text)."""
    key = f"{prefix}q:{question.id}"
    label = md(question.text) + (" \\*" if question.required else "")
    help_text = md(question.help) if question.help else None
    kind = question.type
    other = ""
    if kind in ("consent", "single", "likert"):
        options = (
            question.options
            if kind != "single"
            else [
                *_ordered(question, question.options, seed),
                *([question.other] if question.other else []),
            ]
        )
        _init(key, saved if saved in options else None)
        value = st.radio(
            label,
            options,
            index=None,
            key=key,
            help=help_text,
            horizontal=kind == "likert",
            format_func=md,
        )
        other = _other_box(question, prefix, [value], saved_other)
    elif kind == "multi":
        st.markdown(label, help=help_text)
        value = []
        for option in [
            *_ordered(question, question.options, seed),
            *([question.other] if question.other else []),
        ]:
            option_key = f"{key}:{question.choices.index(option)}"
            _init(option_key, option in (saved or []))
            if st.checkbox(md(option), key=option_key):
                value.append(option)
        other = _other_box(question, prefix, value, saved_other)
    elif kind == "matrix":
        st.markdown(label, help=help_text)
        value = {}
        saved = saved if isinstance(saved, dict) else {}
        for item_id, text in question.items:
            item_key = f"{key}:{item_id}"
            _init(item_key, saved.get(item_id))
            choice = st.radio(
                md(text),
                question.options,
                index=None,
                key=item_key,
                horizontal=True,
                format_func=md,
            )
            if choice is not None:
                value[item_id] = choice
    elif kind == "ranking":
        _init(key, saved if isinstance(saved, list) else None)
        value = st.multiselect(
            label + " (pick the options in order, most important first)",
            _ordered(question, question.options, seed), key=key, help=help_text, format_func=md,
        )  # fmt: skip
    elif kind == "number":
        _init(
            key, None if saved is None else f"{saved:g}" if isinstance(saved, float) else str(saved)
        )
        value = st.text_input(label, key=key, help=help_text)
    elif kind == "long_text":
        _init(key, saved)
        value = st.text_area(label, key=key, help=help_text, max_chars=question.max_length)
    else:
        _init(key, saved)
        value = st.text_input(label, key=key, help=help_text, max_chars=question.max_length)
    if error:
        st.error(error, icon=":material/error:")
    return value, other


def page_widgets(
    page: Page,
    answers: dict[str, Any],
    others: dict[str, str],
    errors: dict[str, str],
    prefix: str = "",
    seed: str = "",
) -> tuple[dict[str, Any], dict[str, str]]:
    """Render a page's questions, conditions following the answers as they are given; return
    (values, other texts) by question id."""
    values, other_texts = {}, {}
    live = dict(answers)
    for question in page.questions:
        if question.show_if is not None and not question.show_if.holds(live):
            continue
        value, other = question_widget(
            question, answers.get(question.id), others.get(question.id, ""),
            errors.get(question.id), prefix=prefix, seed=seed,
        )  # fmt: skip
        values[question.id], other_texts[question.id] = value, other
        live[question.id] = value
    return values, other_texts


def page_heading(instrument: Instrument, where: Place) -> Page:
    """The survey's intro (first page only), the progress bar and the page's title and intro."""
    if where.number == 1 and instrument.intro:
        st.write(md(instrument.intro))
    st.progress(where.progress, text=f"Page {where.number} of {where.total}")
    page = instrument.pages[where.page_index]
    if page.title:
        st.subheader(md(page.title))
    if page.intro:
        st.write(md(page.intro))
    return page
