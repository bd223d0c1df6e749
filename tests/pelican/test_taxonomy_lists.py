"""A tag's article list answers ``in`` from a set, and always as the list itself would."""

from __future__ import annotations

import pickle
import random

from newsdesk.pelican.taxonomy_lists import Members, index_lists


class Item:
    """Like Pelican's content objects: no ``__eq__``, so lists find items by identity."""


def test_membership_follows_every_change_of_the_list():
    items = [Item() for _ in range(40)]
    plain, members = [], Members()
    rng = random.Random(7)
    for _ in range(400):
        change = rng.choice(["append", "extend", "insert", "remove", "pop", "set", "del", "iadd", "clear"])
        arguments = {
            "append": lambda: (rng.choice(items),),
            "extend": lambda: ([rng.choice(items), rng.choice(items)],),
            "insert": lambda: (rng.randrange(5), rng.choice(items)),
        }
        if change in arguments:
            args = arguments[change]()
            getattr(plain, change)(*args)
            getattr(members, change)(*args)
        elif change in ("remove", "pop", "set", "del") and plain:
            index = rng.randrange(len(plain))
            if change == "remove":
                target = plain[index]
                plain.remove(target)
                members.remove(target)
            elif change == "pop":
                plain.pop(index)
                members.pop(index)
            elif change == "set":
                item = rng.choice(items)
                plain[index] = item
                members[index] = item
            else:
                del plain[index]
                del members[index]
        elif change == "iadd":
            item = rng.choice(items)
            plain += [item]
            members += [item]
        elif change == "clear" and rng.random() < 0.05:
            plain.clear()
            members.clear()
        assert list(members) == plain
        assert [item in members for item in items] == [item in plain for item in items]


def test_the_lists_of_a_generator_and_its_context_are_the_same_members():
    first, second = Item(), Item()

    class Generator:
        pass

    generator = Generator()
    tag_list, category_list = [first], [first, second]
    generator.tags = {"hanoi": tag_list}
    generator.categories = [("news", category_list)]
    generator.authors = []
    generator.context = {"tags": [("hanoi", tag_list)], "categories": generator.categories}
    index_lists(generator)
    assert isinstance(generator.tags["hanoi"], Members)
    assert generator.context["tags"][0][1] is generator.tags["hanoi"]
    assert generator.context["categories"][0][1] is generator.categories[0][1]
    assert generator.categories[0][1] == [first, second] and second not in generator.tags["hanoi"]
    assert type(pickle.loads(pickle.dumps(generator.tags["hanoi"]))) is list
