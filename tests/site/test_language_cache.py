"""The language cache folders: one per fingerprint of the code and settings, the others pruned."""

from __future__ import annotations

import os

from newsdesk.site import cache


def test_the_caches_of_the_other_settings_used_last_are_kept_and_older_ones_removed(tmp_path):
    names = [f"{number:016x}" for number in range(5)]
    for age, name in enumerate(names):
        (tmp_path / name).mkdir()
        os.utime(tmp_path / name, ns=(10**18 - age * 10**9,) * 2)  # names[0] used last
    (tmp_path / "not-a-fingerprint").mkdir()
    current = "f" * cache.FINGERPRINT_LENGTH
    assert cache.language_cache(tmp_path, current) == tmp_path / current
    kept = sorted(path.name for path in tmp_path.iterdir())
    assert kept == sorted([*names[: cache.KEEP_OTHERS], "not-a-fingerprint"])


def test_a_cache_in_use_counts_as_used_last(tmp_path):
    old, current = "0" * 16, "1" * 16
    for name in (old, current):
        (tmp_path / name).mkdir()
        os.utime(tmp_path / name, ns=(10**9, 10**9))
    cache.language_cache(tmp_path, current)
    assert (tmp_path / current).stat().st_mtime_ns > (tmp_path / old).stat().st_mtime_ns
