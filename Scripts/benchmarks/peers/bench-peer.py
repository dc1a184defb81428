#!/usr/bin/env python3
"""The benchmarks' peer, doing the same work as huddle-bench in plain Python:
  journal DIR ENTRIES WRITERS  a journal that appends one JSON line and fsyncs it per entry
  digest DIR                   reads every journal line of team receptie (json.loads) and counts
                               the last week's entries by type and the open actions
  generate DIR WEEKS           writes a 24/7 front desk's history to DIR/journal/receptie
  chain DIR WEEKS TEAMS        writes WEEKS of TEAMS teams' history (two shifts a day, answers,
                               compliments, observations, actions opened and done weeks later)
                               to DIR/journal/, and DIR/huddle.yaml naming those teams
Prints the same JSON result line as huddle-bench."""
import datetime
import json
import os
import random
import resource
import sys
import threading
import time


def rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def journal(directory, count, writers):
    path = os.path.join(directory, "journal", "bench", "2026-W48.jsonl")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    lock = threading.Lock()

    def entry(index):
        return json.dumps({"at": "2026-11-18T11:06:40Z", "author": {"account": "anna", "nick": "anna"}, "id": f"bench-{index}",
                           "team": "bench", "text": f"Gasten vinden de nieuwe koffie heerlijk, vooral bij het ontbijt ({index})",
                           "type": "gain", "v": 1}, sort_keys=True, separators=(",", ":")) + "\n"

    def write(first):
        for index in range(first, count, writers):
            line = entry(index).encode()
            with lock:
                fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                try:
                    os.write(fd, line)
                    os.fsync(fd)
                finally:
                    os.close(fd)

    started = time.monotonic()
    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - started
    with open(path) as handle:
        assert sum(1 for _ in handle) == count
    print(json.dumps({"bench": "journal", "impl": "python", "entries": count, "writers": writers, "seconds": seconds,
                      "per_second": count / seconds, "max_rss_kib": rss()}))


def digest(directory):
    folder = os.path.join(directory, "journal", "receptie")
    started = time.monotonic()
    files = sorted(f for f in os.listdir(folder) if f.endswith(".jsonl"))
    counts, actions = {}, {}
    for name in files:
        with open(os.path.join(folder, name)) as handle:
            for line in handle:
                entry = json.loads(line)
                if name == files[-1]:
                    counts[entry["type"]] = counts.get(entry["type"], 0) + 1
                if entry["type"] == "action":
                    actions[entry.get("number")] = entry
                elif entry["type"] == "action_done":
                    actions.pop(entry.get("number"), None)
    seconds = time.monotonic() - started
    assert counts.get("kudos", 0) > 0
    print(json.dumps({"bench": "digest", "impl": "python", "weeks": len(files), "seconds": seconds, "max_rss_kib": rss()}))


def generate(directory, weeks):
    random.seed(1)
    folder = os.path.join(directory, "journal", "receptie")
    os.makedirs(folder, exist_ok=True)
    people = [f"p{i}" for i in range(30)]
    start = datetime.date(2024, 11, 25)
    n = 0
    for w in range(weeks):
        monday = start + datetime.timedelta(weeks=w)
        year, week, _ = monday.isocalendar()
        lines = []
        for d in range(7):
            day = monday + datetime.timedelta(days=d)
            for shift, hour in (("ochtend", 6), ("middag", 14), ("nacht", 22)):
                ts = datetime.datetime(day.year, day.month, day.day, hour).strftime("%Y-%m-%dT%H:%M:%SZ")
                ref = {"shift": shift, "day": day.isoformat()}
                lines.append({"v": 1, "id": f"o{n}", "at": ts, "team": "receptie", "type": "huddle_opened", "huddle": ref,
                              "zone": "Europe/Amsterdam"})
                for q in range(6):
                    p = random.choice(people)
                    lines.append({"v": 1, "id": f"a{n}-{q}", "at": ts, "team": "receptie", "type": "answer",
                                  "author": {"nick": p, "account": p}, "huddle": ref, "question": 1 + q % 3,
                                  "text": "We verwachten een groep van twaalf gasten om tien uur"})
                p, r = random.sample(people, 2)
                lines.append({"v": 1, "id": f"k{n}", "at": ts, "team": "receptie", "type": "kudos", "author": {"nick": p, "account": p},
                              "to": [r], "text": "Super geholpen bij het inchecken #teamwork"})
                lines.append({"v": 1, "id": f"g{n}", "at": ts, "team": "receptie", "type": random.choice(["gain", "pain"]),
                              "author": {"nick": p, "account": p}, "text": "Gasten vinden de koffie heerlijk #koffie", "tags": ["koffie"]})
                lines.append({"v": 1, "id": f"c{n}", "at": ts, "team": "receptie", "type": "huddle_closed", "huddle": ref,
                              "text": "gesloten", "zone": "Europe/Amsterdam"})
                n += 1
        with open(os.path.join(folder, f"{year}-W{week:02d}.jsonl"), "w") as handle:
            for line in lines:
                handle.write(json.dumps(line, sort_keys=True, separators=(",", ":")) + "\n")


