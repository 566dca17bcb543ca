# fullemp — two commands on a fresh Debian machine: `make demo` and `make test`.
SHELL := /bin/bash
GO ?= $(shell command -v go 2>/dev/null || echo /usr/local/go/bin/go)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN := bin/fullemp
DEMO_DIR ?= demo
DEMO_SCALE ?= 0.01
DEMO_ADDR ?= 127.0.0.1:8080
DEMO_BULLETINS ?= 2008 2009 2010-Q3 2010-10 2010-11
# Debian packages fullemp needs: the ClickHouse server and client, headless Chromium with
# a CJK font for browser tests and PDF printing.
# zookeeper (3.8.0, with a JRE) runs the cluster tests' coordination (warehouse/clustertest).
APT_PACKAGES := clickhouse-server clickhouse-client chromium fonts-wqy-microhei poppler-utils zookeeper
# Current ClickHouse's engine for the two-engine test (no current clickhouse-server installs
# here): libchdb.so from npm, fetched once into a cache folder outside git.
CHDB_VERSION := 26.7.3-stable.1
CHDB_DIR ?= $(HOME)/.cache/fullemp/chdb-$(CHDB_VERSION)
export CHDB_LIB_PATH := $(CHDB_DIR)/package/libchdb.so

.PHONY: all deps build test test-cluster demo bench soak fuzz clean fmt vet

all: build

# deps installs what is missing: the Debian packages above (apt-get) and the Go modules.
deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
	@if [ ! -f "$(CHDB_LIB_PATH)" ]; then \
	  command -v npm >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm >/dev/null; }; \
	  echo "fetching ClickHouse $(CHDB_VERSION)'s engine (chDB, about 178 MB) into $(CHDB_DIR)"; \
	  rm -rf "$(CHDB_DIR).tmp" && mkdir -p "$(CHDB_DIR).tmp" && cd "$(CHDB_DIR).tmp" && \
	  npm pack --silent @chdb/lib-linux-x64-gnu@$(CHDB_VERSION) >/dev/null && \
	  tar xzf chdb-lib-linux-x64-gnu-$(CHDB_VERSION).tgz && rm -f chdb-lib-linux-x64-gnu-$(CHDB_VERSION).tgz && \
	  rm -rf "$(CHDB_DIR)" && mv "$(CHDB_DIR).tmp" "$(CHDB_DIR)"; \
	fi
	@$(GO) mod download

build: deps
	$(GO) build -trimpath -ldflags='-s -w' -o $(BIN) ./cmd/fullemp

# test runs every test against a real ClickHouse (each test binary starts its own local
# server) and real Chromium; nothing is skipped. warehouse/chdbconn runs the warehouse's SQL
# on ClickHouse 18.16 and on current ClickHouse's engine (CHDB_LIB_PATH) and compares, and
# on a cluster; warehouse/clustertest runs the demo city on a cluster (both start 2 shards ×
# 2 replicas of clickhouse-server and a ZooKeeper on loopback).
test: deps
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 20m ./...

# test-cluster runs only the cluster tests (also part of `make test`).
test-cluster: deps
	$(GO) test -count=1 -timeout 20m -v -run 'Cluster' ./warehouse/clustertest ./warehouse/chdbconn

# demo generates the demo city, ingests it and serves the dashboards.
demo: build
	@if [ ! -f $(DEMO_DIR)/input/.generated-$(DEMO_SCALE) ]; then \
	  rm -rf $(DEMO_DIR)/input && $(BIN) gen --out $(DEMO_DIR)/input --scale $(DEMO_SCALE) && touch $(DEMO_DIR)/input/.generated-$(DEMO_SCALE); \
	fi
	$(BIN) ingest --data $(DEMO_DIR)/data $(DEMO_DIR)/input
	$(BIN) demo-accounts --data $(DEMO_DIR)/data
	@# A few published bulletins (once per data folder): the years 2008 and 2009, the third
	@# quarter of 2010, October (终值 once November is out) and November 2010. serve's
	@# release calendar then drafts what is due next (2010-12, 2010-Q4, 2010) for the city.
	@if [ ! -f $(DEMO_DIR)/data/.bulletins-published ]; then \
	  for p in $(DEMO_BULLETINS); do $(BIN) bulletin publish --data $(DEMO_DIR)/data --period $$p --by demo || exit 1; done; \
	  touch $(DEMO_DIR)/data/.bulletins-published; \
	fi
	$(BIN) serve --data $(DEMO_DIR)/data --addr $(DEMO_ADDR)

# bench runs a short fuzzing run of every fuzz target, the crash soak, then the benchmarks (never part of
# `make test`): ingest speed against clickhouse-client, figure latency against raw scans,
# dashboard load.
bench: build fuzz soak
	$(GO) test -run '^$$' -bench . -benchtime 1x -timeout 150m ./...

# fuzz fuzzes each fuzz target for FUZZTIME, one at a time (go test takes one -fuzz target per
# package and run); `make test` runs only their seed corpora (f.Add and testdata/fuzz/).
# A failing input is written to the package's testdata/fuzz/FuzzXxx/ and fails the run;
# minimizing a new input is capped at 5 s, so the time goes to fuzzing.
FUZZTIME ?= 20s
# Every `func FuzzXxx` of a test file, as folder:FuzzXxx.
FUZZ_TARGETS = $(shell grep -rEo --include='*_test.go' '^func Fuzz[A-Za-z0-9_]+' . | sed -E 's|^\./(.*)/[^/]*:func |\1:|' | sort)
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
	  echo "fuzz $${t#*:} (./$${t%%:*}, $(FUZZTIME))"; \
	  $(GO) test -run '^$$' -fuzz "^$${t#*:}\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./$${t%%:*}; \
	done

# soak kills fullemp and its ClickHouse at 20 points each of an ingest and its refresh
# (make test runs 3 of each) and compares every figure with an uninterrupted run.
soak: deps
	FULLEMP_CRASH_POINTS=20 $(GO) test -count=1 -run '^TestCrashAnywhereThenRerun$$' -v -timeout 90m ./cmd/fullemp

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin $(DEMO_DIR)
