# Parvis — build, run, test, bench.  `make run` and `make test` do everything,
# package installs included (scripts/deps.sh).
MODE ?= release
BUILD := build/$(MODE)
PKGS := jansson libsodium mariadb fcgi xapian-core md4c md4c-html libmagic libarchive libcrypto libxml-2.0 poppler-cpp gmime-3.0 libutf8proc zlib libcurl
# cairo, fontconfig: the PDF « Accusés de réception » of convocations (lib/receipts_pdf.c)
PKGS += cairo fontconfig
# libgsf: OLE files read by the indexer itself (indexer/extract_ole.c: PowerPoint, Outlook .msg, protection flags)
PKGS += libgsf-1

# uchardet: the charset of text that is not UTF-8; tesseract, lept: OCR of
# scanned PDFs and images (indexer/extract_text.c, extract_ocr.c)
PKGS += uchardet tesseract lept
# vips: people's photos and groups' images made in the FastCGI worker
# (fcgi/accounts/avatar_image.c, docs/viewer.md)
# vips: the previews' images (previewer/, docs/previews.md)
PKGS += vips
# cjose: the signatures of OpenID Connect's ID tokens (lib/jose.c, docs/sso.md)
PKGS += cjose

CC  ?= cc
CXX ?= g++
WARN := -Wall -Wextra -Werror
BASEFLAGS := -g -fno-omit-frame-pointer
ifeq ($(MODE),test)
  OPT := -O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined
else ifeq ($(MODE),torture)
  OPT := -O1
else
  OPT := -O2
endif
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS   := -std=c11 -D_GNU_SOURCE $(WARN) $(BASEFLAGS) $(OPT) -Ilib $(PKG_CFLAGS) -MMD -MP
CXXFLAGS := -std=c++17 $(WARN) $(BASEFLAGS) $(OPT) -Ilib $(PKG_CFLAGS) -MMD -MP
LDFLAGS  := $(OPT)
LDLIBS   = $(PKG_LIBS) -lpthread

