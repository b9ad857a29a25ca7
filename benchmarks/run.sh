#!/usr/bin/env bash
# Builds the benchmarks and the modules they use (package, no install: the classpath points at the reactor's own jars)
# and runs them against the PostgreSQL at 127.0.0.1:5432, database test (docs/benchmarks.md).
#
#   benchmarks/run.sh                 everything at full size: every JMH benchmark (documents at 100k and 1M rows), the
#                                     same arms interleaved in one JVM each (the ratios that hold on a loaded machine),
#                                     then the harnesses (publish-to-delivery latency, challenge heap, row sizes); JMH's
#                                     JSON goes to benchmarks/target/jmh.json, the whole output to benchmarks/target/run-all.log
#   benchmarks/run.sh interleaved     only the interleaved runs and the harnesses
#   benchmarks/run.sh jmh ARGS...     JMH with its own options, e.g. jmh DocumentListing -p rows=100000 -f 1
#   benchmarks/run.sh main CLASS ARGS a harness, e.g. main OutboxLatency 1000
#   benchmarks/run.sh smoke           proves they all still run: tiny data, one short iteration, no timing assertions
#
# BENCH_NO_BUILD=1 skips the build (the classpath of the last one is reused).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${BENCH_NO_BUILD:-}" != 1 ] || [ ! -f benchmarks/target/cp.txt ]; then
  mvn -q -B -pl benchmarks -am package -DskipTests -Dpit.skip=true \
    dependency:build-classpath -Dmdep.outputFile=target/cp.txt
fi
CP="benchmarks/target/classes:$(cat benchmarks/target/cp.txt)"
JAVA=(java -cp "$CP")
pkg=dev.patientportal.benchmarks

mode=${1:-all}
[ $# -gt 0 ] && shift
case "$mode" in
  jmh)
    exec "${JAVA[@]}" org.openjdk.jmh.Main "$@"
    ;;
  main)
    cls=$1; shift
    exec "${JAVA[@]}" -Xmx2g "$pkg.$cls" "$@"
    ;;
  smoke)
    start=$(date +%s)
    # In-process (-f 0), one iteration of 100 ms (one shot for the outbox drains), smallest data.
    "${JAVA[@]}" -Xmx1g org.openjdk.jmh.Main -f 0 -wi 0 -i 1 -r 100ms \
      -p rows=2000 -p messages=200 -p kind=known -foe true
    "${JAVA[@]}" "$pkg.DocumentListingBenchmark" 1 1000,2000
    "${JAVA[@]}" "$pkg.PatientViewDocumentsBenchmark" 1 1000
    "${JAVA[@]}" "$pkg.JpaLoginBenchmark" 1
    "${JAVA[@]}" "$pkg.InMemoryLoginBenchmark" 1
    "${JAVA[@]}" "$pkg.OutboxThroughputBenchmark" 1 200
    "${JAVA[@]}" "$pkg.OutboxLatency" 20
    "${JAVA[@]}" "$pkg.ChallengeHeap" 2000
    "${JAVA[@]}" "$pkg.RowSizes" 1000
    # Boot, Hibernate and Flyway starting dominate this one: C1 alone starts it in about half the time.
    "${JAVA[@]}" -XX:TieredStopAtLevel=1 "$pkg.WebDocumentsBenchmark" 1 30 2
    echo "[smoke] benchmarks ran in $(( $(date +%s) - start )) s"
    ;;
  all|interleaved)
    {
      echo "[machine] $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB RAM, $(java -version 2>&1 | head -n1)," \
        "$(psql -h 127.0.0.1 -U postgres -d test -tAc 'SHOW server_version' 2>/dev/null | sed 's/^/PostgreSQL /')," \
        "load: $(uptime | sed 's/.*load average/load average/')"
      if [ "$mode" = all ]; then
        "${JAVA[@]}" org.openjdk.jmh.Main -rf json -rff benchmarks/target/jmh.json -p rows=100000,1000000 "$@"
      fi
      for run in "DocumentListingBenchmark 60 100000,1000000" "PatientViewDocumentsBenchmark 60 1000000" \
          "JpaLoginBenchmark 60" "InMemoryLoginBenchmark 60" "OutboxThroughputBenchmark 5 20000" \
          "WebDocumentsBenchmark 60 1000 4"; do
        echo "[machine] $run: $(uptime | sed 's/.*load average/load average/')"
        # shellcheck disable=SC2086
        "${JAVA[@]}" -Xmx2g $pkg.$run
      done
      "${JAVA[@]}" "$pkg.OutboxLatency" 1000
      "${JAVA[@]}" -Xmx2g "$pkg.ChallengeHeap" 1000000
      "${JAVA[@]}" "$pkg.RowSizes" 200000
      echo "[machine] load at the end: $(uptime | sed 's/.*load average/load average/')"
    } 2>&1 | tee "benchmarks/target/run-$mode.log"
    ;;
  *)
    echo "usage: benchmarks/run.sh [all|interleaved|smoke|jmh ARGS...|main CLASS ARGS...]" >&2
    exit 2
    ;;
esac
