"""Stage 4: the article's header (title, date, language, slug, source, address, summary).

Each fact is taken from the first place that gives it, in this order of trust:

1. ``--date`` (the date only), then the editor's sidecar file ``<source>.meta`` beside the source
   (``Key: value`` lines, ``#`` comments);
2. the page's JSON-LD (``NewsArticle``, ``Article``, ... ``WebPage``, in ``@graph`` or lists too):
   headline, datePublished, publisher, url / mainEntityOfPage, inLanguage;
3. Open Graph and ``article:*`` meta tags; then ``<meta name=pubdate|date|author|...>``,
   ``itemprop`` microdata and ``<time datetime>``;
4. ``<link rel=canonical>`` (the address); the site name that ends the ``<title>``;
5. the visible byline: day-first dates with or without weekday, time and "GMT+7", month words
   in English and Vietnamese; in a text dump also "Source:"/"Nguồn:" lines and the outlet's name
   printed before the date.

The outlet (Source) is the ``outlets.toml`` name of a known address first, then the name the page
gives (og:site_name, JSON-LD publisher, application-name, title suffix), then the host name, with
a warning so that an editor can add the outlet to ``outlets.toml``. The language the page declares
is checked against the text. A missing date or title is never guessed: the file fails with a
message that says how to supply it.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from unidecode import unidecode

from newsdesk.errors import IngestError
from newsdesk.ingest.extract import ExtractedArticle, element_text
from newsdesk.ingest.language import checked_language, declared_language
from newsdesk.ingest.rules import Rules
from newsdesk.ingest.text import one_line

logger = logging.getLogger(__name__)

SIDECAR_SUFFIX = ".meta"
# The places each fact is read from, most trusted first (findings of head.read_head and clean).
URL_KEYS = ("canonical", "og_url", "ld_url", "url", "saved_from")
DATE_KEYS = (
    "ld_published",
    "meta_published",
    "itemprop_published",
    "time_published",
    "date_line",
    "dateline",  # a date opening the lead ("HAI PHONG, 14/11/2025 (GMT+7) – ...")
    "time",
    "ld_updated",  # a page that gives only when it was updated
    "updated",
)
OUTLET_KEYS = (
    "outlet",  # a known outlet's name in a text dump's byline
    "agency",  # a news agency's signature under the text
    "source_name",  # a text dump's "Source: Báo X" line
    "site_name",
    "ld_publisher",
    "itemprop_publisher",
    "ld_site_name",
    "meta_publisher",
    "app_name",
    "title_suffix",
    "byline_outlet",  # a name printed twice before the date ("Báo XBáo X21/11/2025")
    "credit_name",  # "Theo Báo X" closing a text dump: the outlet it was taken from
    "dump_site_name",  # a short line above a text dump's headline
    "copyright_name",  # "© 2025 Báo X" at the foot of the page
)
SIDECAR_KEYS = ("Title", "Date", "Lang", "Slug", "Category", "Tags", "Source", "Source_URL", "Summary")
_YEAR = re.compile(r"\b(20\d{2})\b")


@dataclass(frozen=True)
class ArticleMeta:
    """The header of one ingested article, in the order it is written."""

    title: str
    date: datetime
    lang: str
    slug: str
    category: str
    source: str
    source_url: str
    summary: str
    tags: str = ""  # comma-separated, as Pelican reads them; editors give them in the sidecar
    warnings: tuple[str, ...] = ()  # what an editor should check, printed as "FILE: warning: ..."

    def header_lines(self) -> list[str]:
        """``Key: value`` lines; every value is one line of printable text, so that no value,
        whatever the page put in it, can end the header or add a line to it."""
        pairs = [
            ("Title", self.title),
            ("Date", self.date.isoformat(timespec="seconds")),
            ("Lang", self.lang),
            ("Slug", self.slug),
            ("Translation_Key", self.slug),
            ("Category", self.category),
        ]
        if self.tags:
            pairs.append(("Tags", self.tags))
        pairs.append(("Source", self.source))
        if self.source_url:
            pairs.append(("Source_URL", self.source_url))
        pairs.append(("Summary", self.summary))
        return [f"{key}: {one_line(value)}" for key, value in pairs]


def sidecar_path(source: Path) -> Path:
    return source.with_name(source.name + SIDECAR_SUFFIX)


def read_sidecar(source: Path) -> dict[str, str]:
    """The ``Key: value`` lines of the source's sidecar file, or nothing when it has none."""
    path = sidecar_path(source)
    if not path.exists():
        return {}
    values: dict[str, str] = {}
    text = path.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep or key not in SIDECAR_KEYS:
            raise IngestError(
                f"expected 'Key: value' with a key among {', '.join(SIDECAR_KEYS)}, got {line!r}",
                path,
                number,
            )
        values[key] = unicodedata.normalize("NFC", value.strip())
    return values


