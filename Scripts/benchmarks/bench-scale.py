#!/usr/bin/env python3
"""Many teams, one shift start: how long until each team's prompt reaches its channel.

Starts ngircd with the limits of Debian's ngircd.conf (MaxJoins 10, MaxConnectionsIP 10; only
ports and paths changed), then `huddle run` as nobody with TEAMS teams whose shifts all start at
the same minute, with the default irc.flood. Watchers join every channel from other loopback
addresses (10 channels each, as the server allows) and note when each prompt's first line
arrives. Prints one JSON line: teams, connections used, first/median/last prompt seconds after
the shift start, whether the server dropped the bot for flooding, and the bot's RSS once idle.

--exempt: the server exempts the bot instead (ngircd without penalties or channel and address
limits, as docs/scaling.md says) and the bot runs with `irc.flood: off`.
--inspircd: InspIRCd with Debian's inspircd.conf instead, its connect class for the bot's address
raised just enough (the connections TEAMS channels need at Debian's 20 channels each; flood limits as Debian's), watchers from
other addresses in Debian's default class (20 channels each).
--sopel PYTHON: then starts Sopel (from that Python's environment) in the same channels on the
same server and reports how many it joined: the bot people run today meets the same limit.
--feeds: each team has its own arrivals report (CSV, 200 rows) on a local HTTP server; reports
how long the bot took to fetch them all (from its start to the last request) and how many
prompts opened with the day's facts.
Usage: bench-scale.py HUDDLE TEAMS [--exempt | --inspircd] [--sopel PYTHON] [--feeds]
"""
import http.server, json, os, pathlib, statistics, subprocess, sys, tempfile, threading, time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from lib import as_nobody, free_port, next_minute, stop_process
from lib.bot import Bot
from lib.ircd import Inspircd, Ngircd
from lib.irc import IRCClient


class Watcher(IRCClient):
    """In its channels from another loopback address: notes when each prompt's first line comes, and Sopel's joins."""

    def __init__(self, port, number, channels, seen, facts=None):
        self.seen, self.facts, self.sopel_joins = seen, facts if facts is not None else set(), set()
        super().__init__(port, f"watch{number}", channels, self.heard, address=f"127.0.1.{number + 1}")

    def heard(self, parts):
        # With many prompts waiting, a prompt's lines go out joined: the day's facts may be inside a line.
        if len(parts) > 3 and parts[1] == "PRIVMSG" and parts[0].startswith(":huddle") and "Vandaag:" in " ".join(parts[3:]):
            self.facts.add(parts[2])
        if len(parts) > 3 and parts[1] == "PRIVMSG" and parts[0].startswith(":huddle") and parts[2] not in self.seen:
            self.seen[parts[2]] = time.time()
        elif len(parts) > 2 and parts[1] == "JOIN" and parts[0].startswith(":sopel!"):
            self.sopel_joins.add(parts[2].lstrip(":").lower())


def sopel_joins(top, port, python, channels, watchers):
    """Starts Sopel in the same channels on the same server; returns how many it joined."""
    directory = pathlib.Path(top) / "sopel"
    directory.mkdir()
    os.chmod(directory, 0o777)
    (directory / "sopel.cfg").write_text(f"[core]\nnick = sopel\nhost = 127.0.0.1\nport = {port}\nuse_ssl = false\nowner = admin\n"
                                         f"homedir = {directory}\nlogdir = {directory}/logs\npid_dir = {directory}\n"
                                         f"channels = {','.join(channels)}\n")
    time.sleep(5)  # the bot's connections are gone from the server's count per address
    command = as_nobody([python, "-m", "sopel.cli.run", "start", "-c", str(directory / "sopel.cfg")])
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, cwd=directory)
    time.sleep(20)
    stop_process(process, 30)
    return len(set().union(*(w.sopel_joins for w in watchers)))


