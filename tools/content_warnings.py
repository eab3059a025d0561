"""Print the content warnings of a site: figures nothing backs, entities no briefing mentions.

    python tools/content_warnings.py [content]

Builds the site into a temporary folder (output/ is not touched), then lists one
warning per line, `file: field: what to do`. Exits 0 with warnings, 1 when the
content has errors (listed as `make html` lists them).
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from pelican import Pelican, signals  # noqa: E402
from pelican.settings import read_settings  # noqa: E402

from briefing.warnings import content_warnings  # noqa: E402

_seen: list = []


def _keep_generator(generators):
    _seen.extend(g for g in generators if hasattr(g, "entity_views"))


def collect(content: Path) -> list:
    """The warnings of a build of `content` with the project's settings."""
    os.environ["SITEURL"] = ""
    with tempfile.TemporaryDirectory() as output:
        settings = read_settings(str(ROOT / "pelican.conf.py"), override={"PATH": str(content.resolve()), "OUTPUT_PATH": output})
        signals.all_generators_finalized.connect(_keep_generator)
        _seen.clear()
        Pelican(settings).run()
    generator = _seen[-1]
    return content_warnings(generator.briefings, generator.entity_views)


def main(argv: list[str]) -> int:
    content = Path(argv[0] if argv else "content")
    logging.disable(logging.WARNING)  # the build's own warnings are listed below, once
    try:
        found = collect(content)
    finally:
        logging.disable(logging.NOTSET)
    for warning in found:
        print(warning)
    print(f"{len(found)} content warning{'s' if len(found) != 1 else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
