# One task runner for building, testing and running the widget with its sandbox server.
# Builds share one target dir outside the clone so CI runs on this machine stay warm.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/smile-wink/target
# wasm-opt from npm binaryen 132 must come before any other on PATH (trunk pins that version).
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

DIST ?= dist

.PHONY: setup build demo ui test fmt fmt-check clippy test-native test-browser test-wasm-pack e2e bench size size-check

setup:
	scripts/setup.sh

# The page, its assets and the shim, each text and wasm file with its .br and .gz beside it. The wasm is cut
# into the part the page loads and the parts fetched on demand (scripts/finish-wasm.mjs).
build: setup
	trunk build --release --features split --dist $(DIST)
	scripts/copy-shim.sh $(DIST)
	node scripts/compress.mjs $(DIST)

demo: setup build
	cargo run --release -p smile-sandbox -- --dist $(DIST)

# Local UI work: the sandbox on 127.0.0.1:8787 and `trunk serve` on http://127.0.0.1:8080/ with
# standalone mode (the page mints its own sandbox token). It rebuilds on every edit; Ctrl-C stops both.
ui: setup build
	cargo build --release -p smile-sandbox
	@$(CARGO_TARGET_DIR)/release/smile-sandbox --dist $(DIST) & sandbox=$$!; \
	trap 'kill $$sandbox' EXIT INT TERM; \
	trunk serve --features standalone --address 127.0.0.1 --port 8080 --dist $(CARGO_TARGET_DIR)/ui-dist

test: setup
	cargo fmt --all -- --check
	$(MAKE) clippy
	$(MAKE) test-native
	$(MAKE) test-browser
	$(MAKE) e2e
	$(MAKE) size-check

fmt:
	cargo fmt --all

clippy:
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -p smile-wink --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -p smile-wink --all-targets --features standalone -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -p smile-wink --lib --bins --features split -- -D warnings

test-native:
	cargo test --workspace

# Headless Chromium through wasm-bindgen-test-runner (.cargo/config.toml); --tests keeps doctests out.
test-browser:
	cargo test --target wasm32-unknown-unknown --tests -p smile-wink

# The same browser tests through wasm-pack (installed here on first use; uses Debian's chromedriver, no download).
test-wasm-pack: setup
	SETUP_WASM_PACK=1 scripts/setup.sh
	wasm-pack test --headless --chrome

# End-to-end tests (node:test + playwright-core) against the built widget, once tests/e2e/ holds any.
e2e:
	@if ls tests/e2e/*.test.mjs >/dev/null 2>&1; then \
		$(MAKE) build && node --test tests/e2e/; \
	else \
		echo "e2e: no tests/e2e/*.test.mjs yet"; \
	fi

# Every figure of docs/performance.md beside its baseline from the same run: sizes, the sandbox under load
# (BENCH_USERS concurrent users: MFA connect flow, provider list, upload), and in headless Chromium on
# loopback the open time, search and memory (bench/*.mjs). A few minutes; timings are never asserted.
BENCH_USERS ?= 200

bench: setup build
	cargo build --release -p smile-sandbox --bins
	SANDBOX_LOAD=$(CARGO_TARGET_DIR)/release/sandbox-load SMILE_SANDBOX=$(CARGO_TARGET_DIR)/release/smile-sandbox \
		BENCH_USERS=$(BENCH_USERS) DIST=$(DIST) node bench/run.mjs

# Sizes of everything the widget page loads (raw, gzip, brotli) and of the shim; fails over the budget.
size: build
	$(MAKE) size-check

# The size gate alone, on what is built: the page and its largest locale file within the 150 KiB budget
# (scripts/size-report.sh), with what each part fetched on demand adds.
size-check:
	scripts/size-report.sh --check $(DIST)
