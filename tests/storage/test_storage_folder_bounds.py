"""Issue 10, item 4: an imported case folder is bounded as a whole, not only file by file.

``load_case`` bounds the files it reads (case.yaml 2 MB, each CSV 50 MB), but import copies every file of
the folder into the record: before, a folder with any amount of other data (a video, a dump) was read whole
into memory and stored.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bargaining.model import limits
from bargaining.storage import CaseRefused, StorageError
from bargaining.storage.casefile import read_folder

SMALL_CASE = Path(__file__).parent / "fixtures" / "small-case"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "small-case"
    shutil.copytree(SMALL_CASE, folder)
    return folder


def test_a_folder_over_the_total_size_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path)
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    # The bound is 200 MB; lowered here so that the test writes kilobytes: the case plus 1 kB of extra data
    # is over a bound of (the case + 1,000 bytes).
    monkeypatch.setattr(limits, "MAX_FOLDER_BYTES", size + 1_000)
    (folder / "notes.bin").write_bytes(b"x" * 1_001)
    with pytest.raises(CaseRefused) as refused:
        read_folder(folder)
    message = str(refused.value)
    assert str(folder) in message and f"at most {size + 1_000:,} bytes" in message
    (folder / "notes.bin").write_bytes(b"x" * 1_000)
    assert len(read_folder(folder)["notes.bin"]) == 1_000  # exactly at the bound: read


def test_a_folder_with_too_many_files_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    count = sum(1 for p in folder.rglob("*") if p.is_file())
    monkeypatch.setattr(limits, "MAX_FOLDER_FILES", count + 2)
    for n in range(3):
        (folder / f"extra-{n}.txt").write_text("x")
    with pytest.raises(StorageError, match=f"more than {count + 2} files"):
        read_folder(folder)
