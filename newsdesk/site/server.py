"""The one static file server: the dev server's, the browser tests' and the benchmarks'; loopback only."""

from __future__ import annotations

import contextlib
import functools
import http.server
import logging
import threading
from collections.abc import Iterator
from pathlib import Path

logger = logging.getLogger(__name__)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves files; its request log goes to the logger (debug), not to standard error."""

    def log_message(self, format: str, *args) -> None:  # the base class's signature
        logger.debug("%s %s", self.address_string(), format % args)


def start(folder: Path, port: int = 0) -> http.server.ThreadingHTTPServer:
    """Serve ``folder`` on 127.0.0.1 (``port`` 0: any free port) from a background thread.

    The folder is opened by name for each request, so a build that swaps it in is seen at once.
    """
    handler = functools.partial(_Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def base_url(server: http.server.ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


@contextlib.contextmanager
def serving(folder: Path, port: int = 0) -> Iterator[str]:
    """Serve ``folder`` while the block runs; yield its base URL."""
    server = start(folder, port)
    try:
        yield base_url(server)
    finally:
        server.shutdown()
        server.server_close()
