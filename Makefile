# Two commands for a fresh machine: `make run` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# What Qt's window needs on Linux (its xcb platform plugin and OpenGL); `make run` installs these.
WINDOW_DEBS := libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 \
	libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libegl1 libgl1 libfontconfig1 libdbus-1-3
# What the test suite needs on top: a virtual screen, OCR, PDF rasteriser, QR reader, fribidi, and a
# PostgreSQL server for the office-server tests (each run starts its own throwaway cluster).
DEBS := xvfb xauth tesseract-ocr tesseract-ocr-fas tesseract-ocr-eng poppler-utils zbar-tools libfribidi0 \
	$(WINDOW_DEBS) \
	postgresql postgresql-contrib

.PHONY: run test deps sysdeps windowdeps bench lint catalogues screenshots bundle clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

deps: $(STAMP)

# Debian packages, installed only when running as root (CI, a fresh machine); otherwise the command
# to run is printed. Skipped where there is no dpkg (another Linux, macOS).
define install_debs
	@command -v dpkg >/dev/null 2>&1 || exit 0; \
	missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Please install: sudo apt-get install$$missing" >&2; fi; \
	fi
endef

# System packages the suite needs.
sysdeps:
	$(call install_debs,$(DEBS))

# System packages the window needs.
windowdeps:
	$(call install_debs,$(WINDOW_DEBS))

run: windowdeps deps
	$(BIN)/pishkhan

test: sysdeps deps
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider

# Speed figures (JSON lines). The 730k/2M-sale offices are measured when cached in the bench home;
# `make bench BENCH_BUILD=1` builds the missing ones first (once, ~35 min), `BENCH_SIZES=none` skips them.
BENCH_BUILD ?= 0
BENCH_SIZES ?= 730k,2m
bench: deps
	PISHKHAN_BENCH_BUILD=$(BENCH_BUILD) PISHKHAN_BENCH_SIZES=$(BENCH_SIZES) $(BIN)/python -m bench

lint: deps
	$(BIN)/ruff check app ui printing tests bench tools
	$(BIN)/mypy app
	$(BIN)/mypy ui printing

# The Persian catalogues after strings changed in the code: each string into its layer's .po, then the
# .mo files the program reads (committed, so a fresh clone runs as it is). See README, "Where things go".
catalogues: deps
	$(BIN)/python -m tools.catalogues update

# The two monitors counters have; each run also fails on anything cut or not in Persian (ui/fit_check.py).
SCREEN_SIZES := 1366x768 1024x768

screenshots: sysdeps deps
	for size in $(SCREEN_SIZES); do \
	  xvfb-run -a -s "-screen 0 $${size}x24" $(BIN)/python -m ui.screenshots docs/screenshots/$$size || exit 1; \
	done

# A folder bundle (dist/pishkhan/) with Python, Qt, the fonts and the migrations inside.
bundle: deps
	$(BIN)/pip install -q pyinstaller
	$(BIN)/pyinstaller --noconfirm build.spec

clean:
	rm -rf $(VENV)
