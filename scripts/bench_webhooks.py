#!/usr/bin/env python3
"""Webhook delivery benchmark (step 9), driven against real `flusso serve` processes.

Three phases, each on a fresh data directory, with a local receiver that verifies every
signature with the Standard Webhooks reference implementation and logs what it received:

1. healthy: N tickets posted at R per second; each `ticket.created` event must reach the
   receiver; the delay from the state change (the event's `time`) to its arrival, p50/p95/p99.
2. kill -9: N more tickets while two `flusso serve` share the data directory; the one holding the
   dispatcher lease is killed with SIGKILL half way; every event must still arrive (at least
   once), duplicates are counted, and the takeover time is reported.
3. receiver down: M events while the receiver is stopped for D seconds; after it returns, all
   must arrive within the backoff schedule (1 s doubling, +-20 %: a gap of at most 1.2 x the first
   power of two past the outage).

The yardstick, measured in the same run: the bare round trip of a POST of the same size from
Python to the same receiver over a kept-alive connection.
"""
import argparse
import datetime
import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

RECEIVER = r'''
import json, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from standardwebhooks.webhooks import Webhook
port, secret, log = int(sys.argv[1]), sys.argv[2], sys.argv[3]
hook = Webhook(secret)
out = open(log, "a", buffering=1)
class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        received = time.time()
        try:
            hook.verify(body, {n: self.headers.get(n) for n in ("webhook-id", "webhook-timestamp", "webhook-signature")})
            verified = 1
        except Exception:
            verified = 0
        try:
            envelope = json.loads(body)
            kind, when = envelope.get("detail-type", "?"), envelope.get("time", "")
        except Exception:
            kind, when = "?", ""
        out.write("%s\t%s\t%s\t%.6f\t%d\n" % (self.headers.get("webhook-id"), kind, when, received, verified))
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()
ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer.request_queue_size = 256
ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
'''

