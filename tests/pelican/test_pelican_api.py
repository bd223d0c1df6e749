"""The private Pelican parts newsdesk/pelican/pelican_api.py uses: a Pelican upgrade that
changes them fails here, by name, instead of somewhere in a build."""

from __future__ import annotations

import datetime
import inspect

import pytest
from pelican.contents import Article, Content, Static
from pelican.settings import DEFAULT_CONFIG

from newsdesk.pelican.pelican_api import resolve_links


def test_pelican_still_has_the_link_resolver_the_views_use():
    assert hasattr(Content, "_update_content"), "Pelican renamed Content._update_content"
    assert list(inspect.signature(Content._update_content).parameters) == [
        "self",
        "content",
        "siteurl",
    ]


def test_resolve_links_resolves_static_addresses():
    settings = dict(DEFAULT_CONFIG, PATH="/site/content", SITEURL="/vi")
    static = Static("", settings=settings, source_path="/site/content/images/x/photo.png",
                    metadata={"save_as": "images/x/photo.png", "url": "images/x/photo.png"})  # fmt: skip
    context = {"static_content": {"images/x/photo.png": static}, "generated_content": {},
               "static_links": set(), "localsiteurl": "/vi", "filenames": {}}  # fmt: skip
    article = Article(
        "",
        metadata={"title": "T", "date": datetime.datetime(2025, 10, 1), "slug": "t"},
        settings=settings,
        source_path="/site/content/articles/t.md",
        context=context,
    )
    html = resolve_links(article, '<img alt="a" src="{static}/images/x/photo.png">')
    assert html == '<img alt="a" src="/vi/images/x/photo.png">'


def test_pelican_still_stamps_cached_sources_through_filestamp_func(tmp_path):
    from pelican.readers import Readers

    from newsdesk.pelican.pelican_api import file_stamp, set_file_stamp

    settings = dict(DEFAULT_CONFIG, CACHE_PATH=str(tmp_path), CACHE_CONTENT=True,
                    LOAD_CONTENT_CACHE=False, CHECK_MODIFIED_METHOD="md5")  # fmt: skip
    readers = Readers(settings, cache_name="test")
    assert callable(file_stamp(readers)), "Pelican's reader cache lost _filestamp_func"
    source = tmp_path / "a.md"
    source.write_text("Title: A\n\nText.\n")
    set_file_stamp(readers, lambda path: ("stamped", path))
    assert readers._get_file_stamp(str(source)) == ("stamped", str(source))


def test_pelican_still_keeps_the_readers_content_in_content():
    from newsdesk.pelican.pelican_api import raw_content

    settings = dict(DEFAULT_CONFIG, PATH="/site/content")
    item = Article("<p>{static}/x.png</p>", metadata={"title": "T", "slug": "t",
                   "date": datetime.datetime(2025, 10, 1)}, settings=settings)  # fmt: skip
    assert raw_content(item) == "<p>{static}/x.png</p>"


def test_pelican_still_saves_the_reader_cache_before_the_generators_finalized_signal():
    # forget_reader_cache runs on article_generator_finalized: had Pelican not saved the cache by
    # then, it would save an empty one, and every build would read every source again.
    from pelican.generators import ArticlesGenerator, PagesGenerator

    for generator in (ArticlesGenerator, PagesGenerator):
        source = inspect.getsource(generator.generate_context)
        assert "self.readers.save_cache()" in source, generator
        assert source.index("self.readers.save_cache()") < source.index("_generator_finalized.send")


def test_pelican_still_saves_its_caches_as_save_caches_whole_expects():
    # save_caches_whole replaces FileDataCacher.save_cache with one that reads these attributes.
    from pelican.cache import FileDataCacher

    source = inspect.getsource(FileDataCacher)
    for name in ("self._cache_path", "self._cache_open", "self._cache_data_policy", "self._cache["):
        assert name in source, name
    # It loads the cache in __init__, which save_caches_whole calls with load_policy False.
    parameters = list(inspect.signature(FileDataCacher.__init__).parameters)
    assert parameters == ["self", "settings", "cache_name", "caching_policy", "load_policy"]


