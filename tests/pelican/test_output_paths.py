"""Output paths: worked out once, and never shared by two sources."""

from __future__ import annotations

import pytest

from newsdesk.errors import ContentError
from newsdesk.site.build import build_site
from tests.pelican.sites import article, make_site


def test_two_articles_with_one_slug_stop_the_build_naming_both(tmp_path):
    settings = make_site(
        tmp_path,
        {
            "first.md": article(Title="First report", Slug="report"),
            "second.md": article(Title="Second report", Slug="report"),
        },
    )
    with pytest.raises(ContentError) as raised:
        build_site(settings, str(tmp_path / "output"), jobs=1)
    message = str(raised.value)
    assert "articles/report/index.html" in message
    assert "give one of them another Slug" in message
    assert "articles/first.md" in message and "articles/second.md" in message
    assert not (tmp_path / "output" / "en" / "articles" / "report").exists()
