"""Russian case forms of a native name, so a Russian text links "Токаевым" and "России" too.

A name is matched as whole words, and Russian changes a name's ending with its
case: "встреча с Касым-Жомартом Токаевым", "президент Белоруссии". These rules
give the five oblique cases (genitive, dative, accusative, instrumental,
prepositional) of the common patterns: masculine names on a consonant, -й, -ий;
surnames on -ов, -ев, -ин; feminine -а, -я, -ия; -ь either way; neuter -о.
Words ending in other vowels (Шойгу, Лукашенко) and abbreviations (ОДКБ, ТАСС)
do not change. A person's every word is declined; another entity's first word
only (the head noun of "Министерство внутренних дел", "Совет коллективной
безопасности ОДКБ"). The forms are only ever matched, never shown.
"""

from __future__ import annotations

CASES = 5  # genitive, dative, accusative, instrumental, prepositional
_SOFT_AFTER = frozenset("гкхжшчщ")  # after these, -а gives genitive -и, not -ы
_SURNAME_ENDINGS = ("ов", "ев", "ёв", "ин", "ын")


def _consonant(word: str, person: bool) -> list[tuple[str, ...]]:
    if person and word.endswith(_SURNAME_ENDINGS):
        return [(word + "а", word + "у", word + "а", word + "ым", word + "е")]
    accusative = word + "а" if person else word
    forms = [(word + "а", word + "у", accusative, word + "ом", word + "е")]
    if word[-1] in "жшчщц":  # instrumental -ем after a hushing consonant without stress
        forms.append((word + "а", word + "у", accusative, word + "ем", word + "е"))
    return forms


def _feminine(stem: str, last: str) -> list[tuple[str, ...]]:
    """-ия, -а, -я: Россия, Москва, Мария."""
    if last == "я" and stem.endswith("и"):
        return [(stem + "и", stem + "и", stem + "ю", stem + "ей", stem + "и")]
    if last == "а":
        genitive = stem + ("и" if stem[-1:] in _SOFT_AFTER else "ы")
        return [(genitive, stem + "е", stem + "у", stem + "ой", stem + "е")]
    return [(stem + "и", stem + "е", stem + "ю", stem + "ей", stem + "е")]


def _soft(word: str, stem: str, last: str, person: bool) -> list[tuple[str, ...]]:
    """-й, -ий, -ь (masculine or feminine: both), and a neuter -о (Министерство; a person's -о stays)."""
    accusative = stem + "я" if person else word
    if last == "й":
        return [(stem + "я", stem + "ю", accusative, stem + "ем", stem + ("и" if stem.endswith("и") else "е"))]
    if last == "ь":
        return [(stem + "я", stem + "ю", accusative, stem + "ем", stem + "е"),
                (stem + "и", stem + "и", word, stem + "ью", stem + "и")]
    if last == "о" and not person:
        return [(stem + "а", stem + "у", word, stem + "ом", stem + "е")]
    return []


def _vowel_or_soft(word: str, person: bool) -> list[tuple[str, ...]]:
    stem, last = word[:-1], word[-1]
    if last in "ая":
        return _feminine(stem, last)
    return _soft(word, stem, last, person)


def word_forms(word: str, person: bool) -> list[tuple[str, ...]]:
    """The oblique case forms of one word (each a tuple of CASES forms), as written (case kept)."""
    if "-" in word:  # Касым-Жомарт: only the last part changes
        head, _, tail = word.rpartition("-")
        return [tuple(f"{head}-{form}" for form in forms) for forms in word_forms(tail, person)]
    if len(word) < 3 or word.isupper() or not word.isalpha():
        return []
    low = word.lower()
    forms = _vowel_or_soft(low, person) if low[-1] in "аяйьоеиуюыэё" else _consonant(low, person)
    return [tuple(word[0] + form[1:] for form in case_forms) for case_forms in forms]


def russian_forms(name: str, person: bool) -> list[str]:
    """A Russian name in each oblique case: every word of a person's name, else the first word."""
    words = name.split()
    if not words:
        return []
    declined = range(len(words)) if person else range(1)
    choices = {i: word_forms(words[i], person) for i in declined}
    out: list[str] = []
    for variant in range(max((len(c) for c in choices.values()), default=0)):
        for case in range(CASES):
            new = [choices[i][min(variant, len(choices[i]) - 1)][case] if choices.get(i) else word
                   for i, word in enumerate(words)]
            text = " ".join(new)
            if text != name and text not in out:
                out.append(text)
    return out
