#!/usr/bin/env bash
# Build several test images side by side (images/build.sh each): debootstrap mostly waits on
# the archive and on dpkg, so three builds together take little longer than one.
#   scripts/build-images.sh "FLAVOUR:SUITE ..."
# Each build's output goes to build/images/FLAVOUR-SUITE.log; a failed build prints its log's
# end and fails the whole command.
set -euo pipefail
cd "$(dirname "$0")/.."
logs=build/images
mkdir -p "$logs"
read -r -a wanted <<< "${1:?images}"
if ! command -v debootstrap > /dev/null; then
  # The first build installs debootstrap (as root); the others must not race it for dpkg.
  images/build.sh "${wanted[0]%%:*}" "${wanted[0]##*:}"
  wanted=("${wanted[@]:1}")
fi
declare -A pids
for image in "${wanted[@]}"; do
  flavour=${image%%:*} suite=${image##*:}
  images/build.sh "$flavour" "$suite" > "$logs/$flavour-$suite.log" 2>&1 &
  pids[$image]=$!
done
failed=0
for image in "${!pids[@]}"; do
  if wait "${pids[$image]}"; then
    echo "=== $image: $(tail -n 1 "$logs/${image%%:*}-${image##*:}.log")"
  else
    echo "=== $image: FAILED; end of $logs/${image%%:*}-${image##*:}.log:"
    tail -n 40 "$logs/${image%%:*}-${image##*:}.log"
    failed=1
  fi
done
exit "$failed"
