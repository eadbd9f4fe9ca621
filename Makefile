# The two commands of the README: `make demo` and `make test`.
# Everything a fresh Debian machine with Python 3.11 needs is installed from here.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

# Debian packages: the libraries WeasyPrint needs, and the real readers the tests use.
RUNTIME_DEBS = libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2
READER_DEBS  = poppler-utils qpdf pandoc libreoffice-writer-nogui libreoffice-calc-nogui chromium
READER_CMDS  = pdftotext pdffonts qpdf pandoc soffice chromium

.PHONY: demo test venv system-deps reader-deps bench clean

demo: system-deps $(STAMP)
	$(BIN)/brief build

test: system-deps reader-deps $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# compat: the checkout goes on sys.path by a .pth line; the default editable finder
	# costs every `brief` command 15-20 ms of imports before it starts
	$(BIN)/pip install --quiet -e '.[test]' --config-settings editable_mode=compat
	touch $(STAMP)

# Installed only when running as root and something is missing; otherwise the tests
# that need a missing reader skip with their reason.
system-deps:
	@missing=""; for p in $(RUNTIME_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "note: missing Debian packages:$$missing (run as root, or install them)"; fi; fi

reader-deps:
	@missing=""; for c in $(READER_CMDS); do command -v $$c >/dev/null 2>&1 || missing="$$missing $$c"; done; \
	if command -v dpkg >/dev/null 2>&1; then for p in $(READER_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; fi; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "installing the readers the tests use:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(READER_DEBS) >/dev/null; \
	  else echo "note: missing readers:$$missing; the tests that need them will skip"; fi; fi

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) output/*.docx output/*.pdf output/*.html output/*.json
