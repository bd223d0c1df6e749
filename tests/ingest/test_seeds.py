"""The five seed sources: each becomes a clean article with the right metadata."""

from __future__ import annotations

import pytest

from tests.ingest.conftest import SEEDS, assert_article, body, header, only_article

CASES = [
    pytest.param(
        "000_ffe33f50cb497a5d.txt",
        {
            "Date": "2025-10-25T00:00:00+07:00",
            "Source": "Báo Đại biểu Nhân dân",
            "Source_URL": "https://daibieunhandan.vn/buoc-tien-moi-trong-hop-tac-giua-viet-nam-va-lien-hop-quoc-ve-phong-chong-toi-pham-mang-10392942.html",
        },
        [
            "<!-- caption of a picture the source did not include: Scenes from the reception. -->",
            "<!-- caption of a picture the source did not include: Minister Luong Tam Quang speaks at the reception. -->",
            "combating transnational crime, high-tech crime, and other non-traditional security challenges.\n",
        ],
        [
            "Vietnam.vn - Nền tảng",
            "inbound",
            ".jpg",
            "Báo Đại biểu Nhân dânBáo",
            "25/10/2025",
            "Comment (0)",
            "Please leave a comment",
            "Same tag",
            "Same category",
            "Christmas",
            "Source: https",
            "Heritage",
        ],
        id="seed-000",
    ),
    pytest.param(
        "001_c41dd5f749084e1c.txt",
        {"Date": "2025-09-23T00:00:00+07:00", "Source": "Báo Thế giới và Việt Nam"},
        [
            "<!-- caption of a picture the source did not include: Acting Minister of Foreign Affairs Le Hoai Trung (centre) presides over the event. (Photo: Bao Chi) -->",
            "<!-- caption of a picture the source did not include: Delegates attending the event. (Photo: Bảo Chi) -->",
            "The event attracted approximately 120 representatives",
        ],
        [
            "RELATED NEWS",
            "Petrovietnam",
            "Unite Nations",
            "\nVietnam introduces the Signing Ceremony",
        ],
        id="seed-001-sidecar",
    ),
    pytest.param(
        "002_1fbe4b0bd141bb0e.txt",
        {"Date": "2025-04-18T00:00:00+07:00", "Source": "VNA"},
        [
            "meets with Ghada Fathi Waly, United Nations (UN) Deputy Secretary-General",
            "effective implementation of the convention in the international community.\n",
        ],
        ["Friday, 18/04/2025", "/.", "\nVNA\n"],
        id="seed-002",
    ),
    pytest.param(
        "003_d10749717a2255f8.txt",
        {
            "Title": "The Hanoi Convention will be a landmark of Vietnam's multilateral diplomacy",
            "Date": "2025-10-06T00:00:00+07:00",
            "Source": "Đài Truyền hình Việt Nam",
        },
        [
            "<!-- caption of a picture the source did not include: Thứ trưởng Đặng Hoàng Giang (Nguồn: VGP) -->",
            "<!-- caption of a picture the source did not include: Deputy Minister Dang Hoang Giang (Source: VGP) -->",
            (
                "**Could you please tell us about the opportunities and challenges of this document "
                "for Vietnam's international integration in cyberspace?**"
            ),
            "Deputy Minister Dang Hoang Giang: It can be affirmed",
            "Thank you very much, Deputy Minister!",
        ],
        [
            "Đài truyền hình Việt NamĐài",
            "No data",
            "Mid-Autumn",
            "No videos available",
            "\n;\n",
            "Same author",
        ],
        id="seed-003-interview",
    ),
    pytest.param(
        "004_175820c0bd8e0264.txt",
        {"Date": "2025-03-27T00:00:00+07:00", "Source": "VNA"},
        [
            (
                "<!-- caption of a picture the source did not include: An overview of the seminar on the "
                "upcoming signing ceremony of the UN Convention against Cybercrime in Hanoi. (Photo: nhandan.vn) -->"
            ),
            "was officially adopted by the UN General Assembly on December 24, 2024.\n",
        ],
        ["un-convention-against-cybercrime.jpg", "See more", "Myanmar", "2024./.", "\nVNA\n"],
        id="seed-004-sidecar",
    ),
]


@pytest.mark.parametrize(("name", "expected_header", "must", "must_not"), CASES)
def test_seed_becomes_a_clean_article(ingest, name, expected_header, must, must_not):
    status, _, err, out = ingest(SEEDS / name)
    assert status == 0, err
    article = only_article(out)
    assert header(article)["Lang"] == "en"
    assert_article(article, expected_header, must, must_not)
    paragraphs = body(article).split("\n\n")
    captions = [p for p in paragraphs if p.startswith("<!-- caption")]
    assert len(captions) == len(set(captions)), "a caption appears twice"


def test_every_sentence_of_a_seed_body_is_kept(ingest):
    source = (SEEDS / "002_1fbe4b0bd141bb0e.txt").read_text(encoding="utf-8")
    status, _, _, out = ingest(SEEDS / "002_1fbe4b0bd141bb0e.txt")
    assert status == 0
    article = only_article(out)
    kept = [line for line in source.splitlines()[4:] if len(line) > 40]
    for line in kept:
        assert line.removesuffix("/.") in article, line


def test_captions_of_pictures_the_dump_lacks_are_out_of_readers_sight_and_named(ingest):
    from newsdesk.content.document import convert
    from newsdesk.content.sanitise import sanitise
    from newsdesk.project import read_base_settings
    from tests.pelican.sites import ROOT

    status, out_text, err, out = ingest(SEEDS / "001_c41dd5f749084e1c.txt")
    assert status == 0, err
    said = out_text + err
    assert "warning: 3 picture caption(s) without their picture kept as comments" in said
    assert "'Acting Minister of Foreign Affairs Le Hoai Trung (centre) presides over the event." in said
    markdown = read_base_settings(ROOT / "pelicanconf.py")["MARKDOWN"]
    page = sanitise(convert(body(only_article(out)), markdown)[0])
    assert "Photo: Bao Chi" not in page and "presides over the event" not in page
    assert "The event attracted approximately 120 representatives" in page
