#!/usr/bin/env python3
"""Fault checks for Huddle against a real ngircd on loopback, with the bot running as nobody.

Each check prints one line with its figures. Run through Scripts/faults (which builds the bot);
`--fast` runs the quick checks only (Scripts/test does that).
"""
import argparse, calendar, json, os, pathlib, pwd, random, socket, subprocess, sys, tempfile, threading, time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from lib import ROOT, next_minute
from lib.bot import Bot
from lib.ircd import Ngircd
from lib.irc import IRCClient


def ircd(workdir):
    """ngircd with the repository's config, in its own folder of `workdir`."""
    return Ngircd(pathlib.Path(workdir) / "ngircd")


class Proxy:
    """A TCP proxy between the bot and the server that can stall, drop a connection mid-line,
    or go half-open (the server side gone, the bot's side left open and silent)."""

    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.links = []
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                bot, _ = self.listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=10)
            except OSError:
                bot.close()
                continue
            server.settimeout(None)
            link = {"bot": bot, "server": server, "stalled_until": 0.0, "mode": "pass"}
            with self.lock:
                self.links.append(link)
            threading.Thread(target=self.pump, args=(link, "bot", "server"), daemon=True).start()
            threading.Thread(target=self.pump, args=(link, "server", "bot"), daemon=True).start()

    def pump(self, link, source, target):
        while True:
            try:
                data = link[source].recv(4096)
            except OSError:
                data = b""
            while time.time() < link["stalled_until"]:
                time.sleep(0.05)
            mode = link["mode"]
            if mode == "halfopen":
                if source == "server":
                    return
                if not data:
                    link["bot"].close()
                    return
                continue  # what the bot sends is swallowed: it hears nothing, and nobody closes
            if mode == "drop" and data and source == "server":
                # Half of what the server sent, then both connections close.
                self.send(link, target, data[:max(1, len(data) // 2)])
                data = b""
            if not data:
                for side in ("bot", "server"):
                    try:
                        link[side].shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                    link[side].close()
                return
            self.send(link, target, data)

    @staticmethod
    def send(link, target, data):
        try:
            link[target].sendall(data)
        except OSError:
            pass

    def current(self):
        with self.lock:
            return list(self.links)

    def stall(self, seconds):
        """Nothing passes on the open connections for `seconds`; new ones pass."""
        for link in self.current():
            link["stalled_until"] = time.time() + seconds

    def drop_mid_line(self):
        """The next data from the server is cut in half, and the connection dropped there."""
        for link in self.current():
            link["mode"] = "drop"

    def half_open(self):
        """The server side closes; the bot's side stays open and hears nothing, ever."""
        for link in self.current():
            link["mode"] = "halfopen"
            try:
                link["server"].close()
            except OSError:
                pass

    def close(self):
        self.listener.close()


def team_yaml(port, channel="#receptie", start=None, grace="2m"):
    shift = f'[{{name: ochtend, start: "{start}", window: 5m, grace: {grace}}}]' if start else '[{name: ochtend, start: "07:00"}]'
    return (f"irc: {{host: 127.0.0.1, port: {port}, nick: huddle}}\n"
            f"timezone: UTC\n"
            f"teams:\n  - {{id: receptie, channel: \"{channel}\", shifts: {shift}}}\n")


def joined(client, seconds):
    return client.wait(lambda p: p[0] == "huddle" and p[1] == "JOIN", seconds) is not None


def check_kill9(workdir, rounds):
    """kill -9 at random moments under a steady stream of entries: every confirmed entry is in
    the journal exactly once, the journal parses, the bot starts on the same data every time."""
    server = ircd(workdir)
    bot = Bot(workdir, team_yaml(server.port) + "chat: {rate_limit: {burst: 1000, per_minute: 6000}}\n")
    anna = IRCClient(server.port, "anna", welcome=True)
    anna.send("JOIN #receptie")
    confirmed, sent_all, starts = [], [], 0
    try:
        for run in range(rounds):
            before = bot.joins()
            bot.start()
            if not bot.wait_joined(before, 30):
                print(f"kill -9: FAILED, the bot did not rejoin after restart {run}")
                return False
            starts += 1
            # One entry outstanding at a time, so each confirmation names its entry; the kill
            # comes at a random moment, often between the fsync and the confirmation.
            kill_at = time.time() + random.uniform(0.3, 3.0)
            number = 0
            while time.time() < kill_at:
                text = f"fault-{run}-{number}"
                number += 1
                anna.send(f"PRIVMSG #receptie :!blij {text}")
                sent_all.append(text)
                notice = anna.wait(lambda p: p[0] == "huddle" and p[1] == "NOTICE", max(0.05, kill_at - time.time()))
                if notice is None:
                    break
                if "Genoteerd" in notice[2][-1]:
                    confirmed.append(text)
            bot.kill()
        before = bot.joins()
        bot.start()
        ok_start = bot.wait_joined(before, 30)
        bot.stop()
    finally:
        anna.close()
        server.stop()
    entries, broken = bot.journal()
    texts = [e.get("text") for e in entries if e.get("type") == "gain"]
    lost = [t for t in confirmed if texts.count(t) == 0]
    doubled = [t for t in set(texts) if texts.count(t) > 1]
    corrupt = list((bot.data / "journal").rglob("*.corrupt"))
    ok = not lost and not doubled and not broken and ok_start
    print(f"kill -9: {rounds} kills under {len(sent_all)} entries sent, {len(confirmed)} confirmed, "
          f"{len(lost)} confirmed lost, {len(doubled)} stored twice, {len(broken)} unreadable lines "
          f"({len(corrupt)} torn tails moved aside at start), {starts + (1 if ok_start else 0)}/{rounds + 1} starts ok"
          + ("" if ok else "  FAILED"))
    return ok


def check_server_restart(workdir):
    """The IRC server stopped and started: the bot is back in its channel, and posts nothing twice."""
    server = ircd(workdir)
    bot = Bot(workdir, team_yaml(server.port))
    bot.start()
    ok = bot.wait_joined(0, 30)
    figures = []
    for downtime in (1, 5):
        before = bot.joins()
        server.stop()
        time.sleep(downtime)
        restarted = time.time()
        server.start()
        # Back in the channel: the bot's log says it joined again (a watcher could join too late to see it).
        back = bot.wait_joined(before, 120)
        figures.append(time.time() - restarted if back else None)
        ok = ok and back
    bot.stop()
    server.stop()
    text = ", ".join(f"down {d} s: back in {f:.1f} s" if f is not None else f"down {d} s: not back" for d, f in zip((1, 5), figures))
    within = all(f is not None and f <= 5 for f in figures)
    print(f"server restart: {text} (target 5 s){'' if within else '  OVER TARGET'}{'' if ok else '  FAILED'}")
    return ok


def check_link_fault(workdir, fault):
    """A TCP proxy between bot and server that stalls for 60 s, drops the connection mid-line, or
    goes half-open: the bot notices (by its PING timeout where nothing closes), reconnects, and
    loses nothing it confirmed. Entries stream through the fault, one outstanding at a time."""
    server = ircd(workdir)
    proxy = Proxy(server.port)
    bot = Bot(workdir, team_yaml(server.port).replace(f"port: {server.port},", f"port: {proxy.port}, ping_interval: 15s, ping_timeout: 15s,")
              + "chat: {rate_limit: {burst: 1000, per_minute: 6000}}\n")
    anna = IRCClient(server.port, "anna", welcome=True)
    anna.send("JOIN #receptie")
    confirmed, sent, number = [], [], 0

    def entry(wait):
        nonlocal number
        text = f"{fault}-{number}"
        number += 1
        anna.send(f"PRIVMSG #receptie :!blij {text}")
        sent.append(text)
        notice = anna.wait(lambda p: p[0].startswith("huddle") and p[1] == "NOTICE", wait)
        if notice is not None and "Genoteerd" in notice[2][-1]:
            confirmed.append(text)
        return notice is not None

    bot.start()
    try:
        if not bot.wait_joined(0, 30):
            print(f"link {fault}: FAILED, the bot did not join")
            return False
        for _ in range(5):
            entry(5)
        faulted = time.time()
        if fault == "stall":
            proxy.stall(60)
        elif fault == "drop":
            proxy.drop_mid_line()
            # The server's copy of this line is what the proxy cuts in half: a torn line must
            # not be taken for a command.
            anna.send("PRIVMSG #receptie :!blij afgebroken-regel-die-niet-telt")
            sent.append("afgebroken-regel-die-niet-telt")
        else:
            proxy.half_open()
        # Keep sending; an entry is confirmed again once the bot is back.
        back = None
        while time.time() - faulted < 150:
            if bot.joins() > 1 and back is None:
                back = time.time() - faulted
            if entry(2) and back is not None:
                break
        for _ in range(5):
            entry(5)
    finally:
        bot.stop()
        anna.close()
        proxy.close()
        server.stop()
    entries, broken = bot.journal()
    texts = [e.get("text") for e in entries if e.get("type") == "gain"]
    lost = [t for t in confirmed if t not in texts]
    doubled = [t for t in set(texts) if texts.count(t) > 1]
    torn = [t for t in texts if t and t not in sent]
    reconnected = "reconnected" if back is not None else "did not come back"
    ok = back is not None and not lost and not doubled and not broken and not torn and len(confirmed) >= 10
    name = {"stall": "stalls 60 s", "drop": "drops the connection mid-line", "halfopen": "goes half-open"}[fault]
    print(f"proxy {name}: {reconnected}{f' and rejoined {back:.1f} s after the fault' if back is not None else ''} "
          f"(PING after 15 s of silence, 15 s to answer); {len(sent)} entries sent, {len(confirmed)} confirmed, "
          f"{len(lost)} confirmed lost, {len(doubled)} stored twice, {len(torn)} torn lines stored" + ("" if ok else "  FAILED"))
    return ok


def check_disk_full(workdir):
    """Disk full (a small tmpfs as data directory): the bot refuses to confirm with a clear
    message, keeps running, and confirms again once space is back."""
    if os.geteuid() != 0:
        print("disk full: skipped (mounting a tmpfs needs root)")
        return True
    server = ircd(workdir)
    bot = Bot(workdir, team_yaml(server.port))
    mount = bot.data
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k,mode=0755", "tmpfs", str(mount)], check=True)
    refusal = after = None
    alive, texts = False, []
    try:
        nobody = pwd.getpwnam("nobody")
        os.chown(mount, nobody.pw_uid, nobody.pw_gid)
        bot.start()
        anna = IRCClient(server.port, "anna", welcome=True)
        anna.send("JOIN #receptie")
        bot.wait_joined(0, 30)
        filler = mount / "filler"
        with open(filler, "wb", buffering=0) as f:
            try:
                while True:
                    f.write(b"\0" * 4096)
            except OSError:
                pass
        anna.send("PRIVMSG #receptie :!blij tijdens volle schijf")
        refusal = anna.wait(lambda p: p[0] == "huddle" and p[1] == "NOTICE", 20)
        filler.unlink()
        anna.send("PRIVMSG #receptie :!blij na volle schijf")
        after = anna.wait(lambda p: p[0] == "huddle" and p[1] == "NOTICE", 20)
        alive = bot.process.poll() is None
        anna.close()
    finally:
        bot.stop()
        entries, _ = bot.journal()
        texts = [e.get("text") for e in entries]
        subprocess.run(["umount", str(mount)], check=False)
        server.stop()
    refused = refusal is not None and "Genoteerd" not in refusal[2][-1]
    confirmed = after is not None and "Genoteerd" in after[2][-1]
    ok = refused and confirmed and alive and "tijdens volle schijf" not in texts and "na volle schijf" in texts
    print(f"disk full: refused with \"{refusal[2][-1] if refusal else 'nothing'}\"; still running: {alive}; "
          f"confirmed after space came back: {confirmed}" + ("" if ok else "  FAILED"))
    return ok


def check_outages():
    """A webhook platform and the mail server, each down for an hour of simulated time: Swift
    tests drive the outboxes' real senders against the real peers (Python's http.server,
    aiosmtpd) with a simulated clock, and print their figures."""
    run = subprocess.run(["swift", "test", "--filter", "OutageTests"], cwd=ROOT, capture_output=True, text=True)
    figures = sorted(line.split("FIGURE ", 1)[1] for line in run.stdout.splitlines() if line.startswith("FIGURE "))
    ok = run.returncode == 0 and len(figures) == 2
    for figure in figures or ["outages: no figures (the tests did not run)"]:
        print(figure + ("" if ok else "  FAILED"))
    return ok


def check_down_at_start(workdir, within_grace):
    """The IRC connection down at a shift start: the prompt goes out late within grace when the
    connection is back, saying it is late; after grace the huddle is recorded missed, never held."""
    server = ircd(workdir)
    start_text, start = next_minute(15)
    # Within grace: back 75 s after the start, so the prompt is late (a minute or more) and the
    # reconnect backoff (up to a minute) still ends within the 3 minutes of grace.
    bot = Bot(workdir, team_yaml(server.port, start=start_text, grace="3m" if within_grace else "1m"))
    bot.start()
    watcher = IRCClient(server.port, "watcher", welcome=True)
    watcher.send("JOIN #receptie")
    joined(watcher, 30)
    watcher.close()
    # The server goes away a few seconds before the shift starts (so the bot's reconnect backoff
    # is still short), and comes back within the minute of grace, or after it.
    time.sleep(max(0, start - 5 - time.time()))
    server.stop()
    back_at = start + 75
    time.sleep(max(0, back_at - time.time()))
    server.start()
    watcher = IRCClient(server.port, "watcher", welcome=True)
    watcher.send("JOIN #receptie")
    prompt = watcher.wait(lambda p: p[0] == "huddle" and p[1] == "PRIVMSG" and "Later dan gepland" in p[2][-1], 110 if within_grace else 20)
    watcher.close()
    time.sleep(1)
    bot.stop()
    server.stop()
    ledger = [json.loads(l) for l in (bot.data / "ledger.jsonl").read_text().splitlines()]
    states = [r["state"] for r in ledger if r.get("shift") == "ochtend"]
    entries, _ = bot.journal()
    types = [e["type"] for e in entries]
    if within_grace:
        # The journal's huddle_opened is written only once the prompt went out on the socket; a
        # late one carries the time it was scheduled for. (The watcher may rejoin after it.)
        opened = [e for e in entries if e["type"] == "huddle_opened"]
        late = bool(opened) and opened[-1].get("scheduled") is not None
        ok = late and "posted" in states and len(opened) == 1
        delay = calendar.timegm(time.strptime(opened[-1]["at"][:19], "%Y-%m-%dT%H:%M:%S")) - start if opened else None
        print(f"down at shift start, back within grace: prompt posted {'late' if late else 'not late'} "
              f"{f'{delay:.0f} s after the shift start' if delay is not None else ''} (seen by a user: {'yes' if prompt else 'rejoined after it'}), "
              f"ledger {states[-1] if states else 'empty'}, {len(opened)} huddle_opened in the journal" + ("" if ok else "  FAILED"))
    else:
        ok = prompt is None and states[-1:] == ["missed"] and "huddle_opened" not in types and "huddle_missed" in types
        print(f"down at shift start, back after grace: prompt {'posted (wrong)' if prompt else 'not posted'}, ledger {states[-1] if states else 'empty'}, "
              f"journal {'huddle_missed' if 'huddle_missed' in types else 'no huddle_missed'}" + ("" if ok else "  FAILED"))
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fast", action="store_true", help="only the quick checks (a few kills, no shift-start waits)")
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--only", nargs="*", help="run only these checks: kill9 disk restart stall drop halfopen outage grace missed")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="huddle-faults-") as top:
        os.chmod(top, 0o755)
        def fresh(name):
            path = pathlib.Path(top) / name
            path.mkdir()
            os.chmod(path, 0o755)
            return path
        checks = [
            ("kill9", lambda: check_kill9(fresh("kill9"), 5 if args.fast else args.kills), True),
            ("disk", lambda: check_disk_full(fresh("disk")), True),
            ("restart", lambda: check_server_restart(fresh("restart")), False),
            ("stall", lambda: check_link_fault(fresh("stall"), "stall"), False),
            ("drop", lambda: check_link_fault(fresh("drop"), "drop"), True),
            ("halfopen", lambda: check_link_fault(fresh("halfopen"), "halfopen"), False),
            ("outage", check_outages, False),
            ("grace", lambda: check_down_at_start(fresh("grace"), within_grace=True), False),
            ("missed", lambda: check_down_at_start(fresh("missed"), within_grace=False), False),
        ]
        for name, check, fast in checks:
            if (args.only and name not in args.only) or (args.fast and not fast and not args.only):
                continue
            results.append(check())
    failed = results.count(False)
    print(f"faults: {len(results) - failed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