SECRET = "whsec_" + "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, process, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit("a server exited before listening (port %d)" % port)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("nothing listens on port %d after %d s" % (port, seconds))


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, int(-(-p * len(ordered) // 100)))
    return ordered[rank - 1]


class Bench:
    def __init__(self, args):
        self.args = args
        self.work = tempfile.mkdtemp(prefix="flusso-bench-webhooks-")
        self.receiver_port = free_port()
        self.receiver_script = os.path.join(self.work, "receiver.py")
        with open(self.receiver_script, "w") as f:
            f.write(RECEIVER)
        self.receiver = None
        self.servers = []

    # -- processes -------------------------------------------------------------------------
    def start_receiver(self, log):
        self.receiver = subprocess.Popen(
            [self.args.python, self.receiver_script, str(self.receiver_port), SECRET, log],
            stdout=subprocess.DEVNULL, stderr=open(log + ".err", "a"))
        wait_listening(self.receiver_port, self.receiver)

    def stop_receiver(self):
        if self.receiver and self.receiver.poll() is None:
            self.receiver.kill()
            self.receiver.wait()

    def start_serve(self, data_dir, name):
        port = free_port()
        env = dict(os.environ, FLUSSO_WORKERS_COUNT="0", FLUSSO_WEBHOOKS_ALLOW_PRIVATE="true", FLUSSO_WEBHOOKS_LEASE_S="2",
                   FLUSSO_LOG_LEVEL="warning", FLUSSO_WEBHOOKS_CALLBACK_SECRETS=SECRET)
        log = open(os.path.join(self.work, name + ".log"), "a")
        process = subprocess.Popen([self.args.bin, "serve", "--data-dir", data_dir, "--port", str(port)], env=env,
                                   stdout=log, stderr=log)
        wait_listening(port, process)
        self.servers.append(process)
        return process, port

    def cleanup(self):
        for process in self.servers:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
        self.stop_receiver()

    # -- HTTP ------------------------------------------------------------------------------
    @staticmethod
    def request(port, method, path, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request(method, path, body=body, headers={"Content-Type": "application/json"})
        answer = connection.getresponse()
        data = answer.read()
        connection.close()
        return answer.status, (json.loads(data) if data else None)

    def subscribe(self, port):
        body = json.dumps({"url": "http://127.0.0.1:%d/hook" % self.receiver_port, "event_types": ["ticket.created"],
                           "secret": SECRET})
        status, answer = self.request(port, "POST", "/webhooks", body)
        if status != 201:
            raise SystemExit("POST /webhooks answered %d: %s" % (status, answer))
        return answer["id"]

    def produce(self, port, count, rate, offset=0, on_progress=None):
        """Posts `count` tickets at `rate` per second from 4 threads; returns how many were accepted."""
        lock = threading.Lock()
        state = {"next": 0, "accepted": 0, "failed": 0}
        start = time.time()

        def worker():
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            while True:
                with lock:
                    index = state["next"]
                    if index >= count:
                        break
                    state["next"] += 1
                due = start + index / rate
                pause = due - time.time()
                if pause > 0:
                    time.sleep(pause)
                body = json.dumps({"customer": {"id": "c-%d" % (offset + index)}, "asset": {"model": "MK4"},
                                   "error_code": "17105", "symptom_text": "bench ticket %d" % (offset + index)})
                try:
                    connection.request("POST", "/tickets", body=body, headers={"Content-Type": "application/json"})
                    answer = connection.getresponse()
                    answer.read()
                    ok = answer.status == 202
                except (OSError, http.client.HTTPException):
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    ok = False
                with lock:
                    state["accepted" if ok else "failed"] += 1
                    done = state["accepted"] + state["failed"]
                if on_progress:
                    on_progress(done)
            connection.close()

        threads = [threading.Thread(target=worker) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if state["failed"]:
            raise SystemExit("%d ticket posts failed" % state["failed"])
        return state["accepted"], time.time() - start

    # -- what arrived ----------------------------------------------------------------------
    @staticmethod
    def received(log):
        rows = []
        if not os.path.exists(log):
            return rows
        with open(log) as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) != 5:
                    continue
                event_id, kind, when, arrived, verified = parts
                if kind != "ticket.created":
                    continue
                sent = datetime.datetime.fromisoformat(when.replace("Z", "+00:00")).timestamp() if when else None
                rows.append((event_id, sent, float(arrived), verified == "1"))
        return rows

    def wait_delivered(self, log, expected, seconds):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if len({row[0] for row in self.received(log)}) >= expected:
                return True
            time.sleep(0.2)
        return False

    @staticmethod
    def summary(rows, expected):
        first = {}
        for event_id, sent, arrived, verified in rows:
            if event_id not in first or arrived < first[event_id][1]:
                first[event_id] = (sent, arrived, verified)
        latencies = [(arrived - sent) * 1000 for sent, arrived, _ in first.values() if sent is not None]
        return {
            "expected": expected,
            "delivered": len(first),
            "lost": expected - len(first),
            "duplicates": len(rows) - len(first),
            "unverified": sum(1 for row in rows if not row[3]),
            "p50_ms": round(percentile(latencies, 50), 1),
            "p95_ms": round(percentile(latencies, 95), 1),
            "p99_ms": round(percentile(latencies, 99), 1),
            "max_ms": round(max(latencies), 1) if latencies else None,
        }

    # -- phases ----------------------------------------------------------------------------
    def yardstick(self):
        log = os.path.join(self.work, "yardstick.tsv")
        self.start_receiver(log)
        body = json.dumps({"id": "evt_x", "source": "ai-support", "detail-type": "ticket.created", "time": "",
                           "detail": {"ticket_id": "tkt_" + "0" * 32, "status": "NEW", "timestamp": ""}})
        connection = http.client.HTTPConnection("127.0.0.1", self.receiver_port, timeout=30)
        times = []
        for _ in range(1000):
            started = time.perf_counter()
            connection.request("POST", "/hook", body=body, headers={
                "Content-Type": "application/json", "webhook-id": "msg_1", "webhook-timestamp": str(int(time.time())),
                "webhook-signature": "v1,AAAA"})
            connection.getresponse().read()
            times.append((time.perf_counter() - started) * 1000)
        connection.close()
        self.stop_receiver()
        return {"p50_ms": round(percentile(times, 50), 2), "p95_ms": round(percentile(times, 95), 2)}

    def healthy(self):
        log = os.path.join(self.work, "healthy.tsv")
        self.start_receiver(log)
        _, port = self.start_serve(os.path.join(self.work, "healthy"), "healthy")
        self.subscribe(port)
        accepted, seconds = self.produce(port, self.args.events, self.args.rate)
        ok = self.wait_delivered(log, accepted, 120)
        self.stop_receiver()
        result = self.summary(self.received(log), accepted)
        result.update(posted_per_s=round(accepted / seconds), complete=ok)
        return result

    def kill_nine(self):
        log = os.path.join(self.work, "kill9.tsv")
        self.start_receiver(log)
        data = os.path.join(self.work, "kill9")
        first, first_port = self.start_serve(data, "kill9-first")
        self.subscribe(first_port)
        time.sleep(1)
        _, second_port = self.start_serve(data, "kill9-second")
        holder = sqlite3.connect(os.path.join(data, "flusso.sqlite")).execute(
            "SELECT holder FROM leases WHERE name = 'webhook-dispatcher'").fetchone()
        if not holder or not holder[0].endswith("-%d" % first.pid):
            raise SystemExit("the first server does not hold the dispatcher lease: %s" % (holder,))
        killed = {}

        def progress(done):
            if done == self.args.events // 2 and not killed:
                killed["at"] = time.time()
                first.send_signal(signal.SIGKILL)

        accepted, _ = self.produce(second_port, self.args.events, self.args.rate, offset=10_000_000, on_progress=progress)
        ok = self.wait_delivered(log, accepted, 120)
        self.stop_receiver()
        rows = self.received(log)
        result = self.summary(rows, accepted)
        after = [arrived for _, _, arrived, _ in rows if arrived > killed["at"]]
        gaps = sorted(after)
        # Deliveries resumed: the first arrival more than a poll after the kill that came from the second process.
        resumed = next((t for t in gaps if t - killed["at"] > 0.1), None)
        # Caught up: from the kill to the arrival after which every event took under 100 ms.
        by_arrival = sorted((arrived, arrived - sent) for _, sent, arrived, _ in rows if sent is not None)
        caught_up = None
        for arrived, delay in reversed(by_arrival):
            if delay >= 0.1:
                break
            caught_up = arrived
        result.update(complete=ok, resumed_after_kill_s=round(resumed - killed["at"], 2) if resumed else None,
                      caught_up_after_kill_s=round(caught_up - killed["at"], 2) if caught_up else None)
        return result

    def receiver_down(self):
        log = os.path.join(self.work, "down.tsv")
        self.start_receiver(log)
        _, port = self.start_serve(os.path.join(self.work, "down"), "down")
        self.subscribe(port)
        self.stop_receiver()
        went_down = time.time()
        accepted, _ = self.produce(port, self.args.down_events, self.args.rate)
        time.sleep(max(0, self.args.down_s - (time.time() - went_down)))
        self.start_receiver(log)
        returned = time.time()
        ok = self.wait_delivered(log, accepted, 300)
        rows = self.received(log)
        self.stop_receiver()
        result = self.summary(rows, accepted)
        last = max(arrived for _, _, arrived, _ in rows) if rows else returned
        power = 1
        while power < self.args.down_s:
            power *= 2
        result.update(complete=ok, down_s=round(returned - went_down, 1), all_delivered_after_return_s=round(last - returned, 1),
                      schedule_bound_s=round(1.2 * power, 1))
        return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--python", required=True, help="a Python with standardwebhooks (the receiver)")
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=500)
    parser.add_argument("--down-s", type=float, default=60)
    parser.add_argument("--down-events", type=int, default=1_000)
    parser.add_argument("--out", default="bench-results/webhooks.json")
    parser.add_argument("--phases", default="healthy,kill9,down", help="which phases to run (comma-separated)")
    args = parser.parse_args()
    bench = Bench(args)
    try:
        print("yardstick: bare POST round trips to the receiver", file=sys.stderr)
        yardstick = bench.yardstick()
        phases = set(args.phases.split(","))
        unknown = phases - {"healthy", "kill9", "down"}
        if unknown:
            raise SystemExit("unknown phases: %s (use healthy, kill9, down)" % ", ".join(sorted(unknown)))
        healthy = kill = down = None
        if "healthy" in phases:
            print("phase 1: %d events at %g/s, receiver healthy" % (args.events, args.rate), file=sys.stderr)
            healthy = bench.healthy()
        if "kill9" in phases:
            print("phase 2: %d events, kill -9 of the dispatcher half way" % args.events, file=sys.stderr)
            kill = bench.kill_nine()
        if "down" in phases:
            print("phase 3: %d events, receiver down for %g s" % (args.down_events, args.down_s), file=sys.stderr)
            down = bench.receiver_down()
    finally:
        bench.cleanup()
    results = {"yardstick_post": yardstick, "healthy": healthy, "kill_9": kill, "receiver_down": down}
    ran = [(name, r) for name, r in (("healthy", healthy), ("kill -9 half way", kill), ("receiver down %g s" % args.down_s, down)) if r]
    print()
    print("| phase | events | delivered | lost | duplicates | unverified | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, r in ran:
        print("| %s | %d | %d | %d | %d | %d | %s | %s | %s | %s |" % (
            name, r["expected"], r["delivered"], r["lost"], r["duplicates"], r["unverified"], r["p50_ms"], r["p95_ms"],
            r["p99_ms"], r["max_ms"]))
    print()
    print("yardstick (bare POST to the same receiver): p50 %.2f ms, p95 %.2f ms" % (yardstick["p50_ms"], yardstick["p95_ms"]))
    checks = {
        "every event delivered, none lost": all(r["lost"] == 0 and r["complete"] for _, r in ran),
        "every signature verified": all(r["unverified"] == 0 for _, r in ran),
    }
    if healthy:
        print("healthy: p95 is %.1fx the yardstick's" % (healthy["p95_ms"] / yardstick["p95_ms"]))
        checks["healthy p95 < 100 ms"] = healthy["p95_ms"] < 100
    if kill:
        print("kill -9: deliveries resumed %.2f s after the kill (lease 2 s); back under 100 ms %.2f s after it"
              % (kill["resumed_after_kill_s"] or float("nan"), kill["caught_up_after_kill_s"] or float("nan")))
    if down:
        print("receiver down %.1f s: every event delivered %.1f s after it returned (schedule bound %.1f s)"
              % (down["down_s"], down["all_delivered_after_return_s"], down["schedule_bound_s"]))
        checks["after the outage, within the schedule"] = down["all_delivered_after_return_s"] <= down["schedule_bound_s"]
    for name, passed in checks.items():
        print("%s: %s" % ("PASS" if passed else "FAIL", name))
    results["checks"] = checks
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(results, f, indent=2)
    sys.exit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()
