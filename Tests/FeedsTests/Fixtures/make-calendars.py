#!/usr/bin/env python3
"""Writes the iCalendar fixtures of FeedsTests with the `icalendar` library from PyPI, so that
the reader is tested on files a real, independent writer made (its folding, escaping and
VTIMEZONE rules), not on text written by the reader's own author.

    data/pyenv/bin/python Tests/FeedsTests/Fixtures/make-calendars.py

(Scripts/bootstrap installs icalendar into data/pyenv.) The .ics files are committed, so the
tests need no Python; run this again only to change them, and commit what it writes.
"""
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
STAMP = datetime(2026, 1, 1, tzinfo=timezone.utc)  # fixed, so that the files do not change on every run
HERE = Path(__file__).resolve().parent


def calendar():
    cal = Calendar()
    cal.add("prodid", "-//Huddle//FeedsTests fixtures//EN")
    cal.add("version", "2.0")
    return cal


def event(uid, summary, start, end=None, **more):
    ev = Event()
    ev.add("uid", uid)
    ev.add("dtstamp", STAMP)
    ev.add("summary", summary)
    ev.add("dtstart", start)
    if end is not None:
        ev.add("dtend", end)
    for name, value in more.items():
        ev.add(name.replace("_", "-"), value)
    return ev


def write(name, cal):
    (HERE / name).write_bytes(cal.to_ical())


def amsterdam(*args):
    return datetime(*args, tzinfo=AMSTERDAM)


def weekly():
    """A weekly Monday briefing: one Monday excluded, one moved to Tuesday, one cancelled."""
    cal = calendar()
    cal.add_component(event("briefing@huddle", "Housekeeping briefing", amsterdam(2026, 1, 5, 9), amsterdam(2026, 1, 5, 9, 30),
                            rrule={"freq": "weekly", "byday": "MO", "count": 10}, exdate=amsterdam(2026, 1, 19, 9)))
    cal.add_component(event("briefing@huddle", "Housekeeping briefing (moved)", amsterdam(2026, 1, 27, 14), amsterdam(2026, 1, 27, 14, 30),
                            recurrence_id=amsterdam(2026, 1, 26, 9)))
    cal.add_component(event("briefing@huddle", "Housekeeping briefing", amsterdam(2026, 2, 2, 9), amsterdam(2026, 2, 2, 9, 30),
                            recurrence_id=amsterdam(2026, 2, 2, 9), status="CANCELLED"))
    cal.add_missing_timezones()
    write("weekly.ics", cal)


def daylight_saving():
    """A daily 09:00 stand-up in Amsterdam across both changes of 2026 (29 March, 25 October), and
    a night audit at 02:30, which on 25 October happens twice: the first one counts."""
    cal = calendar()
    cal.add_component(event("spring@huddle", "Stand-up", amsterdam(2026, 3, 26, 9), amsterdam(2026, 3, 26, 9, 15),
                            rrule={"freq": "daily", "until": datetime(2026, 4, 1, 12, tzinfo=timezone.utc)}))
    cal.add_component(event("autumn@huddle", "Stand-up", amsterdam(2026, 10, 22, 9), amsterdam(2026, 10, 22, 9, 15),
                            rrule={"freq": "daily", "count": 7}))
    cal.add_component(event("audit@huddle", "Night audit", amsterdam(2026, 10, 24, 2, 30), amsterdam(2026, 10, 24, 3),
                            rrule={"freq": "daily", "count": 3}))
    cal.add_component(event("inspection@huddle", "Fire inspection", amsterdam(2026, 6, 15, 13), amsterdam(2026, 6, 15, 15),
                            location="Kitchen, ground floor"))
    cal.add_missing_timezones()
    write("amsterdam.ics", cal)


def without_vtimezone():
    """TZID=Europe/Amsterdam with no VTIMEZONE in the file: libical's built-in zone applies."""
    cal = calendar()
    cal.add_component(event("novtz@huddle", "Linen delivery", amsterdam(2026, 7, 1, 8), amsterdam(2026, 7, 1, 8, 30)))
    cal.add_component(event("novtz-winter@huddle", "Linen delivery", amsterdam(2026, 12, 1, 8), amsterdam(2026, 12, 1, 8, 30)))
    write("no-vtimezone.ics", cal)


def mixed():
    """One event of each other kind the reader meets in exports."""
    cal = calendar()
    cal.add_component(event("allday@huddle", "Hotel fully booked", date(2026, 4, 10), date(2026, 4, 11)))
    cal.add_component(event("multiday@huddle", "Spa closed for works", date(2026, 4, 12), date(2026, 4, 15)))
    cal.add_component(event("allday-open@huddle", "King's Day", date(2026, 4, 27)))
    cal.add_component(event("utc@huddle", "Supplier call", datetime(2026, 4, 10, 14, tzinfo=timezone.utc),
                            datetime(2026, 4, 10, 14, 45, tzinfo=timezone.utc)))
    cal.add_component(event("cancelled@huddle", "Team outing", amsterdam(2026, 4, 10, 16), amsterdam(2026, 4, 10, 18),
                            status="CANCELLED"))
    cal.add_component(event("long@huddle", "  Quarterly review of the breakfast buffet, the room-service menu; "
                            "and the late-night bar card, with the chef, the night manager and the sommelier  ",
                            amsterdam(2026, 4, 10, 10), amsterdam(2026, 4, 10, 11)))
    cal.add_component(event("duration@huddle", "Fire drill", amsterdam(2026, 4, 10, 11, 30),
                            duration=timedelta(hours=1, minutes=30)))
    cal.add_component(event("floating@huddle", "Breakfast shift", datetime(2026, 4, 10, 7), datetime(2026, 4, 10, 10, 30)))
    cal.add_missing_timezones()
    write("mixed.ics", cal)


if __name__ == "__main__":
    weekly()
    daylight_saving()
    without_vtimezone()
    mixed()
