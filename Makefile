# vpsforge.fastapi — the two commands on a fresh machine are `make demo` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON   ?= python3
VENV     := $(CURDIR)/.venv
BIN      := $(VENV)/bin
DISTROS  ?= bookworm trixie
# Longest first (both distros' times added up), so the two lanes of the matrix end close
# together; scenarios not listed run last.
SCENARIO_ORDER := harden app cluster edge caddy base firewall
# `bench` proves the bench itself (image boots systemd, apt suites, CA trust, pip); every other
# scenario stands on the same ground, so `make molecule` leaves it out (run it with
# `make molecule SCENARIOS=bench`). `vm` boots a real Debian VM under qemu's software emulation
# (README: The VM tier): it has a lane of its own (`make vm`; `make test` runs it beside the
# containers' matrix on 4 cores or more).
SCENARIOS_OPTIONAL := bench vm
ALL_SCENARIOS := $(sort $(notdir $(patsubst %/molecule.yml,%,$(wildcard molecule/*/molecule.yml))))
SCENARIOS ?= $(filter $(ALL_SCENARIOS),$(SCENARIO_ORDER)) $(filter-out $(SCENARIO_ORDER) $(SCENARIOS_OPTIONAL),$(ALL_SCENARIOS))
# scenario:distro pairs to leave out of `make molecule` (none today; see CHANGELOG's known gaps).
export MOLECULE_SKIP ?=
# Scenarios running side by side in `make molecule`.
MOLECULE_JOBS ?= 2
JUNIT    := $(CURDIR)/build/junit
export PATH := $(BIN):$(PATH)
export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/.collections
export VPSFORGE_CA_BUNDLE ?= /etc/ssl/certs/ca-certificates.crt
# MITOGEN=1: `make demo` runs its playbooks with Mitogen's strategy (mitogen_linear), which keeps
# one Python interpreter per host instead of starting one per task (README: Faster runs).
# `make bench` measures both strategies side by side whatever this says.
MITOGEN ?= 0
# Mitogen's strategy directory in .venv (empty before `make setup`).
export MITOGEN_STRATEGY_PLUGINS = $(shell $(BIN)/python -c 'import ansible_mitogen, os; print(os.path.dirname(ansible_mitogen.__file__) + "/plugins/strategy")' 2> /dev/null)
ifeq ($(MITOGEN),1)
demo: export ANSIBLE_STRATEGY = mitogen_linear
demo: export ANSIBLE_STRATEGY_PLUGINS = $(MITOGEN_STRATEGY_PLUGINS)
endif
# Distros whose Molecule runs use Mitogen's strategy: so `make test` proves the collection on
# Ansible's default strategy (bookworm) and on the faster option the README offers (trixie).
export MOLECULE_MITOGEN_DISTROS ?= trixie

.PHONY: help setup docker images lint app-test collection-test checks molecule vm test test-containers test-vm demo demo-down bench clean

help:  ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(VENV)/.stamp: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

.collections/ansible_collections/vpsforge/fastapi:
	mkdir -p .collections/ansible_collections/vpsforge
	ln -sfn ../../.. $@

setup: $(VENV)/.stamp .collections/ansible_collections/vpsforge/fastapi  ## Create .venv with the pinned tooling (idempotent)

docker:  ## Make sure a Docker daemon answers (installs and starts docker.io on a Debian root host)
	@scripts/ensure-docker.sh

images: docker  ## Build the Debian test images with debootstrap (cached by recipe), side by side
	scripts/build-images.sh "systemd:bookworm systemd:trixie python-base:bookworm"

lint: setup  ## yamllint, ansible-lint (production profile), ruff
	yamllint --strict .
	ansible-lint --profile production
	ruff check .
	ruff format --check .

app-test: images  ## The app's pytest suite, including the Dockerfile build
	$(MAKE) -C app test JUNIT=$(JUNIT)/app.xml VPSFORGE_REQUIRE_DOCKER=1

collection-test: setup  ## Plugin unit tests, the contract suite (bad/good input, no containers), the collection build
	pytest -q -p no:cacheprovider --durations=5 --junitxml=$(JUNIT)/collection.xml tests

molecule: setup images  ## Every Molecule scenario on every distro ($(MOLECULE_JOBS) scenarios at a time)
	scripts/molecule-matrix.sh "$(SCENARIOS)" "$(DISTROS)" $(MOLECULE_JOBS)

# Mitogen's strategy on every distro: under emulation each task's new Python costs seconds, and
# Mitogen keeps one interpreter (check mode about 3 min instead of 15, idempotence 1 instead of 7).
vm: export MOLECULE_MITOGEN_DISTROS = $(DISTROS)
vm: setup  ## The VM tier: a real Debian VM per distro under qemu, first-booted by cloud-init, hardened and rebooted
	scripts/molecule-matrix.sh vm "$(DISTROS)" 1

# The VM tier in `make test`: one VM, Debian 12 (the provision role's default image), booted
# while the containers' lane runs; `make vm` runs every distro.
VM_TEST_DISTROS ?= bookworm
# Lynis under emulation takes about 15 min, more than CI's budget has left: `make vm` asserts
# the VM's index, `make test` skips that one test (VM_TEST_LYNIS=1 keeps it).
VM_TEST_LYNIS ?= 0
export VPSFORGE_VM_LYNIS ?= 1

# The images build (mostly waiting on the archive and on dpkg) while the checks that need no
# container run beside it; each side's output is printed when it ends. REBUILD_IMAGES=1 builds
# them from Debian's archive even when a matching image exists (CI: .ci/run), once.
REBUILD_IMAGES ?= 0
# Two lanes side by side: the containers' (checks and images, then the app tests and Molecule)
# and the VM tier's, which needs neither Docker nor the images. Three job slots: one per lane,
# and one for the images beside the checks. A failing lane lets the other finish.
# Both lanes are CPU-bound (the VM runs under software emulation): on 2 cores a fresh-clone
# `.ci/run` with the VM lane took 84 min 40 s, against CI's 69 without, too close to its 90-minute
# limit. So the VM lane runs where there are 4 cores or more; VM_LANE=1 or 0 decides by hand.
VM_LANE ?= $(shell [ "$$(nproc)" -ge 4 ] && echo 1 || echo 0)
test: setup ## Everything CI runs: lint, app tests, collection build, Molecule on both distros, the VM tier (4+ cores)
	rm -rf $(JUNIT)
ifeq ($(VM_LANE),1)
	$(MAKE) --no-print-directory -j3 test-containers test-vm
else
	@echo "make test: the VM lane is off on $$(nproc) cores (VM_LANE=1 runs it here; make vm runs the VM tier alone)"
	$(MAKE) --no-print-directory -j2 test-containers
endif
	@$(BIN)/python scripts/test-summary.py $(JUNIT)

test-containers: setup
	$(MAKE) --no-print-directory --output-sync=recurse checks images FORCE=$(REBUILD_IMAGES)
	$(MAKE) app-test FORCE=0
	$(MAKE) molecule FORCE=0

test-vm: setup  ## The VM tier's lane of `make test`: one bookworm VM, its Lynis test left to `make vm`
	$(MAKE) --no-print-directory vm DISTROS="$(VM_TEST_DISTROS)" VPSFORGE_VM_LYNIS=$(VM_TEST_LYNIS)

checks: setup  ## What needs no container: lint, then the collection suite
	$(MAKE) lint
	$(MAKE) collection-test

DEMO_DISTRO ?= bookworm
export DEMO_DISTRO
demo: setup docker  ## Bring up a local systemd "VPS" and converge playbooks/site.yml on it
	images/build.sh systemd $(DEMO_DISTRO)
	scripts/demo.sh up

demo-down:  ## Remove the demo target
	scripts/demo.sh down

# Never part of `make test`: benchmarks do not gate anything.
bench: setup docker  ## One table on the demo target: playbook times, wrk through nginx vs Gunicorn vs uvicorn, failures during events (~15 min)
	images/build.sh systemd $(DEMO_DISTRO)
	$(BIN)/python bench/bench.py

clean:  ## Remove build output (keeps .venv and images)
	rm -rf build .collections
