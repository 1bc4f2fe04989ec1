# The two commands of the README. uv is installed with pip when missing; `--frozen` uses uv.lock as committed.
PY ?= python3
UV = $(PY) -m uv

.PHONY: setup serve test lint schema browser

setup:
	@$(UV) --version >/dev/null 2>&1 || $(PY) -m pip install --quiet uv
	@$(UV) sync --frozen --quiet

# The CJK font the printable PDFs embed (fupin/export/pdf.py): Debian's fonts-wqy-zenhei, installed
# when missing and run as root; otherwise nothing (FUPIN_CJK_FONT may name another TrueType file).
CJK_FONT = /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
.PHONY: cjk-font
cjk-font:
	@test -f $(CJK_FONT) || [ "$$(id -u)" != 0 ] || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-zenhei >/dev/null; }
setup: cjk-font

serve: setup
	$(UV) run --frozen fupin serve

# Two workers (pytest-xdist), a file each at a time, each with a managed Neo4j of its own: a test
# waits on Neo4j or on Python in turn, so one worker leaves a core idle. One worker against an
# external server (NEO4J_URI): every test empties its database.
WORKERS = $(if $(NEO4J_URI),,-n 2 --dist loadfile)
test: setup browser
	$(UV) run --frozen pytest $(WORKERS)

lint: setup
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen mypy

schema: setup
	$(UV) run --frozen fupin schema > schema.graphql

# Headless Chromium for the browser tests (tests/test_browser.py): Debian's chromium and
# chromium-driver, installed when chromedriver is missing and we are root (CI); else say what to run.
browser:
	@if [ ! -x /usr/bin/chromedriver ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else \
	    echo "browser tests need chromium and chromium-driver: sudo apt-get install chromium chromium-driver" >&2; exit 1; \
	  fi; \
	fi
