#!/usr/bin/python3
"""Parses an iCalendar text (stdin) with Debian's python3-icalendar and says
what a calendar program would read of it, as JSON (tests/api/events_ics.test.mjs):
the METHOD, the zones, and for each VEVENT its properties and occurrences, in
local time and in UTC, computed from the file alone (its RRULE expanded with
dateutil, each local time's offset from the VTIMEZONE's own rules)."""
import json
import sys
from datetime import datetime, timedelta

from dateutil.rrule import rrulestr
from icalendar import Calendar

cal = Calendar.from_ical(sys.stdin.buffer.read())
zones = {}
for tz in cal.walk('VTIMEZONE'):
    rules = []
    for sub in tz.subcomponents:
        start = datetime.strptime(sub['DTSTART'].to_ical().decode(), '%Y%m%dT%H%M%S')
        rr = sub.get('RRULE')
        rule = rrulestr(rr.to_ical().decode(), dtstart=start) if rr else None
        rules.append((start, rule, sub.decoded('TZOFFSETTO'), sub.name))
    zones[str(tz['TZID'])] = rules


def offset(tzid, local):
    best = None
    for start, rule, to, _ in zones[tzid]:
        t = rule.before(local, inc=True) if rule else (start if start <= local else None)
        if t is not None and (best is None or t > best[0]):
            best = (t, to)
    return best[1] if best else timedelta(0)


events = []
for ev in cal.walk('VEVENT'):
    p = ev['DTSTART']
    raw = p.to_ical().decode()
    tzid = p.params.get('TZID')
    out = {k.lower(): str(ev[k]) for k in ('UID', 'SUMMARY', 'DESCRIPTION', 'LOCATION', 'STATUS', 'URL') if k in ev}
    out['sequence'] = int(ev.get('SEQUENCE', 0))
    out['tzid'] = tzid
    out['dtstamp'] = ev['DTSTAMP'].to_ical().decode()
    out['all_day'] = len(raw) == 8
    if out['all_day']:
        out['local'] = [raw]
    else:
        start = datetime.strptime(raw.rstrip('Z'), '%Y%m%dT%H%M%S')
        rr = ev.get('RRULE')
        if rr:
            text = rr.to_ical().decode()
            if 'UNTIL=' in text:   # a UTC UNTIL: compare in UTC-naive terms loosely (local start)
                text = text.replace('Z', '')
            occ = list(rrulestr(text, dtstart=start))
        else:
            occ = [start]
        out['rrule'] = rr.to_ical().decode() if rr else None
        out['local'] = [o.isoformat() for o in occ]
        out['utc'] = [(o - (offset(tzid, o) if tzid else timedelta(0))).isoformat() for o in occ]
    events.append(out)
print(json.dumps({'method': str(cal.get('METHOD', '')), 'version': str(cal.get('VERSION', '')),
                  'zones': sorted(zones), 'events': events}, ensure_ascii=False))
