#!/usr/bin/env python3
"""IRC parsing, the peer of `huddle-bench parse`: a corpus of server lines, and irctokens (PyPI),
the tokenizer Python IRC bots use, parsing it in the same run.
  corpus FILE LINES   writes LINES lines a busy network sends a bot (tags, sources, numerics, UTF-8)
  irctokens FILE      parses every line (tokenise), then parses and serialises it (format);
                      prints one JSON line per figure, best of five passes
"""
import json, random, sys, time

NICKS = ["anna", "bram", "chantal", "daan", "eva", "femke", "gijs", "hanna", "ilse", "joost", "kees", "lotte"]
TEXTS = ["Goedemorgen allemaal!", "!blij Gasten vinden de nieuwe koffie heerlijk, vooral bij het ontbijt",
         "!wakker Lange wachttijd bij de incheckbalie rond 15:00", "!kudos @bram super geholpen met de groep uit Lyon",
         "We verwachten vandaag een bus met 40 gasten om 11 uur", "Crème brûlée is op, graag doorgeven aan de keuken ☕",
         "1 Een groep van twaalf, 2 drukte rond de lunch, 3 extra handen bij de receptie", "ok 👍"]


def corpus(path, count):
    random.seed(15)
    lines = []
    for n in range(count):
        nick = random.choice(NICKS)
        source = f"{nick}!~{nick}@gast-{n % 97}.example.nl"
        channel = f"#team{n % 100 + 1}"
        kind = n % 10
        stamp = f"2026-12-02T07:{n // 600 % 60:02d}:{n // 10 % 60:02d}.{n % 1000:03d}Z"
        if kind < 4:
            lines.append(f"@time={stamp};account={nick};msgid=m{n:08x} :{source} PRIVMSG {channel} :{random.choice(TEXTS)}")
        elif kind < 6:
            lines.append(f":{source} PRIVMSG {channel} :{random.choice(TEXTS)}")
        elif kind == 6:
            lines.append(f"@time={stamp} :{source} JOIN {channel} {nick} :{nick.title()} de Vries")
        elif kind == 7:
            lines.append(f":irc.example.nl 353 huddle = {channel} :@huddle " + " ".join(f"+{x}" if i % 3 == 0 else x for i, x in enumerate(NICKS)))
        elif kind == 8:
            lines.append(f"PING :irc.example.nl")
        else:
            lines.append(f"@time={stamp};+draft/reply=m{n - 1:08x};label=a\\sb\\:c :{source} NOTICE huddle :\u0001VERSION\u0001")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\r\n".join(lines) + "\r\n")


def best(passes, work):
    times = []
    for _ in range(passes):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def run_irctokens(path):
    import irctokens
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().splitlines()

    def parse():
        for line in lines:
            irctokens.tokenise(line)

    def both():
        for line in lines:
            irctokens.tokenise(line).format()

    for figure, work in (("parse", parse), ("parse_serialise", both)):
        seconds = best(5, work)
        print(json.dumps({"bench": figure, "impl": "irctokens", "lines": len(lines), "seconds": seconds, "per_second": len(lines) / seconds}))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "corpus":
        corpus(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) == 3 and sys.argv[1] == "irctokens":
        run_irctokens(sys.argv[2])
    else:
        sys.exit("usage: irc_parse.py corpus FILE LINES | irctokens FILE")
