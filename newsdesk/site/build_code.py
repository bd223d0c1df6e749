"""The modules of the newsdesk package that a build can run, found from their import statements.

The build's caches (Pelican's reader cache, the render cache, every page's key) hold what this
code made, so they are keyed by its text. Keyed by the whole package, a change to the ingest or
check commands, which no build imports, would make the next build render every page again: at
10,000 articles, 102 s against 11 s. A build runs the driver (``newsdesk.site.build``), the
plugins and Markdown extensions its settings name, and every module those import, at the top of
a file or inside a function. A module imported by a name computed at run time would be missed;
the package has none (the tests compare the list with the modules a real build has loaded).
A module that cannot be read cannot be followed: then the whole package counts.
"""

from __future__ import annotations

import hashlib
import re
import types
from pathlib import Path

import newsdesk

PACKAGE = Path(newsdesk.__file__).resolve().parent
DRIVER = "newsdesk.site.build"


def package_modules(folder: Path, name: str) -> dict[str, Path]:
    """Every module of the package in ``folder`` by its dotted name."""
    modules = {}
    for path in sorted(folder.rglob("*.py")):
        parts = [name, *path.relative_to(folder).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


# Import statements, found in the text rather than parsed: one in a string counts too, which
# only makes the list longer (safe), and the scan costs a few milliseconds, not a parse.
IMPORT = re.compile(r"(?:^|;)[ \t]*import[ \t]+([\w. \t,]+)", re.M)
FROM_IMPORT = re.compile(r"(?:^|;)[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n;]*)", re.M)


def imported_names(module: str, text: str, is_package: bool) -> set[str]:
    """The dotted names a module's import statements name, anywhere in its text."""
    text = text.replace("\\\n", " ")  # a statement continued on the next line
    here = module.split(".") if is_package else module.split(".")[:-1]
    names: set[str] = set()
    for found in IMPORT.finditer(text):
        names.update(_alias(item) for item in found[1].split(","))
    for found in FROM_IMPORT.finditer(text):
        dots, source, imported = found.groups()
        if dots:
            base = here[: len(here) - len(dots) + 1]
            source = ".".join(base + ([source] if source else []))
        names.add(source)
        # ``from package import module`` imports the module.
        items = re.sub(r"#[^\n]*", "", imported.strip("()")).split(",")
        names.update(f"{source}.{_alias(item)}" for item in items if item.strip())
    return names


def _alias(item: str) -> str:
    return item.split(" as ")[0].strip()


def imported_closure(modules: dict[str, Path], roots: set[str]) -> set[str]:
    """The modules of ``modules`` that ``roots`` import, directly or not, with the packages on
    the way (importing ``a.b.c`` runs ``a`` and ``a.b`` first); all of them when one cannot be
    read."""
    found: set[str] = set()
    waiting = [root for root in roots if root in modules]
    while waiting:
        module = waiting.pop()
        if module in found:
            continue
        found.add(module)
        path = modules[module]
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return set(modules)
        for name in imported_names(module, text, path.name == "__init__.py"):
            parts = name.split(".")
            for end in range(1, len(parts) + 1):
                candidate = ".".join(parts[:end])
                if candidate in modules and candidate not in found:
                    waiting.append(candidate)
    return found


def named_modules(value, modules: dict[str, Path]) -> set[str]:
    """The package's modules a settings value names (PLUGINS, Markdown extensions…) or holds
    (a module, or a function or class of one: a Jinja filter), at any depth."""
    if isinstance(value, types.ModuleType):
        value = value.__name__
    elif callable(value):
        value = getattr(value, "__module__", None)
    if isinstance(value, str):
        return {value} if value in modules else set()
    if isinstance(value, dict):
        parts = [*value.keys(), *value.values()]
    elif isinstance(value, (list, tuple, set)):
        parts = value
    else:
        return set()
    return set().union(*(named_modules(part, modules) for part in parts))


def build_files(settings: dict) -> list[Path]:
    """The files of the package's modules a build with ``settings`` can run, sorted."""
    modules = package_modules(PACKAGE, newsdesk.__name__)
    return _files(modules, _settings_modules(settings, modules))


def _settings_modules(settings: dict, modules: dict[str, Path]) -> list[str]:
    return sorted(named_modules({key: value for key, value in settings.items() if key.isupper()}, modules))


def _files(modules: dict[str, Path], named: list[str]) -> list[Path]:
    return sorted(modules[name] for name in imported_closure(modules, {DRIVER, *named}))


# The last digest this process made, with the status of every module file it was made from:
# a build asks for it three times (the driver, each run's caches, each run's page keys).
_last: tuple[tuple, str] | None = None


def code_digest(settings: dict) -> str:
    """A SHA-256 of the build's modules: their paths in the package and their texts."""
    global _last
    modules = package_modules(PACKAGE, newsdesk.__name__)
    named = _settings_modules(settings, modules)
    try:
        status = (tuple(named), tuple((str(path), _status(path)) for path in modules.values()))
    except OSError:
        status = None
    if status is not None and _last is not None and _last[0] == status:
        return _last[1]
    hasher = hashlib.sha256()
    for path in _files(modules, named):
        hasher.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        hasher.update(path.read_bytes())
    result = hasher.hexdigest()
    if status is not None:
        _last = (status, result)
    return result


def _status(path: Path) -> tuple[int, int, int, int]:
    found = path.stat()
    return found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns
