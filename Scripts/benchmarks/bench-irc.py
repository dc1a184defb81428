#!/usr/bin/env python3
"""One IRC bot under load, Huddle beside the bots people run instead, in the same run.

Starts ngircd on loopback with flood limits off (no penalties, no channel or per-address limits),
then for each bot in turn: starts it in 100 channels (#team1 … #team100), notes when a watcher
sees it in the last of them (start → joined) and its idle RSS; then ten staff clients, each in a
team channel of its own, send ENTRIES `!blij …` entries, at most 50 outstanding, and note when each is confirmed by NOTICE. Every
bot appends each entry to a journal and fsyncs it before the NOTICE; the run checks the journal
holds every entry. Prints one JSON line per bot: CPU per confirmed entry (user + system),
confirmations per second, p50/p99 send → confirmation, idle RSS, start → joined.

  huddle     `huddle run` as nobody, irc.flood off (the server exempts it), 100 teams
  sopel      Sopel 8 (PyPI) with Scripts/benchmarks/peers/sopel/huddle_bench.py, its flood control off
  floor      Scripts/benchmarks/peers/simple_bot.py, 40 lines of stdlib Python: the least a bot can do

Usage: bench-irc.py HUDDLE PYTHON [ENTRIES] [BOTS]   (PYTHON: the venv with sopel; BOTS e.g. huddle,sopel,floor)
"""
import json, os, pathlib, statistics, subprocess, sys, tempfile, threading, time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from lib import as_nobody, free_port, stop_process
from lib.bot import Bot
from lib.ircd import Ngircd
from lib.irc import IRCClient

PEERS = pathlib.Path(__file__).resolve().parent / "peers"
CHANNELS = [f"#team{n}" for n in range(1, 101)]
STAFF = 10
OUTSTANDING = 50
TICK = os.sysconf("SC_CLK_TCK")


class Staff(IRCClient):
    """Sends its share of entries in its own team channel, at most `window` outstanding, timing each confirmation."""

    def __init__(self, port, number, count, window, bot_nick, prefix):
        self.count, self.window, self.bot_nick = count, window, bot_nick
        self.sent, self.latencies = [], []
        self.slots = threading.Semaphore(window)
        self.done = threading.Event()
        self.channel = f"#team{number + 1}"
        super().__init__(port, f"{prefix}st{number}", [self.channel], self.heard, address=f"127.0.2.{number + 1}")

    def heard(self, parts):
        if len(parts) == 4 and parts[1] == "NOTICE" and parts[0].startswith(f":{self.bot_nick}") and parts[2] == self.nick:
            now = time.time()
            # A bot may confirm several entries in one line (Huddle joins them with ' · ').
            for _ in parts[3].split(" · "):
                if len(self.latencies) < len(self.sent):
                    self.latencies.append(now - self.sent[len(self.latencies)])
                    self.slots.release()
            if len(self.latencies) == self.count:
                self.done.set()

    def load(self):
        for n in range(self.count):
            self.slots.acquire()
            self.sent.append(time.time())
            self.send(f"PRIVMSG {self.channel} :!blij Gasten vinden de nieuwe koffie heerlijk, vooral bij het ontbijt ({self.nick} {n})")


def cpu_times(pid):
    """User and system CPU seconds of a process (all its threads)."""
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) / TICK, int(fields[12]) / TICK


def rss_mib(pid):
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024


def start_bot(kind, top, port, huddle, python):
    """Starts one bot; returns (process, nick, a function counting its journal lines, stop)."""
    directory = pathlib.Path(top) / kind
    directory.mkdir()
    os.chmod(directory, 0o777)
    if kind == "huddle":
        bot = Bot(directory, f"timezone: UTC\nirc: {{host: 127.0.0.1, port: {port}, nick: huddle, flood: off}}\n"
                             "chat: {rate_limit: {burst: 1000, per_minute: 6000}}\nteams:\n"
                  + "".join(f"  - {{id: team{n}, channel: \"#team{n}\", shifts: [{{name: ochtend, start: \"03:00\"}}]}}\n" for n in range(1, 101)),
                  huddle=huddle)
        bot.start()
        lines = lambda: sum(len(p.read_text().splitlines()) for p in (bot.data / "journal").glob("*/*.jsonl")) \
            if (bot.data / "journal").exists() else 0
        return bot.process, "huddle", lines, bot.stop
    journal = directory / "journal.jsonl"
    log = open(directory / "bot.log", "wb")
    if kind == "sopel":
        (directory / "sopel.cfg").write_text(f"""[core]
nick = huddle
host = 127.0.0.1
port = {port}
use_ssl = false
owner = admin
prefix = !
homedir = {directory}
logdir = {directory}/logs
pid_dir = {directory}
enable = huddle_bench
extra = {PEERS / "sopel"}
channels = {",".join(CHANNELS)}
flood_burst_lines = 1000000
flood_refill_rate = 1000000
flood_empty_wait = 0
flood_max_wait = 0
flood_penalty_ratio = 0
logging_level = WARNING
[huddle_bench]
journal = {journal}
""")
        command = [python, "-m", "sopel.cli.run", "start", "-c", str(directory / "sopel.cfg")]
    else:
        command = [python, str(PEERS / "simple_bot.py"), "127.0.0.1", str(port), "huddle", ",".join(CHANNELS), str(journal)]
    process = subprocess.Popen(as_nobody(command), stdout=log, stderr=log, stdin=subprocess.DEVNULL, cwd=directory)
    lines = lambda: len(journal.read_text().splitlines()) if journal.exists() else 0

    def stop():
        stop_process(process)
        log.close()
    return process, "huddle", lines, stop


