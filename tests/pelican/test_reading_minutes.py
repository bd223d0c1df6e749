"""Reading times: counted again only for a text the language's previous run did not count."""

from __future__ import annotations

import random

import pytest

from newsdesk.content.render_cache import RunResults
from newsdesk.pelican import article_extras


def body(words: int) -> str:
    return "<p>" + "word " * words + "</p>"


def test_kept_reading_times_follow_every_edit(tmp_path):
    kept = tmp_path / "words.pickle"
    chance = random.Random(7)
    texts = [body(chance.randrange(50, 4000)) for _ in range(20)]
    for _run in range(15):
        texts[chance.randrange(len(texts))] = body(chance.randrange(50, 4000))
        counts = RunResults(kept)
        found = [article_extras.reading_minutes(text, 200, counts) for text in texts]
        counts.save()
        assert found == [article_extras.reading_minutes(text, 200) for text in texts]


def test_a_text_counted_by_the_previous_run_is_not_counted_again(tmp_path, monkeypatch):
    kept = tmp_path / "words.pickle"
    first = RunResults(kept)
    assert article_extras.reading_minutes(body(1000), 200, first) == 5
    first.save()

    def counted(html):
        raise AssertionError("counted again")

    monkeypatch.setattr(article_extras, "word_count", counted)
    assert article_extras.reading_minutes(body(1000), 200, RunResults(kept)) == 5
    with pytest.raises(AssertionError, match="counted again"):
        article_extras.reading_minutes(body(1001), 200, RunResults(kept))