def build_metadata(
    article: ExtractedArticle, rules: Rules, date_override: str | None = None
) -> ArticleMeta:
    path, findings = article.path, article.findings
    sidecar = read_sidecar(path)
    zone = ZoneInfo(rules.timezone)
    title = sidecar.get("Title") or clean_title(article.title, findings, rules)
    body_text = " ".join(" ".join(article.body.itertext()).split())

    source_url = sidecar.get("Source_URL") or next(
        (url for key in URL_KEYS if (url := _http_url(findings.get(key, "")))), ""
    )
    problems = []
    date = None
    date_text = date_override or sidecar.get("Date")
    if date_text:
        date = parse_date(date_text, zone, rules)
        if date is None:
            where = "--date" if date_override else str(sidecar_path(path))
            problems.append(
                f"cannot read the date {date_text!r} given in {where}; "
                "write it as 2025-10-25 or 2025-10-25T09:15:00+07:00"
            )
    else:
        date = found_date(findings, body_text, zone, rules)
        if date is None and source_url:
            date = date_in_url(source_url, zone)  # the last place: the page's address
        if date is None:
            hint = propose_dates(body_text, rules)
            problems.append(
                "no publication date found; give it with --date 2025-10-25 or a line "
                f"'Date: 2025-10-25' in {sidecar_path(path).name} beside the source"
                + (f" (the text mentions {hint})" if hint else "")
            )
    source = sidecar.get("Source") or find_source(findings, source_url, rules)
    warnings: list[str] = []
    if not source and source_url:
        source = (urlsplit(source_url).hostname or "").removeprefix("www.")
        warnings.append(
            f"the page names no outlet; Source is its host name, {source}. Add the outlet to "
            f"newsdesk/ingest/outlets.toml (or a line 'Source: ...' to {sidecar_path(path).name})"
        )
    if not source:
        problems.append(
            f"no outlet name found; add a line 'Source: <outlet name>' to {sidecar_path(path).name}"
        )
    if not title:
        problems.append(f"no title found; add a line 'Title: ...' to {sidecar_path(path).name}")
    if problems:
        raise IngestError("; ".join(problems), path)

    summary = sidecar.get("Summary") or lead_of(article)
    lang = sidecar.get("Lang") or checked_language(
        declared_language(findings, rules), title + " " + body_text, rules, warnings
    )
    slug = slugify(one_line(sidecar.get("Slug") or title), rules.slug_length)
    if not slug:
        raise IngestError(
            f"the slug would be empty; give one of letters and digits ('Slug: hanoi-convention') "
            f"in {sidecar_path(path).name}",
            path,
        )
    category = sidecar.get("Category") or rules.category
    tags = ", ".join(tag.strip() for tag in sidecar.get("Tags", "").split(",") if tag.strip())
    return ArticleMeta(
        title, date, lang, slug, category, source, source_url, summary, tags, tuple(warnings)
    )


def clean_title(title: str, findings: dict[str, str], rules: Rules) -> str:
    """The title without an outlet name after a separator ("... - VnExpress")."""
    title = " ".join(title.split())
    if title.endswith(".") and not title.endswith(".."):
        title = title[:-1]
    names = [name for name, _ in rules.outlet_names()]
    names += [findings[key] for key in OUTLET_KEYS if findings.get(key)]
    for name in names:
        for separator in (" - ", " | ", " – ", " — "):
            suffix = separator + name
            if title.casefold().endswith(suffix.casefold()):
                return title[: -len(suffix)].strip()
    return title


def parse_date(text: str, zone: ZoneInfo, rules: Rules) -> datetime | None:
    """An ISO 8601, RFC 2822 or day-first date, or one with month words; without a zone (or a
    "GMT+7") it is taken in the outlets' time zone."""
    text = " ".join(text.split())
    value = _iso_or_rfc(text, zone)
    if value is None:
        for match in rules.date_matches(text):
            value = _from_match(match.groupdict(), rules)
            if value is not None:
                break
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=zone)


def _iso_or_rfc(text: str, zone: ZoneInfo) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    if re.fullmatch(r"1\d{9}(?:\d{3})?", text):  # Unix time, in seconds or milliseconds
        seconds = int(text[:10])
        return datetime.fromtimestamp(seconds, tz=UTC).astimezone(zone)
    if re.match(r"^[A-Za-z]{3}, \d{1,2} [A-Za-z]{3} \d{4}", text):
        try:
            return parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
    return None


