#!/usr/bin/env bash
# bench/run.sh overload [--servers gunicorn,kubewsgi] [--clients 400] [--duration 20]: bench/overload.py
# bench/run.sh [--servers gunicorn,granian,mod_wsgi,kubewsgi] [--apps hello,flask,django,stream,echo]
#              [--repeat 3] [--duration 15] [--connections 16] [--workers 2] [--threads 1] ...
# Installs the peers (a CPython venv with gunicorn, Granian, Flask, Django; Apache + mod_wsgi and wrk from
# Debian; a GraalPy venv with Flask and Django for kubewsgi), builds kubewsgi, then runs bench/harness.py:
# every server on every app on 127.0.0.1, medians of the repeats, as ratios to gunicorn, into bench/results/.
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
# Not under /root: Apache's daemon processes run as an unprivileged user and must read the venv.
CACHE=${KUBEWSGI_BENCH_CACHE:-$BENCH/.cache}
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)

servers="gunicorn,granian,mod_wsgi,kubewsgi"
apps="hello,flask,django,stream,echo"
[ "${1:-}" = overload ] && apps=overload
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    --servers) servers=${args[$((i + 1))]} ;;
    --apps) apps=${args[$((i + 1))]} ;;
  esac
done

# Debian packages: Apache with mod_wsgi (daemon mode) and wrk.
missing=()
for pkg in apache2 libapache2-mod-wsgi-py3 wrk; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench: installing ${missing[*]} ..." >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2
fi

# CPython venv from the system Python 3.11: the Python Debian's mod_wsgi is built for.
VENV=$CACHE/venv-cpython
if [ ! -x "$VENV/bin/gunicorn" ] || [ "$BENCH/requirements.txt" -nt "$VENV/.installed" ]; then
  echo "bench: creating $VENV ..." >&2
  rm -rf "$VENV"
  /usr/bin/python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q -r "$BENCH/requirements.txt" >&2
  touch "$VENV/.installed"
fi

if [[ ",$servers," == *",kubewsgi,"* ]]; then
  # Build once now (the launcher builds what is stale), so no build lands inside a timed start.
  "$ROOT/kubewsgi" check "$BENCH/kubewsgi/hello.yaml" >&2
  if [[ ",$apps," == *",flask,"* || ",$apps," == *",django,"* ]]; then
    "$BENCH/graalpy-venv.sh" "$CACHE"
    # bench/kubewsgi/{flask,django}.yaml name it relative to themselves: ../.cache/venv-graalpy.
    if [ "$CACHE" != "$BENCH/.cache" ]; then
      mkdir -p "$BENCH/.cache"
      ln -sfn "$CACHE/venv-graalpy" "$BENCH/.cache/venv-graalpy"
    fi
  fi
fi

if [ "${1:-}" = overload ]; then
  shift
  exec python3 "$BENCH/overload.py" --venv "$VENV" "$@"
fi
exec python3 "$BENCH/harness.py" --venv "$VENV" "$@"
