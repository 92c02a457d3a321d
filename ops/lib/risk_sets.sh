# The held-out risk batches that have a floor in tests/routing/CMakeLists.txt
# (`risk_floor(FILE_STEM MAX_ANSWERED)`), one path per line relative to the repository.
# A batch gets a floor only once it has been scored, so a script that reads only these never
# looks at an unscored one. Sourced by ops/eval-used and ops/risk-diff (run from the root).
risk_floored_files() {
  sed -n 's/^risk_floor(\([^ ]*\) [0-9]*)$/routing\/eval\/heldout\/\1.tsv/p' tests/routing/CMakeLists.txt
}
