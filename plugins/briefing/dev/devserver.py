"""`make devserver`: rebuild on every save, serve the site, reload the browser, show errors in it.

Three parts, in one process and a child:

- the watcher (watchfiles) notes every change under content/, theme/, plugins/ and the settings
  file into a set of pending changes (`BuildLoop.notify`); it never stops while a build runs;
- the build loop takes everything pending, builds, and starts again at once if anything was
  saved meanwhile: no save is lost. Builds run in a child process that keeps the stage cache
  and the last build's state in memory (incremental.BuildSession); a change to the plugin's code
  or the settings file starts a new child (fresh imports), a change to the theme starts a new
  session. A build that fails (content problems, a broken template or plugin) leaves the last
  good site on disk; the child, the loop and the server go on;
- the HTTP server (127.0.0.1 only) serves output/. Into each HTML page it serves, and only there,
  it adds `<script src="/__devserver/reload.js">`: the script listens to /__devserver/events
  (Server-Sent Events) and reloads the page after each build. Both are the site's own origin, so
  the pages' Content-Security-Policy (script-src 'self', connect-src 'self') allows them; the
  files on disk are never changed. While the content is broken, every page is an error page
  listing the problems, as `make html` prints them.
"""

from __future__ import annotations

import argparse
import html
import http.server
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import watchfiles

from ..build.incremental import BuildResult, BuildSession, collect_garbage

RELOAD_SCRIPT_PATH = "/__devserver/reload.js"
EVENTS_PATH = "/__devserver/events"
# Seconds between keep-alive comments on an idle event stream (and checks for a stopped server).
HEARTBEAT = 10.0

RELOAD_JS = """\
// Served by the dev server only: reloads the page when a build has finished.
(function () {
  var script = document.currentScript;
  var built = script ? script.getAttribute("data-build") : null;
  var events = new EventSource("/__devserver/events");
  events.onmessage = function (event) {
    if (event.data !== built) {
      location.reload();
    }
  };
})();
"""

_ERROR_STYLE = ("body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1b1b}"
                "h1{color:#a4000f;font-size:1.5rem}ol{padding-left:1.5rem}li{margin:.4rem 0}"
                "code{font:14px/1.4 ui-monospace,monospace;white-space:pre-wrap;word-break:break-word}"
                "pre{font:13px/1.4 ui-monospace,monospace;background:#f4f4f4;padding:1rem;overflow:auto}"
                "@media (prefers-color-scheme:dark){body{background:#111;color:#eee}h1{color:#ff8a8a}"
                "pre{background:#222}}")


# ---------------------------------------------------------------- what the server shows

@dataclass
class SiteState:
    """The last build's outcome, shared by the build loop and the server's threads."""

    build: int = 0  # counts finished builds, good or bad
    ok: bool | None = None  # None until the first build has finished
    problems: list[str] = field(default_factory=list)
    message: str = ""
    changed: threading.Condition = field(default_factory=threading.Condition)
    stopping: bool = False

    def publish(self, result: BuildResult) -> None:
        with self.changed:
            self.build += 1
            self.ok = result.ok
            self.problems = list(result.problems)
            self.message = result.message
            self.changed.notify_all()

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()

    def wait_for_build_after(self, build: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.build != build or self.stopping, timeout)
            return self.build


def error_page(state: SiteState) -> str:
    """The page served for every HTML address while the content is broken (or still building)."""
    if state.ok is None:
        title, body = "Building the site…", "<p>The first build is running; this page reloads when it is done.</p>"
    elif state.problems and "Traceback" not in state.message:
        items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in state.problems)
        count = len(state.problems)
        title = f"The site does not build: {count} problem{'s' if count != 1 else ''}"
        body = (f"<p>Fix {'them' if count != 1 else 'it'} and save: this page reloads by itself. "
                "Each line names the file, the field and the fix (see docs/errors.md).</p>"
                f"<ol>{items}</ol>")
    else:
        title = "The build failed"
        body = ("<p>The plugin or a template raised an error; the last good site is kept on disk. "
                "Fix it and save: this page reloads by itself.</p>"
                f"<pre>{html.escape(state.message)}</pre>")
    return ('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n<style>{_ERROR_STYLE}</style>\n</head>\n<body>\n"
            f"<main>\n<h1>{html.escape(title)}</h1>\n{body}\n</main>\n{reload_tag(state.build)}\n</body>\n</html>\n")


def reload_tag(build: int) -> str:
    return f'<script src="{RELOAD_SCRIPT_PATH}" data-build="{build}"></script>'


def with_reload_script(page: bytes, build: int) -> bytes:
    """The page with the live-reload script before </body> (at the end when it has none)."""
    tag = reload_tag(build).encode()
    at = page.rfind(b"</body>")
    return page + tag if at < 0 else page[:at] + tag + page[at:]


class DevRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Serves output/, with the reload script in every HTML page, the event stream, and the error page."""

    state: SiteState  # set on the subclass made by make_handler

    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        pass  # one line per request would drown the build messages

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        path = urlsplit(self.path).path
        if path == RELOAD_SCRIPT_PATH:
            return self._send(200, "text/javascript; charset=utf-8", RELOAD_JS.encode())
        if path == EVENTS_PATH:
            return self._events()
        target = self._html_target(path)
        if target is not None and self.state.ok is not True:
            return self._send(500 if self.state.ok is False else 503, "text/html; charset=utf-8",
                              error_page(self.state).encode())
        if target is not None:
            try:
                page = Path(target).read_bytes()
            except OSError:
                return super().do_GET()
            return self._send(200, "text/html; charset=utf-8", with_reload_script(page, self.state.build))
        return super().do_GET()

    def _html_target(self, path: str) -> str | None:
        """The HTML file a request leads to, or None for anything else."""
        local = self.translate_path(path)
        if path.endswith("/"):
            local = os.path.join(local, "index.html")
        elif os.path.isdir(local):
            return None  # the standard handler redirects to the folder's address
        if local.endswith((".html", ".htm")) and (os.path.isfile(local) or self.state.ok is not True):
            return local
        return None

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        build = self.state.build
        try:
            self.wfile.write(f"retry: 500\ndata: {build}\n\n".encode())
            self.wfile.flush()
            while not self.state.stopping:
                now = self.state.wait_for_build_after(build, HEARTBEAT)
                if now != build:
                    build = now
                    self.wfile.write(f"data: {build}\n\n".encode())
                else:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except OSError:
            pass  # the page was closed or reloaded


def make_handler(state: SiteState, output: str):
    class Handler(DevRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=output, **kwargs)

    Handler.state = state
    return Handler


# ---------------------------------------------------------------- builds in a child process

def builder_process(connection, settings_file: str, content: str, output: str, cache: str) -> None:
    """The child: one build session, a build for each request, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the server, which stops the child
    session = BuildSession(settings_file, content, output, cache)
    while True:
        request = connection.recv()
        if request is None:
            return
        changed, restart = request
        if restart:
            session.restart()
        connection.send(session.build(changed))
        collect_garbage()


class Builder:
    """The child process that builds, started again when the plugin's code or the settings change."""

    def __init__(self, settings_file: str, content: str, output: str, cache: str):
        self.args = (settings_file, content, output, cache)
        self._process = None
        self._connection = None

    def build(self, changed: set[str] | None, restart_session: bool = False, new_process: bool = False) -> BuildResult:
        if new_process:
            self.stop()
        if self._process is None:
            context = multiprocessing.get_context("spawn")
            self._connection, child = context.Pipe()
            self._process = context.Process(target=builder_process, args=(child, *self.args), daemon=True)
            self._process.start()
            child.close()
            changed = None
        start = time.perf_counter()
        try:
            self._connection.send((changed, restart_session))
            return self._connection.recv()
        except (EOFError, OSError) as err:
            self.stop()
            return BuildResult(False, time.perf_counter() - start, [f"the build process stopped ({err or 'it exited'})"],
                               "The build process stopped: the plugin may not load. Its error is in the terminal "
                               "above. Fix it and save: the dev server starts a new one.")

    def stop(self) -> None:
        if self._process is None:
            return
        try:
            self._connection.send(None)
        except OSError:
            pass
        self._process.join(5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._connection.close()
        self._process = self._connection = None


# ---------------------------------------------------------------- the build loop

@dataclass(frozen=True)
class Watched:
    """What the dev server watches, and what a change to each part asks for."""

    content: str
    theme: str
    plugins: str
    settings_file: str

    def roots(self) -> list[str]:
        return [p for p in (self.content, self.theme, self.plugins, self.settings_file) if os.path.exists(p)]

    def needs(self, paths: set[str]) -> str:
        """"process" (plugin code or settings changed), "session" (theme changed) or "build"."""
        if any(_inside(p, self.plugins) or os.path.abspath(p) == os.path.abspath(self.settings_file) for p in paths):
            return "process"
        if any(_inside(p, self.theme) for p in paths):
            return "session"
        return "build"


def _inside(path: str, folder: str) -> bool:
    return os.path.abspath(path).startswith(os.path.abspath(folder) + os.sep)


class BuildLoop:
    """Builds after every change; changes that arrive during a build make another build."""

    def __init__(self, build, state: SiteState, watched: Watched | None = None, report=None):
        self._build = build  # build(changed, restart_session, new_process) -> BuildResult
        self._report = report or (lambda _result: None)  # report(result) after each build
        self.state = state
        self.watched = watched
        self._pending: set[str] = set()
        self._cond = threading.Condition()
        self._stopped = False
        self._building = False
        self.builds: list[set[str]] = []  # what each build was given (tests read it)

    def notify(self, paths) -> None:
        """The watcher saw these files change."""
        with self._cond:
            self._pending.update(paths)
            self._cond.notify_all()

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def idle(self) -> bool:
        with self._cond:
            return not self._pending and not self._building

    def run(self, first: bool = True) -> None:
        """Build now (when first), then after every change, until stopped."""
        if first:
            self._run_build(set(), "process")
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending or self._stopped)
                if self._stopped:
                    return
                paths, self._pending = self._pending, set()
                self._building = True
            need = self.watched.needs(paths) if self.watched else "build"
            self._run_build(paths, need)

    def _run_build(self, paths: set[str], need: str) -> None:
        self.builds.append(set(paths))
        try:
            result = self._build(paths if need == "build" else None, need == "session", need == "process")
        except Exception as err:  # noqa: BLE001 - the loop outlives any failure
            result = BuildResult(False, 0.0, [f"{type(err).__name__}: {err}"], "".join(traceback.format_exception(err)))
        self.state.publish(result)
        with self._cond:
            self._building = False
        self._report(result)