LIB_C   := $(wildcard lib/*.c)
LIB_OBJ := $(LIB_C:%.c=$(BUILD)/%.o) $(BUILD)/lib/xap.o
FCGI_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(wildcard fcgi/*/*.c))
IDX_OBJ  := $(patsubst %.c,$(BUILD)/%.o,$(wildcard indexer/*.c)) $(patsubst %.cc,$(BUILD)/%.o,$(wildcard indexer/*.cc))
CTL_OBJ  := $(patsubst %.c,$(BUILD)/%.o,$(wildcard ctl/*.c))
NOTIF_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(wildcard notifier/*.c))
PREV_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(wildcard previewer/*.c)) $(patsubst %.cc,$(BUILD)/%.o,$(wildcard previewer/*.cc))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# fcgi objects other than main.c can be unit-tested (router, validators...)
FCGI_LIBOBJ := $(filter-out $(BUILD)/fcgi/core/main.o,$(FCGI_OBJ))

BINS := $(BUILD)/parvis-fcgi $(BUILD)/parvis-indexer $(BUILD)/parvis-ctl $(BUILD)/parvis-notifier
BINS += $(BUILD)/parvis-previewer

.PHONY: all build units fuzz tsan lint torture-alloc torture test-loaded fuzz-long deps run stop reindex reconcile test bench bench-groups bench-feed bench-drive bench-search bench-omindex bench-chat clean
all build: $(BINS)
units: $(UNIT_BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@
$(BUILD)/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -c $< -o $@

$(BUILD)/parvis-fcgi: $(FCGI_OBJ) $(LIB_OBJ)
	$(CXX) $(LDFLAGS) $^ $(LDLIBS) -o $@
$(BUILD)/parvis-indexer: $(IDX_OBJ) $(LIB_OBJ)
	$(CXX) $(LDFLAGS) $^ $(LDLIBS) -o $@
$(BUILD)/parvis-ctl: $(CTL_OBJ) $(LIB_OBJ)
	$(CXX) $(LDFLAGS) $^ $(LDLIBS) -o $@
# the notifier asks fcgi/core/acl.c who may see what: it links the
# request core's objects (as the unit tests do), not a worker's main
$(BUILD)/parvis-notifier: $(NOTIF_OBJ) $(FCGI_LIBOBJ) $(LIB_OBJ)
	$(CXX) $(LDFLAGS) $^ $(LDLIBS) -o $@
$(BUILD)/tests/unit/%.o $(BUILD)/tests/torture/%.o $(BUILD)/fcgi/%.o $(BUILD)/notifier/%.o: CFLAGS += -Ifcgi
$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(FCGI_LIBOBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ $(LDLIBS) -o $@

# the unit tests of the indexer's readers (tests/unit/test_extract*.c) link
# them too
IDX_EXTRACT_OBJ := $(filter $(BUILD)/indexer/extract%.o,$(IDX_OBJ))
$(filter $(BUILD)/tests/test_extract%,$(UNIT_BIN)): $(IDX_EXTRACT_OBJ)
$(BUILD)/tests/unit/test_extract%.o: CFLAGS += -Iindexer

# Allocation failures (tests/torture/alloc_torture.c): built without
# sanitizers, since it replaces malloc itself; make test runs it
$(BUILD)/tests/alloc_torture: $(BUILD)/tests/torture/alloc_torture.o $(FCGI_LIBOBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ $(LDLIBS) -o $@
torture-alloc:
	@$(MAKE) --no-print-directory MODE=torture build/torture/tests/alloc_torture

# libFuzzer targets (clang): the query path, the indexer's readers and the
# people import's CSV reader (lib/csv_read.c);
# make test runs each briefly, `make fuzz-long` for longer
FUZZ := build/fuzz
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer-no-link,address,undefined -D_GNU_SOURCE -Ilib -Iindexer $(PKG_CFLAGS)
fuzz: $(FUZZ)/fuzz_query $(FUZZ)/fuzz_extract $(FUZZ)/fuzz_csv
$(FUZZ)/%.o: %.c
	@mkdir -p $(dir $@)
	clang -std=c11 $(FUZZ_FLAGS) -c $< -o $@
$(FUZZ)/%.o: %.cc
	@mkdir -p $(dir $@)
	clang++ -std=c++17 $(FUZZ_FLAGS) -c $< -o $@
$(FUZZ)/fuzz_query: $(FUZZ)/tests/fuzz/fuzz_query.o $(FUZZ)/lib/fold.o $(FUZZ)/lib/xap.o $(FUZZ)/lib/xap_zlib.o
	clang++ -fsanitize=fuzzer,address,undefined $^ $(PKG_LIBS) -o $@
$(FUZZ)/fuzz_extract: $(FUZZ)/tests/fuzz/fuzz_extract.o $(FUZZ)/indexer/extract.o $(FUZZ)/indexer/extract_text.o \
                      $(FUZZ)/indexer/extract_office.o $(FUZZ)/indexer/extract_archive.o $(FUZZ)/indexer/extract_pdf.o \
                      $(FUZZ)/indexer/extract_mail.o $(FUZZ)/indexer/extract_legacy.o $(FUZZ)/lib/archive_entries.o \
                      $(FUZZ)/indexer/extract_ole.o $(FUZZ)/indexer/extract_svg.o \
                      $(FUZZ)/indexer/extract_ocr.o $(FUZZ)/indexer/extract_pdf_ocr.o $(FUZZ)/indexer/extract_rtf_info.o $(FUZZ)/lib/office_sniff.o
	clang++ -fsanitize=fuzzer,address,undefined $^ $(PKG_LIBS) -o $@
$(FUZZ)/fuzz_csv: $(FUZZ)/tests/fuzz/fuzz_csv.o $(FUZZ)/lib/csv_read.o
	clang -fsanitize=fuzzer,address,undefined $^ -o $@
# ThreadSanitizer: the search path (lib/xap.cc's facets thread) under
# concurrent searches, reopens and worker exits; make test runs it
TSAN := build/tsan
TSAN_FLAGS := -g -O1 -fsanitize=thread -D_GNU_SOURCE -Ilib $(PKG_CFLAGS)
tsan: $(TSAN)/tsan_search
$(TSAN)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARN) $(TSAN_FLAGS) -c $< -o $@
$(TSAN)/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) -std=c++17 $(WARN) $(TSAN_FLAGS) -c $< -o $@
$(TSAN)/tsan_search: $(TSAN)/tests/tsan/tsan_search.o $(TSAN)/lib/fold.o $(TSAN)/lib/xap.o $(TSAN)/lib/xap_zlib.o
	$(CXX) -fsanitize=thread $^ $(PKG_LIBS) -lpthread -o $@

fuzz-long: fuzz
	@FUZZ_SECONDS=$${FUZZ_SECONDS:-600} tests/fuzz/run.sh

$(BUILD)/bare-responder: $(BUILD)/bench/bare_responder.o
	$(CC) $(LDFLAGS) $^ -lfcgi -o $@

deps:
	@scripts/deps.sh

run: deps
	@$(MAKE) --no-print-directory MODE=release build
	@scripts/parvis run build/release

stop:
	@scripts/parvis stop

# the search index rebuilt from MariaDB (make run's stack, while it runs)
reindex:
	@scripts/parvis reindex build/release

# the search index compared with MariaDB: orphans, missing documents and
# stale rights repaired, counts logged (make run's stack, while it runs)
reconcile:
	@scripts/parvis reconcile build/release

# the long crash torture (tests/torture/crash.mjs on a stack of its own;
# TORTURE_CYCLES, 300 by default): its figures go to bench/RESULTS.md
torture: deps
	@$(MAKE) --no-print-directory MODE=test build
	@tests/torture/long.sh build/test

# make test three times in a row beside two busy processes (the two-core
# machines CI and people run it on are shared): green each time
test-loaded: deps
	@scripts/test-loaded

# the house rules a compiler does not check (docs/architecture.md)
lint:
	@scripts/lint

# a consistent online backup into DIR (a new or empty directory), while the
# platform serves or not: the database, the files, the secret and settings
# (scripts/parvis backup; README: Backup and restore)
.PHONY: backup restore
backup:
	@test -n "$(DIR)" || { echo "usage: make backup DIR=/path/to/a/new/directory" >&2; exit 2; }
	@$(MAKE) --no-print-directory MODE=release build
	@scripts/parvis backup "$(DIR)" build/release

# a backup brought back into an empty var/ (a fresh clone, another machine);
# refuses a var/ that holds data. `make run` then starts it.
restore: deps
	@test -n "$(FROM)" || { echo "usage: make restore FROM=/path/to/a/backup" >&2; exit 2; }
	@$(MAKE) --no-print-directory MODE=release build
	@scripts/parvis restore "$(FROM)" build/release

test: deps
	@$(MAKE) --no-print-directory MODE=test build units fuzz tsan torture-alloc
	@tests/run build/test

bench: deps
	@$(MAKE) --no-print-directory MODE=release build build/release/bare-responder
	@bench/run.sh build/release
	@bench/groups.sh build/release
	@bench/feed.sh build/release
	@bench/drive.sh build/release
	@bench/search.sh build/release
	@bench/omindex.sh build/release
	@bench/notify.sh build/release

# the time and size of a backup and a restore of the feed's platform
# (1,000,000 posts) with 356 MiB of files, and of the copy's reindex
.PHONY: bench-backup
bench-backup: deps
	@$(MAKE) --no-print-directory MODE=release build
	@bench/backup.sh build/release

# only the notifications' part: fan-out, live latency, digests (a few minutes)
.PHONY: bench-notify
bench-notify: deps
	@$(MAKE) --no-print-directory MODE=release build
	@bench/notify.sh build/release

# « Mes données »: a person with 2,000 posts and 1 GiB of files exports
# their data (docs/gdpr.md; about a minute)
.PHONY: bench-gdpr
bench-gdpr: deps
	@$(MAKE) --no-print-directory MODE=release build
	@bench/gdpr_export.sh build/release

# only the import of people: 5,000 lines previewed and applied (a minute)
.PHONY: bench-import
bench-import: deps
	@$(MAKE) --no-print-directory MODE=release build
	@bench/import.sh build/release

# only the search's part (1,000,000 posts indexed: several minutes)
bench-search: deps
	@$(MAKE) --no-print-directory MODE=release build
	@bench/search.sh build/release

# only the documents' indexing, compared with omindex (Debian's manuals)
bench-omindex: deps
	@$(MAKE) --no-print-directory MODE=release build
	@bench/omindex.sh build/release

# only the drive's part of the benchmark (a 1 GiB file: about a minute)
bench-drive: deps
	@$(MAKE) --no-print-directory MODE=release build
	@bench/drive.sh build/release

# only the feed's part of the benchmark (1,000,000 posts: a few minutes)
bench-feed: deps
	@$(MAKE) --no-print-directory MODE=release build
	@bench/feed.sh build/release

# only the groups' part of the benchmark
bench-groups: deps
	@$(MAKE) --no-print-directory MODE=release build
	@bench/groups.sh build/release

# the chat's figures (issue #13): live latency with 50 clients, 1,000 people
# chatting beside the feed's load, history and search at 10,000,000
# messages (the fill and the indexing: about an hour). PART=live, load or
# history runs one part.
bench-chat: deps
	@$(MAKE) --no-print-directory MODE=release build
	@bench/chat.sh build/release $(or $(PART),all)

# events (issue #15): « Mon agenda » of a person in 50 groups with 20,000
# events, and a subscription of 2,000 events (a minute)
.PHONY: bench-events
bench-events: deps
	@$(MAKE) --no-print-directory MODE=release build
	@bench/events.sh build/release

# the browser application's delivery (issue #16): Accueil's
# DOMContentLoaded on a simulated slow 4G phone, first and return visits,
# before and after the build step (docs/delivery.md; a few minutes)
.PHONY: bench-delivery
bench-delivery: deps
	@$(MAKE) --no-print-directory MODE=release build
	@bench/delivery.sh build/release

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)

# the PDF « Accusés de réception » of a convocation, 500 recipients
# (lib/receipts_pdf.c; target ≤ 1 s; a few seconds)
.PHONY: bench-receipts-pdf
$(BUILD)/bench/receipts_pdf_bench: $(BUILD)/bench/receipts_pdf.o $(BUILD)/lib/receipts_pdf.o
	$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@
bench-receipts-pdf: deps
	@$(MAKE) --no-print-directory MODE=release build/release/bench/receipts_pdf_bench
	@bench/receipts_pdf.sh build/release

# convocations (issue #15): a convocation to 500 recipients fully queued
# (notifications and e-mails), three times (half a minute)
.PHONY: bench-convocations
bench-convocations: deps
	@$(MAKE) --no-print-directory MODE=release build
	@bench/convocations.sh build/release

# the indexer's readers, unit-tested through extract_file (tests/unit/test_extract.c):
# linked with the indexer's objects but its main
$(BUILD)/tests/test_extract: $(BUILD)/tests/unit/test_extract.o $(filter-out $(BUILD)/indexer/main.o,$(IDX_OBJ)) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ $(LDLIBS) -o $@
$(BUILD)/tests/unit/test_extract.o: CFLAGS += -Iindexer

# the share of the words of real files found per format, by the indexer's
# readers, Recoll and omindex (bench/coverage.sh; a minute or two)
.PHONY: bench-coverage
bench-coverage: deps
	@$(MAKE) --no-print-directory MODE=release build/release/tests/test_extract
	@bench/coverage.sh build/release

# OCR's cost per page (indexer/extract_ocr.c, docs/search_text.md): scanned
# A4 pages read as the indexer reads them (about a minute)
.PHONY: bench-ocr
$(BUILD)/bench/ocr_bench: $(BUILD)/bench/ocr.o $(IDX_EXTRACT_OBJ) $(BUILD)/lib/fold.o $(BUILD)/lib/archive_entries.o $(BUILD)/lib/log.o $(BUILD)/lib/office_sniff.o
	$(CXX) $(LDFLAGS) $^ $(LDLIBS) -o $@
$(BUILD)/bench/ocr.o: CFLAGS += -Iindexer
bench-ocr: deps
	@$(MAKE) --no-print-directory MODE=release build/release/bench/ocr_bench
	@bench/ocr.sh build/release

# the first sign-in's welcome: its suggestions (docs/welcome.md)
.PHONY: bench-welcome
bench-welcome: deps
	@$(MAKE) --no-print-directory MODE=release build
	@bench/welcome.sh build/release

# the plain text of Markdown (lib/markdown.c, markdown_plain): 1,000 posts
# of about 2 KB, each timed, and a search page of 20 hits rendered when
# read (target ≤ 1 ms; a second)
.PHONY: bench-plain-text
$(BUILD)/bench/plain_text_bench: $(BUILD)/bench/plain_text.o $(BUILD)/lib/markdown.o $(BUILD)/lib/fold.o
	$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@
bench-plain-text: deps
	@$(MAKE) --no-print-directory MODE=release build/release/bench/plain_text_bench
	@bench/plain_text.sh build/release

# office documents to PDF (previewer/office.c, LibreOffice headless),
# unit-tested alone through office_to_pdf (tests/unit/test_office.c)
# (its own link: office.c and the test only)
$(BUILD)/tests/test_office: $(BUILD)/tests/unit/test_office.o $(BUILD)/previewer/office.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@
$(BUILD)/tests/unit/test_office.o: CFLAGS += -Ipreviewer

# a 20-page docx to PDF, LibreOffice's start, a kept and a new profile, the
# child's peak memory (bench/office.sh; about a minute)
.PHONY: bench-office
bench-office: deps
	@$(MAKE) --no-print-directory MODE=release build/release/tests/test_office
	@bench/office.sh build/release
# libldap: the directory sync and LDAP bind sign-in (lib/ldap_conn.c, lib/ldap_sync.c, docs/ldap.md)
PKGS += ldap

# the directory sync (issue #18): 10,000 people in slapd, the first sync
# and syncs with no change (target ≤ 10 s), previews (about a minute)
.PHONY: bench-ldap
bench-ldap: deps
	@$(MAKE) --no-print-directory MODE=release build
	@bench/ldap.sh build/release
# A photo's cost (fcgi/accounts/avatar_image.c, docs/viewer.md): a
# 24-megapixel JPEG to its two sizes, a PNG bomb refused, peak memory
.PHONY: bench-avatars
$(BUILD)/bench/avatars_bench: $(BUILD)/bench/avatars.o $(BUILD)/fcgi/accounts/avatar_image.o $(BUILD)/lib/log.o
	$(CXX) $(LDFLAGS) $^ $(LDLIBS) -o $@
$(BUILD)/bench/avatars.o: CFLAGS += -Ifcgi
bench-avatars: deps
	@$(MAKE) --no-print-directory MODE=release build/release/bench/avatars_bench
	@bench/avatars.sh build/release
# the previewer (docs/previews.md): its conversions are unit-tested through
# preview_make (tests/unit/test_preview*.c), linked with its objects but its main
$(BUILD)/parvis-previewer: $(PREV_OBJ) $(LIB_OBJ)
	$(CXX) $(LDFLAGS) $^ $(LDLIBS) -o $@
$(BUILD)/previewer/%.o: CFLAGS += -Ipreviewer
$(BUILD)/previewer/%.o: CXXFLAGS += -Ipreviewer
PREV_LIBOBJ := $(filter-out $(BUILD)/previewer/main.o,$(PREV_OBJ))
$(filter $(BUILD)/tests/test_preview%,$(UNIT_BIN)): $(PREV_LIBOBJ)
$(BUILD)/tests/unit/test_preview.o $(BUILD)/tests/unit/test_preview_%.o: CFLAGS += -Ipreviewer

# the previews' figures (bench/previews.sh): a 24-megapixel JPEG's
# thumbnails, a 100-page PDF's first page, each child's peak memory
.PHONY: bench-previews
$(BUILD)/bench/previews_bench: $(BUILD)/bench/previews.o $(PREV_LIBOBJ) $(LIB_OBJ)
	$(CXX) $(LDFLAGS) $^ $(LDLIBS) -o $@
$(BUILD)/bench/previews.o: CFLAGS += -Ipreviewer
bench-previews: deps
	@$(MAKE) --no-print-directory MODE=release build/release/bench/previews_bench
	@bench/previews.sh build/release
# API tokens (docs/api_tokens.md): GET /me with a token against a cookie
# and the static file (bench/tokens.sh, bench/RESULTS.md)
.PHONY: bench-tokens
bench-tokens: deps
	@$(MAKE) --no-print-directory MODE=release build
	@bench/tokens.sh build/release
# outgoing webhooks (issue #18, docs/webhooks.md): deliveries per second to
# a local receiver, and the delay from a post created to its delivery
.PHONY: bench-webhooks
bench-webhooks: deps
	@$(MAKE) --no-print-directory MODE=release build
	@bench/webhooks.sh build/release
# parvis-feeds: « Veille », the RSS/Atom poller (feeds/; docs/feeds.md),
# started by the supervisor beside the notifier
FEEDS_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(wildcard feeds/*.c))
all build: $(BUILD)/parvis-feeds
$(BUILD)/parvis-feeds: $(FEEDS_OBJ) $(LIB_OBJ)
	$(CXX) $(LDFLAGS) $^ $(LDLIBS) -o $@

# 200 feeds polled with nothing new (304s from a local server), all at
# once in parvis-feeds (target ≤ 5 s; a minute)
.PHONY: bench-feeds
bench-feeds: deps
	@$(MAKE) --no-print-directory MODE=release build
	@bench/feeds.sh build/release
# single sign-on (issue #18): the OpenID Connect sign-in round trip against
# the tests' local provider, the project's part (a minute)
.PHONY: bench-oidc
bench-oidc: deps
	@$(MAKE) --no-print-directory MODE=release build
	@bench/oidc.sh build/release
