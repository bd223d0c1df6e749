"""The gzip and Brotli copies a publish build puts beside each text file."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import brotli

from newsdesk.site import precompress

PAGE = "<!doctype html><p>" + "The Hanoi Convention opened for signature. " * 40 + "</p>\n"


def publish(folder: Path, cache: Path) -> None:
    precompress.precompress_site({"PRECOMPRESS": True, "CACHE_PATH": str(cache)}, {}, [], folder)


def site(folder: Path, pages: dict[str, str]) -> Path:
    for name, text in pages.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_each_copy_holds_its_file_after_an_edit(tmp_path):
    cache = tmp_path / "cache"
    live = site(tmp_path / "live", {"en/a.html": PAGE, "en/b.html": PAGE + "<p>B</p>"})
    publish(live, cache)
    standby = site(tmp_path / "standby", {"en/a.html": PAGE, "en/b.html": PAGE + "<p>B, edited</p>"})
    publish(standby, cache)
    for name in ("en/a.html", "en/b.html"):
        page = (standby / name).read_bytes()
        assert gzip.decompress((standby / f"{name}.gz").read_bytes()) == page, name
        assert brotli.decompress((standby / f"{name}.br").read_bytes()) == page, name


def test_an_unchanged_file_s_copies_keep_the_time_they_were_published_with(tmp_path):
    # rsync and aws s3 sync compare sizes and modification times: copies written again would
    # be uploaded again on every deploy.
    cache = tmp_path / "cache"
    live = site(tmp_path / "live", {"en/a.html": PAGE})
    publish(live, cache)
    standby = site(tmp_path / "standby", {"en/a.html": PAGE})
    os.utime(standby / "en/a.html", ns=(1, 1))  # a page written again, as a cold build writes it
    publish(standby, cache)
    for suffix in (".gz", ".br"):
        before = (live / f"en/a.html{suffix}").stat()
        after = (standby / f"en/a.html{suffix}").stat()
        assert after.st_mtime_ns == before.st_mtime_ns, suffix
        assert after.st_size == before.st_size, suffix


def test_a_copy_is_never_written_through_to_the_live_site(tmp_path):
    cache = tmp_path / "cache"
    live = site(tmp_path / "live", {"en/a.html": PAGE})
    publish(live, cache)
    # A standby folder whose copy is the live folder's file (hard-linked), and whose page changed.
    standby = site(tmp_path / "standby", {"en/a.html": PAGE + "<p>edited</p>"})
    os.link(live / "en/a.html.gz", standby / "en/a.html.gz")
    publish(standby, cache)
    assert gzip.decompress((live / "en/a.html.gz").read_bytes()) == PAGE.encode()
    assert gzip.decompress((standby / "en/a.html.gz").read_bytes()) == (PAGE + "<p>edited</p>").encode()


def test_a_file_that_no_longer_compresses_smaller_loses_its_old_copies(tmp_path):
    folder = site(tmp_path / "site", {"en/a.html": PAGE})
    publish(folder, tmp_path / "cache")
    (folder / "en/a.html").write_text("<p>", encoding="utf-8")
    publish(folder, tmp_path / "cache")
    assert sorted(path.name for path in (folder / "en").iterdir()) == ["a.html"]


def test_copies_are_written_where_the_store_cannot_be_linked(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    publish(site(tmp_path / "first", {"en/a.html": PAGE}), cache)

    def cannot_link(source, target):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(precompress.os, "link", cannot_link)
    folder = site(tmp_path / "second", {"en/a.html": PAGE})
    publish(folder, cache)
    assert gzip.decompress((folder / "en/a.html.gz").read_bytes()) == PAGE.encode()
    assert brotli.decompress((folder / "en/a.html.br").read_bytes()) == PAGE.encode()


def test_a_store_entry_removed_during_the_build_still_gives_a_copy(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    publish(site(tmp_path / "first", {"en/a.html": PAGE}), cache)
    real_link = os.link

    def link_after_removal(source, target):
        Path(source).unlink()
        return real_link(source, target)

    monkeypatch.setattr(precompress.os, "link", link_after_removal)
    folder = site(tmp_path / "second", {"en/a.html": PAGE})
    publish(folder, cache)
    assert gzip.decompress((folder / "en/a.html.gz").read_bytes()) == PAGE.encode()
