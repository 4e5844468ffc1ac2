#!/usr/bin/env bash
# The quick start of docs/serve.md and the README, run for real: starts `quorum serve` on the toy-arith
# model, asks one question with curl and one with the openai client (streaming), then stops the server.
# Run from anywhere: bash docs/examples/serve-quick-start.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
log=$(mktemp)
node bin/quorum.js serve --model ../shared/models/toy-arith/toy-arith.gguf --port 8787 > /dev/null 2> "$log" &
pid=$!
trap 'kill -TERM $pid; wait $pid; rm -f "$log"' EXIT
until grep -q listening "$log"; do sleep 0.2; done
sed 's/^/# /' "$log"

question='Nora starts with 43 kites. She buys 5 trays of 7 kites. How many kites does she have?'
echo "\$ curl -s http://127.0.0.1:8787/v1/chat/completions -H 'content-type: application/json' \\"
echo "    -d '{\"model\": \"toy-arith\", \"seed\": 1, \"messages\": [{\"role\": \"user\", \"content\": \"$question\"}]}'"
curl -s http://127.0.0.1:8787/v1/chat/completions -H 'content-type: application/json' \
  -d "{\"model\": \"toy-arith\", \"seed\": 1, \"messages\": [{\"role\": \"user\", \"content\": \"$question\"}]}" |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.stringify(JSON.parse(s),null,2)))'

echo
echo '$ node docs/examples/serve-client.mjs'
node docs/examples/serve-client.mjs
