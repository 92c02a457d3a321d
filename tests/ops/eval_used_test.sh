#!/usr/bin/env bash
# ops/eval-used reads exactly the evaluation sets ctest keeps floors for (the scored ones),
# never an unscored batch, and sums them.
#   eval_used_test.sh SOURCE_DIR ADVIESLIJN_BINARY
set -euo pipefail
src=$1 bin=$2
out=$("$src/ops/eval-used" "$bin")
fail() { echo "FAIL: $*"; echo "$out"; exit 1; }

kb_floors=$(grep -cE '^(add_test\(NAME kb_eval_|kb_floor\()' "$src/tests/knowledge-base/CMakeLists.txt")
risk_floors=$(grep -c '^risk_floor(' "$src/tests/routing/CMakeLists.txt")
kb_lines=$(grep -c '^  .*queries.tsv .*top-1 ' <<<"$out" || true)
risk_lines=$(grep -c '^  risk_heldout.* urgent found ' <<<"$out" || true)
[ "$kb_lines" -eq "$kb_floors" ] || fail "$kb_lines knowledge-base sets printed, $kb_floors floors"
[ "$risk_lines" -eq "$risk_floors" ] || fail "$risk_lines risk sets printed, $risk_floors floors"

# Unscored batches (their README says so) are not read.
for readme in "$src"/knowledge-base/eval/blind*/README.md; do
  if head -1 "$readme" | grep -q '(not scored)'; then
    set_name=$(basename "$(dirname "$readme")")
    ! grep -q "^  $set_name/" <<<"$out" || fail "unscored $set_name was read"
  fi
done

# The totals are the sums of the lines above them.
sum_top1=$(grep '^  .*queries.tsv ' <<<"$out" | sed -E 's/.*top-1 ([0-9]+)\/.*/\1/' | paste -sd+)
sum_top1=$((sum_top1))
grep -q "^  all: top-1 $sum_top1/" <<<"$out" || fail "knowledge-base total is not the sum ($sum_top1)"
sum_found=$(grep '^  risk_heldout' <<<"$out" | sed -E 's/.*urgent found ([0-9]+)\/.*/\1/' | paste -sd+)
sum_found=$((sum_found))
grep -q "^  all: urgent found $sum_found/" <<<"$out" || fail "risk total is not the sum ($sum_found)"
# The ranking alone finds at least what the gate lets through.
ranked=$(grep '^  all: top-1 ' <<<"$out" | sed -E 's/.*ranked first ([0-9]+)\/.*/\1/')
[ "$ranked" -ge "$sum_top1" ] || fail "ranked first ($ranked) under top-1 ($sum_top1)"
echo "ok: $kb_lines knowledge-base and $risk_lines risk sets"
