"""The objects a build keeps to its end, left out of Python's cycle collector once made.

A language's run holds tens of thousands of objects from one stage to its end (the reader
cache, every article and page, the plugins' tables) while it makes millions more that live
briefly. Each full pass of the cycle collector goes over every object the process holds, the
long-lived ones again and again: in a rebuild at 10,000 articles those passes took 1.6 s of a
language's 10 s. So what exists when a stage ends is frozen (``gc.freeze``): later passes leave
it out, and it is freed, as before, when nothing holds it. When the outermost build ends,
everything is unfrozen, so that a process that builds again (the dev server, the tests) can
collect the cycles of this build.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

# Pelican's signals after which the run's long-lived objects exist: the reader cache is loaded,
# the articles and the pages are read, the plugins have added to them, the pages are written.
STAGES = (
    "readers_init",
    "article_generator_finalized",
    "page_generator_finalized",
    "all_generators_finalized",
    # The pages are written: what the run's process does next (list the folder, index it)
    # makes its own objects.
    "finalized",
)

_depth = 0


def freeze(*_args, **_kwargs) -> None:
    """Leave every object made so far out of the collector's later passes."""
    gc.freeze()


@contextlib.contextmanager
def frozen() -> Iterator[None]:
    """Frozen objects stay frozen until the outermost ``frozen`` ends, then are unfrozen."""
    global _depth
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0:
            gc.unfreeze()


@contextlib.contextmanager
def frozen_stages() -> Iterator[None]:
    """Freeze what a Pelican run holds at the end of each of its ``STAGES``."""
    from pelican import signals

    stages = [getattr(signals, name) for name in STAGES]
    with frozen():
        for signal in stages:
            signal.connect(freeze)
        try:
            yield
        finally:
            for signal in stages:
                signal.disconnect(freeze)
