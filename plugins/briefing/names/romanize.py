"""The spellings of the established romanisation systems, generated from an entity's native names.

Russian goes through iuliia (maintained, one JSON table per system): BGN/PCGN,
ISO 9:1995 (as GOST 7.79 system A), ICAO Doc 9303 and the scholarly system.
Where no maintained library has the system, the rules are here, as small
tables with the few rules of context each system has: the Kazakh Latin
alphabet of 2021 and BGN/PCGN for Kazakh; the Belarusian national system
(2007), Łacinka, BGN/PCGN and ISO 9 for Belarusian; the Ukrainian national
system (2010) and ISO 9 for Ukrainian; and the conventions of the German,
French, Polish and Czech press for Russian (Polish also for Belarusian).
Any other language in a non-Latin script gets anyascii's spelling.
See docs/names.md for what each system writes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import iuliia
from anyascii import anyascii

VOWELS = frozenset("аеёиоуыэюяіїєәөұүӣӯ")
SIGNS = frozenset("ьъ'’ʼ")


@dataclass(frozen=True)
class System:
    id: str
    label: str  # as the Names table shows it
    used_in: str  # the language whose press or readers use it ("" for an international system)
    source: tuple[str, ...]  # the languages of the native names it romanises ("*": any not listed elsewhere)
    convert: Callable[[str], str]


@dataclass(frozen=True)
class Letter:
    """Where a Cyrillic letter stands in its word."""

    prev: str  # the letter before ("" at the start of a word)
    ch: str  # the letter, lower case
    next: str  # the letter after ("" at the end of a word)
    start: bool  # first letter of the word, or after a vowel or a sign: where е, ю, я sound "ye, yu, ya"


def convert_words(text: str, pick: Callable[[Letter], str], upper: Callable[[str], str] = str.upper) -> str:
    """Transliterate letter by letter; pick(letter) gives each lower-case letter's Latin. Case is kept:
    a capital gives a capitalised spelling, a word in capitals one in capitals."""
    out = []
    low = text.lower()
    for i, ch in enumerate(low):
        if not ch.isalpha() and ch not in SIGNS:
            out.append(text[i])
            continue
        prev = low[i - 1] if i > 0 and (low[i - 1].isalpha() or low[i - 1] in SIGNS) else ""
        nxt = low[i + 1] if i + 1 < len(low) and low[i + 1].isalpha() else ""
        start = prev == "" or prev in VOWELS or prev in SIGNS
        latin = pick(Letter(prev, ch, nxt, start))
        if text[i] != ch and latin:
            whole_word_upper = bool((nxt and text[i + 1].isupper()) or (prev and text[i - 1].isupper()))
            latin = upper(latin) if whole_word_upper else upper(latin[0]) + latin[1:]
        out.append(latin)
    return "".join(out)


def _table(pairs: str) -> dict[str, str]:
    """'а a б b ...': a letter and its Latin, separated by spaces; '-' for nothing."""
    items = pairs.split()
    return {c: ("" if latin == "-" else latin) for c, latin in zip(items[::2], items[1::2], strict=True)}


# ---------------------------------------------------------------- Kazakh

KAZAKH_2021 = _table("""а a ә ä б b в v г g ғ ğ д d е e ё io ж j з z и i й i к k қ q л l м m н n ң ñ о o ө ö
п p р r с s т t у u ұ ū ү ü ф f х h һ h ц ts ч ç ш ş щ şş ъ - ы y і ı ь - э e ю iu я ia""")
KAZAKH_BGN = _table("""а a ә ä б b в v г g ғ gh д d е e ё ë ж zh з z и i й y к k қ q л l м m н n ң ng о o ө ö
п p р r с s т t у u ұ u ү ü ф f х kh һ h ц ts ч ch ш sh щ shch ъ - ы y і i ь - э e ю yu я ya""")


def _kazakh_upper(latin: str) -> str:
    # In the 2021 alphabet и is "i" (capital İ) and і is "ı" (capital I).
    return latin.replace("i", "İ").replace("ı", "I").upper()


def kazakh_latin(text: str) -> str:
    return convert_words(text, lambda c: KAZAKH_2021.get(c.ch, c.ch), _kazakh_upper)


def kazakh_bgn(text: str) -> str:
    return convert_words(text, lambda c: KAZAKH_BGN.get(c.ch, c.ch))


# ---------------------------------------------------------------- Belarusian and Ukrainian

BELARUSIAN_NATIONAL = _table("""а a б b в v г h ґ g д d е ie ё io ж ž з z і i й j к k л l м m н n о o п p р r с s
т t у u ў ŭ ф f х ch ц c ч č ш š ы y ь ' э e ю iu я ia ' - ’ -""")
BELARUSIAN_BGN = _table("""а a б b в v г h ґ g д d е e ё ë ж zh з z і i й y к k л l м m н n о o п p р r с s
т t у u ў w ф f х kh ц ts ч ch ш sh ы y ь ' э e ю yu я ya ' - ’ -""")
ISO9_EXTRA = _table("і ì ї ï є ê ў ŭ ґ g̀ ' ʼ ’ ʼ")
UKRAINIAN_NATIONAL = _table("""а a б b в v г h ґ g д d е e є ie ж zh з z и y і i ї i й i к k л l м m н n о o п p
р r с s т t у u ф f х kh ц ts ч ch ш sh щ shch ь - ю iu я ia ' - ’ -""")
_IOTATED_START = {"е": "je", "ё": "jo", "ю": "ju", "я": "ja", "є": "ye", "ї": "yi"}
_LACINKA_SOFT = {"з": "ź", "с": "ś", "н": "ń", "ц": "ć", "л": "l"}


