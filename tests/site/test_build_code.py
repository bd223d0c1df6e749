"""The build's caches are keyed by the code a build runs, not by the whole package."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from newsdesk.project import read_base_settings
from newsdesk.site import build_code
from tests.projects import make_project

ROOT = Path(__file__).resolve().parents[2]


def write(folder: Path, files: dict[str, str]) -> dict[str, Path]:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return build_code.package_modules(folder / "pkg", "pkg")


def test_the_closure_follows_every_kind_of_import_and_leaves_the_rest(tmp_path):
    modules = write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/main.py": "import os\n\ndef run():\n    from pkg import helper\n    return helper\n",
            "pkg/helper.py": "from . import (  # several\n    shared,\n    tools as t,\n)\n",
            "pkg/shared.py": "from .sub.deep import thing\n",
            "pkg/tools.py": "import pkg.sub.other; x = 1\n",
            "pkg/sub/__init__.py": "from .. import unused_by_name  # noqa\n",
            "pkg/sub/deep.py": "thing = 1\n",
            "pkg/sub/other.py": "",
            "pkg/unused_by_name.py": "",
            "pkg/ingest.py": "import pkg.main\n",  # imports the build, is not imported by it
        },
    )
    found = build_code.imported_closure(modules, {"pkg.main"})
    assert found == {
        "pkg", "pkg.main", "pkg.helper", "pkg.shared", "pkg.tools", "pkg.sub",
        "pkg.sub.deep", "pkg.sub.other", "pkg.unused_by_name",
    }  # fmt: skip


def test_settings_name_the_plugins_the_build_runs(tmp_path):
    modules = write(tmp_path, {"pkg/__init__.py": "", "pkg/plugin.py": "", "pkg/filters.py": ""})
    settings = {"PLUGINS": ["pkg.plugin", "other.plugin"], "MARKDOWN": {"extension_configs": {"pkg.filters": {}}}}
    assert build_code.named_modules(settings, modules) == {"pkg.plugin", "pkg.filters"}
    assert build_code.named_modules({"JINJA_FILTERS": {"f": json.dumps}}, {"json": Path()}) == {"json"}


def test_the_digest_follows_each_edit_of_the_build_s_code_in_one_process(tmp_path, monkeypatch):
    """The dev server rebuilds in one process: a plugin edited between two builds is seen."""
    package = tmp_path / "newsdesk"
    shutil.copytree(build_code.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(build_code, "PACKAGE", package)
    settings = read_base_settings(ROOT / "pelicanconf.py")
    first = build_code.code_digest(settings)
    (package / "ingest" / "clean.py").write_text("# not run by a build\n", encoding="utf-8")
    assert build_code.code_digest(settings) == first
    plugin = package / "pelican" / "bylines.py"
    plugin.write_text(plugin.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert build_code.code_digest(settings) != first


def test_every_module_a_real_build_loads_is_in_the_list(tmp_path):
    """The list is found from the text of the imports; a real build (in one process, languages
    one after the other) must load nothing outside it."""
    project = make_project(tmp_path, count=3)
    script = (
        "import sys, json\nfrom pathlib import Path\nfrom newsdesk.site.build import build_site\n"
        f"build_site(Path({str(project / 'pelicanconf.py')!r}), jobs=1)\n"
        "print(json.dumps(sorted(m.__file__ for n, m in sys.modules.items()"
        " if n.split('.')[0] == 'newsdesk' and getattr(m, '__file__', None))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = {Path(name).resolve() for name in json.loads(done.stdout.splitlines()[-1])}
    listed = set(build_code.build_files(read_base_settings(project / "pelicanconf.py")))
    assert loaded, done.stderr
    assert loaded <= listed, sorted(map(str, loaded - listed))
    assert build_code.PACKAGE / "ingest" / "clean.py" not in listed


def build(code: Path, project: Path) -> list[int]:
    """A strict build with the package copied to ``code``; the pages each language rendered."""
    done = subprocess.run(
        [sys.executable, "-m", "newsdesk", "-v", "build", "--strict", "-s", str(project / "pelicanconf.py")],
        cwd=code, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return sorted(int(n) for n in re.findall(r"incremental: (\d+) page\(s\) rendered", done.stderr))


def test_a_change_to_code_no_build_runs_keeps_every_page(tmp_path):
    """A commit to the ingest command leaves the pages and caches as they are; one to a plugin
    renders every page again."""
    code = tmp_path / "code"
    shutil.copytree(ROOT / "newsdesk", code / "newsdesk", ignore=shutil.ignore_patterns("__pycache__"))
    project = make_project(tmp_path / "site", count=6)
    first = build(code, project)
    assert min(first) > 10
    with (code / "newsdesk" / "ingest" / "clean.py").open("a", encoding="utf-8") as file:
        file.write("\n# an ingest change\n")
    assert build(code, project) == [0, 0]
    with (code / "newsdesk" / "pelican" / "bylines.py").open("a", encoding="utf-8") as file:
        file.write("\n# a plugin change\n")
    assert build(code, project) == first
