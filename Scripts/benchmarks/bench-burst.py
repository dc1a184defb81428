#!/usr/bin/env python3
"""A shift-start burst: PEOPLE people in one channel each send three answers within 20 seconds.

Starts ngircd with the limits of Debian's ngircd.conf (10 connections per address, so the people
come from several loopback addresses) and `huddle run` as nobody with one team and the default
irc.flood (burst 4, 1 line/s). Once the prompt is in the channel, every person sends three
answers at random moments of the next 20 seconds. Each person counts the confirmations that reach
them: a NOTICE (several of theirs may share one, ` · ` between them) or their part of a line in
the channel (`anna: … · … | bob: …`). Prints one JSON line: entries sent, stored (in the journal)
and confirmed, and the median, p99 and last seconds from send to confirmation.
Usage: bench-burst.py HUDDLE [PEOPLE]
"""
import json, os, pathlib, random, statistics, sys, tempfile, threading, time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from lib import free_port, next_minute
from lib.bot import Bot
from lib.ircd import Ngircd
from lib.irc import IRCClient

ANSWERS, WINDOW = 3, 20.0


class Person(IRCClient):
    """Sends answers and notes when each of its confirmations arrives."""

    def __init__(self, port, number, prompted):
        self.sent, self.confirmed, self.prompted = [], [], prompted
        self.guard = threading.Lock()
        super().__init__(port, f"staff{number}", ["#team"], self.heard, address=f"127.0.1.{number // 10 + 1}")

    def answer(self, question):
        with self.guard:
            self.sent.append(time.time())
        self.send(f"PRIVMSG #team :!antwoord {question} Verwacht vandaag een groep van {question * 4} om tien uur")

    def heard(self, parts):
        if len(parts) < 4 or not parts[0].startswith(":huddle"):
            return
        text = parts[3][1:] if parts[3].startswith(":") else parts[3]
        if parts[1] == "PRIVMSG" and parts[2] == "#team":
            self.prompted.set()
            count = sum(len(group.split(": ", 1)[1].split(" · ")) for group in text.split(" | ")
                        if group.split(": ", 1)[0] == self.nick and ": " in group)
        elif parts[1] == "NOTICE" and parts[2] == self.nick:
            count = len(text.split(" · "))
        else:
            return
        now = time.time()
        with self.guard:
            self.confirmed += [now] * count


def main():
    huddle = sys.argv[1]
    people = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    with tempfile.TemporaryDirectory(prefix="huddle-burst-") as top:
        os.chmod(top, 0o755)
        port = free_port()
        server = Ngircd(top, "debian", port)
        time.sleep(1)
        prompted = threading.Event()
        crowd = [Person(port, n, prompted) for n in range(1, people + 1)]
        for person in crowd:
            person.start()
        for person in crowd:
            person.ready.wait(60)
        hhmm, start = next_minute(20)
        bot = Bot(top, f"timezone: UTC\nirc: {{host: 127.0.0.1, port: {port}, nick: huddle}}\n"
                       f"teams:\n  - {{id: team, channel: \"#team\", shifts: [{{name: ochtend, start: \"{hhmm}\"}}]}}\n", huddle=huddle)
        try:
            bot.start()
            if not prompted.wait(start - time.time() + 60):
                sys.exit("bench-burst: no prompt within a minute of the shift start")
            time.sleep(5)  # the prompt's lines are out
            plan = sorted((random.uniform(0, WINDOW), person, question) for person in crowd for question in range(1, ANSWERS + 1))
            begin = time.time()
            for at, person, question in plan:
                time.sleep(max(0.0, begin + at - time.time()))
                person.answer(question)
            deadline = time.time() + 120
            while time.time() < deadline and any(len(p.confirmed) < len(p.sent) for p in crowd):
                time.sleep(0.1)
            time.sleep(1)
            bot.stop()
        finally:
            server.stop()
        entries, _ = bot.journal()
        stored = sum(1 for e in entries if e.get("type") == "answer")
        delays = sorted(c - s for p in crowd for s, c in zip(p.sent, p.confirmed))
        sent = sum(len(p.sent) for p in crowd)
        p99 = delays[min(len(delays) - 1, int(len(delays) * 0.99))] if delays else None
        print(json.dumps({"bench": "burst", "impl": "huddle", "people": people, "sent": sent, "stored": stored,
                          "confirmed": len(delays), "median": round(statistics.median(delays), 2) if delays else None,
                          "p99": round(p99, 2) if p99 is not None else None, "last": round(delays[-1], 2) if delays else None}))


if __name__ == "__main__":
    main()
