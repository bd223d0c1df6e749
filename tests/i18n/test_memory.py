"""Translation memory: a new article's messages prefilled from what the site already translates."""

from __future__ import annotations

from newsdesk.i18n.catalogues import read_catalogue

from .conftest import content_po, run_i18n, set_translations, write_article

OLD = {
    "The Convention opened for signature in Hanoi on 25 October 2025.": (
        "Công ước được mở ký tại Hà Nội ngày 25/10/2025."
    ),
    "Viet Nam hosted the signing ceremony at the National Convention Center in Hanoi.": (
        "Việt Nam đăng cai lễ mở ký tại Trung tâm Hội nghị Quốc gia ở Hà Nội."
    ),
}
SAME, LIKE = list(OLD)
CLOSE = "Viet Nam hosted the signing ceremony at the National Convention Center, Hanoi."
NEW = "Sixty-five countries signed on the first day."


def test_a_new_article_is_prefilled_from_an_existing_one(small_project, capsys):
    write_article(small_project, list(OLD))
    run_i18n(small_project, "update")
    set_translations(content_po(small_project), {"Signing in Hanoi": "Lễ mở ký tại Hà Nội", **OLD})
    write_article(small_project, [SAME, CLOSE, NEW], name="second", Title="Second day")
    capsys.readouterr()
    assert run_i18n(small_project, "update") == 0
    out = capsys.readouterr().out
    assert "2 new message(s) prefilled from the translation memory" in out

    catalog = read_catalogue(content_po(small_project, "second"))
    exact, close, new = catalog[SAME], catalog[CLOSE], catalog[NEW]
    assert exact.string == OLD[SAME] and exact.fuzzy
    assert " ".join(exact.user_comments).startswith(
        "memory: exact match of translations/vi/LC_MESSAGES/content/signing.po:"
    )
    assert close.string == OLD[LIKE] and close.fuzzy and close.previous_id == [LIKE]
    assert "% match of translations/vi/LC_MESSAGES/content/signing.po:" in " ".join(
        close.user_comments
    )
    assert new.string == "" and not new.fuzzy

    capsys.readouterr()
    run_i18n(small_project, "stats")
    assert "   0 translated     2 fuzzy     2 untranslated  content/second" in capsys.readouterr().out
