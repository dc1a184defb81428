"""The Sopel side of the IRC benchmark: `!blij <text>` appended to a JSON Lines journal and fsync'd
before the NOTICE that confirms it, as Huddle does. The journal path is in [huddle_bench] journal."""
import json
import os
import time

from sopel import plugin
from sopel.config import types


class BenchSection(types.StaticSection):
    journal = types.FilenameAttribute("journal", default="journal.jsonl")


def setup(bot):
    bot.settings.define_section("huddle_bench", BenchSection)
    bot.memory["huddle_bench_fd"] = os.open(bot.settings.huddle_bench.journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)


@plugin.command("blij")
def blij(bot, trigger):
    entry = {"v": 1, "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "team": str(trigger.sender).lstrip("#"),
             "type": "gain", "author": {"nick": str(trigger.nick), "account": trigger.account}, "text": trigger.group(2) or ""}
    fd = bot.memory["huddle_bench_fd"]
    os.write(fd, (json.dumps(entry) + "\n").encode())
    os.fsync(fd)
    bot.notice("Genoteerd, dank je!", trigger.nick)
