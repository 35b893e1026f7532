#!/usr/bin/env bash
# The local demo "VPS": a systemd container from the bench image, converged with
# playbooks/site.yml through inventories/demo, with Pebble (Let's Encrypt's ACME test server)
# in a second container on the same Docker network as its certificate authority.
#   scripts/demo.sh up     bring it up (or re-converge it) and print where to look
#   scripts/demo.sh down   remove it
#   scripts/demo.sh target NAME ADDRESS [DNS-NAME]   a bare target on the demo's network
set -euo pipefail

name=vpsforge-demo
acme=vpsforge-demo-acme
network=vpsforge-demo
subnet=10.215.90.0/24
address=10.215.90.10
domain=demo.vpsforge.test
distro=${DEMO_DISTRO:-bookworm}
http_port=${DEMO_HTTP_PORT:-8080}
https_port=${DEMO_HTTPS_PORT:-8443}
cd "$(dirname "$0")/.."
dir=build/demo

# A systemd container with the same least-privilege recipe as the Molecule platforms: no
# --privileged, only the capabilities the roles need.
start() {
  local container=$1
  shift
  if ! docker container inspect "$container" > /dev/null 2>&1; then
    docker run -d --name "$container" --network "$network" \
      --cap-add SYS_ADMIN --cap-add NET_ADMIN --cap-add DAC_READ_SEARCH --cap-add SYS_PACCT \
      --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
      --cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw \
      --tmpfs /run --tmpfs /run/lock --tmpfs /tmp:exec,mode=1777 \
      "$@" "vpsforge/systemd:${distro}" /lib/systemd/systemd > /dev/null
  elif [[ $(docker container inspect -f '{{.State.Running}}' "$container") != true ]]; then
    # Stopped with the Docker daemon (a reboot of this machine): start it again as it was.
    echo "starting the stopped container $container"
    docker start "$container" > /dev/null
  fi
  for _ in $(seq 60); do
    state=$(docker exec "$container" systemctl is-system-running 2> /dev/null || true)
    case "$state" in running | degraded) return ;; esac
    sleep 1
  done
  echo "$container: systemd did not finish booting within 60 s (state: ${state:-unknown});" \
    "see: docker logs $container" >&2
  exit 1
}

# The bench image is a bare debootstrap; a provider's image comes with an SSH server.
with_sshd() {
  docker exec "$1" sh -c 'command -v sshd > /dev/null || { apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-server > /dev/null; }'
}

# Another target on the demo's network, as the demo is before its first converge (make bench
# converges one from scratch and measures the floor on another): NAME ADDRESS [DNS name].
target() {
  local container=$1 address=$2 alias=${3:-$1}
  docker network inspect "$network" > /dev/null 2>&1 || {
    echo "the demo's network $network is missing: make demo first" >&2
    exit 1
  }
  start "$container" --hostname "$alias" --ip "$address" --network-alias "$alias"
  with_sshd "$container"
}

up() {
  mkdir -p "$dir"
  [[ -f $dir/admin_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -C demo-admin -f "$dir/admin_ed25519"
  docker network inspect "$network" > /dev/null 2>&1 \
    || docker network create --subnet "$subnet" "$network" > /dev/null
  start "$acme" --network-alias acme.vpsforge.test
  start "$name" --hostname "$domain" --ip "$address" --network-alias "$domain" \
    -p "127.0.0.1:${http_port}:80" -p "127.0.0.1:${https_port}:443"
  with_sshd "$name"
  ansible-playbook -i inventories/demo/hosts.yml scripts/pebble.yml \
    -e pebble_listener_name=acme.vpsforge.test -e "pebble_listener_ca_dest=$PWD/$dir/acme-listener-ca.pem"
  ansible-playbook -i inventories/demo/hosts.yml playbooks/site.yml
  # Pebble makes a new root at every start: fetch the one that signed the demo's certificate.
  # The target trusts Pebble's API certificate (letsencrypt_ca_certificate) and has curl.
  docker exec "$name" curl -sf https://acme.vpsforge.test:15000/roots/0 > "$dir/acme-root.pem"
  # Pebble keeps nothing across a restart (the containers were stopped and started again): a
  # certificate issued before chains to a root that exists no more, and certbot's account is
  # unknown to it. Then the demo registers a new account and renews the certificate now (the
  # deploy hook reloads nginx).
  if ! docker exec -i "$name" openssl verify -CAfile /dev/stdin \
    -untrusted "/etc/letsencrypt/live/$domain/chain.pem" "/etc/letsencrypt/live/$domain/cert.pem" \
    < "$dir/acme-root.pem" > /dev/null 2>&1; then
    echo "Pebble restarted since the certificate was issued: a new account and a new certificate."
    docker exec "$name" sh -ec "
      accounts=/etc/letsencrypt/accounts/acme.vpsforge.test:14000/dir
      rm -rf \"\$accounts\"
      certbot register --quiet --agree-tos --register-unsafely-without-email \
        --server https://acme.vpsforge.test:14000/dir
      sed -i \"s/^account = .*/account = \$(ls \"\$accounts\")/\" /etc/letsencrypt/renewal/$domain.conf
      certbot renew --quiet --force-renewal --cert-name $domain"
  fi
  summary
  cat <<MSG

The demo VPS is up: container '$name' (Debian $distro, systemd as PID 1), serving the app
over HTTPS with a certificate from Pebble, the ACME test server in '$acme'.
  The API:          curl --cacert $dir/acme-root.pem --resolve $domain:${https_port}:127.0.0.1 https://$domain:${https_port}/health/ready
  HTTP redirects:   curl -sI --resolve $domain:${http_port}:127.0.0.1 http://$domain:${http_port}/
  Write a note:     curl --cacert $dir/acme-root.pem --resolve $domain:${https_port}:127.0.0.1 -H "Authorization: Bearer \$(cat $dir/write_token)" -H 'Content-Type: application/json' -d '{"title": "hi"}' https://$domain:${https_port}/notes
  SSH as the admin: ssh -i $dir/admin_ed25519 demo@$address
  Shell on it:      docker exec -it $name bash
  Converge again:   make demo        Tear it down: make demo-down
MSG
}

# What the demo serves now: read from the outside (the published HTTPS port) and the host.
summary() {
  local url="https://$domain:${https_port}/health/ready" expiry release health
  expiry=$(docker exec "$name" sh -c "openssl x509 -noout -enddate -in /etc/letsencrypt/live/$domain/cert.pem" \
    | cut -d= -f2)
  release=$(docker exec "$name" readlink -f /opt/vpsforge-app/current | xargs basename)
  health=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$dir/acme-root.pem" \
    --resolve "$domain:${https_port}:127.0.0.1" "$url" || true)
  printf '\nSummary\n  URL:          %s\n  certificate:  valid until %s (Pebble)\n  app release:  %s\n  health:       %s\n' \
    "$url" "$expiry" "$release" "$health"
}

down() {
  docker rm -f "$name" "$acme" > /dev/null 2>&1 || true
  docker network rm "$network" > /dev/null 2>&1 || true
  echo "removed $name, $acme and network $network"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  target)
    [[ $# -ge 3 ]] || {
      echo "usage: $0 target NAME ADDRESS [DNS-NAME]" >&2
      exit 2
    }
    target "${@:2}"
    ;;
  *)
    echo "usage: $0 up|down|target NAME ADDRESS [DNS-NAME]" >&2
    exit 2
    ;;
esac
