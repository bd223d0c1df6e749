"""Pages of outlets that outlets.toml does not know: metadata from wherever the page puts it."""

from __future__ import annotations

import pytest

from tests.ingest.conftest import ROOT, assert_article, body, header, only_article

OUTLETS = ROOT / "tests" / "fixtures" / "outlets"


DELEGATES_EN = (
    "Paragraph {n} says that the delegates met in Hanoi to sign the Convention against Cybercrime"
    " and discussed how to share electronic evidence."
)
DELEGATES_VI = (
    "Đoạn {n}: các đại biểu đã thảo luận về việc chia sẻ chứng cứ điện tử theo Công ước Liên hợp"
    " quốc về chống tội phạm mạng tại Hà Nội."
)


def numbered(paragraph: str, count: int = 4) -> str:
    """``count`` paragraphs of ``paragraph`` ("{n}" numbers them): enough text to be an article."""
    return "".join(f"<p>{paragraph.format(n=n)}</p>" for n in range(count))

CASES = [
    pytest.param(
        "en-jsonld-graph.html",
        {
            "Title": "Asean ministers back the Hanoi Convention",
            "Date": "2025-11-04T16:30:00+07:00",
            "Lang": "en",
            "Source": "Mekong Review Daily",
            "Source_URL": "https://mekongreview.example/asean-ministers-back-hanoi-convention",
        },
        ["Foreign ministers of the Association", "next summit of the bloc"],
        ["01/12/2026", "Mekong Review Daily"],
        id="json-ld-graph-only",
    ),
    pytest.param(
        "vi-og-only.html",
        {
            "Title": "Tập huấn kỹ năng phòng chống lừa đảo trực tuyến cho sinh viên",
            "Date": "2025-11-12T08:05:00+07:00",
            "Lang": "vi",
            "Source": "Báo Sông Hồng Điện tử",
            "Source_URL": "https://songhong.example/tap-huan-ky-nang-phong-chong-lua-dao-a1234.html",
        },
        ["Sáng 12/11, Công an tỉnh", "trong năm học này."],
        ["Trang chủ"],
        id="open-graph-only",
    ),
    pytest.param(
        "en-byline-suffix.html",
        {
            "Title": "City police train officers in handling digital evidence",
            "Date": "2025-12-05T09:30:00+07:00",
            "Lang": "en",
            "Source": "Riverside Times",
        },
        ["The city police department has begun", "by the end of next year."],
        ["GMT+7", "By Minh Anh", "05/12/2025"],
        id="visible-byline-title-suffix-no-lang",
    ),
    pytest.param(
        "vi-dateline-gmt.html",
        {"Date": "2025-11-07T10:15:00+07:00", "Lang": "vi", "Source": "Tin Nhanh Miền Trung"},
        ["Ngày 7/11, tại Đà Nẵng", "theo Công ước Hà Nội."],
        ["GMT+7", "Thứ Sáu, 07/11/2025"],
        id="vietnamese-weekday-dateline-gmt",
    ),
    pytest.param(
        "en-weekday-comma.html",
        {
            "Title": "Lawmakers review draft law on data protection",
            "Date": "2025-11-07T10:15:00+07:00",
            "Source": "Capital Law Review",
        },
        ["Members of the National Assembly"],
        ["Friday, 07/11/2025"],
        id="english-weekday-date-time-application-name",
    ),
    pytest.param(
        "vi-month-words.html",
        {
            "Date": "2025-10-25T00:00:00+07:00",
            "Lang": "vi",
            "Source": "phapluat-moi.example",
            "Source_URL": "https://phapluat-moi.example/viet-nam-chia-se-kinh-nghiem-78.html",
        },
        ["Tại phiên thảo luận bên lề"],
        ["ngày 25 tháng 10 năm 2025"],
        id="vietnamese-month-words-host-name",
    ),
    pytest.param(
        "en-month-words-itemprop.html",
        {
            "Title": "Interpol welcomes the new treaty",
            "Date": "2025-10-26T15:45:00+07:00",
            "Source": "Global Security Wire",
        },
        ["The international police organisation said on Sunday"],
        ["3:45 PM"],
        id="english-month-words-microdata-publisher",
    ),
    pytest.param(
        "en-time-unknown-host.html",
        {
            "Date": "2025-11-20T07:45:00+07:00",
            "Source": "coastpost.example",
            "Source_URL": "https://www.coastpost.example/business/banks-join-campaign",
        },
        ["Twelve commercial banks"],
        [],
        id="time-published-over-page-clock",
    ),
    pytest.param(
        "vi-nolang.html",
        {"Lang": "vi", "Source": "Tin Tây Nguyên", "Date": "2025-11-18T06:00:00+07:00"},
        ["Công an tỉnh vừa phát đi cảnh báo"],
        [],
        id="no-lang-detected-vietnamese",
    ),
    pytest.param(
        "declared-en-reads-vi.html",
        {"Lang": "vi", "Source": "Cổng Tin Số"},
        ["ra mắt cổng thông tin cảnh báo"],
        [],
        id="declared-language-checked",
    ),
    pytest.param(
        "aggregator-doubled.txt",
        {
            "Title": "Việt Nam đề nghị các nước sớm phê chuẩn Công ước Hà Nội",
            "Date": "2025-11-21T14:20:00+07:00",
            "Lang": "vi",
            "Source": "Báo Lao Động Thủ Đô",
            "Source_URL": "https://laodongthudo.example/viet-nam-de-nghi-som-phe-chuan-cong-uoc-ha-noi-12345.html",
        },
        ["Tại phiên họp của Ủy ban Pháp luật", "trong quá trình thực thi."],
        ["Thời sự", "Trang chủ", "Tin Mới 24h", "21/11/2025", "Xem thêm", "Từ khóa", "Nguồn", "Giá vàng"],
        id="aggregator-dump-doubled-outlet",
    ),
    pytest.param(
        "english-byline-dump.txt",
        {
            "Title": "Provinces set up hotlines for victims of online fraud",
            "Date": "2025-12-05T09:30:00+07:00",
            "Lang": "en",
            "Source": "The Delta Observer",
            "Source_URL": "https://deltaobserver.example/politics/provinces-set-up-hotlines-for-victims-of-online-fraud",
        },
        ["Every province will open a hotline", "against Cybercrime."],
        ["Politics", "By Thu Ha", "GMT+7", "Read more", "Tags:", "newsletter", "©", "Source:"],
        id="english-dump-menu-byline-footer",
    ),
    pytest.param(
        "vi-dump-dateline-gmt.txt",
        {
            "Title": "Tuần tra mạng: lực lượng chức năng xử lý hơn 300 trang web lừa đảo",
            "Date": "2025-11-07T10:15:00+07:00",
            "Source": "Báo Điện tử Tuần Tra",
        },
        ["Trong tháng 10, lực lượng chức năng"],
        ["GMT+7", "Nguồn"],
        id="vietnamese-dump-dateline-source-name",
    ),
]


