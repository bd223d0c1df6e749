"""Related articles: most shared tags first, then newest, whatever the size of the site."""

from __future__ import annotations

import datetime
import random
from types import SimpleNamespace

from newsdesk.pelican.article_extras import related_all

TAGS = [f"tag-{number}" for number in range(12)]


def articles(count: int, seed: int) -> list:
    chance = random.Random(seed)
    start = datetime.datetime(2024, 1, 1)
    return [
        SimpleNamespace(
            slug=f"a{number}",
            date=start + datetime.timedelta(days=chance.randrange(400)),
            tags=[SimpleNamespace(name=name) for name in chance.sample(TAGS, chance.randint(0, 4))],
        )
        for number in range(count)
    ]


def by_the_rule(article, others: list, limit: int) -> list:
    """Every other article sharing a tag, by shared tags, then date and slug, newest first."""
    mine = {tag.name for tag in article.tags}
    sharing = [
        (len(mine & {tag.name for tag in other.tags}), other.date, other.slug, other)
        for other in others
        if other is not article and mine & {tag.name for tag in other.tags}
    ]
    sharing.sort(key=lambda entry: entry[:3], reverse=True)
    return [entry[3] for entry in sharing[:limit]]


def test_related_articles_follow_the_rule_on_many_sites():
    for seed in range(20):
        site = articles(150, seed)
        found = related_all(site, 4)
        for article in site:
            assert [a.slug for a in found[id(article)]] == [a.slug for a in by_the_rule(article, site, 4)]


def test_related_articles_kept_from_the_last_run_follow_every_change_of_tags_or_dates(tmp_path, monkeypatch):
    from newsdesk.content.render_cache import RunResults
    from newsdesk.pelican import article_extras

    kept = tmp_path / "related.pickle"
    site = articles(150, 3)
    first = RunResults(kept)
    article_extras.related_kept(site, 4, first)
    first.save()
    chance = random.Random(5)
    for change in range(30):
        article = chance.choice(site)
        if change % 3 == 0:
            article.tags = [SimpleNamespace(name=name) for name in chance.sample(TAGS, 2)]
        elif change % 3 == 1:
            article.date += datetime.timedelta(days=chance.randrange(-30, 30))
        else:
            article.slug = f"renamed-{change}"
        run = RunResults(kept)
        found = article_extras.related_kept(site, 4, run)
        run.save()
        for one in site:
            assert [a.slug for a in found[id(one)]] == [a.slug for a in by_the_rule(one, site, 4)]
    # Unchanged since the last run: nothing is counted again.
    monkeypatch.setattr(article_extras, "related_all", lambda *args: 1 / 0)
    again = article_extras.related_kept(site, 4, RunResults(kept))
    assert [[a.slug for a in again[id(one)]] for one in site] == [[a.slug for a in by_the_rule(one, site, 4)] for one in site]
