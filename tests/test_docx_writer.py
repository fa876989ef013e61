"""The Word writer, tested by reading the .docx back: styles, parts, XML, a LibreOffice render."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, nsmap, qn
from docx.shared import RGBColor
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from lga_draft.errors import LgaDraftError
from lga_draft.word.document import (
    Clearance,
    ClearanceRow,
    DocMeta,
    read_positions,
    render_docx,
)

FIXTURE = Path(__file__).parent / "fixtures" / "sample-draft.md"

META = DocMeta(
    title="Change NHS: response",
    subject="Consultation response",
    author="Local Government Association",
    keywords=("public-health", "adult-social-care"),
    library_version="3f2a9c1b0d4e",
    version="0.3",
    date="22 November 2026",
)

CLEARANCE = Clearance(
    drafted_by="Health and care policy team",
    date="22 November 2026",
    positions=(
        ClearanceRow(
            "public-health-grant",
            "Restore and protect the public health grant",
            "public-health",
            "2024-12-02",
            "2026-12-02",
            "approved",
        ),
    ),
    warnings=("figure '£858 million' in 'public-health-grant' is as of 2024-12",),
)


# ----------------------------------------------------------------------------- helpers


def render(markdown: str, **kw) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(markdown, META, **kw)))


def text(el) -> str:
    return "".join(t.text or "" for t in el.iter(qn("w:t")))


def styled(doc) -> list[tuple[str, str]]:
    """(style name, text) of every body paragraph outside tables, content controls included."""
    names = {s.style_id: s.name for s in doc.styles}
    out = []
    for p in doc.element.body.iter(qn("w:p")):
        if any(a.tag == qn("w:tbl") for a in p.iterancestors()):
            continue
        style = p.pPr.style if p.pPr is not None and p.pPr.style else "Normal"
        out.append((names.get(style, style), text(p)))
    return out


def style_of(doc, starting: str) -> str:
    return next(s for s, t in styled(doc) if t.startswith(starting))


def part_by_reltype(doc, reltype: str):
    return doc.part.part_related_by(reltype)


def footnotes(doc):
    """The footnotes part's XML: python-docx reads the part back as plain bytes."""
    return parse_xml(part_by_reltype(doc, RT.FOOTNOTES).blob)


def xp(el, path: str) -> list:
    """XPath with the w: and r: prefixes on any element, those python-docx has no class for too."""
    return etree.XPath(path, namespaces=nsmap)(el)


@pytest.fixture(scope="module")
def sample_bytes() -> bytes:
    return render_docx(FIXTURE.read_text(encoding="utf-8"), META, clearance=CLEARANCE)


@pytest.fixture(scope="module")
def sample(sample_bytes):
    return docx.Document(io.BytesIO(sample_bytes))


# ----------------------------------------------------------------------------- structure


def test_headings_map_to_title_and_heading_levels(sample):
    assert style_of(sample, "Change NHS: help build") == "Title"
    assert style_of(sample, "Key messages") == "Heading 1"
    assert style_of(sample, "Question 1") == "Heading 2"


def test_only_the_first_h1_is_the_title_and_h4_is_heading_3():
    doc = render("# The title\n\n# Another part\n\n#### Detail\n\ntext\n")
    assert styled(doc)[:3] == [
        ("Title", "The title"),
        ("Heading 1", "Another part"),
        ("Heading 3", "Detail"),
    ]


def test_front_matter_is_not_rendered(sample):
    assert not any("lga-draft:" in t or "library-version" in t for _, t in styled(sample))


def test_lists_take_list_styles_by_depth(sample):
    assert style_of(sample, "health visiting and school nursing") == "List Bullet"
    assert style_of(sample, "mandated checks for every family") == "List Bullet 2"
    assert style_of(sample, "Set out how the NHS will work") == "List Number"


def test_a_list_ends_with_a_paragraphs_space_not_an_items():
    """An officer's reading: a figure's bullet ran straight into the next position's bold lead
    (List Bullet has 4 pt after it, and contextual spacing)."""
    doc = render("Intro.\n\n- one\n- two\n\n**Next lead.**\n\n1. a\n\n   - inner\n")
    items = [p for p in doc.paragraphs if p.style.name.startswith("List")]
    after = {p.text: p.paragraph_format.space_after for p in items}
    assert after["two"] is not None and after["two"].pt == 8
    assert after["one"] is None  # the style's, between items
    assert after["a"] is None and after["inner"] is None  # a nested list ends inside an item


