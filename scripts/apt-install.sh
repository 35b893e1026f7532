#!/usr/bin/env bash
# Install Debian packages on this machine for the build and test scripts (images/build.sh,
# images/build-vm.sh, scripts/ensure-docker.sh). `make test` runs two lanes side by side, so two
# of them may install at once: flock makes them take turns, and apt waits for dpkg's lock when
# something else holds it.
#
#   scripts/apt-install.sh CALLER PACKAGE...     CALLER names the script in the error message
set -euo pipefail
caller=${1:?usage: scripts/apt-install.sh CALLER PACKAGE...}
shift
[ $# -gt 0 ] || exit 0

if [ "$(id -u)" != 0 ] || [ ! -r /etc/debian_version ]; then
  echo "$caller: $* missing: install them (apt-get install $*) as root" >&2
  exit 1
fi
echo "Installing Debian's $* ..."
exec 9> "${TMPDIR:-/tmp}/vpsforge-apt.lock"
flock --timeout 1800 9
apt-get -o DPkg::Lock::Timeout=900 update -qq
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq "$@" > /dev/null