def feed_server(teams):
    """An HTTP server on loopback with one arrivals report per team; returns it and the times of its requests."""
    today = time.strftime("%Y-%m-%d", time.gmtime())
    report = "Arrival,Room,VIP\n" + "".join(f"{today},{100 + n},{'ja' if n % 10 == 0 else ''}\n" for n in range(200))
    body = report.encode()
    requests = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests[self.path] = time.time()
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, requests


def main():
    huddle, teams = sys.argv[1], int(sys.argv[2])
    exempt, inspircd, feeds = "--exempt" in sys.argv, "--inspircd" in sys.argv, "--feeds" in sys.argv
    sopel = sys.argv[sys.argv.index("--sopel") + 1] if "--sopel" in sys.argv else None
    with tempfile.TemporaryDirectory(prefix="huddle-scale-") as top:
        os.chmod(top, 0o755)
        port = free_port()
        server = (Ngircd(top, "exempt", port) if exempt else Inspircd(top, port, connections=(teams + 19) // 20) if inspircd
                  else Ngircd(top, "debian", port))
        time.sleep(2 if inspircd else 1)
        channels = [f"#team{n}" for n in range(1, teams + 1)]
        seen, facts = {}, set()
        per = 100 if exempt else 20 if inspircd else 10
        watchers = [Watcher(port, i, channels[i * per:(i + 1) * per], seen, facts) for i in range((teams + per - 1) // per)]
        web, requests = feed_server(teams) if feeds else (None, {})
        for w in watchers:
            w.start()
        for w in watchers:
            w.ready.wait(60)
        hhmm, start = next_minute(40)
        flood = ", flood: off" if exempt else ""
        def today(n):
            if not feeds:
                return ""
            url = f"http://127.0.0.1:{web.server_address[1]}/team{n}.csv"
            return f", today: [{{url: \"{url}\", date: Arrival, count: arrivals, flags: {{vip: VIP}}}}]"
        bot = Bot(top, f"timezone: UTC\nirc: {{host: 127.0.0.1, port: {port}, nick: huddle{flood}}}\nteams:\n" + "".join(
            f"  - {{id: team{n}, channel: \"#team{n}\", shifts: [{{name: ochtend, start: \"{hhmm}\"}}]{today(n)}}}\n" for n in range(1, teams + 1)),
            huddle=huddle)
        try:
            started = time.time()
            bot.start()
            deadline = start + 180
            while time.time() < deadline and len(seen) < teams:
                time.sleep(0.2)
            time.sleep(10)  # the prompts are out; the bot idles in every channel
            rss = bot.rss_mib()
            bot.stop()
            joined_by_sopel = sopel_joins(top, port, sopel, channels, watchers) if sopel else None
        finally:
            server.stop()
            if web:
                web.shutdown()
        text = bot.log.read_text()
        delays = sorted(seen[c] - start for c in channels if c in seen)
        connections = text.count('"message":"IRC registered"')
        flooded = any("flood" in line.lower() for line in text.splitlines() if '"IRC server error"' in line or "connection lost" in line)
        if len(delays) < teams:
            print(f"bench-scale: {teams - len(delays)} of {teams} teams got no prompt; the bot's log ends:\n"
                  + "\n".join(text.splitlines()[-5:]), file=sys.stderr)
        result = {"bench": "scale", "impl": "huddle", "teams": teams, "server": "exempt" if exempt else "inspircd" if inspircd else "debian",
                  "prompted": len(delays), "connections": connections,
                  "first": round(delays[0], 1) if delays else None,
                  "median": round(statistics.median(delays), 1) if delays else None,
                  "last": round(delays[-1], 1) if delays else None, "flooded": flooded, "rss_mib": rss}
        if sopel:
            result["sopel_joined"] = joined_by_sopel
        if feeds:
            result["feeds"] = {"fetched": len(requests), "last_fetch": round(max(requests.values()) - started, 1) if requests else None,
                               "prompts_with_facts": len(facts)}
        print(json.dumps(result))


if __name__ == "__main__":
    main()
