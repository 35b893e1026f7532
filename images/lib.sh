# Shared by images/build.sh (container images) and images/build-vm.sh (the VM tier's disk);
# sourced, and part of both recipes' hashes.

# debootstrap writes only the main suite: add updates and security like a cloud image has.
#   debian_sources ROOTFS SUITE MIRROR SECURITY_MIRROR
debian_sources() {
  local rootfs=$1 suite=$2 mirror=$3 security_mirror=$4
  rm -f "$rootfs/etc/apt/sources.list"
  cat > "$rootfs/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security_mirror
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
}

# Drop apt's caches and lists and the build's logs. Emptied lists must not look freshly
# refreshed (apt's cache_valid_time reads the directory's mtime): date them to the epoch, as a
# cloud image's are old by the time it boots.
#   apt_leave_clean ROOTFS
apt_leave_clean() {
  local rootfs=$1
  chroot "$rootfs" apt-get clean
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/log/*.log
  touch -d @0 "$rootfs/var/lib/apt/lists"
}
