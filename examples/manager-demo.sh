#!/usr/bin/env bash
# The bookmark workers under the worker manager, end to end:
#   an H2 TCP server on 127.0.0.1:9123 (so the manager's child JVMs share one database),
#   'errand manager start --daemon' over the examples' class path, jobs enqueued from the shell,
#   'errand queues', 'errand manager status', 'errand job', 'errand report', then 'errand manager stop'.
# Run from anywhere: bash examples/manager-demo.sh   (it builds what it needs first)
set -euo pipefail
examples="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$examples")"
cd "$root"

mvn -q -pl examples,cli -am install -DskipTests
mvn -q -f examples/pom.xml dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile=target/demo-classpath.txt -Dmdep.excludeArtifactIds=slf4j-simple,slf4j-api,junit-jupiter
# The application's class path: its classes and jars (the errand command brings its own logging).
export ERRAND_CLASSPATH="$examples/target/classes:$(cat examples/target/demo-classpath.txt)"
export JAVA_OPTS="-XX:TieredStopAtLevel=1"
errand="$root/cli/src/main/bin/errand"
h2_jar="$(tr ':' '\n' < examples/target/demo-classpath.txt | grep '/h2-')"

cd "$examples"
mkdir -p data/manager-demo
java -Dh2.bindAddress=127.0.0.1 -cp "$h2_jar" org.h2.tools.Server -tcp -tcpPort 9123 -baseDir data -ifNotExists \
    > data/manager-demo/h2.log 2>&1 &
h2_pid=$!
trap '"$errand" manager stop --config manager-demo.properties >/dev/null 2>&1 || true; kill "$h2_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q "TCP server running" data/manager-demo/h2.log 2>/dev/null && break; sleep 0.1; done

echo "== errand manager start --daemon"
"$errand" manager start --daemon --config manager-demo.properties

echo "== errand enqueue (background jobs from the shell)"
for url in java-queues climate markets gardening; do
  "$errand" enqueue --config manager-demo.properties BookmarkService.fetchSummary "\"https://example.org/$url\""
done
"$errand" enqueue --config manager-demo.properties BookmarkService.extractKeywords '{"url": "https://example.org/java-queues", "limit": 3}' --wait
missing="$("$errand" enqueue --config manager-demo.properties BookmarkService.fetchSummary '"https://example.org/missing"' --max-attempts 2)"

echo "== errand queues"
"$errand" queues --config manager-demo.properties
echo "== errand manager status"
"$errand" manager status --config manager-demo.properties
for _ in $(seq 1 100); do "$errand" job --config manager-demo.properties "$missing" | grep -q DEAD && break; sleep 0.2; done
echo "== errand job $missing"
"$errand" job --config manager-demo.properties "$missing" || true
echo "== errand manager stop"
"$errand" manager stop --config manager-demo.properties
echo "== the manager log"
cat data/manager-demo/errand-manager.log | grep -v " child group=" | tail -n 12
echo "== errand report"
"$errand" report data/manager-demo/timing.log | head -n 20