def belarusian_national(text: str) -> str:
    def pick(c: Letter) -> str:
        if c.start and c.ch in "еёюя":
            return _IOTATED_START[c.ch]
        return BELARUSIAN_NATIONAL.get(c.ch, c.ch)
    return convert_words(text, pick)


def belarusian_bgn(text: str) -> str:
    def pick(c: Letter) -> str:
        if c.start and c.ch == "е":
            return "ye"
        return BELARUSIAN_BGN.get(c.ch, c.ch)
    return convert_words(text, pick)


def belarusian_lacinka(text: str) -> str:
    """Łacinka: л hard (ł) or soft (l, and the soft vowel after it loses its j); a soft sign marks the
    consonant before it (ś, ź, ń, ć)."""
    def pick(c: Letter) -> str:
        if c.ch == "л":
            return "l" if c.next in ("я", "ю", "е", "ё", "і", "ь") else "ł"
        if c.ch in _LACINKA_SOFT and c.next == "ь":
            return _LACINKA_SOFT[c.ch]
        if c.ch == "ь":
            return "" if c.prev in _LACINKA_SOFT else "'"
        if c.ch in "еёюя":
            if c.prev == "л":
                return {"е": "e", "ё": "o", "ю": "u", "я": "a"}[c.ch]
            return _IOTATED_START[c.ch] if c.start else BELARUSIAN_NATIONAL[c.ch]
        return BELARUSIAN_NATIONAL.get(c.ch, c.ch)
    return convert_words(text, pick)


def ukrainian_national(text: str) -> str:
    """The 2010 national system: є, ї, й, ю, я differ at the start of a word; зг is "zgh"."""
    def pick(c: Letter) -> str:
        if c.prev == "" and c.ch in ("є", "ю", "я"):
            return {"є": "ye", "ю": "yu", "я": "ya"}[c.ch]
        if c.prev == "" and c.ch in ("ї", "й"):
            return {"ї": "yi", "й": "y"}[c.ch]
        if c.ch == "г" and c.prev == "з":
            return "gh"
        return UKRAINIAN_NATIONAL.get(c.ch, c.ch)
    return convert_words(text, pick)


