"""Pelican plugin: a tag's, category's or author's article list answers ``in`` at once, and
translations are found a group at a time.

Pelican writes each tag's page with ``[article for article in dates if article in articles]``:
every article of the site tested against the tag's list, element by element, so the tag pages
of a site take time that grows with the square of its articles (4 s of a rebuild's profile at
10,000 articles). Once every generator is done, each list becomes a :class:`Members`, the same
list whose ``in`` looks the article up in a set. Pelican's content objects have no ``__eq__``:
a list finds an item by identity, and so does the set.

Pelican finds which items are translations of which by testing every item against the list of
every original, which grows with the square of the articles too; ``translations_by_group``
(newsdesk/pelican/pelican_api.py) has it do so within each group of translations instead.
"""

from __future__ import annotations

import logging

from pelican import signals

from newsdesk.pelican.pelican_api import translations_by_group

logger = logging.getLogger(__name__)


class Members(list):
    """A list whose ``in`` asks a set of its items' identities, made anew after any change."""

    def __init__(self, items=()):
        super().__init__(items)
        self._ids: set[int] | None = None

    def __contains__(self, item) -> bool:
        if self._ids is None:
            self._ids = {id(member) for member in self}
        return id(item) in self._ids

    def __reduce__(self):  # pickled as the plain list it is
        return list, (list(self),)


def _forgets_members(name: str):
    method = getattr(list, name)

    def changed(self, *args, **kwargs):
        self._ids = None
        return method(self, *args, **kwargs)

    changed.__name__ = changed.__qualname__ = name
    return changed


for _name in ("append", "extend", "insert", "remove", "pop", "clear",
              "__setitem__", "__delitem__", "__iadd__", "__imul__"):  # fmt: skip
    setattr(Members, _name, _forgets_members(_name))


def index_lists(generator) -> None:
    """Make the article lists of the generator's tags, categories and authors Members, where
    the generator and its context hold them (the context as (name, list) pairs)."""
    tags = getattr(generator, "tags", None)
    if not isinstance(tags, dict):
        return
    made: dict[int, tuple[list, Members]] = {}  # the old list kept, so that its id is not reused

    def members(articles: list) -> Members:
        if id(articles) not in made:
            made[id(articles)] = (articles, Members(articles))
        return made[id(articles)][1]

    for tag in list(tags):
        tags[tag] = members(tags[tag])
    for name in ("categories", "authors"):
        pairs = getattr(generator, name, None)
        if isinstance(pairs, list):
            pairs[:] = [(key, members(articles)) for key, articles in pairs]
    for name in ("tags", "categories", "authors"):
        pairs = generator.context.get(name)
        if isinstance(pairs, list):
            pairs[:] = [(key, made[id(value)][1] if id(value) in made else value) for key, value in pairs]


def index_all(generators) -> None:
    for generator in generators:
        index_lists(generator)


def register() -> None:
    translations_by_group()
    signals.all_generators_finalized.connect(index_all)
