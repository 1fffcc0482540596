# shellcheck shell=bash
# Shared by the smoke-runc.sh scripts: ports, checks, polling (smoke_expect needs WORK set, a temp
# dir); build.sh takes its ports for the AOT training run from here too.

SMOKE_FAILED=0

# smoke_free_port BASE: a TCP port nothing listens on, from BASE..BASE+999, with the next one free
# too (kubewsgi-bytecode takes both: the app port and the admin port).
smoke_free_port() {
  local p
  for ((p = $1 + RANDOM % 800; ; p++)); do
    ss -Hltn "( sport = :$p or sport = :$((p + 1)) )" | grep -q . || { echo "$p"; return; }
  done
}

# smoke_expect DESCRIPTION COMMAND...: prints ok/not ok; COMMAND's output only when it fails.
smoke_expect() {
  local what="$1"; shift
  if "$@" >"$WORK/out" 2>&1; then
    echo "ok - $what"
  else
    echo "not ok - $what"; sed 's/^/    /' "$WORK/out"; SMOKE_FAILED=1
  fi
}

# smoke_poll SECONDS COMMAND...: until COMMAND succeeds, at most SECONDS.
smoke_poll() {
  local until=$((SECONDS + $1)); shift
  until "$@"; do ((SECONDS < until)) || return 1; sleep 0.5; done
}

# smoke_runc_status STATE_ROOT ID: running, stopped, ... or gone.
smoke_runc_status() {
  runc --root "$1" state "$2" 2>/dev/null | jq -r .status || echo gone
}
