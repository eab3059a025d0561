"""The theme's words in the languages the site's briefings use, chosen by each page's `lang`.

Templates write their words in English inside `_("...")`; a page in another
language (a briefing with `lang: ru`) shows this table's words instead, its
dates with that language's month names, and each entity under its native name
in that language when it has one. A word missing from a language's table
stays in English, so a new language can be added a few words at a time.
"""

from __future__ import annotations

from jinja2 import pass_context

from ..model.dates import PartialDate
from ..names.spellings import language_name as spelling_language

# English text -> the page language's text.
WORDS: dict[str, dict[str, str]] = {
    "ru": {
        "Skip to main content": "Перейти к основному тексту",
        "Site": "Сайт",
        "Briefings": "Брифинги",
        "People, organisations and states": "Люди, организации и государства",
        "Timeline": "Хроника",
        "Search": "Поиск",
        "Atom feed of all briefings": "Лента Atom всех брифингов",
        "Briefing": "Брифинг",
        "Source": "Источник",
        "via": "через",
        "Key figures": "Ключевые цифры",
        "Show the sentence that states this figure": "Показать предложение, в котором названа эта цифра",
        "As of": "По состоянию на",
        "source document": "исходный документ",
        "Source document": "Исходный документ",
        "Article": "Статья",
        "Briefing facts": "Факты брифинга",
        "Participating states": "Государства-участники",
        "Host state": "Принимающее государство",
        "People and organisations": "Люди и организации",
        "Reported by": "Сообщило",
        "as published by": "в публикации",
        "Read the original report": "Читать исходное сообщение",
        "This briefing in other languages": "Этот брифинг на других языках",
        "Updated": "Обновлено",
        "Correction": "Поправка",
        "Update": "Дополнение",
        "Updates": "Дополнения",
        "Stated by": "Заявил",
        "Republished by": "Перепечатало",
        "Figures": "Цифры",
        "Corrections": "Поправки",
        "Part of the story": "Часть сюжета",
        "Before": "Раньше",
        "After": "Позже",
        "Later": "Позже",
        "Same period": "Тот же период",
    },
}

# Month names: on their own ("январь 2022") and with a day ("6 января 2022").
MONTHS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "ru": (("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
            "ноябрь", "декабрь"),
           ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
            "ноября", "декабря")),
}

# Each language's own name, for links between translations.
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "kk": "Қазақша", "be": "Беларуская", "uk": "Українська",
                  "de": "Deutsch", "fr": "Français", "pl": "Polski", "cs": "Čeština", "hy": "Հայերեն"}


def base_language(lang: str | None) -> str:
    return (lang or "en").split("-")[0].lower()


def word(text: str, lang: str | None) -> str:
    """The theme's text in a language (English when the table lacks it)."""
    return WORDS.get(base_language(lang), {}).get(text, text)


def date_in(date: PartialDate, lang: str | None) -> str:
    """A date as the language writes it: "January 2022" / "январь 2022"; "6 January 2022" / "6 января 2022"."""
    months = MONTHS.get(base_language(lang))
    if months is None:
        return date.display
    if date.day is None:
        return f"{months[0][date.month - 1]} {date.year}"
    return f"{date.day} {months[1][date.month - 1]} {date.year}"


def name_in(entity, lang: str | None) -> str:
    """An entity's name in a language: its native name there, else its name."""
    wanted = base_language(lang)
    for code, text in entity.native:
        if base_language(code) == wanted:
            return text
    return entity.name


def language_name(lang: str) -> str:
    return LANGUAGE_NAMES.get(base_language(lang), lang)


def page_lang(context) -> str:
    """The language of the page being rendered: its briefing's, else the site's."""
    article = context.get("article")
    return getattr(article, "lang", None) or context.get("DEFAULT_LANG") or "en"


@pass_context
def translate(context, text: str) -> str:
    return word(text, page_lang(context))


@pass_context
def page_date(context, date: PartialDate) -> str:
    return date_in(date, page_lang(context))


@pass_context
def page_name(context, entity) -> str:
    return name_in(entity, page_lang(context))


@pass_context
def current_lang(context) -> str:
    return page_lang(context)


JINJA_GLOBALS = {"_": translate, "date_text": page_date, "entity_name": page_name, "page_lang": current_lang,
                 "language_name": language_name, "spelling_language": spelling_language}