def test_nested_numbered_list_is_list_number_2():
    doc = render("1. one\n    1. inner\n2. two\n")
    assert [s for s, _ in styled(doc)] == ["List Number", "List Number 2", "List Number"]


def _numbering(doc, starting: str) -> tuple[str, str]:
    p = next(p for p in doc.element.body.iter(qn("w:p")) if text(p).startswith(starting))
    return p.pPr.numPr.numId.val, p.pPr.numPr.ilvl.val


def test_each_numbered_list_restarts_with_its_own_numbering_instance(sample):
    first, _ = _numbering(sample, "Set out how the NHS will work")
    same, _ = _numbering(sample, "Restore the public health grant, at the very least")
    second, _ = _numbering(sample, "Make children’s services, SEND")
    assert first == same != second
    numbering = sample.part.numbering_part.element
    for num_id in (first, second):
        num = numbering.num_having_numId(num_id)
        assert num.xpath("./w:lvlOverride[@w:ilvl='0']/w:startOverride/@w:val") == ["1"]


def test_a_list_starting_at_3_starts_there():
    doc = render("3. three\n4. four\n")
    num_id, _ = _numbering(doc, "three")
    num = doc.part.numbering_part.element.num_having_numId(num_id)
    assert num.xpath("./w:lvlOverride/w:startOverride/@w:val") == ["3"]


def test_nested_items_are_one_level_down(sample):
    assert _numbering(sample, "mandated checks")[1] == 1
    assert _numbering(sample, "health visiting")[1] == 0


def test_block_quote_uses_quote_style(sample):
    assert style_of(sample, "What does your organisation want") == "Quote"


def test_bold_italic_and_inline_code_runs():
    doc = render("Plain **bold** and *italic* and `code`.\n")
    runs = {r.text: r for r in doc.paragraphs[0].runs}
    assert runs["bold"].bold and not runs["bold"].italic
    assert runs["italic"].italic and not runs["italic"].bold
    assert runs["code"].style.name == "Verbatim Char"


def test_a_wrapped_markdown_paragraph_is_one_run():
    doc = render("one line\nand the next\nand the last\n")
    assert [r.text for r in doc.paragraphs[0].runs] == ["one line and the next and the last"]


def test_quotes_and_apostrophes_are_typographic():
    doc = render('The council\'s "plan".\n')
    assert doc.paragraphs[0].text == "The council’s “plan”."


# ----------------------------------------------------------------------------- tables, links


def test_pipe_table_is_a_styled_table_with_a_header_row(sample):
    table = next(t for t in sample.tables if t.cell(0, 0).text == "Figure")
    assert table.style.name == "Draft Table"
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")
    assert not table.rows[1]._tr.xpath("./w:trPr/w:tblHeader")
    assert [c.text for c in table.rows[1].cells] == [
        "£858 million",
        "Real-terms reduction in the public health grant",
        "2024-12",
    ]
    # `--:` right-aligns the column
    assert table.cell(1, 2).paragraphs[0].alignment == 2


def test_table_with_empty_header_row_is_a_form_without_header(sample):
    cover = sample.tables[0]
    assert cover.cell(0, 0).text == "Consultation"
    assert not cover._tbl.xpath(".//w:tblHeader")
    look = cover._tbl.tblPr.find(qn("w:tblLook"))
    assert (look.get(qn("w:firstRow")), look.get(qn("w:firstColumn"))) == ("0", "1")


def test_link_is_a_real_hyperlink_with_hyperlink_style(sample):
    link = next(sample.element.body.iter(qn("w:hyperlink")))
    rel = sample.part.rels[link.get(qn("r:id"))]
    assert rel.reltype == RT.HYPERLINK and rel.is_external
    assert rel.target_ref.startswith("https://fingertips.phe.org.uk/")
    assert text(link) == "Public Health Outcomes Framework"
    assert link.xpath("./w:r/w:rPr/w:rStyle/@w:val") == ["Hyperlink"]


