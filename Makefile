# Contakt: `make run` builds the extension and shows it working; `make test` runs every test;
# `make bench` prints the figures; `make dist` only builds. Each installs what is missing.
SHELL := /bin/bash
.DEFAULT_GOAL := run
.PHONY: test-oracle oracle-venv worker-build telemetry-server test-server fuzz-long base-dist firefox lint-firefox test-firefox package run test bench dist wasm toolchain wasm-bindgen chromium npm test-core test-wasm test-e2e typecheck tidy fuzz clean

# wasm-bindgen's CLI must equal the crate version in Cargo.lock.
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/^version = "\(.*\)"$$/\1/p;}' Cargo.lock)

# Use rustup's wasm32 target when it is installed; otherwise Debian's rustc-web with a std
# built from source (see ../shared/notes/toolchain.md).
RUSTUP_WASM := $(shell d="$$(rustc --print sysroot 2>/dev/null)/lib/rustlib/wasm32-unknown-unknown"; [ -d "$$d/lib" ] && echo yes)
ifeq ($(RUSTUP_WASM),yes)
  WASM_CARGO := cargo
  WASM_STD :=
else
  WASM_CARGO := RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 /usr/bin/cargo
  WASM_STD := -Zbuild-std=std,panic_abort
endif
WASM_TARGET_DIR := target/wasm
WASM_OUT := $(WASM_TARGET_DIR)/wasm32-unknown-unknown/release/contakt_wasm.wasm
# The options page's second module (the facade's `files` feature alone): file readers,
# export, backup encryption. Built first and copied aside; then the core module.
WASM_FILES_OUT := $(WASM_TARGET_DIR)/contakt_files.wasm
PKG := target/pkg
APT := DEBIAN_FRONTEND=noninteractive apt-get

run: dist npm chromium
	@if [ -n "$$DISPLAY" ]; then \
	  echo "Opening Chromium with dist/ loaded"; \
	  chromium --user-data-dir="$$(mktemp -d)" --disable-extensions-except="$(CURDIR)/dist" --load-extension="$(CURDIR)/dist" "chrome-extension://invalid/" & \
	else \
	  node tests/e2e/demo.mjs; \
	fi

# wasm-opt comes from the npm package binaryen (pinned in tests/package-lock.json): Debian's
# binaryen 108 corrupts wasm-bindgen output.
WASM_OPT := tests/node_modules/.bin/wasm-opt --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals

dist: wasm wasm-bindgen npm
	wasm-bindgen --target web --out-dir $(PKG) $(WASM_OUT)
	wasm-bindgen --target web --out-dir $(PKG) --out-name contakt_files $(WASM_FILES_OUT)
	$(WASM_OPT) -O3 $(PKG)/contakt_wasm_bg.wasm -o $(PKG)/contakt_wasm_bg.wasm
	$(WASM_OPT) -O3 $(PKG)/contakt_files_bg.wasm -o $(PKG)/contakt_files_bg.wasm
	cargo run -q --release -p contakt-pack -- dist $(PKG) dist dist-firefox

wasm: toolchain
	$(WASM_CARGO) build -p contakt-wasm --release --target wasm32-unknown-unknown $(WASM_STD) --target-dir $(WASM_TARGET_DIR) --no-default-features --features files
	cp $(WASM_OUT) $(WASM_FILES_OUT)
	$(WASM_CARGO) build -p contakt-wasm --release --target wasm32-unknown-unknown $(WASM_STD) --target-dir $(WASM_TARGET_DIR)

test: tidy test-core test-oracle test-wasm typecheck lint-firefox test-e2e test-firefox test-package test-server fuzz

# Formatting and lints: cargo fmt and clippy (warnings are errors) over the workspace.
tidy:
	cargo fmt --all --check
	cargo clippy -q --workspace --all-targets -- -D warnings

test-core:
	cargo test --workspace --exclude contakt-wasm
	cargo test -p contakt-wasm --lib

# The phone engine against Google's libphonenumber: its Python port, pinned at the metadata
# release Contakt ships, in a virtual environment of our own; tests/oracle/generate.py writes
# the cases and Google's answers, crates/contakt-core/tests/oracle.rs compares and holds floors.
ORACLE_VENV := target/oracle-venv
ORACLE_PIN := 9.0.35

