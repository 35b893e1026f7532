#!/usr/bin/env bash
# Run Molecule scenarios on every distro, several scenarios at a time.
#   scripts/molecule-matrix.sh "SCENARIOS" "DISTROS" JOBS
# A scenario's distros run one after the other (they share its fixed network and Molecule's
# state directory); different scenarios use different containers and networks, so they run
# side by side. MOLECULE_SKIP lists scenario:distro pairs not to run. Each scenario's output goes to build/molecule/<scenario>.log; a failing
# scenario prints the end of its log.
# MOLECULE_MITOGEN_DISTROS lists the distros whose runs use Mitogen's strategy (README: Faster
# runs) for check, converge, idempotence, verify and the playbooks the tests start; Molecule's
# own create and destroy stay on Ansible's linear strategy (their asynchronous container jobs
# never report back under Mitogen). MITOGEN_STRATEGY_PLUGINS is Mitogen's strategy directory.
set -euo pipefail
scenarios=${1:?scenarios}
distros=${2:?distros}
jobs=${3:-2}
logs=build/molecule
mkdir -p "$logs"

# `molecule test` of one scenario with Mitogen's strategy, create and destroy without it.
mitogen_test() {
  local scenario=$1 rc=1
  if molecule destroy -s "$scenario" && molecule create -s "$scenario"; then
    ANSIBLE_STRATEGY=mitogen_linear ANSIBLE_STRATEGY_PLUGINS=$MITOGEN_STRATEGY_PLUGINS \
      molecule test -s "$scenario" --destroy never
    rc=$?
  fi
  molecule destroy -s "$scenario" || true
  return $rc
}

run_scenario() {
  local scenario=$1 distro start command strategy
  for distro in $DISTROS; do
    if [[ " $SKIP " == *" $scenario:$distro "* ]]; then
      echo "=== molecule test -s $scenario on $distro: SKIPPED (listed in MOLECULE_SKIP)"
      continue
    fi
    start=$SECONDS
    command=(molecule test -s "$scenario") strategy=linear
    if [[ " $MITOGEN_DISTROS " == *" $distro "* ]]; then
      command=(mitogen_test "$scenario") strategy=Mitogen
    fi
    echo "=== molecule test -s $scenario on $distro ($strategy): started"
    if ! MOLECULE_DISTRO=$distro "${command[@]}" >> "$LOGS/$scenario.log" 2>&1; then
      echo "=== molecule test -s $scenario on $distro: FAILED after $((SECONDS - start)) s; end of $LOGS/$scenario.log:"
      tail -n 150 "$LOGS/$scenario.log"
      return 1
    fi
    echo "=== molecule test -s $scenario on $distro ($strategy): passed in $((SECONDS - start)) s"
  done
}
export -f run_scenario mitogen_test
export DISTROS=$distros LOGS=$logs SKIP=${MOLECULE_SKIP:-} MITOGEN_DISTROS=${MOLECULE_MITOGEN_DISTROS:-}
if [ -n "$MITOGEN_DISTROS" ] && [ ! -d "${MITOGEN_STRATEGY_PLUGINS:-}" ]; then
  echo "MOLECULE_MITOGEN_DISTROS is set but MITOGEN_STRATEGY_PLUGINS ('${MITOGEN_STRATEGY_PLUGINS:-}') is no directory: run make setup" >&2
  exit 1
fi
# Only this run's scenarios: `make test` runs the VM tier's matrix beside the containers' one.
for scenario in $scenarios; do rm -f "$logs/$scenario.log"; done
printf '%s\n' $scenarios | xargs -P "$jobs" -I{} bash -c 'run_scenario "$@"' _ {}
