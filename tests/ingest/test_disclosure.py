"""Disclosure metadata: filing type, issuer, exchange and ticker from what a document says of
itself, and the source it makes in corroboration."""

from __future__ import annotations

import pytest

from monazite.ingest.disclosure import detect_disclosure, disclosure_source
from monazite.ingest.parse import IngestOptions, parse_raw
from monazite.ingest.sources import RawInput
from monazite.model import Disclosure, Document, Source
from monazite.settings import Settings

BODY = ("\n\nThe company reported production of 10,500 tonnes of NdPr oxide for the year, up from 9,200 tonnes, "
        "and continued work on its processing facilities in Western Australia and Malaysia.\n")


@pytest.mark.parametrize(("head", "expected"), [
    ("Lynas Rare Earths Limited (ASX: LYC)\nAnnual Report 2024",
     Disclosure("Lynas Rare Earths Limited", "ASX", "LYC", "annual_report")),
    ("ASX ANNOUNCEMENT\n28 January 2025\nQuarterly Activities Report for the period ended 31 December 2024\n"
     "Lynas Rare Earths Ltd (ASX: LYC, OTC: LYSCF) is pleased to report its results.",
     Disclosure("Lynas Rare Earths Ltd", "ASX", "LYC", "quarterly_report")),
    ("MP Materials Corp. (NYSE: MP)\nForm 10-K\nFor the fiscal year ended December 31, 2024",
     Disclosure("MP Materials Corp.", "NYSE", "MP", "annual_report")),
    ("MP Materials Corp. (NASDAQ: MP)\nForm 10-Q\nFor the quarterly period ended June 30, 2025",
     Disclosure("MP Materials Corp.", "NASDAQ", "MP", "quarterly_report")),
    ("Arafura Rare Earths Ltd\nHalf-Year Report and Appendix 4D\nfor the six months ended 31 December 2024",
     Disclosure("Arafura Rare Earths Ltd", None, None, "half_year_report")),
    ("China Northern Rare Earth (Group) High-Tech Co., Ltd.\nSSE: 600111\n2024 Half-Year Report",
     Disclosure("China Northern Rare Earth (Group) High-Tech Co., Ltd.", "SSE", "600111", "half_year_report")),
    ("Announcement to the Hong Kong Stock Exchange\nJL Mag Rare-Earth Co., Ltd. (HKEX: 6680)\nVoluntary announcement",
     Disclosure("JL Mag Rare-Earth Co., Ltd.", "HKEX", "6680", "exchange_announcement")),
    ("Iluka Resources Limited\nASX Release\n20 February 2025",
     Disclosure("Iluka Resources Limited", "ASX", None, "exchange_announcement")),
    ("Ministry of Commerce\nMOFCOM Announcement No. 61 of 2024\nOn export controls on dual-use items to the US",
     Disclosure("Ministry of Commerce", None, None, "government_notice")),
    ("U.S. Geological Survey\nMineral Commodity Summaries 2025\nRare earths",
     Disclosure("U.S. Geological Survey", None, None, "statistical_release")),
    ("National Bureau of Statistics of China\nStatistical Bulletin on the National Economic and Social Development",
     Disclosure("National Bureau of Statistics of China", None, None, "statistical_release")),
])
def test_filings_say_what_they_are_and_who_issues_them(head: str, expected: Disclosure) -> None:
    assert detect_disclosure(head + BODY) == expected


@pytest.mark.parametrize(("text", "title"), [
    ("Lynas quarterly report shows record output\nSYDNEY (Reuters) - Lynas Rare Earths (ASX: LYC) said in its "
     "quarterly report on Tuesday that output rose.", None),
    ("Rare earth prices rise\nArafura Rare Earths (ASX: ARU) has secured funding for its Nolans project.", None),
    ("Markets wrap" + BODY, "Lynas Quarterly Report: Record NdPr Output"),
    ("Analysts said the annual report of the company, due in March, would show higher sales.", None),
])
def test_a_story_about_a_filing_is_no_filing(text: str, title: str | None) -> None:
    assert detect_disclosure(text, title) is None


def test_the_title_alone_may_name_the_filing() -> None:
    found = detect_disclosure("Chairman's letter" + BODY, "Lynas Rare Earths Annual Report 2024")
    assert found == Disclosure("Lynas Rare Earths", None, None, "annual_report")


def test_a_company_filing_is_the_company_s_own_word_a_notice_the_government_s() -> None:
    lynas = Disclosure("Lynas Rare Earths Limited", "ASX", "LYC", "annual_report")
    assert disclosure_source(lynas, None) == Source("Lynas Rare Earths", "company", "https://lynasrareearths.com")
    unknown = Disclosure("Acme Rare Metals Ltd", "ASX", "ARM", "quarterly_report")
    assert disclosure_source(unknown, Source("asx.com.au", "filing")) == Source("Acme Rare Metals", "company")
    notice = Disclosure("Ministry of Commerce", None, None, "government_notice")
    assert disclosure_source(notice, None) == Source("Ministry of Commerce", "government")
    # a page an independent publisher serves stays theirs; a filing with no issuer changes nothing
    reuters = Source("Reuters", "independent", "https://reuters.com")
    assert disclosure_source(lynas, reuters) == reuters
    assert disclosure_source(Disclosure(None, "ASX", None, "exchange_announcement"), None) is None


def _parse(text: str, **options: str) -> Document:
    [doc] = list(parse_raw(RawInput(origin="report.txt", data=text.encode(), kind="text"), Settings(),
                           IngestOptions(**options)))
    assert isinstance(doc, Document)
    return doc


def test_ingest_records_the_disclosure_and_its_source() -> None:
    doc = _parse("ASX Announcement\nAcme Rare Metals Ltd (ASX: ARM)\nQuarterly Activities Report\n" + BODY * 3)
    assert doc.disclosure == Disclosure("Acme Rare Metals Ltd", "ASX", "ARM", "quarterly_report")
    assert doc.source == Source("Acme Rare Metals", "company")


def test_the_operator_s_source_is_never_replaced() -> None:
    doc = _parse("ASX Announcement\nAcme Rare Metals Ltd (ASX: ARM)\nQuarterly Activities Report\n" + BODY * 3,
                 source="Metals Weekly")
    assert doc.disclosure is not None and doc.disclosure.filing_type == "quarterly_report"
    assert doc.source is not None and doc.source.name == "Metals Weekly"


def test_a_news_story_keeps_no_disclosure() -> None:
    doc = _parse("Acme shares jump on output\nAcme Rare Metals Ltd (ASX: ARM) said on Monday that its quarterly "
                 "report showed record production." + BODY * 3)
    assert doc.disclosure is None