test-oracle: oracle-venv
	mkdir -p target/oracle
	$(ORACLE_VENV)/bin/python tests/oracle/generate.py target/oracle
	cargo test -q -p contakt-core --test oracle -- --ignored --nocapture

oracle-venv: $(ORACLE_VENV)/phonenumbers-$(ORACLE_PIN)

$(ORACLE_VENV)/phonenumbers-$(ORACLE_PIN):
	rm -rf $(ORACLE_VENV)
	python3 -m venv $(ORACLE_VENV) || { rm -rf $(ORACLE_VENV); $(APT) update -qq && $(APT) install -y -qq python3-venv && python3 -m venv $(ORACLE_VENV); }
	$(ORACLE_VENV)/bin/pip install -q --disable-pip-version-check phonenumbers==$(ORACLE_PIN)
	touch $@

test-wasm: toolchain wasm-bindgen
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	  $(WASM_CARGO) test -p contakt-wasm --target wasm32-unknown-unknown $(WASM_STD) --target-dir $(WASM_TARGET_DIR) --features files

# The telemetry server: a Rust Cloudflare Worker (crates/contakt-telemetry-server) built by
# worker-build into its build/ folder, which `wrangler dev` (tests) and `wrangler deploy` serve
# as is. worker-build is told where wasm-bindgen and wasm-opt are (it would download them);
# without rustup's wasm32 std it gets Debian's rustc-web through wrappers named rustc and
# cargo first in PATH (it asks for them by name, and would otherwise run `rustup target add`).
WORKER_BUILD_VERSION := 0.8.7
SERVER := crates/contakt-telemetry-server
ifeq ($(RUSTUP_WASM),yes)
  SERVER_ENV :=
else
  SERVER_ENV := PATH=$(CURDIR)/target/worker-bin:$$PATH RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort
endif
worker-build:
	@worker-build --version 2>/dev/null | grep -qE '(^| )$(WORKER_BUILD_VERSION)$$' || cargo install worker-build --version $(WORKER_BUILD_VERSION) --locked

# The server as built: raw HTTP under `wrangler dev` and what reaches its Analytics Engine
# binding (tests/server/), each started and stopped by the tests.
test-server: telemetry-server
	node --test --test-concurrency=1 --test-timeout=180000 tests/server/

telemetry-server: toolchain wasm-bindgen npm worker-build
	@# The std is built from source (-Zbuild-std), so the wasm32 library folder worker-build
	@# looks for may be an empty one.
	@mkdir -p target/worker-bin/wasm32-lib
	@printf '#!/bin/sh\ncase "$$*" in *target-libdir*wasm32*|*wasm32*target-libdir*) echo "%s"; exit 0;; esac\nexec /usr/bin/rustc "$$@"\n' "$(CURDIR)/target/worker-bin/wasm32-lib" > target/worker-bin/rustc
	@printf '#!/bin/sh\nexec /usr/bin/cargo "$$@"\n' > target/worker-bin/cargo; chmod +x target/worker-bin/rustc target/worker-bin/cargo
	cd $(SERVER) && $(SERVER_ENV) CARGO_TARGET_DIR=$(CURDIR)/target/worker WASM_BINDGEN_BIN=$$(command -v wasm-bindgen) WASM_OPT_BIN=$(CURDIR)/tests/node_modules/.bin/wasm-opt worker-build --release

# The TypeScript compiler over the extension's JavaScript, against wasm-bindgen's declarations
# of the core and the typed message protocol (extension/protocol.d.ts).
typecheck: dist npm
	rm -rf target/typecheck && cp -r extension target/typecheck && mkdir -p target/typecheck/pkg
	cp $(PKG)/contakt_wasm.d.ts $(PKG)/contakt_files.d.ts target/typecheck/pkg/
	tests/node_modules/.bin/tsc -p tests/tsconfig.json

test-e2e: dist npm chromium telemetry-server
	node --test --test-concurrency=1 --test-timeout=180000 tests/node/ tests/e2e/

# The Firefox build (dist-firefox/): web-ext's linter, warnings as errors; then the suite in
# headless Firefox ESR through puppeteer-core (WebDriver BiDi).
lint-firefox: dist npm
	tests/node_modules/.bin/web-ext lint --source-dir dist-firefox --warnings-as-errors --no-config-discovery

test-firefox: dist npm firefox
	node --test --test-concurrency=1 --test-timeout=180000 tests/firefox/

