#!/usr/bin/env python3
"""Many webhook teams, one shift start: how long until each team's prompt reaches its platform.

Starts a threaded HTTP peer on 127.0.0.1 that notes when each team's first prompt arrives, then
`huddle run` as nobody with TEAMS generic webhook teams whose shifts all start in the same minute.
Prints one JSON line: teams, prompted, first/median/last seconds after the shift start, and the
bot's peak threads and RSS while it posted.
Usage: bench-webhooks.py HUDDLE TEAMS
"""
import json, os, pathlib, statistics, subprocess, sys, tempfile, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from lib import next_minute
from lib.bot import Bot

seen, lock = {}, threading.Lock()


class Peer(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            kind = json.loads(body).get("kind")
        except ValueError:
            kind = None
        with lock:
            if kind == "prompt" and self.path not in seen:
                seen[self.path] = time.time()
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def status(pid, key):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main():
    huddle, teams = sys.argv[1], int(sys.argv[2])
    server = ThreadingHTTPServer(("127.0.0.1", 0), Peer)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    with tempfile.TemporaryDirectory(prefix="huddle-webhooks-") as top:
        os.chmod(top, 0o755)
        hhmm, start = next_minute(40)
        bot = Bot(top, "timezone: UTC\nteams:\n" + "".join(
            f"  - {{id: t{n}, channel: \"#t{n}\", webhook: {{platform: generic, url_file: urls/t{n}}}, shifts: [{{name: ochtend, start: \"{hhmm}\"}}]}}\n"
            for n in range(teams)), huddle=huddle)
        urls = bot.dir / "urls"
        urls.mkdir()
        for n in range(teams):
            (urls / f"t{n}").write_text(f"http://127.0.0.1:{port}/t{n}\n")
        bot.start()
        threads = rss = 0
        deadline = start + 120
        while time.time() < deadline and len(seen) < teams:
            pid = bot.process.pid
            children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
            target = int(children[0]) if children else pid
            threads, rss = max(threads, status(target, "Threads")), max(rss, status(target, "VmRSS"))
            time.sleep(0.2)
        bot.stop()
        delays = sorted(t - start for t in seen.values())
        if len(delays) < teams:
            print(f"bench-webhooks: {teams - len(delays)} of {teams} teams got no prompt; the bot's log ends:\n"
                  + "\n".join(bot.log.read_text().splitlines()[-5:]), file=sys.stderr)
        print(json.dumps({"bench": "webhooks", "impl": "huddle", "teams": teams, "prompted": len(delays),
                          "first": round(delays[0], 1) if delays else None, "median": round(statistics.median(delays), 1) if delays else None,
                          "last": round(delays[-1], 1) if delays else None, "threads": threads, "rss_mib": round(rss / 1024, 1)}))


if __name__ == "__main__":
    main()
