#!/usr/bin/env bash
# Build a Debian VM disk for the VM tier (molecule/vm) from Debian's archive with debootstrap:
# the cloud kernel, cloud-init (first boot from a NoCloud seed, as a provider's image boots from
# its metadata), openssh-server and python3, and no bootloader (qemu boots the kernel and initrd
# copied out next to the disk). No loop mount and no partition table: the ext4 filesystem is
# made straight from the tree (mkfs.ext4 -d) and is the whole disk, /dev/vda.
#
#   images/build-vm.sh SUITE        SUITE: bookworm | trixie
#
# Output in build/vm/SUITE/: disk.qcow2 (the base every VM boots an overlay of), vmlinuz,
# initrd.img and recipe (a hash of this script, images/lib.sh and the settings): a matching
# recipe is not rebuilt (FORCE=1 rebuilds anyway).
set -euo pipefail
# shellcheck source=images/lib.sh
. "$(dirname "$0")/lib.sh"

suite=${1:?usage: images/build-vm.sh SUITE}
mirror=${VPSFORGE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security_mirror=${VPSFORGE_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
size=${VPSFORGE_VM_DISK_SIZE:-6G}
case "$suite" in
  bookworm | trixie) ;;
  *) echo "images/build-vm.sh: unsupported suite '$suite' (bookworm or trixie)" >&2; exit 2 ;;
esac
out="$(cd "$(dirname "$0")/.." && pwd)/build/vm/$suite"

# What the build and the VM tier's driver (molecule/vm/create.yml) need on this machine.
missing=()
command -v debootstrap > /dev/null || missing+=(debootstrap)
command -v qemu-img > /dev/null || missing+=(qemu-utils)
command -v qemu-system-x86_64 > /dev/null || missing+=(qemu-system-x86)
command -v genisoimage > /dev/null || missing+=(genisoimage)
command -v mkfs.ext4 > /dev/null || missing+=(e2fsprogs)
"$(dirname "$0")/../scripts/apt-install.sh" images/build-vm.sh "${missing[@]}"

recipe=$( { cat "$0" "$(dirname "$0")/lib.sh"; echo "$suite $mirror $security_mirror $size"; } | sha256sum | cut -c1-16)
if [ "$(cat "$out/recipe" 2> /dev/null)" = "$recipe" ] && [ "${FORCE:-0}" != 1 ]; then
  echo "build/vm/$suite is up to date (recipe $recipe)"
  exit 0
fi

rootfs=$(mktemp -d "${TMPDIR:-/tmp}/vpsforge-vm.XXXXXX")
trap 'rm -rf "$rootfs" "$rootfs.log" "$rootfs.raw"' EXIT
echo "building build/vm/$suite (recipe $recipe) from $mirror"
start=$SECONDS
# What a provider's Debian cloud image has, less the bootloader: python3-apt for Ansible's apt
# module, locales for cloud-init's locale module, iproute2/procps as on any VPS, openssh-client
# for the tests' own logins from a namespace inside the VM. debootstrap lays the base; apt installs the rest inside it (debootstrap
# alone cannot order cloud-init's Python dependencies), with no service started in the chroot.
debootstrap --variant=minbase --include=systemd,systemd-sysv,udev,dbus,python3,python3-apt,sudo,ca-certificates,iproute2,procps \
  "$suite" "$rootfs" "$mirror" > "$rootfs.log" 2>&1 || { tail -n 30 "$rootfs.log" >&2; exit 1; }

debian_sources "$rootfs" "$suite" "$mirror" "$security_mirror"

printf '#!/bin/sh\nexit 101\n' > "$rootfs/usr/sbin/policy-rc.d"
chmod +x "$rootfs/usr/sbin/policy-rc.d"
cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
# The virtio drivers go into the initrd whatever the kernel build has as modules.
mkdir -p "$rootfs/etc/initramfs-tools"
printf '%s\n' virtio_pci virtio_blk virtio_net virtio_rng ext4 >> "$rootfs/etc/initramfs-tools/modules"
{ chroot "$rootfs" apt-get update -qq \
  && DEBIAN_FRONTEND=noninteractive chroot "$rootfs" apt-get install -y -qq --no-install-recommends \
    linux-image-cloud-amd64 initramfs-tools cloud-init openssh-server openssh-client e2fsprogs locales; } \
  > "$rootfs.log" 2>&1 || { tail -n 30 "$rootfs.log" >&2; exit 1; }
rm -f "$rootfs/usr/sbin/policy-rc.d"
# en_US.UTF-8 generated, as on the providers' images: cloud-init's locale module sets it as the
# default at first boot and fails where it is missing (Debian's locale-gen takes no argument).
sed -i 's/^# *\(en_US.UTF-8 UTF-8\)/\1/' "$rootfs/etc/locale.gen"
chroot "$rootfs" locale-gen > /dev/null

# The root filesystem is the whole virtio disk.
echo "/dev/vda / ext4 defaults,errors=remount-ro 0 1" > "$rootfs/etc/fstab"

# DHCP on the first Ethernet device before cloud-init writes its own network config (cloud-init
# renders systemd-networkd here: no ifupdown, no netplan); slirp's DNS forwarder answers on .3.
cat > "$rootfs/etc/systemd/network/90-dhcp.network" <<'NET'
[Match]
Name=en* eth*

[Network]
DHCP=yes
NET
chroot "$rootfs" systemctl enable systemd-networkd.service > /dev/null 2>&1
echo "nameserver 10.0.2.3" > "$rootfs/etc/resolv.conf"
# debootstrap writes no /etc/hosts; Debian's cloud images ship this one (loopback names only,
# the host's own name is cloud-init's or the base role's business).
printf '%b\n' "127.0.0.1\tlocalhost" "::1\tlocalhost ip6-localhost ip6-loopback" \
  "ff02::1\tip6-allnodes" "ff02::2\tip6-allrouters" > "$rootfs/etc/hosts"
# A fresh machine-id and fresh SSH host keys on every first boot (cloud-init regenerates the
# host keys; sshd must not start with the ones debootstrap made).
: > "$rootfs/etc/machine-id"
rm -f "$rootfs/var/lib/dbus/machine-id" "$rootfs"/etc/ssh/ssh_host_*
apt_leave_clean "$rootfs"

mkdir -p "$out"
rm -f "$out/recipe"
cp -L "$rootfs/vmlinuz" "$out/vmlinuz"
cp -L "$rootfs/initrd.img" "$out/initrd.img"
mkfs.ext4 -q -F -L root -d "$rootfs" "$rootfs.raw" "$size"
qemu-img convert -O qcow2 "$rootfs.raw" "$out/disk.qcow2"
echo "$recipe" > "$out/recipe"
echo "built build/vm/$suite in $((SECONDS - start)) s"