# Store-ready zips for the Chrome Web Store and addons.mozilla.org with their listing
# material (name and description per locale, privacy page, screenshots in three languages)
# in target/package; test-package loads each zip in its browser.
package: dist npm chromium
	cargo run -q --release -p contakt-pack -- package dist dist-firefox target/package
	node tests/package/screenshots.mjs target/package/listing/screenshots

test-package: package firefox
	node --test --test-concurrency=1 --test-timeout=180000 tests/package/

# libFuzzer through libfuzzer-sys, instrumented with stable rustc's sanitizer-coverage flags
# (no nightly, no cargo-fuzz needed); each target runs FUZZ_SECONDS and must not crash or hang.
FUZZ_SECONDS ?= 20
FUZZ_FLAGS := -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table -Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing
FUZZ_BIN := target/fuzz/x86_64-unknown-linux-gnu/release
FUZZ_TARGETS := parse find vcard csv backup

fuzz:
	cd crates/contakt-core/fuzz && RUSTFLAGS="$(FUZZ_FLAGS)" cargo build -q --release --target x86_64-unknown-linux-gnu --target-dir ../../../target/fuzz
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p target/fuzz/corpus/$$t && cp crates/contakt-core/fuzz/seeds/$$t/* target/fuzz/corpus/$$t/; \
	  if [ -d crates/contakt-core/fuzz/corpus/$$t ]; then cp crates/contakt-core/fuzz/corpus/$$t/* target/fuzz/corpus/$$t/; fi; \
	  echo "fuzzing $$t for $(FUZZ_SECONDS) s"; \
	  $(FUZZ_BIN)/$$t -max_total_time=$(FUZZ_SECONDS) -timeout=2 -max_len=4096 -print_final_stats=1 target/fuzz/corpus/$$t 2>&1 | grep -E "^(Done|stat::number_of_executed_units)|ERROR|panicked|SUMMARY" ; \
	  test $${PIPESTATUS[0]} -eq 0 || exit 1; \
	done

# The long run (outside CI): each target until FUZZ_RUNS executions (10 million) without a
# crash or hang, starting from the seeds and the corpus kept in the repository
# (crates/contakt-core/fuzz/corpus/<target>); what it found is merged back there (minimised:
# only inputs that add coverage), so every later run, short or long, starts from it. Its
# timeout is 20 s of wall time: libFuzzer's timeout is wall-clock, and a 2 s one fired on a
# machine busy with builds (the csv run then hung in libFuzzer's own handler); run it alone.
# FUZZ_JOBS=2 runs it as two libFuzzer jobs at once (-jobs), one per core, sharing the corpus
# (each reloads what the other finds) and each running FUZZ_RUNS/2 executions: the counts in
# their logs (target/fuzz/long/fuzz-*.log) are added up, and a crash, timeout or OOM in
# either fails the run: find ran 10 million executions in 4,615 s this way (2,170/s).
# libFuzzer's fork mode was measured and not taken: 653,414 executions in 704 s on the same
# two cores (930/s), no faster than one process alone.
FUZZ_RUNS ?= 10000000
FUZZ_JOBS ?= 1
fuzz-long:
	cd crates/contakt-core/fuzz && RUSTFLAGS="$(FUZZ_FLAGS)" cargo build -q --release --target x86_64-unknown-linux-gnu --target-dir ../../../target/fuzz
	@for t in $(FUZZ_TARGETS); do \
	  work=target/fuzz/long/$$t; kept=crates/contakt-core/fuzz/corpus/$$t; \
	  mkdir -p $$work $$kept && cp crates/contakt-core/fuzz/seeds/$$t/* $$work/ && cp $$kept/* $$work/ 2>/dev/null; \
	  echo "fuzzing $$t for $(FUZZ_RUNS) executions"; \
	  start=$$(date +%s); \
	  if [ $(FUZZ_JOBS) -gt 1 ]; then \
	    rm -f target/fuzz/long/fuzz-*.log; \
	    (cd target/fuzz/long && ../../../$(FUZZ_BIN)/$$t -jobs=$(FUZZ_JOBS) -workers=$(FUZZ_JOBS) -runs=$$(( $(FUZZ_RUNS) / $(FUZZ_JOBS) )) -timeout=20 -max_len=4096 -print_final_stats=1 $$t > /dev/null 2>&1); rc=$$?; \
	    grep -hE "^(Done|stat::number_of_executed_units)|ERROR|panicked|SUMMARY|ALARM|Timeout" target/fuzz/long/fuzz-*.log; \
	    test $$rc -eq 0 || exit 1; \
	    runs=$$(grep -h "^stat::number_of_executed_units" target/fuzz/long/fuzz-*.log | awk '{ s += $$2 } END { print s }'); \
	    test "$$runs" -ge $(FUZZ_RUNS) || { echo "$$t: only $$runs executions"; exit 1; }; \
	  else \
	    $(FUZZ_BIN)/$$t -runs=$(FUZZ_RUNS) -timeout=20 -max_len=4096 -print_final_stats=1 $$work 2>&1 | grep -E "^(Done|stat::number_of_executed_units)|ERROR|panicked|SUMMARY|ALARM|timeout" ; \
	    test $${PIPESTATUS[0]} -eq 0 || exit 1; runs=$(FUZZ_RUNS); \
	  fi; \
	  echo "$$t: $$runs executions in $$(( $$(date +%s) - start )) s ($(FUZZ_JOBS) job(s)), no crash"; \
	  rm -rf $$kept.new && mkdir -p $$kept.new && $(FUZZ_BIN)/$$t -merge=1 -max_len=4096 $$kept.new $$work 2>&1 | grep -E "MERGE-OUTER: [0-9]+ new files"; \
	  rm -rf $$kept && mv $$kept.new $$kept; \
	done

# `make bench BASE=<commit>` also measures that commit's popup, side by side in the same run
# (its dist is built in a git worktree under target/base).
bench: dist npm chromium $(if $(BASE),base-dist)
	@echo "== Sizes"; cargo run -q --release -p contakt-pack -- sizes dist
	@echo; echo "== Parse throughput (Node, same inputs)"; node tests/bench/parse.mjs
	@echo; echo "== Finding numbers in page text (Node, same texts)"; node tests/bench/find.mjs
	@echo; echo "== Popup cold start (headless Chromium)"; BENCH_BASE_DIST=$(if $(BASE),$(CURDIR)/target/base/dist) BENCH_BASE_NAME=$(BASE) node tests/bench/popup.mjs
	@echo; echo "== Number detection on pages: main-thread cost (headless Chromium)"; node tests/bench/page.mjs
	@echo; echo "== Import of 10,000 contacts (wasm, headless Chromium)"; node tests/bench/import.mjs
	@echo; echo "== Restore at the size limit (journaled, real worker, headless Chromium)"; node tests/bench/restore.mjs
	@echo; echo "== A campaign of 10,000 recipients (wasm and the real worker, headless Chromium)"; node tests/bench/campaign.mjs
	@echo; echo "== Telemetry server under load (wrangler dev on 127.0.0.1)"; $(MAKE) -s telemetry-server >/dev/null && node tests/bench/telemetry.mjs
	@echo; echo "== Address book at 10,000 contacts"; node tests/bench/contacts.mjs

base-dist: npm
	rm -rf target/base && git worktree prune && git worktree add --detach target/base $(BASE)
	$(MAKE) -C target/base dist

toolchain:
ifneq ($(RUSTUP_WASM),yes)
	@if ! [ -x /usr/bin/rustc ] || ! /usr/bin/rustc --print target-list | grep -q wasm32-unknown-unknown \
	    || ! [ -e /usr/bin/rust-lld ] || ! [ -d /usr/lib/rustlib/src/rust/library ] || ! command -v lld-22 >/dev/null; then \
	  echo "Installing Debian's rustc-web toolchain for wasm32 (rustup has no wasm32 target here)"; \
	  $(APT) update -qq && $(APT) install -y -qq rustc-web cargo-web rust-web-src rust-web-llvm lld-22; \
	fi
endif

wasm-bindgen:
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "Installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (matches Cargo.lock)"; \
	  cargo install -q --locked wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi

chromium:
	@command -v chromium >/dev/null || { $(APT) update -qq && $(APT) install -y -qq chromium; }

firefox:
	@command -v firefox-esr >/dev/null || { $(APT) update -qq && $(APT) install -y -qq firefox-esr; }

npm: tests/node_modules/.package-lock.json

tests/node_modules/.package-lock.json: tests/package-lock.json
	cd tests && npm ci --no-audit --no-fund

clean:
	rm -rf dist dist-firefox target/pkg
