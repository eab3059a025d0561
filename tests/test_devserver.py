"""make devserver: no save lost, errors in the terminal and the browser, recovery, live reload.

The build loop is tested with a builder the test controls (saves arriving during a build); the
whole server is tested as `briefing-devserver` in a subprocess on a tiny site, over HTTP; the
live reload in Debian's chromium (skipped without it, unless BRIEFING_REQUIRE_BROWSER=1).
"""

from __future__ import annotations

import html
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from briefing.build.incremental import BuildResult
from briefing.dev.devserver import BuildLoop, SiteState, Watched, error_page, with_reload_script
from support import CONF, ROOT, briefing, entity, make_site, write_content

ENTITIES = {"anna-berg": entity("Anna Berg"), "kazakhstan": entity("Kazakhstan", "state")}


def _briefing(word: str) -> dict:
    return briefing("Talks", f"Anna Berg spoke about {word}.", host_state="kazakhstan")


# ---------------------------------------------------------------- the build loop

class SlowBuilder:
    """Each build waits until the test lets it finish, and records what it was given."""

    def __init__(self):
        self.started = threading.Semaphore(0)
        self.release = threading.Semaphore(0)
        self.calls: list[set[str] | None] = []

    def __call__(self, changed, _restart_session, _new_process):
        self.calls.append(changed)
        self.started.release()
        assert self.release.acquire(timeout=10)
        return BuildResult(True, 0.0)


def test_a_save_during_a_build_makes_another_build_and_none_is_lost():
    builder = SlowBuilder()
    loop = BuildLoop(builder, SiteState())
    thread = threading.Thread(target=loop.run, daemon=True)
    thread.start()
    assert builder.started.acquire(timeout=10)  # the first build runs
    loop.notify({"a.md"})  # saved while it runs
    builder.release.release()
    assert builder.started.acquire(timeout=10)  # a build for a.md starts
    loop.notify({"b.md"})
    loop.notify({"c.md"})  # two saves during that build
    builder.release.release()
    assert builder.started.acquire(timeout=10)
    builder.release.release()
    deadline = time.monotonic() + 10
    while not loop.idle() and time.monotonic() < deadline:
        time.sleep(0.01)
    loop.stop()
    thread.join(5)
    assert builder.calls[1:] == [{"a.md"}, {"b.md", "c.md"}]
    assert loop.state.build == 3


def test_a_failing_builder_does_not_stop_the_loop():
    calls = []

    def build(changed, _restart_session, _new_process):
        calls.append(changed)
        if len(calls) == 2:
            raise RuntimeError("boom")
        return BuildResult(True, 0.0)

    state = SiteState()
    loop = BuildLoop(build, state)
    thread = threading.Thread(target=loop.run, daemon=True)
    thread.start()
    for name in ("a.md", "b.md"):
        loop.notify({name})
        deadline = time.monotonic() + 10
        while (len(calls) < 3 if name == "b.md" else len(calls) < 2) and time.monotonic() < deadline:
            time.sleep(0.01)
        if name == "a.md":
            time.sleep(0.05)
            assert state.ok is False and "boom" in state.problems[0]
    loop.stop()
    thread.join(5)
    assert state.ok is True and len(calls) == 3


def test_what_a_change_asks_for(tmp_path):
    watched = Watched(str(tmp_path / "content"), str(tmp_path / "theme"), str(tmp_path / "plugins"),
                      str(tmp_path / "pelican.conf.py"))
    assert watched.needs({str(tmp_path / "content" / "briefings" / "x.md")}) == "build"
    assert watched.needs({str(tmp_path / "theme" / "templates" / "base.html")}) == "session"
    assert watched.needs({str(tmp_path / "plugins" / "briefing" / "views.py")}) == "process"
    assert watched.needs({str(tmp_path / "pelican.conf.py")}) == "process"


