#!/usr/bin/env bash
# Creates the lakeFS repository and starts the LakeSink connector from config-examples/lakefs-sink.json,
# then produces a few orders so there is something to look at. Run after `docker compose up -d --wait`.
set -euo pipefail
cd "$(dirname "$0")/.."

LAKEFS=${LAKEFS:-http://localhost:8000/api/v1}
CONNECT=${CONNECT:-http://localhost:8083}
KEY=AKIAIOSFOLQUICKSTART
SECRET=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
CONFIG=config-examples/lakefs-sink.json
REPO=$(jq -r '.config["lake.repository"]' "$CONFIG")
NAME=$(jq -r '.name' "$CONFIG")

echo "== lakeFS repository '$REPO' (storage namespace s3://lakesink/$REPO)"
status=$(curl -s -o /tmp/lakesink-repo.json -w '%{http_code}' -u "$KEY:$SECRET" -H 'Content-Type: application/json' \
  -X POST "$LAKEFS/repositories" \
  -d "{\"name\":\"$REPO\",\"storage_namespace\":\"s3://lakesink/$REPO\",\"default_branch\":\"main\"}")
case "$status" in
  201) echo "created" ;;
  409) echo "already there" ;;
  *) echo "lakeFS answered $status: $(cat /tmp/lakesink-repo.json)"; exit 1 ;;
esac

echo "== topics"
for t in orders customers; do
  docker compose -f docker/docker-compose.yml exec -T kafka /opt/kafka/bin/kafka-topics.sh \
    --bootstrap-server localhost:9092 --create --if-not-exists --topic "$t" --partitions 2 --replication-factor 1
done

echo "== connector '$NAME' from $CONFIG"
jq '.config' "$CONFIG" | curl -sf -X PUT -H 'Content-Type: application/json' \
  "$CONNECT/connectors/$NAME/config" -d @- >/dev/null
for i in $(seq 1 60); do
  state=$(curl -s "$CONNECT/connectors/$NAME/status" | jq -r '.connector.state // empty')
  [ "$state" = RUNNING ] && break
  sleep 1
done
echo "connector state: ${state:-unknown}"

echo "== 100 orders"
seq 1 100 | awk '{printf "o%d|{\"order_id\":%d,\"amount\":%.2f,\"currency\":\"EUR\"}\n", $1, $1, $1 * 1.5}' | \
  docker compose -f docker/docker-compose.yml exec -T kafka /opt/kafka/bin/kafka-console-producer.sh \
    --bootstrap-server localhost:9092 --topic orders --property parse.key=true --property key.separator='|'

echo
echo "Within commit.interval.ms (30 s in the example) the orders are committed on branch 'ingest' and, once the"
echo "positive_amounts check passes, merged into 'main'. Look at:"
echo "  lakeFS UI      http://localhost:8000  (access key $KEY)"
echo "  connector      curl -s $CONNECT/connectors/$NAME/status | jq"
echo "  the CLI        target/lakesink log main --config $CONFIG --lakefs-endpoint $LAKEFS --connect-url $CONNECT"
