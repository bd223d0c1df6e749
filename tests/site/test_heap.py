"""What a language's run holds to its end is left out of the cycle collector's passes while it
runs (newsdesk/site/heap.py), and given back to it when the build ends."""

from __future__ import annotations

import gc

from pelican import signals

from newsdesk.site.build import build_site
from tests.pelican.sites import dated_articles, make_site


def test_a_run_writes_its_pages_with_its_articles_frozen_and_a_build_leaves_nothing_frozen(tmp_path):
    settings = make_site(tmp_path / "project", dated_articles(3, lambda n: f"Report {n}."))
    frozen_while_writing = []

    def note(path, context=None):
        frozen_while_writing.append(gc.get_freeze_count())

    signals.content_written.connect(note)
    try:
        build_site(settings, jobs=1)  # the runs in this process, to look inside them
    finally:
        signals.content_written.disconnect(note)

    assert frozen_while_writing and min(frozen_while_writing) > 0
    # A process that builds again (the dev server) can collect what this build left.
    assert gc.get_freeze_count() == 0
