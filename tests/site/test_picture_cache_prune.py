"""The picture cache lets go of what no output shows: old cards and sizes do not pile up for good."""

from __future__ import annotations

import os
import time

from newsdesk.site import pictures
from newsdesk.site.build import build_site
from tests.pelican.sites import article, make_site, png, write

WEEK_AND_A_DAY = pictures.KEEP_SECONDS + 24 * 3600
SHOWN, DROPPED = f"{'1' * 32}.jpg", f"{'2' * 32}.jpg"  # cards are named by a digest


def aged(*paths) -> None:
    """Give files and folders the time they would have had a week and a day ago."""
    when = time.time() - WEEK_AND_A_DAY
    for path in paths:
        os.utime(path, (when, when))


def cached_card(cache, name: str, data: bytes = b"card") -> object:
    card = write(cache / pictures.CARDS / name, data)
    aged(card)
    return card


def test_an_old_card_no_output_links_to_is_removed_and_a_linked_one_kept(tmp_path):
    cache, output = tmp_path / "cache", tmp_path / "output"
    shown, dropped = cached_card(cache, SHOWN), cached_card(cache, DROPPED)
    pictures.publish(shown.parent, [(SHOWN, "report.jpg")], output / "share")
    aged(shown)  # linking leaves the file's time as it was
    assert pictures.prune(cache) == 1
    assert shown.is_file() and (output / "share" / "report.jpg").read_bytes() == b"card"
    assert not dropped.exists()


def test_a_card_made_this_week_is_kept_though_nothing_links_to_it(tmp_path):
    cache = tmp_path / "cache"
    card = write(cache / pictures.CARDS / SHOWN, b"card")  # another build may be about to link it
    assert pictures.prune(cache) == 0
    assert card.is_file()


def sizes_folder(cache, name: str):
    folder = cache / name
    for file in ("photo-480.webp", "photo-800.jpg", "sizes.json"):
        aged(write(folder / file, b"x"))
    aged(folder)
    return folder


def test_a_folder_of_sizes_goes_whole_once_no_output_links_to_any_of_its_files(tmp_path):
    cache, output = tmp_path / "cache", tmp_path / "output"
    kept, gone = sizes_folder(cache, "a" * 32), sizes_folder(cache, "b" * 32)
    pictures.publish(kept, [("photo-800.jpg", "photo-800.jpg")], output / "images")
    assert pictures.prune(cache) == 1
    assert sorted(path.name for path in kept.iterdir()) == ["photo-480.webp", "photo-800.jpg", "sizes.json"]
    assert not gone.exists()


def test_the_work_files_of_a_build_stopped_long_ago_are_removed(tmp_path):
    cache = tmp_path / "cache"
    stopped = sizes_folder(cache, f".{'c' * 32}.4242")
    card = cached_card(cache, f".{'d' * 32}.4242.jpg")
    pictures.prune(cache)
    assert not stopped.exists() and not card.exists()


def test_a_card_copied_out_where_links_cannot_go_is_kept_as_used(tmp_path, monkeypatch):
    cache, output = tmp_path / "cache", tmp_path / "output"
    card = cached_card(cache, SHOWN)

    def no_links(source, destination):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(pictures.os, "link", no_links)
    pictures.publish(card.parent, [(SHOWN, "report.jpg")], output / "share")
    assert os.stat(card).st_nlink == 1  # a copy: its link count cannot tell it is used
    assert pictures.prune(cache) == 0
    assert card.is_file()


def test_what_is_not_the_caches_is_left_alone_however_old(tmp_path):
    # PICTURES["cache"] set to a folder that holds other things too (the project's own folder).
    cache = tmp_path / "project"
    notes = write(cache / "data" / "notes.txt", "an editor's notes")
    aged(notes, notes.parent)
    other = cached_card(cache, "old-logo.jpg")
    assert pictures.prune(cache) == 0
    assert notes.read_text() == "an editor's notes" and other.is_file()


def test_no_cache_yet_is_no_error(tmp_path):
    assert pictures.prune(tmp_path / "missing") == 0


def test_a_build_removes_the_card_of_an_old_title_and_keeps_the_current_one(tmp_path):
    settings = make_site(tmp_path, {"a.md": article(Title="The first title")})
    output = tmp_path / "output"
    cards = tmp_path / "cache" / "pictures" / pictures.CARDS

    def build(title: str) -> set[str]:
        write(tmp_path / "content" / "articles" / "a.md", article(Title=title))
        build_site(settings, str(output), jobs=1, strict=True)
        made = set(os.listdir(cards))
        aged(*(cards / name for name in made))  # as if every card had been made a week ago
        return made

    first = build("The first title")
    assert len(first) == 2  # one card in each language
    second = build("A second title")
    # Both output folders (the live one and the standby one) still held the first cards.
    assert first <= second
    third = build("A second title")
    assert third == second - first, "the first title's cards outlived every output that showed them"
    for lang in ("en", "vi"):
        card = output / lang / "share" / "a-picture.jpg"
        assert card.is_file() and os.stat(card).st_nlink >= 2


def test_the_pictures_of_an_article_that_stays_are_never_removed(tmp_path):
    body = "A paragraph.\n\n![A red box]({static}/images/x/photo.png)\n"
    settings = make_site(tmp_path, {"a.md": article(body)})
    write(tmp_path / "content" / "images" / "x" / "photo.png", png(900, 600))
    cache, output = tmp_path / "cache" / "pictures", tmp_path / "output"
    build_site(settings, str(output), jobs=1, strict=True)
    everything = sorted(path for path in cache.rglob("*"))
    aged(*everything)
    build_site(settings, str(output), jobs=1, strict=True)
    assert sorted(path for path in cache.rglob("*")) == everything
    page = (output / "en" / "articles" / "a-picture" / "index.html").read_text(encoding="utf-8")
    assert "photo-800.webp" in page and (output / "en" / "images" / "x" / "photo-800.webp").is_file()