def test_the_error_page_lists_each_problem_and_loads_the_reload_script():
    state = SiteState()
    problem = 'content/briefings/x.md: participating_states[0].state: unknown state "Narnia"'
    state.publish(BuildResult(False, 0.1, [problem], problem + "\nBuild stopped: 1 content problem (see docs/errors.md)."))
    page = error_page(state)
    assert "The site does not build: 1 problem" in page
    assert "<li><code>content/briefings/x.md: participating_states[0].state: unknown state &quot;Narnia&quot;</code></li>" in page
    assert '<script src="/__devserver/reload.js" data-build="1"></script>' in page


def test_the_reload_script_goes_before_the_end_of_the_body():
    assert with_reload_script(b"<html><body><p>x</p></body></html>", 4) == (
        b'<html><body><p>x</p><script src="/__devserver/reload.js" data-build="4"></script></body></html>')


def test_the_published_site_has_no_reload_script(tmp_path):
    output = make_site(tmp_path, ENTITIES, {"talks": _briefing("trade")})
    pages = list(output.rglob("*.html"))
    assert pages and not [p for p in pages if "__devserver" in p.read_text(encoding="utf-8")]


# ---------------------------------------------------------------- the server, end to end

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DevServer:
    """briefing-devserver on a content folder, in a subprocess."""

    def __init__(self, root: Path, content: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = root / "devserver.log"
        command = Path(sys.executable).parent / "briefing-devserver"
        assert command.exists(), "briefing-devserver is not installed: pip install -e . (make html does it)"
        self.process = subprocess.Popen(
            [str(command), "--settings", str(CONF), "--content", str(content), "--output", str(root / "output"),
             "--cache", str(root / "cache"), "--theme", str(ROOT / "theme"), "--plugins", str(ROOT / "plugins"),
             "--port", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=self.log.open("w"), env={**os.environ, "SITEURL": ""}, cwd=root)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode("utf-8")

    def wait_for(self, path: str, check, timeout: float = 60) -> tuple[int, str]:
        deadline = time.monotonic() + timeout
        last = (0, "")
        while time.monotonic() < deadline:
            try:
                last = self.get(path)
            except (urllib.error.URLError, ConnectionError):
                last = (0, "")
            if check(*last):
                return last
            time.sleep(0.05)
        pytest.fail(f"{path} never became as expected; last: {last[0]} {last[1][-600:]}\nlog:\n{self.terminal()}")

    def terminal(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def devserver(tmp_path):
    content = write_content(tmp_path / "content", ENTITIES, {"talks": _briefing("trade"), "other": _briefing("oil")})
    server = DevServer(tmp_path, content)
    server.content = content
    yield server
    server.stop()


def _write_briefing(content: Path, slug: str, spec: dict) -> None:
    write_content(content, briefings={slug: spec})


def test_devserver_serves_the_site_with_the_reload_script(devserver):
    _, page = devserver.wait_for("briefings/talks/", lambda s, _: s == 200)
    assert "spoke about trade." in page
    assert '<script src="/__devserver/reload.js" data-build="' in page
    # The page's own policy allows the script and its event stream: both are the site's origin.
    assert "script-src 'self'" in html.unescape(page) and "connect-src 'self'" in html.unescape(page)
    assert devserver.get("__devserver/reload.js")[1].count("EventSource") == 1
    on_disk = (devserver.content.parent / "output" / "briefings" / "talks" / "index.html").read_text(encoding="utf-8")
    assert "__devserver" not in on_disk


def test_devserver_shows_errors_in_the_terminal_and_the_browser_and_recovers(devserver):
    devserver.wait_for("briefings/talks/", lambda s, _: s == 200)
    _write_briefing(devserver.content, "talks", {**_briefing("trade"), "host_state": "kazakstan"})
    problem = 'content/briefings/talks.md: host_state: unknown state "kazakstan" — did you mean "kazakhstan"?'
    for path in ("briefings/talks/", "entities/anna-berg/", ""):
        _, page = devserver.wait_for(path, lambda s, _: s == 500)
        assert "The site does not build: 1 problem" in page and "host_state: unknown state &quot;kazakstan&quot;" in page
    terminal = devserver.terminal()
    assert problem in terminal
    assert "Build stopped: 1 content problem (see docs/errors.md)." in terminal
    assert "Traceback" not in terminal
    _write_briefing(devserver.content, "talks", _briefing("grain"))
    devserver.wait_for("briefings/talks/", lambda s, p: s == 200 and "about grain" in p)
    assert devserver.get("entities/anna-berg/")[0] == 200
    assert "The site builds again." in devserver.terminal()


def test_devserver_loses_no_save(devserver):
    devserver.wait_for("briefings/talks/", lambda s, _: s == 200)
    # Saves faster than builds, to two files: each file's last save must be what is served.
    for n in range(1, 16):
        slug = "talks" if n % 2 else "other"
        _write_briefing(devserver.content, slug, _briefing(f"draft-{n}"))
        time.sleep(0.02 * (n % 4))
    devserver.wait_for("briefings/talks/", lambda s, p: s == 200 and "about draft-15." in p)
    devserver.wait_for("briefings/other/", lambda s, p: s == 200 and "about draft-14." in p)


def test_devserver_sends_a_reload_event_after_a_build(devserver):
    devserver.wait_for("briefings/talks/", lambda s, _: s == 200)
    lines: list[str] = []

    def listen():
        with urllib.request.urlopen(devserver.url + "__devserver/events", timeout=30) as stream:
            for raw in stream:
                lines.append(raw.decode().strip())
                if sum(line.startswith("data:") for line in lines) >= 2:
                    return

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not lines and time.monotonic() < deadline:
        time.sleep(0.02)
    _write_briefing(devserver.content, "talks", _briefing("timber"))
    thread.join(30)
    builds = [int(line[5:]) for line in lines if line.startswith("data:")]
    assert len(builds) == 2 and builds[1] > builds[0]


def shows(page, text: str, timeout: float = 30) -> None:
    """Wait until the page shows text (polled from here: the page's policy forbids evaluating strings)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if text in page.inner_text("body"):
                return
        except Exception:  # noqa: BLE001 - the page is being loaded again
            pass
        time.sleep(0.05)
    pytest.fail(f"the page never showed {text!r}: {page.inner_text('body')[:500]}")


def test_devserver_reloads_the_browser_after_a_save(devserver):
    chromium = "/usr/bin/chromium"
    if not os.path.exists(chromium):
        if os.environ.get("BRIEFING_REQUIRE_BROWSER") == "1":
            pytest.fail("chromium is missing and BRIEFING_REQUIRE_BROWSER=1")
        pytest.skip("chromium is not installed")
    devserver.wait_for("briefings/talks/", lambda s, _: s == 200)
    # Playwright's synchronous API runs an event loop of its own: in a thread of its own, so the
    # browser tests' session (tests/test_browser.py) may be running in this one.
    failures: list[BaseException] = []
    thread = threading.Thread(target=_reload_journey, args=(devserver, chromium, failures))
    thread.start()
    thread.join(180)
    if failures:
        raise failures[0]
    assert not thread.is_alive(), "the browser journey did not end"


def _reload_journey(devserver, chromium: str, failures: list) -> None:
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            try:
                page = browser.new_page()
                errors = []
                page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
                page.goto(devserver.url + "briefings/talks/")
                shows(page, "about trade")
                page.evaluate("window.notReloaded = true")  # gone once the page is loaded again
                _write_briefing(devserver.content, "talks", _briefing("copper"))
                shows(page, "about copper")
                assert page.evaluate("window.notReloaded === undefined"), "the browser did not load the page again"
                _write_briefing(devserver.content, "talks", {**_briefing("copper"), "date": "2022-13-01"})
                shows(page, "The site does not build")
                _write_briefing(devserver.content, "talks", _briefing("zinc"))
                shows(page, "about zinc")
                assert not [e for e in errors if "Content Security Policy" in e], errors
            finally:
                browser.close()
    except BaseException as err:  # noqa: BLE001 - handed to the test's thread
        failures.append(err)
