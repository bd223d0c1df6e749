"""The sitemap: within the protocol's limits at any size, and the same whether written or kept."""

from __future__ import annotations

from xml.etree import ElementTree

from newsdesk.checks.site import check_xml
from newsdesk.site import root
from newsdesk.site.build import build_site
from tests.pelican.sites import article, make_site

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def articles(count: int) -> dict[str, str]:
    return {
        f"report-{n}.md": article(f"Report {n}.", Title=f"Report {n}", Slug=f"report-{n}",
                                  Date=f"2024-01-{n + 1:02d} 08:00")  # fmt: skip
        for n in range(count)
    }


def addresses(output, name="sitemap.xml") -> list[str]:
    """The page addresses of the sitemap, through its index when it is one, in order."""
    tree = ElementTree.parse(output / name).getroot()
    if tree.tag == f"{NS}sitemapindex":
        found = []
        for loc in tree.iterfind(f"{NS}sitemap/{NS}loc"):
            found += addresses(output, loc.text.lstrip("/"))
        return found
    return [loc.text for loc in tree.iterfind(f"{NS}url/{NS}loc")]


def test_a_sitemap_past_the_protocols_limit_is_an_index_of_parts_within_it(tmp_path, monkeypatch):
    # sitemaps.org: 50,000 addresses a file. The site lists five a language an article (its
    # page, the side-by-side view, listings): 50,137 addresses at 10,000 articles.
    settings = make_site(tmp_path / "project", articles(6))
    output = tmp_path / "project" / "output"
    build_site(settings)
    whole = addresses(output)
    assert len(whole) > 30
    monkeypatch.setattr(root, "SITEMAP_MAX_URLS", 10)
    build_site(settings)
    index = ElementTree.parse(output / "sitemap.xml").getroot()
    assert index.tag == f"{NS}sitemapindex"
    parts = [loc.text for loc in index.iterfind(f"{NS}sitemap/{NS}loc")]
    assert parts == [f"/sitemap-{n}.xml" for n in range(1, len(whole) // 10 + 2)]
    for part in parts:
        assert len(ElementTree.parse(output / part.lstrip("/")).findall(f"{NS}url")) <= 10
    assert addresses(output) == whole
    assert check_xml(output) == []
    monkeypatch.setattr(root, "SITEMAP_MAX_URLS", 50_000)
    build_site(settings)  # the site fits in one file again: the parts are gone
    assert addresses(output) == whole and not list(output.glob("sitemap-*.xml"))


def test_the_checks_name_a_sitemap_past_the_limit_and_an_index_of_a_missing_part(tmp_path, monkeypatch):
    monkeypatch.setattr(root, "SITEMAP_MAX_URLS", 2)
    site = tmp_path / "site"
    urls = "".join(f"<url><loc>/{name}/</loc></url>" for name in ("a", "b", "c"))
    for name in "abc":
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text("<html></html>")
    (site / "sitemap-1.xml").write_text(f'<urlset xmlns="{NS[1:-1]}">{urls}</urlset>')
    (site / "sitemap.xml").write_text(
        f'<sitemapindex xmlns="{NS[1:-1]}"><sitemap><loc>/sitemap-1.xml</loc></sitemap>'
        "<sitemap><loc>/sitemap-2.xml</loc></sitemap><sitemap><loc>/../outside.xml</loc></sitemap>"
        "</sitemapindex>"
    )
    (tmp_path / "outside.xml").write_text("<urlset/>")
    found = sorted(f"{problem.path}: {problem.message}" for problem in check_xml(site))
    assert found == [
        "sitemap-1.xml: sitemap lists 3 addresses; one file may list 2",
        "sitemap.xml: sitemap index lists a sitemap that is not built: /../outside.xml",
        "sitemap.xml: sitemap index lists a sitemap that is not built: /sitemap-2.xml",
    ]


def test_a_rebuild_keeps_the_sitemap_only_while_it_is_what_it_would_write(tmp_path):
    settings = make_site(tmp_path / "project", articles(3))
    output = tmp_path / "project" / "output"
    build_site(settings)
    written = (output / "sitemap.xml").read_bytes()
    build_site(settings)
    assert (output / "sitemap.xml").read_bytes() == written
    # The live sitemap changed by hand: the next build does not copy it.
    (output / "sitemap.xml").write_bytes(written.replace(b"report-1", b"report-x"))
    build_site(settings)
    assert (output / "sitemap.xml").read_bytes() == written
    # A new article: listed, with its side-by-side view.
    (tmp_path / "project" / "content" / "articles" / "report-9.md").write_text(
        article("Report 9.", Title="Report 9", Slug="report-9", Date="2024-01-20 08:00"), encoding="utf-8"
    )
    build_site(settings)
    listed = addresses(output)
    assert "/en/articles/report-9/" in listed and "/vi/articles/report-9/parallel/" in listed
