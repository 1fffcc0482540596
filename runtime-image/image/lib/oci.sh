# shellcheck shell=bash
# Daemonless OCI image building, shared by the runtime, operator and example image builds:
# umoci assembles layers from directories, skopeo turns the OCI layout into a docker-archive
# tarball (what `ctr images import` and `docker load` read). No Docker daemon, no registry: every
# byte comes from this machine (Debian packages, the local JDK, the Maven build).
#
# Source it; it defines functions only. Callers set OCI_LOG_PREFIX for messages.

oci_log() { echo "${OCI_LOG_PREFIX:-oci}: $*" >&2; }
oci_die() { oci_log "$*"; exit 1; }

# oci_require CMD:PACKAGE...: installs the Debian packages whose commands are missing.
oci_require() {
  local spec missing=()
  for spec in "$@"; do
    command -v "${spec%%:*}" >/dev/null 2>&1 || missing+=("${spec#*:}")
  done
  ((${#missing[@]} == 0)) && return 0
  [[ "$(id -u)" == 0 ]] || oci_die "needs ${missing[*]} (apt-get install ${missing[*]}, as root)"
  oci_log "installing ${missing[*]} from Debian"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# oci_new LAYOUT TAG: an empty image (no layers) as LAYOUT:TAG.
oci_new() {
  [[ -d "$1" ]] || umoci init --layout "$1"
  umoci new --image "$1:$2"
}

# oci_derive LAYOUT FROM_TAG TAG: TAG starts as a copy of FROM_TAG (a Dockerfile's FROM).
oci_derive() {
  umoci tag --image "$1:$2" "$3"
}

# oci_add_layer LAYOUT TAG DESCRIPTION FUNCTION [ARGS...]: unpacks LAYOUT:TAG, calls
# FUNCTION ROOTFS ARGS... to change the filesystem, and packs the difference as one new layer.
oci_add_layer() {
  local layout="$1" tag="$2" what="$3" fn="$4"; shift 4
  local bundle; bundle="$(mktemp -d "${TMPDIR:-/tmp}/oci-bundle.XXXXXX")"
  rmdir "$bundle"
  umoci unpack --image "$layout:$tag" "$bundle" >/dev/null
  "$fn" "$bundle/rootfs" "$@"
  umoci repack --image "$layout:$tag" --history.created_by "$what" "$bundle"
  rm -rf "$bundle"
}

# oci_export LAYOUT TAG TARBALL NAME:TAG: the image as a docker-archive tarball named NAME:TAG.
oci_export() {
  rm -f "$3"
  skopeo copy --quiet "oci:$1:$2" "docker-archive:$3:$4"
}

# oci_gc LAYOUT: drops blobs no tag refers to any more.
oci_gc() { umoci gc --layout "$1"; }

# oci_copy_elf ROOTFS FILE...: copies each ELF file to the same path under ROOTFS, with every
# shared library `ldd` names for it (glibc and friends), at their paths on this machine.
oci_copy_elf() {
  local root="$1" f lib; shift
  for f in "$@"; do
    install -D -m "$(stat -c %a "$f")" "$f" "$root$f"
    oci_copy_libs "$root" "$f"
  done
}

# oci_copy_libs ROOTFS FILE...: the shared libraries ldd names for each FILE (already in place or
# elsewhere), copied under ROOTFS unless there; fails on a library ldd cannot find.
oci_copy_libs() {
  local root="$1" f lib libs; shift
  for f in "$@"; do
    libs="$(oci_needed_libs "$f")" || exit 1
    for lib in $libs; do
      [[ -e "$root$lib" ]] && continue
      install -D -m 0755 "$(readlink -f "$lib")" "$root$lib"
    done
  done
}

# oci_needed_libs FILE: absolute paths of the libraries FILE loads (nothing for static files).
oci_needed_libs() {
  local out
  out="$(ldd "$1" 2>&1)" || { [[ "$out" == *"not a dynamic executable"* ]] && return 0; }
  if grep -q "not found" <<<"$out"; then
    # Runs in a command substitution: the caller exits on our status.
    oci_die "$1 needs a library this machine does not have: $(grep 'not found' <<<"$out" | tr -s ' \t' ' ')"
  fi
  # "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" and "/lib64/ld-linux-x86-64.so.2 (0x...)"
  awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' <<<"$out"
}

# oci_size TARBALL: the tarball's size in MiB.
oci_size() { echo "$(( $(stat -c %s "$1") / 1048576 )) MiB"; }
