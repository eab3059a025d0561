"""Key figures: shown the way readers write numbers, and traced to the sentence that states them."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping

from ..model.domain import FigureValue, KeyFigure, Range

_SEPARATORS = "[,\u00a0\u202f\u2009 ]?"
_HEDGES = r"(?:about|around|almost|nearly|some|roughly|approximately|over|more than|fewer than|less than|up to|close to)"
_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
          "fifteen sixteen seventeen eighteen nineteen twenty").split()
# Russian small numbers in every case: "пяти государств" states 5.
_RUSSIAN_WORDS = {
    0: "нол[ьяюем]", 1: "од(?:ин|на|но|ни|ного|ной|ному|ним|ном|ною|них|ними)", 2: "дв(?:а|е|ух|ум|умя)",
    3: "тр(?:и|[её]х|[её]м|емя)", 4: "четыр(?:е|[её]х|[её]м|ьмя)", 5: "пят(?:ь|и|ью)", 6: "шест(?:ь|и|ью)",
    7: "сем(?:ь|и|ью)", 8: "вос(?:емь|ьми|емью|ьмью)", 9: "девят(?:ь|и|ью)", 10: "десят(?:ь|и|ью)",
    11: "одиннадцат(?:ь|и|ью)", 12: "двенадцат(?:ь|и|ью)", 13: "тринадцат(?:ь|и|ью)", 14: "четырнадцат(?:ь|и|ью)",
    15: "пятнадцат(?:ь|и|ью)", 16: "шестнадцат(?:ь|и|ью)", 17: "семнадцат(?:ь|и|ью)", 18: "восемнадцат(?:ь|и|ью)",
    19: "девятнадцат(?:ь|и|ью)", 20: "двадцат(?:ь|и|ью)",
}
_NUMBER_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:[,\u00a0\u202f\u2009 ]\d{3})+(?:\.\d+)?(?![\d])|(?<![\d.,])\d+(?:\.\d+)?(?![\d])")


def format_number(value: float) -> str:
    """1822 -> 1,822; 2.5 -> 2.5; 1200000.0 -> 1,200,000."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}"


def numeric_bounds(value: FigureValue) -> tuple[float, float] | None:
    """(low, high) of a number or a range; None for a figure written as text."""
    if isinstance(value, Range):
        return float(value.low), float(value.high)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value), float(value)
    return None


def format_value(value: FigureValue, unit: str | None = None, approximate: bool = False) -> str:
    """1822 -> 1,822; Range(1000, 2000) with unit "troops" -> 1,000–2,000 troops; "about" when approximate."""
    if isinstance(value, Range):
        text = f"{format_number(value.low)}\u2013{format_number(value.high)}"
    else:
        text = value if isinstance(value, str) else format_number(value)
    if unit:
        text = f"{text} {unit}"
    return f"about {text}" if approximate else text


def number_pattern(value: float, lang: str = "en") -> re.Pattern:
    """A regex for a number in any common written form: 1,822 / 1822 / 1 822; a small number also
    as a word of the briefing's language (English, or Russian in any case)."""
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
    if isinstance(value, int) and lang.split("-")[0] == "ru" and value in _RUSSIAN_WORDS:
        return re.compile(rf"{digits}|\b(?i:{_RUSSIAN_WORDS[value]})\b")
    if isinstance(value, int) and 0 <= value < len(_WORDS):
        # Style guides spell out small numbers: "five states" states 5.
        return re.compile(rf"{digits}|\b(?i:{_WORDS[value]})\b")
    return re.compile(digits)


def _parse_number(text: str) -> float:
    return float(re.sub(r"[,\u00a0\u202f\u2009 ]", "", text))


def states_figure(text: str, value: FigureValue, lang: str = "en") -> bool:
    """Does this sentence state the figure? A hedged round number within 10% also does ("nearly 2,000").

    A range is stated when both of its ends are ("between 1,000 and 2,000", "1,000-2,000").
    """
    if isinstance(value, Range):
        return all(number_pattern(end).search(text) for end in value)
    if isinstance(value, str):
        return value.strip().lower() in text.lower()
    if number_pattern(value, lang).search(text):
        return True
    # "nearly 2,000" backs a figure of 1,822: a hedge word and a number within 10%.
    for m in re.finditer(rf"\b{_HEDGES}\s+({_NUMBER_RE.pattern})", text, re.I):
        stated = _parse_number(m.group(1))
        if value and abs(stated - value) <= abs(value) * 0.1:
            return True
    return False


def find_sentence(sentences: Mapping[str, str], value: FigureValue, lang: str = "en") -> str | None:
    """The id of the first sentence (by id, in order) that states the figure exactly, else approximately."""
    if not isinstance(value, (str, Range)):
        pattern = number_pattern(value, lang)
        for sid, text in sentences.items():
            if pattern.search(text):
                return sid
    for sid, text in sentences.items():
        if states_figure(text, value, lang):
            return sid
    return None


def trace_figures(figures: tuple[KeyFigure, ...], sentences: Mapping[str, str], lang: str = "en") -> tuple[KeyFigure, ...]:
    """Each figure pointed at the sentence of the text (in language `lang`) that states it (None when none does)."""
    return tuple(dataclasses.replace(fig, sentence_id=find_sentence(sentences, fig.value, lang))
                 for fig in figures)
