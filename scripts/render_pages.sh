#!/usr/bin/env bash
# Look at a Word draft as a reviewer would: .md or .docx -> PDF (LibreOffice) -> one PNG per page.
#   scripts/render_pages.sh tests/fixtures/sample-draft.md /tmp/pages [--reference-doc FILE.docx]
# Needs: soffice (libreoffice-writer-nogui) and pdftoppm (poppler-utils).
set -euo pipefail
src=${1:?usage: render_pages.sh FILE.md|FILE.docx OUTDIR [--reference-doc FILE.docx]}
out=${2:?usage: render_pages.sh FILE.md|FILE.docx OUTDIR [--reference-doc FILE.docx]}
ref=${4:-}
mkdir -p "$out"
name=$(basename "${src%.*}")
if [[ $src == *.md ]]; then
  python - "$src" "$out/$name.docx" "$ref" <<'PY'
import sys
from pathlib import Path
from lga_draft.word.document import Clearance, ClearanceRow, DocMeta, render_docx

src, dest, ref = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
meta = DocMeta(title="Sample draft", subject="Consultation response", author="Local Government Association",
               keywords=("public-health", "adult-social-care"), library_version="3f2a9c1b0d4e",
               version="0.1", date="22 November 2026")
clearance = Clearance(
    drafted_by="Health and care policy team", date="22 November 2026",
    positions=(ClearanceRow("public-health-grant", "Restore and protect the public health grant",
                            "public-health", "2024-12-02", "2026-12-02", "approved"),),
    warnings=("figure '£858 million' in 'public-health-grant' is as of 2024-12",),
)
dest.write_bytes(render_docx(Path(src).read_text(encoding="utf-8"), meta,
                             reference_doc=Path(ref) if ref else None, clearance=clearance))
PY
  docx="$out/$name.docx"
else
  docx=$src
fi
# A fresh LibreOffice profile per run: a shared one locks and makes parallel runs fail.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
soffice -env:UserInstallation="file://$profile" --headless --convert-to pdf --outdir "$out" "$docx" >/dev/null
pdftoppm -png -r "${DPI:-60}" "$out/$name.pdf" "$out/$name-page"
ls "$out"/"$name"-page*.png
