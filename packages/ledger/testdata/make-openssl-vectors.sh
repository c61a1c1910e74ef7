#!/usr/bin/env bash
# Builds cosignature-openssl.json: Ed25519 signatures made by the OpenSSL command line (not by
# this project's code) over c2sp.org/signed-note and c2sp.org/tlog-cosignature messages, and key
# IDs hashed by `openssl dgst`. The ledger's tests check that it reproduces and verifies each.
# Usage: bash make-openssl-vectors.sh > cosignature-openssl.json && npx prettier --write \
#   cosignature-openssl.json (needs openssl >= 3, xxd, python3).
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

b64() { base64 -w0; }

# vector <kind> <type byte hex> <key name> <timestamp or -> <text file>
vector() {
  local kind=$1 type=$2 name=$3 ts=$4 text=$5
  openssl genpkey -algorithm ed25519 -out "$work/key.pem" 2>/dev/null
  local seed pub
  seed=$(openssl pkey -in "$work/key.pem" -outform DER | tail -c 32 | xxd -p -c 64)
  openssl pkey -in "$work/key.pem" -pubout -outform DER | tail -c 32 >"$work/pub"
  pub=$(xxd -p -c 64 "$work/pub")
  # key ID = SHA-256(name || 0x0A || type || public key)[:4]
  { printf '%s\n' "$name"; printf "\\x$type"; cat "$work/pub"; } >"$work/idin"
  local keyid
  keyid=$(openssl dgst -sha256 -binary "$work/idin" | head -c 4 | xxd -p)
  if [ "$ts" = "-" ]; then
    cp "$text" "$work/msg"
    : >"$work/prefix"
  else
    printf 'cosignature/v1\ntime %s\n' "$ts" >"$work/msg"
    cat "$text" >>"$work/msg"
    printf "%016x" "$ts" | xxd -r -p >"$work/prefix"
  fi
  openssl pkeyutl -sign -rawin -inkey "$work/key.pem" -in "$work/msg" -out "$work/sig"
  local line
  line=$( { printf '%s' "$keyid" | xxd -r -p; cat "$work/prefix" "$work/sig"; } | b64)
  printf '    {"kind": "%s", "type": %d, "name": "%s", "timestamp": %s, "seed": "%s", "publicKey": "%s", "keyId": "%s", "text": %s, "signature": "%s"}' \
    "$kind" "$((16#$type))" "$name" "$([ "$ts" = "-" ] && echo null || echo "$ts")" "$seed" "$pub" "$keyid" \
    "$(python3 -c 'import json,sys; print(json.dumps(open(sys.argv[1]).read()))' "$text")" "$line"
}

printf 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n' >"$work/sofa"
printf 'custody.example/log\n4242\nhOr0PvmlBXXyvjQFjTd7PIKWPzYiQbCZTf7PyPtUjMU=\nextension line kept in the signed text\n' >"$work/custody"

echo '{'
echo '  "generator": "OpenSSL '"$(openssl version | cut -d' ' -f2)"' command line (genpkey, pkeyutl -sign -rawin, dgst -sha256)",'
echo '  "vectors": ['
vector cosignature 04 witness.example.com/w1 1679315147 "$work/sofa"
echo ','
vector cosignature 04 ombudsman.example/witness 1767225600 "$work/custody"
echo ','
vector cosignature 04 prosecutor.example/w2 1767225601 "$work/custody"
echo ','
vector log 01 custody.example/log - "$work/custody"
echo
echo '  ]'
echo '}'
