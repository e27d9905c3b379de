#!/usr/bin/env python3
"""Runs a test command and watches it, so that a hang ends the run with its cause instead of
running into CI's time limit with nothing said.

Usage: watch_tests.py [--limit S] [--silence S] [--exit-grace S] -- COMMAND...

The command's output is passed through line by line. The watcher follows swift-testing's lines
("◇ Test x() started.", "✔ Test x() passed", "✘ Test x() failed") and steps in when
  - the whole run takes longer than --limit seconds (default 2400), or
  - nothing is printed for --silence seconds (default 600), or
  - the run has printed its summary ("Test run with N tests ... after") but the process has not
    ended --exit-grace seconds later (default 120).
It then prints the tests that started and never finished, the process tree under the command and,
where gdb is installed, every thread's stack of the test process; kills the command's process
group and exits 124. A process that hung after its summary exits with what the summary said
(0 if every test passed, 1 otherwise), with the diagnosis printed above it.
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import threading
import time

STARTED = re.compile(r"^◇ Test (.+?) started\.")
ENDED = re.compile(r"^[✔✘] Test (.+?) (?:passed|failed|with \d+ test cases? (?:passed|failed))")
SUMMARY = re.compile(r"^[✔✘] Test run with \d+ tests? .*after [0-9.]+ seconds")


def descendants(root):
    """Pids under root (inclusive), from /proc."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except OSError:
            continue
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        queue.extend(children.get(pid, []))
    return found


def command_line(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().replace(b"\0", b" ").decode(errors="replace").strip()[:200]
    except OSError:
        return "?"


def diagnose(reason, root, running, out):
    say = lambda text: print(f"watch_tests: {text}", file=out, flush=True)
    say(reason)
    if running:
        say(f"{len(running)} test(s) started and not finished:")
        for name in sorted(running):
            say(f"  {name} (started {time.monotonic() - running[name]:.0f} s ago)")
    pids = descendants(root)
    say("processes under the test command:")
    for pid in pids:
        say(f"  {pid} {command_line(pid)}")
    testers = [pid for pid in pids if ".xctest" in command_line(pid) or "PackageTests" in command_line(pid)]
    gdb = "/usr/bin/gdb"
    for pid in testers:
        if not os.path.exists(gdb):
            say("(gdb is not installed: no thread stacks)")
            break
        say(f"thread stacks of {pid}:")
        try:
            result = subprocess.run(
                [gdb, "-p", str(pid), "-batch", "-ex", "thread apply all bt 30"],
                capture_output=True, text=True, timeout=120)
            for line in result.stdout.splitlines():
                if line.startswith(("Thread ", "#")):
                    print(f"    {line[:240]}", file=out, flush=True)
        except subprocess.TimeoutExpired:
            say("gdb did not finish within 120 s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=float, default=2400)
    parser.add_argument("--silence", type=float, default=600)
    parser.add_argument("--exit-grace", type=float, default=120)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        print("watch_tests: no command given", file=sys.stderr)
        return 2

    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)

    # Ctrl-C or CI's cancel reaches the watcher: pass it to the run and everything under it (the
    # run leads its own session, and servers the tests start lead their own groups).
    def forward(signum, _frame):
        for pid in [child.pid] + descendants(child.pid):
            try:
                os.kill(pid, signum)
            except (ProcessLookupError, PermissionError):
                pass

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)
    state = {"last": time.monotonic(), "summary": None, "summary_at": None}
    running = {}
    lock = threading.Lock()

    def pump():
        for raw in child.stdout:
            line = raw.decode(errors="replace")
            sys.stdout.write(line)
            sys.stdout.flush()
            with lock:
                state["last"] = time.monotonic()
                if (match := STARTED.match(line)) and not match.group(1).startswith(("case passing", "run")):
                    # Parameterised cases report only as their test; the run itself is not a test.
                    running[match.group(1)] = time.monotonic()
                elif match := ENDED.match(line):
                    running.pop(match.group(1), None)
                if SUMMARY.match(line):
                    state["summary"] = line.startswith("✔")
                    state["summary_at"] = time.monotonic()

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    start = time.monotonic()
    reason = None
    while child.poll() is None:
        time.sleep(1)
        now = time.monotonic()
        with lock:
            if state["summary_at"] is not None and now - state["summary_at"] > args.exit_grace:
                reason = f"the test process reported its summary {args.exit_grace:.0f} s ago and has not ended"
            elif now - start > args.limit:
                reason = f"the run took longer than {args.limit:.0f} s"
            elif now - state["last"] > args.silence:
                reason = f"nothing printed for {args.silence:.0f} s"
            snapshot = dict(running)
        if reason:
            break
    if reason is None:
        reader.join(timeout=10)
        return child.returncode

    diagnose(reason, child.pid, snapshot, sys.stdout)
    # The group, and every descendant (servers the tests started lead groups of their own).
    for pid in descendants(child.pid):
        for kill in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
            try:
                kill()
            except (ProcessLookupError, PermissionError):
                pass
    child.wait()
    if state["summary_at"] is not None:
        verdict = "passed" if state["summary"] else "failed"
        print(f"watch_tests: every test had reported ({verdict}); the process was killed after its summary", flush=True)
        return 0 if state["summary"] else 1
    return 124


if __name__ == "__main__":
    sys.exit(main())
