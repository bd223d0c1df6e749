"""Each language's feeds name the publisher in that language; a source's own author stays."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from newsdesk.site.build import build_site
from tests.pelican.sites import article, make_site

ATOM = "{http://www.w3.org/2005/Atom}"
PUBLISHER = {"en": "Hanoi Convention Desk", "vi": "Ban biên tập Công ước Hà Nội"}


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    folder = tmp_path_factory.mktemp("feeds")
    settings = make_site(
        folder,
        {
            "desk.md": article(Title="From the desk", Slug="desk"),
            "signed.md": article(Title="Signed", Slug="signed", Author="Lan Anh"),
        },
    )
    settings.write_text(
        settings.read_text(encoding="utf-8") + '\nFEED_ALL_RSS = "feeds/all.rss.xml"\n',
        encoding="utf-8",
    )
    build_site(settings, str(folder / "output"))
    return folder / "output"


def atom_authors(output, lang: str) -> dict[str, str]:
    feed = ElementTree.parse(output / lang / "feeds" / "all.atom.xml").getroot()
    return {
        entry.findtext(f"{ATOM}title"): entry.findtext(f"{ATOM}author/{ATOM}name")
        for entry in feed.iter(f"{ATOM}entry")
    }


def rss_authors(output, lang: str) -> dict[str, str]:
    feed = ElementTree.parse(output / lang / "feeds" / "all.rss.xml").getroot()
    return {
        item.findtext("title"): item.findtext("{http://purl.org/dc/elements/1.1/}creator")
        for item in feed.iter("item")
    }


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("authors", [atom_authors, rss_authors], ids=["atom", "rss"])
def test_feeds_name_the_publisher_in_the_readers_language(output, lang, authors):
    assert authors(output, lang) == {"From the desk": PUBLISHER[lang], "Signed": "Lan Anh"}
