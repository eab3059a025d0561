"""Every BRIEFING_* setting, declared once with its default and its check.

Pelican's settings are a plain dict; the plugin reads its own through
BriefingSettings.from_pelican, which fills in the defaults and reports a wrong
value or an unknown name as a problem naming the setting.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from .problems import Checked, Problem, did_you_mean

PREFIX = "BRIEFING_"
SETTINGS_FILE = "pelican.conf.py"

DEFAULT_CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; "
               "script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; "
               "base-uri 'none'; form-action 'self'")


def _containing(placeholder: str, what: str):
    """A check that a URL pattern contains its placeholder ("" turns the output off)."""
    def check(value: str) -> str:
        if value and placeholder not in value:
            raise ValueError(f'"{value}" must contain {placeholder}, where {what} goes')
        return value
    return check


_with_slug = _containing("{slug}", "each entity's slug")
_with_id = _containing("{id}", "each series' id")


def _relative(value: str) -> str:
    if value.startswith("/") or "://" in value:
        raise ValueError(f'"{value}" must be a path inside the site, without a leading "/"')
    return value


def _abbreviation(value: str) -> str:
    if not value.endswith(".") or " " in value.strip():
        raise ValueError(f'"{value}" is not an abbreviation: write it as it appears, ending with a full stop, e.g. "Amb."')
    return value.strip()


SitePath = Annotated[str, AfterValidator(_relative)]
IdPattern = Annotated[str, AfterValidator(_relative), AfterValidator(_with_id)]
SlugPattern = Annotated[str, AfterValidator(_relative), AfterValidator(_with_slug)]


class BriefingSettings(BaseModel):
    """The plugin's settings; in pelican.conf.py each is BRIEFING_ and its name in capitals."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    entity_path: SitePath = "entities"  # the content folder of entity files
    entity_url: SlugPattern = "entities/{slug}/"
    entity_save_as: SlugPattern = "entities/{slug}/index.html"
    entity_index_url: SitePath = "entities/"
    entity_index_save_as: SitePath = "entities/index.html"
    home_url: SitePath = ""
    timeline_url: SitePath = "timeline/"
    timeline_save_as: SitePath = "timeline/index.html"
    # "first": link the first mention of each entity in a text; "all": every mention.
    link: Literal["first", "all"] = "first"
    # Problems that can still build (an unbacked figure) stop the build.
    strict: bool = False
    csp: str = DEFAULT_CSP
    # One Atom feed per entity; "" turns them off.
    entity_feed_atom: Annotated[str, AfterValidator(_with_slug)] = "feeds/entities/{slug}.atom.xml"
    # Figure series: content files, one page each, a CSV each, and an index.
    figure_path: SitePath = "figures"
    figure_url: IdPattern = "figures/{id}/"
    figure_save_as: IdPattern = "figures/{id}/index.html"
    figure_csv: IdPattern = "figures/{id}.csv"
    figure_index_url: SitePath = "figures/"
    figure_index_save_as: SitePath = "figures/index.html"
    # Every correction of every briefing, newest first.
    corrections_url: SitePath = "corrections/"
    corrections_save_as: SitePath = "corrections/index.html"
    # The folder of /data/*.json; "" turns them off.
    data_path: SitePath = "data"
    # The absolute base of feeds and data (local builds: make serve's address).
    absolute_url: str = ""
    # The published address: pages name it as their canonical home (canonical link, og:url,
    # JSON-LD), and sitemap.xml and robots.txt are written. "" in local builds: no page then
    # claims an address.
    canonical_url: str = ""
    # Write drafts to drafts/<slug>/, marked as drafts, for a local preview (never with canonical_url).
    drafts: bool = False
    # A custom domain, written to output/CNAME.
    cname: str = ""
    # The folder where stage results are kept between builds (stagecache.py); "" keeps none.
    cache_path: str = ""
    # Abbreviations after which a full stop does not end a sentence, on top of the built-in ones.
    abbreviations: tuple[Annotated[str, AfterValidator(_abbreviation)], ...] = Field(default=())
    # Processes a build shares its heaviest work between (parallel.py); 0: one per CPU, at most 4.
    processes: int = Field(default=0, ge=0)

    @classmethod
    def setting_names(cls) -> list[str]:
        return [PREFIX + name.upper() for name in cls.model_fields]

    @classmethod
    def from_pelican(cls, settings: dict) -> Checked[BriefingSettings]:
        """The plugin's settings from Pelican's, or the problems that stop the build."""
        given = {key[len(PREFIX):].lower(): value for key, value in settings.items() if key.startswith(PREFIX)}
        if isinstance(given.get("abbreviations"), list):
            given["abbreviations"] = tuple(given["abbreviations"])
        try:
            return Checked(cls.model_validate(given))
        except ValidationError as err:
            return Checked(None, tuple(_problem(error) for error in err.errors()))

    def pelican_defaults(self) -> dict:
        """Every setting as Pelican sees it (templates read them from the context)."""
        return {PREFIX + name.upper(): getattr(self, name) for name in type(self).model_fields}


def _problem(error: dict) -> Problem:
    name = PREFIX + str(error["loc"][0]).upper() if error["loc"] else PREFIX
    if error["type"] == "extra_forbidden":
        hint = did_you_mean(name, BriefingSettings.setting_names())
        return Problem(SETTINGS_FILE, name, f"unknown setting{hint or ': remove it, or see docs/settings.md'}")
    if error["type"] == "value_error":
        return Problem(SETTINGS_FILE, name, str(error["ctx"]["error"]))
    if error["type"] == "literal_error":
        return Problem(SETTINGS_FILE, name, f'{error["input"]!r} is not allowed: use one of {error["ctx"]["expected"]}')
    if error["type"] == "greater_than_equal":
        return Problem(SETTINGS_FILE, name, f"{error['input']!r} is below {error['ctx']['ge']}: see docs/settings.md")
    expected = {"bool_type": "True or False", "int_type": "a whole number", "string_type": "a string in quotes", "tuple_type": "a list of strings"}
    return Problem(SETTINGS_FILE, name, f"{error['input']!r} is not {expected.get(error['type'], 'valid')}: see docs/settings.md")
