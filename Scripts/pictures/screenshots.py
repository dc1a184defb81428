#!/usr/bin/env python3
"""The README's pictures, made from the demo: runs `Scripts/demo` (ngircd on a free loopback port
and the bot with its demo team), lets four scripted colleagues take part in the huddle it opens,
renders what one of them saw as a chat client's window (an HTML page) and the week's digest page
(`huddle digest --format html`), and screenshots both with headless Chromium.

Usage: screenshots.py HUDDLE [OUTPUT]   (OUTPUT: default docs/images; writes chat.png and digest.png)
Run it through Scripts/screenshots, which builds the bot. Takes two to three minutes: the demo's
huddle opens a minute or so after the bot starts.
"""
import html, os, pathlib, re, signal, subprocess, sys, tempfile, threading, time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from lib import ROOT, free_port
from lib.irc import IRCClient

CHANNEL = "#receptie"
VIEWER = "anna"
COLLEAGUES = ["bob", "carla", "monique"]
# What the team says once the huddle is open: (who, line).
SCRIPT = [
    ("bob", "1 Een groep van twaalf Duitse gasten om tien uur, en de familie De Vries viert hun 25-jarig huwelijk"),
    (VIEWER, "2 De lift is van 11 tot 13 uur in onderhoud; druk bij het ontbijt tot half tien"),
    ("carla", "3 Ik zet koffie klaar bij de lift en vertel de groep bij het inchecken over het onderhoud"),
    (VIEWER, "!kudos bob Top hoe je gisteren die boze gast te woord stond! #gastvrij"),
    ("carla", "!blij Gasten vinden het fijn dat we hun naam onthouden #persoonlijk"),
    ("bob", "!zorg Lange wachttijd bij het inchecken na 15:00 #wachttijd"),
    (VIEWER, "!blij De familiekamers met uitzicht op de tuin worden steeds vaker gevraagd"),
    ("monique", "!actie @bob extra koffie en water in de lobby tijdens het onderhoud van de lift"),
]
NICK_COLOURS = {"huddle": "#7c3aed", VIEWER: "#0f766e", "bob": "#b45309", "carla": "#be185d", "monique": "#1d4ed8"}


class Viewer(IRCClient):
    """The colleague whose window the picture shows: notes what reaches her, and what she says."""

    def __init__(self, port):
        self.lines, self.guard, self.prompted = [], threading.Lock(), threading.Event()
        super().__init__(port, VIEWER, [CHANNEL], self.heard)

    def note(self, kind, nick, text):
        with self.guard:
            self.lines.append((time.localtime(), kind, nick, text))

    def heard(self, parts):
        if len(parts) < 4 or not parts[0].startswith(":"):
            return
        nick = parts[0][1:].split("!")[0]
        text = parts[3][1:] if parts[3].startswith(":") else parts[3]
        if parts[1] == "PRIVMSG" and parts[2].lower() == CHANNEL:
            if nick == "huddle":
                self.prompted.set()
            self.note("message", nick, text)
        elif parts[1] == "NOTICE" and parts[2] == VIEWER:
            self.note("notice", nick, text)

    def say(self, text):
        self.send(f"PRIVMSG {CHANNEL} :{text}")
        self.note("message", VIEWER, text)