def test_relative_links_stay_plain_text():
    doc = render("See [the file](positions/x.yaml).\n")
    assert not list(doc.element.body.iter(qn("w:hyperlink")))
    assert doc.paragraphs[0].text == "See the file."


# ----------------------------------------------------------------------------- footnotes


def test_footnotes_are_a_real_footnotes_part(sample):
    part = part_by_reltype(sample, RT.FOOTNOTES)
    assert part.content_type == CT.WML_FOOTNOTES
    notes = footnotes(sample).findall(qn("w:footnote"))
    by_id = {n.get(qn("w:id")): n for n in notes}
    assert by_id["-1"].get(qn("w:type")) == "separator"
    assert by_id["0"].get(qn("w:type")) == "continuationSeparator"
    assert text(by_id["1"]).startswith(" Sources: LGA briefing: NHS Long Term Plan")
    assert xp(by_id["1"], ".//w:pStyle/@w:val") == ["FootnoteText"]
    assert xp(by_id["1"], ".//w:footnoteRef")  # the note's own number mark


def test_footnote_references_point_at_notes_in_order(sample):
    refs = list(sample.element.body.iter(qn("w:footnoteReference")))
    assert [r.get(qn("w:id")) for r in refs] == ["1", "2", "3", "4"]
    run = refs[0].getparent()
    assert run.xpath("./w:rPr/w:rStyle/@w:val") == ["FootnoteReference"]
    note_4 = xp(footnotes(sample), ".//w:footnote[@w:id='4']")[0]
    assert "Question 4: spotting illness earlier" in text(note_4)


def test_a_link_in_a_footnote_is_related_from_the_footnotes_part(sample):
    part = part_by_reltype(sample, RT.FOOTNOTES)
    link = next(footnotes(sample).iter(qn("w:hyperlink")))
    assert part.rels[link.get(qn("r:id"))].target_ref == "https://www.local.gov.uk"


def test_a_note_used_twice_becomes_a_second_word_footnote_pointing_at_the_first():
    doc = render("Zero.[^m] One.[^n] Two.[^n]\n\n[^m]: Other.\n\n[^n]: The note.\n")
    notes = xp(footnotes(doc), "./w:footnote[@w:id > 0]")
    assert [text(n).strip() for n in notes] == ["Other.", "The note.", "See note 2."]


def test_no_footnotes_no_footnotes_part():
    doc = render("# Title\n\nNo notes here.\n")
    with pytest.raises(KeyError):
        part_by_reltype(doc, RT.FOOTNOTES)


# ----------------------------------------------------------------------------- positions


def test_each_position_is_one_content_control_tagged_with_id_and_version(sample):
    sdts = list(sample.element.body.iter(qn("w:sdt")))
    tags = [xp(s, "./w:sdtPr/w:tag/@w:val")[0] for s in sdts]
    assert tags == [
        "lga-position:health-plan-beyond-the-nhs@3f2a9c1b0d4e",
        "lga-position:asc-core-to-health-plan@3f2a9c1b0d4e",
        "lga-position:childrens-services-safeguarding-priority@3f2a9c1b0d4e",
        "lga-position:public-health-grant@3f2a9c1b0d4e",
    ]
    last = sdts[-1]
    assert xp(last, "./w:sdtPr/w:alias/@w:val") == ["Restore and protect the public health grant"]
    content = text(last.find(qn("w:sdtContent")))
    assert content.startswith("Years of real-terms cuts")
    assert "£858 million" in content  # the figures list is inside the control too


def test_read_positions_returns_each_positions_text(sample_bytes, tmp_path):
    found = read_positions(sample_bytes)
    assert [(i, v) for i, v, _ in found] == [
        ("health-plan-beyond-the-nhs", "3f2a9c1b0d4e"),
        ("asc-core-to-health-plan", "3f2a9c1b0d4e"),
        ("childrens-services-safeguarding-priority", "3f2a9c1b0d4e"),
        ("public-health-grant", "3f2a9c1b0d4e"),
    ]
    lines = found[3][2].split("\n")
    assert lines[0] == (
        "Years of real-terms cuts to the public health grant are undermining the prevention "
        "that keeps people out of hospital, and the grant must at least be restored."
    )
    assert lines[-1].startswith("27 per cent: Real-terms cut")
    path = tmp_path / "draft.docx"
    path.write_bytes(sample_bytes)
    assert read_positions(path) == found == read_positions(str(path))


