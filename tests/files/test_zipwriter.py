"""The deterministic zip writer: fixed headers, the order given, equal content gives equal bytes."""

from __future__ import annotations

import io
import zipfile

import pytest

from journeymap.files.zipwriter import COMPRESSION_LEVEL, FILE_MODE, ZIP_DATE, ZipWriter, member_info, rezip, zip_bytes

MEMBERS = [("[Content_Types].xml", "<Types/>"), ("b/second.txt", b"\x00\x01binary"), ("a/third.txt", "é" * 500)]


def _infos(data: bytes) -> list[zipfile.ZipInfo]:
    return zipfile.ZipFile(io.BytesIO(data)).infolist()


def test_members_have_fixed_headers_in_the_order_given() -> None:
    data = zip_bytes(MEMBERS)
    infos = _infos(data)
    assert [i.filename for i in infos] == [name for name, _ in MEMBERS]
    for info in infos:
        assert info.date_time == ZIP_DATE
        assert info.external_attr >> 16 == 0o100000 | FILE_MODE
        assert info.create_system == 3
        assert info.compress_type == zipfile.ZIP_DEFLATED
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.read("a/third.txt") == ("é" * 500).encode("utf-8")
    assert archive.read("b/second.txt") == b"\x00\x01binary"
    assert archive.testzip() is None


def test_equal_content_gives_equal_bytes_and_other_content_other_bytes() -> None:
    assert zip_bytes(MEMBERS) == zip_bytes(list(MEMBERS))
    assert zip_bytes(MEMBERS) != zip_bytes(MEMBERS[::-1])
    assert zip_bytes(MEMBERS) != zip_bytes([*MEMBERS[:2], ("a/third.txt", "e" * 500)])


def test_deflate_level_is_the_fixed_one() -> None:
    text = ("journey map " * 2000).encode()
    reference = io.BytesIO()
    with zipfile.ZipFile(reference, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESSION_LEVEL) as archive:
        archive.writestr(member_info("m.txt"), text)
    assert _infos(zip_bytes([("m.txt", text)]))[0].compress_size == _infos(reference.getvalue())[0].compress_size


def test_a_name_given_twice_is_refused() -> None:
    with pytest.raises(ValueError, match=r"already has a member named 'x\.txt'"):
        zip_bytes([("x.txt", "1"), ("x.txt", "2")])


def test_streamed_members_get_the_same_headers_as_written_ones() -> None:
    buffer = io.BytesIO()
    with ZipWriter(buffer) as archive:
        with archive.open("tables/rows.jsonl") as member:
            for n in range(1000):
                member.write(f'{{"n": {n}}}\n'.encode())
        archive.write("manifest.json", "{}")
    infos = _infos(buffer.getvalue())
    assert [i.filename for i in infos] == ["tables/rows.jsonl", "manifest.json"]
    assert {i.date_time for i in infos} == {ZIP_DATE}
    assert zipfile.ZipFile(buffer).read("tables/rows.jsonl").count(b"\n") == 1000


def test_rezip_fixes_another_writers_headers_and_may_rewrite_content() -> None:
    foreign = io.BytesIO()
    with zipfile.ZipFile(foreign, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(zipfile.ZipInfo("docProps/core.xml", date_time=(2024, 5, 6, 7, 8, 10)), "<saved>now</saved>")
        archive.writestr(zipfile.ZipInfo("xl/workbook.xml", date_time=(2024, 5, 6, 7, 8, 12)), "<workbook/>")
    fixed = rezip(foreign.getvalue(), lambda name, content: content.replace(b"now", b"then"))
    assert fixed == zip_bytes([("docProps/core.xml", "<saved>then</saved>"), ("xl/workbook.xml", "<workbook/>")])
    assert rezip(foreign.getvalue()) == zip_bytes(
        [("docProps/core.xml", "<saved>now</saved>"), ("xl/workbook.xml", "<workbook/>")]
    )