def start_demo(port, zone):
    """Scripts/demo in a process group of its own; returns the process and its run folder."""
    environment = dict(os.environ, HUDDLE_DEMO_PORT=str(port), HUDDLE_DEMO_TIMEZONE=zone)
    demo = subprocess.Popen([str(ROOT / "Scripts" / "demo")], cwd=ROOT, env=environment, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    run = None
    for line in demo.stdout:
        found = re.search(r"Files\s*:\s*(\S+)/journal", line)
        if found:
            run = ROOT / found.group(1)
        if line.strip().startswith("Stop"):
            break
    else:
        sys.exit("screenshots: Scripts/demo stopped before the bot started")
    # Keep reading the demo's output, so that it never blocks on a full pipe.
    threading.Thread(target=lambda: [None for _ in demo.stdout], daemon=True).start()
    return demo, run


def stop_demo(demo):
    """Ctrl-C for the demo's own process group: the bot stops cleanly, the demo stops its ngircd."""
    try:
        os.killpg(demo.pid, signal.SIGINT)
    except ProcessLookupError:
        return
    try:
        demo.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(demo.pid, signal.SIGKILL)
        demo.wait()


def chat_page(lines, zone):
    """A chat client's window: channels on the left, the conversation, the people on the right."""
    rows = []
    for moment, kind, nick, text in lines:
        colour = NICK_COLOURS.get(nick, "#334155")
        stamp = time.strftime("%H:%M", moment)
        if kind == "notice":
            rows.append(f'<div class="row notice"><span class="time">{stamp}</span><span class="nick" style="color:{colour}">-{html.escape(nick)}-</span>'
                        f'<span class="text">{html.escape(text)}</span></div>')
        else:
            rows.append(f'<div class="row"><span class="time">{stamp}</span><span class="nick" style="color:{colour}">{html.escape(nick)}</span>'
                        f'<span class="text">{html.escape(text)}</span></div>')
    people = "".join(f'<li style="color:{NICK_COLOURS.get(n, "#334155")}">{n}</li>' for n in ["huddle", VIEWER] + COLLEAGUES)
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>
* {{ box-sizing: border-box; }}
body {{ margin: 0; font: 14px/1.45 "DejaVu Sans", sans-serif; color: #1e293b; background: #fff; display: flex; height: 100vh; }}
nav {{ width: 190px; background: #1e2530; color: #cbd5e1; padding: 14px 0; }}
nav h2 {{ font-size: 11px; letter-spacing: .08em; text-transform: uppercase; color: #7b8798; margin: 0 16px 8px; }}
nav div {{ padding: 5px 16px; }}
nav .active {{ background: #334155; color: #fff; border-left: 3px solid #7c3aed; padding-left: 13px; }}
main {{ flex: 1; display: flex; flex-direction: column; min-width: 0; }}
header {{ padding: 11px 18px; border-bottom: 1px solid #e2e8f0; }}
header b {{ font-size: 16px; }} header span {{ color: #64748b; margin-left: 10px; }}
.log {{ flex: 1; padding: 10px 18px; overflow: hidden; }}
.row {{ display: flex; padding: 2px 0; }}
.time {{ color: #94a3b8; width: 48px; flex: none; }}
.nick {{ font-weight: bold; width: 88px; flex: none; text-align: right; padding-right: 12px; }}
.text {{ flex: 1; white-space: pre-wrap; }}
.notice .text {{ color: #6b21a8; }}
.input {{ margin: 0 18px 14px; padding: 9px 12px; border: 1px solid #cbd5e1; border-radius: 6px; color: #94a3b8; }}
aside {{ width: 130px; border-left: 1px solid #e2e8f0; padding: 14px 14px; }}
aside h2 {{ font-size: 11px; letter-spacing: .08em; text-transform: uppercase; color: #64748b; margin: 0 0 8px; }}
aside ul {{ list-style: none; margin: 0; padding: 0; }} aside li {{ padding: 2px 0; font-weight: bold; }}
</style></head><body>
<nav><h2>Hotel — IRC</h2><div class="active">#receptie</div><div>#keuken</div><div>#leiding</div></nav>
<main><header><b>#receptie</b><span>Receptie · ochtenddienst · {html.escape(zone)}</span></header>
<div class="log">{''.join(rows)}</div><div class="input">Bericht aan #receptie</div></main>
<aside><h2>In het kanaal</h2><ul>{people}</ul></aside>
</body></html>
"""


def screenshot(page, png, width, height):
    """Headless Chromium's picture of a local page, with nothing fetched from elsewhere."""
    with tempfile.TemporaryDirectory(prefix="huddle-chromium-") as profile:
        subprocess.run(["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--disable-default-apps", "--proxy-server=127.0.0.1:9", f"--user-data-dir={profile}",
                        "--hide-scrollbars", f"--window-size={width},{height}", f"--screenshot={png}", page.as_uri()],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120, check=True)
    print(f"screenshots: {png.relative_to(ROOT) if png.is_relative_to(ROOT) else png} ({png.stat().st_size // 1024} KiB)")


def main():
    huddle = pathlib.Path(sys.argv[1]).resolve()
    output = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else ROOT / "docs" / "images").resolve()
    output.mkdir(parents=True, exist_ok=True)
    zone = "Europe/Amsterdam"
    port = free_port()
    demo, run = start_demo(port, zone)
    print(f"screenshots: the demo runs on 127.0.0.1:{port}, its files in {run.relative_to(ROOT)}; waiting for its huddle to open")
    try:
        viewer = Viewer(port)
        colleagues = {nick: IRCClient(port, nick, [CHANNEL]) for nick in COLLEAGUES}
        for client in [viewer, *colleagues.values()]:
            client.start()
            if not client.ready.wait(30):
                sys.exit(f"screenshots: {client.nick} could not join {CHANNEL}")
        if not viewer.prompted.wait(240):
            sys.exit("screenshots: the demo's huddle did not open within 4 minutes")
        time.sleep(4)  # the rest of the prompt's lines
        for nick, text in SCRIPT:
            if nick == VIEWER:
                viewer.say(text)
            else:
                colleagues[nick].send(f"PRIVMSG {CHANNEL} :{text}")
            time.sleep(1.5)
        time.sleep(6)  # the last confirmations
        for client in [viewer, *colleagues.values()]:
            client.close()
    finally:
        stop_demo(demo)
    with tempfile.TemporaryDirectory(prefix="huddle-screenshots-") as scratch:
        page = pathlib.Path(scratch) / "chat.html"
        page.write_text(chat_page(viewer.lines, zone))
        screenshot(page, output / "chat.png", 1100, 150 + 24 * len(viewer.lines) + 24 * sum(len(t) // 90 for _, _, _, t in viewer.lines))
        digest = subprocess.run([str(huddle), "digest", "--config", str(run / "huddle.yaml"), "--team", "receptie", "--format", "html"],
                                capture_output=True, text=True, check=True)
        page = pathlib.Path(scratch) / "digest.html"
        page.write_text(digest.stdout)
        screenshot(page, output / "digest.png", 420, 1900)


if __name__ == "__main__":
    main()
