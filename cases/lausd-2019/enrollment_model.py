"""Write the modelled enrollment file for the LAUSD case (``python enrollment_model.py``).

LAUSD publishes enrollment totals, not class sections per school, so ``enrollment.csv`` is modelled:

- "More than 484,000" K-12 students in district-run schools (LAist, January 2019), spread evenly over
  13 grades (assumption) and over the six local districts by the shares below (assumption).
- Current average class size per band (assumption): K-3 24 (the K-3 caps of 24-27 UTLA cited), grades
  4-5 30, middle school 31, high school 32.
- Secondary rows count classes meeting in a period: a student attends six periods and a teacher teaches
  five, so one such class needs 6/5 = 1.2 teacher FTE (``fte_per_section``; assumption).

Rows aggregate a local district's schools, so ceiling rounding is per local district and band: a
``reduce_by`` term costs close to the smooth formula E x p/s x (1/(A-k) - 1/A).
"""

from __future__ import annotations

import csv
from pathlib import Path

K12_STUDENTS = 484_000
GRADES = 13
BANDS = {"K-3": (4, 24, 1.0), "4-5": (2, 30, 1.0), "6-8": (3, 31, 1.2), "9-12": (4, 32, 1.2)}
LOCAL_DISTRICTS = {
    "Central": 0.15,
    "East": 0.18,
    "Northeast": 0.17,
    "Northwest": 0.18,
    "South": 0.17,
    "West": 0.15,
}


def main() -> None:
    per_grade = K12_STUDENTS / GRADES
    path = Path(__file__).with_name("enrollment.csv")
    total = 0
    with path.open("w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["school", "grade_band", "students", "sections", "fte_per_section"])
        for district, share in LOCAL_DISTRICTS.items():
            for band, (grades, average, fte_per_section) in BANDS.items():
                students = round(per_grade * grades * share)
                writer.writerow(
                    [f"Local District {district}", band, students, round(students / average), fte_per_section]
                )
                total += students
    print(f"{total} students")


if __name__ == "__main__":
    main()
