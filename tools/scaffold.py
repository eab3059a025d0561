"""Create a new briefing or entity file: `make briefing TITLE="..."`, `make entity NAME="..." KIND=person`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

from briefing.scaffold import ScaffoldError, create_briefing, create_entity  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="what", required=True)
    briefing = sub.add_parser("briefing", help="a new briefing dated today")
    briefing.add_argument("--title", default="")
    entity = sub.add_parser("entity", help="a new person, organisation, state, place or event")
    entity.add_argument("--name", default="")
    entity.add_argument("--kind", default="")
    for command in (briefing, entity):
        command.add_argument("--content", default="content", help="the content folder (default: content)")
    args = parser.parse_args(argv)
    content = Path(args.content)
    try:
        if args.what == "briefing":
            path = create_briefing(content, args.title)
        else:
            path = create_entity(content, args.name, args.kind)
    except ScaffoldError as err:
        print(f"make {args.what}: {err}", file=sys.stderr)
        return 1
    print(f"created {path}: fill in the fields, then run make html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
