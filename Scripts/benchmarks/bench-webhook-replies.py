#!/usr/bin/env python3
"""Signed webhook replies under load: Huddle's generic route beside an aiohttp (PyPI) app doing the
same (Scripts/benchmarks/peers/webhook_app.py: check the HMAC, append + fsync, answer), on the same disk.

Each request is a distinct, signed `!blij …` reply (so none is a replay), made before the run;
wrk (Debian) sends them over 32 connections kept alive for DURATION seconds and reports requests
per second and latency percentiles. The run checks that each server's journal holds one entry per
2xx answer. Prints one JSON line per server.

Usage: bench-webhook-replies.py HUDDLE PYTHON [DURATION] [SERVERS]   (PYTHON: the venv with aiohttp)
"""
import hashlib, hmac, json, os, pathlib, subprocess, sys, tempfile, time, urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from lib import as_nobody, free_port, stop_process
from lib.bot import Bot

PEERS = pathlib.Path(__file__).resolve().parent / "peers"
KEY = "bench-hmac-key-0123456789"
CONNECTIONS = 32

WRK_SCRIPT = r"""
local requests, count, threads = {}, 0, 1
local next_offset = 0
function setup(thread)
  -- `offset` is a global of each thread's own Lua state: thread n sends requests n, n + threads, …
  thread:set("offset", next_offset)
  next_offset = next_offset + 1
end
function init(args)
  local file = io.open(args[1], "rb")
  local data = file:read("*a")
  file:close()
  for raw in data:gmatch("([^%z]+)%z") do requests[#requests + 1] = raw end
  threads = tonumber(args[2])
end
function request()
  local index = offset + 1 + count * threads
  count = count + 1
  return requests[index] or requests[#requests]
end
function done(summary, latency, requests)
  io.write(string.format('{"requests":%d,"seconds":%f,"non_2xx":%d,"socket_errors":%d,"p50_ms":%f,"p99_ms":%f}\n',
    summary.requests, summary.duration / 1e6, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def signed_requests(path, port, count):
    """`count` raw HTTP requests, each a distinct signed reply, NUL-separated for the wrk script."""
    stamp = str(int(time.time()))
    with open(path, "wb") as out:
        for n in range(count):
            # A thousand senders: none of them reaches the bot's per-person rate limit, however fast it goes.
            body = json.dumps({"user_id": f"U{n % 1000}", "user_name": f"staff{n % 1000}",
                               "text": f"!blij Gasten vinden de nieuwe koffie heerlijk ({n})"}).encode()
            signature = "sha256=" + hmac.new(KEY.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
            head = (f"POST /generic/bench HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
                    f"X-Huddle-Timestamp: {stamp}\r\nX-Huddle-Signature: {signature}\r\nContent-Length: {len(body)}\r\n\r\n")
            out.write(head.encode() + body + b"\0")


def cpu_seconds(pid):
    """User + system CPU the process has used so far."""
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_listening(port, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"bench-webhook-replies: nothing listens on {port}")


def start(kind, top, port, huddle, python):
    directory = pathlib.Path(top) / kind
    directory.mkdir()
    os.chmod(directory, 0o777)
    if kind == "huddle":
        os.environ["BENCH_URL"] = "http://127.0.0.1:9/unused"
        os.environ["BENCH_KEY"] = KEY
        bot = Bot(directory, f"timezone: UTC\nwebhooks: {{listen: \"127.0.0.1:{port}\"}}\n"
                             "chat: {rate_limit: {burst: 1000, per_minute: 6000}}\n"
                             "teams:\n  - id: bench\n    channel: \"#bench\"\n    shifts: [{name: ochtend, start: \"03:00\"}]\n"
                             "    webhook: {platform: generic, url_env: BENCH_URL, secret_env: BENCH_KEY}\n", huddle=huddle)
        bot.start()
        lines = lambda: sum(len(p.read_text().splitlines()) for p in (bot.data / "journal").glob("*/*.jsonl"))
        return bot.process, lines, bot.stop
    journal = directory / "journal.jsonl"
    log = open(directory / "app.log", "wb")
    process = subprocess.Popen(as_nobody([python, str(PEERS / "webhook_app.py"), str(port), KEY, str(journal)]),
                               stdout=log, stderr=log, cwd=directory)

    def stop():
        stop_process(process)
        log.close()
    return process, lambda: len(journal.read_text().splitlines()) if journal.exists() else 0, stop


def measure(kind, top, huddle, python, duration):
    port = free_port()
    process, journal_lines, stop = start(kind, top, port, huddle, python)
    try:
        wait_listening(port)
        requests = pathlib.Path(top) / f"{kind}-requests.bin"
        signed_requests(requests, port, 60_000 * duration)
        script = pathlib.Path(top) / "replay.lua"
        script.write_text(WRK_SCRIPT)
        # BENCH_PERF=FILE: a perf profile of the server under the load.
        profiler = subprocess.Popen(["perf", "record", "-g", "-p", str(process.pid), "-o", os.environ["BENCH_PERF"]],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) if os.environ.get("BENCH_PERF") else None
        cpu_before = cpu_seconds(process.pid)
        out = subprocess.run(["wrk", "-t", "2", "-c", str(CONNECTIONS), "-d", f"{duration}s", "-s", str(script),
                              f"http://127.0.0.1:{port}/generic/bench", "--", str(requests), "2"],
                             capture_output=True, text=True, timeout=duration + 60)
        cpu = cpu_seconds(process.pid) - cpu_before
        if profiler:
            profiler.send_signal(2)
            profiler.wait(30)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        answered = result["requests"] - result["non_2xx"]
        deadline = time.time() + 10
        while journal_lines() < answered and time.time() < deadline:
            time.sleep(0.1)
        stored = journal_lines()
    finally:
        stop()
    if stored < answered:
        sys.exit(f"bench-webhook-replies: {kind} answered 2xx {answered} times but stored {stored} entries")
    return {"bench": "webhook_replies", "impl": kind, "connections": CONNECTIONS, "requests": result["requests"],
            "non_2xx": result["non_2xx"], "socket_errors": result["socket_errors"], "stored": stored,
            "per_second": round(answered / result["seconds"], 1), "p50_ms": round(result["p50_ms"], 2), "p99_ms": round(result["p99_ms"], 2),
            "cpu_us_per_request": round(cpu * 1e6 / max(result["requests"], 1), 1)}


def main():
    huddle, python = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    duration = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    servers = sys.argv[4].split(",") if len(sys.argv) > 4 else ["huddle", "aiohttp"]
    with tempfile.TemporaryDirectory(prefix="huddle-replies-") as top:
        os.chmod(top, 0o755)
        for kind in servers:
            print(json.dumps(measure(kind, top, huddle, python, duration)), flush=True)


if __name__ == "__main__":
    main()
