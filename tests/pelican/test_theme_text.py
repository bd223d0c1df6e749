"""The theme's translations are text: escaped on the page, and checked for markup they add."""

from __future__ import annotations

import pytest
from babel.support import NullTranslations
from jinja2 import Environment

from newsdesk.i18n.checks import added_markup
from newsdesk.pelican.multilang import text_gettext


class Catalogue(NullTranslations):
    def __init__(self, strings: dict[str, str]):
        super().__init__()
        self.strings = strings

    def gettext(self, message):
        return self.strings.get(message, message)


def render(template: str, strings: dict[str, str]) -> str:
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    env.install_gettext_callables(**text_gettext(Catalogue(strings)), newstyle=True)
    return env.from_string(template).render(name="<b>x</b>")


def test_a_translation_is_escaped():
    page = render('<a href="#main">{{ _("Skip to content") }}</a>', {"Skip to content": "<script>alert(1)</script>"})
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_a_translation_cannot_leave_its_attribute():
    page = render('<nav aria-label="{{ _("Language") }}">', {"Language": '" onfocus="alert(1)" autofocus x="'})
    assert "onfocus=" not in page.replace("&#34; onfocus=&#34;", "")


def test_placeholders_are_escaped_too():
    page = render('{{ _("Hello %(name)s", name=name) }}', {"Hello %(name)s": "Chào %(name)s"})
    assert page == "Chào &lt;b&gt;x&lt;/b&gt;"


def test_a_source_message_with_markup_keeps_its_markup():
    page = render('{{ _("Read <em>this</em>") }}', {"Read <em>this</em>": "Đọc <em>bài này</em>"})
    assert page == "Đọc <em>bài này</em>"


@pytest.mark.parametrize(
    ("msgid", "msgstr", "expected"),
    [
        pytest.param("Skip to content", "<script>alert(1)</script>", "adds markup", id="script"),
        pytest.param("Language", "Ngôn ngữ &amp; vùng", "adds markup", id="reference"),
        pytest.param("Language", "Ngôn\x07 ngữ", "U+0007", id="control"),
        pytest.param("Read <em>this</em>", "Đọc <em>bài này</em>", None, id="same-markup"),
        pytest.param("Language", '" onfocus="x', None, id="quotes-are-text"),
    ],
)
def test_catalogue_rule_names_added_markup(msgid, msgstr, expected):
    problems = added_markup(msgid, msgstr)
    if expected is None:
        assert problems == []
    else:
        assert any(expected in problem for problem in problems)
