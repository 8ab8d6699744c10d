"""Mentions: dictionary matching over normalised text, possessives, case, apposition, discovery."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monazite.extract.mentions import MENTION_EXTRACTOR, find_mentions
from monazite.vocab import load_vocabulary

# Half the benchmark's 100k words/s target (bench/bench_mentions.py): tests share a busy machine.


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


def _pairs(text: str, vocab) -> list[tuple[str, str]]:
    return [(m.text, m.entity_id) for m in find_mentions(text, vocab).mentions]


def test_offsets_are_exact_and_possessives_are_excluded(vocab) -> None:
    text = "Baogang Group\u2019s profit rose, and Baogang's unit CNRE followed."
    res = find_mentions(text, vocab)
    for m in res.mentions:
        assert text[m.start:m.end] == m.text
        assert m.extractor == MENTION_EXTRACTOR == "monazite.mentions.v1"
    assert ("Baogang Group", "baogang-group") in _pairs(text, vocab)
    assert ("Baogang", "baogang-group") in _pairs(text, vocab)
    assert ("CNRE", "china-northern-rare-earth") in _pairs(text, vocab)


def test_hyphen_space_and_line_break_variants_match(vocab) -> None:
    text = "Output of neodymium iron boron and neodymium-iron-boron magnets; China Northern\nRare  Earth grew."
    pairs = _pairs(text, vocab)
    assert ("neodymium iron boron", "ndfeb-magnet") in pairs
    assert ("neodymium-iron-boron magnets", "ndfeb-magnet") in pairs
    assert ("China Northern\nRare  Earth", "china-northern-rare-earth") in pairs


def test_longest_match_wins_without_overlaps(vocab) -> None:
    res = find_mentions("China Northern Rare Earth Group High-Tech Co. and China Rare Earth Group met.", vocab)
    assert [(m.text, m.entity_id) for m in res.mentions] == [
        ("China Northern Rare Earth Group High-Tech Co.", "china-northern-rare-earth"),
        ("China Rare Earth Group", "china-rare-earth-group"),
    ]


def test_short_acronyms_and_symbols_need_their_case_and_whole_words(vocab) -> None:
    text = "Tell us about the US plan. In 2024 Dy prices rose as Nd fell; Undyed cloth. Polish firms polish."
    pairs = _pairs(text, vocab)
    assert ("US", "united-states") in pairs and not any(t == "us" for t, _ in pairs)
    assert ("Dy", "dysprosium") in pairs and ("Nd", "neodymium") in pairs
    assert not any(t in ("In", "as", "dy", "polish") for t, _ in pairs)
    assert ("Polish", "poland") in pairs
    assert not any(e == "united-states" for t, e in _pairs("priced at US$50 per kg", vocab))


def test_demonyms_and_metonymy_resolve_to_the_country_and_say_so(vocab) -> None:
    res = find_mentions("Beijing tightened controls on Chinese exports; Washington responded.", vocab)
    got = {(m.text, m.entity_id, form) for m, form in zip(res.mentions, res.forms)}
    assert ("Beijing", "china", "metonymy") in got
    assert ("Chinese", "china", "demonym") in got
    assert ("Washington", "united-states", "metonymy") in got
    assert all(m.kind == "country" for m in res.mentions)


def test_apposition_teaches_an_alias_for_the_document(vocab) -> None:
    text = ("Kestrel Magnetics Co., Ltd. (KMAG, SZSE: 999999) opened a plant. "
            "Later, KMAG said output doubled. The Tohoku Rare Metals Research Institute (TRMRI) agreed.")
    res = find_mentions(text, vocab)
    assert res.learned_aliases == {"KMAG": "kestrel-magnetics-co-ltd",
                                   "TRMRI": "tohoku-rare-metals-research-institute"}
    kmag = [m for m in res.mentions if m.text == "KMAG"]
    assert len(kmag) == 2 and all(m.entity_id == "kestrel-magnetics-co-ltd" for m in kmag)
    assert "SZSE: 999999" not in res.learned_aliases  # tickers of unknown firms are not names


def test_known_aliases_in_brackets_are_not_relearned(vocab) -> None:
    res = find_mentions("China Northern Rare Earth (CNRE) grew; CNRE exported more.", vocab)
    assert res.learned_aliases == {}
    assert [m.entity_id for m in res.mentions].count("china-northern-rare-earth") == 3


def test_unknown_organizations_are_discovered_unreviewed(vocab, fixtures_dir: Path) -> None:
    text = (fixtures_dir / "extract" / "discovery_article.txt").read_text(encoding="utf-8")
    res = find_mentions(text, vocab)
    new = {e.name: e for e in res.entities}
    assert set(new) == {"Tohoku Rare Metals Research Institute", "Kestrel Magnetics Co., Ltd.",
                        "Ministry of Mines and Rare Metals of the Republic of Zembla"}
    assert new["Tohoku Rare Metals Research Institute"].kind == "research_institute"
    assert new["Kestrel Magnetics Co., Ltd."].kind == "company"
    assert all(not e.reviewed for e in new.values())
    ids = {m.entity_id for m in res.mentions}
    assert {"sojitz", "jogmec", "lynas-rare-earths", "malaysia", "dysprosium", "terbium",
            "shin-etsu-chemical", "dysprosium-oxide", "sintered-ndfeb-magnets"} <= ids
    assert res.learned_aliases == {"TRMRI": "tohoku-rare-metals-research-institute"}


def test_headings_and_sentence_openers_are_not_organizations(vocab) -> None:
    text = ("Automated Rare Earth Processing and Recycling\n"
            "Global Magnet Materials\n"
            "Critical Minerals Group of Seven leaders met. According to Western Industry Resources, it grew.")
    res = find_mentions(text, vocab)
    assert res.entities == []


def test_two_organizations_joined_by_and_are_two(vocab) -> None:
    text = "Korvane Materials Corporation and Tessaly Metal Mining Co. responded. Sales Of New Materials rose."
    res = find_mentions(text, vocab)
    assert [(e.name, e.kind) for e in res.entities] == [
        ("Korvane Materials Corporation", "company"), ("Tessaly Metal Mining Co.", "company")]
    known = find_mentions("Mitsubishi Materials Corporation and Sumitomo Metal Mining Co. responded.", vocab)
    assert [m.entity_id for m in known.mentions] == ["mitsubishi-materials", "sumitomo-metal-mining"]


def test_cjk_names_match_without_spaces(vocab) -> None:
    res = find_mentions("据北方稀土公告，包钢集团旗下", vocab)
    assert [(m.text, m.entity_id) for m in res.mentions] == [
        ("北方稀土", "china-northern-rare-earth"), ("包钢集团", "baogang-group")]


def test_legal_forms_after_a_known_name_resolve_to_it(vocab) -> None:
    res = find_mentions("Baogang Group Co., Ltd. and Shenghe Resources Corporation met.", vocab)
    assert [(m.text, m.entity_id) for m in res.mentions] == [
        ("Baogang Group Co., Ltd.", "baogang-group"), ("Shenghe Resources Corporation", "shenghe-resources")]
    assert res.entities == []


_PIECES = ["Baogang", "Group", "\u2019s", "'s", " ", "  ", "\n", "-", "CNRE", "China", "Northern", "Rare", "Earth",
           "(", ")", "US", "us", "Dy", "neodymium", "iron", "boron", "Institute", "Research", "Zorvex", ",", ".",
           "\u0e42", "\u00e9", "\u0130", "\u5317\u65b9\u7a00\u571f"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_any_text_gives_exact_non_overlapping_spans(text: str) -> None:
    vocab = load_vocabulary()
    res = find_mentions(text, vocab)
    last_end = 0
    for m in res.mentions:
        assert text[m.start:m.end] == m.text and m.text.strip() == m.text
        assert last_end <= m.start < m.end
        last_end = m.end
        assert m.entity_id in vocab.entities or m.entity_id in {e.id for e in res.entities}


def _discovered(text: str, vocab) -> dict[str, str]:
    return {e.name: e.kind for e in find_mentions(text, vocab).entities}


def test_tickers_in_brackets_prove_a_company(vocab) -> None:
    text = ("Quarrion Magnet Works (ASX: QMW) raised money. Shares of Pellory Rare Earth (ASX:PLR) rose, "
            "and Tamsin Lake Resources Inc. (TSXV: TLR; OTCQX: TLRRF) drilled. "
            "Halden American Minerals Corporation (NASDAQ: HAMC) and Fenwick (NYSE: FNW) agreed.")
    assert _discovered(text, vocab) == {
        "Quarrion Magnet Works": "company", "Pellory Rare Earth": "company",
        "Tamsin Lake Resources Inc.": "company", "Halden American Minerals Corporation": "company",
        "Fenwick": "company"}


def test_known_tickers_match_however_spaced(vocab) -> None:
    pairs = _pairs("Arafura (ASX:ARU) and Ucore (TSXV : UCU) rose.", vocab)
    assert ("ASX:ARU", "arafura-rare-earths") in pairs and ("TSXV : UCU", "ucore-rare-metals") in pairs


def test_legal_forms_and_own_acronyms_keep_generic_words(vocab) -> None:
    text = ("Meanwhile, American Magnet Holdings Inc. opened an office. "
            "The Tarsin Minerals Institute (TMI) and the Strategic Magnet Institute (SMI) met. "
            "Critical Minerals Group leaders and the Industry Resources desk did not.")
    assert _discovered(text, vocab) == {
        "American Magnet Holdings Inc.": "company", "Tarsin Minerals Institute": "research_institute",
        "Strategic Magnet Institute": "research_institute"}


def test_projects_laws_and_programmes_are_not_organizations(vocab) -> None:
    text = ("The Halvard Rare Earths Project won approval under the Critical Raw Materials Act. "
            "North American Rare Earths Market growth slowed as Raw Materials prices rose, "
            "and the Varden Minerals Strategy was published. Output of Processed Critical Minerals grew.")
    res = find_mentions(text, vocab)
    assert res.entities == []
    assert not any(m.kind == "company" for m in res.mentions)


def test_government_bodies_funds_and_investors_are_discovered(vocab) -> None:
    text = ("Officials at the Ondava Development Authority and the Kesh Provincial Council agreed. "
            "The Lorvik Sovereign Wealth Fund, Ultima Capital and Bluewater Partners invested alongside "
            "the Marrow Investment Bank. The Zentor Minerals Corporation of Canada and Brisco Ventures signed.")
    assert _discovered(text, vocab) == {
        "Ondava Development Authority": "agency", "Kesh Provincial Council": "state_body",
        "Lorvik Sovereign Wealth Fund": "agency", "Ultima Capital": "company", "Bluewater Partners": "company",
        "Marrow Investment Bank": "agency", "Zentor Minerals Corporation of Canada": "company",
        "Brisco Ventures": "company"}


def test_titles_end_a_name_and_board_committees_are_not_bodies(vocab) -> None:
    text = ("The Ministry of Lanthanides Spokesperson Wen said so. "
            "The Board and Sustainability Committee met; the Audit Committee did too.")
    assert _discovered(text, vocab) == {"Ministry of Lanthanides": "state_body"}


def test_accented_names_are_whole(vocab) -> None:
    assert _discovered("Researchers at the University of Tromsø Sjøvik agreed.", vocab) == {
        "University of Tromsø Sjøvik": "university"}


def test_descriptors_name_organizations(vocab) -> None:
    text = ("Australian miner Yarrow Creek said output rose. Orvane, a Nevada-based magnet startup, "
            "signed with consultancy Halberd Analytics. Kim Lee, an analyst at the firm, was cautious. "
            "The company Monday said nothing.")
    assert _discovered(text, vocab) == {
        "Yarrow Creek": "company", "Orvane": "company", "Halberd Analytics": "company"}


def test_quoted_short_names_in_brackets_are_learned(vocab) -> None:
    text = "The Vellum Chemical Company (\u201cVellum\u201d) (NYSE: VLM) signed. Vellum will supply oxide."
    res = find_mentions(text, vocab)
    assert res.learned_aliases == {"Vellum": "vellum-chemical-company"}
    assert [m.text for m in res.mentions if m.entity_id == "vellum-chemical-company"] == [
        "Vellum Chemical Company", "Vellum", "Vellum"]


def test_media_and_state_bodies_of_the_field_are_known(vocab) -> None:
    text = ("According to Argus and Project Blue, prices rose, Reuters and Nikkei Asia reported. "
            "NAIF, the NRFC and KfW lent; Innovate UK and the World Bank funded Mintek and Serra Verde.")
    ids = {m.entity_id for m in find_mentions(text, vocab).mentions}
    assert {"argus-media", "project-blue", "reuters", "nikkei-asia", "northern-australia-infrastructure-facility",
            "national-reconstruction-fund-corporation", "kfw", "innovate-uk", "world-bank", "mintek",
            "serra-verde"} <= ids
    assert all(vocab.entities[i].attributes.get("media") for i in ("argus-media", "reuters", "project-blue"))


def test_common_words_do_not_match_case_sensitive_company_names(vocab) -> None:
    text = ("Mineral Resources at the deposit total 30 million tonnes; vital metals and critical metals "
            "matter, and a rainbow formed.")
    assert not any(m.kind == "company" for m in find_mentions(text, vocab).mentions)


def test_a_place_led_public_body_is_its_own_not_the_federal_one(vocab) -> None:
    found = find_mentions("Governor Alden Marsh and the Oklahoma Department of Commerce secured the plant.", vocab)
    assert [(m.text, m.entity_id) for m in found.mentions if m.kind != "region"] == [
        ("Oklahoma Department of Commerce", "oklahoma-department-of-commerce")]
    assert found.entities and not found.entities[0].reviewed
    # the country's own body keeps its vocabulary entry, and a name cut out of a longer place stays whole
    assert [m.entity_id for m in find_mentions("The U.S. Department of Commerce said.", vocab).mentions] == [
        "us-department-of-commerce"]
    assert [m.entity_id for m in find_mentions("Western Australia Department of Mines said.", vocab).mentions] == [
        "western-australia", "wa-department-of-mines"]


def test_bodies_named_for_what_they_are_for_are_whole(vocab) -> None:
    text = ("The Velm Organization for Metals and Energy Security (VOMES) and the Agency for Lanthanide Studies "
            "met the Tarrow Ministry of Mines and Lanthanides.")
    assert _discovered(text, vocab) == {
        "Velm Organization for Metals and Energy Security": "agency",
        "Agency for Lanthanide Studies": "agency", "Tarrow Ministry of Mines and Lanthanides": "state_body"}


def test_dotted_place_abbreviations_lead_a_body_and_common_words_name_it_after_the(vocab) -> None:
    text = ("The U.K. Lanthanide Survey and the Metallurgical Research Commission agreed, "
            "while Critical Minerals Agency spending and Rare Metals Commission talks did not.")
    assert _discovered(text, vocab) == {
        "U.K. Lanthanide Survey": "agency", "Metallurgical Research Commission": "state_body"}


def test_a_person_or_a_deposit_before_and_is_no_part_of_the_name(vocab) -> None:
    text = ("It was endorsed by president Orla Vaskin and Borvia Commission head Ulla Dern. "
            "We partner with Keldar and Northern Lanthanide Metals Corp on the deposit, "
            "as did Ohio-based Tarsin Halvorsen Magnet Works Inc. and the Zorva Minerals and Energy Agency.")
    assert _discovered(text, vocab) == {
        "Borvia Commission": "state_body", "Northern Lanthanide Metals Corp": "company",
        "Tarsin Halvorsen Magnet Works Inc.": "company", "Zorva Minerals and Energy Agency": "agency"}


def test_title_case_headlines_are_no_names_without_their_own_evidence(vocab) -> None:
    text = ("Funding Worries Grow as Keldar Pushes Ahead Despite Wider Lanthanide Resources Tensions\n"
            "Keldar Lanthanide Metals Inc. Quarterly Update Released Today Without Delay\n"
            "The company said little.")
    assert _discovered(text, vocab) == {"Keldar Lanthanide Metals Inc.": "company"}


def test_credits_and_datelines_name_no_organization(vocab) -> None:
    text = ("A truck waits at the port. \u2014 Reuters pic\nSource:SMM\nPhoto: Bloomberg\n"
            "BEIJING (Reuters) - Prices rose, analysts at Fastmarkets said.")
    assert {m.entity_id for m in find_mentions(text, vocab).mentions if m.kind == "company"} == {"fastmarkets"}
    assert "reuters" in {m.entity_id for m in find_mentions("Officials told Reuters on Monday.", vocab).mentions}


def test_lowercase_customs_is_a_generic_phrase(vocab) -> None:
    assert "china-customs" not in {m.entity_id for m in find_mentions("Chinese customs data show a drop.", vocab).mentions}
    assert "china-customs" in {m.entity_id for m in find_mentions("China Customs said exports fell.", vocab).mentions}


def test_appositions_and_place_attributes_describe_organizations(vocab) -> None:
    text = ("It bought the deposit from Ruritanian private equity firm, Lorimer Activa. "
            "Lars Holm, CEO of Strategic Ore Invest, a Dutch investment firm, told us. "
            "Then Nevada-based Orvane Elements signed. Asked about it, the firm, Holm said, was calm.")
    assert _discovered(text, vocab) == {
        "Lorimer Activa": "company", "Strategic Ore Invest": "company", "Orvane Elements": "company"}


def test_unknown_names_listed_among_organizations_are_organizations(vocab) -> None:
    text = ("Talks included Keldar Metals Group, Orvane Mining, Brisco Comstar, and Tellurex. "
            "Lynas, Iluka and Varnholt agreed. China, Japan and Quorvale did not. "
            "It works with EMR, the Zentor (ZT) Catapult, Magnolux and the University of Tromsø.")
    found = _discovered(text, vocab)
    assert {"Brisco Comstar", "Tellurex", "Varnholt"} <= set(found)
    assert "Quorvale" not in found and "Catapult" not in found


def test_critical_mineral_companies_banks_and_bodies_are_known(vocab) -> None:
    text = ("Syrah and Liontown sold to CATL; Citi, UBS and Canaccord advised, ASIC and Austrade watched, "
            "and NATO spoke. A cobalt blue glaze and standard lithium salts are no companies.")
    ids = {m.entity_id for m in find_mentions(text, vocab).mentions}
    assert {"syrah-resources", "liontown-resources", "contemporary-amperex-technology", "citigroup", "ubs",
            "canaccord-genuity", "australian-securities-and-investments-commission", "austrade", "nato"} <= ids
    assert not {"cobalt-blue-holdings", "standard-lithium"} & ids


def test_names_introduced_by_plural_descriptors_are_organizations(vocab) -> None:
    text = ("Buyers include carmakers such as Velmora, Tarsin Motors and Quill & Boone. "
            "Countries such as Norway and Chile agreed, and firms like China did not.")
    found = _discovered(text, vocab)
    assert {"Velmora": "company", "Tarsin Motors": "company", "Quill & Boone": "company"}.items() <= found.items()
    assert set(found) == {"Velmora", "Tarsin Motors", "Quill & Boone"}


def test_further_company_suffixes_and_strict_ones(vocab) -> None:
    text = ("Orvane Solutions, Keldar Motors, Tarsin Chemicals and the Velm Magnet Alliance signed; "
            "Brisco Elements joined. Heavy Rare Earth Elements and These Elements are no companies.")
    found = _discovered(text, vocab)
    assert {"Orvane Solutions", "Keldar Motors", "Tarsin Chemicals", "Velm Magnet Alliance",
            "Brisco Elements"} == set(found)


def test_a_media_masthead_line_is_no_mention(vocab) -> None:
    text = "Mining Weekly\nHome | News\nPrices rose, Mining Weekly reported on Monday."
    found = [m.start for m in find_mentions(text, vocab).mentions if m.entity_id == "mining-weekly"]
    assert found == [text.index("Mining Weekly reported")]


def test_relation_nouns_describe_organizations(vocab) -> None:
    text = ("Its associate Velmora and its subsidiary Keldar Magnetics grew faster than rival Orvane, "
            "an associate Professor said.")
    assert _discovered(text, vocab) == {"Velmora": "company", "Keldar Magnetics": "company", "Orvane": "company"}


def test_a_possessor_of_what_only_companies_have_is_a_company(vocab) -> None:
    text = ("Velmora's shareholders approved it, and Keldar Magnetics\u2019 chief executive agreed. "
            "Orla Vask's shares and Norway's revenue are another matter.")
    assert _discovered(text, vocab) == {"Velmora": "company", "Keldar Magnetics": "company"}


def test_a_name_before_an_officer_title_and_a_person_is_a_company(vocab) -> None:
    text = ("Velmora CEO Orla Vask said so, and Keldar Magnetics managing director Ben Ode agreed. "
            "The CEO Tom Hart and Former CEO Ann Lee did not.")
    assert _discovered(text, vocab) == {"Velmora": "company", "Keldar Magnetics": "company"}


def test_names_whose_shares_trade_are_companies(vocab) -> None:
    text = ("Shares of Velmora rose 4% and Keldar Magnetics shares fell. "
            "Mining shares rose, Asian shares fell and Technology shares were flat.")
    assert _discovered(text, vocab) == {"Velmora": "company", "Keldar Magnetics": "company"}


def test_an_outlet_told_a_thing_is_an_organization(vocab) -> None:
    text = ("An executive told the Velmora Herald on Monday, and a trader told KTVX that prices fell. "
            "She told Orla Vask in May, he told reporters.")
    assert _discovered(text, vocab) == {"Velmora Herald": "company", "KTVX": "company"}
