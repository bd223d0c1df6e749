"""How long `make devserver` takes to show an edit: save an article, poll its page until the edit is served.

Runs the dev server on a copy of the site (with N extra synthetic articles) on a loopback port,
edits one article's body several times, and prints each delay from the save to the first response
that contains the new text, in both languages' servers' view (the edited language's page).
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from build_bench import make_site, site_languages

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback only)
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, limit: float) -> float | None:
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if text in fetch(url):
            return time.perf_counter() - start
        time.sleep(0.02)
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--articles", type=int, default=0, help="synthetic articles added to the site"
    )
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--port", type=int, help="loopback port (default: a free one)")
    parser.add_argument("--show-log", action="store_true", help="print the end of the server's log")
    args = parser.parse_args(argv)
    args.port = args.port or free_port()
    with tempfile.TemporaryDirectory(prefix="devserver-") as scratch:
        project = Path(scratch)
        sources = make_site(project, max(args.articles, 1))
        source_lang, _ = site_languages()
        article = sources[0]
        original = article.read_text(encoding="utf-8")
        slug = article.stem
        log = (project / "server.log").open("w")
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "newsdesk",
                "build",
                "--watch",
                "--serve",
                "--port",
                str(args.port),
                "-s",
                str(project / "pelicanconf.py"),
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{args.port}/{source_lang}/articles/{slug}/"
            if wait_for(url, "<html", 120) is None:
                raise SystemExit(
                    "the dev server did not start:\n" + (project / "server.log").read_text()
                )
            time.sleep(1.0)  # let the watcher settle
            delays = []
            for edit in range(args.edits):
                marker = f"Edit number {edit} for the latency check."
                header, body = original.split("\n\n", 1)
                article.write_text(f"{header}\n\n{marker} {body}", encoding="utf-8")
                delay = wait_for(url, marker, 30)
                delays.append(delay)
                print(
                    f"edit {edit + 1}: {'not shown within 30 s' if delay is None else f'{delay:.2f} s'}"
                )
                time.sleep(0.5)
            shown = sorted(d for d in delays if d is not None)
            if shown:
                print(
                    f"median {shown[len(shown) // 2]:.2f} s, worst {shown[-1]:.2f} s"
                    f" ({args.articles} synthetic articles)"
                )
        finally:
            server.terminate()
            server.wait(timeout=30)
            if args.show_log:
                print((project / "server.log").read_text()[-3000:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