def test_read_positions_reads_text_as_if_tracked_changes_were_accepted():
    md = '::: {.position data-id="p" data-version="v"}\nKeep this.\n:::\n'
    doc = render(md)
    p = doc.element.body.find(f".//{qn('w:sdtContent')}/{qn('w:p')}[2]")
    p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="1" w:author="r" w:date="2026-01-01T00:00:00Z">'
            "<w:r><w:delText> Gone.</w:delText></w:r></w:del>"
        )
    )
    out = io.BytesIO()
    doc.save(out)
    assert read_positions(out.getvalue()) == [("p", "v", "Keep this.")]


def test_position_attribute_values_are_unescaped():
    md = '::: {.position data-id="p" data-version="v" data-title="Say \\"no\\" to cuts"}\nX\n:::\n'
    sdt = next(render(md).element.body.iter(qn("w:sdt")))
    assert xp(sdt, "./w:sdtPr/w:alias/@w:val") == ['Say "no" to cuts']


def test_other_divs_just_render_their_content(sample):
    assert style_of(sample, "Councils’ prevention work reaches") == "Normal"
    assert len(list(sample.element.body.iter(qn("w:sdt")))) == 4


def test_each_position_has_a_provenance_comment(sample):
    comments = list(sample.comments)
    assert [c.text for c in comments][-1] == (
        "Position public-health-grant (owner public-health, last reviewed 2024-12-02); "
        "library 3f2a9c1b0d4e"
    )
    assert len(comments) == 4 and {c.author for c in comments} == {"lga-draft"}
    # anchored on the lead, inside the position's control
    start = next(sample.element.body.iter(qn("w:commentRangeStart")))
    assert start.getnext().xpath("string(.//w:t)").startswith("A national plan built around")
    assert any(a.tag == qn("w:sdtContent") for a in start.iterancestors())


def test_comment_ids_do_not_overlap_footnote_ids(sample):
    # Overlapping ids make LibreOffice show the wrong footnote text after a comment.
    assert min(c.comment_id for c in sample.comments) > 4


# ----------------------------------------------------------------------------- furniture


def test_header_says_draft_version_and_date(sample):
    header = sample.sections[0].header
    assert [p.text for p in header.paragraphs] == ["DRAFT v0.3 – 22 November 2026"]
    assert header.paragraphs[0].style.name == "Header"


def test_status_label_is_configurable():
    meta = DocMeta(**{**META.__dict__, "status_label": "OFFICIAL-SENSITIVE DRAFT"})
    doc = docx.Document(io.BytesIO(render_docx("x", meta)))
    assert doc.sections[0].header.paragraphs[0].text.startswith("OFFICIAL-SENSITIVE DRAFT v0.3")


def test_footer_has_page_n_of_m_fields(sample):
    footer = sample.sections[0].footer.paragraphs[0]
    instructions = [i.text.strip() for i in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith("Page ") and " of " in footer.text


def test_page_is_a4_with_2_5_cm_margins(sample):
    section = sample.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 2) == round(section.right_margin.cm, 2) == 2.5


def test_document_is_current_word_not_compatibility_mode(sample):
    mode = xp(sample.settings.element, ".//w:compatSetting[@w:name='compatibilityMode']/@w:val")
    assert mode == ["15"]
    reltypes = {rel.reltype for rel in sample.part.rels.values()}
    assert not any(r.endswith("/stylesWithEffects") for r in reltypes)


def test_house_style_is_in_style_definitions(sample):
    styles = sample.styles
    assert styles["Heading 1"].font.color.rgb == RGBColor(0x1F, 0x38, 0x64)
    defaults = xp(styles.element, "./w:docDefaults/w:rPrDefault/w:rPr")[0]
    assert xp(defaults, "./w:rFonts/@w:ascii") == ["Arial"]
    assert xp(defaults, "./w:sz/@w:val") == ["22"]  # 11 pt, in half-points
    # body paragraphs carry no manual formatting: restyling works from the styles pane
    body = [p for p in sample.paragraphs if p.style.name == "Normal" and p.text]
    assert all(p._p.pPr is None for p in body[:3])