def iso9(text: str) -> str:
    """ISO 9:1995 for Belarusian and Ukrainian: their own letters here, the rest as for Russian (iuliia)."""
    return _RUSSIAN_ISO9(convert_words(text, lambda c: ISO9_EXTRA.get(c.ch, c.ch)))


# ---------------------------------------------------------------- Russian in other languages' press

GERMAN = _table("""а a б b в w г g д d е e ё jo ж sch з s и i й i к k л l м m н n о o п p р r с s т t у u ф f
х ch ц z ч tsch ш sch щ schtsch ъ - ы y ь - э e ю ju я ja""")
FRENCH = _table("""а a б b в v г g д d е e ё io ж j з z и i й ï к k л l м m н n о o п p р r с s т t у ou ф f
х kh ц ts ч tch ш ch щ chtch ъ - ы y ь - э e ю iou я ia""")
POLISH = _table("""а a б b в w г g д d е e ё io ж ż з z и i й j к k л ł м m н n о o п p р r с s т t у u ф f
х ch ц c ч cz ш sz щ szcz ъ - ы y ь - э e ю iu я ia і i ў u""")
CZECH = _table("""а a б b в v г g д d е e ё jo ж ž з z и i й j к k л l м m н n о o п p р r с s т t у u ф f
х ch ц c ч č ш š щ šč ъ - ы y ь - э e ю ju я ja""")
_HUSHING = frozenset("жшчщц")
_POLISH_SOFT = {"с": "ś", "з": "ź", "н": "ń", "ц": "ć", "т": "ć", "д": "dź", "л": "l"}


def _ending(c: Letter) -> str | None:
    """-ий and -ый at the end of a word: one letter in the German, French and Polish press."""
    if c.ch == "й" and c.next == "" and c.prev in ("и", "ы"):
        return ""
    return None


def german_press(text: str) -> str:
    def pick(c: Letter) -> str:
        if (ending := _ending(c)) is not None:
            return ending
        if c.ch in "её" and c.start and c.prev not in _HUSHING:
            return "je" if c.ch == "е" else "jo"
        if c.ch == "ё" and c.prev in _HUSHING:
            return "o"
        if c.ch == "с" and c.prev in VOWELS and c.next in VOWELS:
            return "ss"
        return GERMAN.get(c.ch, c.ch)
    return convert_words(text, pick)


def french_press(text: str) -> str:
    def pick(c: Letter) -> str:
        if (ending := _ending(c)) is not None:
            return ending
        if c.ch == "г" and c.next in ("е", "и", "ы", "э"):
            return "gu"  # Sergueï
        if c.ch == "с" and c.prev in VOWELS and c.next in VOWELS:
            return "ss"  # Kassym
        if c.ch == "н" and c.prev == "и" and c.next == "":
            return "ne"  # Poutine, Lénine: the French press's ending for -ин
        if c.prev in VOWELS and c.prev not in "иі":
            return _french_after_vowel(c)
        return "i" if c.ch == "й" else FRENCH.get(c.ch, c.ch)
    return convert_words(text, pick)


def _french_after_vowel(c: Letter) -> str:
    """A vowel after a vowel: a diaeresis keeps the two apart (Tokaïev, Choïgou)."""
    if c.ch == "е":
        return "ïe"
    if c.ch in ("ё", "ю", "я"):
        return "ï" + FRENCH[c.ch][1:]
    if c.ch in ("и", "й"):
        return "ï"
    return FRENCH.get(c.ch, c.ch)


