"""What is learnt from a file is learnt again whenever its bytes may have changed."""

from __future__ import annotations

import os
import time

import pytest

from newsdesk.content import stamps
from newsdesk.content.stamps import FileStamps


@pytest.fixture
def settled(monkeypatch):
    """Files count as settled at once, as files written long before the build do."""
    monkeypatch.setattr(stamps, "SETTLED_NS", -1)


def test_an_unchanged_file_is_not_read_again(tmp_path, settled):
    path = tmp_path / "a.md"
    path.write_text("Title: A\n", encoding="utf-8")
    memo = FileStamps(tmp_path / "stamps.pickle")
    reads = []
    memo.value(path, "size", lambda p: reads.append(p) or len(p.read_bytes()))
    memo.save()
    again = FileStamps(tmp_path / "stamps.pickle")
    assert again.value(path, "size", lambda p: reads.append(p) or -1) == 9
    assert reads == [path]


def test_an_edit_that_keeps_the_size_and_the_modification_time_is_seen(tmp_path, settled):
    """rsync -t, tar and touch -d restore modification times; the status-change time tells."""
    path = tmp_path / "a.md"
    path.write_text("Body: one\n", encoding="utf-8")
    old = os.stat(path)
    memo = FileStamps(tmp_path / "stamps.pickle")
    first = memo.sha256(path)
    memo.save()
    time.sleep(0.05)  # more than a tick of the file system's clock
    path.write_text("Body: two\n", encoding="utf-8")  # the same size
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))
    assert os.stat(path).st_mtime_ns == old.st_mtime_ns
    assert FileStamps(tmp_path / "stamps.pickle").sha256(path) != first


def test_a_file_written_just_now_is_read_again(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("Body: one\n", encoding="utf-8")
    memo = FileStamps(tmp_path / "stamps.pickle")
    memo.sha256(path)
    assert memo.known == {}


def test_a_damaged_file_of_stamps_is_read_as_none(tmp_path, settled):
    (tmp_path / "stamps.pickle").write_bytes(b"\x80\x05 not a pickle")
    path = tmp_path / "a.md"
    path.write_text("x", encoding="utf-8")
    assert FileStamps(tmp_path / "stamps.pickle").value(path, "size", lambda p: 1) == 1
