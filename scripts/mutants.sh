#!/usr/bin/env bash
# cargo-mutants over the modules that hold casebook's promises (docs/testing.md lists them,
# with the measured run time and every surviving mutant and why it is harmless).
#
#   scripts/mutants.sh                 # all promise modules
#   scripts/mutants.sh src/output.rs   # one file
#   MUTANTS_ARGS="-C=--lib -C=--test=build" scripts/mutants.sh src/output.rs   # fewer tests
#
# `-C` (`--cargo-arg`) restricts the build as well as the test run: only the library, the
# binary and the named test targets are rebuilt for each mutant (3–6 s here, against 15–60 s
# for every target when the test names are given after `--`, which restricts the run only).
#
# Mutants are applied in place (--in-place) so the existing build is reused: do not edit the
# checkout while it runs. cargo-mutants restores each file after its mutant.
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO_MUTANTS_VERSION=${CARGO_MUTANTS_VERSION:-27.1.0}
if ! cargo mutants --version >/dev/null 2>&1; then
  cargo install cargo-mutants --version "$CARGO_MUTANTS_VERSION" --locked
fi
if [ "$#" -gt 0 ]; then
  files=("$@")
else
  # output, sandbox, XHTML writer, notes/chronology/page map/navigation (resolve + epub + pdf).
  files=(src/output.rs src/sandbox.rs src/text_rules.rs src/url.rs src/render/xhtml.rs src/render/mod.rs src/render/epub src/render/pdf src/resolve)
fi
args=()
for f in "${files[@]}"; do
  [ -e "$f" ] && args+=(--file "$f")
  [ -d "$f" ] && args+=(--file "$f/*.rs")
done
start=$SECONDS
set +e
read -r -a extra <<<"${MUTANTS_ARGS:-}"
cargo mutants --in-place "${args[@]}" --timeout 300 "${extra[@]}"
rc=$?
set -e
echo "cargo mutants over ${files[*]}: $((SECONDS - start)) s (exit $rc); results in mutants.out/"
exit $rc