@pytest.mark.parametrize(("name", "expected_header", "must", "must_not"), CASES)
def test_page_of_an_unknown_outlet_becomes_an_article(ingest, name, expected_header, must, must_not):
    status, _, err, out = ingest(OUTLETS / name)
    assert status == 0, err
    article = only_article(out)
    assert_article(article, expected_header, must, must_not)
    meta = header(article)
    assert meta["Summary"] and "GMT" not in meta["Summary"]
    assert meta["Summary"] in body(article)


def test_host_name_as_outlet_is_a_warning_naming_the_file(ingest):
    status, _, err, _ = ingest(OUTLETS / "vi-month-words.html")
    assert status == 0
    assert str(OUTLETS / "vi-month-words.html") in err and "outlets.toml" in err


def test_declared_language_that_the_text_contradicts_is_a_warning(ingest):
    status, _, err, _ = ingest(OUTLETS / "declared-en-reads-vi.html")
    assert status == 0
    assert str(OUTLETS / "declared-en-reads-vi.html") in err and "'en'" in err


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param(
            '<!DOCTYPE html><html><head><title>404 - Unknown Daily</title>'
            '<meta property="og:site_name" content="Unknown Daily"></head>'
            "<body><h1>Page not found</h1><p>Sorry.</p></body></html>",
            "error page",
            id="404-of-unknown-outlet",
        ),
        pytest.param("   \n", "empty", id="empty"),
    ],
)
def test_pages_that_are_not_articles_are_still_refused(ingest, tmp_path, content, reason):
    source = tmp_path / "page.html"
    source.write_text(content, encoding="utf-8")
    status, _, err, _ = ingest(source)
    assert status == 1
    assert f"{source}: " in err and reason in err