def test_core_properties(sample):
    props = sample.core_properties
    assert props.title == "Change NHS: response"
    assert props.subject == "Consultation response"
    assert props.author == "Local Government Association"
    assert props.keywords == "public-health, adult-social-care"
    assert props.comments == "lga-draft library 3f2a9c1b0d4e"
    assert props.created.date().isoformat() == "2026-11-22"


def test_same_input_same_document(sample_bytes):
    again = render_docx(FIXTURE.read_text(encoding="utf-8"), META, clearance=CLEARANCE)

    def parts(data: bytes) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return {n: zf.read(n) for n in zf.namelist()}

    assert parts(again) == parts(sample_bytes)


def test_same_draft_same_bytes_whatever_the_clock(monkeypatch):
    """Zip entries carry the draft's date, not the clock's: a rerun gives an identical file."""
    import time

    md = FIXTURE.read_text(encoding="utf-8")
    monkeypatch.setattr(time, "time", lambda: 1_700_000_000.0)
    first = render_docx(md, META, clearance=CLEARANCE)
    monkeypatch.setattr(time, "time", lambda: 1_800_000_000.0)
    assert render_docx(md, META, clearance=CLEARANCE) == first
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        assert {i.date_time for i in zf.infolist()} == {(2026, 11, 22, 0, 0, 0)}
        assert zf.namelist()[:2] == ["[Content_Types].xml", "_rels/.rels"]
        assert zf.testzip() is None


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def test_house_base_is_made_once_then_read_from_the_cache(monkeypatch, tmp_path):
    from lga_draft.word import document as writer

    monkeypatch.setenv("LGA_DRAFT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(writer, "_HOUSE", None)
    md = FIXTURE.read_text(encoding="utf-8")
    made = render_docx(md, META, clearance=CLEARANCE)
    assert sorted(p.suffix for p in tmp_path.glob("word-*/house-*")) == [".docx", ".json"]

    # a new process: nothing in memory, and making the base again is not allowed
    monkeypatch.setattr(writer, "_HOUSE", None)
    monkeypatch.setattr(writer, "_make_house", lambda: pytest.fail("the cached base was not used"))
    assert _parts(render_docx(md, META, clearance=CLEARANCE)) == _parts(made)


@pytest.mark.parametrize("damage", ["docx", "json", "both"])
def test_a_damaged_cached_house_base_is_made_again(monkeypatch, tmp_path, damage):
    from lga_draft.word import document as writer

    monkeypatch.setenv("LGA_DRAFT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(writer, "_HOUSE", None)
    md = FIXTURE.read_text(encoding="utf-8")
    made = render_docx(md, META)
    (base,) = tmp_path.glob("word-*/house-*.docx")
    if damage in ("docx", "both"):
        base.write_bytes(b"PK\x03\x04 not really a zip")
    if damage in ("json", "both"):
        base.with_suffix(".json").write_text('{"normal": 1}', encoding="utf-8")
    monkeypatch.setattr(writer, "_HOUSE", None)
    assert _parts(render_docx(md, META)) == _parts(made)
    # and the damaged copy was replaced by a good one
    monkeypatch.setattr(writer, "_HOUSE", None)
    monkeypatch.setattr(writer, "_make_house", lambda: pytest.fail("made again a second time"))
    assert _parts(render_docx(md, META)) == _parts(made)


def test_no_cache_folder_still_drafts(monkeypatch):
    from lga_draft.word import document as writer

    monkeypatch.setenv("LGA_DRAFT_NO_CACHE", "1")
    monkeypatch.setattr(writer, "_HOUSE", None)
    assert "word/document.xml" in _parts(render_docx("# T\n\nText.\n", META))


# ----------------------------------------------------------------------------- clearance sheet


def test_clearance_sheet_is_a_final_section_on_a_new_page(sample):
    paragraphs = sample.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text == "Clearance sheet")
    assert paragraphs[start].style.name == "Heading 1"
    assert paragraphs[start].paragraph_format.page_break_before
    after = [p.text for p in paragraphs[start:]]
    assert "Drafted by: Health and care policy team" in after
    assert "Date: 22 November 2026" in after
    assert "figure ‘£858 million’ in ‘public-health-grant’ is as of 2024-12" in after
    assert "Cleared by: \t" in after and "Date: \t" in after
    table = sample.tables[-1]
    assert [c.text for c in table.rows[0].cells] == [
        "Position",
        "Title",
        "Owner",
        "Last reviewed",
        "Review by",
        "Status",
    ]
    assert [c.text for c in table.rows[1].cells][0] == "public-health-grant"


def test_no_clearance_sheet_unless_asked():
    doc = render(FIXTURE.read_text(encoding="utf-8"))
    assert not any(p.text == "Clearance sheet" for p in doc.paragraphs)


def test_clearance_without_warnings_says_none():
    doc = render("x", clearance=Clearance("me", "today", (), ()))
    texts = [p.text for p in doc.paragraphs]
    assert "No positions from the library were used." in texts
    assert "Nothing: every position is approved and within its review date." in texts


# ----------------------------------------------------------------------------- bad input


def test_characters_xml_cannot_hold_are_removed():
    bad = "Bell\x07 null\x00 vt\x0b ff\x0c \ufffe\uffff lone\ud800 end"
    meta = DocMeta(**{**META.__dict__, "title": "T\x01itle", "author": "A\x1futhor"})
    row = ClearanceRow("i\x03", "t", "o", "l", "r", "s")
    clearance = Clearance("me\x02", "d", (row,), ("w\x04",))
    data = render_docx(f"# {bad}\n\n{bad}\n\n- {bad}\n", meta, clearance=clearance)
    doc = docx.Document(io.BytesIO(data))
    assert doc.paragraphs[0].text == "Bell null vt ff  lone end"
    assert doc.core_properties.title == "Title"
    assert doc.core_properties.author == "Author"


@settings(max_examples=25, deadline=None)
@given(st.text())
def test_any_text_inside_a_position_renders_and_reads_back(body):
    md = f'::: {{.position data-id="p" data-version="v"}}\n{body}\n:::\n'
    data = render_docx(md, META)
    assert [(i, v) for i, v, _ in read_positions(data)] in ([("p", "v")], [])


def test_empty_markdown_is_an_empty_but_valid_document():
    doc = render("")
    assert doc.sections[0].header.paragraphs[0].text.startswith("DRAFT")


@pytest.fixture
def reference(tmp_path) -> Path:
    ref = docx.Document()
    ref.styles["Heading 1"].font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    ref.styles["Normal"].font.name = "Georgia"
    ref.sections[0].header.paragraphs[0].text = "Acme Council"
    ref.sections[0].footer.paragraphs[0].text = "Town Hall, Acme"
    ref.add_paragraph("Old body text")
    ref.add_comment(ref.paragraphs[0].runs, text="old comment", author="someone")
    path = tmp_path / "acme.docx"
    ref.save(path)
    return path


def test_reference_doc_styles_headers_and_footers_are_kept(reference):
    doc = render("# T\n\n## Part\n\nText.[^a]\n\n[^a]: A note.\n", reference_doc=reference)
    assert doc.styles["Heading 1"].font.color.rgb == RGBColor(0xC0, 0x00, 0x00)
    assert doc.styles["Normal"].font.name == "Georgia"
    assert [p.text for p in doc.sections[0].header.paragraphs] == [
        "Acme Council",
        "DRAFT v0.3 – 22 November 2026",
    ]
    assert [p.text for p in doc.sections[0].footer.paragraphs] == ["Town Hall, Acme", "Page 1 of 1"]
    assert [p.text for p in doc.paragraphs] == ["T", "Part", "Text."]
    assert [c.text for c in doc.comments] == []  # the old body's comments went with it


def test_reference_doc_gets_the_styles_it_lacks(reference):
    doc = render("| a |\n|---|\n| 1 |\n\nx[^n]\n\n[^n]: note\n", reference_doc=reference)
    names = {s.name for s in doc.styles}
    assert {"Draft Table", "footnote text", "footnote reference", "Hyperlink"} <= names
    assert doc.tables[0].style.name == "Draft Table"


def test_reference_doc_with_its_own_footnotes_keeps_separators_not_old_notes(tmp_path):
    old = tmp_path / "old.docx"
    old.write_bytes(render_docx("Old.[^o]\n\n[^o]: Old note.\n", META))
    doc = render("New.[^n]\n\n[^n]: New note.\n", reference_doc=old)
    notes = footnotes(doc)
    assert [n.get(qn("w:id")) for n in notes.findall(qn("w:footnote"))] == ["-1", "0", "1"]
    assert "New note." in text(notes) and "Old note." not in text(notes)


def test_reference_footer_with_page_numbers_gets_no_second_set(tmp_path):
    first = tmp_path / "first.docx"
    first.write_bytes(render_docx("x", META))  # its footer already has PAGE fields
    doc = render("y", reference_doc=first)
    assert len(doc.sections[0].footer.paragraphs) == 1


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda d: d / "missing.docx", "missing.docx: file not found"),
        (lambda d: d, "is a folder, not a .docx file"),
        (
            lambda d: (d / "notes.docx").write_text("just text") and d / "notes.docx",
            "notes.docx: not a Word .docx document (not a zip archive)",
        ),
        (
            lambda d: _zip(d / "other.docx", {"hello.txt": b"hi"}),
            "other.docx: the .docx is corrupt",
        ),
        (
            lambda d: _zip(d / "bomb.docx", {"word/document.xml": bytes(30 * 2**20)}),
            "bomb.docx: refused, it would unpack to 30 MB in 1 files (a zip bomb",
        ),
    ],
    ids=["missing", "folder", "not-zip", "not-word", "zip-bomb"],
)
def test_bad_reference_doc_is_a_one_line_error_naming_the_file(tmp_path, make, expected):
    path = make(tmp_path)
    with pytest.raises(LgaDraftError) as caught:
        render_docx("x", META, reference_doc=path)
    message = str(caught.value)
    assert message.startswith("reference document ")
    assert expected in message
    assert "\n" not in message


