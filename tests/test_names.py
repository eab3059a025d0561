"""Names across scripts: the romanisation systems, the folding key, shared keys, native names in a
build, the Russian translation, and the tools that show what a name matches."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.model.domain import Entity
from briefing.names.folding import key, name_key
from briefing.names.linking import NameMatcher
from briefing.names.romanize import romanise
from briefing.names.spellings import entity_spellings, name_table
from briefing.read.frontmatter import FrontMatter
from briefing.read.scaffold import ScaffoldError, create_entity
from briefing.read.schemas import EntitySchema, check_schema
from briefing.text.sentences import sentence_id
from support import briefing, entity, make_site, page, run_tool, soup, write_content


def spelled(name: str, lang: str) -> dict[str, str]:
    return {system.label: text for system, text in romanise(name, lang)}


# ---------------------------------------------------------------- each system on known pairs

@pytest.mark.parametrize(("lang", "native", "system", "expected"), [
    ("ru", "Касым-Жомарт Токаев", "BGN/PCGN", "Kasym-Zhomart Tokayev"),
    ("ru", "Ерлан Тургумбаев", "BGN/PCGN", "Yerlan Turgumbayev"),
    ("ru", "Сергей Шойгу", "ISO 9", "Sergej Šojgu"),
    ("ru", "Никол Пашинян", "ISO 9", "Nikol Pašinân"),
    ("ru", "Сергей Шойгу", "ICAO passport", "Sergei Shoigu"),
    ("ru", "Никол Пашинян", "ICAO passport", "Nikol Pashinian"),
    ("ru", "Никол Пашинян", "scholarly", "Nikol Pašinjan"),
    ("kk", "Қасым-Жомарт Тоқаев", "Kazakh Latin (2021)", "Qasym-Jomart Toqaev"),
    ("kk", "Ерлан Тұрғымбаев", "Kazakh Latin (2021)", "Erlan Tūrğymbaev"),
    ("kk", "Ерлан Тұрғымбаев", "BGN/PCGN", "Erlan Turghymbaev"),
    ("be", "Аляксандр Лукашэнка", "Belarusian national (2007)", "Aliaksandr Lukašenka"),
    ("be", "Аляксандр Лукашэнка", "Belarusian Łacinka", "Alaksandr Łukašenka"),
    ("be", "Аляксандр Лукашэнка", "BGN/PCGN", "Alyaksandr Lukashenka"),
    ("be", "Станіслаў Зась", "ISO 9", "Stanìslaŭ Zasʹ"),
    ("uk", "Володимир Зеленський", "Ukrainian national (2010)", "Volodymyr Zelenskyi"),
    ("ru", "Касым-Жомарт Токаев", "German press", "Kassym-Schomart Tokajew"),
    ("ru", "Сергей Шойгу", "German press", "Sergei Schoigu"),
    ("ru", "Касым-Жомарт Токаев", "French press", "Kassym-Jomart Tokaïev"),
    ("ru", "Сергей Шойгу", "French press", "Sergueï Choïgou"),
    ("ru", "Владимир Путин", "French press", "Vladimir Poutine"),
    ("ru", "Сергей Шойгу", "Polish press", "Siergiej Szojgu"),
    ("ru", "Станислав Зась", "Polish press", "Stanisław Zaś"),
    ("ru", "Дмитрий Медведев", "Polish press", "Dmitri Miedwiediew"),
    ("ru", "Касым-Жомарт Токаев", "Czech press", "Kasym-Žomart Tokajev"),
    ("hy", "Նիկոլ Փաշինյան", "anyascii", "Nikol P'ashinyan"),
])
def test_each_system_writes_the_known_spelling(lang, native, system, expected):
    assert spelled(native, lang)[system] == expected


def test_a_name_in_latin_letters_is_not_romanised_again():
    assert romanise("Rzeczpospolita", "pl") == []


def test_kazakh_latin_capitals_keep_the_dotted_and_dotless_i():
    assert spelled("ИСЛАМ ІЗБАСАР", "kk")["Kazakh Latin (2021)"] == "İSLAM IZBASAR"


# ---------------------------------------------------------------- the folding key

@pytest.mark.parametrize("variants", [
    ["Turgumbayev", "Turgumbaev", "Turghumbaev", "Turgumbaïev", "Тургумбаев", "Turgumbajew"],
    ["Tokayev", "Tokaev", "Toqaev", "Токаев", "Тоқаев", "Tokajew", "Tokaïev", "TOKAÏEV", "Tokaiev"],
    ["Lukašenka", "Łukaszenka", "Lukashenka", "Lukaschenka", "Лукашэнка"],
    ["Shoigu", "Shoygu", "Schoigu", "Szojgu", "Šojgu", "Шойгу"],
    ["Kassym-Zhomart", "Kassym – Zhomart", "Kassym Zhomart", "Kassym-Žomart", "Kassym-Żomart"],
    ["Khabarov", "Habarov", "Xabarov", "Хабаров"],
    ["Dmitriy", "Dmitry", "Dmitrii", "Dmitrij", "Дмитрий"],
    ["Zas", "Zaś", "Zas'", "Зась"],
])
def test_transliteration_variants_share_a_key(variants):
    assert len({name_key(v) for v in variants}) == 1, {v: name_key(v) for v in variants}


@pytest.mark.parametrize(("name", "other"), [
    ("Tokayev", "Tokarev"), ("Turgumbayev", "Turgenev"), ("Turgumbayev", "Turgunbaev"), ("Tokayev", "Tokay"),
    ("Lukashenko", "Lukashevich"), ("Pashinyan", "Pashayan"),
])
def test_look_alikes_keep_apart(name, other):
    assert name_key(name) != name_key(other)


def test_the_key_maps_every_stretch_back_to_the_text():
    text = "Встреча с Касым-Жомартом Токаевым: Kassym – Zhomart Tokaïev, P'ashinyan's."
    folded = key(text)
    assert folded.text == "vstreja s kasim qomartom tokaevim: kassim qomart tokaev, pawinian's."
    start = folded.text.index("tokaev,")
    assert text[slice(*folded.original_span(start, start + 6))] == "Tokaïev"


NAMES = ["Tokayev", "Тургумбаев", "Lukašenka", "Kassym-Zhomart", "Zas"]
GLUE = st.sampled_from(["", " ", "-", "x", "ё", "ь", "'", "ß", "Ж", "sh", "1", "_", ".", "й"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(GLUE, st.sampled_from(NAMES + ["Tokaïev", "Лукашэнка", "TOKAYEV"]), GLUE), max_size=5))
def test_folding_never_links_across_word_boundaries(parts):
    text = "".join(a + name + b for a, name, b in parts)
    matcher = NameMatcher({n: n for n in NAMES})
    for m in matcher.find(text):
        surface = text[m.start:m.end]
        assert name_key(surface) == name_key(m.slug)
        before = text[m.start - 1] if m.start else " "
        after = text[m.end] if m.end < len(text) else " "
        # The letters either side are not part of the word (a soft sign or apostrophe is joined to it).
        assert not (before.isalnum() or before == "_"), (text, surface)
        assert not ((after.isalnum() and after not in "ьъ") or after == "_"), (text, surface)


CYRILLIC_NAMES = st.lists(st.sampled_from("аоуеиклмнпрствжшчхцй"), min_size=3, max_size=7).map(
    lambda letters: "".join(letters).capitalize())


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(CYRILLIC_NAMES, CYRILLIC_NAMES), min_size=2, max_size=4, unique=True))
def test_generated_spellings_never_collide_silently(people):
    entities = [Entity(f"p{i}", f"Person {i}", "person", native=(("ru", f"{given} {family}"),), source_path=f"p{i}.md")
                for i, (given, family) in enumerate(people)]
    table = name_table(entities)
    owners: dict[str, set[str]] = {}
    for slug, spellings in table.spellings.items():
        for s in spellings:
            owners.setdefault(name_key(s.text), set()).add(slug)
    shared = {k for k, slugs in owners.items() if len(slugs) > 1}
    reported = {p.path for p in table.problems}
    for k in shared:
        assert {f"{slug}.md" for slug in owners[k]} <= reported, k


# ---------------------------------------------------------------- shared keys, reported

def test_two_people_sharing_a_surname_are_reported_and_neither_links_by_it_alone():
    a = Entity("heydar", "Heydar Aliyev", "person", source_path="heydar.md")
    b = Entity("ilham", "Ilham Aliyev", "person", source_path="ilham.md")
    table = name_table([a, b])
    assert sorted(p.path for p in table.problems) == ["heydar.md", "ilham.md"]
    assert 'the surname "Aliyev"' in table.problems[0].message
    matcher = NameMatcher.of(table.entries)
    text = "Ilham Aliyev met Aliyev."
    assert [(text[m.start:m.end], m.slug) for m in matcher.find(text)] == [("Ilham Aliyev", "ilham")]


def test_a_name_written_by_hand_wins_over_a_generated_spelling_and_says_so():
    a = Entity("tokayev", "Kassym-Jomart Tokayev", "person", native=(("ru", "Касым-Жомарт Токаев"),), source_path="a.md")
    b = Entity("tokaev-fc", "Tokaev", "organization", source_path="b.md")
    table = name_table([a, b])
    assert [(p.path, p.field) for p in table.problems] == [("a.md", "name")]
    assert "links only to Tokaev" in table.problems[0].message
    matcher = NameMatcher.of(table.entries)
    assert [m.slug for m in matcher.find("Tokajew and Tokaev.")] == ["tokaev-fc", "tokaev-fc"]


def test_a_russian_case_form_links_only_in_cyrillic():
    e = Entity("tokayev", "Kassym-Jomart Tokayev", "person", native=(("ru", "Касым-Жомарт Токаев"),))
    matcher = NameMatcher.of(name_table([e]).entries)
    text = "Встреча с Токаевым и Токаева; Aigul Tokayeva."
    assert [text[m.start:m.end] for m in matcher.find(text)] == ["Токаевым", "Токаева"]


def test_a_short_word_in_capitals_is_an_acronym_not_a_surname():
    e = Entity("zas", "Stanislav Zas", "person", native=(("ru", "Станислав Зась"),))
    matcher = NameMatcher.of(name_table([e]).entries)
    assert [m.slug for m in matcher.find("The SAS and Stanislaw Sas.")] == ["zas"]


def test_native_names_are_checked_in_front_matter():
    data = {"name": "X", "kind": "person", "native": {"kz": "Х"}}
    problems = check_schema(FrontMatter("x.md", data, ""), EntitySchema).problems
    assert [str(p) for p in problems] == ['x.md: native: "kz" is not a language code: use ISO 639-1 (kk for Kazakh, '
                                          'ru for Russian, be for Belarusian), or 639-3 with a script such as kk-Latn']
    ok = check_schema(FrontMatter("x.md", {**data, "native": {"kk": "Х", "ru": ["Х", "Ха"]}}, ""), EntitySchema)
    assert ok.value.native_names == [("kk", "Х"), ("ru", "Х"), ("ru", "Ха")]


def test_the_names_table_shows_each_spelling_once_with_its_systems():
    e = Entity("putin", "Vladimir Putin", "person", ("Putin",), native=(("ru", "Владимир Путин"),))
    shown = {s.text: (s.script, s.lang, s.system) for s in entity_spellings(e) if s.shown}
    assert shown["Vladimir Putin"] == ("Latin", "en", "name, BGN/PCGN, ISO 9, ICAO passport, scholarly, Czech press")
    assert shown["Putin"] == ("Latin", "", "press")
    assert shown["Владимир Путин"] == ("Cyrillic", "ru", "native")
    assert shown["Wladimir Putin"] == ("Latin", "de", "German press")


# ---------------------------------------------------------------- in a build

def test_native_names_link_in_any_briefing_and_show_on_the_entity_page(tmp_path):
    out = make_site(tmp_path, entities={
        "kassym-jomart-tokayev": entity("Kassym-Jomart Tokayev", aliases=["Tokayev"],
                                        native={"kk": "Қасым-Жомарт Тоқаев", "ru": "Касым-Жомарт Токаев"})},
        briefings={"b": briefing("B", "Le président Tokaïev a parlé. Präsident Tokajew auch. Тоқаев сөйледі.")},
        BRIEFING_LINK="all")
    links = [a.get_text() for a in page(out, "briefings/b").select(".article-body a.entity")]
    assert links == ["Tokaïev", "Tokajew", "Тоқаев"]
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in page(out, "entities/kassym-jomart-tokayev").select("table.names tbody tr")]
    assert ["Qasym-Jomart Toqaev", "Latin", "Kazakh", "Kazakh Latin (2021)"] in rows
    assert ["Tokayev", "Latin", "—", "press"] in rows


def test_a_cyrillic_sentence_gets_a_transliterated_anchor():
    assert sentence_id("Протесты начались в первые дни января.", set()) == "s-protesty-nachalis-v-pervye-dni"


def test_the_russian_translation_links_its_entities_and_both_ways(demo_site):
    ru = soup(demo_site / "briefings" / "kazakhstan-criminal-cases" / "ru" / "index.html")
    en = soup(demo_site / "briefings" / "kazakhstan-criminal-cases" / "index.html")
    assert ru.html["lang"] == "ru" and en.html["lang"] == "en"
    linked = {a.get_text(): a["href"].split("/")[-2] for a in ru.select(".article-body a.entity")}
    assert linked["Касым-Жомартом Токаевым"] == "kassym-jomart-tokayev"
    assert linked["Ерлан Тургумбаев"] == "yerlan-turgumbayev"
    assert {linked["России"], linked["Белоруссии"], linked["Киргизии"]} == {"russia", "belarus", "kyrgyzstan"}
    assert ru.find("link", hreflang="en")["href"].endswith("/briefings/kazakhstan-criminal-cases/index.html")
    assert en.find("link", hreflang="ru")["href"].endswith("/briefings/kazakhstan-criminal-cases/ru/index.html")
    assert ru.select_one("p.translations a")["hreflang"] == "en"
    assert ru.select_one("#key-figures").get_text() == "Ключевые цифры"
    # "пяти государств" states the figure 5.
    fives = [dt for dt in ru.select(".key-figures dt") if dt.get_text() == "5"]
    assert fives and fives[0].a["href"].startswith("#s-")
    assert "kazakhstan-criminal-cases/ru/" in (demo_site / "feeds" / "all-ru.atom.xml").read_text(encoding="utf-8")


# ---------------------------------------------------------------- tools

def test_briefing_names_prints_every_spelling_and_its_key(tmp_path):
    content = write_content(tmp_path / "content", entities={
        "sergei-shoigu": entity("Sergei Shoigu", aliases=["Shoigu"], native={"ru": "Сергей Шойгу"})})
    done = run_tool("briefing-names", "Шойгу", "--content", str(content), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Sergei Shoigu" in done.stdout.splitlines()[0]
    line = next(row for row in done.stdout.splitlines() if "Siergiej Szojgu" in row)
    assert "siergiei" not in line and "sergei woigu" in line and "Polish press" in line


def test_make_entity_knows_a_name_in_another_script(tmp_path):
    write_content(tmp_path / "content", entities={
        "kassym-jomart-tokayev": entity("Kassym-Jomart Tokayev", aliases=["Tokayev"])})
    with pytest.raises(ScaffoldError, match=r'"Токаев" is already Kassym-Jomart Tokayev'):
        create_entity(tmp_path / "content", "Токаев", "person")