def test_headline_with_an_error_word_is_an_article(ingest, tmp_path):
    source = tmp_path / "loi-bao-mat.html"
    paragraphs = numbered(
        "Đoạn {n}: các chuyên gia cho biết lỗi bảo mật này cho phép kẻ gian đọc dữ liệu của "
        "khách hàng nếu ứng dụng chưa được cập nhật lên phiên bản mới nhất."
    )
    source.write_text(
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        "<title>Phát hiện lỗi bảo mật nghiêm trọng trong ứng dụng ngân hàng</title>"
        '<meta property="og:site_name" content="Tin Công Nghệ">'
        '<meta property="article:published_time" content="2025-11-30T10:00:00+07:00"></head>'
        f"<body><article><h1>Phát hiện lỗi bảo mật nghiêm trọng trong ứng dụng ngân hàng</h1>{paragraphs}"
        "</article></body></html>",
        encoding="utf-8",
    )
    status, _, err, out = ingest(source)
    assert status == 0, err
    assert header(only_article(out))["Title"] == "Phát hiện lỗi bảo mật nghiêm trọng trong ứng dụng ngân hàng"


def test_date_in_the_address_when_the_page_shows_none(ingest, tmp_path):
    source = tmp_path / "story.html"
    paragraphs = numbered(DELEGATES_EN)
    source.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Delegates meet</title>'
        '<link rel="canonical" href="https://daily.example/2025/11/03/delegates-meet/"></head>'
        f"<body><article><h1>Delegates meet</h1>{paragraphs}</article></body></html>",
        encoding="utf-8",
    )
    status, _, err, out = ingest(source)
    assert status == 0, err
    assert header(only_article(out))["Date"] == "2025-11-03T00:00:00+07:00"


def test_date_of_the_site_header_is_not_the_articles(ingest, tmp_path):
    source = tmp_path / "tin.html"
    paragraphs = numbered(DELEGATES_VI)
    source.write_text(
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Đại biểu thảo luận</title>'
        '<meta property="og:site_name" content="Tin Miền Tây"></head><body>'
        '<div class="header-top"><span class="today">Thứ Hai, 01/12/2026</span></div>'
        '<div id="menu-top"><span>Trang chủ</span> <span>Thời sự</span></div>'
        '<div class="main"><h1>Đại biểu thảo luận về chứng cứ điện tử</h1>'
        '<div class="byline">Ngọc Lan - Cập nhật lúc 08:00, 29/11/2025</div>'
        '<div class="byline">Đăng lúc 07:30, 28/11/2025</div>'
        f"{paragraphs}</div></body></html>",
        encoding="utf-8",
    )
    status, _, err, out = ingest(source)
    assert status == 0, err
    assert header(only_article(out))["Date"] == "2025-11-28T07:30:00+07:00"


def test_dateline_opening_the_lead_gives_the_date_and_leaves_the_text(ingest):
    status, _, err, out = ingest(OUTLETS / "en-dump-lead-dateline.txt")
    assert status == 0, err
    article = only_article(out)
    meta = header(article)
    assert meta["Date"] == "2025-11-14T00:00:00+07:00"
    assert meta["Title"] == "Coast guard joins regional drill against maritime cyber attacks"
    assert meta["Summary"].startswith("The coast guard took part on Friday")
    assert body(article).startswith("The coast guard took part on Friday")


def test_dateline_opening_an_html_lead(ingest, tmp_path):
    source = tmp_path / "story.html"
    rest = numbered("Paragraph {n} says that the delegates discussed how to share electronic evidence.", 3)
    source.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Drill held</title>'
        '<meta property="og:site_name" content="Port News"></head><body><article><h1>Drill held</h1>'
        "<p>HANOI, Nov. 14, 2025 (GMT+7) — Officials from six countries met in Hanoi on Friday to "
        f"test how ports respond to cyber attacks.</p>{rest}</article></body></html>",
        encoding="utf-8",
    )
    status, _, err, out = ingest(source)
    assert status == 0, err
    meta = header(only_article(out))
    assert meta["Date"] == "2025-11-14T00:00:00+07:00"
    assert meta["Summary"].startswith("Officials from six countries")


