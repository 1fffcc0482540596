#!/usr/bin/env bash
# Installs Apache httpd and Debian's mod_wsgi (daemon mode) for ApacheRoundTripTest when missing;
# does nothing when both are there. Exit 0 installed or present; 77 missing and this user cannot
# install them (not root, no password-less sudo): the test then skips with this script's message.
set -euo pipefail
packages=(apache2 libapache2-mod-wsgi-py3)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo_cmd=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo_cmd=(sudo -n)
else
  echo "ensure-apache: ${missing[*]} missing; run as root (as CI does) or install them:" \
    "apt-get install ${missing[*]}" >&2
  exit 77
fi
echo "ensure-apache: installing ${missing[*]} ..." >&2
"${sudo_cmd[@]}" apt-get update -qq >&2
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
