"""Build a content folder once, in this process, with the project's settings; print the seconds.

    python tools/build_once.py CONTENT OUTPUT            # the build
    python tools/build_once.py CONTENT OUTPUT --init     # only Pelican's start (imports, plugins)

For comparing two versions of the code where wall times are too noisy: under valgrind, the
instructions of the build less those of --init are repeatable (docs/benchmarks.md).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    content, output = argv[0], argv[1]
    os.environ.update({"SITEURL": "", "BRIEFING_STRICT": ""})
    # One process: instructions are counted in the process valgrind starts (a helper would take some away).
    settings = read_settings(str(ROOT / "pelican.conf.py"),
                             override={"PATH": content, "OUTPUT_PATH": output, "BRIEFING_PROCESSES": 1})
    pelican = Pelican(settings)
    if "--init" in argv:
        return 0
    start = time.perf_counter()
    pelican.run()
    print(f"{time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
