#!/usr/bin/env bash
# Run Molecule scenarios on every distro, several scenarios at a time.
#   scripts/molecule-matrix.sh "SCENARIOS" "DISTROS" JOBS
# A scenario's distros run one after the other (they share its fixed network and Molecule's
# state directory); different scenarios use different containers and networks, so they run
# side by side. MOLECULE_SKIP lists scenario:distro pairs not to run. Each scenario's output goes to build/molecule/<scenario>.log; a failing
# scenario prints the end of its log.
set -euo pipefail
scenarios=${1:?scenarios}
distros=${2:?distros}
jobs=${3:-2}
logs=build/molecule
mkdir -p "$logs"

run_scenario() {
  local scenario=$1 distro start
  for distro in $DISTROS; do
    if [[ " $SKIP " == *" $scenario:$distro "* ]]; then
      echo "=== molecule test -s $scenario on $distro: SKIPPED (listed in MOLECULE_SKIP)"
      continue
    fi
    start=$SECONDS
    echo "=== molecule test -s $scenario on $distro: started"
    if ! MOLECULE_DISTRO=$distro molecule test -s "$scenario" >> "$LOGS/$scenario.log" 2>&1; then
      echo "=== molecule test -s $scenario on $distro: FAILED after $((SECONDS - start)) s; end of $LOGS/$scenario.log:"
      tail -n 150 "$LOGS/$scenario.log"
      return 1
    fi
    echo "=== molecule test -s $scenario on $distro: passed in $((SECONDS - start)) s"
  done
}
export -f run_scenario
export DISTROS=$distros LOGS=$logs SKIP=${MOLECULE_SKIP:-}
rm -f "$logs"/*.log
printf '%s\n' $scenarios | xargs -P "$jobs" -I{} bash -c 'run_scenario "$@"' _ {}
