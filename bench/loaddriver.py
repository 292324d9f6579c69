#!/usr/bin/env python3
"""A small load driver for `lantu serve` (stdlib only): N keep-alive connections, each
in its own thread, sending a mix of public reads and authenticated API writes (POST
actuals with a bearer token) for a given time.

Every write carries a unique source (`{tag}-{conn}-{i}`), so each acknowledged write
(201) is one row the store must hold afterwards: the acknowledged sources are written
to --acked, one a line, for the caller to compare with the store. A request sent is
always waited for (a thread stops only between requests), so with a server that stays
up every write is either acknowledged or refused. Prints a JSON summary.
"""
import argparse
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--conns", type=int, default=64)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--write-share", type=float, default=0.2)
    ap.add_argument("--reads", required=True, help="comma-separated paths to GET")
    ap.add_argument("--targets", required=True, help="comma-separated plan:indicator to POST actuals to")
    ap.add_argument("--tag", default="soak")
    ap.add_argument("--acked", required=True, help="file for the acknowledged sources")
    ap.add_argument("--timeout", type=float, default=35)
    args = ap.parse_args()

    url = urllib.parse.urlparse(args.base)
    reads = args.reads.split(",")
    targets = [t.split(":") for t in args.targets.split(",")]
    deadline = time.monotonic() + args.seconds
    lock = threading.Lock()
    statuses = {}
    acked = []
    errors = {}
    latencies = []

    def worker(conn_no):
        rng = random.Random(conn_no)
        conn = None
        i = 0
        local_status, local_acked, local_err, local_lat = {}, [], {}, []
        while time.monotonic() < deadline:
            if conn is None:
                conn = http.client.HTTPConnection(url.hostname, url.port, timeout=args.timeout)
            write = rng.random() < args.write_share
            started = time.monotonic()
            try:
                if write:
                    plan, n = targets[rng.randrange(len(targets))]
                    source = f"{args.tag}-{conn_no}-{i}"
                    i += 1
                    body = json.dumps({"year": 2023, "value": rng.randrange(1, 10_000) / 10, "source": source})
                    conn.request("POST", f"/api/v1/plans/{plan}/indicators/{n}/actuals", body=body,
                                 headers={"Authorization": f"Bearer {args.token}", "Content-Type": "application/json"})
                else:
                    conn.request("GET", reads[rng.randrange(len(reads))])
                resp = conn.getresponse()
                resp.read()
                local_lat.append(time.monotonic() - started)
                key = ("POST " if write else "GET ") + str(resp.status)
                local_status[key] = local_status.get(key, 0) + 1
                if write and resp.status == 201:
                    local_acked.append(source)
                if resp.getheader("connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException) as e:
                name = ("POST " if write else "GET ") + type(e).__name__
                local_err[name] = local_err.get(name, 0) + 1
                if conn is not None:
                    conn.close()
                conn = None
                time.sleep(0.05)  # the server is down (kill -9 test): do not spin
        with lock:
            for k, v in local_status.items():
                statuses[k] = statuses.get(k, 0) + v
            for k, v in local_err.items():
                errors[k] = errors.get(k, 0) + v
            acked.extend(local_acked)
            latencies.extend(local_lat)

    threads = [threading.Thread(target=worker, args=(c,)) for c in range(args.conns)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    with open(args.acked, "w") as f:
        f.write("".join(s + "\n" for s in acked))
    latencies.sort()
    pct = lambda p: round(1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1) if latencies else None
    total = sum(statuses.values())
    server_errors = sum(v for k, v in statuses.items() if k.split()[1].startswith("5"))
    json.dump({
        "seconds": round(elapsed, 1), "requests": total, "req_per_s": round(total / elapsed, 1),
        "p50_ms": pct(0.50), "p99_ms": pct(0.99), "statuses": statuses, "errors": errors,
        "writes_acked": len(acked), "server_errors_5xx": server_errors,
    }, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
