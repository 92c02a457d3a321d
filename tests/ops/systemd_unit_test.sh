#!/usr/bin/env bash
# systemd_unit_test.sh UNIT BINARY: the unit parses cleanly and is hardened.
# `systemd-analyze verify` only warns about a misspelt setting (and exits 0), so any output
# fails the test; `systemd-analyze security --offline` scores the sandboxing, and a score
# over 2.0 ("OK" ends there) fails it, so dropping a hardening line shows. Exit 77 (skipped)
# when systemd-analyze is missing.
set -euo pipefail
unit=$1 binary=$2
command -v systemd-analyze >/dev/null || { echo "systemd-analyze not installed: skipped"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# verify checks that ExecStart exists: point it at the built binary.
sed "s|^ExecStart=/usr/bin/advieslijn|ExecStart=$binary|" "$unit" > "$tmp/advieslijn.service"
grep -q "^ExecStart=$binary serve" "$tmp/advieslijn.service"

out=$(cd "$tmp" && systemd-analyze verify "$tmp/advieslijn.service" 2>&1) || { echo "$out"; exit 1; }
if [ -n "$out" ]; then echo "systemd-analyze verify complained:"; echo "$out"; exit 1; fi

# A misspelt value must be noticed by the check above, or it proves nothing.
sed 's/^ProtectSystem=strict/ProtectSystem=strictly/' "$tmp/advieslijn.service" > "$tmp/broken.service"
bad=$(cd "$tmp" && systemd-analyze verify "$tmp/broken.service" 2>&1 || true)
[ -n "$bad" ] || { echo "verify did not notice a misspelt value"; exit 1; }

# The settings the deployment relies on, by name.
for setting in Type=notify DynamicUser=yes ProtectSystem=strict ProtectHome=yes NoNewPrivileges=yes \
               PrivateTmp=yes StateDirectory=advieslijn 'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX'; do
  grep -qx "$setting" "$unit" || { echo "missing: $setting"; exit 1; }
done

(cd "$tmp" && systemd-analyze security --offline=true --threshold=20 "$tmp/advieslijn.service") \
  > "$tmp/security.txt" 2>&1 || { cat "$tmp/security.txt"; echo "exposure over 2.0"; exit 1; }
tail -1 "$tmp/security.txt"
echo "passed"
