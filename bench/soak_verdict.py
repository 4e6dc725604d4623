"""The soak's verdict (bench/soak.sh), from its results directory:

    python3 bench/soak_verdict.py RESULTS_DIR WARMUP_SECONDS

Growth. A leak grows with the work done; after the warm-up the load offers the same work every 10 s, so a leak
climbs steadily from the level reached after warm-up, while pools and caches fill during warm-up (or up to a
configured cap) and stay. For each side and figure, the mean of the last 3 samples ("end") is compared with the
mean of the first 3 samples after WARMUP_SECONDS ("baseline"), and must stay within

    end <= baseline * (1 + relative) + absolute

with the bounds in BOUNDS: a quarter more, plus a slack of about one sample's noise (heap 8 MB, metaspace 4 MB,
RSS 32 MB, threads 8, descriptors 16, connections in CLOSE_WAIT 4); none at all for the connection pool and its
PostgreSQL backends, which are fixed-size and must not grow. Threads and descriptors are counted without Tomcat's
request threads and the inbound HTTP connections: those follow the clients' concurrency (a stall of the machine
leaves Tomcat with more threads, which it keeps while requests keep coming, up to server.tomcat.threads.max,
200; the load driver's connections came and went between 23 and 100 in one run at a constant rate), so they
are reported, with Tomcat's hard bound checked, but not held to the growth rule. A connection the server fails
to close shows in CLOSE_WAIT and among the descriptors. One cache is known to grow for the whole soak and is allowed
for: the query side remembers each access token it has verified (accounts.auth.verified-tokens-kept, at most
10,000) and every login makes a new one, which tokens outlive a 10-minute soak (15 minutes); so the query side's
heap bound adds TOKEN_BYTES (4 KiB) for each Jwt more in the end class histogram than in the one after warm-up
(2.6 KiB each was measured: the token's text, its claims and headers; so about 26 MB at the cap). Every sample also has the pool at or under its maximum and the
side's PostgreSQL backends at or under the pool's maximum (a connection opened outside the pool would show there).
The heap bound is converted into the smallest leak it catches (bytes per request between the two windows).

Counts. counts.txt (soak.sh's queries): every acknowledged write has its event in the store (found), none is lost,
no request has two events, no refused request appended one, every acknowledged registration is in the users table
with its last profile change applied, and no email was registered twice.

Prints the verdict and writes RESULTS_DIR/summary.md (tables for docs/RELIABILITY.md); exit status 1 on failure.
"""
import csv
import re
import sys
from pathlib import Path

BOUNDS = {  # figure: (relative, absolute)
    "heap_live_mb": (0.25, 8),
    "metaspace_mb": (0.25, 4),
    "rss_mb": (0.25, 32),
    "threads_but_tomcat": (0.25, 8),
    "fds_but_http": (0.25, 16),
    "close_wait": (0.25, 4),
    "hikari_total": (0, 0),
    "pg_backends": (0, 0),
}
TOMCAT_THREADS_MAX = 200 + 2  # server.tomcat.threads.max, plus the connector's acceptor and poller
WINDOW = 3
TOKEN_BYTES = 4 * 1024
CACHED_TOKEN = "org.springframework.security.oauth2.jwt.Jwt"


def mean(values):
    return sum(values) / len(values)


