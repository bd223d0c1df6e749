"""Time `make check`'s stages that grow with the site, for several corpus sizes.

(a) vanilla Pelican, default theme and settings, the English articles alone (the reference,
    as in bench/build);
(k) the checks of a built site that read every page: links and anchors, hreflang, feeds and
    the sitemap (``newsdesk check --only links,hreflang,feeds`` on a built output);
(r) the check's strict build after one article's body was edited, the check's previous build
    kept (``newsdesk check --only build``), as CI runs it with its cache restored;
(f) the same build into an empty folder (the cache of the sources kept), as every check built
    before its folder was kept.
The HTML checker (Java, the Nu Html Checker) is left out: it is another program's speed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from build_bench import ROOT, edit_body, make_projects, timed


def measure(count: int, work: Path, repeat: int) -> dict[str, float]:
    ours, vanilla, sources = make_projects(work, count)
    python = sys.executable
    settings = str(ours / "pelicanconf.py")
    check = [python, "-m", "newsdesk", "check", "-s", settings]
    vanilla_build = [python, "-m", "pelican", "content", "-o", "output", "-s", "pelicanconf.py", "-q"]
    times: dict[str, list[float]] = {"a": [], "k": [], "r": [], "f": []}
    timed(check + ["--only", "build"], ROOT)  # the check's own build, kept; the sources' cache
    for round_number in range(repeat):
        shutil.rmtree(vanilla / "output", ignore_errors=True)
        times["a"].append(timed(vanilla_build, vanilla))
        times["k"].append(timed(check + ["--only", "links,hreflang,feeds"], ROOT))
        edit_body(sources[(round_number + 1) * len(sources) // (repeat + 1)])
        times["r"].append(timed(check + ["--only", "build"], ROOT))
        fresh = work / f"fresh-{round_number}"
        times["f"].append(timed(check + ["--only", "build", "-o", str(fresh / "output")], ROOT))
        shutil.rmtree(fresh, ignore_errors=True)
    return {name: min(values) for name, values in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sizes", nargs="*", type=int, default=[500, 2000])
    parser.add_argument("--repeat", type=int, default=1, help="runs of each measurement; the best counts")
    args = parser.parse_args(argv)
    rows = []
    for count in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-check-{count}-") as scratch:
            rows.append((count, measure(count, Path(scratch), args.repeat)))
        print(f"N={count}: " + " ".join(f"{k}={v:.2f}" for k, v in rows[-1][1].items()), file=sys.stderr)
    print(
        "| N | (a) vanilla Pelican, en | (k) links, hreflang, feeds | k/a"
        " | (r) check's build after one edit | (f) check's build, empty folder | r/f |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for count, t in rows:
        print(
            f"| {count} | {t['a']:.2f} s | {t['k']:.2f} s | {t['k'] / t['a']:.2f} |"
            f" {t['r']:.2f} s | {t['f']:.2f} s | {t['r'] / t['f']:.3f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
