#!/usr/bin/env bash
# Measures a K = 14 coalition game on 1, 2 and 4 tradebloc worker processes
# (one unit at a time each) against one NATS JetStream server on this machine,
# and the local executor, for BENCHMARKS.md. Usage: bench/nats-workers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
go build -o "$tmp/tradebloc" ./cmd/tradebloc
go build -o "$tmp/nats-server" github.com/nats-io/nats-server/v2
cat > "$tmp/k14.yaml" <<'YAML'
name: k14
description: coalition-of-the-compelled with Singapore and Malaysia as candidates too (K = 14)
coalition:
  leader: USA
  targets: [CHN]
  candidates: [CAN, MEX, EU27, JPN, KOR, GBR, IND, VNM, CHE, AUS, BRA, THA, SGP, MYS]
  member_terms: {rate: 0.10, rates: {CAN: 0.04, MEX: 0.068}}
  threat: {schedule: liberation-day}
  external_tariff: match
  target_response: reciprocal
  defector_penalty: 0.10
  transshipment: {elasticity: 4, cost: 0.05, capacity: 0.1}
YAML
port=$((20000 + RANDOM % 20000))
"$tmp/nats-server" -js -a 127.0.0.1 -p "$port" -sd "$tmp/js" >/dev/null 2>&1 &
sleep 1
url="nats://127.0.0.1:$port"
flags=(--no-bands --no-response-comparison --format json)
secs() { python3 -c 'import json,sys; d=json.load(sys.stdin); print("%.1f s, %d solves, leading %s" % (d["seconds"], d["solves"], "+".join(d["leading"]["members"])))'; }
echo "local executor (all cores): $("$tmp/tradebloc" coalition "$tmp/k14.yaml" "${flags[@]}" 2>/dev/null | secs)"
for n in 1 2 4; do
	pids=()
	for _ in $(seq "$n"); do
		"$tmp/tradebloc" worker --nats "$url" --concurrency 1 >/dev/null 2>&1 &
		pids+=($!)
	done
	sleep 1
	echo "$n worker process(es): $("$tmp/tradebloc" coalition "$tmp/k14.yaml" "${flags[@]}" --nats "$url" 2>/dev/null | secs)"
	kill "${pids[@]}" 2>/dev/null || true
	wait "${pids[@]}" 2>/dev/null || true
done
