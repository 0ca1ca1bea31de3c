"""Hostile and broken XLSX workbooks for `journeymap evidence summarize`, `measure` and `import xlsx`.

Workbooks are built when a case runs (nothing big is committed): crafted ones part by part with :func:`book`
(the XML of each part as written), realistic ones with openpyxl. Each is something a colleague's spreadsheet tool or
an attacker could send: a far cell that makes readers walk the declared range, zip bombs, entity bombs, formulas
with and without cached values, duplicated headers, broken zips, encrypted files, odd sheet names, …
"""

# ruff: noqa: E501  (cases hold XML parts written out as they are)
from __future__ import annotations

import io
import json
import os
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from corpus import Case

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

Writer = Callable[[Path], None]


def column(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell(ref: str, value: Any, extra: str = "") -> str:
    """One cell: numbers as numbers, text inline, ``("f", formula, cached)`` as a formula."""
    if isinstance(value, tuple):
        _, formula, cached = value
        formula = formula.replace("&", "&amp;").replace("<", "&lt;")
        v = "" if cached is None else f"<v>{cached}</v>"
        kind = ' t="str"' if isinstance(cached, str) else ""
        return f'<c r="{ref}"{kind}{extra}><f>{formula}</f>{v}</c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"{extra}><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"{extra}><v>{value}</v></c>'
    text = str(value).replace("&", "&amp;").replace("<", "&lt;")
    return f'<c r="{ref}" t="inlineStr"{extra}><is><t xml:space="preserve">{text}</t></is></c>'


def rows(cells: dict[str, Any]) -> str:
    """``{"A1": "q", "B2": 5}`` → sheetData rows (in order)."""
    by_row: dict[int, list[tuple[int, str]]] = {}
    for ref, value in cells.items():
        letters = ref.rstrip("0123456789")
        number = int(ref[len(letters) :])
        index = 0
        for char in letters:
            index = index * 26 + ord(char) - 64
        by_row.setdefault(number, []).append((index, cell(ref, value)))
    return "".join(f'<row r="{r}">' + "".join(c for _, c in sorted(by_row[r])) + "</row>" for r in sorted(by_row))


def sheet(data: str, dimension: str = "A1", before: str = "") -> str:
    return f'{HEAD}{before}<worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/><sheetData>{data}</sheetData></worksheet>'


def book(
    sheets: dict[str, str | bytes],
    *,
    shared: str | None = None,
    styles: str | None = None,
    workbook_pr: str = "",
    extra: dict[str, str | bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
    workbook_head: str = "",
    comments: dict[str, str] | None = None,
) -> Writer:
    """A workbook from its parts: ``sheets`` is name → the sheet's XML."""

    def write(path: Path) -> None:
        entries = "".join(
            f'<sheet name="{name}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
            for i, name in enumerate(n.replace("&", "&amp;").replace('"', "&quot;") for n in sheets)
        )
        rels = "".join(
            f'<Relationship Id="rId{i + 1}" Type="{REL}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(sheets))
        )
        n = len(sheets)
        if shared is not None:
            rels += f'<Relationship Id="rId{n + 1}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        if styles is not None:
            rels += f'<Relationship Id="rId{n + 2}" Type="{REL}/styles" Target="styles.xml"/>'
        with zipfile.ZipFile(path, "w", compression) as z:
            z.writestr(
                "[Content_Types].xml",
                f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
            )
            z.writestr(
                "_rels/.rels",
                f'{HEAD}<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
                f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
            )
            z.writestr(
                "xl/workbook.xml",
                f'{HEAD}{workbook_head}<workbook xmlns="{MAIN}" xmlns:r="{REL}">{workbook_pr}<sheets>{entries}</sheets></workbook>',
            )
            z.writestr("xl/_rels/workbook.xml.rels", f'{HEAD}<Relationships xmlns="{PKG_REL}">{rels}</Relationships>')
            for i, xml in enumerate(sheets.values()):
                z.writestr(f"xl/worksheets/sheet{i + 1}.xml", xml)
            for i, (sheet_number, xml) in enumerate((comments or {}).items()):
                z.writestr(
                    f"xl/worksheets/_rels/sheet{sheet_number}.xml.rels",
                    f'{HEAD}<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" Type="{REL}/comments" '
                    f'Target="../comments{i + 1}.xml"/></Relationships>',
                )
                z.writestr(f"xl/comments{i + 1}.xml", xml)
            if shared is not None:
                z.writestr("xl/sharedStrings.xml", shared)
            if styles is not None:
                z.writestr("xl/styles.xml", styles)
            for name, content in (extra or {}).items():
                z.writestr(name, content)

    return write


def survey(cells: dict[str, Any], **kwargs: Any) -> Writer:
    return book({"Responses": sheet(rows(cells))}, **kwargs)


GOOD = {"A1": "respondent", "B1": "q1", "C1": "q2", "A2": 1, "B2": 5, "C2": 6, "A3": 2, "B3": 7, "C3": 8}


def summarize(*extra: str, file: str = "s.xlsx") -> list[str]:
    return ["evidence", "summarize", "{dir}/" + file, "--wide", "q1", *extra]


MAP = """journeymap: 1
id: loan
type: customer-journey-map
title: Home loan
stages:
  - id: research
    name: Research
    steps:
      - id: search
        name: Search
"""
OLD_OUTPUT = "journeymap: 1\nid: old\n"


def measure() -> list[str]:
    return ["measure", "{dir}/map.yaml", "{dir}/s.xlsx", "--wide", "q1=search", "-o", "{dir}/out.yaml"]


def planner_cells(**changes: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The Map and Journey sheets of a hand-filled planner (cells), with ``changes`` to the Journey sheet
    (``map_B1=...`` changes the Map sheet)."""
    info: dict[str, Any] = {"A1": "Title", "B1": "Planner"}
    journey: dict[str, Any] = {
        "C1": "Research",
        "C2": "Search",
        "D2": "Compare",
        "C3": "search",
        "D3": "compare",
        "A4": "Actions",
        "B4": "actions",
        "C4": "Look around",
        "D4": "Compare two",
    }
    for key, value in changes.items():
        target = info if key.startswith("map_") else journey
        ref = key.removeprefix("map_")
        if value is None:
            target.pop(ref, None)
        else:
            target[ref] = value
    return info, journey


def planner(**changes: Any) -> Writer:
    info, journey = planner_cells(**changes)
    return book({"Map": sheet(rows(info)), "Journey": sheet(rows(journey))})


def import_xlsx(file: str = "p.xlsx") -> list[str]:
    return ["import", "xlsx", "{dir}/" + file, "-o", "{dir}/out.yaml"]


def refused_import(name: str, writer: Writer | bytes, where: str, note: str = "") -> Case:
    return Case(
        f"xlsx/import-{name}",
        files={"p.xlsx": writer, "out.yaml": OLD_OUTPUT},
        argv=import_xlsx(),
        where=where,
        outputs=["out.yaml"],
        note=note,
    )


def refused_survey(name: str, writer: Writer | bytes, where: str, *extra: str, note: str = "") -> Case:
    return Case(f"xlsx/survey-{name}", files={"s.xlsx": writer}, argv=summarize(*extra), where=where, note=note)


# --- builders of the big and crafted files ------------------------------------------------------------------------


def far_cell(ref: str, header: bool = True) -> Writer:
    data = {"A1": "q1"} if header else {}
    data[ref] = 5
    return book({"Responses": sheet(rows(data), dimension=f"A1:{ref}")})


def far_planner(ref: str) -> Writer:
    info, journey = planner_cells()
    journey[ref] = "far away"
    return book({"Map": sheet(rows(info)), "Journey": sheet(rows(journey), dimension=f"A1:{ref}")})


def big_survey(n_rows: int, n_cols: int) -> Writer:
    """``n_rows`` × ``n_cols`` numbers, cells without references (as some tools write them): ~700 KB for 100 k × 50."""

    def write(path: Path) -> None:
        header = "<row>" + "".join(f'<c t="inlineStr"><is><t>q{c + 1}</t></is></c>' for c in range(n_cols)) + "</row>"
        pieces = [header]
        for r in range(n_rows):
            pieces.append("<row>" + "".join(f"<c><v>{(r + c) % 10 + 1}</v></c>" for c in range(n_cols)) + "</row>")
        book({"Responses": sheet("".join(pieces))})(path)

    return write


def bomb_part(part: str, megabytes: int, filler: bytes = b" ") -> Writer:
    """A good survey whose ``part`` is followed by ``megabytes`` of ``filler`` (huge growth when unpacked)."""

    def write(path: Path) -> None:
        base = io.BytesIO()
        survey(GOOD, shared=f'{HEAD}<sst xmlns="{MAIN}" count="0" uniqueCount="0"/>')(base)  # type: ignore[arg-type]
        with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename == part:
                    head, _, tail = data.rpartition(b"</")
                    with target.open(info.filename, "w", force_zip64=True) as handle:
                        handle.write(head)
                        chunk = filler * (1 << 20)
                        for _ in range(megabytes):
                            handle.write(chunk)
                        handle.write(b"</" + tail)
                else:
                    target.writestr(info, data)

    return write


def truncated(writer: Writer, keep: float) -> Writer:
    def write(path: Path) -> None:
        writer(path)
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * keep)])

    return write


def openpyxl_book(fill: Callable[[Any], None]) -> Writer:
    def write(path: Path) -> None:
        import openpyxl

        workbook = openpyxl.Workbook()
        fill(workbook)
        workbook.save(path)

    return write


def ole_file(path: Path) -> None:
    """The start of an OLE2 compound file: what an .xls, or an encrypted .xlsx, begins with."""
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"EncryptedPackage" + b"\x00" * 4096)


def encrypted_member(path: Path) -> None:
    survey(GOOD)(path)
    data = bytearray(path.read_bytes())
    # set the "encrypted" bit of every entry (local headers and central directory)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (found := data.find(signature, start)) >= 0:
            data[found + offset] |= 1
            start = found + 4
    path.write_bytes(bytes(data))


def text_zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("notes.txt", "not a workbook")


def fifo(path: Path) -> None:
    os.mkfifo(path)


def symlink_to(target: str) -> Writer:
    def write(path: Path) -> None:
        path.symlink_to(target)

    return write


def folder(path: Path) -> None:
    path.mkdir()


def many_members(path: Path) -> None:
    survey(GOOD)(path)
    with zipfile.ZipFile(path, "a") as z:
        for i in range(10_000):
            z.writestr(f"customXml/item{i}.xml", "<a/>")


def stored(path: Path) -> None:
    survey(GOOD, compression=zipfile.ZIP_STORED)(path)


DOCTYPE_BOMB = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">'
    '<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">'
    '<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">'
    '<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">'
    '<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">'
    '<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>'
)
DATE_STYLES = (
    f'{HEAD}<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs></styleSheet>'
)


def with_limits(argv: list[str], **changes: int) -> Callable[[Path], int]:
    """Run ``argv`` with some limits lowered (as a team would with JOURNEYMAP_LIMIT_*)."""

    def call(folder_path: Path) -> int:
        from journeymap.cli.main import main
        from journeymap.limits import set_limits

        set_limits(**changes)
        return main([a.replace("{dir}", str(folder_path)) for a in argv])

    return call


def summary_n(expected: dict[str, int], *extra: str) -> Callable[[Path], int]:
    """Summarize as JSON and check each element's n (formula cells must count, not read as 'not answered')."""

    def call(folder_path: Path) -> int:
        from contextlib import redirect_stdout

        from journeymap.cli.main import main

        out = io.StringIO()
        with redirect_stdout(out):
            code = main(["evidence", "summarize", str(folder_path / "s.xlsx"), *extra, "--format", "json"])
        if code != 0:
            return code
        data = json.loads(out.getvalue())
        rows_ = data["rows"] if isinstance(data, dict) else data
        got = {row["element"]: row["n"] for row in rows_}
        if any(got.get(k) != v for k, v in expected.items()):
            sys.stderr.write(f"s.xlsx: wrong n: {got} (expected {expected})\n")
            return 4
        return 0

    return call


# --- the cases ----------------------------------------------------------------------------------------------------


def issue_cases() -> list[Case]:
    cases = [
        refused_survey("far-cell-XFD1048576", far_cell("XFD1048576"), "Responses!XFD1048576", note="issue: 150 s"),
        refused_survey("far-cell-XFD1048576-alone", far_cell("XFD1048576", header=False), "Responses!XFD1048576"),
        Case(
            "xlsx/measure-far-cell-XFD1048576",
            files={"map.yaml": MAP, "s.xlsx": far_cell("XFD1048576"), "out.yaml": OLD_OUTPUT},
            argv=measure(),
            where="Responses!XFD1048576",
            outputs=["out.yaml"],
        ),
        refused_import("far-cell-XFD1048576", far_planner("XFD1048576"), "Journey!XFD1048576", note="issue: 2.7 GB"),
        Case(
            "xlsx/survey-far-cell-D1048576-read-fast",
            files={"s.xlsx": book({"Responses": sheet(rows({"A1": "q1", "D1": "q4", "A2": 5, "D1048576": 6}))})},
            argv=["evidence", "summarize", "{dir}/s.xlsx", "--wide", "q1,q4"],
            expect="ok",
            note="issue: 58 s; empty rows are skipped",
        ),
        refused_survey("far-cell-D1048576-under-no-header", far_cell("D1048576"), "Responses!D1048576"),
        refused_import("far-cell-F1048576-card-under-no-step", far_planner("F1048576"), "Journey!F1048576"),
        Case(
            "xlsx/survey-100k-rows-50-columns",
            files={"s.xlsx": big_survey(100_000, 50)},
            argv=["evidence", "summarize", "{dir}/s.xlsx", "--wide", "q1,q2,q50"],
            expect="ok",
            note="issue: > 90 s; ~700 KB. Now about 9 s of CPU (5 million cells through expat): at the 10 s target, "
            "so it may take up to 30 s on a loaded machine; the table counts it when it is over 10 s",
            time_limit=30,
        ),
        refused_survey("zip-bomb-sheet", bomb_part("xl/worksheets/sheet1.xml", 60), "xl/worksheets/sheet1.xml"),
        refused_survey("zip-bomb-shared-strings", bomb_part("xl/sharedStrings.xml", 60), "xl/sharedStrings.xml"),
        refused_import("zip-bomb-sheet", bomb_part("xl/worksheets/sheet1.xml", 60), "xl/worksheets/sheet1.xml"),
        Case(
            "xlsx/survey-part-over-decompressed-limit",
            files={"s.xlsx": bomb_part("xl/worksheets/sheet1.xml", 12, filler=b"<!-- x -->")},
            call=with_limits(summarize(), decompressed_mb=10, compression_ratio=1_000_000),
            where="decompressed_mb",
        ),
        Case(
            "xlsx/survey-formula-cached-values-count",
            files={
                "s.xlsx": survey(
                    {"A1": "q1", "B1": "q2", "A2": 5, "B2": ("f", "A2+1", 6), "A3": 7, "B3": ("f", "A3", 7)}
                )
            },
            call=summary_n({"q1": 2, "q2": 2}, "--wide", "q1,q2"),
            expect="ok",
            note="issue: formula cells became 'not answered' (n = 0)",
        ),
        refused_survey(
            "formula-without-cached-value",
            survey({"A1": "q1", "D1": "q4", "A7": 5, "D7": ("f", "A7*2", None)}),
            "Responses!D7",
            "--wide",
            "q1,q4",
        ),
        Case(
            "xlsx/measure-formula-without-cached-value",
            files={"map.yaml": MAP, "s.xlsx": survey({"A1": "q1", "A2": ("f", "1+1", None)}), "out.yaml": OLD_OUTPUT},
            argv=measure(),
            where="Responses!A2",
            outputs=["out.yaml"],
        ),
        refused_survey(
            "duplicated-header",
            survey({"A1": "q1", "B1": "q2", "C1": "q1", "A2": 1, "B2": 2, "C2": 3}),
            "Responses!C1",
            note="both cells named: C1 and A1",
        ),
        Case(
            "xlsx/measure-duplicated-header",
            files={
                "map.yaml": MAP,
                "s.xlsx": survey({"A1": "q1", "B1": "q1", "A2": 4, "B2": 5}),
                "out.yaml": OLD_OUTPUT,
            },
            argv=measure(),
            where="Responses!B1",
            outputs=["out.yaml"],
        ),
        refused_import("XL009-names-its-cell", planner(map_A2="Id", map_B2="Not An Id!"), "Map!B2"),
    ]
    return cases


def far_positions() -> list[Case]:
    found = []
    for ref in ("XFD1", "A1048576", "BXY1", "ZZ500000", "XFC1048575", "AAA2"):
        expect_ok = ref in ("A1048576",)
        if expect_ok:
            found.append(
                Case(
                    f"xlsx/survey-far-cell-{ref}",
                    files={"s.xlsx": far_cell(ref)},
                    argv=summarize(),
                    expect="ok",
                )
            )
        else:
            found.append(refused_survey(f"far-cell-{ref}", far_cell(ref), f"Responses!{ref}"))
    found.append(
        Case(
            "xlsx/survey-dimension-claims-the-whole-sheet",
            files={"s.xlsx": book({"Responses": sheet(rows(GOOD), dimension="A1:XFD1048576")})},
            argv=summarize(),
            expect="ok",
        )
    )
    return found


def broken_files() -> list[Case]:
    good = survey(GOOD)
    found = []
    for label, writer, where in [
        ("truncated-zip-half", truncated(good, 0.5), "s.xlsx"),
        ("truncated-zip-end-missing", truncated(good, 0.97), "s.xlsx"),
        ("not-a-zip", b"respondent,q1\n1,5\n", "s.xlsx"),
        ("empty-file", b"", "s.xlsx"),
        ("nul-bytes", b"\x00" * 4096, "s.xlsx"),
        ("pk-then-garbage", b"PK\x03\x04" + bytes(range(256)) * 8, "s.xlsx"),
        ("zip-without-workbook", text_zip, "s.xlsx"),
        ("xls-given-as-xlsx", ole_file, "s.xlsx"),
        ("encrypted-zip-members", encrypted_member, "s.xlsx"),
        ("a-folder", folder, "s.xlsx"),
        ("a-fifo", fifo, "s.xlsx"),
        ("symlink-to-dev-zero", symlink_to("/dev/zero"), "s.xlsx"),
        ("symlink-to-nowhere", symlink_to("/nonexistent/x.xlsx"), "s.xlsx"),
    ]:
        found.append(refused_survey(label, writer, where))
    for label, writer in [
        ("truncated-zip", truncated(planner(), 0.5)),
        ("not-a-zip", b"Title,Planner\n"),
        ("empty-file", b""),
        ("zip-without-workbook", text_zip),
        ("password-protected", ole_file),
        ("a-fifo", fifo),
        ("symlink-to-dev-zero", symlink_to("/dev/zero")),
    ]:
        found.append(refused_import(label, writer, "p.xlsx"))
    found.append(
        Case(
            "xlsx/survey-file-over-the-size-limit",
            files={"s.xlsx": lambda p: p.write_bytes(b"PK" + os.urandom(2 * 1024 * 1024))},
            call=with_limits(summarize(), file_mb=1),
            where="file_mb",
        )
    )
    return found


def xml_cases() -> list[Case]:
    bomb_sheet = sheet(rows(GOOD).replace("q1", "&lol9;"), before=DOCTYPE_BOMB)
    xxe = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return [
        refused_survey("billion-laughs-in-sheet", book({"Responses": bomb_sheet}), "sheet1.xml"),
        refused_survey(
            "external-entity-in-shared-strings",
            book(
                {
                    "Responses": sheet(
                        '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2"><v>5</v></c></row>'
                    )
                },
                shared=f'{HEAD}{xxe}<sst xmlns="{MAIN}"><si><t>&xxe;</t></si></sst>',
            ),
            "sharedStrings.xml",
        ),
        refused_survey("doctype-in-workbook", survey(GOOD, workbook_head=DOCTYPE_BOMB), "workbook.xml"),
        refused_import(
            "billion-laughs-in-journey",
            book({"Map": sheet(rows({"A1": "Title", "B1": "x"})), "Journey": bomb_sheet}),
            "sheet2.xml",
        ),
        refused_survey(
            "unclosed-tag", book({"Responses": sheet(rows(GOOD)).replace("</sheetData>", "<row>")}), "sheet1.xml:"
        ),
        refused_survey("not-xml-at-all", book({"Responses": "hello, I am not XML"}), "sheet1.xml:"),
        refused_survey(
            "invalid-utf8-in-sheet",
            book({"Responses": sheet(rows(GOOD)).encode().replace(b"respondent", b"resp\xff\xfeondent")}),
            "sheet1.xml:",
        ),
        refused_survey(
            "rows-out-of-order",
            book(
                {"Responses": sheet('<row r="2"><c r="A2"><v>1</v></c></row><row r="1"><c r="A1"><v>1</v></c></row>')}
            ),
            "Responses!A1",
        ),
        refused_survey(
            "cell-stored-twice",
            book(
                {
                    "Responses": sheet(
                        '<row r="1"><c r="A1" t="inlineStr"><is><t>q1</t></is></c><c r="A1"><v>1</v></c></row>'
                    )
                }
            ),
            "Responses!A1",
        ),
        refused_survey(
            "cell-in-the-wrong-row",
            book(
                {
                    "Responses": sheet(
                        '<row r="1"><c r="A1" t="inlineStr"><is><t>q1</t></is></c><c r="B9"><v>1</v></c></row>'
                    )
                }
            ),
            "Responses!B9",
        ),
        refused_survey(
            "reference-that-is-not-a-cell",
            book({"Responses": sheet('<row r="1"><c r="1A"><v>1</v></c></row>')}),
            "Responses!A1",
        ),
        refused_survey(
            "row-number-not-a-number", book({"Responses": sheet('<row r="one"><c><v>1</v></c></row>')}), "Responses!A1"
        ),
        refused_survey(
            "row-past-the-last-row",
            book(
                {
                    "Responses": sheet(
                        '<row r="1"><c t="inlineStr"><is><t>q1</t></is></c></row><row r="99999999999"><c><v>1</v></c></row>'
                    )
                }
            ),
            "Responses!A2",
        ),
        refused_survey(
            "number-that-is-not-a-number",
            book({"Responses": sheet(rows({"A1": "q1"}) + '<row r="2"><c r="A2"><v>five</v></c></row>')}),
            "Responses!A2",
        ),
        refused_survey(
            "nan-in-a-number-cell",
            book({"Responses": sheet(rows({"A1": "q1"}) + '<row r="2"><c r="A2"><v>NaN</v></c></row>')}),
            "Responses!A2",
        ),
        refused_survey(
            "infinite-number",
            book({"Responses": sheet(rows({"A1": "q1"}) + '<row r="2"><c r="A2"><v>1e400</v></c></row>')}),
            "Responses!A2",
        ),
        refused_survey(
            "number-of-5000-digits",
            book({"Responses": sheet(rows({"A1": "q1"}) + '<row r="2"><c r="A2"><v>' + "9" * 5000 + "</v></c></row>")}),
            "Responses!A2",
        ),
        refused_survey(
            "shared-string-index-missing",
            book(
                {"Responses": sheet('<row r="1"><c r="A1" t="s"><v>7</v></c></row>')},
                shared=f'{HEAD}<sst xmlns="{MAIN}"><si><t>q1</t></si></sst>',
            ),
            "Responses!A1",
        ),
        refused_survey("sheet-part-missing", lambda p: _drop_part(p, "xl/worksheets/sheet1.xml"), "Responses"),
        refused_survey(
            "two-sheets-one-name",
            _two_same_names,
            "Responses",
        ),
        Case(
            "xlsx/survey-prefixed-namespace",
            files={
                "s.xlsx": book(
                    {
                        "Responses": sheet(rows(GOOD))
                        .replace("<worksheet xmlns=", "<x:worksheet xmlns:x=")
                        .replace("</worksheet>", "</x:worksheet>")
                        .replace("<dimension", "<x:dimension")
                        .replace("<sheetData>", "<x:sheetData>")
                        .replace("</sheetData>", "</x:sheetData>")
                        .replace("<row", "<x:row")
                        .replace("</row>", "</x:row>")
                        .replace("<c ", "<x:c ")
                        .replace("</c>", "</x:c>")
                        .replace("<v>", "<x:v>")
                        .replace("</v>", "</x:v>")
                        .replace("<is>", "<x:is>")
                        .replace("</is>", "</x:is>")
                        .replace("<t ", "<x:t ")
                        .replace("</t>", "</x:t>")
                    }
                )
            },
            argv=summarize(),
            expect="ok",
        ),
        Case(
            "xlsx/survey-cells-without-references", files={"s.xlsx": big_survey(20, 3)}, argv=summarize(), expect="ok"
        ),
        Case("xlsx/survey-stored-not-compressed", files={"s.xlsx": stored}, argv=summarize(), expect="ok"),
        Case("xlsx/survey-10000-extra-zip-members", files={"s.xlsx": many_members}, argv=summarize(), expect="ok"),
        Case(
            "xlsx/survey-path-traversal-member-ignored",
            files={"s.xlsx": survey(GOOD, extra={"../../evil.txt": "x"})},
            argv=summarize(),
            expect="ok",
        ),
    ]


def _drop_part(path: Path, part: str) -> None:
    survey(GOOD)(path)
    data = io.BytesIO(path.read_bytes())
    with zipfile.ZipFile(data) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info, source.read(info.filename))


def _two_same_names(path: Path) -> None:
    book({"Responses": sheet(rows(GOOD)), "Other": sheet(rows(GOOD))})(path)
    data = io.BytesIO(path.read_bytes())
    with zipfile.ZipFile(data) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/workbook.xml":
                content = content.replace(b'name="Other"', b'name="Responses"')
            target.writestr(info, content)


def content_cases() -> list[Case]:
    def many_sheets(workbook: Any) -> None:
        first = workbook.active
        first.title = "Responses"
        for r in [["q1"], [5], [6]]:
            first.append(r)
        for i in range(300):
            workbook.create_sheet(f"Sheet {i}").append([i])

    def odd_name(workbook: Any) -> None:
        ws = workbook.active
        ws.title = "Résumé 😀 & 'x' <1>"
        for r in [["q1"], [5]]:
            ws.append(r)

    def with_dates(workbook: Any) -> None:
        import datetime as dt

        ws = workbook.active
        ws.title = "Responses"
        ws.append(["when", "q1", "ok"])
        ws.append([dt.datetime(2026, 5, 1, 9, 30), 5, True])
        ws.append([dt.date(2026, 5, 2), 6, False])
        ws.append([dt.time(12, 0), 7, True])

    def merged(workbook: Any) -> None:
        ws = workbook.active
        ws.title = "Responses"
        ws.append(["q1", "q2"])
        ws.append([5, 6])
        ws.append([7, None])
        ws.merge_cells("A3:B3")

    def error_cells(workbook: Any) -> None:
        ws = workbook.active
        ws.title = "Responses"
        ws.append(["q1"])
        ws.append([5])

    def shared_formula(path: Path) -> None:
        data = {"A1": "q1", "B1": "q2", "A2": 1, "A3": 2, "A4": 3}
        xml = sheet(
            rows(data)
            .replace(
                '<c r="A2"><v>1</v></c>',
                '<c r="A2"><v>1</v></c><c r="B2"><f t="shared" ref="B2:B4" si="0">A2*2</f><v>2</v></c>',
            )
            .replace('<c r="A3"><v>2</v></c>', '<c r="A3"><v>2</v></c><c r="B3"><f t="shared" si="0"/><v>4</v></c>')
            .replace('<c r="A4"><v>3</v></c>', '<c r="A4"><v>3</v></c><c r="B4"><f t="shared" si="0"/><v>6</v></c>')
        )
        book({"Responses": xml})(path)

    error_sheet = sheet(rows({"A1": "q1", "A2": 5}) + '<row r="3"><c r="A3" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>')
    na_sheet = sheet(rows({"A1": "q1", "A2": 5}) + '<row r="3"><c r="A3" t="e"><v>#N/A</v></c></row>')
    shared_strings = f'{HEAD}<sst xmlns="{MAIN}"><si><t>q1</t></si><si><r><t>q</t></r><r><rPr><b/></rPr><t>2</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></si></sst>'
    ss_sheet = sheet(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2"><v>4</v></c><c r="B2"><v>5</v></c></row>'
    )
    long_text = "x" * 200_001
    return [
        Case("xlsx/survey-300-sheets", files={"s.xlsx": openpyxl_book(many_sheets)}, argv=summarize(), expect="ok"),
        Case(
            "xlsx/survey-odd-sheet-name",
            files={"s.xlsx": openpyxl_book(odd_name)},
            argv=summarize("--sheet", "Résumé 😀 & 'x' <1>"),
            expect="ok",
        ),
        refused_survey("sheet-not-found", survey(GOOD), "s.xlsx", "--sheet", "Responsess"),
        Case(
            "xlsx/survey-dates-times-booleans",
            files={"s.xlsx": openpyxl_book(with_dates)},
            argv=summarize("--by", "ok"),
            expect="ok",
        ),
        Case(
            "xlsx/survey-date1904-workbook",
            files={
                "s.xlsx": book(
                    {
                        "Responses": sheet(
                            rows({"A1": "when", "B1": "q1"})
                            + '<row r="2"><c r="A2" s="1"><v>45000</v></c><c r="B2"><v>5</v></c></row>'
                        )
                    },
                    styles=DATE_STYLES,
                    workbook_pr='<workbookPr date1904="1"/>',
                )
            },
            argv=summarize("--by", "when"),
            expect="ok",
        ),
        refused_survey(
            "date-outside-the-calendar",
            book(
                {
                    "Responses": sheet(
                        rows({"A1": "when", "B1": "q1"}) + '<row r="2"><c r="A2" s="2"><v>99999999999</v></c></row>'
                    )
                },
                styles=DATE_STYLES,
            ),
            "Responses!A2",
        ),
        Case("xlsx/survey-merged-cells", files={"s.xlsx": openpyxl_book(merged)}, argv=summarize(), expect="ok"),
        refused_survey("error-cell-div0-as-rating", book({"Responses": error_sheet}), "Responses!A3"),
        refused_survey("error-cell-na-as-rating", book({"Responses": na_sheet}), "Responses!A3"),
        refused_survey(
            "very-long-string", survey({"A1": "q1", "B1": "note", "A2": 5, "B2": long_text}), "Responses!B2"
        ),
        Case(
            "xlsx/survey-shared-formula",
            files={"s.xlsx": shared_formula},
            call=summary_n({"q2": 3}, "--wide", "q2"),
            expect="ok",
        ),
        Case(
            "xlsx/survey-inline-strings-and-rich-text",
            files={"s.xlsx": book({"Responses": ss_sheet}, shared=shared_strings)},
            argv=["evidence", "summarize", "{dir}/s.xlsx", "--wide", "q1,q2"],
            expect="ok",
        ),
        Case(
            "xlsx/survey-numbers-stored-as-text",
            files={"s.xlsx": survey({"A1": "q1", "A2": "5", "A3": " 7 "})},
            call=summary_n({"q1": 2}, "--wide", "q1"),
            expect="ok",
        ),
        Case(
            "xlsx/survey-header-with-empty-names",
            files={"s.xlsx": survey({"A1": "q1", "C1": "q3", "A2": 5, "B2": 9, "C2": 6})},
            argv=summarize(),
            expect="ok",
        ),
        refused_survey("header-empty-name-taken", survey({"A1": "q1", "C1": "column_2", "A2": 5}), "Responses!B1"),
        refused_survey("header-named-__order", survey({"A1": "q1", "B1": "__order", "A2": 5}), "Responses!B1"),
        refused_survey("only-headers", survey({"A1": "q1", "B1": "q2"}), "s.xlsx", note="no answered ratings"),
        refused_survey("empty-sheet", book({"Responses": sheet("")}), "Responses!1:1"),
        refused_survey("header-not-in-row-1", survey({"A3": "q1", "A4": 5}), "Responses!1:1"),
        refused_survey(
            "header-formula-without-value", survey({"A1": ("f", 'CONCAT("q","1")', None), "A2": 5}), "Responses!A1"
        ),
        Case(
            "xlsx/survey-header-formula-with-value",
            files={"s.xlsx": survey({"A1": ("f", 'CONCAT("q","1")', "q1"), "A2": 5})},
            argv=summarize(),
            expect="ok",
        ),
        refused_survey(
            "5000-columns", survey({f"{column(c)}1": f"q{c}" for c in range(1, 5001)}), f"Responses!{column(2001)}1"
        ),
        Case(
            "xlsx/survey-over-the-cells-limit",
            files={"s.xlsx": survey({"A1": "q1", **{f"A{r}": 5 for r in range(2, 2002)}})},
            call=with_limits(summarize(), sheet_cells=1000),
            where="sheet_cells",
        ),
        Case(
            "xlsx/survey-hostile-text-stays-text",
            files={
                "s.xlsx": survey(
                    {"A1": "q1", "B1": "comment", "A2": 5, "B2": "=cmd|' /C calc'!A0", "A3": 6, "B3": "@SUM(1)"}
                )
            },
            argv=summarize("--by", "comment"),
            expect="ok",
        ),
        Case(
            "xlsx/survey-unicode-names",
            files={"s.xlsx": survey({"A1": "q1", "B1": "ﬁ\u200b\u202eé", "A2": 5, "B2": "ok"})},
            argv=summarize(),
            expect="ok",
        ),
        Case(
            "xlsx/survey-control-characters-in-text",
            files={"s.xlsx": survey({"A1": "q1", "B1": "seg", "A2": 5, "B2": "a\tb\nc"})},
            argv=summarize("--by", "seg"),
            expect="ok",
        ),
    ]


def planner_cases() -> list[Case]:
    def merged_planner(workbook: Any) -> None:
        info = workbook.active
        info.title = "Map"
        info["A1"], info["B1"] = "Title", "Merged"
        journey = workbook.create_sheet("Journey")
        for ref, value in {
            "C1": "Research",
            "C2": "Search",
            "D2": "Compare",
            "A4": "Actions",
            "B4": "actions",
            "C4": "x",
        }.items():
            journey[ref] = value
        journey.merge_cells("C1:D1")

    def commented(workbook: Any) -> None:
        from openpyxl.comments import Comment

        info = workbook.active
        info.title = "Map"
        info["A1"], info["B1"] = "Title", "Noted"
        journey = workbook.create_sheet("Journey")
        for ref, value in {"C1": "R", "C2": "Search", "A4": "Emotion", "B4": "emotion", "C4": 4}.items():
            journey[ref] = value
        journey["C4"].comment = Comment("Estimated\nfelt slow", "me")

    many_steps = {f"{column(c)}2": f"Step {c}" for c in range(3, 2003)}
    many_rows = {f"A{r}": f"Lane {r}" for r in range(5, 3005)} | {f"C{r}": f"card {r}" for r in range(5, 3005)}
    return [
        refused_import("XL002-formula-without-value", planner(C4=("f", "1+1", None)), "Journey!C4"),
        Case(
            "xlsx/import-formula-with-cached-value",
            files={"p.xlsx": planner(C4=("f", '"Look"&" around"', "Look around"))},
            argv=import_xlsx(),
            expect="ok",
        ),
        refused_import("XL003-no-journey-sheet", book({"Map": sheet(rows({"A1": "Title", "B1": "x"}))}), "p.xlsx"),
        refused_import("XL004-no-map-sheet", book({"Journey": sheet(rows(planner_cells()[1]))}), "p.xlsx › Map"),
        refused_import("XL005-no-title", planner(map_B1=None), "Map!B1"),
        refused_import("XL006-ecosystem-type", planner(map_A3="Type", map_B3="ecosystem-map"), "Map!B3"),
        refused_import("XL007-unknown-state", planner(map_A2="State", map_B2="finished"), "Map!B2"),
        refused_import("XL008-duplicate-step-id", planner(D3="search"), "Journey!D3"),
        refused_import("XL010-unknown-lane-kind", planner(A5="Pains", B5="pain-point", C5="slow"), "Journey!B5"),
        refused_import("XL011-card-under-no-step", planner(F4="orphan"), "Journey!F4"),
        refused_import("XL012-emotion-not-a-number", planner(A5="Emotion", B5="emotion", C5="happy"), "Journey!C5"),
        refused_import(
            "XL013-error-cell",
            book(
                {
                    "Map": sheet(rows(planner_cells()[0])),
                    "Journey": sheet(
                        rows(planner_cells()[1]).replace(
                            '<c r="D4" t="inlineStr"><is><t xml:space="preserve">Compare two</t></is></c>',
                            '<c r="D4" t="e"><v>#N/A</v></c>',
                        )
                    ),
                }
            ),
            "Journey!D4",
        ),
        refused_import(
            "XL013-error-as-emotion",
            book(
                {
                    "Map": sheet(rows(planner_cells()[0])),
                    "Journey": sheet(
                        rows(planner_cells(A5="Emotion", B5="emotion", C5=5)[1]).replace(
                            '<c r="C5"><v>5</v></c>', '<c r="C5" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
                        )
                    ),
                }
            ),
            "Journey!C5",
        ),
        refused_import("XL009-bad-step-id", planner(C3="bad id!"), "Journey!C3"),
        refused_import("very-long-text", planner(C4="x" * 200_001), "Journey!C4"),
        refused_import(
            "2000-step-columns",
            book({"Map": sheet(rows({"A1": "Title", "B1": "x"})), "Journey": sheet(rows(many_steps))}),
            f"Journey!{column(2001)}2",
        ),
        Case("xlsx/import-3000-lane-rows", files={"p.xlsx": planner(**many_rows)}, argv=import_xlsx(), expect="ok"),
        Case(
            "xlsx/import-merged-stage-names",
            files={"p.xlsx": openpyxl_book(merged_planner)},
            argv=import_xlsx(),
            expect="ok",
        ),
        Case(
            "xlsx/import-comment-on-emotion",
            files={"p.xlsx": openpyxl_book(commented)},
            argv=import_xlsx(),
            expect="ok",
        ),
        Case(
            "xlsx/import-hostile-text-stays-text",
            files={"p.xlsx": planner(C4="=cmd|' /C calc'!A0", D4="+SUM(1)\n-1\n@x")},
            argv=import_xlsx(),
            expect="ok",
        ),
        Case(
            "xlsx/import-boolean-and-number-cards",
            files={"p.xlsx": planner(C4=True, D4=3.0)},
            argv=import_xlsx(),
            expect="ok",
        ),
        Case(
            "xlsx/import-unicode-step-names",
            files={"p.xlsx": planner(C2="ﬁ\u200b\u202eé 😀", D2="<b>&amp;</b>")},
            argv=import_xlsx(),
            expect="ok",
        ),
        refused_import("dimension-lies-far-cell-XFD1", far_planner("XFD1"), "Journey!XFD1"),
        refused_import("truncated-zip-tail", truncated(planner(), 0.9), "p.xlsx"),
    ]


def cases() -> list[Case]:
    return [*issue_cases(), *far_positions(), *broken_files(), *xml_cases(), *content_cases(), *planner_cases()]
