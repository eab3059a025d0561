"""Writing the site's files: every file on each build, or only those whose inputs changed.

A build names each output it makes with a render key: a value (compared with ==) holding
everything the output is made from. `Outputs` writes every file, as a clean build does.
`SelectiveOutputs` (the dev server's) remembers the key and the digest of each file it wrote:
an output whose key is unchanged is not made at all, one whose text comes out the same is not
rewritten, and a file the last build made but this one did not is removed. A key of None
always makes the output.
"""

from __future__ import annotations

import hashlib
import os


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def write_text(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def _replace_text(path: str, text: str) -> None:
    """Write by renaming a finished file over the old one: a server reading it meanwhile never sees
    half a page."""
    scratch = f"{path}.{os.getpid()}.tmp"
    with open(scratch, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    os.replace(scratch, path)


class Outputs:
    """Every output made and written (a clean build)."""

    _folders: set[str] | None = None  # the folders made so far (thousands of feeds share one)
    # A clean build's outputs can be written by several processes (parallel.py): each file by one.
    shareable = True

    def _folder(self, path: str) -> None:
        folder = os.path.dirname(path)
        if self._folders is None:
            self._folders = set()
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)

    def wanted(self, _path: str, _key) -> bool:
        """Should the output at path (absolute) be made? Each output is named once per build."""
        return True

    def made(self, _path: str, _key) -> None:
        """The output at path was made from key."""

    def write(self, path: str, text: str) -> None:
        self._folder(path)
        write_text(path, text)


class SelectiveOutputs(Outputs):
    """Outputs remembered between builds: only what changed is made and written."""

    shareable = False  # what it remembers must stay in the one process

    def __init__(self):
        self._keys: dict[str, object] = {}  # by path: the key it was last made from
        self._digests: dict[str, bytes] = {}  # by path: the digest of the text last written
        self._named: set[str] = set()  # the outputs the build under way names
        self.written: list[str] = []  # the files the build under way wrote
        self.skipped = 0

    def begin(self) -> None:
        self._named = set()
        self.written = []
        self.skipped = 0

    def wanted(self, _path: str, _key) -> bool:
        self._named.add(_path)
        if _key is not None and _path in self._keys and self._keys[_path] == _key and os.path.exists(_path):
            self.skipped += 1
            return False
        return True

    def made(self, _path: str, _key) -> None:
        self._keys[_path] = _key

    def write(self, path: str, text: str) -> None:
        self._named.add(path)
        digest = _digest(text)
        if self._digests.get(path) == digest and os.path.exists(path):
            return
        if not os.path.isdir(os.path.dirname(path)):  # a folder may have been removed since
            os.makedirs(os.path.dirname(path), exist_ok=True)
        _replace_text(path, text)
        self._digests[path] = digest
        self.written.append(path)

    def forget(self) -> None:
        """Make every output on the next build (a template or a setting changed); unchanged text is still not rewritten."""
        self._keys.clear()

    def finish(self, root: str) -> list[str]:
        """After a successful build: remove the files earlier builds made and this one did not
        (with the folders that leaves empty, up to root). Returns the removed paths."""
        gone = sorted(set(self._digests) - self._named)
        for path in gone:
            if os.path.exists(path):
                os.unlink(path)
                _remove_empty_folders(os.path.dirname(path), root)
            self._digests.pop(path, None)
            self._keys.pop(path, None)
        return gone


def _remove_empty_folders(folder: str, root: str) -> None:
    root = os.path.abspath(root)
    folder = os.path.abspath(folder)
    while folder.startswith(root + os.sep) and os.path.isdir(folder) and not os.listdir(folder):
        os.rmdir(folder)
        folder = os.path.dirname(folder)
