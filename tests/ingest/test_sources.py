"""Realistic sources in several outlet layouts: what each article must and must not contain."""

from __future__ import annotations

import unicodedata

import pytest

from tests.ingest.conftest import FIXTURES, assert_article, body, header, only_article

HEADER_ORDER = [
    "Title",
    "Date",
    "Lang",
    "Slug",
    "Translation_Key",
    "Category",
    "Source",
    "Source_URL",
    "Summary",
]

CASES = [
    pytest.param(
        "en-vietnamplus-figure.html",
        {
            "Title": "Hanoi ready to welcome delegates to Convention signing",
            "Date": "2025-10-25T09:15:00+07:00",  # the publication date, not "Updated: 26/10/2025"
            "Lang": "en",
            "Source": "VNA",
            "Source_URL": "https://en.vietnamplus.vn/hanoi-ready-to-welcome-delegates-post330001.vnp",
        },
        [
            "Hanoi has completed preparations to host the signing ceremony",  # the lead
            "<!-- caption of a picture the source did not include: Delegates arrive at the National Convention Centre in Hanoi on October 24. (Photo: VNA) -->",
            "## A convention named after the capital",
            '> "We are proud that the Convention carries the name of Hanoi,"',
            "international cooperation against cybercrime.\n",
        ],
        [
            "media.vietnamplus.vn",
            "![",
            "RELATED NEWS",
            "Tourism arrivals",
            "Comment (0)",
            "Share on Facebook",
            "Politics",
            "Copyright",
            "/.",
            "\nVNA\n",
            "Updated",
        ],
        id="en-html-figure-remote-image",
    ),
    pytest.param(
        "vi-nhandan-list.html",
        {
            "Title": "Đà Nẵng tập huấn phòng, chống tội phạm mạng cho cán bộ cơ sở",
            "Date": "2025-11-03T14:20:00+07:00",
            "Lang": "vi",
            "Slug": "da-nang-tap-huan-phong-chong-toi-pham-mang-cho-can-bo-co-so",
            "Source": "Báo Nhân Dân",
        },
        [
            "Ngày 3/11, Công an thành phố Đà Nẵng",
            "- giả danh cơ quan công an, viện kiểm sát để yêu cầu chuyển tiền;",
            "- lừa đảo tuyển dụng việc làm trực tuyến.",
            "## Tăng cường phối hợp với người dân",
            "an toàn trên không gian mạng.\n",
        ],
        [
            "Tin liên quan",
            "Đọc nhiều",
            "Giá vàng",
            "Trang chủ",
            "TTXVN",
            "/.",
            "Cơ quan Trung ương",
        ],
        id="vi-html-list-heading",
    ),
    pytest.param(
        "vi-interview/phong-van.html",
        {"Lang": "vi", "Date": "2025-10-25T09:15:00+07:00", "Source": "Báo Quốc tế"},
        [
            "**Thưa Thứ trưởng, việc Công ước mang tên Hà Nội có ý nghĩa như thế nào đối với Việt Nam?**",
            "**Thưa Thứ trưởng, Việt Nam sẽ làm gì sau lễ mở ký?**",
            "Thứ trưởng: Chúng ta sẽ hoàn thiện khung pháp lý",
            "/// caption\nThứ trưởng Bộ Ngoại giao trả lời phỏng vấn báo chí. (Ảnh: Tuấn Anh)\n///",
            "Xin trân trọng cảm ơn Thứ trưởng!",
        ],
        [
            "Bình luận",
            "Cùng chuyên mục",
            "Triển lãm ảnh",
            "Thứ Bảy, 25/10/2025",
            "Cơ quan của Bộ Ngoại giao",
        ],
        id="vi-html-interview-local-image",
    ),
    pytest.param(
        "en-dump.txt",
        {
            "Title": "Cybercrime convention opens for signature in Hanoi",
            "Date": "2025-10-25T09:15:00+07:00",
            "Lang": "en",
            "Source_URL": "https://vietnam.vn/en/cybercrime-convention-opens-for-signature-in-hanoi",
        },
        [
            "<!-- caption of a picture the source did not include: Delegates at the opening session of the signing ceremony. -->",
            "share electronic evidence and to cooperate in investigations across borders.\n",
        ],
        [
            "Vietnam.vn - Nền tảng",
            "ceremony-hanoi-2025.jpg",
            "Comment (0)",
            "Please leave a comment",
            "Same category",
            "Lantern festival",
            "Saturday, 25/10/2025",
            "Updated",
            "Source: https",
        ],
        id="en-text-dump",
    ),
    pytest.param(
        "vi-dump.txt",
        {
            "Title": "Hà Nội sẵn sàng cho Lễ mở ký Công ước về chống tội phạm mạng",
            "Date": "2025-10-24T00:00:00+07:00",
            "Lang": "vi",
            "Source": "Báo Nhân Dân",
        },
        [
            "<!-- caption of a picture the source did not include: Trung tâm Hội nghị Quốc gia được trang trí chuẩn bị cho lễ mở ký. (Ảnh: TTXVN) -->",
            "<!-- caption of a picture the source did not include: The National Convention Centre decorated for the signing ceremony. (Photo: VNA) -->",
            "hỗ trợ các đoàn đại biểu.\n",
        ],
        [
            "Báo Nhân DânBáo Nhân Dân",
            "24/10/2025",
            "/.",
            "\nTTXVN\n",
            "Bình luận",
            "Tin liên quan",
            "Giá xăng",
        ],
        id="vi-text-dump-bilingual-caption",
    ),
    pytest.param(
        "hostile.html",
        {"Date": "2025-10-20T08:00:00+00:00", "Source": "Example Security News"},
        [
            "pages that install malware",
            "paste the text &lt;script>alert(2)&lt;/script> into their browser",
            "report suspicious messages",
        ],
        [
            "<script",
            "<iframe",
            "onerror",
            "onload",
            "onclick",
            "javascript:",
            "evil.example",
            "<img",
            "Frame content",
            "hunter2",
            "alert('",
            "document.cookie",
            "<svg",
            "<object",
            "<embed",
        ],
        id="hostile-page",
    ),
    pytest.param(
        "legacy-cp1252.html",
        {
            "Title": "Donors pledge support for “digital evidence” training",
            "Date": "2025-09-30T00:00:00+07:00",
        },
        [
            "pledged €12 million",
            "Côte d’Ivoire, Perú",
            "the agency’s representative",
            "— from ransomware",
        ],
        ["\ufffd", "â€"],
        id="legacy-encoding-no-charset",
    ),
    pytest.param(
        "legacy-cp1258-vi.html",  # Windows-1258, tones as combining marks, no charset declared
        {"Title": "Đà Nẵng tập huấn phòng, chống tội phạm mạng cho cán bộ cơ sở", "Lang": "vi"},
        ["Ngày 3/11, Công an thành phố Đà Nẵng", "- lừa đảo tuyển dụng việc làm trực tuyến."],
        ["\ufffd", "Ã", "\u0301", "\u0323"],
        id="vietnamese-legacy-encoding-no-charset",
    ),
]


