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
# FUNCTION finds the whole bundle (for oci_run) in $OCI_BUNDLE.
oci_add_layer() {
  local layout="$1" tag="$2" what="$3" fn="$4"; shift 4
  local bundle; bundle="$(mktemp -d "${TMPDIR:-/tmp}/oci-bundle.XXXXXX")"
  rmdir "$bundle"
  umoci unpack --image "$layout:$tag" "$bundle" >/dev/null
  OCI_BUNDLE="$bundle" "$fn" "$bundle/rootfs" "$@"
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

# oci_run BUNDLE USER COMMAND [ENV=VALUE...]: a Dockerfile RUN step without a daemon. Runs
# `/bin/sh -c COMMAND` in the unpacked bundle (from oci_add_layer's function) with runc, as USER,
# on the host network (package indexes reachable), with the host's resolv.conf and a tmpfs /tmp;
# what it writes to the root filesystem lands in the layer being built. Fails when COMMAND fails.
oci_run() {
  local bundle="$1" user="$2" command="$3"; shift 3
  local id="oci-run-$$-$RANDOM" env_json created_resolv=0 rc=0
  env_json="$(printf '%s\n' "$@" | jq -R . | jq -s .)"
  [[ -e "$bundle/rootfs/etc/resolv.conf" ]] || { : >"$bundle/rootfs/etc/resolv.conf"; created_resolv=1; }
  cp "$bundle/config.json" "$bundle/config.json.orig"
  jq --arg user "$user" --arg cmd "$command" --argjson env "$env_json" '
    .process.terminal = false
    | .process.args = ["/bin/sh", "-c", $cmd]
    | .process.user = {uid: ($user | split(":")[0] | tonumber), gid: ($user | split(":")[1] | tonumber)}
    | .process.env += $env
    | .root.readonly = false
    | .mounts += [
        {destination: "/etc/resolv.conf", type: "bind", source: "/etc/resolv.conf", options: ["rbind", "ro"]},
        {destination: "/tmp", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", "mode=1777"]}]
    | .linux.namespaces |= map(select(.type != "network"))
  ' "$bundle/config.json.orig" >"$bundle/config.json"
  runc --root "$bundle.runc" run --bundle "$bundle" "$id" </dev/null || rc=$?
  runc --root "$bundle.runc" delete --force "$id" >/dev/null 2>&1 || true
  rm -rf "$bundle.runc"
  mv "$bundle/config.json.orig" "$bundle/config.json"
  ((created_resolv)) && rm -f "$bundle/rootfs/etc/resolv.conf"
  ((rc == 0)) || oci_die "RUN $command: exit code $rc"
}

# oci_config_service LAYOUT TAG UID ENTRYPOINT TITLE VERSION DESCRIPTION [UMOCI_CONFIG_ARGS...]:
# the settings every kubewsgi service image shares (non-root UID, JDK at /opt/java, ports 8080
# and 8081, SIGTERM, OCI labels) plus the image's own arguments.
oci_config_service() {
  local layout="$1" tag="$2" uid="$3" entrypoint="$4" title="$5" version="$6" description="$7"
  shift 7
  umoci config --image "$layout:$tag" \
    --config.user "$uid:$uid" \
    --config.workingdir /home/kubewsgi \
    --config.entrypoint "$entrypoint" \
    --config.env PATH="$(dirname "$entrypoint"):/opt/java/bin:/bin:/usr/bin" \
    --config.env JAVA_HOME=/opt/java \
    --config.env HOME=/home/kubewsgi \
    --config.env LANG=C.UTF-8 \
    --config.exposedports 8080/tcp --config.exposedports 8081/tcp \
    --config.stopsignal SIGTERM \
    --config.label org.opencontainers.image.title="$title" \
    --config.label org.opencontainers.image.version="$version" \
    --config.label org.opencontainers.image.description="$description" \
    --history.created_by "config: user $uid, entrypoint $(basename "$entrypoint")" \
    "$@"
}

# oci_publish LAYOUT TAG TARBALL NAME:VERSION START_SECONDS: drops unreferenced blobs, exports
# the docker-archive, and prints its path.
oci_publish() {
  oci_gc "$1"
  oci_export "$1" "$2" "$3" "$4"
  oci_log "built $4 in $((SECONDS - $5)) s: $3 ($(oci_size "$3"))"
  echo "$3"
}

# oci_lock LAYOUT: one build at a time per layout (a gc in one build would drop the blobs of
# another's unfinished layers). Held until the calling script exits.
oci_lock() {
  mkdir -p "$(dirname "$1")"
  exec 8>"$1.lock"
  flock 8
}
