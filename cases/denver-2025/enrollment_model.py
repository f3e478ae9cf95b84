"""Write the modelled K-5 enrollment file for the Denver case (``python enrollment_model.py``).

DPS publishes district totals and the share of oversized classes, not sections per school and grade, so
``enrollment.csv`` is modelled from three published figures and stated assumptions:

- 85,313 K-12 students on 30 Sep 2024 (Chalkbeat, 2024-10-08); K-5 taken as 6 of 13 grades (assumption),
  about 39,400 students.
- 9% of elementary classrooms had more than 30 students in 2023-24 (Chalkbeat, 2025-06-24): the spread of
  class sizes below is chosen so that about 9% of modelled classrooms are above 30.
- The old cap of 35 (set in 1994) bounds every class (Chalkbeat, 2025-06-24).
- Assumptions: 86 elementary schools; a school's grade cohort is lognormal around 70 students; a grade's
  classes share its students evenly; average class size about 23.

Each row is one school and grade (so the school name carries the grade) in grade band ``K-5``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

SCHOOLS = 86
GRADES = ("K", "1", "2", "3", "4", "5")
MEAN_CLASS, SD_CLASS = 23.4, 5.5  # chosen so ~9% of classrooms exceed 30, as DPS reported for 2023-24
OLD_CAP = 35


def main() -> None:
    rng = np.random.default_rng(np.random.SeedSequence(2025))
    cohort = rng.lognormal(np.log(70), 0.35, size=SCHOOLS)
    sections = np.maximum(1, np.round(cohort[:, None] * rng.normal(1, 0.1, (SCHOOLS, 6)) / 23)).astype(int)
    class_size = np.clip(rng.normal(MEAN_CLASS, SD_CLASS, (SCHOOLS, 6)), 12, OLD_CAP)
    students = np.round(class_size * sections).astype(int)
    path = Path(__file__).with_name("enrollment.csv")
    with path.open("w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["school", "grade_band", "students", "sections"])
        for i in range(SCHOOLS):
            for g, grade in enumerate(GRADES):
                writer.writerow(
                    [f"elementary-{i + 1:02d} grade {grade}", "K-5", students[i, g], sections[i, g]]
                )
    over = (sections * (students / sections > 30)).sum() / sections.sum()
    print(f"{students.sum()} students, {sections.sum()} classrooms, {over:.1%} above 30")


if __name__ == "__main__":
    main()