@pytest.mark.parametrize(("name", "expected_header", "must", "must_not"), CASES)
def test_source_becomes_a_clean_article(ingest, name, expected_header, must, must_not):
    status, _, err, out = ingest(FIXTURES / name)
    assert status == 0, err
    article = only_article(out)
    meta = header(article)
    assert [key for key in HEADER_ORDER if key in meta] == list(meta), "header keys out of order"
    assert meta["Translation_Key"] == meta["Slug"]
    assert meta["Slug"].isascii()
    assert meta["Category"] == "News"
    assert meta["Summary"] and meta["Summary"] in body(article)
    assert_article(article, expected_header, must, must_not)
    assert article == unicodedata.normalize("NFC", article)
    assert "\r" not in article and article.endswith("\n")


def test_local_image_is_copied_beside_the_content(ingest):
    status, _, _, out = ingest(FIXTURES / "vi-interview" / "phong-van.html")
    assert status == 0
    slug = header(only_article(out))["Slug"]
    copied = out.parent / "images" / slug / "thu-truong.png"
    assert (
        copied.read_bytes()
        == (FIXTURES / "vi-interview" / "phong-van_files" / "thu-truong.png").read_bytes()
    )
    assert f"]({{static}}/images/{slug}/thu-truong.png)" in only_article(out)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        pytest.param("not-found.html", "error page", id="404-page"),
        pytest.param("garbage.bin", "binary data", id="binary-garbage"),
    ],
)
def test_unusable_source_fails_with_a_reason_and_writes_nothing(ingest, name, reason):
    status, _, err, out = ingest(FIXTURES / name)
    assert status == 1
    assert f"{FIXTURES / name}: " in err and reason in err
    assert "Traceback" not in err
    assert not out.exists() or not any(out.iterdir())


def test_article_renders_with_the_sites_markdown_settings(ingest):
    import markdown

    import pelicanconf

    status, _, _, out = ingest(FIXTURES / "vi-interview" / "phong-van.html")
    assert status == 0
    settings = pelicanconf.MARKDOWN
    html = markdown.Markdown(
        extensions=list(settings["extension_configs"]),
        extension_configs=settings["extension_configs"],
        output_format=settings["output_format"],
    ).convert(only_article(out))
    figure = html[html.index("<figure>") : html.index("</figure>")]
    assert "<img" in figure and "thu-truong.png" in figure
    assert "<figcaption>" in figure and "(Ảnh: Tuấn Anh)" in figure
    assert html.count("Thứ trưởng Bộ Ngoại giao trả lời phỏng vấn báo chí") == 1
    assert "<p><strong>Thưa Thứ trưởng, Việt Nam sẽ làm gì sau lễ mở ký?</strong></p>" in html
