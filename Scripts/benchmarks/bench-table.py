#!/usr/bin/env python3
"""The table of Scripts/bench: every figure beside its peers of the same run, the ratio and the
target, as Markdown (BENCHMARKS.md), with the machine and how to run it.
Usage: bench-table.py RESULTS.jsonl"""
import json, os, platform, subprocess, sys, time


def load(path):
    return [json.loads(line) for line in open(path) if line.strip()]


def find(rows, bench, impl, **match):
    for row in rows:
        if row.get("bench") == bench and row.get("impl") == impl and all(row.get(k) == v for k, v in match.items()):
            return row
    return None


def median_of(rows, bench, impl, key, **match):
    """The row whose `key` is the median of the matching rows (runs repeated in rounds)."""
    found = sorted((r for r in rows if r.get("bench") == bench and r.get("impl") == impl
                    and all(r.get(k) == v for k, v in match.items())), key=lambda r: r[key])
    return found[len(found) // 2] if found else None


def machine():
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} cores, {memory:.0f} GiB, Linux {platform.release()}, "
            f"{swift[0] if swift else 'swift ?'}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")


def main():
    rows = load(sys.argv[1])
    lines = ["# Benchmarks", "", f"Measured by `Scripts/bench` on {machine()}.",
             "Every row runs Huddle (release build, Swift runtime linked statically) and its peers in the same run on the",
             "same disk; these machines are shared and noisy, so compare the ratios, not the absolute figures.", "",
             "| figure | Huddle | peers | ratio | target | |", "|---|---|---|---|---|---|"]

    def row(figure, huddle, peers, ratio, target, met):
        lines.append(f"| {figure} | {huddle} | {peers} | {ratio} | {target} | {'met' if met else '**not met**'} |")

    for bench, figure in (("parse", "IRC lines parsed per second (200k-line corpus)"),
                          ("parse_serialise", "IRC lines parsed + serialised per second")):
        h, p = find(rows, bench, "huddle"), find(rows, bench, "irctokens")
        if h and p:
            ratio = h["per_second"] / p["per_second"]
            row(figure, f"{h['per_second']:,.0f}", f"irctokens {p['per_second']:,.0f}", f"{ratio:.1f}×", "≥ 10× irctokens", ratio >= 10)
    if all(find(rows, "irc", impl) for impl in ("huddle", "sopel", "floor")):
        # Each figure is each bot's median over the rounds (a run takes half a second for Huddle,
        # so one stall of a shared machine would otherwise decide its p99).
        rounds = sum(1 for r in rows if r.get("bench") == "irc" and r.get("impl") == "huddle")
        m = lambda impl, key: median_of(rows, "irc", impl, key)[key]
        peers = lambda key, fmt: f"Sopel {fmt.format(m('sopel', key))}, floor {fmt.format(m('floor', key))}"
        of = f"; median of {rounds} rounds" if rounds > 1 else ""
        ratio = m("sopel", "cpu_ms_per_entry") / m("huddle", "cpu_ms_per_entry")
        row(f"CPU per confirmed entry (ms, user + system{of})", f"{m('huddle', 'cpu_ms_per_entry'):.3f}", peers("cpu_ms_per_entry", "{:.3f}"),
            f"{ratio:.1f}× less than Sopel", "≤ 1/5 of Sopel's", ratio >= 5)
        ratio = m("huddle", "per_second") / m("sopel", "per_second")
        row(f"confirmations per second (irc.flood: off{of})", f"{m('huddle', 'per_second'):,.0f}", peers("per_second", "{:,.0f}"),
            f"{ratio:.1f}× Sopel", "≥ 3× Sopel's", ratio >= 3)
        ratio = m("sopel", "p99_ms") / m("huddle", "p99_ms")
        row(f"p99 send → confirmation (ms{of})", f"{m('huddle', 'p99_ms'):.1f}", peers("p99_ms", "{:.1f}"), f"1/{ratio:.1f} of Sopel's",
            "≤ 1/3 of Sopel's", ratio >= 3)
        h = median_of(rows, "irc", "huddle", "idle_rss_mib")
        row(f"idle RSS, 100 channels (MiB{of}; start-up's code pages handed back, see docs/testing.md)",
            f"{h['idle_rss_mib']:.1f} (under the load above {h['busy_rss_mib']:.1f})", peers("idle_rss_mib", "{:.1f}"),
            f"{h['idle_rss_mib'] / m('sopel', 'idle_rss_mib'):.2f}× Sopel's", "≤ 20 MiB", h["idle_rss_mib"] <= 20)
        row(f"start → joined, 100 channels (s{of})", f"{m('huddle', 'joined_s'):.2f}", peers("joined_s", "{:.2f}"),
            f"{m('sopel', 'joined_s') / max(m('huddle', 'joined_s'), 0.001):.1f}× faster than Sopel", "—", True)
    h, a = median_of(rows, "webhook_replies", "huddle", "per_second"), median_of(rows, "webhook_replies", "aiohttp", "per_second")
    if h and a:
        rounds = sum(1 for r in rows if r.get("bench") == "webhook_replies" and r.get("impl") == "huddle")
        ratio = h["per_second"] / a["per_second"]
        row(f"signed webhook replies per second (32 connections, fsync each; median of {rounds} rounds)", f"{h['per_second']:,.0f}",
            f"aiohttp {a['per_second']:,.0f}", f"{ratio:.1f}×", "≥ 5× aiohttp", ratio >= 5)
        h99, a99 = median_of(rows, "webhook_replies", "huddle", "p99_ms"), median_of(rows, "webhook_replies", "aiohttp", "p99_ms")
        row(f"p99 of those replies (ms; median of {rounds} rounds)", f"{h99['p99_ms']:.1f}", f"aiohttp {a99['p99_ms']:.1f}",
            f"1/{a99['p99_ms'] / h99['p99_ms']:.1f}", "lower than aiohttp's", h99["p99_ms"] < a99["p99_ms"])
        if "cpu_us_per_request" in h and "cpu_us_per_request" in a:
            row("CPU per signed reply (µs, user + system, same rounds)", f"{h['cpu_us_per_request']:.0f}", f"aiohttp {a['cpu_us_per_request']:.0f}",
                f"1/{a['cpu_us_per_request'] / h['cpu_us_per_request']:.1f}", "—", True)
    for writers in (1, 32):
        h = median_of(rows, "journal", "huddle", "per_second", writers=writers)
        p = median_of(rows, "journal", "python", "per_second", writers=writers)
        if h and p:
            ratio = h["per_second"] / p["per_second"]
            row(f"journal, {writers} writer{'s' if writers > 1 else ''}: durable appends per second (median of 5 rounds)", f"{h['per_second']:,.0f}",
                f"Python {p['per_second']:,.0f}", f"{ratio:.2f}×", "≥ 1× Python" if writers == 1 else "—", ratio >= 1 or writers > 1)
    h, p = find(rows, "digest", "huddle"), find(rows, "digest", "python")
    if h and p:
        row(f"digest of the last week over {h['weeks']} weeks (s)", f"{h['seconds']:.3f}", f"Python (reading only) {p['seconds']:.3f}",
            f"{p['seconds'] / h['seconds']:.2f}×", "—", True)
    for r in (r for r in rows if r.get("bench") == "scale"):
        exempt = r.get("server") == "exempt"
        target = 10 if exempt else 60
        where = ("a server exempting the bot, irc.flood off" if exempt
                 else "InspIRCd with Debian's config, the bot's connect class allowing its connections, default irc.flood"
                 if r.get("server") == "inspircd" else "ngircd with Debian's limits, default irc.flood")
        sopel = (f"Sopel joined {r['sopel_joined']} of the {r['teams']} channels (one connection; the server refuses the rest)"
                 if "sopel_joined" in r else "—")
        feeds = r.get("feeds")
        row(f"scale: {r['teams']} teams starting together, {where}" + (", each with its own arrivals feed (CSV over HTTP)" if feeds else "")
            + ": last prompt (s)",
            f"{r['last']} (first {r['first']}, median {r['median']}; {r['prompted']} of {r['teams']} prompted over {r['connections']} connections"
            f"{', FLOODED' if r['flooded'] else ''}; idle RSS {r.get('rss_mib')} MiB)", sopel, "—", f"≤ {target} s",
            r["last"] is not None and r["last"] <= target and r["prompted"] == r["teams"] and not r["flooded"])
        if feeds:
            row(f"feeds: {r['teams']} feeds fetched from the bot's start (s)",
                f"{feeds['last_fetch']} ({feeds['fetched']} of {r['teams']} fetched; {feeds['prompts_with_facts']} prompts opened with the day's facts)",
                "—", "—", "≤ 10 s", feeds["last_fetch"] is not None and feeds["last_fetch"] <= 10 and feeds["fetched"] == r["teams"]
                and feeds["prompts_with_facts"] == r["teams"])
    for r in (r for r in rows if r.get("bench") == "burst"):
        row(f"burst: {r['people']} people in one channel, 3 answers each within 20 s, default irc.flood: p99 send → confirmation (s)",
            f"{r['p99']} (median {r['median']}; {r['stored']} of {r['sent']} stored, {r['confirmed']} confirmed)", "—", "—", "≤ 10 s",
            r["p99"] is not None and r["p99"] <= 10 and r["stored"] == r["sent"] == r["confirmed"])
    for r in (r for r in rows if r.get("bench") == "history"):
        whole = f"{r['weeks']} weeks of {r['teams']} teams ({r['entries']:,} entries)"
        row(f"history: {whole}: `digest regenerate --all` (s)",
            f"{r['regenerate_seconds']} ({r['digests']:,} digests, {r['missing']} missing; peak RSS {r['regenerate_rss_mib']} MiB)", "—", "—",
            "≤ 60 s", r["regenerate_seconds"] <= 60 and r["missing"] == 0)
        row(f"history: one team's weekly digest over those weeks (s)", f"{r['one_digest_seconds']} (peak RSS {r['one_digest_rss_mib']} MiB)",
            "—", "—", "≤ 0.2 s", r["one_digest_seconds"] <= 0.2)
    for r in (r for r in rows if r.get("bench") == "webhooks"):
        row(f"webhooks: {r['teams']} webhook teams starting together: last prompt (s)",
            f"{r['last']} ({r['prompted']} prompted; {r['threads']} threads, {r['rss_mib']} MiB RSS)", "—", "—", "≤ 30 s",
            r["last"] is not None and r["last"] <= 30)
    lines += ["", "Run it: `Scripts/bench [ENTRIES]` (installs Sopel, irctokens and aiohttp from PyPI into `data/bench/venv`",
              "and wrk from Debian; raw results in `data/bench/results.jsonl`). The peers: Sopel 8 with",
              "`Scripts/benchmarks/peers/sopel/huddle_bench.py`, the floor bot `Scripts/benchmarks/peers/simple_bot.py`, the aiohttp app",
              "`Scripts/benchmarks/peers/webhook_app.py`, irctokens in `Scripts/benchmarks/peers/irc_parse.py`.", ""]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
