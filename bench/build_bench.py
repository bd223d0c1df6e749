"""Time vanilla Pelican, our cold bilingual build and our rebuild after one edit, for several corpus sizes.

(a) vanilla Pelican, default theme and settings, the English articles alone, one process;
(b) ``python -m newsdesk build`` of every language from a clean state (no cache, no output);
(c) the same build again after one article's body was edited (cache and previous output kept):
    "first" is the rebuild right after the cold build, the other a later one.
Goals: b/a <= 1.0, c/b <= 0.1, and times that grow linearly with N.

Two parts of (b) are also timed alone, as floors: (m) Python-Markdown converting every source
once per language, the languages at once (one process each, as the build runs them), and (s)
Pagefind indexing every language of (b)'s output at once, as the build's search step does. Our
build cannot take less than m + s cold, and a rebuild that changes an indexed page of every
language (an edit to a source body does: the other languages show its new text until it is
translated) cannot take less than s.
"""

from __future__ import annotations

import argparse
import logging
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

PROJECT_PARTS = ("content", "theme", "translations")
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


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        raise SystemExit(
            f"{' '.join(command)} failed:\n{completed.stdout[-2000:]}\n{completed.stderr[-4000:]}"
        )
    return elapsed


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
    times: dict[str, list[float]] = {"a": [], "b": [], "c_first": [], "c": [], "m": [], "s": []}
    for round_number in range(repeat):
        shutil.rmtree(vanilla / "output", ignore_errors=True)
        times["a"].append(timed(vanilla_build, vanilla))
        for leftover in ("cache", "output", ".output-standby"):
            shutil.rmtree(ours / leftover, ignore_errors=True)
        times["b"].append(timed(build, ROOT))
        times["m"].append(markdown_floor(ours, sources))
        times["s"].append(search_floor(ours))
        # The first rebuild copies unchanged pages from the live folder; later ones find them
        # already in the standby folder (the state of a dev server, or of any machine that built
        # before).
        edit_body(sources[(2 * round_number + 1) * len(sources) // (2 * repeat + 1)])
        times["c_first"].append(timed(build, ROOT))
        edit_body(sources[(2 * round_number + 2) * len(sources) // (2 * repeat + 1)])
        times["c"].append(timed(build, ROOT))
    return {name: min(values) for name, values in times.items()}


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
            f"N={count}: " + " ".join(f"{name}={value:.2f}s" for name, value in times.items()),
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
        "| N | (m) Markdown alone, all languages | (s) Pagefind alone, all languages"
        " | (m+s)/a: floor of b/a | s/b: floor of c/b |"
    )
    print("| ---: | ---: | ---: | ---: | ---: |")
    for count, t in rows:
        print(
            f"| {count} | {t['m']:.2f} s | {t['s']:.2f} s | {(t['m'] + t['s']) / t['a']:.2f} |"
            f" {t['s'] / t['b']:.3f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
