package dev.errand.bench;

import dev.errand.bench.backend.Target;
import dev.errand.config.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The command line of {@link BenchMain}. */
record BenchOptions(
        Mode mode,
        List<String> backends,
        Set<String> scenarios,
        List<String> timings,
        Map<String, String> properties,
        Map<String, String> serverOptions,
        Path out,
        Duration sustain,
        List<Integer> fleet,
        int fleetThreads,
        int fleetWarm) {

    static final List<String> SCENARIOS = List.of(
            "burst",
            "single",
            "steady",
            "call",
            "fanout",
            "idle",
            "start",
            "deep",
            "report",
            "retention",
            "sustained",
            "fleet",
            "scheduled");
    /** Scenarios run only when named: minutes each, or one question asked of one change. */
    static final Set<String> ON_REQUEST = Set.of("retention", "sustained", "fleet", "scheduled");

    static final String USAGE = """
            usage: java -jar bench/target/errand-bench.jar [--smoke | --short | --full] [options]
                   java -jar bench/target/errand-bench.jar jmh [JMH options]     (the JMH suite; -h for its options)
                   java -jar bench/target/errand-bench.jar gearman [--jobs=100000] [--threads=8] [--rounds=3]
                       [--calls=2000] [--fork-jobs=N] [--only=raw,errand,errand-2conn,errand-timing,perl,gearman-w,gearman-w-fork]
                       [--out=FILE] [errand.KEY=VALUE...]   (Errand's Gearman workers beside raw-protocol,
                       Perl and gearman -w workers through one local gearmand; docs/gearman.md)

                   java -jar bench/target/errand-bench.jar replicas [--stores=redis,postgres] [--n=20000]
                       [--single=4000] [--threads=8] [--rounds=3] [--out=FILE]   (what waiting for a replica costs:
                       Redis alone and with a replica, waitReplicas 0 and 1; PostgreSQL alone and with an
                       asynchronous and a synchronous standby; docs/scale.md)

            Runs the benchmark scenarios on each backend and prints one Markdown table.
              --short                  seconds per backend (default): memory, postgres, redis; 1 run, 8 threads
              --full                   the README table: every backend, 3 runs (median), 8 and 32 threads
              --smoke                  a sanity run of a few seconds (the module's test uses it)
              --backends=a,b           memory, postgres, redis, h2, mariadb
              --scenarios=a,b          burst (enqueue + drain), single (enqueue one per call), steady, call,
                                       fanout, idle (first job on an idle worker), start (worker start → first
                                       job), deep (1,000,000 vs 10,000 queued), report (errand report lines/s);
                                       only when named: retention (JDBC: finished jobs left after minutes of
                                       full load with a 10 s retention; 1 min, --full 3 min), sustained
                                       (producers and a worker at full rate with a 1 min retention: rate,
                                       p99 delay, store size and RSS every 10 s, as CSV and SVG next to --out),
                                       scheduled (due jobs drained behind 100,000 scheduled for tomorrow at
                                       a higher priority, against the same jobs alone),
                                       fleet (many worker processes drain one queue: rate, the server's
                                       connections per process count, CPU per job on each side)
              --sustain=30m            how long the sustained scenario runs (default 2m, --smoke 20s, --full 30m)
              --fleet=1,2,5,10,20      worker processes of the fleet scenario, one row each (default as shown)
              --fleet-threads=16       job threads per fleet process (default 16)
              --fleet-warm=N           jobs the fleet runs before each measured drain, so that its JVMs have
                                       compiled the hot code (default 0: measured from cold)
              --workers=8,32           job threads per worker, one row each
              --runs=N                 repetitions of the burst figures; the median is reported
              --n=N                    jobs per burst (the memory backend runs 10 times as many)
              --deep=N                 the deep queue's size
              --timing=off,file        timing log off and/or to a file (default: both on memory, off elsewhere)
              --pg-sync=on|off         PostgreSQL synchronous_commit (default on: durable commits)
              --redis-aof=no|yes       Redis appendonly (default no, as the backend's tests run it)
              -P key=value             any errand.* property for every client, e.g. -P errand.worker.batchSize=200
              --out=FILE               also write the table (with the machine and servers) to FILE
            """;

    static BenchOptions parse(String... args) {
        Mode mode = Mode.SHORT;
        List<String> backends = null;
        Set<String> scenarios = new LinkedHashSet<>(SCENARIOS);
        scenarios.removeAll(ON_REQUEST);
        List<String> timings = null;
        Map<String, String> properties = new LinkedHashMap<>();
        Map<String, String> server = new LinkedHashMap<>();
        Integer n = null;
        Integer runs = null;
        Integer deep = null;
        List<Integer> workers = null;
        Path out = null;
        Duration sustain = null;
        List<Integer> fleet = List.of(1, 2, 5, 10, 20);
        int fleetThreads = 16;
        int fleetWarm = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : null;
            String key = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            switch (key) {
                case "--smoke" -> mode = Mode.SMOKE;
                case "--short" -> mode = Mode.SHORT;
                case "--full" -> mode = Mode.FULL;
                case "--mode" -> mode = Mode.named(require(key, value));
                case "--backends" -> backends = list(require(key, value));
                case "--scenarios" -> scenarios = new LinkedHashSet<>(list(require(key, value)));
                case "--timing" -> timings = list(require(key, value));
                case "--workers" ->
                    workers = list(require(key, value)).stream()
                            .map(Integer::valueOf)
                            .toList();
                case "--runs" -> runs = Integer.valueOf(require(key, value));
                case "--n" ->
                    n = Integer.valueOf(require(key, value).replace("_", "").replace(",", ""));
                case "--deep" ->
                    deep = Integer.valueOf(require(key, value).replace("_", "").replace(",", ""));
                case "--pg-sync" -> server.put("pg.sync", require(key, value));
                case "--redis-aof" -> server.put("redis.appendonly", require(key, value));
                case "--out" -> out = Path.of(require(key, value));
                case "--sustain" -> sustain = Durations.parse(require(key, value));
                case "--fleet" ->
                    fleet = list(require(key, value)).stream()
                            .map(Integer::valueOf)
                            .toList();
                case "--fleet-threads" -> fleetThreads = Integer.parseInt(require(key, value));
                case "--fleet-warm" ->
                    fleetWarm = Integer.parseInt(
                            require(key, value).replace("_", "").replace(",", ""));
                case "-P", "--property" -> {
                    String kv = value != null ? value : (i + 1 < args.length ? args[++i] : null);
                    if (kv == null || !kv.contains("=")) {
                        throw new IllegalArgumentException(a + " needs key=value");
                    }
                    properties.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                }
                default -> {
                    if (a.startsWith("-P") && a.contains("=")) {
                        properties.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
                    } else {
                        throw new IllegalArgumentException("unknown option '" + a + "'\n\n" + USAGE);
                    }
                }
            }
        }
        for (String b : backends == null ? List.<String>of() : backends) {
            if (!Target.NAMES.contains(b)) {
                throw new IllegalArgumentException("unknown backend '" + b + "'; known: " + Target.NAMES);
            }
        }
        for (String s : scenarios) {
            if (!SCENARIOS.contains(s)) {
                throw new IllegalArgumentException("unknown scenario '" + s + "'; known: " + SCENARIOS);
            }
        }
        for (String t : timings == null ? List.<String>of() : timings) {
            if (!t.equals("off") && !t.equals("file")) {
                throw new IllegalArgumentException("--timing takes off and/or file, not '" + t + "'");
            }
        }
        if (backends == null) {
            backends = mode == Mode.FULL ? Target.NAMES : List.of("memory", "postgres", "redis");
        }
        if (n != null) {
            mode = mode.withBurst(n);
        }
        if (runs != null) {
            mode = mode.withRuns(runs);
        }
        if (workers != null) {
            mode = mode.withWorkers(workers);
        }
        if (deep != null) {
            mode = mode.withDeep(deep);
        }
        if (sustain == null) {
            sustain = mode.name().equals("smoke")
                    ? Duration.ofSeconds(20)
                    : mode.name().equals("full") ? Duration.ofMinutes(30) : Duration.ofMinutes(2);
        }
        return new BenchOptions(
                mode, backends, scenarios, timings, properties, server, out, sustain, fleet, fleetThreads, fleetWarm);
    }

    /** The timing modes for a backend: as given, else off and file on memory and off elsewhere. */
    List<String> timingsFor(String backend) {
        if (timings != null) {
            return timings;
        }
        return backend.equals("memory") ? List.of("off", "file") : List.of("off");
    }

    private static String require(String key, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(key + " needs a value: " + key + "=...");
        }
        return value;
    }

    private static List<String> list(String value) {
        return new ArrayList<>(Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList());
    }
}