def test_truncated_reference_doc_is_corrupt(tmp_path):
    good = render_docx("x", META)
    path = tmp_path / "cut.docx"
    path.write_bytes(good[: len(good) // 2])
    with pytest.raises(LgaDraftError, match=r"cut\.docx: .*(corrupt|not a zip)"):
        render_docx("x", META, reference_doc=path)


def test_read_positions_of_a_non_docx_is_an_error(tmp_path):
    path = tmp_path / "x.docx"
    path.write_text("no")
    with pytest.raises(LgaDraftError, match=r"^draft .*x\.docx: not a Word .docx document"):
        read_positions(path)


# ----------------------------------------------------------------------------- packaging


def test_importing_the_word_package_does_not_load_python_docx():
    code = "import sys, lga_draft.word as w; print('docx' in sys.modules, 'lxml' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# ----------------------------------------------------------------------------- LibreOffice


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_libreoffice_renders_the_draft_to_pdf(sample_bytes, tmp_path):
    source = tmp_path / "draft.docx"
    source.write_bytes(sample_bytes)
    profile = tmp_path / "lo-profile"  # a fresh profile: a shared one locks between runs
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "draft.pdf"
    assert pdf.exists() and pdf.stat().st_size > 20_000
    if shutil.which("pdftotext"):
        words = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        # LibreOffice once dropped a position's lead (the text before its footnote mark)
        assert "A national plan built around the NHS can only ever be part" in words
        assert "Clearance sheet" in words and "Page 1 of 5" in words


def test_a_primed_house_document_is_used_once_and_gives_the_same_document(monkeypatch):
    from lga_draft.word import document as writer

    md = FIXTURE.read_text(encoding="utf-8")
    plain = render_docx(md, META, clearance=CLEARANCE)
    writer.prime_house_document()
    primed = writer._PRIMED
    assert primed is not None
    assert _parts(render_docx(md, META, clearance=CLEARANCE)) == _parts(plain)
    assert writer._PRIMED is None  # used up: the next draft opens its own
    assert _parts(render_docx(md, META, clearance=CLEARANCE)) == _parts(plain)
