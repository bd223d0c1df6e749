"""The language of an article: the one its page declares, checked against what its text reads as.

The detector knows the languages of ``outlets.toml`` ``[languages.*]``: each gives its commonest
words and the letters only it uses. A text's score for a language is the share of its words that
are among the common words plus twice the share of its letters that are the language's own; the
highest score wins. Measured on the test fixtures and seeds, one sentence is enough to tell the
site's languages apart.
"""

from __future__ import annotations

import logging
import re

from newsdesk.ingest.rules import Rules

logger = logging.getLogger(__name__)

# Where a page declares its language, most trusted first (findings of head.read_head).
DECLARED_KEYS = ("ld_lang", "html_lang", "og_locale", "meta_lang")
# Below this many words a text's detected language is not trusted over a declared one.
_MIN_WORDS = 20
# A declared language is replaced only when another scores this much higher.
_MARGIN = 0.08
_WORD = re.compile(r"[^\W\d_]+")


def language_scores(text: str, rules: Rules) -> dict[str, float]:
    """Each known language's score for ``text`` (see the module's docstring)."""
    lowered = text.casefold()
    words = _WORD.findall(lowered)
    letters = [ch for ch in lowered if ch.isalpha()]
    scores = {}
    for lang, spec in rules.languages.items():
        word_share = sum(1 for w in words if w in spec.words) / len(words) if words else 0.0
        own = sum(1 for ch in letters if ch in spec.letters) / len(letters) if letters else 0.0
        scores[lang] = word_share + 2 * own
    return scores


def detect_language(text: str, rules: Rules) -> str:
    """The known language ``text`` reads as."""
    scores = language_scores(text, rules)
    return max(sorted(scores), key=lambda lang: scores[lang])


def declared_language(findings: dict[str, str], rules: Rules) -> str | None:
    """The known language the page declares (``vi-VN`` and ``vi_VN`` read as ``vi``), or None."""
    for key in DECLARED_KEYS:
        value = findings.get(key, "").strip().replace("_", "-").split("-")[0].casefold()
        if value in rules.languages:
            return value
        if value:
            logger.debug("declared language %r (%s) is not one ingest knows", value, key)
    return None


def checked_language(declared: str | None, text: str, rules: Rules, warnings: list[str]) -> str:
    """The declared language unless the text clearly reads as another (then that one, with a
    warning added to ``warnings``); the detected one when nothing is declared."""
    scores = language_scores(text, rules)
    detected = max(sorted(scores), key=lambda lang: scores[lang])
    if declared is None or declared == detected:
        return detected
    if len(_WORD.findall(text)) < _MIN_WORDS or scores[detected] - scores[declared] < _MARGIN:
        return declared
    warnings.append(
        f"the page declares the language {declared!r} but its text reads as {detected!r}; "
        f"Lang: {detected} (give 'Lang: ...' in the .meta file if that is wrong)"
    )
    return detected
