#!/usr/bin/env python3
"""History at scale: WEEKS weeks of TEAMS teams (about a million entries for a year of 200).

Generates the journal with `bench-peer.py chain` (two shifts a day, answers, compliments,
observations, actions opened and done weeks later), then times, with the huddle CLI as nobody
on a data directory owned by nobody:
  - `huddle digest regenerate --all`: every team's every week (wall seconds, peak RSS);
  - one team's weekly digest (`huddle digest --team … --week …`, the best of three, and its peak RSS).
Checks that every week got its digest files. Prints one JSON line.
Usage: bench-history.py HUDDLE [WEEKS] [TEAMS]
"""
import json, os, pathlib, pwd, subprocess, sys, tempfile, time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from lib import as_nobody

PEERS = pathlib.Path(__file__).resolve().parent / "peers"


def timed(command):
    """Runs a command; returns its wall seconds, peak RSS in MiB and standard output."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.monotonic()
        process = subprocess.Popen(command, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.monotonic() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        if process.returncode != 0:
            sys.exit(f"bench-history: {' '.join(command)} failed:\n{err.read()[-2000:]}")
        return seconds, round(usage.ru_maxrss / 1024, 1), out.read()


def main():
    huddle = str(pathlib.Path(sys.argv[1]).resolve())
    weeks = int(sys.argv[2]) if len(sys.argv) > 2 else 52
    teams = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    with tempfile.TemporaryDirectory(prefix="huddle-history-") as top:
        os.chmod(top, 0o755)
        data = pathlib.Path(top) / "data"
        data.mkdir()
        started = time.monotonic()
        made = subprocess.run([sys.executable, str(PEERS / "bench-peer.py"), "chain", str(data), str(weeks), str(teams)],
                              check=True, stdout=subprocess.PIPE, text=True)
        entries = json.loads(made.stdout)["generated"]
        generated = time.monotonic() - started
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            for path in [data, *data.rglob("*")]:
                os.chown(path, nobody.pw_uid, nobody.pw_gid)
        config = str(data / "huddle.yaml")
        seconds, rss, out = timed(as_nobody([huddle, "digest", "regenerate", "--all", "--config", config]))
        written = len(out.split())
        missing = sum(1 for team in range(1, teams + 1)
                      for week in (data / "journal" / f"team{team}").glob("*.jsonl")
                      if not (data / "digests" / f"team{team}" / (week.stem + ".json")).exists())
        last = sorted((data / "journal" / f"team{teams // 2}").glob("*.jsonl"))[-2].stem
        single = [timed(as_nobody([huddle, "digest", "--config", config, "--team", f"team{teams // 2}", "--week", last])) for _ in range(3)]
        print(json.dumps({"bench": "history", "impl": "huddle", "teams": teams, "weeks": weeks, "entries": entries,
                          "generate_seconds": round(generated, 1), "regenerate_seconds": round(seconds, 1), "regenerate_rss_mib": rss,
                          "digests": written, "missing": missing,
                          "one_digest_seconds": round(min(s for s, _, _ in single), 3),
                          "one_digest_rss_mib": max(r for _, r, _ in single)}))


if __name__ == "__main__":
    main()
