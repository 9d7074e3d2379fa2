# One task runner for building, testing and running the widget with its sandbox server.
# Builds share one target dir outside the clone so CI runs on this machine stay warm.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/smile-wink/target
# wasm-opt from npm binaryen 132 must come before any other on PATH (trunk pins that version).
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

DIST ?= dist

.PHONY: setup build demo ui test fmt fmt-check clippy test-native test-browser test-wasm-pack e2e bench size

setup:
	scripts/setup.sh

build: setup
	trunk build --release --dist $(DIST)
	scripts/copy-shim.sh $(DIST)

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

fmt:
	cargo fmt --all

clippy:
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -p smile-wink --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -p smile-wink --all-targets --features standalone -- -D warnings

test-native:
	cargo test --workspace

# Headless Chromium through wasm-bindgen-test-runner (.cargo/config.toml); --tests keeps doctests out.
test-browser:
	cargo test --target wasm32-unknown-unknown --tests -p smile-wink

# The same browser tests through wasm-pack (installed by setup; uses Debian's chromedriver, no download).
test-wasm-pack: setup
	wasm-pack test --headless --chrome

# End-to-end tests (node:test + playwright-core) against the built widget, once tests/e2e/ holds any.
e2e:
	@if ls tests/e2e/*.test.mjs >/dev/null 2>&1; then \
		$(MAKE) build && node --test tests/e2e/; \
	else \
		echo "e2e: no tests/e2e/*.test.mjs yet"; \
	fi

# Loopback load run of the sandbox: a health-check baseline, then BENCH_USERS concurrent MFA connect flows.
BENCH_USERS ?= 200

bench: setup
	cargo build --release -p smile-sandbox --bins
	$(CARGO_TARGET_DIR)/release/sandbox-load --users $(BENCH_USERS)

# Gzip sizes of everything the widget page loads, and of the shim.
size: build
	scripts/size-report.sh $(DIST)