def chain(directory, weeks, teams):
    random.seed(2)
    people = [f"p{i}" for i in range(25)]
    start = datetime.date(2025, 12, 1)
    total = 0
    for t in range(1, teams + 1):
        team = f"team{t}"
        folder = os.path.join(directory, "journal", team)
        os.makedirs(folder, exist_ok=True)
        n, number, open_actions = 0, 0, []
        for w in range(weeks):
            monday = start + datetime.timedelta(weeks=w)
            year, week, _ = monday.isocalendar()
            lines = []

            def add(**entry):
                nonlocal n
                n += 1
                lines.append({"v": 1, "id": f"{team}-{n}", "team": team, **entry})
            for d in range(7):
                day = monday + datetime.timedelta(days=d)
                for shift, hour in (("ochtend", 6), ("middag", 14)):
                    at = datetime.datetime(day.year, day.month, day.day, hour)
                    stamp = lambda minutes: (at + datetime.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")
                    ref = {"shift": shift, "day": day.isoformat()}
                    add(at=stamp(0), type="huddle_opened", huddle=ref, zone="Europe/Amsterdam")
                    for q in range(3):
                        p = random.choice(people)
                        add(at=stamp(1 + q), type="answer", author={"nick": p, "account": p}, huddle=ref, question=1 + q,
                            text="We verwachten een groep van twaalf gasten om tien uur")
                    p, r = random.sample(people, 2)
                    add(at=stamp(5), type="kudos", author={"nick": p, "account": p}, to=[r], text="Super geholpen bij het inchecken #teamwork")
                    add(at=stamp(6), type=random.choice(["gain", "pain"]), author={"nick": p, "account": p},
                        text="Gasten vinden de koffie heerlijk #koffie", tags=["koffie"])
                    if random.random() < 0.15:
                        number += 1
                        add(at=stamp(7), type="action", author={"nick": p, "account": p}, number=number, owner=r,
                            text=f"Koffiemachine bij de lift laten nakijken ({number})")
                        open_actions.append((lines[-1]["id"], number))
                    elif open_actions and random.random() < 0.12:
                        ref_id, done = open_actions.pop(random.randrange(len(open_actions)))
                        add(at=stamp(7), type="action_done", author={"nick": p, "account": p}, number=done, ref=ref_id,
                            text=f"Koffiemachine bij de lift laten nakijken ({done})")
                    add(at=stamp(15), type="huddle_closed", huddle=ref, text="gesloten", zone="Europe/Amsterdam")
            with open(os.path.join(folder, f"{year}-W{week:02d}.jsonl"), "w") as handle:
                handle.writelines(json.dumps(line, sort_keys=True, separators=(",", ":")) + "\n" for line in lines)
            total += len(lines)
    with open(os.path.join(directory, "huddle.yaml"), "w") as handle:
        handle.write(f"data_dir: {directory}\ntimezone: Europe/Amsterdam\nirc: {{host: 127.0.0.1, port: 6667, nick: huddle}}\nteams:\n")
        for t in range(1, teams + 1):
            handle.write(f"  - {{id: team{t}, channel: \"#team{t}\", shifts: [{{name: ochtend, start: \"07:00\"}}, {{name: middag, start: \"15:00\"}}]}}\n")
    return total


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "journal":
        journal(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif mode == "digest":
        digest(sys.argv[2])
    elif mode == "generate":
        generate(sys.argv[2], int(sys.argv[3]))
    elif mode == "chain":
        print(json.dumps({"generated": chain(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))}))
    else:
        sys.exit("usage: bench-peer.py journal DIR ENTRIES WRITERS | digest DIR | generate DIR WEEKS | chain DIR WEEKS TEAMS")
