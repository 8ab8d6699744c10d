"""Table figures as facts: subject from the row (else the caption, else the issuer), metric,
period and unit from the headers and caption, the cell as provenance."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monazite.extract.document import extract_document
from monazite.extract.tables import TABLE_EXTRACTOR
from monazite.ingest.tables import render_table, shift_table
from monazite.model import Disclosure, Document, Fact, Page, document_id
from monazite.settings import Settings
from monazite.vocab import load_vocabulary

LYNAS = Disclosure(issuer="Lynas Rare Earths Limited", exchange="ASX", ticker="LYC", filing_type="annual_report")
INTRO = ("Lynas Rare Earths Limited (ASX: LYC)\nAnnual Report 2024\n"
         "Lynas produced 10,500 tonnes of NdPr oxide in 2024, the company said.\n")


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


def _doc(tables: Sequence[tuple[list[list[str]], str | None]], *, intro: str = INTRO, outro: str = "End of report.\n",
         disclosure: Disclosure | None = LYNAS, page_breaks: bool = True) -> Document:
    """A document of ``intro``, the tables rendered as every reader renders them, and ``outro``;
    with ``page_breaks``, the intro is page 1 and each table starts a page of its own."""
    text, placed, starts = intro, [], [0]
    for index, (rows, caption) in enumerate(tables, start=1):
        starts.append(len(text))
        rendered, table = render_table(rows, index=index, kind="pdf", caption=caption,
                                       row_pages=[index + 1] * len(rows) if page_breaks else None)
        placed.append(shift_table(table, len(text)))
        text += rendered + "\n"
    text += outro
    pages = [Page(n, start, end) for n, (start, end) in enumerate(zip(starts, [*starts[1:], len(text)]), start=1)]
    return Document(id=document_id(text), origin="report.pdf", text=text, raw_sha256="0", tables=placed,
                    pages=pages if page_breaks else [], disclosure=disclosure)


def _table_facts(doc: Document, vocab) -> dict[str, Fact]:
    facts = extract_document(doc, vocab).facts
    return {f.cell: f for f in facts if f.extractor == TABLE_EXTRACTOR}


PRODUCTION = [["Product", "2023", "2024", "2025e", "Change"],
              ["NdPr oxide (t)", "9,200", "10,500", "11,000", "14%"],
              ["Dysprosium oxide (kg)", "1,200", "1,480", "", "23%"],
              ["Mt Weld concentrate (t)", "30,000", "41,000", "", ""],
              ["Total REO (t)", "15,000", "16,000", "", "7%"]]


def test_production_table_by_year_and_product_gives_a_fact_per_cell_with_its_cell_and_page(vocab) -> None:
    doc = _doc([(PRODUCTION, "Table 3 Production by product")])
    facts = _table_facts(doc, vocab)
    ndpr = facts["1:1:2"]
    assert (ndpr.subject, ndpr.metric, ndpr.value, ndpr.unit, ndpr.period) == (
        "lynas-rare-earths", "production", 10500.0, "t", "2024")
    assert ndpr.material == "ndpr-oxide" and ndpr.basis == "oxide" and ndpr.page == 2
    assert doc.text[ndpr.start:ndpr.end] == "10,500" == ndpr.value_text
    assert doc.text[ndpr.sentence_start:ndpr.sentence_end] == "NdPr oxide (t) | 9,200 | 10,500 | 11,000 | 14%"
    assert ndpr.quote == "Table 3 Production by product \u2014 NdPr oxide (t), 2024: 10,500"
    assert ndpr.confidence >= 0.8
    dy = facts["1:2:1"]
    assert (dy.value, dy.unit, dy.period, dy.material) == (1.2, "t", "2023", "dysprosium-oxide")  # kg read as t
    # the forecast column is never a reported figure, the site row is not the company's total
    assert not {"1:1:3", "1:3:1", "1:3:2"} & facts.keys()
    total = facts["1:4:2"]
    assert (total.subject, total.value, total.material, total.basis) == ("lynas-rare-earths", 16000.0, "reo", "REO")
    growth = facts["1:1:4"]  # two reported years: the change column is the growth of the later one
    assert (growth.metric, growth.value, growth.unit, growth.period) == ("volume_growth", 14.0, "%", "2024")
    assert growth.confidence < ndpr.confidence
    assert set(facts) == {"1:1:1", "1:1:2", "1:1:4", "1:2:1", "1:2:2", "1:2:4", "1:4:1", "1:4:2", "1:4:4"}


def test_prose_never_reads_the_table_lines_and_every_record_has_its_page(vocab) -> None:
    doc = _doc([(PRODUCTION, "Table 3 Production by product")],
               outro="Lynas announced an expansion of its Kalgoorlie plant in 2024.\n")
    extraction = extract_document(doc, vocab)
    table = doc.tables[0]
    prose = [f for f in extraction.facts if f.extractor != TABLE_EXTRACTOR]
    assert prose and all(not table.start <= f.start < table.end for f in prose)
    assert all(f.page is not None for f in extraction.facts)
    assert [f.page for f in prose] == [1]
    assert all(e.page == 2 and not table.start <= e.start < table.end for e in extraction.events)
    assert all(f.cell is None for f in prose)


def test_a_table_turned_on_its_side_reads_periods_from_rows(vocab) -> None:
    rows = [["Year", "NdPr oxide (t)", "Terbium (kg)"], ["2023", "9,200", "5"], ["FY2024", "10,500", "7"],
            ["2025 guidance", "12,000", "9"]]
    facts = _table_facts(_doc([(rows, "Lynas production by year")]), vocab)
    assert set(facts) == {"1:1:1", "1:1:2", "1:2:1", "1:2:2"}
    assert (facts["1:2:1"].period, facts["1:2:1"].material, facts["1:2:1"].value) == ("2024", "ndpr-oxide", 10500.0)
    assert (facts["1:1:2"].material, facts["1:1:2"].value) == ("terbium", 0.005)
    assert facts["1:2:1"].quote == "Lynas production by year \u2014 FY2024, NdPr oxide (t): 10,500"


def test_rows_naming_countries_are_the_subjects_and_their_total_is_nobodys(vocab) -> None:
    rows = [["Country", "2024 (t)"], ["China", "270,000"], ["United States", "45,000"], ["Total", "390,000"]]
    facts = _table_facts(_doc([(rows, "Mine production by country")], disclosure=None), vocab)
    assert {(f.subject, f.value, f.period) for f in facts.values()} == {
        ("china", 270000.0, "2024"), ("united-states", 45000.0, "2024")}


def test_caption_names_the_holder_and_money_takes_the_unit_scale(vocab) -> None:
    rows = [["", "FY2023", "FY2024"], ["Revenue (A$m)", "736.6", "463.3"], ["Net profit (A$m)", "306.6", "(84.5)"]]
    facts = _table_facts(_doc([(rows, "MP Materials key figures")], disclosure=None, intro="Key figures.\n"), vocab)
    revenue = facts["1:1:2"]
    assert (revenue.subject, revenue.metric, revenue.value, revenue.unit, revenue.period) == (
        "mp-materials", "revenue", 463.3e6, "AUD", "2024")
    loss = facts["1:2:2"]
    assert (loss.metric, loss.value) == ("profit", -84.5e6)


def test_no_subject_anywhere_means_no_fact(vocab) -> None:
    rows = [["Product", "2024"], ["NdPr oxide (t)", "10,500"]]
    assert _table_facts(_doc([(rows, "Production by product")], disclosure=None, intro="Figures.\n"), vocab) == {}


def test_rows_naming_where_figures_went_are_not_their_holders(vocab) -> None:
    rows = [["Destination", "Jan 2025", "Feb 2025"], ["Japan", "1,200", "1,350"], ["United States", "800", "650"],
            ["Total", "2,000", "2,000"]]
    intro = "China customs data.\n"
    facts = _table_facts(_doc([(rows, "China rare earth magnet exports (tonnes)")], disclosure=None, intro=intro), vocab)
    assert {(f.cell, f.subject, f.metric, f.period) for f in facts.values()} == {
        ("1:3:1", "china", "exports", "2025-01"), ("1:3:2", "china", "exports", "2025-02")}
    no_holder = _table_facts(_doc([(rows, "Magnet exports (tonnes)")], disclosure=None, intro=intro), vocab)
    assert no_holder == {}  # "Destination" says the rows are not holders; the total is nobody's


def test_a_segment_row_of_a_company_table_is_not_the_companys_figure(vocab) -> None:
    rows = [["Revenue by region (A$m)", "2024"], ["China", "120.5"], ["Japan", "80.1"], ["Total", "200.6"]]
    facts = _table_facts(_doc([(rows, "Revenue")]), vocab)
    assert [(f.subject, f.value) for f in facts.values()] == [("lynas-rare-earths", 200.6e6)]


def test_a_row_saying_nothing_readable_stays_an_unconfirmed_candidate(vocab) -> None:
    rows = [["Item", "2024"], ["Stream A volumes (t)", "1,000"], ["NdPr oxide (t)", "10,500"]]
    facts = _table_facts(_doc([(rows, "Production")]), vocab)
    threshold = Settings().fact_confidence_threshold
    assert facts["1:1:1"].confidence < threshold <= facts["1:2:1"].confidence


def test_section_rows_and_a_unit_column_are_read(vocab) -> None:
    rows = [["", "Unit", "H1 2025", "H2 2024"], ["Production", "", "", ""], ["NdPr oxide", "t", "5,655", "5,300"],
            ["Sales", "", "", ""], ["Revenue", "A$ million", "366.3", "254.1"]]
    facts = _table_facts(_doc([(rows, "Half-year summary")]), vocab)
    ndpr = facts["1:2:2"]
    assert (ndpr.metric, ndpr.value, ndpr.unit, ndpr.period, ndpr.material) == (
        "production", 5655.0, "t", "2025-H1", "ndpr-oxide")
    assert (facts["1:4:3"].metric, facts["1:4:3"].value, facts["1:4:3"].period) == ("revenue", 254.1e6, "2024-H2")


def test_unpaginated_tables_have_cells_but_no_pages(vocab) -> None:
    rows = [["Product", "2024"], ["NdPr oxide (t)", "10,500"]]
    facts = _table_facts(_doc([(rows, "Production")], page_breaks=False), vocab)
    assert facts["1:1:1"].page is None and facts["1:1:1"].cell == "1:1:1"


CELL_TEXTS = ["", "2023", "FY2024", "Q3 2024", "2025e", "Change", "Total", "NdPr oxide (t)", "China", "Mt Weld",
              "Revenue (A$m)", "1,200", "(12.5)", "14%", "n/a", "-", "US$25/kg", "Lynas", "12.5", "Unit", "t",
              "<b>x</b>", "Dysprosium oxide (kg)", "Production", "2024 vs 2023", "'000 t"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(st.sampled_from(CELL_TEXTS), min_size=1, max_size=5), min_size=1, max_size=6),
       header_rows=st.integers(0, 2), caption=st.sampled_from([None, "Production by product", "Lynas revenue"]))
def test_any_table_gives_facts_whose_spans_are_their_cells(vocab, rows, header_rows: int, caption) -> None:
    text, table = render_table(rows, index=1, kind="html", header_rows=header_rows, caption=caption)
    doc = Document(id=document_id(text), origin="t.html", text=INTRO + text + "\n", raw_sha256="0",
                   tables=[shift_table(table, len(INTRO))], disclosure=LYNAS)
    for fact in _table_facts(doc, vocab).values():
        t, r, c = (int(x) for x in fact.cell.split(":"))
        cell = doc.tables[0].cell(r, c)
        assert t == 1 and r >= doc.tables[0].header_rows and (fact.start, fact.end) == (cell.start, cell.end)
        assert doc.text[fact.start:fact.end] == fact.value_text and 0 < fact.confidence <= 1


def test_an_issuer_the_vocabulary_lacks_is_the_organization_its_letterhead_names(vocab) -> None:
    intro = ("Acme Rare Metals Ltd (ASX: ARM)\nQuarterly Activities Report\n"
             "Acme Rare Metals Ltd is pleased to report its production.\n")
    acme = Disclosure("Acme Rare Metals Ltd", "ASX", "ARM", "quarterly_report")
    rows = [["Product", "Q3 2024", "Q4 2024"], ["NdPr oxide (t)", "120", "150"]]
    facts = _table_facts(_doc([(rows, "Production")], disclosure=acme, intro=intro), vocab)
    assert {(f.subject, f.period, f.value) for f in facts.values()} == {
        ("acme-rare-metals-ltd", "2024-Q3", 120.0), ("acme-rare-metals-ltd", "2024-Q4", 150.0)}


def test_a_cell_writing_its_own_currency_takes_the_scale_its_row_or_caption_states(vocab) -> None:
    rows = [["", "FY2023", "FY2024"], ["Revenue (US$ million)", "$3.2", "US$4.1"],
            ["Net profit (US$ million)", "$1.5m", "$2.0"]]
    facts = _table_facts(_doc([(rows, "MP Materials key figures (US$ million)")], disclosure=None,
                              intro="Key figures.\n"), vocab)
    assert (facts["1:1:1"].value, facts["1:1:1"].unit) == (3.2e6, "USD")
    assert (facts["1:1:2"].value, facts["1:1:2"].unit) == (4.1e6, "USD")
    assert facts["1:2:1"].value == 1.5e6  # the cell's own scale is not applied twice
    other = [["", "FY2024"], ["Revenue (A$ million)", "US$4.1"]]  # another currency: the cell's own figure stands
    facts = _table_facts(_doc([(other, "MP Materials key figures")], disclosure=None, intro="Key figures.\n"), vocab)
    assert (facts["1:1:1"].value, facts["1:1:1"].unit) == (4.1, "USD")


def _appended_web_tables(tables: Sequence[list[list[str]]]) -> Document:
    from monazite.ingest.html_tables import HtmlTable, append_tables

    text, placed = append_tables("MP Materials output rose, the company said.",
                                 [HtmlTable(rows=rows) for rows in tables])
    return Document(id=document_id(text), origin="https://example.com/a", text=text, raw_sha256="0", tables=placed)


def test_a_table_without_caption_never_takes_another_tables_last_row_as_its_caption(vocab) -> None:
    holders = [["Company", "Production 2023 (t)", "Production 2024 (t)"], ["MP Materials", "41,000", "45,000"]]
    products = [["Product", "2024"], ["NdPr oxide production (t)", "10,500"]]
    facts = _table_facts(_appended_web_tables([holders, products]), vocab)
    assert facts and all(cell.startswith("1:") for cell in facts)  # the second table names no holder
    doc = _doc([(holders, None), (products, None)], disclosure=None, intro="Figures.\n", page_breaks=False)
    assert all(cell.startswith("1:") for cell in _table_facts(doc, vocab))


def test_a_pdf_table_without_caption_still_takes_the_heading_above_it(vocab) -> None:
    rows = [["Product", "2024"], ["NdPr oxide (t)", "10,500"]]
    doc = _doc([(rows, None)], disclosure=None, intro="Report.\nMP Materials production\n", page_breaks=False)
    assert {f.subject for f in _table_facts(doc, vocab).values()} == {"mp-materials"}


def test_the_issuer_is_found_under_the_name_its_disclosure_source_gets(vocab) -> None:
    """The table's issuer and the disclosure's source drop the same endings from the issuer's
    name ("MP Materials Holdings" -> "MP Materials"), by one rule."""
    from monazite.ingest.disclosure import disclosure_source, issuer_names

    mp = Disclosure(issuer="MP Materials Holdings", exchange="NYSE", ticker=None, filing_type="annual_report")
    assert issuer_names("MP Materials Holdings") == ["MP Materials Holdings", "MP Materials"]
    assert disclosure_source(mp, None).name == "MP Materials"
    rows = [["Product", "2024"], ["NdPr oxide production (t)", "1,300"]]
    facts = _table_facts(_doc([(rows, "Production")], disclosure=mp, intro="Annual report 2024.\n"), vocab)
    assert {f.subject for f in facts.values()} == {"mp-materials"}