def test_forget_reader_cache_empties_what_the_readers_hold(tmp_path):
    from pelican.readers import Readers

    from newsdesk.pelican.pelican_api import forget_reader_cache

    settings = dict(DEFAULT_CONFIG, CACHE_PATH=str(tmp_path), CACHE_CONTENT=True,
                    LOAD_CONTENT_CACHE=False)  # fmt: skip
    generator = type("Generator", (), {})()
    generator.readers = Readers(settings, cache_name="test")
    source = tmp_path / "a.md"
    source.write_text("Title: A\n\nA.\n")
    generator.readers.cache_data(str(source), ("<p>A</p>", {}))
    assert generator.readers.get_cached_data(str(source)) == ("<p>A</p>", {})
    forget_reader_cache(generator)
    assert generator.readers.get_cached_data(str(source)) is None


def test_a_page_marked_written_cannot_be_written_again(tmp_path):
    from pelican.settings import DEFAULT_CONFIG
    from pelican.writers import FileOverwriteFailedError, Writer

    from newsdesk.pelican.pelican_api import mark_written

    writer = Writer(str(tmp_path), settings=dict(DEFAULT_CONFIG))
    path = str(tmp_path / "page.html")
    mark_written(writer, path)
    with pytest.raises(FileOverwriteFailedError):
        writer._open_w(path, "utf-8")


def test_a_page_written_cannot_be_marked_written_again(tmp_path):
    """A kept page at the path of a page written before is the error a rendered one would be."""
    from pelican.settings import DEFAULT_CONFIG
    from pelican.writers import FileOverwriteFailedError, Writer

    from newsdesk.pelican.pelican_api import mark_written

    writer = Writer(str(tmp_path), settings=dict(DEFAULT_CONFIG))
    path = str(tmp_path / "page.html")
    with writer._open_w(path, "utf-8") as handle:
        handle.write("first")
    with pytest.raises(FileOverwriteFailedError):
        mark_written(writer, path)


@pytest.mark.parametrize("layer", ["reader", "generator"])
def test_a_generator_without_a_content_cache_reads_no_source_to_stamp_it(tmp_path, monkeypatch, layer):
    import builtins

    from pelican.generators import ArticlesGenerator

    from newsdesk.pelican.pelican_api import skip_unused_stamps

    (tmp_path / "content").mkdir()
    source = tmp_path / "content" / "a.md"
    source.write_text("Title: A\n\nA.\n")
    settings = dict(DEFAULT_CONFIG, PATH=str(tmp_path / "content"), CACHE_PATH=str(tmp_path / "cache"),
                    CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True, CONTENT_CACHING_LAYER=layer,
                    CHECK_MODIFIED_METHOD="md5")  # fmt: skip
    generator = ArticlesGenerator(context={}, settings=settings, path=settings["PATH"],
                                  theme=settings["THEME"], output_path=str(tmp_path / "out"))  # fmt: skip
    skip_unused_stamps(generator)
    opened = []
    real_open = builtins.open
    monkeypatch.setattr(builtins, "open", lambda file, *a, **k: opened.append(file) or real_open(file, *a, **k))
    generator.cache_data("a.md", "article")
    found = generator.get_cached_data("a.md")
    monkeypatch.undo()
    if layer == "reader":  # nothing kept, and the source not read for it
        assert (found, opened) == (None, [])
    else:  # the generator's own cache: stamped by the source's bytes, as Pelican does
        assert found == "article" and opened == [str(source), str(source)]


