"""Reading XLSX workbooks safely: the cells that hold data, streamed, within :func:`~journeymap.limits.limits`.

A workbook is a zip of XML parts, and both layers can be crafted: a part that unpacks to gigabytes (a zip bomb), a
``<dimension>`` that claims a million rows, one cell at ``XFD1048576`` (which makes readers that fill the declared
or spanned range — openpyxl's ``iter_rows``, calamine's dense ranges — walk or allocate billions of cells), XML
entity bombs. So this module:

* checks the file (a regular file, not over ``file_mb``) and the zip's table of contents before unpacking anything:
  every part's unpacked size against ``decompressed_mb`` and its growth against ``compression_ratio`` (zipfile
  never unpacks more than the size the table declares, so the check bounds the work);
* parses the XML with expat (the C parser of the standard library, fed in chunks) and refuses any document type
  declaration, as defusedxml does: no entities, no external references; expat ≥ 2.4 also stops amplification;
* yields only the cells present in the sheet, with their real positions (the ``<dimension>`` element is ignored),
  and refuses a cell past the ``columns`` limit or more than ``sheet_cells`` cells, naming the cell;
* gives formula cells their cached value (what Excel shows); a formula with no cached value is marked, and the
  callers refuse it with its cell rather than read it as empty.

openpyxl is not used for reading cells: in read-only mode it pads every row up to the declared range, and in normal
mode it builds every cell object; a streaming expat pass is both bounded and several times faster. openpyxl's
small helpers (date formats, Excel serial dates, column letters) are used.
"""

from __future__ import annotations

from .cells import Cell, cell_name, column_letter
from .table import cell_text, sheet_header, sheet_table
from .workbook import Workbook, open_workbook

__all__ = [
    "Cell",
    "Workbook",
    "cell_name",
    "cell_text",
    "column_letter",
    "open_workbook",
    "sheet_header",
    "sheet_table",
]