def watch(watched: Watched, loop: BuildLoop, stop: threading.Event) -> None:
    """Feed every change under the watched paths to the loop (editors' scratch files aside)."""
    ignore = watchfiles.DefaultFilter(ignore_entity_patterns=(*watchfiles.DefaultFilter.ignore_entity_patterns,
                                                               r"\.tmp$", r"^#.*#$", r"^\.#"))
    for changes in watchfiles.watch(*watched.roots(), watch_filter=ignore, debounce=1000, step=20,
                                    stop_event=stop, yield_on_timeout=False, raise_interrupt=False):
        loop.notify({path for _, path in changes})


# ---------------------------------------------------------------- the command

def report_build(result: BuildResult, out=sys.stderr, previous: list | None = None) -> None:
    """One line per good build; the whole problem list, as `make html` prints it, for a bad one."""
    if result.ok:
        fixed = " The site builds again." if previous and previous[-1] is False else ""
        print(f"Built in {result.seconds:.2f} s: {len(result.written)} file{'s' if len(result.written) != 1 else ''}"
              f" written, {len(result.removed)} removed, {result.skipped} unchanged.{fixed}", file=out, flush=True)
    else:
        print(result.message, file=out, flush=True)
        print("The server goes on: the browser shows these problems until they are fixed.", file=out, flush=True)
    if previous is not None:
        previous.append(result.ok)


def _interrupt(_signum, _frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="briefing-devserver", description="Rebuild on every save and serve the site.")
    parser.add_argument("--settings", default="pelican.conf.py")
    parser.add_argument("--content", default="content")
    parser.add_argument("--output", default="output")
    parser.add_argument("--theme", default="theme")
    parser.add_argument("--plugins", default="plugins")
    parser.add_argument("--cache", default="cache", help="the stage cache's folder (read at start, kept in memory)")
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    for name in ("settings", "content"):
        if not os.path.exists(getattr(args, name)):
            print(f"briefing-devserver: {getattr(args, name)} does not exist (--{name})", file=sys.stderr)
            return 2
    # Ctrl+C and a polite kill both stop the server, its watcher and the build process.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    watched = Watched(args.content, args.theme, args.plugins, args.settings)
    state = SiteState()
    builder = Builder(os.path.abspath(args.settings), args.content, args.output, args.cache)
    history: list = []
    loop = BuildLoop(builder.build, state, watched, lambda result: report_build(result, previous=history))
    try:
        server = http.server.ThreadingHTTPServer((args.bind, args.port), make_handler(state, os.path.abspath(args.output)))
    except OSError as err:
        print(f"briefing-devserver: cannot listen on {args.bind}:{args.port} ({err.strerror}): "
              "stop what uses it, or choose another port (make devserver PORT=8080)", file=sys.stderr)
        return 2
    server.daemon_threads = True
    stop = threading.Event()
    threads = [threading.Thread(target=server.serve_forever, daemon=True),
               threading.Thread(target=watch, args=(watched, loop, stop), daemon=True)]
    for thread in threads:
        thread.start()
    print(f"Serving http://{args.bind}:{args.port}/ and rebuilding on every save (Ctrl+C to stop).",
          file=sys.stderr, flush=True)
    try:
        loop.run()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        loop.stop()
        state.stop()
        server.shutdown()
        builder.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