def test_remembered_relative_paths_are_pelicans_in_every_working_folder(tmp_path, monkeypatch):
    from newsdesk.pelican.pelican_api import remember_relative_source_paths

    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    source = str(site / "content" / "articles" / "a.md")
    expected = {}
    for folder in (site, tmp_path):  # PATH "content" is read from the working folder
        monkeypatch.chdir(folder)
        expected[folder] = Content.get_relative_source_path(_item("content"), source)
    assert expected[site] == "articles/a.md" and expected[tmp_path] != expected[site]
    remember_relative_source_paths()
    for _ in range(2):
        for folder in (site, tmp_path):
            monkeypatch.chdir(folder)
            assert Content.get_relative_source_path(_item("content"), source) == expected[folder]
            assert Content.get_relative_source_path(_item("content", source)) == expected[folder]


def _item(path_setting: str, source_path: str | None = None):
    import types

    return types.SimpleNamespace(settings={"PATH": path_setting}, source_path=source_path)


class _Counted:
    """A content item with a language, a translation key and, optionally, ``translation``
    metadata; ``==`` by identity, as Pelican's content objects, counted."""

    comparisons = 0

    def __init__(self, key, lang, translation=None):
        self.key, self.lang, self.source_path = key, lang, f"{key}-{lang}.md"
        self.in_default_lang = lang == "en"
        self.metadata = {} if translation is None else {"translation": translation}

    def __eq__(self, other):
        type(self).comparisons += 1
        return self is other

    __hash__ = object.__hash__


def _random_items(rng, groups):
    items = []
    for key in range(groups):
        for lang in rng.sample(["en", "vi", "fr", "en"], rng.randint(1, 4)):
            items.append(_Counted(f"k{key:03}", lang, rng.choice([None, None, "true", "false"])))
    rng.shuffle(items)
    return items


def test_translations_found_by_group_are_pelicans_with_its_warnings(monkeypatch, caplog):
    import random

    from pelican import generators, utils
    from pelican.log import LimitFilter

    from newsdesk.pelican.pelican_api import translations_by_group

    monkeypatch.setattr(generators, "process_translations", utils.process_translations)
    # Pelican logs a message once per process: both calls must be heard.
    monkeypatch.setattr(LimitFilter, "_raised_messages", set())
    translations_by_group()
    by_group = generators.process_translations
    assert by_group is not utils.process_translations
    rng = random.Random(11)
    for _ in range(40):
        items = _random_items(rng, rng.randint(0, 30))
        theirs, ours = list(items), list(items)
        caplog.clear()
        LimitFilter._raised_messages.clear()
        expected = utils.process_translations(theirs, "key")
        expected_warnings = [record.getMessage() for record in caplog.records]
        expected_links = {id(item): list(item.translations) for item in items}
        caplog.clear()
        LimitFilter._raised_messages.clear()
        found = by_group(ours, "key")
        assert [[id(x) for x in part] for part in found] == [[id(x) for x in part] for part in expected]
        assert [record.getMessage() for record in caplog.records] == expected_warnings
        assert {id(item): list(item.translations) for item in items} == expected_links
        assert [id(x) for x in ours] == [id(x) for x in theirs]  # the caller's list sorted alike
    assert by_group(list(items), None) == (list(items), [])
    with pytest.raises(AttributeError, match="'translation_id'"):
        by_group([_Counted("k", "en")], "missing")


def test_translations_found_by_group_take_comparisons_in_proportion_to_the_articles(monkeypatch):
    from pelican import generators, utils

    from newsdesk.pelican.pelican_api import translations_by_group

    monkeypatch.setattr(generators, "process_translations", utils.process_translations)
    translations_by_group()
    counts = {}
    for groups in (200, 800):
        items = [_Counted(f"k{key:04}", lang) for key in range(groups) for lang in ("en", "vi")]
        _Counted.comparisons = 0
        generators.process_translations(items, "key")
        counts[groups] = _Counted.comparisons
    # Four times the articles, four times the comparisons (Pelican's own: sixteen times).
    assert counts[800] <= 4 * counts[200] + 8
