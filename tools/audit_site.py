"""Audit the built site as readers get it: served over HTTP under a sub-path (/repo/).

Run by tools/audit.sh (which installs the tools); prints one table of figures and exits 1
when any figure misses the bar:
  - link and anchor crawl over HTTP from the home page: 0 broken;
  - axe-core in Debian's chromium (Playwright), light and dark colour schemes: 0 violations;
  - the Nu HTML Checker (vnu.jar) on every HTML file: 0 errors;
  - Lighthouse (mobile) on the home, a briefing and an entity page: 100 in all four categories;
  - page weight of those pages (tools/page_weights.py): within the budget;
  - the search page finds an entity and its result link works under the sub-path.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup
from page_weights import PAGE_BUDGET_BYTES, key_pages, page_weight

PREFIX = "/repo/"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


# --- serving -----------------------------------------------------------------------------

class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serve `directory` at /repo/ only, as GitHub Pages serves a project site."""

    def send_head(self):
        if not self.path.startswith(PREFIX):  # outside the sub-path (e.g. /robots.txt): not ours
            self.send_error(404)
            return None
        return super().send_head()

    def translate_path(self, path):
        return super().translate_path("/" + path[len(PREFIX):])

    def log_message(self, *args):
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(SubPathHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"


# --- link and anchor crawl ---------------------------------------------------------------

def crawl(base: str) -> dict:
    """Follow every internal reference from the home page; report what does not resolve."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
    pages: dict[str, BeautifulSoup] = {}
    status: dict[str, int] = {}
    queue, seen = [base], {base}
    refs: list[tuple[str, str]] = []  # (page, absolute reference)
    external = set()
    while queue:
        url = queue.pop(0)
        try:
            with urllib.request.urlopen(url) as resp:
                status[url] = resp.status
                body = resp.read()
                ctype = resp.headers.get("Content-Type", "")
        except urllib.error.HTTPError as err:
            status[url] = err.code
            continue
        if "html" not in ctype:
            continue
        doc = BeautifulSoup(body.decode("utf-8"), "html.parser")
        pages[url] = doc
        for el in doc.find_all(["a", "link", "img", "script", "source", "iframe"]):
            ref = el.get("href") or el.get("src")
            if not ref or ref.startswith(("data:", "mailto:")):
                continue
            target = urljoin(url, ref)
            if not target.startswith(origin):
                external.add(target)
                continue
            refs.append((url, target))
            page_url = urldefrag(target)[0]
            if page_url not in seen:
                seen.add(page_url)
                queue.append(page_url)
    broken = []
    anchors = 0
    for page, target in refs:
        page_url, fragment = urldefrag(target)
        if not page_url.startswith(base):
            broken.append(f"{page} -> {target}: outside the site's sub-path")
        elif status.get(page_url) != 200:
            broken.append(f"{page} -> {target}: HTTP {status.get(page_url)}")
        elif fragment:
            anchors += 1
            doc = pages.get(page_url)
            if doc is None or not (doc.find(id=fragment) or doc.find("a", attrs={"name": fragment})):
                broken.append(f"{page} -> {target}: no element with id '{fragment}'")
    return {"pages": sorted(pages), "checked": len(refs), "anchors": anchors, "broken": broken,
            "external": sorted(external)}


# --- axe-core and the search page ---------------------------------------------------------

def run_axe(pages: list[str], axe_js: Path, search_url: str | None) -> tuple[dict, dict]:
    """axe violations per page (light and dark schemes) and a search smoke test."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415  (only make check needs a browser)

    results: dict[str, list[str]] = {}
    search: dict = {}
    source = axe_js.read_text(encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for scheme in ("light", "dark"):
            # bypass_csp: axe is injected as an inline script, which a strict CSP would block.
            context = browser.new_context(color_scheme=scheme, bypass_csp=True, viewport={"width": 390, "height": 800})
            page = context.new_page()
            for url in pages:
                page.goto(url, wait_until="load")
                if url == search_url:
                    page.wait_for_selector(".pagefind-ui__search-input", timeout=15000)
                page.add_script_tag(content=source)
                found = page.evaluate("axe.run(document).then(r => r.violations.map(v => v.id + ' (' + v.nodes.length + ' elements): ' + v.help))")
                results.setdefault(url, []).extend(f"[{scheme}] {v}" for v in found)
            context.close()
        if search_url:
            search = search_smoke_test(browser, search_url)
        browser.close()
    return results, search


def search_smoke_test(browser, search_url: str) -> dict:
    """Type an entity's name into the search box; the results must link to its page, which must load."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(search_url)
    page.fill(".pagefind-ui__search-input", "Turgumbayev")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    links = page.eval_on_selector_all(".pagefind-ui__result-link", "els => els.map(e => e.href)")
    entity_links = [u for u in links if "/entities/" in u]
    loaded = False
    if entity_links:
        response = page.goto(entity_links[0])
        loaded = bool(response and response.ok)
    context.close()
    return {"results": links, "entity_result": entity_links[:1], "entity_page_loads": loaded}


# --- Nu HTML Checker ----------------------------------------------------------------------

def run_vnu(output: Path, vnu_jar: Path) -> dict[str, list[str]]:
    files = sorted(str(f) for f in output.rglob("*.html") if "pagefind" not in f.parts)
    proc = subprocess.run(["java", "-jar", str(vnu_jar), "--format", "json", *files],
                          capture_output=True, text=True)
    messages = json.loads(proc.stderr or '{"messages": []}')["messages"]
    errors: dict[str, list[str]] = {f: [] for f in files}
    for m in messages:
        if m.get("type") == "error" or m.get("subType") == "fatal":
            name = m.get("url", "").removeprefix("file:")
            errors.setdefault(name, []).append(f"line {m.get('lastLine', '?')}: {m.get('message')}")
    return errors


# --- Lighthouse ---------------------------------------------------------------------------

def lighthouse_median(url: str, lighthouse_cli: Path) -> tuple[dict[str, int], int]:
    """Scores of one run; when a score is short of 100, the median of three runs, as Lighthouse's
    documentation advises (timing on a busy machine varies from run to run)."""
    runs = [run_lighthouse(url, lighthouse_cli)]
    if any(s != 100 for s in runs[0].values()):
        runs += [run_lighthouse(url, lighthouse_cli) for _ in range(2)]
    return {c: sorted(r[c] for r in runs)[len(runs) // 2] for c in CATEGORIES}, len(runs)


def run_lighthouse(url: str, lighthouse_cli: Path) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
        cmd = ["node", str(lighthouse_cli), url, "--quiet", "--output=json", f"--output-path={report}",
               f"--only-categories={','.join(CATEGORIES)}", "--form-factor=mobile",
               f"--chrome-flags={flags}"]
        proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
        if proc.returncode != 0 or not report.exists():
            print(proc.stderr[-2000:], file=sys.stderr)
            return dict.fromkeys(CATEGORIES, -1)
        data = json.loads(report.read_text(encoding="utf-8"))
    scores = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
    failing = [a["id"] for cat in data["categories"].values() for ref in cat["auditRefs"]
               if ref.get("weight") for a in [data["audits"][ref["id"]]]
               if a.get("score") is not None and a["score"] < 1]
    if failing:
        print(f"Lighthouse {url}: audits below full marks: {', '.join(sorted(set(failing)))}", file=sys.stderr)
    return scores


# --- report -------------------------------------------------------------------------------

def table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
                     for r in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--node-modules", type=Path, required=True)
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse (faster)")
    args = parser.parse_args()
    output = args.output.resolve()
    modules = args.node_modules.resolve()

    server, base = serve(output)
    try:
        links = crawl(base)
        search_url = base + "search/" if (output / "search" / "index.html").is_file() else None
        extra = {search_url} if search_url else set()
        if (output / "404.html").is_file():
            extra.add(base + "404.html")  # linked from nowhere, served for every missing address
        pages = sorted(set(links["pages"]) | extra)
        axe, search = run_axe(pages, modules / "axe-core" / "axe.min.js", search_url)
        vnu = run_vnu(output, modules / "vnu-jar" / "build" / "dist" / "vnu.jar")
        lighthouse, lighthouse_runs = {}, {}
        key = key_pages(output)
        if not args.no_lighthouse:
            for path in key.values():
                url = base + path.relative_to(output).as_posix().removesuffix("index.html")
                lighthouse[path], lighthouse_runs[path] = lighthouse_median(url, modules / "lighthouse" / "cli" / "index.js")
    finally:
        server.shutdown()

    def rel_of_url(url: str) -> str:
        path = url[len(base):]
        return (path if path.endswith(".html") else path + "index.html")

    rows = [("page", "perf", "a11y", "best-pr.", "seo", "axe", "vnu", "bytes")]
    total_axe = total_vnu = 0
    failures = []
    html_files = sorted(f for f in output.rglob("*.html") if "pagefind" not in f.parts)
    by_rel = {str(f.relative_to(output)): f for f in html_files}
    axe_by_rel = {rel_of_url(u): v for u, v in axe.items()}
    for rel, f in by_rel.items():
        lh = lighthouse.get(f)
        axe_found = axe_by_rel.get(rel)
        vnu_found = vnu.get(str(f), [])
        total_axe += len(axe_found or [])
        total_vnu += len(vnu_found)
        weight = page_weight(output, f)["total"]
        rows.append((rel, *(str(lh[c]) if lh else "-" for c in CATEGORIES),
                     str(len(axe_found)) if axe_found is not None else "-", str(len(vnu_found)),
                     f"{weight:,}"))
        failures.extend(f"axe {rel}: {v}" for v in axe_found or [])
        failures.extend(f"vnu {rel}: {v}" for v in vnu_found)
        if lh and any(s != 100 for s in lh.values()):
            failures.append(f"lighthouse {rel}: {lh}")
        if f in key.values() and weight > PAGE_BUDGET_BYTES:
            failures.append(f"weight {rel}: {weight:,} bytes > {PAGE_BUDGET_BYTES:,}")
    not_crawled = [rel for rel in by_rel if rel not in axe_by_rel and rel != "404.html"]
    failures += [f"crawl: {b}" for b in links["broken"]]
    failures += [f"crawl: {rel} is linked from no page" for rel in not_crawled]
    if search_url and not (search.get("entity_result") and search.get("entity_page_loads")):
        failures.append(f"search: no working entity result for 'Turgumbayev' ({search})")

    print(f"Audit of {args.output}/ served at {base} (Lighthouse: mobile; axe: light and dark; bytes: page + CSS + images, uncompressed)")
    print(table(rows))
    key_rows = ", ".join(f"{name} {page_weight(output, p)['total']:,}" for name, p in key.items())
    runs = [f"{p.relative_to(output)} ({n} run{'s' if n > 1 else ''})" for p, n in lighthouse_runs.items()]
    print(f"Lighthouse pages: {', '.join(runs) or 'skipped'}")
    print(f"axe violations: {total_axe} on {len(axe_by_rel)} pages | vnu errors: {total_vnu} in {len(by_rel)} files"
          f" | links: {links['checked']} checked ({links['anchors']} #anchors), {len(links['broken'])} broken,"
          f" {len(links['external'])} external not fetched")
    print(f"Page weight (budget {PAGE_BUDGET_BYTES:,} bytes): {key_rows}")
    if search_url:
        print(f"Search: 'Turgumbayev' -> {len(search.get('results', []))} results; entity result "
              f"{search.get('entity_result', ['none'])[0] if search.get('entity_result') else 'none'}"
              f" {'loads' if search.get('entity_page_loads') else 'does not load'}")
    if failures:
        print(f"{len(failures)} problem(s):")
        for line in failures:
            print("  " + line)
        return 1
    print("All figures meet the bar.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
