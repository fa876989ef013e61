"""Time, memory and output bounds on rendering one template.

The sandbox (lga_draft/drafting/sandbox.py) refuses the single operations that would make a huge
text or list. What it cannot see, a loop that never ends (`range(100000)` inside another) or
growth a step at a time, is stopped here:
- a wall-clock limit: a timer signal interrupts the render (on the main thread, where the CLI
  renders; elsewhere only the other bounds apply);
- a memory limit: the address space may grow by at most `MAX_EXTRA_MEMORY` while the template
  runs, so an allocation beyond it fails as a MemoryError instead of swapping the machine;
- an output limit: the render is consumed piece by piece and stopped past `MAX_OUTPUT_CHARS`.
Every limit is lifted again when the render ends, however it ends.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterable, Iterator

MAX_SECONDS = 5.0  # a draft renders in milliseconds; the bundled templates in well under one
MAX_EXTRA_MEMORY = 1024 * 1024 * 1024  # bytes of address space the render may add
MAX_OUTPUT_CHARS = 2_000_000  # ten times the whole bundled library drafted at once


class RenderTimeout(BaseException):  # noqa: N818
    """The render ran past `MAX_SECONDS` (a BaseException, so no `except Exception` swallows it)."""


class OutputTooLarge(Exception):
    """The render produced more than `MAX_OUTPUT_CHARS`."""


def collect(pieces: Iterable[str]) -> str:
    """Join a render's pieces, stopping once they exceed the output limit."""
    out: list[str] = []
    total = 0
    for piece in pieces:
        total += len(piece)
        if total > MAX_OUTPUT_CHARS:
            raise OutputTooLarge(f"the draft would be more than {MAX_OUTPUT_CHARS:,} characters")
        out.append(piece)
    return "".join(out)


@contextlib.contextmanager
def bounded() -> Iterator[None]:
    """Run the block under the time and memory limits."""
    with _memory_limit(), _time_limit(MAX_SECONDS):
        yield


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise RenderTimeout(f"it ran for more than {seconds:g} seconds")

    previous = signal.signal(signal.SIGALRM, expired)
    outer = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer[0]:  # someone else's timer was running: let it carry on
            signal.setitimer(signal.ITIMER_REAL, *outer)


@contextlib.contextmanager
def _memory_limit() -> Iterator[None]:
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        now = _address_space()
    except (ImportError, OSError, ValueError):
        now = None
    if now is None:
        yield
        return
    limit = now + MAX_EXTRA_MEMORY
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY:
        limit = min(limit, soft)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, ValueError):
        yield
        return
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space() -> int | None:
    """This process's address space in bytes (Linux), or None where it cannot be read."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")
