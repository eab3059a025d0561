"""Work shared with helper processes when the machine has more than one CPU.

A clean build's heaviest parts are independent of each other: each briefing's stages are a pure
function of their inputs, and each entity's page and feed is one output file made from values.
So helper processes, forked from the build, can take some of the work while the build takes the
rest. The work is cut into batches whose numbers wait in a pipe: every process reads the next
number when it is free (a read of a few bytes from a pipe is atomic), so no process idles while
another has a queue. Each batch is done by exactly one process, the way the build alone does it,
so the output is the same bytes whoever made it.

A helper sends back its result (pickled) or its error; an error in a helper is raised in the
build as if the build had met it. POSIX only (os.fork); elsewhere, or with one CPU, the build
does all the work itself.
"""

from __future__ import annotations

import atexit
import functools
import os
import pickle
import signal
import struct
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from ..model.problems import HelperFailed

T = TypeVar("T")
R = TypeVar("R")

# Below this many items, forking costs more than it saves.
SHARE_FROM = 64
# Batches per process: small enough for the processes to finish together, large enough that
# taking one costs nothing next to doing it.
BATCHES_PER_PROCESS = 64
_NUMBER = struct.Struct("<I")
# The batch numbers are written before anyone reads: they must fit in what any pipe holds (one
# page, 4 KiB, when a user has many pipes open on Linux), in one write that cannot be split.
_MOST_BATCHES = 4096 // _NUMBER.size


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def processes_for(setting: int, items: int) -> int:
    """How many processes share work of `items` pieces: the setting (BRIEFING_PROCESSES) as given;
    with 0, one per available CPU (at most 4), from SHARE_FROM pieces on."""
    # A fork copies only the thread that forks: with others running (a server's, say), a lock one
    # of them held would never be released in the helper.
    if not hasattr(os, "fork") or items < 2 or threading.active_count() > 1:
        return 1
    if setting > 0:
        return setting
    return min(available_cpus(), 4) if items >= SHARE_FROM else 1


@dataclass
class Batches:
    """Items cut into batches, their numbers waiting in a pipe that every process takes from."""

    items: Sequence
    size: int
    _pipe: int | None = None  # the read end; None when one process does everything

    @classmethod
    def of(cls, items: Sequence, processes: int) -> Batches:
        count = min(max(1, processes * BATCHES_PER_PROCESS), _MOST_BATCHES, max(1, len(items)))
        batches = cls(items, -(-len(items) // count) if items else 1)
        if processes > 1:
            read, write = os.pipe()
            numbers = range(-(-len(items) // batches.size))
            os.write(write, b"".join(_NUMBER.pack(n) for n in numbers))
            os.close(write)  # once the numbers are taken, a read finds the end of the pipe
            batches._pipe = read
        return batches

    def take(self) -> Iterator:
        """The items of each batch this process takes, until none is left."""
        if self._pipe is None:
            yield from self.items
            return
        while True:
            number = os.read(self._pipe, _NUMBER.size)
            if not number:
                return
            start = _NUMBER.unpack(number)[0] * self.size
            yield from self.items[start:start + self.size]

    def close(self) -> None:
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None


@dataclass
class Helper:
    """A forked process doing work; join() gives back what it returned."""

    pid: int
    _result: int  # the read end of the pipe the helper writes its result to
    _joined: bool = field(default=False)

    def join(self):
        """Wait for the helper; its result, or its error raised here."""
        chunks = []
        while chunk := os.read(self._result, 1 << 20):
            chunks.append(chunk)
        os.close(self._result)
        _, status = os.waitpid(self.pid, 0)
        self._joined = True
        if not chunks:
            raise HelperFailed(f"a helper process of the build ended without a result (status {status}): "
                               "run the build again with BRIEFING_PROCESSES = 1 to see the error")
        ok, payload = pickle.loads(b"".join(chunks))
        if ok:
            return payload
        if isinstance(payload, BaseException):
            raise payload
        raise HelperFailed(payload)

    def stop(self) -> None:
        """End the helper without its result (the build failed meanwhile)."""
        if self._joined:
            return
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        os.close(self._result)
        os.waitpid(self.pid, 0)
        self._joined = True


def start_helper(work: Callable[[], object]) -> Helper:
    """Fork a process that runs work() and sends back its result or its error."""
    read, write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        os.close(write)
        return Helper(pid, read)
    os.close(read)
    code = 0
    try:
        message = pickle.dumps((True, work()), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException as err:  # noqa: BLE001 - every error goes back to the build
        code = 1
        message = _error_message(err)
    try:
        with os.fdopen(write, "wb") as out:
            out.write(message)
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)  # never the build's own exit handlers and finally blocks


def _error_message(err: BaseException) -> bytes:
    # Where it happened, which the build's own traceback (ending in join) cannot show.
    where = "".join(traceback.format_exception(err)).rstrip()
    try:
        err.add_note(f"in a helper process of the build:\n{where}")
    except AttributeError:  # an exception class that forbids new attributes
        pass
    try:
        message = pickle.dumps((False, err), protocol=pickle.HIGHEST_PROTOCOL)
        pickle.loads(message)  # it must come back whole in the build
        return message
    except Exception:  # noqa: BLE001 - an error that cannot be pickled goes back as its text
        return pickle.dumps((False, f"in a helper process of the build:\n{where}"))


@dataclass
class SharedWork:
    """Items shared by this process and its helpers: each takes batches until none is left.

    finish() must follow start(); a build that ends before it still stops the helpers at exit."""

    batches: Batches
    helpers: list[Helper] = field(default_factory=list)

    @classmethod
    def start(cls, items: Sequence, processes: int, work: Callable[[SharedWork], object]) -> SharedWork:
        """Cut items into batches; with processes > 1, fork processes - 1 helpers, each running
        work(this object), which takes batches through take()."""
        shared = cls(Batches.of(items, processes))
        if processes > 1:
            atexit.register(shared.stop)
            shared.helpers = [start_helper(functools.partial(work, shared)) for _ in range(processes - 1)]
        return shared

    def take(self) -> Iterator:
        return self.batches.take()

    def finish(self) -> list:
        """Every helper's result; when one failed, the others are stopped and its error raised."""
        try:
            return [helper.join() for helper in self.helpers]
        finally:
            self.stop()

    def stop(self) -> None:
        for helper in self.helpers:
            helper.stop()
        self.batches.close()
        atexit.unregister(self.stop)


def share_map(function: Callable[[T], R], items: Sequence[T], processes: int) -> list[R]:
    """[function(item) for item in items], the items shared between this process and processes - 1 helpers."""
    if processes < 2:
        return [function(item) for item in items]
    def work(shared: SharedWork) -> list[tuple[int, R]]:
        return [(i, function(items[i])) for i in shared.take()]

    shared = SharedWork.start(range(len(items)), processes, work)
    try:
        done = work(shared)
        for found in shared.finish():
            done += found
    finally:
        shared.stop()
    results: list = [None] * len(items)
    for i, result in done:
        results[i] = result
    return results
