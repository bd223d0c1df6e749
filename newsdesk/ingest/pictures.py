"""The pictures a saved page keeps beside it: which files may be copied into the site, and how.

A picture is copied only when it is a regular file inside the page's own folder (no symbolic link
on the way, no ".."), under the size cap, and its first bytes say it is an image of a type browsers
show. Anything else is left where it is, and the article keeps the picture's caption alone.
"""

from __future__ import annotations

import logging
import os
import posixpath
import stat
from pathlib import Path

logger = logging.getLogger(__name__)

MAX_PICTURE_BYTES = 20 * 1024 * 1024
# First bytes of the image types a browser shows, and the type each is.
_MAGIC = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)


def image_type(data: bytes) -> str | None:
    """The image type ``data`` starts as (jpeg, png, gif, webp, avif), or None."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp" and data[8:12] in (b"avif", b"avis"):
        return "avif"
    return None


# A picture this small on both sides is a tracker or a spacer, not a photo of the article.
_TRACKER_PIXELS = 2


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, GIF or JPEG picture, when its header says them."""
    if data.startswith(b"\x89PNG") and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data.startswith(b"GIF") and len(data) >= 10:
        return int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    if data.startswith(b"\xff\xd8"):
        index = 2
        while index + 9 < len(data) and data[index] == 0xFF:
            marker, length = data[index + 1], int.from_bytes(data[index + 2 : index + 4], "big")
            if marker in (0xC0, 0xC1, 0xC2, 0xC3):
                return (
                    int.from_bytes(data[index + 7 : index + 9], "big"),
                    int.from_bytes(data[index + 5 : index + 7], "big"),
                )
            index += 2 + length
    return None


def read_picture(folder: Path, relative: str) -> bytes | None:
    """The bytes of the picture ``relative`` (a POSIX path) inside ``folder``, or None when it is
    missing, not a regular file, reached through a link, outside the folder, not an image, or a
    tracker of a pixel or two."""
    parts = posixpath.normpath(relative).split("/")
    if not relative or relative.startswith("/") or ".." in parts or parts == ["."]:
        return None
    current = folder
    for part in parts:
        current = current / part
        try:
            info = os.lstat(current)
        except OSError:
            return None
        if stat.S_ISLNK(info.st_mode):
            logger.warning("%s: a symbolic link; pictures are copied only as files", current)
            return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_PICTURE_BYTES:
        return None
    try:
        descriptor = os.open(current, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK)
        with os.fdopen(descriptor, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                return None
            data = stream.read(MAX_PICTURE_BYTES + 1)
    except OSError:
        return None
    if len(data) > MAX_PICTURE_BYTES or image_type(data) is None:
        logger.warning("%s: not a picture (its first bytes are no image type); not copied", current)
        return None
    size = image_size(data)
    if size is not None and max(size) <= _TRACKER_PIXELS:
        logger.debug("%s: a tracker or spacer (%dx%d), not copied", current, *size)
        return None
    return data
