"""The checks every evidence file passes before a reader touches it (journeymap.evidence.files)."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from journeymap.errors import ProblemsError
from journeymap.evidence.engine import Engine
from journeymap.evidence.files import (
    check_csv,
    check_file,
    check_header,
    inside_workspace,
    literal_path,
    open_gzip,
)
from journeymap.evidence.survey import summarize_survey
from journeymap.evidence.survey_spec import ColumnTarget, SurveySpec
from journeymap.limits import set_limits


def problem(error: pytest.ExceptionInfo[ProblemsError]) -> str:
    return str(error.value.problems[0])


def test_file_names_are_not_patterns(tmp_path: Path) -> None:
    (tmp_path / "survey [final].csv").write_text("respondent_id,q1\nr1,5\nr2,7\n", encoding="utf-8")
    (tmp_path / "survey f.csv").write_text("respondent_id,q1\nr9,1\n", encoding="utf-8")
    assert literal_path(Path("a [b]*?.csv")) == "a [[]b][*][?].csv"
    spec = SurveySpec(form="wide", columns={"q1": ColumnTarget("q1")})
    with Engine() as engine:
        [row] = summarize_survey(engine, tmp_path / "survey [final].csv", spec).rows
    assert (row.n, row.mean) == (2, 6.0)


def test_fifo_device_folder_and_size(tmp_path: Path) -> None:
    fifo = tmp_path / "log.csv"
    os.mkfifo(fifo)
    with pytest.raises(ProblemsError) as error:
        check_file(fifo)
    assert "JE004 is a FIFO (named pipe), not a regular file" in problem(error)
    zero = tmp_path / "zero.csv"
    zero.symlink_to("/dev/zero")
    with pytest.raises(ProblemsError) as error:
        check_file(zero)
    assert "JE004 is a device or socket" in problem(error)
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(300 * 1024 * 1024)
    with pytest.raises(ProblemsError) as error:
        check_file(big)
    assert "JM900" in problem(error) and "(file_mb)" in problem(error)


def test_header_limits_and_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(2500)) + "\n", encoding="utf-8")
    with pytest.raises(ProblemsError) as error:
        check_header(path)
    assert problem(error).startswith(f"{path}:1: JM900")
    path.write_text('id;"a;b";q1;q1\n1;2;3;4\n', encoding="utf-8")
    assert check_header(path) == ["id", "a;b", "q1", "q1"]
    with pytest.raises(ProblemsError) as error:
        check_csv(path)
    assert problem(error).startswith(f"{path}:1:4: JE008 the header 'q1' names two columns (field 3 and field 4)")


def test_utf16_and_nul_bytes_are_located(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes("a,b\n1,2\n".encode("utf-16"))
    with pytest.raises(ProblemsError) as error:
        check_csv(path)
    assert problem(error).startswith(f"{path}:1:1: JE003 the file is UTF-16 text")
    path.write_bytes(b"a,b\n1,\x002\n")
    with pytest.raises(ProblemsError) as error:
        check_csv(path)
    assert problem(error).startswith(f"{path}:2:3: JE003 the file holds a NUL byte")


def test_gzip_is_capped_by_ratio_and_size(tmp_path: Path) -> None:
    path = tmp_path / "log.xes.gz"
    path.write_bytes(gzip.compress(b" " * (8 << 20), mtime=0))  # grows ~1000 times
    with open_gzip(path) as handle, pytest.raises(ProblemsError) as error:
        while handle.read(1 << 16):
            pass
    assert "(compression_ratio)" in problem(error)
    set_limits(compression_ratio=100_000, decompressed_mb=4)
    try:
        with open_gzip(path) as handle, pytest.raises(ProblemsError) as error:
            while handle.read(1 << 16):
                pass
        assert "(decompressed_mb)" in problem(error)
    finally:
        set_limits(compression_ratio=200, decompressed_mb=1024)


def test_evidence_paths_stay_inside_the_workspace(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    (root / "evidence").mkdir(parents=True)
    (tmp_path / "secret.csv").write_text("x\n", encoding="utf-8")
    (root / "evidence" / "link.csv").symlink_to(tmp_path / "secret.csv")
    assert inside_workspace(root, "evidence/log.csv", "events") == (root / "evidence" / "log.csv").resolve()
    for outside in ("../secret.csv", "evidence/link.csv", str(tmp_path / "secret.csv")):
        with pytest.raises(ProblemsError) as error:
            inside_workspace(root, outside, "evidence › loan › events")
        assert "JE004" in problem(error) and "outside the workspace" in problem(error)
