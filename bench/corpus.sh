#!/usr/bin/env bash
# corpus.sh builds the shared news corpus into a new store with the
# newsgraph binary and prints a table of how fast that went: documents,
# quads, seconds, documents and MB per second, peak memory, then the
# median latency of each saved query on the result, with typical
# parameters.
#
# Usage: bench/corpus.sh [CORPUS]
#   CORPUS     JSON Lines corpus (default ../shared/corpus/news.jsonl.gz
#              beside the repository); without it the script skips.
#   $NEWSGRAPH the binary to measure (default: built from this checkout).
#   $RUNS      runs per query (default 11); the median is printed.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$root/../shared/corpus/news.jsonl.gz}
runs=${RUNS:-11}
if [ ! -f "$corpus" ]; then
	echo "bench/corpus.sh: no corpus at $corpus; skipping"
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=${NEWSGRAPH:-}
if [ -z "$bin" ]; then
	(cd "$root" && go build -o "$tmp/newsgraph" ./cmd/newsgraph)
	bin=$tmp/newsgraph
fi
db=$tmp/news.db

# measure CMD...: runs CMD with stdout to $tmp/out, sets secs (wall time)
# and hwm, anon (peak resident and anonymous memory, MB) from samples of
# /proc/PID/status every 0.1 s.
measure() {
	local start end pid h a kb
	hwm=0 anon=0
	start=$(date +%s.%N)
	"$@" >"$tmp/out" &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		if read -r h a < <(awk '/^VmHWM/ {h=$2} /^RssAnon/ {a=$2} END {print h+0, a+0}' "/proc/$pid/status" 2>/dev/null); then
			((h > hwm)) && hwm=$h
			((a > anon)) && anon=$a
		fi
		sleep 0.1
	done
	wait "$pid"
	end=$(date +%s.%N)
	secs=$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')
	hwm=$((hwm / 1024)) anon=$((anon / 1024))
}

rate() { awk -v a="$1" -v b="$2" 'BEGIN {print a / b}'; }

bytes=$(gzip -dcf "$corpus" | wc -c)
mb=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1e6}')

measure "$bin" --quiet --db "$db" build --summary=false "$corpus"
docs=$(awk '/^documents:/ {print $2}' "$tmp/out")
build_secs=$secs build_hwm=$hwm build_anon=$anon
quads=$("$bin" --db "$db" stats | awk '/^quads:/ {print $2}')
size=$(du -sm "$db" | cut -f1)

measure "$bin" --quiet --db "$db" build --summary=false "$corpus"
rebuild_secs=$secs rebuild_hwm=$hwm

measure "$bin" --quiet extract "$corpus"
extract_secs=$secs extract_hwm=$hwm

cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
echo "machine: $(nproc) cores, $cpu, $mem"
echo "corpus: $corpus ($docs documents, $mb MB of JSON Lines)"
echo
echo "| step | documents | quads | seconds | docs/s | MB/s | peak RSS | of which heap |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '| build (new store, %s MB on disk) | %s | %s | %.1f | %.0f | %.2f | %s MB | %s MB |\n' \
	"$size" "$docs" "$quads" "$build_secs" "$(rate "$docs" "$build_secs")" "$(rate "$mb" "$build_secs")" "$build_hwm" "$build_anon"
printf '| build again (nothing changed) | %s | 0 | %.1f | %.0f | %.2f | %s MB | |\n' \
	"$docs" "$rebuild_secs" "$(rate "$docs" "$rebuild_secs")" "$(rate "$mb" "$rebuild_secs")" "$rebuild_hwm"
printf '| extract (no store, N-Quads to /dev/null) | %s | | %.1f | %.0f | %.2f | %s MB | |\n' \
	"$docs" "$extract_secs" "$(rate "$docs" "$extract_secs")" "$(rate "$mb" "$extract_secs")" "$extract_hwm"
echo
echo "| query | parameters | rows | median | min | max |"
echo "| --- | --- | ---: | ---: | ---: | ---: |"
while IFS='|' read -r name params; do
	args=()
	label=""
	for p in $params; do
		p=${p//_/ }
		args+=(--param "$p")
		label="$label${label:+, }$p"
	done
	"$bin" --db "$db" query "$name" "${args[@]}" --bench "$runs" |
		awk -F'\t' -v label="${label:--}" '{
			sub(/ rows/, "", $2); sub(/median /, "", $3); sub(/min /, "", $4); sub(/max /, "", $5)
			printf "| %s | %s | %s | %s | %s | %s |\n", $1, label, $2, $3, $4, $5
		}'
done <<'EOF'
person|name=Ronald_Reagan
person|name=Margaret_Thatcher
documents|name=Japan
relations|country=Japan
relations|country=United_States
meetings-between|a=Ronald_Reagan b=Margaret_Thatcher
meetings-between|a=Japan b=United_States
meetings|
meetings|who=United_States
timeline|
timeline|who=Japan
agreements|
agreements|country=Japan
topics|
topics|who=Japan
EOF
