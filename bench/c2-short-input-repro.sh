#!/usr/bin/env bash
# Reproduces the C2 miscompile that JsonCodec works around (inputs shorter than 4 bytes are parsed
# from chars, see JsonCodec.SHORTEST_SAFE_BYTES): once Jackson's ByteSourceJsonBootstrapper has been
# compiled with a profile of longer inputs, detectEncoding reads past the end of a 1-byte array
# ("ArrayIndexOutOfBoundsException: Index 1 out of bounds for length 1") and a result such as 0
# fails to decode.
#
# It builds the bench of the commit before the workaround (544c431^) in a temporary directory
# (nothing is installed) and runs the scenario that failed, RUNS times (default 3). On the 2-core
# build machine (Jackson 2.21.0) 6 of 6 runs failed on OpenJDK 17.0.15 and 2 of 3 on Temurin 25.0.3;
# with JAVA_OPTS=-XX:-SplitIfBlocks or -XX:TieredStopAtLevel=1 (C1 only) 0 of 2 each. Without the
# workaround on the current code the same scenario did not fail in 16 runs, because the codec no
# longer parses the 2-byte "[]" of argument-less jobs; the miscompile itself is not fixed, so the
# workaround stays. Small programs that only call Jackson (warm-up on long inputs, then 1-3 byte
# ones, 1 and 8 threads) did not trigger it: it needs the bench's profile.
#
# Usage, from the repository root: bench/c2-short-input-repro.sh [RUNS]
set -euo pipefail
runs=${1:-3}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
git archive 544c4318b4cc6d15c92c3b3117c2aa461c511498^ | tar -x -C "$dir"
(cd "$dir" && mvn -q -B -ntp -pl bench -am package -DskipTests)
failed=0
for i in $(seq "$runs"); do
    # shellcheck disable=SC2086 # JAVA_OPTS holds several options
    if java ${JAVA_OPTS:-} -jar "$dir/bench/target/errand-bench.jar" --short --backends=memory --scenarios=burst,call \
            --workers=8 --n=20000 >"$dir/run-$i.log" 2>&1; then
        echo "run $i: passed"
    else
        failed=$((failed + 1))
        echo "run $i: FAILED: $(grep -m1 'CodecException' "$dir/run-$i.log" || tail -1 "$dir/run-$i.log")"
    fi
done
echo "$failed of $runs runs failed"
