"""Scan every file of a built site for anything that could run in a reader's browser."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

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
