"""A generated corpus of rare-earth news for the retrieval yardstick, and the rule that judges it.

Why generated: judging 2,000 real articles against 50 queries by hand is out of reach, and
real articles cannot be shipped. Each generated article is built from a structured record
(what happened, to which element, where, who did it, and often a second thing mentioned in
passing) rendered through several paraphrases of every concept: "output" or "production"
or "mining volumes", "export restrictions" or "curbs on overseas shipments", "magnet maker"
or "permanent magnet producer". A query written in one wording must therefore find articles
written in others, which is where semantic retrieval earns its keep; full text still wins
on names and rare words. A quarter of the corpus are distractors: the same kinds of events
about lithium, copper, graphite, cobalt and other commodities, which share most words with
the rare-earth articles and are never relevant.

The relevance of an article to a query follows from the records alone (``judge``), graded:
2 when the article's main event is the query's event and every facet the query names
(element, country, company, company role) fits; 1 when the main event fits and all but one
facet fits, or when the event is mentioned in passing and every facet fits; 0 otherwise.

Everything is seeded: ``generate(n)`` returns the same articles on every machine, and its
first k articles are ``generate(k)``, so a quick run takes a prefix of the corpus.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field

__all__ = ["Article", "COMPANIES", "EVENTS", "SEED", "generate", "judge"]

SEED = 20261201
DISTRACTOR_SHARE = 0.25  # articles about other commodities: never relevant
SECOND_EVENT_SHARE = 0.45  # articles that mention a second happening in passing
FILLER_SENTENCES = (2, 5)  # market commentary sentences per article (min, max)

# Element -> surface forms. Group words ("heavy rare earths") stand for their members.
ELEMENTS: dict[str, tuple[str, ...]] = {
    "neodymium": ("neodymium", "neodymium oxide", "Nd"),
    "praseodymium": ("praseodymium", "praseodymium oxide"),
    "ndpr": ("NdPr", "neodymium-praseodymium", "NdPr oxide", "didymium"),
    "dysprosium": ("dysprosium", "dysprosium oxide", "Dy"),
    "terbium": ("terbium", "terbium oxide", "Tb"),
    "yttrium": ("yttrium", "yttrium oxide"),
    "lanthanum": ("lanthanum", "lanthanum carbonate"),
    "cerium": ("cerium", "cerium oxide"),
    "samarium": ("samarium", "samarium-cobalt alloy feedstock"),
    "mixed": ("rare earths", "rare earth elements", "REEs", "rare-earth concentrate", "mixed rare earth carbonate"),
}
HEAVY = {"dysprosium", "terbium", "yttrium"}
LIGHT = {"neodymium", "praseodymium", "ndpr", "lanthanum", "cerium", "samarium"}
GROUP_WORDS = {"heavy": ("heavy rare earths", "heavy rare earth elements", "HREEs"),
               "light": ("light rare earths", "light rare earth elements")}

OTHER_COMMODITIES: dict[str, tuple[str, ...]] = {
    "lithium": ("lithium", "lithium carbonate", "spodumene"),
    "copper": ("copper", "copper concentrate", "refined copper"),
    "graphite": ("graphite", "natural graphite", "anode graphite"),
    "cobalt": ("cobalt", "cobalt hydroxide"),
    "nickel": ("nickel", "nickel matte", "class 1 nickel"),
    "gallium": ("gallium", "germanium and gallium"),
    "iron ore": ("iron ore", "iron ore fines"),
    "uranium": ("uranium", "yellowcake"),
}

COUNTRIES: dict[str, tuple[str, ...]] = {
    "china": ("China", "Beijing", "Chinese authorities", "the Chinese government"),
    "usa": ("the United States", "the US", "Washington", "the American government"),
    "australia": ("Australia", "Canberra", "the Australian government"),
    "myanmar": ("Myanmar", "Burma", "Myanmar's Kachin state"),
    "malaysia": ("Malaysia", "Kuala Lumpur", "the Malaysian government"),
    "vietnam": ("Vietnam", "Hanoi", "Vietnamese authorities"),
    "brazil": ("Brazil", "Brasilia", "Brazilian regulators"),
    "greenland": ("Greenland", "Nuuk", "Greenland's government"),
    "japan": ("Japan", "Tokyo", "the Japanese government"),
    "eu": ("the European Union", "Brussels", "the EU"),
    "india": ("India", "New Delhi", "Indian authorities"),
    "canada": ("Canada", "Ottawa", "Canadian regulators"),
}

ROLES: dict[str, tuple[str, ...]] = {
    "miner": ("miner", "mining company", "mine operator", "producer"),
    "refiner": ("refiner", "processor", "separation plant operator", "processing company"),
    "magnet": ("magnet maker", "permanent magnet producer", "magnet manufacturer", "NdFeB magnet supplier"),
    "recycler": ("recycler", "recycling company", "scrap processor"),
}


@dataclass(frozen=True)
class Company:
    key: str
    name: str
    role: str
    country: str


COMPANIES: dict[str, Company] = {c.key: c for c in (
    Company("harrow", "Harrow Rare Metals", "miner", "australia"),
    Company("southerncross", "Southern Cross Minerals", "miner", "australia"),
    Company("jinlong", "Jinlong Rare Earth Group", "refiner", "china"),
    Company("baishan", "Baishan Northern Materials", "miner", "china"),
    Company("ridgeline", "Ridgeline Materials", "miner", "usa"),
    Company("lakeshore", "Lakeshore Separation", "refiner", "usa"),
    Company("nordmag", "Nordmag Magnet Works", "magnet", "eu"),
    Company("sakura", "Sakura Magnetics", "magnet", "japan"),
    Company("keystone", "Keystone Magnetics", "magnet", "usa"),
    Company("tanjong", "Tanjong Processing", "refiner", "malaysia"),
    Company("mekong", "Mekong Minerals", "miner", "vietnam"),
    Company("serra", "Serra Verde Terras", "miner", "brazil"),
    Company("arctica", "Arctica Resources", "miner", "greenland"),
    Company("cyclemet", "CycleMet Recovery", "recycler", "eu"),
    Company("deccan", "Deccan Rare Earths", "refiner", "india"),
    Company("borealis", "Borealis Critical Metals", "miner", "canada"),
    Company("huaxin", "Huaxin Magnet Technology", "magnet", "china"),
    Company("remag", "ReMag Circular", "recycler", "usa"),
    Company("kaizen", "Kaizen Resource Recovery", "recycler", "japan"),
)}

# Which kinds of company do which kind of thing (a miner does not open a magnet plant).
EVENT_ROLES: dict[str, tuple[str, ...]] = {
    "output_increase": ("miner", "refiner"), "output_cut": ("miner", "refiner"),
    "magnet_plant": ("magnet", "magnet", "refiner"), "offtake": ("miner", "refiner", "recycler"),
    "acquisition": ("miner", "refiner", "magnet"), "mine_approval": ("miner",),
    "accident": ("miner", "refiner", "magnet"), "recycling": ("recycler", "recycler", "magnet", "refiner"),
}

# Events: the main clause in several paraphrases, titles in several paraphrases, and a short
# form for a mention in passing. Slots: {actor} (a country's or a company's words),
# {element}, {place}, {qty}, {pct}. "government" events are done by a country.
EVENTS: dict[str, dict] = {
    "export_curbs": {
        "actor": "government",
        "lead": (
            "{actor} tightened export restrictions on {element}, requiring licences for every shipment.",
            "{actor} imposed new curbs on overseas shipments of {element}.",
            "{actor} announced export controls covering {element} and the technology to process it.",
            "{actor} limited sales of {element} to foreign buyers, citing national security.",
            "Shipments of {element} out of {place} now need a permit after {actor} added them to its export control list.",
            "{actor} moved to restrict the outflow of {element}, halting some cargoes at the border.",
        ),
        "title": ("{place} tightens {element} export rules", "{place} curbs {element} exports",
                  "New export controls on {element} from {place}", "{place} restricts overseas sales of {element}"),
        "passing": ("earlier export restrictions imposed by {place}", "the export licensing regime in {place}",
                    "curbs on shipments from {place}"),
        "detail": ("Traders said about {qty} tonnes were held up awaiting paperwork.",
                   "Buyers abroad scrambled to secure supplies before the rules take effect.",
                   "Customs data showed outbound volumes fell {pct}% in the first month."),
    },
    "output_increase": {
        "actor": "company",
        "lead": (
            "{actor} raised {element} output to {qty} tonnes a year at its {place} operations.",
            "{actor} boosted production of {element} by {pct}% after commissioning a new circuit in {place}.",
            "{actor} expanded mining capacity for {element} in {place}.",
            "{actor} ramped up {element} volumes at its {place} site, lifting quarterly yield to a record.",
            "{actor} said it will produce more {element} after a {pct}% capacity expansion in {place}.",
        ),
        "title": ("{company} lifts {element} production", "{company} boosts {element} output",
                  "{company} expands {element} capacity in {place}", "Record {element} volumes at {company}"),
        "passing": ("a recent capacity expansion at {company}", "higher output from {company}"),
        "detail": ("The additional {qty} tonnes will go mainly to customers in Asia.",
                   "Management said the expansion came in under budget.",
                   "Analysts expect the extra supply to weigh on spot prices."),
    },
    "output_cut": {
        "actor": "company",
        "lead": (
            "{actor} cut {element} output by {pct}% at its {place} operations.",
            "{actor} suspended production of {element} in {place} for an indefinite period.",
            "{actor} halted {element} processing lines in {place}, idling about {qty} tonnes of annual capacity.",
            "{actor} curtailed mining of {element} in {place} as margins shrank.",
            "{actor} reduced {element} volumes at its {place} plant and placed staff on leave.",
        ),
        "title": ("{company} cuts {element} production", "{company} suspends {element} output in {place}",
                  "{company} idles {element} capacity", "Output cut at {company}"),
        "passing": ("the production halt at {company}", "reduced volumes from {company}"),
        "detail": ("The company did not say when operations would resume.",
                   "Roughly {qty} tonnes of annual supply is affected.",
                   "Customers were told to expect delays to contracted deliveries."),
    },
    "price_rise": {
        "actor": "market",
        "lead": (
            "Prices of {element} climbed {pct}% this week as buyers rushed to cover shortfalls.",
            "The cost of {element} surged to its highest level in two years.",
            "{element} prices rallied {pct}% on tight supply from {place}.",
            "Spot quotes for {element} jumped, extending a month-long rally.",
            "{element} became more expensive for a fourth straight week, up {pct}% since January.",
        ),
        "title": ("{element} prices climb", "{element} rallies on tight supply", "{element} hits two-year high",
                  "Surge in {element} prices"),
        "passing": ("the recent rally in {element} prices", "higher {element} prices"),
        "detail": ("Consumers in the electric vehicle sector were the most active buyers.",
                   "Inventories at trading houses are thought to cover only {qty} tonnes.",
                   "Some analysts warned the rally could fade once new supply arrives."),
    },
    "price_fall": {
        "actor": "market",
        "lead": (
            "Prices of {element} slumped {pct}% as demand from {place} weakened.",
            "The cost of {element} fell to its lowest level since 2021.",
            "{element} prices tumbled on a glut of supply.",
            "Spot quotes for {element} weakened for a third straight month.",
            "{element} became cheaper as buyers held off, down {pct}% since the spring.",
        ),
        "title": ("{element} prices slump", "{element} falls to multi-year low", "Glut drags {element} lower",
                  "{element} prices slide"),
        "passing": ("the slump in {element} prices", "weak {element} prices"),
        "detail": ("Producers with higher costs may be forced to cut back.",
                   "Stockpiles of roughly {qty} tonnes are weighing on the market.",
                   "Traders said buyers were waiting for lower offers."),
    },
    "magnet_plant": {
        "actor": "company",
        "lead": (
            "{actor} opened a new factory in {place} that will turn {element} into sintered magnets.",
            "{actor} started up a permanent magnet plant in {place} with capacity of {qty} tonnes a year.",
            "{actor} began manufacturing NdFeB magnets at a facility in {place}, using {element} from local suppliers.",
            "{actor} broke ground on a magnet production line in {place}.",
            "A new sintered magnet works run by {actor} came online in {place}.",
        ),
        "title": ("{company} opens magnet plant in {place}", "New magnet factory for {company}",
                  "{company} starts magnet production in {place}", "Magnet output begins at {company}"),
        "passing": ("a new magnet factory run by {company}", "the magnet plant {company} opened"),
        "detail": ("The magnets are destined for electric vehicle motors and wind turbines.",
                   "The plant will employ about {qty} people at full capacity.",
                   "Carmakers have already signed up for part of the first year's output."),
    },
    "offtake": {
        "actor": "company",
        "lead": (
            "{actor} signed an offtake agreement to supply {element} from {place} to a European carmaker.",
            "{actor} agreed a long-term supply deal covering {qty} tonnes of {element} a year.",
            "{actor} secured a purchase contract for its {element}, with deliveries from {place} starting next year.",
            "A buyer committed to take {pct}% of the {element} produced by {actor} in {place}.",
            "{actor} struck a binding sales agreement for {element} with a Japanese trading house.",
        ),
        "title": ("{company} signs {element} offtake deal", "Supply agreement for {company}",
                  "{company} secures buyer for {element}", "{company} inks long-term {element} contract"),
        "passing": ("a supply contract signed by {company}", "the offtake deal {company} agreed"),
        "detail": ("Pricing is linked to a published benchmark with a floor.",
                   "The contract runs for seven years with an option to extend.",
                   "The agreement helps the company raise project finance."),
    },
    "acquisition": {
        "actor": "company",
        "lead": (
            "{actor} agreed to acquire a {element} project in {place} for ${qty} million.",
            "{actor} bought a {pct}% stake in a {element} developer in {place}.",
            "{actor} launched a takeover bid for a rival {element} producer in {place}.",
            "{actor} completed the purchase of a {element} deposit in {place}.",
            "Shareholders approved the merger of {actor} with a smaller {element} explorer in {place}.",
        ),
        "title": ("{company} buys {element} project", "{company} takeover bid", "{company} acquires stake in {place} project",
                  "Deal: {company} to buy {element} asset"),
        "passing": ("the acquisition made by {company}", "a takeover by {company}"),
        "detail": ("The deal values the target at a premium of {pct}% to its last close.",
                   "Regulators still have to approve the transaction.",
                   "Bankers said more consolidation is likely in the sector."),
    },
    "mine_approval": {
        "actor": "company",
        "lead": (
            "{actor} won approval for a new {element} mine in {place}.",
            "Regulators granted {actor} an environmental permit for its {element} project in {place}.",
            "{actor} received the green light to build a {element} mine in {place}.",
            "Authorities in {place} cleared the {element} project proposed by {actor}.",
            "{actor} was awarded a mining licence for a {element} deposit in {place}.",
        ),
        "title": ("{company} wins mine approval", "Permit granted for {company} {element} project",
                  "Green light for {company} mine in {place}", "{place} approves {company} project"),
        "passing": ("the permit granted to {company}", "the approval of the mine {company} proposed"),
        "detail": ("Construction is due to start within twelve months.",
                   "The mine is expected to produce {qty} tonnes a year once running.",
                   "Local groups said they would appeal the decision."),
    },
    "accident": {
        "actor": "company",
        "lead": (
            "Flooding halted {element} operations run by {actor} in {place}.",
            "A fire broke out at the {element} refinery of {actor} in {place}, stopping production.",
            "A landslide at a {place} pit forced {actor} to evacuate workers and stop {element} mining.",
            "An explosion at a {actor} processing plant in {place} injured several workers.",
            "Heavy rains washed out roads to the {element} mine of {actor} in {place}, cutting off supply.",
        ),
        "title": ("Flooding hits {company} operations", "Fire at {company} refinery in {place}",
                  "{company} mine stopped after accident", "Disaster halts {element} supply from {place}"),
        "passing": ("the accident at {company}", "the flooding that stopped {company}"),
        "detail": ("An inspection is under way and no restart date has been set.",
                   "Insurers are assessing damage estimated at ${qty} million.",
                   "Customers were warned of force majeure on deliveries."),
    },
    "recycling": {
        "actor": "company",
        "lead": (
            "{actor} opened a plant in {place} that recovers {element} from scrap magnets.",
            "{actor} began recycling {element} from discarded hard drives and motors in {place}.",
            "{actor} will reclaim {qty} tonnes of {element} a year from electronic waste in {place}.",
            "A facility built by {actor} in {place} extracts {element} from end-of-life magnets.",
            "{actor} started a pilot line in {place} to recover {element} from manufacturing swarf.",
        ),
        "title": ("{company} opens recycling plant", "{company} recovers {element} from scrap",
                  "Magnet recycling starts at {company}", "{company} turns e-waste into {element}"),
        "passing": ("the recycling line {company} opened", "recovered material from {company}"),
        "detail": ("Recycled feed could cover {pct}% of local demand within five years.",
                   "The process uses less acid than mining ore.",
                   "Government grants paid for part of the equipment."),
    },
    "stockpile": {
        "actor": "government",
        "lead": (
            "{actor} will build a strategic reserve of {element}, buying {qty} tonnes over three years.",
            "{actor} began stockpiling {element} to guard against supply shocks.",
            "{actor} set aside funds to purchase {element} for a national stockpile.",
            "{actor} said its defence agency would hold stocks of {element} equal to {pct}% of annual use.",
            "A government-backed reserve of {element} is being assembled by {actor}.",
        ),
        "title": ("{place} to stockpile {element}", "Strategic {element} reserve for {place}",
                  "{place} builds {element} stockpile", "{place} buys {element} for national reserve"),
        "passing": ("stockpiling by {place}", "the strategic reserve {place} is building"),
        "detail": ("Officials did not say which suppliers would be used.",
                   "The purchases are expected to tighten the spot market.",
                   "Industry groups welcomed the plan but asked for details."),
    },
    "tariff": {
        "actor": "government",
        "lead": (
            "{actor} imposed a {pct}% tariff on imports of {element}.",
            "{actor} raised duties on {element} shipped in from abroad.",
            "{actor} announced a levy of {pct}% on foreign {element} from next quarter.",
            "Importers of {element} into {place} will pay higher customs duties under rules from {actor}.",
            "{actor} slapped import taxes on {element} and products made from it.",
        ),
        "title": ("{place} tariff on {element} imports", "{place} raises duties on {element}",
                  "Import levy on {element} in {place}", "{place} taxes foreign {element}"),
        "passing": ("the import tariff in {place}", "higher duties in {place}"),
        "detail": ("Domestic producers had lobbied for the measure for two years.",
                   "Trading partners said they would study the rules.",
                   "Importers warned costs would be passed on to manufacturers."),
    },
    "smuggling": {
        "actor": "government",
        "lead": (
            "{actor} launched a crackdown on illegal {element} mining and smuggling.",
            "{actor} seized {qty} tonnes of smuggled {element} near the border.",
            "{actor} shut down unlicensed {element} mines in a sweep across the region.",
            "Police under {actor} arrested traders accused of moving {element} across the border without permits.",
            "{actor} moved against illicit {element} operations, closing dozens of sites.",
        ),
        "title": ("{place} cracks down on illegal {element} mining", "Smuggled {element} seized in {place}",
                  "{place} shuts unlicensed mines", "Crackdown on {element} smuggling in {place}"),
        "passing": ("the crackdown on illegal mining in {place}", "seizures of smuggled material in {place}"),
        "detail": ("Environmental damage from the sites has drawn criticism for years.",
                   "Officials said more inspections would follow.",
                   "Supply from the area had accounted for {pct}% of regional output."),
    },
}

FILLER: tuple[str, ...] = (
    "Demand from electric vehicle makers continues to grow.",
    "Wind turbine manufacturers are among the largest consumers.",
    "Analysts at several banks revised their forecasts for the coming year.",
    "The market remains small and opaque, with most trades agreed privately.",
    "Governments in Europe and North America want to reduce dependence on a single supplier.",
    "Industry executives will meet at a conference in Singapore next month.",
    "Shares in listed producers moved sharply on the news.",
    "Logistics costs have risen since the start of the year.",
    "Some buyers have started to qualify alternative suppliers.",
    "The sector has attracted fresh interest from investment funds.",
    "Quarterly results are due later this month.",
    "Trade statistics for the period will be published next week.",
    "Environmental standards at processing plants remain under scrutiny.",
    "Engineers say building new processing capacity takes years.",
    "A weaker currency has helped exporters in the region.",
    "Interest rates remain a concern for project developers.",
    "Officials declined to comment further.",
    "Consultants expect demand to double by the end of the decade.",
)


@dataclass
class Article:
    key: str
    title: str
    text: str
    event: str
    element: str | None  # a key of ELEMENTS, or None for another commodity
    commodity: str  # "rare earths" or a key of OTHER_COMMODITIES
    country: str
    company: str | None
    role: str | None
    second_event: str | None = None
    facets: dict = field(default_factory=dict)

    def meta(self) -> dict:
        out = asdict(self)
        del out["text"], out["facets"]
        return out


def _element_words(rng: random.Random, element: str | None, commodity: str) -> str:
    if element is None:
        return rng.choice(OTHER_COMMODITIES[commodity])
    roll = rng.random()
    if element in HEAVY and roll < 0.25:
        return f"{rng.choice(GROUP_WORDS['heavy'])} such as {rng.choice(ELEMENTS[element][:1])}"
    if element in LIGHT and roll < 0.12:
        return f"{rng.choice(GROUP_WORDS['light'])} including {ELEMENTS[element][0]}"
    return rng.choice(ELEMENTS[element])


def _company_words(rng: random.Random, company: Company) -> str:
    role = rng.choice(ROLES[company.role])
    roll = rng.random()
    if roll < 0.4:
        return f"{company.name}, a {role} based in {COUNTRIES[company.country][0]},"
    if roll < 0.7:
        return f"The {role} {company.name}"
    return company.name


def _fill(template: str, rng: random.Random, *, capital: bool = True, **slots: str) -> str:
    values = {"qty": f"{rng.randint(2, 60) * 50:,}", "pct": str(rng.randint(3, 45)), **slots}
    text = template.format(**values)
    return text[0].upper() + text[1:] if capital else text


def _article(rng: random.Random, index: int) -> Article:
    distractor = rng.random() < DISTRACTOR_SHARE
    event = rng.choice(list(EVENTS))
    spec = EVENTS[event]
    commodity = rng.choice(list(OTHER_COMMODITIES)) if distractor else "rare earths"
    element = None if distractor else rng.choice(list(ELEMENTS))
    company: Company | None = None
    if spec["actor"] == "company":
        role = rng.choice(EVENT_ROLES[event])
        company = rng.choice([c for c in COMPANIES.values() if c.role == role])
        country = company.country if rng.random() < 0.8 else rng.choice(list(COUNTRIES))
    else:
        # export curbs and smuggling crackdowns are mostly Chinese and Myanmar stories
        weights = [6 if c == "china" else 2 if c in ("myanmar", "usa") else 1 for c in COUNTRIES]
        country = rng.choices(list(COUNTRIES), weights=weights)[0]
    place_words = COUNTRIES[country]
    place = place_words[0] if rng.random() < 0.6 else rng.choice(place_words)
    element_words = _element_words(rng, element, commodity)
    if company is not None:
        actor = _company_words(rng, company)
    elif spec["actor"] == "government":
        actor = rng.choice(place_words[1:] + place_words[:1])
    else:
        actor = "Traders"
    lead = _fill(rng.choice(spec["lead"]), rng, actor=actor, element=element_words, place=place)
    title = _fill(rng.choice(spec["title"]), rng, element=element_words, place=COUNTRIES[country][0],
                  company=company.name if company else place)
    sentences = [lead]
    sentences += [_fill(s, rng) for s in rng.sample(spec["detail"], k=rng.randint(1, 2))]
    second_event = None
    if rng.random() < SECOND_EVENT_SHARE:
        second_event = rng.choice([e for e in EVENTS if e != event])
        other = EVENTS[second_event]
        passing = _fill(rng.choice(other["passing"]), rng, capital=False, place=COUNTRIES[country][0],
                        element=element_words, company=company.name if company else "local producers")
        sentences.append(rng.choice((f"The news follows {passing}.", f"Observers also pointed to {passing}.",
                                     f"It comes weeks after {passing}.")))
    sentences += rng.sample(FILLER, k=rng.randint(*FILLER_SENTENCES))
    # keep the lead first; shuffle the rest so articles do not share one skeleton
    rest = sentences[1:]
    rng.shuffle(rest)
    body = " ".join([sentences[0], *rest[: len(rest) // 2]]) + "\n\n" + " ".join(rest[len(rest) // 2:])
    return Article(key=f"d{index:05d}", title=title, text=body, event=event, element=element, commodity=commodity,
                   country=country, company=company.key if company else None,
                   role=company.role if company else None, second_event=second_event)


def generate(n: int, seed: int = SEED) -> list[Article]:
    """The first ``n`` articles of the seeded corpus (a prefix of any longer run)."""
    rng = random.Random(seed)
    return [_article(random.Random(rng.getrandbits(64)), i) for i in range(n)]


def _facet_fits(query: dict, article: Article) -> list[bool]:
    """One bool per facet the query names: does the article fit it?"""
    fits = []
    if query.get("elements"):
        wanted = set(query["elements"])
        if "heavy" in wanted:
            wanted |= HEAVY
        if "light" in wanted:
            wanted |= LIGHT
        if "any" in wanted:
            wanted |= set(ELEMENTS)
        fits.append(article.element in wanted)
    if query.get("country"):
        fits.append(article.country == query["country"])
    if query.get("company"):
        fits.append(article.company == query["company"])
    if query.get("role"):
        fits.append(article.role == query["role"])
    return fits


def judge(query: dict, article: Article) -> int:
    """The graded relevance (0, 1, 2) of ``article`` to ``query``; see the module docstring."""
    if article.element is None:  # another commodity: never relevant to a rare-earth query
        return 0
    fits = _facet_fits(query, article)
    if article.event == query["event"]:
        if all(fits):
            return 2
        return 1 if fits.count(False) == 1 and len(fits) >= 2 else 0
    if article.second_event == query["event"] and all(fits):
        return 1
    return 0