def main(out, warmup):
    rows = list(csv.DictReader(open(out / "samples.csv")))
    for row in rows:
        for key in row:
            if key != "side":
                row[key] = float(row[key])
        row["threads_but_tomcat"] = row["threads"] - row["tomcat_threads"]
        row["fds_but_http"] = row["fds"] - row["http_connections"]
    sides = sorted({row["side"] for row in rows})
    load = [dict(kv.split("=", 1) for kv in line.split()[1:])
            for line in open(out / "load.txt") if line.startswith("SOAK ")]
    minutes = [dict(kv.split("=", 1) for kv in line.split()[1:])
               for line in open(out / "load.txt") if line.startswith("SOAK_MINUTE ")]
    counts = open(out / "counts.txt").read()
    failures = []
    verdict_rows = []

    for side in sides:
        samples = [row for row in rows if row["side"] == side]
        after = [row for row in samples if row["time_s"] > warmup]
        if len(after) < 2 * WINDOW:
            failures.append(f"{side}: only {len(after)} samples after the warm-up")
            continue
        base, end = after[:WINDOW], after[-WINDOW:]
        tokens = grown_instances(out, side, CACHED_TOKEN)
        if tokens:
            print(f"{side}: {tokens} more verified tokens remembered at the end, {tokens * TOKEN_BYTES / 1048576:.1f} MB"
                  f" allowed for them")
        for figure, (relative, absolute) in BOUNDS.items():
            b, e = mean([row[figure] for row in base]), mean([row[figure] for row in end])
            bound = b * (1 + relative) + absolute
            if figure == "heap_live_mb":
                bound += tokens * TOKEN_BYTES / 1048576
            ok = e <= bound
            verdict_rows.append((side, figure, b, e, bound, ok))
            if not ok:
                failures.append(f"{side} {figure}: {b:.1f} -> {e:.1f}, over the bound {bound:.1f}")
        for row in samples:
            if row["tomcat_threads"] > TOMCAT_THREADS_MAX:
                failures.append(f"{side} at {row['time_s']:.0f} s: {row['tomcat_threads']:.0f} Tomcat threads")
            if row["hikari_total"] > row["hikari_max"] or row["pg_backends"] > row["hikari_max"]:
                failures.append(f"{side} at {row['time_s']:.0f} s: {row['hikari_total']:.0f} pooled and "
                                f"{row['pg_backends']:.0f} PostgreSQL connections, pool maximum {row['hikari_max']:.0f}")

    # the smallest per-request leak the heap bound catches, between the middles of the two windows
    total_requests = sum(int(op["sent"]) for op in load)
    duration = max(row["time_s"] for row in rows)
    span = [row["time_s"] for row in rows if row["time_s"] > warmup]
    between = (span[-2] - span[1]) if len(span) > 2 else 0
    requests_between = total_requests * between / duration if duration else 0
    sensitivity = {side: (bound - b) * 1048576 / requests_between
                   for side, figure, b, e, bound, ok in verdict_rows if figure == "heap_live_mb" and requests_between}

    for line in counts.splitlines():
        fields = dict(kv.split("=", 1) for kv in line.split() if "=" in kv)
        for key in ("lost", "duplicated", "refused_but_stored", "other_account", "same_email_twice", "missing",
                    "last_change_not_applied"):
            if int(fields.get(key, 0)) != 0:
                failures.append(f"{line.split('=')[0]}: {key}={fields[key]}")
        if "found" in fields and fields["found"] != fields["acknowledged"]:
            failures.append(f"{line}: found != acknowledged")

    # ---------------------------------------------------------------- report
    print(f"{'side':13} {'figure':18} {'baseline':>9} {'end':>9} {'bound':>9}")
    for side, figure, b, e, bound, ok in verdict_rows:
        print(f"{side:13} {figure:18} {b:9.1f} {e:9.1f} {bound:9.1f}  {'ok' if ok else 'GREW'}")
    for side in sides:
        samples = [row for row in rows if row["side"] == side and row["time_s"] > warmup]
        print(f"{side}: Tomcat threads {min(r['tomcat_threads'] for r in samples):.0f}-"
              f"{max(r['tomcat_threads'] for r in samples):.0f} (at most {TOMCAT_THREADS_MAX}), inbound HTTP "
              f"connections {min(r['http_connections'] for r in samples):.0f}-"
              f"{max(r['http_connections'] for r in samples):.0f} after the warm-up")
    for side, bytes_per_request in sensitivity.items():
        print(f"{side}: a leak of {bytes_per_request:.0f} bytes a request or more would have failed the heap bound "
              f"({requests_between:.0f} requests between the windows)")
    for side in sides:
        for line in histogram_growth(out, side):
            print(f"{side} grew: {line}")
        for line in thread_growth(out, side):
            print(f"{side} threads: {line}")
        print(f"{side} collections: {gc_pauses(out, side)}")
    verdict = "PASS" if not failures else "FAIL"
    print(f"SOAK_VERDICT {verdict}" + "".join(f"\n  {failure}" for failure in failures))

    with open(out / "summary.md", "w") as md:
        header = " | ".join(f"{side}: heap live / RSS MB, threads (Tomcat's), fds (HTTP conns), DB conns"
                            for side in sides)
        md.write(f"| min | {header} |\n|---|" + "---|" * len(sides) + "\n")
        for row_time in sorted({row["time_s"] for row in rows if row["time_s"] % 60 == 0}):
            cells = []
            for side in sides:
                row = next(r for r in rows if r["side"] == side and r["time_s"] == row_time)
                cells.append(f"{row['heap_live_mb']:.0f} / {row['rss_mb']:.0f}, {row['threads']:.0f} "
                             f"({row['tomcat_threads']:.0f}), {row['fds']:.0f} ({row['http_connections']:.0f}), "
                             f"{row['pg_backends']:.0f}")
            md.write(f"| {row_time / 60:.0f} | " + " | ".join(cells) + " |\n")
        md.write("\n| side | figure | after warm-up | end | bound | |\n|---|---|---|---|---|---|\n")
        for side, figure, b, e, bound, ok in verdict_rows:
            md.write(f"| {side} | {figure} | {b:.1f} | {e:.1f} | {bound:.1f} | {'ok' if ok else '**grew**'} |\n")
        md.write("\n| operation | sent | acknowledged | statuses | failures | skipped | p50 ms | p99 ms |\n"
                 "|---|---|---|---|---|---|---|---|\n")
        for op in load:
            md.write(f"| {op['op']} | {op['sent']} | {op['acknowledged']} | {op['statuses']} | {op['failures']} | "
                     f"{op['skipped']} | {op['p50_ms']} | {op['p99_ms']} |\n")
        md.write("\n| minute | requests | errors | read p50 / p99 ms | write p50 / p99 ms |\n|---|---|---|---|---|\n")
        for minute in minutes:
            md.write(f"| {minute['minute']} | {minute['requests']} | {minute['errors']} | {minute['read_p50_ms']} / "
                     f"{minute['read_p99_ms']} | {minute['write_p50_ms']} / {minute['write_p99_ms']} |\n")
        md.write("\n```\n" + counts + "```\n\nVerdict: " + verdict + "\n")
    return 0 if not failures else 1


