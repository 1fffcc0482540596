# shellcheck shell=bash
# The pieces every kubewsgi image is made of, for oci_add_layer: a minimal base (busybox as
# /bin/sh and tools, users, CA certificates, glibc as ldd finds it) and a jlinked JDK 25.
# Needs lib/oci.sh sourced first.

# rootfs_base ROOTFS UID USER HOME WRITABLE_DIR...: busybox, passwd/group with USER as UID, /tmp,
# and directories owned by UID (volumes in a pod, writable under a read-only root filesystem).
rootfs_base() {
  local r="$1" uid="$2" user="$3" home="$4" applet dir; shift 4
  mkdir -p "$r"/{bin,etc,tmp,root,usr/bin,etc/ssl/certs} "$r$home"
  chmod 1777 "$r/tmp"
  chmod 700 "$r/root"
  install -m 0755 /bin/busybox "$r/bin/busybox"
  for applet in $("$r/bin/busybox" --list); do
    [[ -e "$r/bin/$applet" ]] || ln -s busybox "$r/bin/$applet"
  done
  ln -sf ../../bin/env "$r/usr/bin/env"
  printf '%s\n' "root:x:0:0:root:/root:/bin/sh" "$user:x:$uid:$uid:$user:$home:/bin/sh" \
    "nobody:x:65534:65534:nobody:/nonexistent:/bin/false" >"$r/etc/passwd"
  printf '%s\n' "root:x:0:" "$user:x:$uid:" "nogroup:x:65534:" >"$r/etc/group"
  echo "hosts: files dns" >"$r/etc/nsswitch.conf"
  if [[ -f /etc/ssl/certs/ca-certificates.crt ]]; then
    cp /etc/ssl/certs/ca-certificates.crt "$r/etc/ssl/certs/"
  fi
  chown "$uid:$uid" "$r$home"
  for dir in "$@"; do
    mkdir -p "$r$dir"
    chown "$uid:$uid" "$r$dir"
  done
}

# jdk_jlink JDK OUT EXTRA_MODULES JAR...: a JDK at OUT with the modules jdeps finds the jars use,
# plus EXTRA_MODULES (comma-separated), without the desktop libraries that need X11 or ALSA.
jdk_jlink() {
  local jdk="$1" out="$2" extra="$3" modules; shift 3
  modules="$("$jdk/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 25 \
    --class-path "$(IFS=:; echo "$*")" "$@" 2>/dev/null | tail -n 1)"
  [[ -n "$modules" ]] || oci_die "jdeps found no modules for $*"
  modules="$modules,$extra"
  "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --compress=zip-6 \
    --output "$out"
  rm -f "$out"/lib/{libawt_xawt,libjawt,libsplashscreen,libjsound}.so
  echo "$modules" >"$out/modules.txt"
}

# rootfs_jdk ROOTFS JDK_DIR: the jlinked JDK at /opt/java with the libraries it loads.
rootfs_jdk() {
  local r="$1" f
  mkdir -p "$r/opt"
  cp -a "$2" "$r/opt/java"
  while read -r f; do
    LD_LIBRARY_PATH="$r/opt/java/lib:$r/opt/java/lib/server" oci_copy_libs "$r" "$f"
  done < <(find "$r/opt/java" -type f \( -name '*.so' -o -perm -u+x \))
}

# maven_quiet ROOT LOG ARGS...: ./mvnw in ROOT, its output shown only when it fails.
maven_quiet() {
  local root="$1" log="$2"; shift 2
  (cd "$root" && ./mvnw -B -q "$@") >"$log" 2>&1 ||
    { cat "$log" >&2; oci_die "./mvnw $* failed"; }
}
