# Thin front over CMake. See README.md.
#   make run    install what is missing, build, create the demo database, start Tandem
#   make test   install what is missing, build with -Werror, run every test
#   make bench  build and run the benchmarks
JOBS      ?= $(shell nproc)
BUILD     ?= build/release
ASAN      ?= build/asan
DB        ?= var/tandem.db
TANDEM     = $(BUILD)/src/cli/tandem

.PHONY: run test bench build deps format clean

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

bench: build
	bash scripts/with-postgres.sh bash scripts/run-bench.sh $(BUILD)

format:
	find src bench tests -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf build
