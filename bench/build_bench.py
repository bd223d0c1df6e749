"""Time vanilla Pelican, our cold bilingual build and our rebuild after one edit, for several corpus sizes.

Each build's HTML pages are counted the same way (every ``*.html`` file it wrote) and its peak
memory is the largest single process's (the build's or one of its language workers').
When Debian's ``hugo`` is installed, (h) is Hugo building the same corpus in every language with a
minimal bilingual configuration and minimal layouts, printed beside ours as a peer.

(a) vanilla Pelican, default theme and settings, the English articles alone, one process;
(b) ``python -m newsdesk build`` of every language from a clean state (no cache, no output);
(c) the same build again after one article's body was edited (cache and previous output kept):
    "first" is the rebuild right after the cold build, the other a later one.
Goals: time per page of (b) <= 0.5 x (a)'s, b/a <= 2.5, c/b <= 0.1 at N = 2000,
c(10000)/c(2000) <= 2, peak memory of (b) <= 2 x (a)'s.

Three parts of (b) are also timed alone, as floors: (m) Python-Markdown converting every source
once per language, the languages at once (one process each, as the build runs them), (s)
Pagefind indexing every language of (b)'s output at once, as a cold build's search step does,
and (p) a share card (newsdesk/site/pictures.py) for every source in every language, into an
empty cache, the languages at once. Our build cannot take less than m + s + p cold.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent

logger = logging.getLogger(__name__)

PROJECT_PARTS = ("content", "theme", "translations", "data")
VANILLA_SETTINGS = """\
SITENAME = "Vanilla"
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
"""


def site_languages() -> tuple[str, str]:
    """(source language, first other language) from the site's own settings."""
    from newsdesk.site.build import read_base_settings

    multilang = read_base_settings(ROOT / "pelicanconf.py")["MULTILANG"]
    others = [code for code in multilang["languages"] if code != multilang["default"]]
    return multilang["default"], others[0]


def make_site(ours: Path, count: int) -> list[Path]:
    """Our project (settings, theme, catalogues) in ``ours``, with a corpus of ``count``
    articles instead of the real content; returns the articles' sources."""
    for name in PROJECT_PARTS:
        shutil.copytree(ROOT / name, ours / name)
    shutil.copy(ROOT / "pelicanconf.py", ours / "pelicanconf.py")
    source_lang, target_lang = site_languages()
    return write_corpus(ours, count, source_lang, target_lang)


def make_projects(work: Path, count: int) -> tuple[Path, Path, list[Path]]:
    """Our project with the corpus, and a vanilla Pelican project with the same English articles."""
    ours = work / "site"
    sources = make_site(ours, count)
    vanilla = work / "vanilla"
    (vanilla / "content").mkdir(parents=True)
    for source in sources:
        shutil.copy(source, vanilla / "content" / source.name)
    (vanilla / "pelicanconf.py").write_text(VANILLA_SETTINGS)
    return ours, vanilla, sources


PEAK_MEMORY: dict[str, int] = {}  # command's first words -> largest peak RSS seen, in KiB


def timed(command: list[str], cwd: Path, name: str = "") -> float:
    """Seconds the command takes; its peak memory (the largest single process: wait4 counts the
    children it reaped) is kept in PEAK_MEMORY under ``name``."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - start
        if process.returncode != 0:
            out.seek(0)
            err.seek(0)
            raise SystemExit(
                f"{' '.join(command)} failed:\n{out.read()[-2000:].decode(errors='replace')}\n"
                f"{err.read()[-4000:].decode(errors='replace')}"
            )
    if name:
        PEAK_MEMORY[name] = max(PEAK_MEMORY.get(name, 0), usage.ru_maxrss)
    return elapsed


def html_pages(output: Path) -> int:
    """HTML pages a build wrote, counted alike for every builder."""
    return sum(1 for _ in output.rglob("*.html"))


HUGO_CONFIG = """\
baseURL = "https://example.org/"
defaultContentLanguage = "{default}"
defaultContentLanguageInSubdir = true
disableKinds = ["RSS"]
{languages}
"""
HUGO_LAYOUTS = {
    "_default/baseof.html": (
        '<!doctype html><html lang="{{ .Site.Language.Lang }}"><head><meta charset="utf-8">'
        "<title>{{ .Title }}</title></head><body>{{ block \"main\" . }}{{ end }}</body></html>"
    ),
    "_default/single.html": (
        '{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "02/01/2006" }}</time>'
        "{{ .Content }}{{ range .Translations }}<a href=\"{{ .RelPermalink }}\">{{ .Lang }}</a>{{ end }}"
        "</article>{{ end }}"
    ),
    "_default/list.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}<h2><a href="'
        '{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary }}</p>{{ end }}{{ end }}'
    ),
}


def make_hugo_project(work: Path, count: int) -> Path:
    from corpus import write_hugo_corpus

    project = work / "hugo"
    languages = site_languages()
    write_hugo_corpus(project, count, languages)
    blocks = "\n".join(
        f'[languages.{code}]\nlanguageCode = "{code}"\nweight = {weight}'
        for weight, code in enumerate(languages, start=1)
    )
    (project / "hugo.toml").write_text(HUGO_CONFIG.format(default=languages[0], languages=blocks))
    for name, text in HUGO_LAYOUTS.items():
        (project / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (project / "layouts" / name).write_text(text)
    return project


def edit_body(source: Path) -> None:
    """Change one sentence in the middle of the article's body, as an editor would."""
    text = source.read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    middle = len(paragraphs) // 2
    paragraphs[middle] = paragraphs[middle] + " An editor corrected this paragraph."
    source.write_text("\n\n".join(paragraphs), encoding="utf-8")


