#!/usr/bin/env bash
# Make sure a Docker daemon answers. On a Debian host where we are root and none runs,
# install Debian's docker.io and start dockerd; anywhere else, say what to do and stop.
set -euo pipefail

log=${VPSFORGE_DOCKERD_LOG:-/var/log/vpsforge-dockerd.log}

if docker info > /dev/null 2>&1; then
  exit 0
fi

if [ "$(id -u)" != 0 ] || [ ! -r /etc/debian_version ]; then
  cat >&2 <<MSG
No Docker daemon answers ('docker info' failed), and this is not a Debian host where
we run as root, so it will not be installed for you. Start Docker (or give your user
access to its socket) and run the command again.
MSG
  exit 1
fi

if ! command -v dockerd > /dev/null 2>&1; then
  "$(dirname "$0")/apt-install.sh" scripts/ensure-docker.sh docker.io
fi

# With systemd as init, let it supervise the daemon; otherwise (containers, CI sandboxes)
# start dockerd in the background ourselves.
if [ -d /run/systemd/system ] && systemctl start docker.service 2> /dev/null; then
  :
elif ! pgrep -x dockerd > /dev/null; then
  echo "Starting dockerd (log: $log) ..."
  nohup dockerd > "$log" 2>&1 &
fi

for _ in $(seq 60); do
  docker info > /dev/null 2>&1 && exit 0
  sleep 1
done
echo "dockerd did not come up within 60 s; see $log" >&2
exit 1
