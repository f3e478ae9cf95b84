"""A writer process for the reliability tests (not a test module).

    python writer.py URL CASE_ID NAME COUNT [--wait]

Opens the database, prints ``ready``, (with ``--wait``, waits for a line on stdin so several writers
start together), then appends COUNT events to the case, printing ``saved event SEQ NAME N`` after each
commit, the way ``bargain record`` reports one.
"""

from __future__ import annotations

import datetime as dt
import sys

from bargaining.storage import NewEvent, append_event, open_database


def main(argv: list[str]) -> None:
    url, case_id, name, count = argv[1], argv[2], argv[3], int(argv[4])
    engine = open_database(url)
    print("ready", flush=True)
    if "--wait" in argv:
        sys.stdin.readline()
    for n in range(count):
        # "session" with a note: an event the case validator accepts, so the case still exports and loads.
        event = NewEvent("session", dt.date(2018, 11, 1), {"note": f"{name} {n}"})
        stored = append_event(engine, case_id, event)
        print(f"saved event {stored.seq} {name} {n}", flush=True)


if __name__ == "__main__":
    main(sys.argv)