def _convert_each(paths: list[Path], markdown_settings: dict) -> float:
    """Seconds this process takes to convert each file with the site's Markdown settings."""
    from newsdesk.content.document import convert

    texts = [path.read_text(encoding="utf-8") for path in paths]
    start = time.perf_counter()
    for text in texts:
        convert(text, markdown_settings)
    return time.perf_counter() - start


def markdown_floor(ours: Path, sources: list[Path]) -> float:
    """(m): every source converted once per language, one process per language at once."""
    from newsdesk.site.build import read_base_settings

    settings = read_base_settings(ours / "pelicanconf.py")
    count = len(settings["MULTILANG"]["languages"])
    with ProcessPoolExecutor(count) as pool:
        return max(pool.map(_convert_each, [sources] * count, [settings["MARKDOWN"]] * count))


def _cards_each(paths: list[Path], site: str, cache: Path) -> float:
    """Seconds this process takes to make a share card for each source, into an empty cache."""
    from newsdesk.content.document import split_header
    from newsdesk.pelican.pictures import DEFAULTS
    from newsdesk.site import pictures

    fonts = (Path(DEFAULTS["font"]), Path(DEFAULTS["bold_font"]))
    titles = [split_header(path.read_text(encoding="utf-8"))[0]["title"][0] for path in paths]
    start = time.perf_counter()
    for title in titles:
        pictures.share_card(title, site, "25/10/2025", fonts, tuple(DEFAULTS["colours"]), cache)
    return time.perf_counter() - start


def cards_floor(ours: Path, sources: list[Path]) -> float:
    """(p): a share card for every source once per language, one process per language at once."""
    from newsdesk.site.build import read_base_settings

    settings = read_base_settings(ours / "pelicanconf.py")
    codes = settings["MULTILANG"]["languages"]
    with tempfile.TemporaryDirectory(prefix="bench-cards-") as scratch:
        caches = [Path(scratch) / code for code in codes]
        with ProcessPoolExecutor(len(codes)) as pool:
            return max(pool.map(_cards_each, [sources] * len(codes), [settings["SITENAME"]] * len(codes), caches))


def search_floor(ours: Path) -> float:
    """(s): Pagefind indexing each language of the built site, the languages at once."""
    from newsdesk.site import search

    output = ours / "output"
    codes = sorted(
        folder.name for folder in output.iterdir() if (folder / search.BUNDLE_FOLDER).is_dir()
    )
    pages = {code: search.scan(output / code, code)[0] for code in codes}
    with tempfile.TemporaryDirectory(prefix="bench-search-") as scratch:
        bundles = {code: Path(scratch) / code for code in codes}
        start = time.perf_counter()
        with ThreadPoolExecutor(len(codes)) as pool:
            list(
                pool.map(
                    lambda code: search.index_language(
                        output / code, code, pages[code], bundles[code]
                    ),
                    codes,
                )
            )
        return time.perf_counter() - start


