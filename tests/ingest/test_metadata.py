"""Slugs, dates and languages as editors expect them."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from newsdesk.ingest.language import detect_language
from newsdesk.ingest.metadata import parse_date, propose_dates, slugify
from newsdesk.ingest.rules import load_rules


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        pytest.param("Đà Nẵng", "da-nang", id="vietnamese-letters"),
        pytest.param(
            "Hà Nội sẵn sàng cho Lễ mở ký", "ha-noi-san-sang-cho-le-mo-ky", id="vietnamese-title"
        ),
        pytest.param(
            "Int’l community appreciates Vietnam’s work",
            "intl-community-appreciates-vietnams-work",
            id="apostrophes",
        ),
        pytest.param("A " + "very " * 30 + "long title", "a" + "-very" * 15, id="cut-at-a-word"),
    ],
)
def test_slug_is_ascii_and_transliterated(title, slug):
    assert slugify(title, load_rules().slug_length) == slug


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        pytest.param("25/10/2025", "2025-10-25T00:00:00+07:00", id="day-first"),
        pytest.param(
            "Thứ Bảy, 25/10/2025 - 09:15", "2025-10-25T09:15:00+07:00", id="vietnamese-weekday-time"
        ),
        pytest.param("Friday, 18/04/2025", "2025-04-18T00:00:00+07:00", id="english-weekday"),
        pytest.param("2025-10-25T02:15:00Z", "2025-10-25T02:15:00+00:00", id="iso-utc-kept"),
        pytest.param("2025-10-25 09:15", "2025-10-25T09:15:00+07:00", id="iso-without-zone"),
        pytest.param("3/11/2025", "2025-11-03T00:00:00+07:00", id="day-first-not-month-first"),
    ],
)
def test_dates_are_read_day_first_with_the_outlets_zone(text, iso):
    rules = load_rules()
    assert parse_date(text, ZoneInfo(rules.timezone), rules).isoformat() == iso


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        pytest.param(
            "The Convention was adopted by the General Assembly in December.", "en", id="english"
        ),
        pytest.param(
            "Công ước được Đại hội đồng Liên hợp quốc thông qua và mở ký tại Hà Nội.",
            "vi",
            id="vietnamese",
        ),
    ],
)
def test_language_is_detected_from_the_text(text, lang):
    assert detect_language(text, load_rules()) == lang


@pytest.mark.parametrize(
    ("text", "proposed"),
    [
        pytest.param(
            "Adopted on December 24, 2024; signed in Hanoi on 25 October 2025.",
            "2025-10-25, 2024-12-24",
            id="english-month-names",
        ),
        pytest.param(
            "Lễ mở ký diễn ra ngày 25 tháng 10 năm 2025, sau ngày 24/12/2024.",
            "2025-10-25, 2024-12-24",
            id="vietnamese",
        ),
        pytest.param("Maybe 12 delegates came in 2025.", "", id="no-date"),
    ],
)
def test_dates_the_text_mentions_are_proposed_latest_first(text, proposed):
    assert propose_dates(text, load_rules()) == proposed
