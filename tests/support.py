"""What the tests share: building sites (the demo, or a tiny one from a few lines), reading
what was built, checking links and safety, and a copy of the project driven through make.

Test modules import from here; conftest.py only turns some of these into fixtures.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

from briefing.model.dates import PartialDate
from briefing.model.domain import Annotation, Briefing, ProcessedBriefing, TimelineEntry

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
CONF = ROOT / "pelican.conf.py"


def build(content: Path, output: Path, siteurl: str = "", **overrides) -> Path:
    """Build a site from `content` into `output` with pelican.conf.py, as `make html` does."""
    old = os.environ.get("SITEURL")
    os.environ["SITEURL"] = siteurl  # pelican.conf.py derives its URLs from it
    try:
        settings = read_settings(str(CONF), override={"PATH": str(content), "OUTPUT_PATH": str(output), **overrides})
    finally:
        if old is None:
            os.environ.pop("SITEURL", None)
        else:
            os.environ["SITEURL"] = old
    Pelican(settings).run()
    return output


def copy_content(tmp_path: Path) -> Path:
    """A private copy of the demo content, for tests that edit it."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


SEED_BRIEFING = "kazakhstan-criminal-cases.md"


def copy_seed_content(tmp_path: Path) -> Path:
    """A private copy of the demo content with only its first briefing (the seed), for tests that
    add briefings of their own and check exactly which briefings appear, in what order and with
    what dates. The seed's correction is left out: it would date the briefing by the correction."""
    target = copy_content(tmp_path)
    for path in (target / "briefings").glob("*.md"):
        if path.name != SEED_BRIEFING:
            path.unlink()
    seed = target / "briefings" / SEED_BRIEFING
    seed.write_text(re.sub(r"(?m)^corrections:\n(?:  - .*\n)+", "", seed.read_text(encoding="utf-8")), encoding="utf-8")
    assert "corrections:" not in seed.read_text(encoding="utf-8")
    return target


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def edit(content: Path, relative: str, old: str, new: str) -> None:
    """Replace the first `old` in a content file by `new` (the file must contain it)."""
    path = content / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ---------------------------------------------------------------- tiny sites

def content_file(front: dict, body: str = "") -> str:
    """A content file's text: YAML front matter, then the Markdown body."""
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{header}---\n{body}\n"


def write_content(root: Path, entities: dict | None = None, briefings: dict | None = None) -> Path:
    """A content folder: each entity and briefing by slug, as a front-matter dict (with an optional
    "body" key) or as the file's whole text."""
    for folder, files in (("entities", entities or {}), ("briefings", briefings or {})):
        (root / folder).mkdir(parents=True, exist_ok=True)
        for slug, spec in files.items():
            if isinstance(spec, dict):
                front = {k: v for k, v in spec.items() if k != "body"}
                text = content_file(front, spec.get("body", ""))
            else:
                text = spec
            (root / folder / f"{slug}.md").write_text(text, encoding="utf-8")
    return root


def make_site(tmp_path: Path, entities: dict | None = None, briefings: dict | None = None, **settings) -> Path:
    """Build a site from a few entities and briefings; returns the output folder."""
    content = write_content(tmp_path / "content", entities, briefings)
    return build(content, tmp_path / "output", **settings)


def briefing(title: str, body: str, date: str = "2022-01-10", **front) -> dict:
    """A briefing's front matter and body for make_site."""
    return {"title": title, "date": date, **front, "body": body}


def entity(name: str, kind: str = "person", **front) -> dict:
    return {"name": name, "kind": kind, **front}


def page(output: Path, relative: str) -> BeautifulSoup:
    return soup(output / relative / "index.html")


