"""Pelican settings for local builds; publishconf.py adds what the hosted site needs."""



def _(message: str) -> str:
    """Marks a setting for the UI catalogue; each language's run translates it."""
    return message


AUTHOR = _("Hanoi Convention Desk")  # the publisher: feeds and share data, in each language
SITENAME = _("Hanoi Convention")
SITESUBTITLE = _("News and plain-language reference on the UN Convention against Cybercrime")
SITEURL = ""  # the whole site; each language lives under SITEURL/<lang>

PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "en"

# The languages of the site. A new language is one more code here plus its catalogues.
MULTILANG = {
    "languages": ("en", "vi"),
    "default": "en",
    "translations": "translations",
    # Dates as each language's press writes them (Babel patterns): in lists and archives, and in
    # an article's header. Every language needs both; Babel's CLDR defaults are never used.
    "date_formats": {
        "en": {"list": "d MMMM yyyy", "article": "EEEE, d MMMM yyyy"},
        "vi": {"list": "dd/MM/yyyy", "article": "EEEE, dd/MM/yyyy"},
    },
    # Vietnamese prose writes language names in lower case: "bản gốc tiếng Anh".
    "lowercase_language_names": ("vi",),
}

READERS = {"rst": None}  # content is Markdown
# The site's Pelican plugins, from the installed newsdesk package (newsdesk/pelican/).
PLUGINS = [
    "newsdesk.pelican.multilang",
    "newsdesk.pelican.content_i18n",
    "newsdesk.pelican.convention",
    "newsdesk.pelican.article_extras",
    "newsdesk.pelican.bylines",
    "newsdesk.pelican.front_page",
    "newsdesk.pelican.pictures",
    "newsdesk.pelican.corrections",
    "newsdesk.pelican.search_folds",
    "newsdesk.pelican.incremental",
    "newsdesk.pelican.template_cache",
    "newsdesk.pelican.taxonomy_lists",
    "newsdesk.pelican.fixed_urls",  # last: after every plugin that sets metadata
]

# Every source is published in every language: natively in its own, from its catalogue
# translations/<lang>/LC_MESSAGES/content/<key>.po in the others.
CONTENT_I18N = {
    "parallel_url": "articles/{slug}/parallel/",
    "parallel_save_as": "articles/{slug}/parallel/index.html",
    "page_parallel_url": "{url}parallel/",
    "page_parallel_save_as": "{url}parallel/index.html",
}

# Search: letters the index does not fold, and what readers type for them ("dai hoi dong" finds
# "Đại hội đồng"); the folded words go in a metadata field the search page hides (newsdesk/pelican/search_folds.py).
SEARCH_FOLDS = {"letters": {"đ": "d", "Đ": "D"}, "field": "folded"}

# Reading aids on article pages (newsdesk/pelican/article_extras.py).
ARTICLE_EXTRAS = {"words_per_minute": 200, "related_articles": 3}

# Bylines and sources (newsdesk/pelican/bylines.py): each outlet's name in every language.
BYLINES = {"outlets": "data/outlets.tsv"}

# Pictures (newsdesk/pelican/pictures.py): widths made for srcset (with WebP beside each) and
# the fonts of the share cards of articles without a picture (Debian: fonts-noto-core).
PICTURES = {
    "widths": (480, 800, 1200),
    "font": "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "bold_font": "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
}

# Where readers ask for a correction, named on the About page (newsdesk/pelican/corrections.py):
# the public issue tracker ("https://...") or the publisher's mailbox ("mailto:..."). Unset, the
# page names no address; `newsdesk check -s publishconf.py` warns (EDITING.md).
CORRECTIONS = {"contact": None}

# The front page (newsdesk/pelican/front_page.py): stories under the lead, and the figures of
# "The Convention at a glance", each sourced from data/convention/facts.tsv.
FRONT_PAGE = {
    "glance": "data/convention/glance.tsv",
    "facts": "data/convention/facts.tsv",
    "secondary": 3,
    "timeline_url": "convention/timeline/",
}

JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages", "convention"]
STATIC_PATHS = ["images"]
ARTICLE_URL = "articles/{slug}/"
ARTICLE_SAVE_AS = "articles/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
INDEX_SAVE_AS = "index.html"
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
DEFAULT_PAGINATION = 10

# One feed per language; items carry absolute links when SITEURL is absolute (publishconf.py).
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Pages the theme does not offer.
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
# "404": each language's page-not-found page, 404.html in its folder (newsdesk/site/root.py
# writes the root's, in every language).
DIRECT_TEMPLATES = ["index", "tags", "categories", "archives", "search", "manifest", "404"]
# The search page is the same in every language; Pagefind indexes the built site (newsdesk/site/search.py).
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
# A web app manifest per language, with the language's own name and start page.
MANIFEST_URL = "manifest.webmanifest"
MANIFEST_SAVE_AS = "manifest.webmanifest"

ARTICLE_TRANSLATION_ID = "slug"
PAGE_TRANSLATION_ID = "slug"

# Markdown as content is written: tables, heading ids ({#id}), figures with captions
# ("/// caption" blocks under an image), footnotes.
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.meta": {},
        "markdown.extensions.extra": {},
        "pymdownx.blocks.caption": {},
    },
    "output_format": "html5",
}
SLUGIFY_SOURCE = "basename"

