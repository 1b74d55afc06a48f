#!/usr/bin/env bash
# casebook benchmarks: every figure is a ratio measured side by side in one run on this machine.
#   1. casebook build (PDF+EPUB) vs `typst compile` of the --typst-dir export  (target <= 1.15)
#   2. one-event edit inside a watch session vs a cold build                   (target <= 0.25)
#   3. scaling 1x / 10x / 100x synthetic reports, time and peak memory  (100x <= 100 x 1x time,
#      100x/10x <= 11, peak RSS at 100x < 1 GiB)
#   4. casebook check alone on the AI-900 report (no fonts, no Typst)
#   5. Pandoc 3 writing an EPUB of the same content (Markdown) vs casebook   (target >= 5x faster)
# Needs hyperfine (apt) and, for 1 and 5, the Typst CLI 0.15.1 and pandoc 3
# (../shared/tools/install-validators.sh --with-typst --with-pandoc). Results: bench/results.md.
# Usage: bench/run.sh [--quick]   (--quick: fewer runs, no 100x)
# CASEBOOK_PROFILE=release compares a release build of casebook (opt-level 3, like the Typst
# CLI from crates.io); the default is the dev profile `cargo run` uses (dependencies at
# opt-level 1).
set -euo pipefail
cd "$(dirname "$0")/.."
QUICK=0; [ "${1:-}" = "--quick" ] && QUICK=1
command -v hyperfine >/dev/null || { apt-get install -y -q hyperfine >/dev/null 2>&1 || true; }
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 2; }
PROFILE=${CASEBOOK_PROFILE:-dev}
if [ "$PROFILE" = release ]; then
  cargo build -q --release --examples --bin casebook; DIR=$PWD/target/release
else
  cargo build -q --examples --bin casebook; DIR=$PWD/target/debug
fi
BIN=$DIR/casebook
SYNTH=$DIR/examples/synth
W=$(mktemp -d /tmp/casebook-bench.XXXXXX)
OUT=bench/results.md
RUNS=10; [ "$QUICK" = 1 ] && RUNS=3
SCALES="1 10 100"; [ "$QUICK" = 1 ] && SCALES="1 10"
for n in $SCALES; do "$SYNTH" --scale "$n" --out "$W/r$n" --markdown "$W/r$n.md"; done

mean() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][int(sys.argv[2])]['mean'])" "$@"; }
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1])/float(sys.argv[2]):.3f}')" "$1" "$2"; }
peak() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1; }

{
echo "# Benchmark results"
echo
echo "Machine: $(nproc) cores, $(uname -m); $(date -u +%Y-%m-%d); casebook profile: $PROFILE; $(typst --version 2>/dev/null || echo 'no typst CLI')."
echo "Command: \`bench/run.sh\`."
echo
} > "$OUT"

# 1. Against Typst on the exact same Typst project.
if command -v typst >/dev/null; then
  echo "## 1. casebook build vs typst compile" >> "$OUT"
  for n in 1 10; do
    "$BIN" build -q "$W/r$n" --typst-dir "$W/t$n"
    hyperfine -N -w 2 -r "$RUNS" --export-json "$W/h1-$n.json" \
      "$BIN build -q $W/r$n" \
      "typst compile --root $W/t$n --font-path $W/t$n/fonts --ignore-system-fonts --pdf-standard a-2b,ua-1 --creation-timestamp 1795564800 $W/t$n/templates/report.typ $W/t$n/out.pdf" >/dev/null
    c=$(mean "$W/h1-$n.json" 0); t=$(mean "$W/h1-$n.json" 1)
    echo "- ${n}x: casebook build (PDF+EPUB) $(printf %.3f "$c") s, typst compile (PDF) $(printf %.3f "$t") s: ratio **$(ratio "$c" "$t")** (target <= 1.15)" >> "$OUT"
  done
else
  echo "## 1. casebook build vs typst compile: skipped (no typst CLI)" >> "$OUT"
fi

# 2. Edit inside watch vs cold build.
echo "## 2. one-event edit in watch vs cold build (AI-900 report)" >> "$OUT"
CASEBOOK_BIN=$BIN "$DIR/examples/bench_edit" . | sed 's/^/- /' >> "$OUT"

# 3. Scaling.
echo "## 3. scaling" >> "$OUT"
declare -A T M
for n in $SCALES; do
  r=$RUNS; [ "$n" = 100 ] && r=3
  hyperfine -N -w 1 -r "$r" --export-json "$W/h3-$n.json" "$BIN build -q $W/r$n" >/dev/null
  T[$n]=$(mean "$W/h3-$n.json" 0); M[$n]=$(peak "$BIN" build -q "$W/r$n")
  pages=$(python3 -c "import sys; print(open(sys.argv[1],'rb').read().count(b'/Type /Page\n'))" "$W/r$n/out/ai-900.pdf" 2>/dev/null || echo "?")
  echo "- ${n}x: $(printf %.3f "${T[$n]}") s, peak RSS $((${M[$n]} / 1024)) MiB" >> "$OUT"
done
echo "- 10x/1x time: $(ratio "${T[10]}" "${T[1]}")" >> "$OUT"
if [ -n "${T[100]:-}" ]; then
  echo "- 100x/1x time: $(ratio "${T[100]}" "${T[1]}") (target <= 100); 100x/10x: $(ratio "${T[100]}" "${T[10]}") (target <= 11); peak RSS at 100x: $((${M[100]} / 1024)) MiB (target < 1024)" >> "$OUT"
fi

# 4. check alone.
echo "## 4. casebook check (AI-900)" >> "$OUT"
hyperfine -N -w 3 -r 20 --export-json "$W/h4.json" "$BIN check ." >/dev/null
echo "- $(python3 -c "import json,sys; print(round(json.load(open(sys.argv[1]))['results'][0]['mean']*1000,1))" "$W/h4.json") ms per run" >> "$OUT"

# 5. Pandoc.
PANDOC=$(python3 -c "import pypandoc; print(pypandoc.get_pandoc_path())" 2>/dev/null || command -v pandoc || true)
if [ -n "$PANDOC" ]; then
  echo "## 5. Pandoc ($("$PANDOC" --version | head -1)) Markdown -> EPUB vs casebook build --format epub" >> "$OUT"
  for n in 1 10; do
    hyperfine -N -w 1 -r "$RUNS" --export-json "$W/h5-$n.json" \
      "$BIN build -q --format epub $W/r$n" \
      "$PANDOC $W/r$n.md -o $W/r$n-pandoc.epub" >/dev/null
    c=$(mean "$W/h5-$n.json" 0); p=$(mean "$W/h5-$n.json" 1)
    stages=$("$BIN" build --format epub --out "$W/e$n" "$W/r$n" 2>&1 | grep '^timings' || true)
    echo "- ${n}x: casebook $(printf %.3f "$c") s, pandoc $(printf %.3f "$p") s: casebook is **$(ratio "$p" "$c")x** faster (target >= 5). casebook's EPUB includes the page-list, so it lays the PDF out with Typst first; its stages: $stages" >> "$OUT"
  done
else
  echo "## 5. Pandoc: skipped (no pandoc)" >> "$OUT"
fi
cat "$OUT"
rm -rf "$W"