def measure(count: int, work: Path, jobs: int | None, repeat: int) -> dict[str, float]:
    """The best of ``repeat`` runs of each measurement (the machine is shared; the minimum is the
    least disturbed)."""
    ours, vanilla, sources = make_projects(work, count)
    python = sys.executable
    vanilla_build = [
        python,
        "-m",
        "pelican",
        "content",
        "-o",
        "output",
        "-s",
        "pelicanconf.py",
        "-q",
    ]
    build = [python, "-m", "newsdesk", "build", "-s", str(ours / "pelicanconf.py")]
    if jobs:
        build += ["--jobs", str(jobs)]
    times: dict[str, list[float]] = {"a": [], "b": [], "c_first": [], "c": [], "m": [], "s": [], "p": []}
    hugo = shutil.which("hugo")
    hugo_project = make_hugo_project(work, count) if hugo else None
    if hugo:
        times["h"] = []
    pages = {}
    PEAK_MEMORY.clear()
    for round_number in range(repeat):
        shutil.rmtree(vanilla / "output", ignore_errors=True)
        times["a"].append(timed(vanilla_build, vanilla, "a"))
        pages["a"] = html_pages(vanilla / "output")
        for leftover in ("cache", "output", ".output-standby"):
            shutil.rmtree(ours / leftover, ignore_errors=True)
        times["b"].append(timed(build, ROOT, "b"))
        pages["b"] = html_pages(ours / "output")
        if hugo_project is not None:
            shutil.rmtree(hugo_project / "public", ignore_errors=True)
            times["h"].append(timed([hugo, "--quiet"], hugo_project, "h"))
            pages["h"] = html_pages(hugo_project / "public")
        times["m"].append(markdown_floor(ours, sources))
        times["s"].append(search_floor(ours))
        times["p"].append(cards_floor(ours, sources))
        # The first rebuild copies unchanged pages from the live folder; later ones find them
        # already in the standby folder (the state of a dev server, or of any machine that built
        # before).
        edit_body(sources[(2 * round_number + 1) * len(sources) // (2 * repeat + 1)])
        times["c_first"].append(timed(build, ROOT))
        edit_body(sources[(2 * round_number + 2) * len(sources) // (2 * repeat + 1)])
        times["c"].append(timed(build, ROOT))
    best = {name: min(values) for name, values in times.items()}
    best.update({f"pages_{name}": value for name, value in pages.items()})
    best.update({f"memory_{name}": value / 1024 for name, value in PEAK_MEMORY.items()})
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "sizes", nargs="*", type=int, default=[500, 2000], help="corpus sizes (default 500 2000)"
    )
    parser.add_argument("--jobs", type=int, help="languages built at once (default: all)")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each measurement; the best counts"
    )
    parser.add_argument(
        "--keep", type=Path, help="build in this folder and keep it (default: a temporary one)"
    )
    args = parser.parse_args(argv)
    rows = []
    for count in args.sizes:
        if args.keep:
            work = args.keep / str(count)
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            times = measure(count, work, args.jobs, args.repeat)
        else:
            with tempfile.TemporaryDirectory(prefix=f"bench-build-{count}-") as scratch:
                times = measure(count, Path(scratch), args.jobs, args.repeat)
        rows.append((count, times))
        print(
            f"N={count}: " + " ".join(f"{name}={value:.2f}" for name, value in times.items()),
            file=sys.stderr,
        )
    print(
        "| N | (a) vanilla Pelican, en | (b) ours cold, all languages | (c) ours after one edit"
        " (first rebuild) | b/a | c/b (first) | b per article |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for count, t in rows:
        print(
            f"| {count} | {t['a']:.2f} s | {t['b']:.2f} s | {t['c']:.2f} s ({t['c_first']:.2f} s) |"
            f" {t['b'] / t['a']:.2f} | {t['c'] / t['b']:.3f} ({t['c_first'] / t['b']:.3f}) |"
            f" {1000 * t['b'] / count:.1f} ms |"
        )
    print()
    print(
        "| N | pages (a) | pages (b) | (a) per page | (b) per page | per-page ratio b/a |"
        " peak memory (a) | peak memory (b) | memory b/a |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for count, t in rows:
        per_a, per_b = t["a"] / t["pages_a"], t["b"] / t["pages_b"]
        print(
            f"| {count} | {t['pages_a']} | {t['pages_b']} | {1000 * per_a:.2f} ms | {1000 * per_b:.2f} ms |"
            f" {per_b / per_a:.2f} | {t['memory_a']:.0f} MiB | {t['memory_b']:.0f} MiB |"
            f" {t['memory_b'] / t['memory_a']:.2f} |"
        )
    if any("h" in t for _, t in rows):
        print()
        print("| N | (h) Hugo, all languages (peer) | pages (h) | (h) per page | peak memory (h) | b/h |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: |")
        for count, t in rows:
            if "h" in t:
                print(
                    f"| {count} | {t['h']:.2f} s | {t['pages_h']} | {1000 * t['h'] / t['pages_h']:.2f} ms |"
                    f" {t['memory_h']:.0f} MiB | {t['b'] / t['h']:.2f} |"
                )
    else:
        print("\n(h) Hugo is not installed (apt-get install hugo); no peer line.")
    print()
    print(
        "| N | (m) Markdown alone, all languages | (s) Pagefind alone, all languages"
        " | (p) share cards alone, all languages | (m+s+p)/a: floor of b/a |"
    )
    print("| ---: | ---: | ---: | ---: | ---: |")
    for count, t in rows:
        print(
            f"| {count} | {t['m']:.2f} s | {t['s']:.2f} s | {t['p']:.2f} s |"
            f" {(t['m'] + t['s'] + t['p']) / t['a']:.2f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
