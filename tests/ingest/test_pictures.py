"""Pictures end to end on the ingest side: the article's own pictures copied once with their
captions, never logos, trackers, share buttons or advertisements, never a remote address."""

from __future__ import annotations

from tests.ingest.conftest import ROOT, body, header, only_article

OUTLETS = ROOT / "tests" / "fixtures" / "outlets"


def test_saved_page_keeps_its_article_pictures_and_captions(ingest):
    status, _, err, out = ingest(OUTLETS / "saved-complete" / "trang-tin.html")
    assert status == 0, err
    article = only_article(out)
    meta = header(article)
    assert meta["Source"] == "Báo Biển Xanh"
    assert meta["Source_URL"] == "https://baobienxanh.example/thoi-su/khai-mac-dien-dan-an-ninh-mang.html"
    slug = meta["Slug"]
    copied = sorted(p.name for p in (out.parent / "images" / slug).iterdir())
    assert copied == ["dai-bieu.png", "khai-mac.png"]
    text = body(article)
    assert (
        f"![Toàn cảnh phiên khai mạc]({{static}}/images/{slug}/khai-mac.png)\n\n"
        "/// caption\nToàn cảnh phiên khai mạc Diễn đàn. Ảnh: Minh Đức\n///"
    ) in text
    assert (
        f"![Các đại biểu dự diễn đàn]({{static}}/images/{slug}/dai-bieu.png)\n\n"
        "/// caption\nCác đại biểu trao đổi bên lề diễn đàn.\n///"
    ) in text
    assert "<!-- caption of a picture the source did not include: Khu vực trưng bày công nghệ tại diễn đàn. (Ảnh: BTC) -->" in text
    for once in ("Toàn cảnh phiên khai mạc Diễn đàn.", "Minh Đức", "Các đại biểu trao đổi bên lề"):
        assert text.count(once) == 1, once
    for furniture in (
        "cdn.baobienxanh",
        "cookie",
        "Đăng ký nhận bản tin",
        "Từ khóa",
        "Bình luận",
        "Bản quyền",
        "Giấy phép",
        "Tin liên quan",
        "Chia sẻ",
        "Quảng cáo",
        "logo",
        "pixel",
    ):
        assert furniture not in text, furniture
    assert "Ban tổ chức cho biết kết quả" in text


def test_text_dump_takes_the_picture_it_names_beside_it(ingest):
    status, _, err, out = ingest(OUTLETS / "dump-picture" / "ban-tin.txt")
    assert status == 0, err
    article = only_article(out)
    meta = header(article)
    assert meta["Date"] == "2025-11-20T15:00:00+07:00"
    assert meta["Title"] == "Hải quan ra mắt hệ thống phát hiện giao dịch bất thường"
    slug = meta["Slug"]
    assert (out.parent / "images" / slug / "kiem-tra.png").read_bytes() == (
        OUTLETS / "dump-picture" / "kiem-tra.png"
    ).read_bytes()
    assert (
        f"]({{static}}/images/{slug}/kiem-tra.png)\n\n/// caption\n"
        "Cán bộ hải quan kiểm tra dữ liệu trên hệ thống mới. Ảnh: Hải Yến\n///"
    ) in body(article)


def test_emphasised_paragraph_under_a_picture_is_its_caption(ingest, tmp_path):
    import shutil

    folder = tmp_path / "page_files"
    folder.mkdir()
    shutil.copy(OUTLETS / "saved-complete" / "trang-tin_files" / "khai-mac.png", folder / "anh.png")
    paragraphs = [
        f"<p>Đoạn {n}: các đại biểu đã thảo luận về việc chia sẻ chứng cứ điện tử theo Công ước "
        "Liên hợp quốc về chống tội phạm mạng tại Hà Nội.</p>"
        for n in range(4)
    ]
    source = tmp_path / "page.html"
    source.write_text(
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Đại biểu thảo luận</title>'
        '<meta property="og:site_name" content="Tin Miền Tây">'
        '<meta property="article:published_time" content="2025-11-28T07:30:00+07:00"></head><body>'
        f"<div class=\"noi-dung\"><h1>Đại biểu thảo luận</h1>{paragraphs[0]}"
        '<p style="text-align:center"><img src="page_files/anh.png" alt=""></p>'
        '<p style="text-align:center"><em>Các đại biểu tại phiên thảo luận. Ảnh: Ngọc Lan</em></p>'
        f"{''.join(paragraphs[1:])}</div></body></html>",
        encoding="utf-8",
    )
    status, _, err, out = ingest(source)
    assert status == 0, err
    article = only_article(out)
    slug = header(article)["Slug"]
    assert (
        f"]({{static}}/images/{slug}/anh.png)\n\n/// caption\n"
        "Các đại biểu tại phiên thảo luận. Ảnh: Ngọc Lan\n///"
    ) in body(article)
    assert "\n*Các đại biểu tại phiên thảo luận" not in body(article)  # not again as a paragraph


def test_caption_repeated_as_a_paragraph_is_kept_once(ingest, tmp_path):
    paragraphs = [
        f"<p>Paragraph {n} says that the delegates met in Hanoi to sign the Convention against "
        "Cybercrime and discussed how to share electronic evidence.</p>"
        for n in range(4)
    ]
    source = tmp_path / "page.html"
    source.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Delegates meet</title>'
        '<meta property="og:site_name" content="Port News">'
        '<meta property="article:published_time" content="2025-11-28T07:30:00+07:00"></head><body>'
        f"<article><h1>Delegates meet</h1>{paragraphs[0]}"
        '<figure><img src="https://cdn.example/a.jpg" alt="x"><figcaption>Delegates at the opening '
        "session in Hanoi. (Photo: VNA)</figcaption></figure>"
        "<p>Delegates at the opening session in Hanoi. (Photo: VNA)</p>"
        f"{''.join(paragraphs[1:])}</article></body></html>",
        encoding="utf-8",
    )
    status, _, err, out = ingest(source)
    assert status == 0, err
    assert body(only_article(out)).count("Delegates at the opening session") == 1
