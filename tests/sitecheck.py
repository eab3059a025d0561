"""Crawl a built site on disk: every internal link, stylesheet and #anchor must resolve."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

from bs4 import BeautifulSoup


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