def test_date_split_over_elements_and_outlet_from_the_copyright_line(ingest, tmp_path):
    source = tmp_path / "bai.html"
    paragraphs = numbered(DELEGATES_VI)
    source.write_text(
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Đại biểu thảo luận</title>'
        '<script type="application/ld+json">//<![CDATA[\n{"@type": "NewsArticle", "headline": '
        '"Đại biểu thảo luận về chứng cứ điện tử"}\n//]]></script></head><body>'
        '<div class="main"><h1>Đại biểu thảo luận về chứng cứ điện tử</h1>'
        '<div class="post-date">Ngày <b>28</b> tháng <b>11</b> năm 2025</div>'
        f"{paragraphs}</div><div class=\"bottom\">© 2025 Báo Đồng Bằng. Giữ bản quyền.</div>"
        "</body></html>",
        encoding="utf-8",
    )
    status, _, err, out = ingest(source)
    assert status == 0, err
    meta = header(only_article(out))
    assert meta["Date"] == "2025-11-28T00:00:00+07:00"
    assert meta["Source"] == "Báo Đồng Bằng"
    assert meta["Title"] == "Đại biểu thảo luận về chứng cứ điện tử"


def test_closing_theo_line_of_a_dump_names_the_outlet(ingest):
    status, _, err, out = ingest(OUTLETS / "vi-dump-theo.txt")
    assert status == 0, err
    article = only_article(out)
    assert header(article)["Source"] == "Báo Đồng Nai Mới"
    assert "Theo Báo" not in body(article)
    assert "Theo cơ quan công an, nhiều người" in body(article)


def test_byline_block_of_a_page_is_not_body(ingest, tmp_path):
    source = tmp_path / "story.html"
    rest = numbered(
        "Paragraph {n} says that the delegates discussed how to share electronic evidence "
        "between their police forces.", 3
    )
    source.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Drill held</title>'
        '<meta property="og:site_name" content="Port News"></head><body><article><h1>Drill held</h1>'
        f"<p>Reported by Thu Trang, 14/11/2025 16:20</p>{rest}</article></body></html>",
        encoding="utf-8",
    )
    status, _, err, out = ingest(source)
    assert status == 0, err
    article = only_article(out)
    assert header(article)["Date"] == "2025-11-14T16:20:00+07:00"
    assert "Thu Trang" not in body(article)


def test_byline_under_a_dump_gives_its_date(ingest):
    status, _, err, out = ingest(OUTLETS / "en-dump-byline-at-end.txt")
    assert status == 0, err
    article = only_article(out)
    assert header(article)["Date"] == "2025-11-23T08:00:00+07:00"
    assert "Hoang Yen" not in body(article)


@pytest.mark.parametrize(
    ("start", "date_meta", "expected"),
    [
        pytest.param(
            '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN">\n',
            '<meta name="pubdate" content="1763452800">',
            "2025-11-18T15:00:00+07:00",
            id="xhtml-declaration-unix-time",
        ),
        pytest.param(
            "<title>Delegates meet</title>\n",
            '<meta name="date" content="11/25/2025">',
            "2025-11-25T00:00:00+07:00",
            id="title-first-month-first-date",
        ),
    ],
)
def test_unusual_page_starts_and_date_forms(ingest, tmp_path, start, date_meta, expected):
    source = tmp_path / "story.html"
    paragraphs = numbered(DELEGATES_EN)
    source.write_text(
        f'{start}<html lang="en"><head><meta charset="utf-8"><title>Delegates meet</title>{date_meta}'
        '<meta property="og:site_name" content="Port News"></head>'
        f"<body><article><h1>Delegates meet</h1>{paragraphs}</article></body></html>",
        encoding="utf-8",
    )
    status, _, err, out = ingest(source)
    assert status == 0, err
    article = only_article(out)
    assert header(article)["Date"] == expected
    assert "<p>" not in article and "DOCTYPE" not in article
