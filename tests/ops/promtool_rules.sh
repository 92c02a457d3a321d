#!/bin/sh
# ctest prometheus_alert_rules: checks ops/prometheus/alerts.yml and runs its unit tests.
# Exit 77 (ctest: skipped) only when promtool is not installed at all; ops/test installs it
# (Debian package prometheus), so there it always runs.
command -v promtool >/dev/null 2>&1 || {
  echo "promtool not found: install Debian's prometheus package (ops/test does)"
  exit 77
}
set -e
cd "$1"
promtool check rules alerts.yml
promtool test rules alerts_test.yml