DEFAULT_DATE_FORMAT = "%Y-%m-%d"
DELETE_OUTPUT_DIRECTORY = True
# Rebuilds: sources are read again only when their content changed (md5, as Git checkouts reset
# mtimes); pages are rendered again only when what they show changed (newsdesk/pelican/incremental.py).
# Each language has its own cache folder, CACHE_PATH/<lang>.
CACHE_PATH = "cache"
CHECK_MODIFIED_METHOD = "md5"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
GZIP_CACHE = False  # compressing the cache costs more time than the disk it saves
INCREMENTAL = {"enabled": True}
# gzip and Brotli copies of every text file, for hosts that serve them as they are (nginx's
# gzip_static, S3): publishconf.py turns them on; a local build has no use for them.
PRECOMPRESS = False

# `make check` (newsdesk/checks/command.py). Coverage is the least translated share of any catalogue, in
# percent: every catalogue is complete, and CI keeps it so; lower it only while a new article's
# translation is on its way.
# Translation quality checks (`newsdesk i18n check`, newsdesk/i18n/review.py and quality.py), per
# language pair "<source>-<target>" and per language. A translator marks a deliberate exception on
# the message: the flag "ignore-<check>", or "# i18n-check: ignore <check>: <reason>" (EDITING.md).
I18N_CHECK = {
    "names": "translations/names.tsv",
    "glossary": "translations/glossary.tsv",
    "pairs": {
        # length_ratio: the usual range of a translation's length over its source's;
        # free_terms: glossary terms whose rendering follows the sentence ("open for signature").
        "en-vi": {"length_ratio": (0.5, 1.9), "free_terms": ("signature",)},
        "vi-en": {"length_ratio": (0.5, 2.0)},
    },
    "untranslated_words": 6,
    # Words a language writes twice on purpose: "trở thành thành viên" (become a member),
    # "song song" (side by side).
    "doubled_words": {"vi": ("thành", "song")},
    "number_words": {
        "en": {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9, "ten": 10},
        "vi": {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8,
               "chín": 9, "mười": 10},
    },
}

SITE_CHECK = {
    "required_metadata": {"articles": ("Title", "Date", "Lang", "Slug"), "pages": ("Title",)},
    "unique_metadata": ("Slug", "Translation_Key"),
    "sources": "sources",
    # Publishing before translation: a new article passes untranslated (it waits in
    # `newsdesk i18n queue`); what the gate protects is translators' finished work, recorded in
    # translations/state.tsv by `newsdesk i18n update`: reported when it is lost, or fuzzy
    # for more than this many days (EDITING.md, "Publishing before translation").
    "fuzzy_days_allowed": 30,
}

# The Convention section (newsdesk/pelican/convention.py): its data, its URLs, and how each language refers
# to the Convention's articles and chapters in running text ("Articles 41 and 42", "Chương V").
CONVENTION = {
    "structure": "data/convention/structure.tsv",
    "facts": "data/convention/facts.tsv",
    "glossary": "translations/glossary.tsv",
    "hub_url": "convention/",
    "chapter_url": "convention/chapter-{numeral}/",
    "references": {
        "en": {
            "article": r"[Aa]rticles?",
            "chapter": r"[Cc]hapters?",
            "list": r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+",
            "range": r"\s*[-\u2013]\s*|\s+(?:to|through)\s+",
            # "Article 18 of the Budapest Convention" is another treaty's article.
            "other_instrument": (
                r"\s+of\s+(?:the\s+)?(?!(?:this\s+|the\s+)?(?:Convention\b|UN\s+Convention|"
                r"United\s+Nations\s+Convention|Hanoi\s+Convention))[A-Z0-9]"
            ),
            "names": [
                "United Nations Convention against Cybercrime",
                "UN Convention against Cybercrime",
                "Convention against Cybercrime",
                "UN Cybercrime Convention",
                "United Nations Cybercrime Convention",
                "Hanoi Convention",
            ],
        },
        "vi": {
            "article": r"[Đđ]iều",
            "chapter": r"[Cc]hương",
            "list": r"\s*,\s*(?:và\s+|hoặc\s+)?|\s+(?:và|hoặc)\s+",
            "range": r"\s*[-\u2013]\s*|\s+(?:đến|tới)\s+",
            # "Điều 288 Bộ luật Hình sự", "Điều 18 Công ước Budapest" belong to other texts.
            "other_instrument": (
                r"\s+(?:của\s+)?(?:(?:Bộ\s+luật|Luật|Nghị\s+định|Nghị\s+quyết|Thông\s+tư|"
                r"Hiến\s+pháp|Quyết\s+định)\b|(?:Công\s+ước|Hiệp\s+ước)\s+(?!này\b|Hà\s+Nội\b|"
                r"(?i:(?:của\s+)?Liên\s+Hợp\s+Quốc\s+về\s+chống\s+tội\s+phạm\s+mạng))\w)"
            ),
            "names": [
                "Công ước của Liên Hợp Quốc về chống tội phạm mạng",
                "Công ước Liên Hợp Quốc về chống tội phạm mạng",
                "Công ước Hà Nội",
            ],
        },
    },
}