def histogram(path):
    classes = {}
    for line in open(path):
        match = re.match(r"\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", line)
        if match:
            classes[match.group(3)] = (int(match.group(1)), int(match.group(2)))
    return classes


def histogram_growth(out, side, top=5):
    """The classes whose instances took the most more bytes at the end than after the warm-up."""
    base_path, end_path = out / f"histogram-{side}-baseline.txt", out / f"histogram-{side}-end.txt"
    if not (base_path.exists() and end_path.exists()):
        return []
    base, end = histogram(base_path), histogram(end_path)
    growth = sorted(((end[name][1] - base.get(name, (0, 0))[1], end[name][0] - base.get(name, (0, 0))[0], name)
                     for name in end), reverse=True)[:top]
    return [f"{name} +{nbytes / 1024:.0f} KiB (+{ninstances} instances)" for nbytes, ninstances, name in growth]


def grown_instances(out, side, name):
    base_path, end_path = out / f"histogram-{side}-baseline.txt", out / f"histogram-{side}-end.txt"
    if not (base_path.exists() and end_path.exists()):
        return 0
    return max(0, histogram(end_path).get(name, (0, 0))[0] - histogram(base_path).get(name, (0, 0))[0])


def threads(path):
    """Thread counts by name with the digits left out ("http-nio-8080-exec-#")."""
    groups = {}
    for line in open(path):
        if line.startswith('"'):
            name = re.sub(r"\d+", "#", line[1:line.index('"', 1)])
            groups[name] = groups.get(name, 0) + 1
    return groups


def thread_growth(out, side):
    base_path, end_path = out / f"threads-{side}-baseline.txt", out / f"threads-{side}-end.txt"
    if not (base_path.exists() and end_path.exists()):
        return []
    base, end = threads(base_path), threads(end_path)
    return [f"{name} {base.get(name, 0)} -> {end.get(name, 0)}" for name in sorted(set(base) | set(end))
            if base.get(name, 0) != end.get(name, 0)]


def gc_pauses(out, side):
    """The pauses in the side's GC log (-Xlog:gc): the forced full ones apart from the rest."""
    path = out / f"{side}-gc.log"
    if not path.exists():
        return "no GC log"
    forced, other = [], []
    for line in open(path):
        match = re.search(r"Pause (.*) \d+M->\d+M\(\d+M\) ([\d.]+)ms", line)
        if match:
            (forced if "Diagnostic Command" in match.group(1) or "Heap Inspection" in match.group(1) else other).append(float(match.group(2)))

    def summary(pauses):
        pauses.sort()
        return (f"{len(pauses)}, median {pauses[len(pauses) // 2]:.0f} ms, max {pauses[-1]:.0f} ms" if pauses
                else "none")
    return f"forced full GCs {summary(forced)}; other pauses {summary(other)}"


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), float(sys.argv[2])))
