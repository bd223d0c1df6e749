"""Settings files for projects built in temporary folders: the real settings, the real theme."""

from __future__ import annotations

import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_real_settings(folder: Path, extra: str = "") -> Path:
    """Write ``folder/pelicanconf.py``: the project's settings, then ``extra`` lines."""
    path = folder / "pelicanconf.py"
    path.write_text(
        textwrap.dedent(
            f"""\
            import runpy
            globals().update(
                (key, value)
                for key, value in runpy.run_path({str(ROOT / "pelicanconf.py")!r}).items()
                if key.isupper()
            )
            THEME = {str(ROOT / "theme")!r}
            """
        )
        + textwrap.dedent(extra)
    )
    return path
