#!/usr/bin/env bash
# The local demo "VPS": a systemd container from the bench image, converged with
# playbooks/site.yml through inventories/demo.
#   scripts/demo.sh up     bring it up (or re-converge it) and print where to look
#   scripts/demo.sh down   remove it
set -euo pipefail

name=vpsforge-demo
distro=${DEMO_DISTRO:-bookworm}
http_port=${DEMO_HTTP_PORT:-8080}
https_port=${DEMO_HTTPS_PORT:-8443}
cd "$(dirname "$0")/.."

up() {
  if ! docker container inspect "$name" > /dev/null 2>&1; then
    # Same least-privilege recipe as the Molecule platforms: no --privileged.
    docker run -d --name "$name" --hostname demo.vpsforge.test \
      --cap-add SYS_ADMIN --cap-add NET_ADMIN --cap-add DAC_READ_SEARCH --cap-add SYS_PACCT \
      --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
      --cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw \
      --tmpfs /run --tmpfs /run/lock --tmpfs /tmp:exec,mode=1777 \
      -p "127.0.0.1:${http_port}:80" -p "127.0.0.1:${https_port}:443" \
      "vpsforge/systemd:${distro}" > /dev/null
  fi
  for _ in $(seq 60); do
    state=$(docker exec "$name" systemctl is-system-running 2> /dev/null || true)
    case "$state" in running | degraded) break ;; esac
    sleep 1
  done
  ansible-playbook -i inventories/demo/hosts.yml playbooks/site.yml
  cat <<MSG

The demo target is up: container '$name' (Debian $distro, systemd as PID 1).
  Shell on it:      docker exec -it $name bash
  Its journal:      docker exec $name journalctl -e
  HTTP / HTTPS:     http://127.0.0.1:${http_port}/  https://127.0.0.1:${https_port}/  (once the web roles are in site.yml)
  Converge again:   make demo
  Tear it down:     make demo-down
MSG
}

down() {
  docker rm -f "$name" > /dev/null 2>&1 && echo "removed $name" || echo "$name is not running"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