def polish_press(text: str) -> str:
    """The Polish transcription: ł or l by the vowel after it, ie/ia/iu after consonants, ś ź ń ć."""
    def pick(c: Letter) -> str:
        if (ending := _ending(c)) is not None:
            return ending
        if c.ch == "л":
            return "l" if c.next in ("е", "ё", "и", "ю", "я", "ь", "і") else "ł"
        if c.ch in _POLISH_SOFT and c.next == "ь":
            return _POLISH_SOFT[c.ch]
        if c.ch in ("е", "ё", "ю", "я"):
            return _polish_vowel(c)
        if c.ch == "и" and c.prev in ("ж", "ш", "ц"):
            return "y"
        return POLISH.get(c.ch, c.ch)
    return convert_words(text, pick)


def _polish_vowel(c: Letter) -> str:
    plain = {"е": "e", "ё": "o", "ю": "u", "я": "a"}[c.ch]
    if c.start:
        return "j" + plain
    if c.prev in _HUSHING or c.prev == "л":
        return plain
    return "i" + plain


def czech_press(text: str) -> str:
    def pick(c: Letter) -> str:
        if c.ch in ("е", "ё") and c.start:
            return "je" if c.ch == "е" else "jo"
        if c.ch == "ё" and c.prev in _HUSHING:
            return "o"
        return CZECH.get(c.ch, c.ch)
    return convert_words(text, pick)


def _iuliia(name: str) -> Callable[[str], str]:
    schema = iuliia.schemas.get(name)
    return schema.translate


_RUSSIAN_ISO9 = _iuliia("gost_779")


def any_ascii(text: str) -> str:
    return anyascii(text)


# ---------------------------------------------------------------- the registry

SYSTEMS: tuple[System, ...] = (
    System("bgn-pcgn", "BGN/PCGN", "en", ("ru",), _iuliia("bgn_pcgn")),
    System("bgn-pcgn", "BGN/PCGN", "en", ("kk",), kazakh_bgn),
    System("bgn-pcgn", "BGN/PCGN", "en", ("be",), belarusian_bgn),
    System("iso-9", "ISO 9", "", ("ru",), _RUSSIAN_ISO9),
    System("iso-9", "ISO 9", "", ("be", "uk"), iso9),
    System("icao", "ICAO passport", "", ("ru",), _iuliia("icao_doc_9303")),
    System("scholarly", "scholarly", "", ("ru",), _iuliia("scientific")),
    System("kk-latin-2021", "Kazakh Latin (2021)", "kk", ("kk",), kazakh_latin),
    System("be-national", "Belarusian national (2007)", "be", ("be",), belarusian_national),
    System("be-lacinka", "Belarusian Łacinka", "be", ("be",), belarusian_lacinka),
    System("uk-national", "Ukrainian national (2010)", "uk", ("uk",), ukrainian_national),
    System("de-press", "German press", "de", ("ru",), german_press),
    System("fr-press", "French press", "fr", ("ru",), french_press),
    System("pl-press", "Polish press", "pl", ("ru", "be"), polish_press),
    System("cs-press", "Czech press", "cs", ("ru",), czech_press),
    System("anyascii", "anyascii", "", ("*",), any_ascii),
)
_BY_LANGUAGE: dict[str, tuple[System, ...]] = {}
for _system in SYSTEMS:
    for _lang in _system.source:
        _BY_LANGUAGE[_lang] = (*_BY_LANGUAGE.get(_lang, ()), _system)


def systems_for(lang: str) -> tuple[System, ...]:
    """The systems that romanise names written in `lang` (a language code such as "ru" or "kk-Cyrl")."""
    return _BY_LANGUAGE.get(lang.split("-")[0].lower(), _BY_LANGUAGE["*"])


def romanise(name: str, lang: str) -> list[tuple[System, str]]:
    """Each system's spelling of a native name; none for a name already in Latin letters."""
    if name.isascii() or all(not ch.isalpha() or "LATIN" in _script_name(ch) for ch in name):
        return []
    out = []
    for system in systems_for(lang):
        spelled = unicodedata.normalize("NFC", system.convert(name))
        if spelled and spelled != name:
            out.append((system, spelled))
    return out


def _script_name(ch: str) -> str:
    return unicodedata.name(ch, "")