def measure(kind, top, port, huddle, python, entries):
    joins = {}
    watcher = IRCClient(port, f"watch{kind[:3]}", CHANNELS,
                     lambda parts: len(parts) > 2 and parts[1] == "JOIN" and parts[0].startswith(":huddle!")
                     and joins.setdefault(parts[2].lstrip(":").lower(), time.time()), address="127.0.1.1")
    watcher.start()
    staff = [Staff(port, n, entries // STAFF, OUTSTANDING // STAFF, "huddle", kind[:3]) for n in range(STAFF)]
    for client in staff:
        client.start()
    for client in [watcher] + staff:
        if not client.ready.wait(60):
            sys.exit(f"bench-irc: {client.nick} could not join")
    started = time.time()
    process, nick, journal_lines, stop = start_bot(kind, top, port, huddle, python)
    try:
        while len(joins) < len(CHANNELS) and time.time() < started + 60:
            time.sleep(0.01)
        if len(joins) < len(CHANNELS):
            log = pathlib.Path(top) / kind / ("bot/bot.log" if kind == "huddle" else "bot.log")
            print(log.read_text()[-3000:], file=sys.stderr) if not os.environ.get("BENCH_LOG") else pathlib.Path(os.environ["BENCH_LOG"]).write_text(log.read_text())
            sys.exit(f"bench-irc: {kind} joined {len(joins)} of {len(CHANNELS)} channels in 60 s")
        joined = max(joins.values()) - started
        time.sleep(3)
        idle_rss = rss_mib(process.pid)
        user_before, system_before = cpu_times(process.pid)
        # BENCH_PERF=FILE: a perf profile of the bot while it takes the load, for finding what costs.
        profiler = subprocess.Popen(["perf", "record", "-g", "-p", str(process.pid), "-o", os.environ["BENCH_PERF"]],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) if os.environ.get("BENCH_PERF") else None
        threads = [threading.Thread(target=client.load) for client in staff]
        for thread in threads:
            thread.start()
        for client in staff:
            if not client.done.wait(300):
                sys.exit(f"bench-irc: {kind}: {client.nick} got {len(client.latencies)} of {client.count} confirmations")
        user, system = (after - before for after, before in zip(cpu_times(process.pid), (user_before, system_before)))
        cpu = user + system
        if profiler:
            profiler.send_signal(2)
            profiler.wait(30)
        first = min(client.sent[0] for client in staff)
        last = max(client.sent[i] + client.latencies[i] for client in staff for i in range(client.count))
        latencies = sorted(l for client in staff for l in client.latencies)
        deadline = time.time() + 10
        while journal_lines() < entries and time.time() < deadline:
            time.sleep(0.1)
        stored = journal_lines()
        busy_rss = rss_mib(process.pid)
    finally:
        stop()
        for client in [watcher] + staff:
            client.close()
    if stored != entries:
        sys.exit(f"bench-irc: {kind}'s journal holds {stored} of {entries} entries")
    return {"bench": "irc", "impl": kind, "entries": entries, "cpu_ms_per_entry": round(cpu * 1000 / entries, 3),
            "user_ms_per_entry": round(user * 1000 / entries, 3), "system_ms_per_entry": round(system * 1000 / entries, 3),
            "per_second": round(entries / (last - first), 1), "p50_ms": round(statistics.median(latencies) * 1000, 1),
            "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1), "idle_rss_mib": round(idle_rss, 1),
            "busy_rss_mib": round(busy_rss, 1), "joined_s": round(joined, 2)}


def main():
    huddle, python = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    entries = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    bots = sys.argv[4].split(",") if len(sys.argv) > 4 else ["huddle", "sopel", "floor"]
    with tempfile.TemporaryDirectory(prefix="huddle-irc-") as top:
        os.chmod(top, 0o755)
        port = free_port()
        server = Ngircd(top, "exempt", port)
        time.sleep(1)
        try:
            for kind in bots:
                print(json.dumps(measure(kind, top, port, huddle, python, entries)), flush=True)
                time.sleep(1)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