def _from_match(parts: dict[str, str | None], rules: Rules) -> datetime | None:
    month = parts["month"] or ""
    number = int(month) if month.isdigit() else rules.month_numbers.get(" ".join(month.casefold().split()))
    if number is None:
        return None
    day = int(parts["day"])
    if number > 12 and day <= 12 and month.isdigit():
        number, day = day, number  # written month first ("11/25/2025"), as some English pages do
    hour, minute = int(parts.get("hour") or 0), int(parts.get("minute") or 0)
    ampm = (parts.get("ampm") or "").casefold().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    tzinfo = None
    if parts.get("offset"):
        sign = -1 if parts["offset"].strip().startswith("-") else 1
        digits = re.sub(r"[^\d]", "", parts["offset"])
        hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
        if hours > 14:
            return None
        tzinfo = timezone(sign * timedelta(hours=hours, minutes=minutes))
    try:
        return datetime(int(parts["year"]), number, day, hour, minute, tzinfo=tzinfo)
    except ValueError:
        return None


def found_date(
    findings: dict[str, str], body_text: str, zone: ZoneInfo, rules: Rules
) -> datetime | None:
    """The publication date the page gives, from the most trusted place that gives one."""
    for key in DATE_KEYS:
        if findings.get(key):
            value = parse_date(findings[key], zone, rules)
            if value is not None:
                return value
    return None


_URL_DATE = (
    re.compile(r"/(?P<year>20\d{2})[/-](?P<month>[01]?\d)[/-](?P<day>[0-3]?\d)(?:/|$|-)"),
    re.compile(r"[-_/](?P<year>20\d{2})(?P<month>[01]\d)(?P<day>[0-3]\d)(?:\d{0,12})(?:\.\w+|/|$|-)"),
)


def date_in_url(url: str, zone: ZoneInfo) -> datetime | None:
    """The date a page's address holds (".../2025/11/03/...", "...-20251103093000.htm"): the last
    place to look, when the page shows none."""
    path = urlsplit(url).path
    for pattern in _URL_DATE:
        match = pattern.search(path)
        if match:
            try:
                return datetime(int(match["year"]), int(match["month"]), int(match["day"]), tzinfo=zone)
            except ValueError:
                continue
    return None


def propose_dates(text: str, rules: Rules) -> str:
    """Dates the text mentions, latest first, for the editor to check."""
    years = _YEAR.findall(text)
    default_year = max(set(years), key=years.count) if years else None
    found = set()
    for pattern in rules.mentioned_date_patterns:
        for match in pattern.finditer(text):
            year = match.group("year") or default_year
            month = match.group("month")
            number = int(month) if month.isdigit() else rules.month_numbers.get(month.casefold())
            if not year or number is None:
                continue
            try:
                found.add(datetime(int(year), number, int(match.group("day"))))
            except ValueError:
                continue
    return ", ".join(d.date().isoformat() for d in sorted(found, reverse=True)[:3])


def find_source(findings: dict[str, str], source_url: str, rules: Rules) -> str:
    """The outlet: a known address's name, an outlet named in the byline or signature, then the
    name the page gives itself ("" when none)."""
    for key in ("canonical", "og_url", "ld_url", "url", "saved_from"):
        url = source_url if key == "canonical" else _http_url(findings.get(key, ""))
        outlet = rules.outlet_for_domain(urlsplit(url).hostname or "") if url else None
        if outlet:
            return outlet.name
    for key in OUTLET_KEYS:
        if key == "credit_name" and source_url:
            continue  # the page's own address names its publisher; the credit, the text's origin
        name = one_line(findings.get(key, ""))
        if name and not _http_url(name) and len(name) <= 100:
            return name
    return ""


def lead_of(article: ExtractedArticle) -> str:
    for block in article.body:
        if block.tag == "p" and block.get("class") != "question" and not block.xpath(".//img"):
            text = element_text(block)
            if text:
                return text
    return ""


def slugify(title: str, limit: int) -> str:
    """ASCII slug: Vietnamese letters transliterated ("Đà Nẵng" -> "da-nang"), cut at a word.

    Lower case ASCII letters, digits and hyphens only, so that two slugs that look alike (NFC and
    NFD, case only, hidden bidi controls) are the same slug, and no slug leaves its folder."""
    ascii_title = unidecode(unicodedata.normalize("NFC", title)).lower().replace("'", "")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")
    if len(slug) > limit:
        slug = slug[: limit + 1].rsplit("-", 1)[0]
    return slug


_URL = re.compile(r"https?://[^\s<>\"'\\^`{|}]+", re.IGNORECASE)


def _http_url(url: str) -> str:
    """``url`` when it is one whole http(s) address (no space, control character or quote)."""
    url = url.strip()
    return url if _URL.fullmatch(url) and url.isprintable() else ""
