"""Content warnings for `make check`; never fails the check (exit status 0).

    python tools/content_report.py content

Each report is one function that reads what it needs and returns printable text;
main() prints them in turn.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from briefing.entities import entity_from_front_matter  # noqa: E402
from briefing.report import format_unlinked, unlinked_report  # noqa: E402
from briefing.validation import EntitySchema, check_schema, display_path, split_front_matter  # noqa: E402


def read_entities(content: Path, folder: str = "entities"):
    """Entities whose files are valid (the build reports the others)."""
    out = []
    for path in sorted((content / folder).glob("*.md")):
        front, problems = split_front_matter(str(path), path.read_text(encoding="utf-8"))
        meta, problems = check_schema(front, EntitySchema) if front else (None, problems)
        if meta is not None:
            out.append(entity_from_front_matter(path.stem, meta, display_path(str(path))))
    return out


def read_briefing_bodies(content: Path, folder: str = "briefings"):
    """(path, Markdown body) of each briefing with readable front matter."""
    out = []
    for path in sorted((content / folder).rglob("*.md")):
        front, _ = split_front_matter(str(path), path.read_text(encoding="utf-8"))
        if front is not None:
            # Line numbers in the report count from the top of the file.
            offset = path.read_text(encoding="utf-8").count("\n") - front.body.count("\n")
            out.append((display_path(str(path)), "\n" * offset + front.body))
    return out


def unlinked_mentions(content: Path) -> str:
    near, unknown = unlinked_report(read_entities(content), read_briefing_bodies(content))
    return format_unlinked(near, unknown)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    content = Path(args[0] if args else "content")
    print(f"Content report for {content}/")
    print()
    print(unlinked_mentions(content))
    return 0


if __name__ == "__main__":
    sys.exit(main())
