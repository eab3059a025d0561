"""Key figures: shown the way readers write numbers, and traced to the sentence that states them."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping

from .model import FigureValue, KeyFigure, Range

_SEPARATORS = "[,\u00a0\u202f\u2009 ]?"
_HEDGES = r"(?:about|around|almost|nearly|some|roughly|approximately|over|more than|fewer than|less than|up to|close to)"
_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
          "fifteen sixteen seventeen eighteen nineteen twenty").split()
_NUMBER_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:[,\u00a0\u202f\u2009 ]\d{3})+(?:\.\d+)?(?![\d])|(?<![\d.,])\d+(?:\.\d+)?(?![\d])")


def format_number(value: float) -> str:
    """1822 -> 1,822; 2.5 -> 2.5; 1200000.0 -> 1,200,000."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}"


def format_value(value: FigureValue, unit: str | None = None, approximate: bool = False) -> str:
    """1822 -> 1,822; Range(1000, 2000) with unit "troops" -> 1,000–2,000 troops; "about" when approximate."""
    if isinstance(value, Range):
        text = f"{format_number(value.low)}\u2013{format_number(value.high)}"
    else:
        text = value if isinstance(value, str) else format_number(value)
    if unit:
        text = f"{text} {unit}"
    return f"about {text}" if approximate else text


def number_pattern(value: float) -> re.Pattern:
    """A regex for a number in any common written form: 1,822 / 1822 / 1 822."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    whole, _, frac = str(abs(value)).partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    body = _SEPARATORS.join(re.escape(g) for g in groups)
    if frac:
        body += r"\." + re.escape(frac)
    digits = rf"(?<![\d.,]){body}(?![\d]|[.,]\d)"
    if isinstance(value, int) and 0 <= value < len(_WORDS):
        # Style guides spell out small numbers: "five states" states 5.
        return re.compile(rf"{digits}|\b(?i:{_WORDS[value]})\b")
    return re.compile(digits)


def _parse_number(text: str) -> float:
    return float(re.sub(r"[,\u00a0\u202f\u2009 ]", "", text))


def states_figure(text: str, value: FigureValue) -> bool:
    """Does this sentence state the figure? A hedged round number within 10% also does ("nearly 2,000").

    A range is stated when both of its ends are ("between 1,000 and 2,000", "1,000-2,000").
    """
    if isinstance(value, Range):
        return all(number_pattern(end).search(text) for end in value)
    if isinstance(value, str):
        return value.strip().lower() in text.lower()
    if number_pattern(value).search(text):
        return True
    # "nearly 2,000" backs a figure of 1,822: a hedge word and a number within 10%.
    for m in re.finditer(rf"\b{_HEDGES}\s+({_NUMBER_RE.pattern})", text, re.I):
        stated = _parse_number(m.group(1))
        if value and abs(stated - value) <= abs(value) * 0.1:
            return True
    return False


def find_sentence(sentences: Mapping[str, str], value: FigureValue) -> str | None:
    """The id of the first sentence (by id, in order) that states the figure exactly, else approximately."""
    if not isinstance(value, (str, Range)):
        pattern = number_pattern(value)
        for sid, text in sentences.items():
            if pattern.search(text):
                return sid
    for sid, text in sentences.items():
        if states_figure(text, value):
            return sid
    return None


def trace_figures(figures: tuple[KeyFigure, ...], sentences: Mapping[str, str]) -> tuple[KeyFigure, ...]:
    """Each figure pointed at the sentence of the text that states it (None when none does)."""
    return tuple(dataclasses.replace(fig, sentence_id=find_sentence(sentences, fig.value))
                 for fig in figures)