def processed(slug: str = "b", date: str = "2022-01", timeline=(), *, path: str = "b.md", figures=(), states=(),
              host=None, source=None, summary=None, mentions=(), sentences=None, attached=()) -> ProcessedBriefing:
    """A ProcessedBriefing made of plain values, for testing what reads one."""
    entries = tuple(TimelineEntry(PartialDate.parse(d), t, f"timeline-{n}") for n, (d, t) in enumerate(timeline, 1))
    briefing = Briefing(slug, "Title", PartialDate.parse(date), None, summary, tuple(figures), tuple(states), entries,
                        source, host, host.iso if host else None, tuple(attached))
    annotation = Annotation("", tuple(mentions), sentences or {})
    return ProcessedBriefing(f"briefings/{slug}.md", path, f"briefings/{slug}/", "en", "published", True, briefing,
                             annotation, tuple(figures), (), None)


# ---------------------------------------------------------------- links

def _target_file(root: Path, page: Path, href: str) -> Path | None:
    url, _ = urldefrag(href)
    if not url:
        return page
    path = unquote(urlsplit(url).path)
    target = (page.parent / path).resolve() if not path.startswith("/") else (root / path.lstrip("/")).resolve()
    if target.is_dir() or url.endswith("/"):
        target = target / "index.html"
    return target


def broken_links(root: Path) -> list[str]:
    """'page -> href: why' for each internal reference that does not resolve."""
    root = root.resolve()
    ids: dict[Path, set[str]] = {}
    problems = []
    pages = sorted(root.rglob("*.html"))
    parsed = {p: BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser") for p in pages}
    for page, doc in parsed.items():
        ids[page] = {el["id"] for el in doc.find_all(id=True)}
    for page, doc in parsed.items():
        if page.name == "404.html":
            continue  # its links are absolute to SITEURL by design; tested on its own
        for el in doc.find_all(["a", "link", "img", "script"]):
            href = el.get("href") or el.get("src")
            if not href or urlsplit(href).scheme in ("http", "https", "mailto", "data"):
                continue
            target = _target_file(root, page, href)
            rel = page.relative_to(root)
            if target is None or not target.is_file() or root not in target.parents:
                problems.append(f"{rel} -> {href}: no such file")
                continue
            fragment = urldefrag(href)[1]
            if fragment and fragment not in ids.get(target, set()):
                problems.append(f"{rel} -> {href}: no element with id '{fragment}'")
    return problems


# ---------------------------------------------------------------- Atom (RFC 4287)

ATOM_NS = "{http://www.w3.org/2005/Atom}"
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")


def atom_problems(text: str) -> list[str]:
    """What an Atom document does against the MUST rules of RFC 4287 (sections 3 and 4)."""
    root = ET.fromstring(text)
    if root.tag != f"{ATOM_NS}feed":
        return [f"the root element is {root.tag}, not atom:feed"]
    found = _atom_container(root, "feed")
    entries = root.findall(f"{ATOM_NS}entry")
    if not root.findall(f"{ATOM_NS}author"):
        found += [f"entry {i}: no atom:author, and the feed has none (4.1.1)" for i, e in enumerate(entries)
                  if not e.findall(f"{ATOM_NS}author")]
    for i, entry in enumerate(entries):
        found += [f"entry {i}: {p}" for p in _atom_container(entry, "entry")]
        if entry.find(f"{ATOM_NS}content") is None and not any(
                link.get("rel", "alternate") == "alternate" for link in entry.findall(f"{ATOM_NS}link")):
            found.append(f"entry {i}: no atom:content and no alternate link (4.1.2)")
        if len(entry.findall(f"{ATOM_NS}summary")) > 1 or len(entry.findall(f"{ATOM_NS}content")) > 1:
            found.append(f"entry {i}: more than one summary or content (4.1.2)")
    ids = [e.findtext(f"{ATOM_NS}id") for e in entries]
    found += [f"the entry id {i} is used twice" for i in set(ids) if ids.count(i) > 1]
    return found


def _atom_container(element, what: str) -> list[str]:
    found = []
    for name in ("id", "title", "updated"):
        count = len(element.findall(f"{ATOM_NS}{name}"))
        if count != 1:
            found.append(f"{what} has {count} atom:{name}, must have exactly one (4.1.1, 4.1.2)")
    ident = element.findtext(f"{ATOM_NS}id") or ""
    if not _IRI.fullmatch(ident.strip()):
        found.append(f"{what} id {ident!r} is not an absolute IRI (4.2.6)")
    found += [f"{what} {name} {stamp.text!r} is not an RFC 3339 date-time (3.3)" for name in ("updated", "published")
              for stamp in element.findall(f"{ATOM_NS}{name}") if not _RFC3339.fullmatch((stamp.text or "").strip())]
    alternates = [(link.get("type"), link.get("hreflang")) for link in element.findall(f"{ATOM_NS}link")
                  if link.get("rel", "alternate") == "alternate"]
    if len(alternates) != len(set(alternates)):
        found.append(f"{what} has two alternate links of one type and language (4.1.1)")
    found += [f"{what} has a link without href (4.2.7.1)" for link in element.findall(f"{ATOM_NS}link") if not link.get("href")]
    found += [f"{what} has an author without a name (3.2.1)" for author in element.findall(f"{ATOM_NS}author")
              if not (author.findtext(f"{ATOM_NS}name") or "").strip()]
    texts = [*element.findall(f"{ATOM_NS}title"), *element.findall(f"{ATOM_NS}summary"), *element.findall(f"{ATOM_NS}subtitle")]
    found += [f"{what} text construct of type {t.get('type')!r} (3.1.1)" for t in texts if t.get("type", "text") not in ("text", "html", "xhtml")]
    return found


# ---------------------------------------------------------------- safety

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "cite", "background", "srcset"}
FORBIDDEN_ELEMENTS = {"iframe", "frame", "object", "embed", "base", "applet"}
JSON_URL_KEYS = {"url", "href", "src", "sameas", "@id", "image", "link", "logo"}
_SCHEME_RE = re.compile(r"^[\s\x00-\x20]*([a-z][a-z0-9+.\-]*)\s*:", re.I)
_BAD_SCHEMES = {"javascript", "vbscript"}


