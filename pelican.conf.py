"""Pelican settings for the briefing site.

`make html` builds for local reading (links relative, ending in index.html, so
output/ works straight from disk); `make publish SITEURL=...` builds for the
published address (folder URLs). Both read this one file: the Makefile passes
SITEURL and BRIEFING_STRICT through the environment, because Pelican's `-e`
overrides arrive after this file has run and could not reshape the URLs below.
"""

import os

SITENAME = "Briefing"
SITESUBTITLE = "Structured briefings on unfolding events"
AUTHOR = "Briefing desk"
DEFAULT_LANG = "en"
TIMEZONE = "UTC"

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
PUBLISHING = bool(SITEURL)
# Relative links work from disk, under a sub-path (/repo/) and on a custom domain alike.
RELATIVE_URLS = True
# Locally a folder link would open a directory listing, so name the file.
INDEX_FILE = "" if PUBLISHING else "index.html"

PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
THEME_STATIC_DIR = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["briefing"]

# Hidden files, editors' lock and backup files are never content (Pelican's default,
# "**/.*", matches no file directly inside a content folder).
IGNORE_FILES = [".*", "*~", "#*#"]
ARTICLE_PATHS = ["briefings"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
SLUGIFY_SOURCE = "basename"
# Front-matter strings are text, never Markdown or HTML (see plugins/briefing/reader.py).
FORMATTED_FIELDS = []

ARTICLE_URL = "briefings/{slug}/" + INDEX_FILE
ARTICLE_SAVE_AS = "briefings/{slug}/index.html"
INDEX_SAVE_AS = "index.html"
INDEX_URL = INDEX_FILE
PAGE_URL = "{slug}/" + INDEX_FILE
PAGE_SAVE_AS = "{slug}/index.html"
# search/: Pagefind's search box (the index is built after Pelican, see the Makefile).
DIRECT_TEMPLATES = ["index", "search"]
SEARCH_URL = "search/" + INDEX_FILE
SEARCH_SAVE_AS = "search/index.html"
DEFAULT_PAGINATION = False
# No category, tag, author or archive pages: entities are this site's taxonomy.
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
# A translation (same slug, another lang:) has its own page beside the original's.
ARTICLE_LANG_URL = "briefings/{slug}/{lang}/" + INDEX_FILE
ARTICLE_LANG_SAVE_AS = "briefings/{slug}/{lang}/index.html"
# `make html DRAFTS=1` previews drafts at drafts/<slug>/, marked as drafts; `make publish` never does.
BRIEFING_DRAFTS = not PUBLISHING and os.environ.get("BRIEFING_DRAFTS", "") not in ("", "0")
DRAFT_URL = "drafts/{slug}/" + INDEX_FILE
DRAFT_SAVE_AS = "drafts/{slug}/index.html" if BRIEFING_DRAFTS else ""
DRAFT_LANG_SAVE_AS = ""

# Absolute base of feeds and data: the published address, or `make serve`'s address for local
# builds (only make publish output may be deployed).
BRIEFING_ABSOLUTE_URL = SITEURL or "http://127.0.0.1:8000"
# What pages claim as their canonical home (canonical link, og:url, JSON-LD), and the base of
# sitemap.xml and robots.txt: only the published address; a local build claims none.
BRIEFING_CANONICAL_URL = SITEURL
FEED_DOMAIN = BRIEFING_ABSOLUTE_URL
# Custom domain for GitHub Pages published from a branch (`make publish CNAME=news.example.org`):
# written to output/CNAME. A deployment by GitHub Actions ignores the file (set the domain in
# Settings > Pages instead); SITEURL must then be https://<that domain>.
BRIEFING_CNAME = os.environ.get("BRIEFING_CNAME", "").strip()
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
# One feed per language for the translations ({lang} is replaced).
TRANSLATION_FEED_ATOM = "feeds/all-{lang}.atom.xml"
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

# --- briefing plugin ---
BRIEFING_ENTITY_PATH = "entities"
BRIEFING_ENTITY_URL = "entities/{slug}/" + INDEX_FILE
BRIEFING_ENTITY_SAVE_AS = "entities/{slug}/index.html"
BRIEFING_ENTITY_INDEX_URL = "entities/" + INDEX_FILE
BRIEFING_ENTITY_INDEX_SAVE_AS = "entities/index.html"
BRIEFING_HOME_URL = INDEX_FILE
# Every briefing's timeline entries on one page, by date.
BRIEFING_TIMELINE_URL = "timeline/" + INDEX_FILE
BRIEFING_TIMELINE_SAVE_AS = "timeline/index.html"
BRIEFING_FIGURE_URL = "figures/{id}/" + INDEX_FILE
BRIEFING_FIGURE_INDEX_URL = "figures/" + INDEX_FILE
BRIEFING_CORRECTIONS_URL = "corrections/" + INDEX_FILE
# "first": link the first mention of each entity in a briefing; "all": every mention.
BRIEFING_LINK = "first"
# Unbacked key figures are warnings locally and errors when publishing.
BRIEFING_STRICT = os.environ.get("BRIEFING_STRICT", "") not in ("", "0")
# Content-Security-Policy of every page: the site's own files only, no inline script or style.
BRIEFING_CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; "
                "script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; "
                "base-uri 'none'; form-action 'self'")
# One Atom feed per entity ({slug} is replaced); "" turns them off.
BRIEFING_ENTITY_FEED_ATOM = "feeds/entities/{slug}.atom.xml"
# The site's data for other tools: <folder>/briefings.json, entities.json and schema/; "" turns it off.
BRIEFING_DATA_PATH = "data"
# Stage results kept between builds (the Makefile passes cache/; "" keeps none). See docs/editing.md.
BRIEFING_CACHE_PATH = os.environ.get("BRIEFING_CACHE_PATH", "")
