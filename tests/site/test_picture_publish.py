"""Publishing cached pictures into an output folder: the output shows the cache's file as it is now."""

from __future__ import annotations

import os

from newsdesk.site import pictures


def test_a_picture_the_cache_made_again_replaces_the_one_published_before(tmp_path):
    cache, output = tmp_path / "cache", tmp_path / "output" / "share"
    cache.mkdir()
    (cache / "card.jpg").write_bytes(b"first card")
    pictures.publish(cache, [("card.jpg", "report.jpg")], output)
    pictures.publish(cache, [("card.jpg", "report.jpg")], output)  # published already
    assert (output / "report.jpg").read_bytes() == b"first card"
    # The cache writes a new file and renames it into place, as share_card does.
    (cache / ".card.jpg").write_bytes(b"second card")
    os.replace(cache / ".card.jpg", cache / "card.jpg")
    pictures.publish(cache, [("card.jpg", "report.jpg")], output)
    assert (output / "report.jpg").read_bytes() == b"second card"


def test_a_file_put_where_a_picture_goes_is_replaced_by_the_picture(tmp_path):
    cache, output = tmp_path / "cache", tmp_path / "output"
    cache.mkdir()
    output.mkdir()
    (cache / "card.jpg").write_bytes(b"card")
    (output / "report.jpg").write_bytes(b"something else")
    pictures.publish(cache, [("card.jpg", "report.jpg")], output)
    assert (output / "report.jpg").read_bytes() == b"card"
