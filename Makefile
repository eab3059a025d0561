# briefing: build, preview, test and publish the site.
# `make html` and `make test` are all a fresh machine needs (Python 3.11 as python3).

PY       ?= python3
VENV     ?= .venv
BIN      := $(VENV)/bin
CONF     := pelican.conf.py
CONTENT  := content
OUTPUT   := output
PORT     ?= 8000
# Stage results kept between builds (docs/editing.md); `make clean-cache` empties it.
CACHE    ?= cache
SITEURL  ?=
CNAME    ?=

# The virtualenv is rebuilt whenever a requirements file changes (stamp files).
BUILD_STAMP := $(VENV)/.build-requirements
DEV_STAMP   := $(VENV)/.dev-requirements

.PHONY: help html clean clean-cache serve devserver publish test bench check briefing entity names

help:
	@echo "make html       build the site into $(OUTPUT)/ (relative links: open $(OUTPUT)/index.html)"
	@echo "make serve      serve $(OUTPUT)/ on http://127.0.0.1:$(PORT)/"
	@echo "make devserver  rebuild on change and serve on http://127.0.0.1:$(PORT)/"
	@echo "make publish SITEURL=https://user.github.io/repo   build for the published address"
	@echo "             (custom domain: SITEURL=https://news.example.org CNAME=news.example.org)"
	@echo "make test       run the test suite"
	@echo "make check      audit the built site and report content warnings"
	@echo "make bench      print build, linking and page-weight figures"
	@echo 'make briefing TITLE="..."  /  make entity NAME="..." KIND=person   scaffold content'
	@echo 'make names ENTITY=kassym-jomart-tokayev   every spelling an entity links from, with its key'
	@echo "make clean      remove $(OUTPUT)/ and the build cache $(CACHE)/"
	@echo "make clean-cache  remove the build cache $(CACHE)/ only"

# The plugin is installed too (editable: plugins/briefing stays the code that runs), which puts
# its command-line tools (briefing-new, briefing-report, briefing-warnings) into $(BIN).
$(BUILD_STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

$(DEV_STAMP): requirements-dev.txt $(BUILD_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

# Build into a scratch folder and swap it in only on success, so a failed
# build leaves the previous site untouched.
define build
	@rm -rf $(OUTPUT).tmp
	SITEURL='$(1)' BRIEFING_STRICT='$(2)' BRIEFING_CNAME='$(3)' BRIEFING_DRAFTS='$(4)' BRIEFING_CACHE_PATH='$(CACHE)' $(BIN)/pelican $(CONTENT) -s $(CONF) -o $(OUTPUT).tmp || { rm -rf $(OUTPUT).tmp; exit 1; }
	$(BIN)/python -m pagefind --site $(OUTPUT).tmp --silent || { rm -rf $(OUTPUT).tmp; exit 1; }
	@rm -rf $(OUTPUT).old
	@if [ -d $(OUTPUT) ]; then mv $(OUTPUT) $(OUTPUT).old; fi
	@mv $(OUTPUT).tmp $(OUTPUT) && rm -rf $(OUTPUT).old
endef

# DRAFTS=1 previews drafts too (drafts/<slug>/, marked as drafts); make publish never writes them.
html: $(BUILD_STAMP)
	$(call build,,,,$(DRAFTS))

# Checked before anything else runs, so a missing address fails at once.
ifneq ($(filter publish,$(MAKECMDGOALS)),)
ifeq ($(strip $(SITEURL)),)
$(error make publish needs the published address: make publish SITEURL=https://user.github.io/repo (custom domain: make publish SITEURL=https://news.example.org CNAME=news.example.org))
endif
endif

publish: $(BUILD_STAMP)
	$(call build,$(SITEURL),1,$(CNAME),)

clean: clean-cache
	rm -rf $(OUTPUT) $(OUTPUT).tmp $(OUTPUT).old

clean-cache:
	rm -rf $(CACHE)

serve:
	@test -d $(OUTPUT) || { echo "make serve: run make html first" >&2; exit 2; }
	$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory $(OUTPUT)

# Our own dev server (docs/editing.md): incremental rebuilds, live reload, errors in the browser.
devserver: $(BUILD_STAMP)
	SITEURL= BRIEFING_STRICT= $(BIN)/briefing-devserver --settings $(CONF) --content $(CONTENT) --output $(OUTPUT) \
		--cache $(CACHE) --bind 127.0.0.1 --port $(PORT)

test: $(DEV_STAMP)
	$(BIN)/python -m pytest

# Figures, not pass/fail: build time vs plain Pelican, linking speed, page weights.
bench: html $(DEV_STAMP)
	$(BIN)/python tools/page_weights.py $(OUTPUT)
	$(BIN)/python tools/bench.py

# Audits of the built site and content warnings; prints a table of figures.
check: html $(DEV_STAMP)
	$(BIN)/briefing-warnings $(CONTENT) --settings $(CONF)
	$(BIN)/briefing-report $(CONTENT)
	bash tools/audit.sh $(OUTPUT)

briefing: $(BUILD_STAMP)
	$(BIN)/briefing-new briefing --title "$(TITLE)" --content $(CONTENT)

entity: $(BUILD_STAMP)
	$(BIN)/briefing-new entity --name "$(NAME)" --kind "$(KIND)" --content $(CONTENT)

names: $(BUILD_STAMP)
	$(BIN)/briefing-names "$(ENTITY)" --content $(CONTENT)