def _bad_url(value: str) -> bool:
    # Browsers ignore control characters and white space inside a scheme ("java\tscript:").
    compact = re.sub(r"[\x00-\x20]", "", value)
    match = _SCHEME_RE.match(compact)
    if not match:
        return False
    scheme = match.group(1).lower()
    return scheme in _BAD_SCHEMES or compact.lower().startswith("data:text/html")


def _allowed_script(tag) -> str | None:
    """None if the script element is allowed, else why not."""
    kind = (tag.get("type") or "").strip().lower()
    body = tag.string or "".join(tag.strings)
    if kind == "application/ld+json" and not tag.get("src"):
        try:
            json.loads(body)
        except ValueError:
            return "JSON-LD that is not valid JSON"
        if "<" in body:
            return "JSON-LD with an unescaped '<' (write \\u003c)"
        return None
    src = tag.get("src")
    if src and not body.strip():
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or src.startswith("/"):
            return f"script from another place: {src}"
        return None
    return "inline script"


def html_problems(markup: str, where: str) -> list[str]:
    doc = BeautifulSoup(markup, "html.parser")
    found = []
    for tag in doc.find_all(True):
        name = tag.name.lower().split(":")[-1]
        if name == "script":
            why = _allowed_script(tag)
            if why:
                found.append(f"{where}: <script>: {why}")
        if name in FORBIDDEN_ELEMENTS:
            found.append(f"{where}: <{name}> element")
        for attribute, value in tag.attrs.items():
            attr = attribute.lower()
            if attr.split(":")[-1].startswith("on"):
                found.append(f"{where}: <{tag.name} {attribute}=...>: event-handler attribute")
            values = value if isinstance(value, list) else [value]
            if attr in URL_ATTRIBUTES and any(_bad_url(str(v)) for v in values):
                found.append(f"{where}: <{tag.name} {attribute}={value!r}>: script URL")
        if name == "meta" and (tag.get("http-equiv") or "").lower() == "refresh":
            target = (tag.get("content") or "").split("url=", 1)[-1]
            if _bad_url(target.strip("'\" ")):
                found.append(f"{where}: <meta http-equiv=refresh> to a script URL")
    return found


def xml_problems(text: str, where: str) -> list[str]:
    try:
        root = ET.fromstring(text)
    except ET.ParseError as err:
        return [f"{where}: not well-formed XML: {err}"]
    found = []
    for el in root.iter():
        local = el.tag.rsplit("}", 1)[-1].lower()
        if local == "script":
            found.append(f"{where}: <script> element")
        for attribute, value in el.attrib.items():
            local_attr = attribute.rsplit("}", 1)[-1].lower()
            if local_attr.startswith("on"):
                found.append(f"{where}: <{local} {local_attr}>: event-handler attribute")
            if local_attr in URL_ATTRIBUTES and _bad_url(value):
                found.append(f"{where}: <{local} {local_attr}={value!r}>: script URL")
        # HTML carried inside a feed is rendered by feed readers: check it as HTML.
        if el.text and (el.attrib.get("type") in ("html", "xhtml") or local in ("description", "encoded")):
            found += html_problems(el.text, f"{where} <{local}>")
        if local in ("link", "id", "uri", "icon", "logo", "loc") and el.text and _bad_url(el.text):
            found.append(f"{where}: <{local}>{el.text}: script URL")
    return found


def json_problems(text: str, where: str) -> list[str]:
    found = []
    if re.search(r"</?script", text, re.I):
        found.append(f"{where}: '<script' in JSON text (escape '<' as \\u003c)")
    try:
        data = json.loads(text)
    except ValueError as err:
        return found + [f"{where}: not valid JSON: {err}"]

    def walk(node, key=""):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, str(k).lower())
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in JSON_URL_KEYS and _bad_url(node):
            found.append(f"{where}: {key}: {node!r}: script URL")

    walk(data)
    return found


def unsafe_output(root: Path) -> list[str]:
    """'file: what' for each script element, event handler or script URL in any output file."""
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        where = str(path.relative_to(root))
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # images, WebAssembly: not markup
        suffix = path.suffix.lower()
        if suffix in (".html", ".htm", ".xhtml"):
            found += html_problems(text, where)
        elif suffix in (".xml", ".atom", ".rss", ".svg"):
            found += xml_problems(text, where)
            if suffix == ".svg":
                found += html_problems(text, where)
        elif suffix in (".json", ".jsonld", ".webmanifest"):
            found += json_problems(text, where)
    return found


# ---------------------------------------------------------------- command-line tools

def run_tool(name: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run one of the plugin's command-line tools as installed beside this Python (pyproject.toml's scripts)."""
    command = Path(sys.executable).parent / name
    assert command.exists(), f"{name} is not installed: pip install -e . (make html does it)"
    return subprocess.run([str(command), *args], capture_output=True, text=True, cwd=cwd, env={**os.environ, "SITEURL": ""})


# ---------------------------------------------------------------- a copy of the project, driven through make

PROJECT_FILES = ["Makefile", "pelican.conf.py", "pyproject.toml", "requirements.txt", "requirements-dev.txt", "content", "plugins", "theme", "tools"]


def make_project(tmp_path):
    """A copy of the project that runs make with this interpreter's environment."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    for name in PROJECT_FILES:
        source = ROOT / name
        if not source.exists():
            continue
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, tmp_path / name)
    stamp = tmp_path / "requirements-installed"
    stamp.touch()  # the running environment already has the requirements

    def make(*args):
        return subprocess.run(["make", *args, f"VENV={sys.prefix}", f"BUILD_STAMP={stamp}"], cwd=tmp_path,
                              capture_output=True, text=True, env={**os.environ, "SITEURL": ""})
    make.root = tmp_path
    return make
