"""The ingest command as editors use it: re-runs, hand edits, failures, sidecars and --date."""

from __future__ import annotations

import shutil

import pytest

from tests.ingest.conftest import FIXTURES, SEEDS, header, only_article

SEED_WITH_DATE = SEEDS / "002_1fbe4b0bd141bb0e.txt"
SEED_WITHOUT_DATE = SEEDS / "004_175820c0bd8e0264.txt"


def test_rerun_writes_byte_identical_output(ingest):
    assert ingest(SEED_WITH_DATE, FIXTURES / "vi-nhandan-list.html")[0] == 0
    out = ingest(SEED_WITH_DATE)[3]
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    status, stdout, _, _ = ingest(SEED_WITH_DATE, FIXTURES / "vi-nhandan-list.html")
    assert status == 0
    assert "unchanged" in stdout
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first


def test_hand_edited_article_is_kept_unless_forced(ingest):
    out = ingest(SEED_WITH_DATE)[3]
    article = next(out.glob("*.md"))
    edited = article.read_text(encoding="utf-8").replace(
        "Waly made the statement", "Ms Waly made the statement"
    )
    article.write_text(edited, encoding="utf-8")

    status, _, err, _ = ingest(SEED_WITH_DATE)
    assert status == 1
    assert "--force" in err and str(article) in err
    assert article.read_text(encoding="utf-8") == edited

    status, _, _, _ = ingest(SEED_WITH_DATE, "--force")
    assert status == 0
    assert "Ms Waly" not in article.read_text(encoding="utf-8")


def test_skip_existing_leaves_articles_alone(ingest):
    out = ingest(SEED_WITH_DATE)[3]
    article = next(out.glob("*.md"))
    article.write_text("Title: edited\n\nby hand\n", encoding="utf-8")
    status, stdout, _, _ = ingest(SEED_WITH_DATE, "--skip-existing")
    assert status == 0 and "kept" in stdout
    assert article.read_text(encoding="utf-8") == "Title: edited\n\nby hand\n"


def test_partial_failure_reports_each_file_and_ingests_the_others(ingest, tmp_path):
    missing_date = tmp_path / "no-date.txt"
    shutil.copy(SEED_WITHOUT_DATE, missing_date)
    status, _, err, out = ingest(
        FIXTURES / "garbage.bin", SEED_WITH_DATE, missing_date, FIXTURES / "not-found.html"
    )
    assert status == 1
    lines = [line for line in err.splitlines() if line.strip()]
    assert any(line.startswith(f"{FIXTURES / 'garbage.bin'}: ") for line in lines)
    assert any(line.startswith(f"{missing_date}: ") for line in lines)
    assert any(line.startswith(f"{FIXTURES / 'not-found.html'}: ") for line in lines)
    assert "3 of 4 file(s) not ingested" in err
    assert "Traceback" not in err
    assert [p.name for p in out.iterdir()] == [header(only_article(out))["Slug"] + ".md"]


def test_missing_date_says_how_to_supply_it_and_proposes_one(ingest, tmp_path):
    source = tmp_path / "no-date.txt"
    shutil.copy(SEED_WITHOUT_DATE, source)
    status, _, err, out = ingest(source)
    assert status == 1
    assert "--date" in err and "no-date.txt.meta" in err and "Date: " in err
    assert "2024-12-24" in err  # a date the text mentions, offered for the editor to check
    assert not out.exists() or not list(out.iterdir())


@pytest.mark.parametrize(
    ("supply", "expected"),
    [
        pytest.param(("--date", "2025-03-27"), "2025-03-27T00:00:00+07:00", id="flag-date"),
        pytest.param(
            ("--date", "2025-03-27T10:30"), "2025-03-27T10:30:00+07:00", id="flag-date-time"
        ),
        pytest.param(
            ("--date", "27/03/2025 - 10:30"), "2025-03-27T10:30:00+07:00", id="flag-day-first"
        ),
        pytest.param(
            "Date: 2025-03-28T08:00:00+01:00\nSource: Vietnam News Agency\n",
            "2025-03-28T08:00:00+01:00",
            id="sidecar",
        ),
    ],
)
def test_date_supplied_by_flag_or_sidecar(ingest, tmp_path, supply, expected):
    source = tmp_path / "no-date.txt"
    shutil.copy(SEED_WITHOUT_DATE, source)
    if isinstance(supply, str):
        (tmp_path / "no-date.txt.meta").write_text(
            "# checked on the outlet's page\n" + supply, encoding="utf-8"
        )
        status, _, err, out = ingest(source, tmp_path / "no-date.txt.meta")
    else:
        status, _, err, out = ingest(source, *supply)
    assert status == 0, err
    meta = header(only_article(out))
    assert meta["Date"] == expected
    if isinstance(supply, str):
        assert meta["Source"] == "Vietnam News Agency"


def test_sidecar_gives_category_and_tags(ingest, tmp_path):
    source = tmp_path / "no-date.txt"
    shutil.copy(SEED_WITHOUT_DATE, source)
    (tmp_path / "no-date.txt.meta").write_text(
        "Date: 2025-03-27\nCategory: Diplomacy\nTags: Hanoi Convention,UNODC , \n", encoding="utf-8"
    )
    status, _, err, out = ingest(source)
    assert status == 0, err
    meta = header(only_article(out))
    assert meta["Category"] == "Diplomacy"
    assert meta["Tags"] == "Hanoi Convention, UNODC"


def test_malformed_sidecar_names_its_line(ingest, tmp_path):
    source = tmp_path / "no-date.txt"
    shutil.copy(SEED_WITHOUT_DATE, source)
    (tmp_path / "no-date.txt.meta").write_text(
        "Date: 2025-03-27\nPublished 2025\n", encoding="utf-8"
    )
    status, _, err, _ = ingest(source)
    assert status == 1
    assert f"{tmp_path / 'no-date.txt.meta'}:2: " in err


def test_failed_write_leaves_no_partial_file(ingest, tmp_path, monkeypatch):
    import os

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    status, _, err, out = ingest(SEED_WITH_DATE)
    assert status == 1
    assert "No space left on device" in err and "Traceback" not in err
    assert list(out.iterdir()) == []  # neither the article nor a temporary file


def test_same_slug_twice_is_refused(ingest, tmp_path):
    copy = tmp_path / "copy.txt"
    shutil.copy(SEED_WITH_DATE, copy)
    status, _, err, out = ingest(SEED_WITH_DATE, copy)
    assert status == 1
    assert "same slug" in err and "Slug:" in err
    assert len(list(out.glob("*.md"))) == 1
