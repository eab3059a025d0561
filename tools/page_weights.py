"""Figures for `make bench` (and `make check`): bytes a reader downloads for the key pages of the built site.

page_weight() adds up what a browser fetches to show one page: the HTML, the stylesheets
and scripts it links, the images it shows (and those the stylesheets pull in with url()).
Sizes are uncompressed file sizes, the worst case for a server without gzip.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

from bs4 import BeautifulSoup

# The reader-experience budget: every key page, everything included, at most 50 KB.
PAGE_BUDGET_BYTES = 50_000

_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def _local_file(root: Path, base: Path, ref: str) -> Path | None:
    """The file in the built site that `ref` (relative to file `base`) names, if any."""
    ref = urldefrag(ref.strip())[0]
    parts = urlsplit(ref)
    if not ref or parts.scheme or parts.netloc:
        return None  # data: URIs are counted inside their page; other hosts are never linked
    path = unquote(parts.path)
    target = (root / path.lstrip("/")) if path.startswith("/") else (base.parent / path)
    target = target.resolve()
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def _resources(root: Path, page: Path) -> set[Path]:
    doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    refs = []
    for link in doc.find_all("link", href=True):
        rels = {r.lower() for r in link.get("rel", [])}
        if rels & {"stylesheet", "icon", "preload"}:
            refs.append(link["href"])
    refs += [el["src"] for el in doc.find_all(["img", "script", "source", "iframe"], src=True)]
    refs += [el["data"] for el in doc.find_all("object", data=True)]
    for el in doc.find_all(["img", "source"], srcset=True):
        refs += [candidate.split()[0] for candidate in el["srcset"].split(",") if candidate.strip()]
    found = {f for f in (_local_file(root, page, r) for r in refs) if f}
    for css in [f for f in found if f.suffix == ".css"]:
        text = css.read_text(encoding="utf-8")
        found |= {f for f in (_local_file(root, css, r) for r in _CSS_URL.findall(text)) if f}
    return found


def page_weight(output_dir: Path, page: Path) -> dict[str, int]:
    """Bytes of one page by kind: html, css, images (everything else), total."""
    root = Path(output_dir).resolve()
    page = Path(page).resolve()
    sizes = {"html": page.stat().st_size, "css": 0, "other": 0}
    for f in _resources(root, page):
        sizes["css" if f.suffix == ".css" else "other"] += f.stat().st_size
    sizes["total"] = sizes["html"] + sizes["css"] + sizes["other"]
    return sizes


def key_pages(output_dir: Path) -> dict[str, Path]:
    """Home, the first briefing and entity page (in file-name order), the first story, figure series
    and the corrections page, where the site has them."""
    root = Path(output_dir)
    pages = {"home": root / "index.html"}
    briefings = sorted(root.glob("briefings/*/index.html"))
    entities = sorted(root.glob("entities/*/index.html"))
    stories = [p for p in entities if 'class="story-briefings"' in p.read_text(encoding="utf-8")]
    series = sorted(root.glob("figures/*/index.html"))
    for name, found in (("briefing", briefings), ("entity", entities), ("story", stories), ("figure series", series),
                        ("corrections", [p for p in [root / "corrections" / "index.html"] if p.is_file()])):
        if found:
            pages[name] = found[0]
    return pages


def page_weights(output_dir: Path) -> dict[str, dict[str, int]]:
    """page_weight() of each key page, keyed 'home', 'briefing', 'entity'."""
    return {name: page_weight(output_dir, path) for name, path in key_pages(output_dir).items()}


def weight_table(output_dir: Path) -> str:
    root = Path(output_dir)
    rows = [("page", "file", "html", "css", "images etc.", "total", f"budget {PAGE_BUDGET_BYTES:,}")]
    for name, path in key_pages(root).items():
        w = page_weight(root, path)
        verdict = "within" if w["total"] <= PAGE_BUDGET_BYTES else "OVER"
        rows.append((name, str(path.relative_to(root)), f"{w['html']:,}", f"{w['css']:,}",
                     f"{w['other']:,}", f"{w['total']:,}", verdict))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))) for r in rows]
    return "\n".join(["Page weight (bytes, uncompressed)", *lines])


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    output = Path(args[0] if args else "output")
    if not (output / "index.html").is_file():
        print(f"bench: no built site in {output}/: run make html first", file=sys.stderr)
        return 2
    print(weight_table(output))
    return 0


if __name__ == "__main__":
    sys.exit(main())
