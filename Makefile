# The README's commands. `make test` is what CI runs.
GO ?= go
FUZZTIME ?= 10s
# A package of the race-enabled suite may take longer than go test's default
# 10 minutes on a loaded two-core machine.
TESTTIMEOUT ?= 30m

.PHONY: run build test check gotest fuzz interop

run:
	$(GO) run ./cmd/lintel serve

build:
	$(GO) build -o lintel ./cmd/lintel

# check: formatting and vet.
check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# gotest: the Go suite with the race detector. The storage suite also runs on
# PostgreSQL when LINTEL_TEST_DATABASE_URL is set. With PGMIN=n (.ci/run),
# go test's events go through .ci/testreport, which prints what go test
# prints, counts the PostgreSQL subtests and fails when fewer than n passed.
#
# RACEFLAGS: the race detector instruments lintel and every Go dependency
# but modernc.org/sqlite/lib, the Go transpiled from SQLite's C (which it
# would not see in a cgo build of SQLite either). That package was most of
# the suite's time under -race (TestConnectedAccountsDelete/sqlite 4.9 s,
# 1.2 s without). The C runtime it calls, modernc.org/libc, stays
# instrumented: SQLite's mutexes and atomics are libc calls, so the
# detector still sees every synchronization. (Leaving libc out too hid
# them, and the detector reported races that were not there.)
PGMIN ?=
RACEFLAGS ?= -gcflags=modernc.org/sqlite/lib=-race=false
gotest:
ifeq ($(PGMIN),)
	$(GO) test -race $(RACEFLAGS) -count=1 -timeout $(TESTTIMEOUT) ./...
else
	bash -o pipefail -c '$(GO) test -race $(RACEFLAGS) -count=1 -timeout $(TESTTIMEOUT) -json ./... | $(GO) run ./.ci/testreport -min-postgres $(PGMIN)'
endif

# fuzz: a short run of every fuzz target beyond its seed corpus, as
# go test -fuzz runs it, but with each package's test binary built once
# (go test -c -fuzz, instrumented for coverage) for all its targets, and no
# test binary for the packages without one.
# When -fuzztime ends, Go's coordinator may see its context done before the
# context it derived for the workers is, and report the deadline as the
# target's error ("context deadline exceeded", nothing else: any real failure
# replaces that error and names its failing input); that alone is no failure.
# Each run starts from the seed corpus (f.Add and testdata/fuzz), with a
# corpus cache of its own, as on a fresh machine: with Go's shared cache
# (GOCACHE/fuzz) a machine that ran CI many times replays 700-900 cached
# inputs per target first, 8-9 of the 10 seconds, and explored for one.
# Failing inputs are still written to testdata/fuzz.
# FUZZMINIMIZETIME 0: an input that widens coverage joins the corpus as it
# is. Minimizing one takes up to a minute of calls through the handler, so
# with the default the 10 seconds went by minimizing, not fuzzing; a failing
# input is written as found (minimize it by hand with -fuzzminimizetime).
FUZZMINIMIZETIME ?= 0
fuzz:
	@d=$$(mktemp -d) && trap 'rm -rf "$$d"' EXIT && cache="$$d/corpus" && \
	for dir in $$(grep -l '^func Fuzz' $$(git ls-files '*_test.go') | xargs -n1 dirname | sort -u); do \
	  pkg=$$($(GO) list ./$$dir) && $(GO) test -c -fuzz=. -o "$$d/fuzz.test" ./$$dir || exit 1; \
	  for t in $$(cd $$dir && "$$d/fuzz.test" -test.list '^Fuzz'); do \
	    echo "fuzz $$pkg $$t"; \
	    (cd $$dir && "$$d/fuzz.test" -test.paniconexit0 -test.timeout=10m -test.run='^$$' -test.fuzz="^$$t$$" \
	      -test.fuzztime=$(FUZZTIME) -test.fuzzminimizetime=$(FUZZMINIMIZETIME) -test.fuzzcachedir="$$cache/$$pkg" \
	      >"$$d/out" 2>&1); rc=$$?; cat "$$d/out"; \
	    if [ $$rc -ne 0 ] && grep -qx '    context deadline exceeded' "$$d/out" && ! grep -q 'Failing input' "$$d/out"; then \
	      echo "(the fuzz coordinator took its own -fuzztime deadline for an error: no input failed)"; rc=0; fi; \
	    [ $$rc -eq 0 ] || exit 1; \
	  done; \
	done

test: check gotest fuzz

# interop: Seam's official npm clients (@seamapi/http, the seam CLI) against
# a freshly built lintel; see interop/. Needs Node.js and the npm registry.
interop:
	cd interop && npm ci --no-audit --no-fund
	@d=$$(mktemp -d) && $(GO) build -o $$d/lintel ./cmd/lintel && \
	  (cd interop && LINTEL_BIN=$$d/lintel npm test); rc=$$?; rm -rf $$d; exit $$rc
