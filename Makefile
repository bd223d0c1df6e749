# Started from Pelican's quickstart Makefile; the build runs one Pelican process per language.
PY?=python3
VENV?=$(BASEDIR)/.venv
PYTHON=$(VENV)/bin/python
PELICAN?=$(PYTHON) -m newsdesk build
PELICANOPTS=

BASEDIR=$(CURDIR)
INPUTDIR=$(BASEDIR)/content
OUTPUTDIR=$(BASEDIR)/output
SOURCEDIR=$(BASEDIR)/sources
# The folder itself: ingest takes its pages and text dumps, and leaves their .meta files, pictures
# and "_files" folders to them (and the shell does not split names with spaces).
SOURCES="$(SOURCEDIR)"
CONFFILE=$(BASEDIR)/pelicanconf.py
PUBLISHCONF=$(BASEDIR)/publishconf.py

PORT ?= 8000
DEBUG ?= 0
ifeq ($(DEBUG), 1)
	PELICANOPTS += --verbose
endif

INSTALLED=$(VENV)/.installed
NPM?=npm
NODE_INSTALLED=$(BASEDIR)/node_modules/.installed

help:
	@echo 'Makefile for the Hanoi Convention site                                  '
	@echo '                                                                        '
	@echo 'Usage:                                                                  '
	@echo '   make html                 (re)generate the web site in both languages'
	@echo '   make test                 run the whole test suite                   '
	@echo '   make check                ruff, the strict build and every check CI runs'
	@echo '   make clean                remove the generated files                 '
	@echo '   make regenerate           regenerate files upon modification        '
	@echo '   make publish              generate using production settings         '
	@echo '   make serve [PORT=8000]    serve site at http://localhost:8000        '
	@echo '   make devserver [PORT=8000] serve and regenerate together             '
	@echo '   make ingest               ingest every source in sources/ without an article'
	@echo '   make i18n-extract         write the templates of theme and content   '
	@echo '   make i18n-update          bring every catalogue up to date with them '
	@echo '   make i18n-check           every catalogue and translation checked    '
	@echo '   make i18n-queue           what waits for translators, oldest first   '
	@echo '   make i18n-stats [FAIL_UNDER=100] translated share per catalogue     '
	@echo '                                                                        '
	@echo 'Set the DEBUG variable to 1 to enable debugging, e.g. make DEBUG=1 html '

# The pinned dependencies, then the project itself (editable, so that the newsdesk command and
# the Pelican plugins it names are the code in this folder).
$(INSTALLED): requirements.txt pyproject.toml
	$(PY) -m venv "$(VENV)"
	"$(VENV)/bin/pip" install --disable-pip-version-check --quiet -r requirements.txt
	"$(VENV)/bin/pip" install --disable-pip-version-check --quiet --no-deps --no-build-isolation -e .
	touch "$(INSTALLED)"

venv: $(INSTALLED)

# Browser audit tools for the tests (axe-core), exactly as package-lock.json pins them.
$(NODE_INSTALLED): package.json package-lock.json
	$(NPM) ci --no-audit --no-fund --loglevel=error
	touch "$(NODE_INSTALLED)"

html: $(INSTALLED)
	$(PELICAN) -s "$(CONFFILE)" -o "$(OUTPUTDIR)" $(PELICANOPTS)

clean:
	[ ! -d "$(OUTPUTDIR)" ] || rm -rf "$(OUTPUTDIR)"
	rm -rf "$(BASEDIR)/cache" "$(BASEDIR)/.output-standby"

regenerate: $(INSTALLED)
	$(PELICAN) -s "$(CONFFILE)" -o "$(OUTPUTDIR)" --watch $(PELICANOPTS)

serve: $(INSTALLED)
	$(PYTHON) -m http.server --bind 127.0.0.1 --directory "$(OUTPUTDIR)" $(PORT)

devserver: $(INSTALLED)
	$(PELICAN) -s "$(CONFFILE)" -o "$(OUTPUTDIR)" --watch --serve --port $(PORT) $(PELICANOPTS)

publish: $(INSTALLED)
	$(PELICAN) -s "$(PUBLISHCONF)" -o "$(OUTPUTDIR)" $(PELICANOPTS)

test: $(INSTALLED) $(NODE_INSTALLED)
	$(PYTHON) -m pytest

check: $(INSTALLED)
	"$(VENV)/bin/ruff" check "$(BASEDIR)"
	$(PYTHON) -m newsdesk check -s "$(CONFFILE)"

ingest: $(INSTALLED)
	$(PYTHON) -m newsdesk ingest --skip-existing --out "$(INPUTDIR)/articles" $(SOURCES)

I18N=$(PYTHON) -m newsdesk i18n -s "$(CONFFILE)"

i18n-extract: $(INSTALLED)
	$(I18N) extract

i18n-update: $(INSTALLED)
	$(I18N) update

i18n-check: $(INSTALLED)
	$(I18N) check

i18n-queue: $(INSTALLED)
	$(I18N) queue

i18n-stats: $(INSTALLED)
	$(I18N) stats $(if $(FAIL_UNDER),--fail-under $(FAIL_UNDER))

.PHONY: help venv html clean regenerate serve devserver publish test check ingest i18n-extract i18n-update i18n-check i18n-queue i18n-stats
