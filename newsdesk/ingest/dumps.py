"""Stage 2 for text dumps: drop banner, widget and related-story lines, and keep what the lines that
carry metadata said: the outlet glued to the date, a byline, a dateline opening the lead,
"Source: URL" / "Nguồn: ..." lines, an agency signature or a closing "Theo Báo X".
"""

from __future__ import annotations

import logging
import re

from newsdesk.ingest.rules import Rules

logger = logging.getLogger(__name__)

IMAGE_FILE_NAME = re.compile(r"[\w.-]+\.(?:jpe?g|png|gif|webp|avif)", re.IGNORECASE)
# Stands in a text dump's lines before the file name of a picture.
IMAGE_PLACEHOLDER = "\ufffc"


# Dates and outlets are looked for as byline lines among this many first lines of a text dump.
_BYLINE_AREA = 15
# A byline holds a date and at most this many other words ("By Thu Ha |", "Thứ Sáu,").
_BYLINE_WORDS = 6
_WORDS = re.compile(r"[^\W\d_]+")


def clean_text(text: str, rules: Rules) -> tuple[list[str], dict[str, str]]:
    """The dump's lines without boilerplate, and what the removed lines said (findings)."""
    findings: dict[str, str] = {}
    kept: list[str] = []
    seen = 0
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if rules.is_end_marker(line):
            break
        if not line:
            kept.append("")
            continue
        seen += 1
        if IMAGE_FILE_NAME.fullmatch(line):
            # A bare file name stands where a picture was; the line after it is its caption.
            kept.append(IMAGE_PLACEHOLDER + line)
            continue
        if rules.is_boilerplate_line(line):
            continue
        if _take_source_url(line, rules, findings) or _take_source_name(line, rules, findings):
            continue
        if _take_outlet_date_line(line, rules, findings):
            continue
        if seen <= _BYLINE_AREA and _take_byline(line, rules, findings):
            continue
        dateline = split_dateline(line, rules) if seen <= _BYLINE_AREA else None
        if dateline:
            findings.setdefault("dateline", dateline[0])
            line = dateline[1]
        kept.append(line)
    _take_signature(kept, rules, findings)
    _take_closing_byline(kept, rules, findings)
    return kept, findings


def _take_closing_byline(lines: list[str], rules: Rules, findings: dict[str, str]) -> None:
    """A byline under the text ("Hoang Yen - 23/11/2025 08:00") among its last lines."""
    last = [index for index, line in enumerate(lines) if line][-3:]
    for index in reversed(last):
        if not lines[index].startswith(IMAGE_PLACEHOLDER) and _take_byline(lines[index], rules, findings):
            del lines[index]
            return


def _take_source_name(line: str, rules: Rules, findings: dict[str, str]) -> bool:
    """A "Source: Báo X" / "Nguồn: Báo X" line: the outlet's name, not a sentence."""
    labels = "|".join(re.escape(label) for label in rules.source_url_labels)
    match = re.fullmatch(rf"(?:{labels})\s*:\s*(.{{2,80}})", line, re.IGNORECASE)
    if not match or match.group(1).endswith(".") or len(match.group(1).split()) > 8:
        return False
    findings.setdefault("source_name", match.group(1).strip())
    return True


def date_in(line: str, rules: Rules) -> re.Match[str] | None:
    """The first date the line holds (with its time, when it gives one)."""
    matches = rules.date_matches(line)
    return matches[0] if matches else None


def byline_parts(line: str, rules: Rules) -> tuple[re.Match[str], str] | None:
    """When ``line`` is a byline (a date with few other words, not a sentence): the date's match
    and the name printed twice before it, if any ("Báo XBáo X21/11/2025" gives "Báo X")."""
    if len(line) > 140 or line.endswith((".", "?", "!", ":")) and not line.endswith(("a.m.", "p.m.")):
        return None
    match = date_in(line, rules)
    if match is None:
        return None
    before, after = line[: match.start()], line[match.end() :]
    doubled = re.fullmatch(r"\s*(\S.{1,79}?)\1\s*[-|,:]?\s*", before)
    if doubled:
        return match, doubled.group(1).strip()
    if len(_WORDS.findall(before + " " + after)) > _BYLINE_WORDS:
        return None
    return match, ""


# What separates a dateline from the text it opens: a dash or a colon.
_DATELINE_END = re.compile(r"\s*\)?\s*[-–—:|]+\s*")


def split_dateline(text: str, rules: Rules) -> tuple[str, str] | None:
    """A lead that opens with a dateline ("HAI PHONG, 14/11/2025 (GMT+7) – The coast guard ..."):
    the date and the text after it; None when the text does not open so."""
    match = date_in(text[:160], rules)
    if match is None or len(_WORDS.findall(text[: match.start()])) > _BYLINE_WORDS:
        return None
    end = _DATELINE_END.match(text, match.end())
    rest = text[end.end() :] if end else ""
    if not end or len(rest.split()) < 5:
        return None
    return match.group(0), rest


def _take_byline(line: str, rules: Rules, findings: dict[str, str]) -> bool:
    parts = byline_parts(line, rules)
    if parts is None:
        return False
    match, outlet = parts
    if outlet:
        findings.setdefault("byline_outlet", outlet)
    before = line[: match.start()].casefold()
    updated = any(word in before for word in rules.update_words)
    findings.setdefault("updated" if updated else "date_line", match.group(0))
    return True


def _take_source_url(line: str, rules: Rules, findings: dict[str, str]) -> bool:
    labels = "|".join(re.escape(label) for label in rules.source_url_labels)
    match = re.fullmatch(rf"(?:{labels})\s*:\s*(https?://\S+)", line, re.IGNORECASE)
    if not match:
        return False
    findings.setdefault("url", match.group(1))
    return True


def is_date_line(line: str, rules: Rules) -> bool:
    """Whether the line is only a date line, like "Thứ Bảy, 25/10/2025 - 09:15"."""
    return _take_outlet_date_line(line, rules, {})


def _take_outlet_date_line(line: str, rules: Rules, findings: dict[str, str]) -> bool:
    """A line that is only a date, perhaps after a weekday or the outlet's name (printed twice).

    An update date ("Updated: 26/10/2025") is removed too but never taken for the publication date.
    """
    rest, outlet = line, ""
    for name, source_name in rules.outlet_names():
        if rest.casefold().startswith(name.casefold()):
            while rest.casefold().startswith(name.casefold()):
                rest = rest[len(name) :].lstrip(" -|,")
            outlet = source_name
            break
    if outlet and not rest:
        findings.setdefault("outlet", outlet)  # the name alone on its line, the date elsewhere
        return True
    updated = next((w for w in rules.update_words if rest.casefold().startswith(w)), "")
    rest = rest[len(updated) :].lstrip(" :,-") if updated else rest
    for weekday in rules.weekdays:
        if rest.casefold().startswith(weekday.casefold()):
            rest = rest[len(weekday) :].lstrip(" ,-")
            break
    if not any(pattern.fullmatch(rest.strip()) for pattern in rules.date_patterns):
        return False
    if outlet:
        findings.setdefault("outlet", outlet)
    findings.setdefault("updated" if updated else "date_line", rest.strip())
    return True


def _take_signature(lines: list[str], rules: Rules, findings: dict[str, str]) -> None:
    """Remove a trailing agency signature and the "/." end mark before it."""
    while lines and not lines[-1]:
        lines.pop()
    if lines and lines[-1].casefold() in rules.agencies:
        findings["agency"] = rules.agencies[lines.pop().casefold()]
    elif lines:
        credit = rules.credit_pattern.fullmatch(lines[-1])
        if credit and len(credit["name"].split()) <= 6 and not credit["name"].endswith("."):
            findings.setdefault("credit_name", credit["name"].strip())  # "Theo Báo X" under the text
            lines.pop()
    while lines and not lines[-1]:
        lines.pop()
    if lines:
        lines[-1] = strip_end_mark(lines[-1])


def strip_end_mark(text: str) -> str:
    """Remove the Vietnamese end-of-article mark "/." (written "./." after a full stop)."""
    if not text.endswith("/."):
        return text
    text = text[:-2].rstrip()
    return text if text.endswith((".", "!", "?", '"', "”", ")")) else text + "."
