# Thin front over CMake. See README.md.
#   make run    install what is missing, build, create the demo database, start Tandem
#   make test   install what is missing, build with -Werror, run every test
#   make bench  build and run the benchmarks
#   make install PREFIX=/usr/local   install the binary, web app and documentation
JOBS      ?= $(shell nproc)
BUILD     ?= build/release
ASAN      ?= build/asan
DB        ?= var/tandem.db
TANDEM     = $(BUILD)/src/cli/tandem

PREFIX    ?= /usr/local

.PHONY: run test bench soak security build deps format clean install

deps:
	@bash scripts/install-deps.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DTANDEM_WERROR=ON

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

run: build
	@bash scripts/run-demo.sh $(TANDEM) $(DB) $(BUILD)/web/dist

$(ASAN)/build.ninja:
	cmake -S . -B $(ASAN) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTANDEM_SANITIZE=ON \
	  -DTANDEM_ENGINES_ONLY=ON -DTANDEM_WERROR=ON

test: build $(ASAN)/build.ninja
	cmake --build $(ASAN) -j $(JOBS)
	cd $(ASAN) && ctest --output-on-failure -L engine -j $(JOBS)
	bash scripts/with-postgres.sh ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)
	bash scripts/fuzz.sh --jobs $(JOBS) --runs 100000 --max-seconds 20

bench: build
	bash scripts/with-postgres.sh bash scripts/run-bench.sh $(BUILD)

# Crash soak (docs/testing.md): 1,000 SIGKILLs of `tandem serve` under load per
# database, and one immediate PostgreSQL stop per 20 of them. CYCLES=N for another count.
soak: build
	node tests/crash_test.mjs --tandem $(TANDEM) --backend sqlite --cycles $(or $(CYCLES),1000)
	bash scripts/with-postgres.sh node tests/crash_test.mjs --tandem $(TANDEM) --backend postgresql \
	  --cycles $(or $(CYCLES),1000)

# SQL injection probe with sqlmap (docs/security.md): every API route that takes query
# parameters or a JSON body, signed in, level 2. Tens of minutes; not part of make test.
security: build
	bash scripts/security.sh $(TANDEM) build/security

# libFuzzer harnesses (docs/testing.md, "Fuzzing"): SECONDS per harness (default 600),
# FUZZ="csv json" for some of them, MERGE=1 to keep new inputs in fuzz/corpus/.
.PHONY: fuzz
fuzz: deps
	bash scripts/fuzz.sh --jobs $(JOBS) --seconds $(or $(SECONDS),600) $(if $(MERGE),--merge) $(FUZZ)

# Installs the binary (PREFIX/bin/tandem), the web app (PREFIX/share/tandem/web,
# where `tandem serve` finds it) and the documentation (PREFIX/share/doc/tandem).
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

format:
	find src bench tests -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf build
