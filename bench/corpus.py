"""A synthetic but realistic day of news, for the throughput benchmark.

``write_corpus(out, n, seed, dates)`` writes ``n`` articles per date into the landing folder
``out`` in newsdw's plain-text format (``date YYYY-MM-DD``, ``title:``, ``url:``, a blank line,
the body). Every article is a wire-style story about one main issue (the war in Ukraine,
Taiwan, export controls, tariffs, climate, elections, ...) with a cast of actors: people with
titles (fictional names), organisations, countries and anonymous officials. Its paragraphs
mix the ways news reports speech:

- direct quotes with straight (``"``) or curly (``“ ”``) quotation marks, trailing cues
  ("..., she said."), leading cues ("He told reporters: ..."), split quotes and quotations
  running over two paragraphs;
- unquoted direct speech (about one article in five has its quotation marks stripped, as some
  feeds deliver them);
- reported speech with varied cue verbs (said, warned, insisted, accused X of, urged X to,
  expressed concern over, according to ...), mixed quotes ("called the move “deeply
  troubling” and ...") and pronoun speakers;
- background sentences with no speech at all.

Bodies are 300 to 1,500 words (a triangular distribution, mode 700). The output depends only
on ``seed`` and the date: each date's articles come from ``random.Random(f"{seed}:{date}")``,
so a date's corpus is the same whether it is generated alone or with a history of other dates.

CLI: ``python -m bench.corpus --n 1000 --seed 7 --date 2024-05-01 --out DIR`` (``--date`` may
be repeated or comma-separated; ``--n`` is per date).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

MIN_WORDS = 300
MAX_WORDS = 1500
MODE_WORDS = 700
URL_PREFIX = "https://bench.example/"

# -- the cast --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    title: str  # before the name: "U.S. Secretary of State"
    name: str  # fictional
    pronoun: str  # he / she
    role: str  # appositive: "the U.S. secretary of state"
    city: str  # where they usually speak
    family_name: str = ""  # when it is not the last word ("Park Ji-won": Park)

    @property
    def surname(self) -> str:
        return self.family_name or self.name.split()[-1]


PEOPLE = [
    Person("U.S. Secretary of State", "Margaret Holloway", "she",
           "the top U.S. diplomat", "Washington"),
    Person("Chinese Foreign Minister", "Zhao Wenli", "he",
           "China's foreign minister", "Beijing", "Zhao"),
    Person("Ukrainian President", "Oleksandr Hrytsenko", "he",
           "Ukraine's president", "Kyiv"),
    Person("Taiwanese President", "Lin Mei-hua", "she",
           "Taiwan's president", "Taipei", "Lin"),
    Person("EU Trade Commissioner", "Henrik Vestergaard", "he",
           "the European Union's trade chief", "Brussels"),
    Person("German Chancellor", "Katrin Albers", "she",
           "the German chancellor", "Berlin"),
    Person("French President", "Etienne Marchand", "he",
           "the French president", "Paris"),
    Person("Japanese Prime Minister", "Hiroshi Tanabe", "he",
           "Japan's prime minister", "Tokyo"),
    Person("Indian External Affairs Minister", "Raghav Menon", "he",
           "India's foreign minister", "New Delhi"),
    Person("Brazilian President", "Luiza Carvalho", "she",
           "Brazil's president", "Brasilia"),
    Person("NATO Secretary General", "Anders Lindqvist", "he",
           "the head of the military alliance", "Brussels"),
    Person("Russian Foreign Ministry spokeswoman", "Irina Volkova", "she",
           "the Russian Foreign Ministry's spokeswoman", "Moscow"),
    Person("U.S. Commerce Secretary", "David Okafor", "he",
           "the U.S. commerce secretary", "Washington"),
    Person("Senator", "Rebecca Thornton", "she",
           "a Republican member of the Senate Foreign Relations Committee", "Washington"),
    Person("Representative", "Marcus Bell", "he",
           "a Democrat who sits on the House China committee", "Washington"),
    Person("IMF Managing Director", "Sofia Brandt", "she",
           "the head of the International Monetary Fund", "Washington"),
    Person("UN Secretary-General", "Amadou Diallo", "he",
           "the head of the United Nations", "New York"),
    Person("U.S. climate envoy", "Julia Reyes", "she",
           "the U.S. special envoy for climate", "Washington"),
    Person("Chinese Commerce Ministry spokesman", "Wang Jianguo", "he",
           "a spokesman for China's Ministry of Commerce", "Beijing", "Wang"),
    Person("Polish Defence Minister", "Tomasz Wierzbicki", "he",
           "Poland's defence minister", "Warsaw"),
    Person("Dutch Trade Minister", "Femke de Wit", "she",
           "the Netherlands' trade minister", "The Hague"),
    Person("South Korean Industry Minister", "Park Ji-won", "she",
           "South Korea's industry minister", "Seoul", "Park"),
    Person("European Central Bank President", "Claire Dubois", "she",
           "the president of the European Central Bank", "Frankfurt"),
    Person("Federal Reserve Chair", "Thomas Whitaker", "he",
           "the chair of the U.S. central bank", "Washington"),
    Person("Mexican Economy Minister", "Alejandro Ruiz", "he",
           "Mexico's economy minister", "Mexico City"),
    Person("Canadian Prime Minister", "Sarah MacLeod", "she",
           "Canada's prime minister", "Ottawa"),
    Person("Indonesian Energy Minister", "Budi Santoso", "he",
           "Indonesia's energy minister", "Jakarta"),
    Person("Helix Semiconductor chief executive", "Daniel Kerr", "he",
           "the head of the chipmaker", "San Jose"),
    Person("Northwind Energy chief executive", "Ingrid Solberg", "she",
           "the head of the Norwegian utility", "Oslo"),
    Person("election commission chairman", "Kwame Mensah", "he",
           "the chairman of the election commission", "Accra"),
    Person("professor", "Elena Marchetti", "she",
           "a political scientist at the University of Bologna", "Rome"),
    Person("analyst", "James Whitfield", "he",
           "a senior analyst at the Atlantic Policy Institute", "London"),
]

ORGANISATIONS = [
    "the European Commission", "NATO", "the Commerce Department", "the Pentagon",
    "China's Ministry of Commerce", "the Kremlin", "the International Monetary Fund",
    "the World Trade Organization", "the United Nations", "the Federal Reserve",
    "the European Central Bank", "Greenpeace", "the International Energy Agency",
    "Helix Semiconductor", "Northwind Energy", "Meridian Motors", "Arcturus AI",
    "the Group of Seven", "the State Department", "Taiwan's Ministry of National Defense",
    "the World Bank", "Amnesty International", "the African Union",
]

# (name, capital, demonym)
COUNTRIES = [
    ("China", "Beijing", "Chinese"), ("Russia", "Moscow", "Russian"),
    ("Ukraine", "Kyiv", "Ukrainian"), ("the United States", "Washington", "American"),
    ("Japan", "Tokyo", "Japanese"), ("Germany", "Berlin", "German"),
    ("France", "Paris", "French"), ("India", "New Delhi", "Indian"),
    ("Brazil", "Brasilia", "Brazilian"), ("South Korea", "Seoul", "South Korean"),
    ("the Netherlands", "The Hague", "Dutch"), ("Poland", "Warsaw", "Polish"),
    ("Canada", "Ottawa", "Canadian"), ("Mexico", "Mexico City", "Mexican"),
    ("Indonesia", "Jakarta", "Indonesian"), ("South Africa", "Pretoria", "South African"),
    ("Turkey", "Ankara", "Turkish"), ("Saudi Arabia", "Riyadh", "Saudi"),
    ("Australia", "Canberra", "Australian"), ("Britain", "London", "British"),
    ("Vietnam", "Hanoi", "Vietnamese"), ("Kenya", "Nairobi", "Kenyan"),
]

# (first mention, later mention, pronoun)
ANONYMOUS = [
    ("a senior State Department official", "the official", "he"),
    ("a European diplomat", "the diplomat", "she"),
    ("a Western official who spoke on condition of anonymity", "the official", "he"),
    ("two people familiar with the matter", "the people", "they"),
    ("a government spokesperson", "the spokesperson", "she"),
    ("a senior administration official", "the official", "he"),
    ("an official at the Commerce Department", "the official", "she"),
    ("a diplomat who asked not to be named", "the diplomat", "he"),
    ("officials in Brussels", "the officials", "they"),
    ("a person briefed on the talks", "the person", "they"),
    ("a senior Ukrainian military officer", "the officer", "he"),
    ("a Taiwanese security official", "the official", "she"),
]

NUMBERS = [2, 3, 4, 5, 6, 8, 10, 12, 14, 20, 25, 30, 40, 45, 60]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

# -- the issues ------------------------------------------------------------------------------
# Slots: {country} {country2} {capital} {demonym} {org} {city} {num} {pct} {bn} {month}
# {weekday} {year}. Clauses are reported speech (past tense, no final stop); quotes are first
# person (full sentences); gerunds follow "accused X of"; vps follow "urged X to"; nps follow
# "expressed concern over"; background is narration without speech.


@dataclass(frozen=True)
class Issue:
    key: str
    weight: float
    headlines: Sequence[str]
    nps: Sequence[str]
    clauses: Sequence[str]
    quotes: Sequence[str]
    gerunds: Sequence[str]
    vps: Sequence[str]
    background: Sequence[str]
    cities: Sequence[str]


ISSUES = [
    Issue(
        "ukraine_war", 3.0,
        headlines=[
            "{surname} warns of long war as Russia presses offensive in eastern Ukraine",
            "Allies pledge more air defence for Ukraine after wave of strikes",
            "{surname} says Kyiv needs weapons 'now, not next year'",
            "Russia and Ukraine trade blame over attack on {city} energy grid",
            "{demonym} aid package for Ukraine stalls as talks drag on",
        ],
        nps=["the latest Russian strikes on Ukraine's power grid",
             "the slow delivery of artillery shells to Kyiv",
             "reports of drone attacks on civilian infrastructure",
             "the fate of prisoners of war held by both sides",
             "the safety of the Zaporizhzhia nuclear plant"],
        clauses=[
            "Russia had launched {num} missiles and drones at Ukrainian cities overnight",
            "the war in Ukraine could last well into {year} unless allies sped up deliveries",
            "Kyiv needed at least {num} more air defence systems to protect its energy grid",
            "Moscow had no interest in a negotiated settlement",
            "Ukrainian forces had pushed Russian troops back from several villages near the front",
            "{country} would send another {bn} billion dollars in military aid to Ukraine",
            "sanctions on Russia were starting to bite but had not changed the Kremlin's course",
            "Western weapons were allowed to hit military targets inside Russia",
            "the Black Sea grain corridor remained open despite repeated attacks on ports",
        ],
        quotes=[
            "We will stand with Ukraine for as long as it takes.",
            "Every day of delay costs Ukrainian lives, and we cannot afford that.",
            "Russia is not interested in peace. It is interested in territory.",
            "We need air defence now, not next year.",
            "Nobody wants this war to end more than the Ukrainian people do.",
            "Our soldiers are holding the line, but they are exhausted and they need shells.",
            "This is not only about Ukraine. It is about whether borders can be changed by force.",
            "We have seen no sign that Moscow is ready to negotiate in good faith.",
        ],
        gerunds=["deliberately targeting civilian infrastructure",
                 "prolonging the war in Ukraine", "supplying drones to Russia",
                 "blocking Ukrainian grain exports",
                 "using energy as a weapon against Europe"],
        vps=["speed up deliveries of air defence systems to Ukraine",
             "tighten sanctions on Russia's oil exports",
             "release Ukrainian prisoners of war",
             "keep the grain corridor in the Black Sea open"],
        background=[
            "Russia launched its full-scale invasion of Ukraine in February 2022.",
            "The front line in eastern Ukraine has barely moved in months despite heavy fighting.",
            "Ukraine has repeatedly asked its allies for more Patriot batteries and "
            "artillery shells.",
            "Overnight strikes damaged power stations in {num} regions, the energy ministry "
            "reported, leaving thousands of homes without electricity.",
            "The Kremlin has said it will continue what it calls its special military operation.",
            "European governments have spent more than {bn} billion euros on military aid "
            "to Kyiv.",
        ],
        cities=["Kyiv", "Kharkiv", "Odesa", "Brussels", "Warsaw", "Moscow"],
    ),
    Issue(
        "taiwan", 2.0,
        headlines=[
            "China stages drills around Taiwan after {surname}'s speech",
            "Taipei reports {num} Chinese warplanes near the island",
            "{surname} urges calm in the Taiwan Strait",
            "U.S. warship sails through Taiwan Strait as tensions rise",
        ],
        nps=["the growing number of Chinese military flights near Taiwan",
             "the risk of an accident in the Taiwan Strait",
             "Beijing's pressure on Taiwan's diplomatic allies",
             "the blockade drills off Taiwan's east coast"],
        clauses=[
            "China had sent {num} warplanes and {num2} navy ships towards Taiwan in a single day",
            "the status quo in the Taiwan Strait must not be changed by force",
            "Taiwan was an inalienable part of China's territory",
            "the drills were a stern warning to separatist forces",
            "Taipei would not provoke Beijing but would defend itself",
            "any conflict over Taiwan would devastate the global economy",
            "Washington remained committed to its one-China policy",
        ],
        quotes=[
            "Peace and stability in the Taiwan Strait matter to the whole world.",
            "We will not be intimidated, and we will not provoke.",
            "The Taiwan question is China's internal affair, and no outside force "
            "has the right to interfere.",
            "Our armed forces are monitoring the situation closely and are ready to respond.",
            "Dialogue across the strait is the only way forward.",
        ],
        gerunds=["stoking tensions in the Taiwan Strait", "interfering in China's internal "
                 "affairs", "rehearsing a blockade of Taiwan", "selling arms to Taipei"],
        vps=["refrain from provocative military activity around Taiwan",
             "resume dialogue across the Taiwan Strait",
             "stop arms sales to Taiwan"],
        background=[
            "Beijing claims democratically governed Taiwan as its own territory and has never "
            "ruled out the use of force.",
            "Taiwan's defence ministry publishes daily counts of Chinese military aircraft and "
            "ships operating near the island.",
            "The United States is bound by law to provide Taiwan with the means to defend itself.",
            "The Taiwan Strait is one of the world's busiest shipping lanes.",
        ],
        cities=["Taipei", "Beijing", "Washington", "Tokyo"],
    ),
    Issue(
        "export_controls", 2.0,
        headlines=[
            "U.S. tightens export controls on advanced chips to China",
            "{surname} defends chip curbs as {country} weighs its own rules",
            "Chipmakers brace for new export controls",
            "China hits back at {demonym} export curbs on chipmaking tools",
        ],
        nps=["the new export controls on advanced semiconductors",
             "the expansion of the entity list", "restrictions on chipmaking equipment",
             "the smuggling of dual-use goods through third countries"],
        clauses=[
            "the new export controls would cover advanced chips and the tools used to make them",
            "{num} Chinese companies had been added to the entity list",
            "dual-use goods were still reaching Russia through third countries",
            "the restrictions were narrowly targeted at military uses",
            "export controls were hurting American companies more than Chinese ones",
            "{country} would align its rules on chipmaking equipment with Washington's",
            "Helix Semiconductor expected to lose about {pct} percent of its revenue",
        ],
        quotes=[
            "These controls are about national security, not about containing anyone's economy.",
            "We will take all necessary measures to protect the rights of Chinese companies.",
            "You cannot build a modern military without advanced chips, and we will not "
            "supply them.",
            "Our customers need clarity, and right now they do not have it.",
            "Export controls only work if our allies apply them too.",
        ],
        gerunds=["weaponising trade and technology", "helping Russia evade export controls",
                 "abusing export controls to contain China's development",
                 "shipping dual-use goods to sanctioned buyers"],
        vps=["close loopholes in export controls", "align their export controls with "
             "Washington", "lift the restrictions on chipmaking tools"],
        background=[
            "Washington first restricted sales of advanced chips to China in October 2022 and "
            "has widened the rules several times since.",
            "The Netherlands and Japan make most of the world's advanced chipmaking equipment.",
            "China controls much of the global supply of gallium and germanium, two metals used "
            "in chipmaking.",
            "Companies on the entity list need a licence to buy American technology.",
        ],
        cities=["Washington", "Beijing", "The Hague", "Tokyo", "San Jose"],
    ),
    Issue(
        "tariffs", 2.0,
        headlines=[
            "{surname} threatens new tariffs on {demonym} imports",
            "Trade talks stall as tariff deadline nears",
            "{country} retaliates with tariffs on {num} billion dollars of goods",
            "Exporters count the cost of a new tariff war",
        ],
        nps=["the planned tariffs on electric vehicles", "the escalating tariff dispute",
             "the impact of tariffs on consumer prices", "rising trade barriers"],
        clauses=[
            "tariffs of up to {pct} percent would apply to electric vehicles from {month}",
            "{country} would retaliate against any new duties on its exports",
            "tariffs were a tax paid by consumers, not by foreign governments",
            "the trade deficit with {country2} had narrowed to {bn} billion dollars",
            "negotiators had made progress but no deal was imminent",
            "the World Trade Organization would be asked to rule on the dispute",
            "farmers would be compensated for lost exports",
        ],
        quotes=[
            "A trade war has no winners.",
            "We want fair trade, and we will defend our industries if we have to.",
            "Tariffs are a tax on our own consumers.",
            "We are ready to talk, but we will not negotiate with a gun to our head.",
            "Our door remains open, and our patience is not unlimited.",
        ],
        gerunds=["flooding global markets with subsidised goods", "breaking trade rules",
                 "dumping cheap steel", "raising tariffs without consultation"],
        vps=["withdraw the tariffs", "return to the negotiating table",
             "respect the rules of the World Trade Organization"],
        background=[
            "Tariffs on steel and aluminium have been a point of friction for years.",
            "Electric vehicle makers have warned that higher duties would slow the shift away "
            "from petrol cars.",
            "The two sides traded goods worth more than {bn} billion dollars last year.",
            "Previous rounds of tariffs led to retaliation against farm exports.",
        ],
        cities=["Washington", "Brussels", "Beijing", "Mexico City", "Ottawa"],
    ),
    Issue(
        "climate", 2.0,
        headlines=[
            "Climate talks end with pledge on methane but no deal on coal",
            "{surname} says world is 'way off track' on emissions",
            "Record heat in {country} fuels calls for faster climate action",
            "Rich nations pledge {bn} billion dollars in climate finance",
        ],
        nps=["rising global emissions", "the slow pace of the coal phase-out",
             "the shortfall in climate finance for poorer countries",
             "record ocean temperatures"],
        clauses=[
            "global emissions had to fall by {pct} percent by 2030 to keep warming in check",
            "rich countries had failed to deliver the climate finance they had promised",
            "{country} would phase out coal power by {year}",
            "the past twelve months had been the hottest on record",
            "the energy transition was creating more jobs than it destroyed",
            "the net zero target remained achievable but only with immediate action",
        ],
        quotes=[
            "The science is clear, and time is running out.",
            "We cannot ask the poorest countries to pay for a crisis they did not cause.",
            "Every fraction of a degree matters.",
            "Net zero is not a slogan. It is an engineering problem, and we know how to solve it.",
            "Climate change is already here, and it is hitting the most vulnerable first.",
        ],
        gerunds=["backsliding on climate commitments", "greenwashing its record",
                 "expanding oil and gas production"],
        vps=["cut methane emissions", "triple renewable energy capacity by 2030",
             "deliver the climate finance they promised"],
        background=[
            "Scientists say warming must be limited to 1.5 degrees Celsius to avoid the worst "
            "effects of climate change.",
            "The next UN climate summit, COP{num}, is due to take place later this year.",
            "Heatwaves, floods and wildfires have cost the world economy hundreds of billions "
            "of dollars this year.",
            "Coal still generates more than a third of the world's electricity.",
        ],
        cities=["Nairobi", "Brasilia", "Jakarta", "Bonn", "New York"],
    ),
    Issue(
        "elections", 1.5,
        headlines=[
            "{country} votes in tight election as turnout rises",
            "Opposition alleges irregularities in {demonym} election",
            "{surname} concedes defeat after close race",
            "Election observers report long queues and isolated violence",
        ],
        nps=["reports of voter intimidation", "the delay in publishing results",
             "disinformation campaigns ahead of the vote", "the low turnout among young voters"],
        clauses=[
            "turnout had reached {pct} percent, the highest in two decades",
            "the results would be published within {num} days",
            "foreign actors had tried to influence the election through social media",
            "the vote had been free and fair despite isolated incidents",
            "the opposition would challenge the results in court",
            "the ruling party had lost its parliamentary majority",
        ],
        quotes=[
            "The people have spoken, and we respect their choice.",
            "We will not accept results that do not reflect the will of the voters.",
            "Democracy is never finished. It has to be defended at every election.",
            "I call on all parties to remain calm while the votes are counted.",
        ],
        gerunds=["rigging the vote", "intimidating opposition candidates",
                 "spreading disinformation about the election"],
        vps=["accept the results", "allow international observers to monitor the count",
             "release detained opposition activists"],
        background=[
            "More than {num} million people were registered to vote.",
            "Polls had suggested a close race between the two main candidates.",
            "Election observers from the African Union and the European Union monitored "
            "the vote.",
            "The electoral commission said counting would continue through the night.",
        ],
        cities=["Accra", "New Delhi", "Jakarta", "Mexico City", "Warsaw", "Pretoria"],
    ),
    Issue(
        "inflation", 1.5,
        headlines=[
            "Central bank holds rates as inflation cools",
            "{surname} warns against cutting interest rates too soon",
            "Inflation in {country} falls to {pct} percent",
            "Food prices push inflation higher in emerging markets",
        ],
        nps=["persistent inflation in services", "the rising cost of living",
             "the impact of higher interest rates on households", "food price inflation"],
        clauses=[
            "inflation had fallen to {pct} percent but remained above target",
            "interest rates would stay high for longer than markets expected",
            "the economy was slowing but a recession was not the most likely outcome",
            "wage growth was still too strong to cut rates",
            "the global economy would grow by about {pct} percent this year",
        ],
        quotes=[
            "We are not yet confident that inflation is on a sustainable path back to target.",
            "We will do what it takes to bring prices under control.",
            "Households are still feeling the pain of high prices.",
            "It would be a mistake to declare victory too early.",
        ],
        gerunds=["keeping interest rates too high for too long",
                 "fuelling inflation with reckless spending"],
        vps=["cut interest rates", "rein in public spending", "protect the poorest households"],
        background=[
            "Central banks raised interest rates aggressively after inflation surged in 2022.",
            "Energy and food prices have eased from their peaks.",
            "Markets are betting on {num} rate cuts before the end of the year.",
        ],
        cities=["Frankfurt", "Washington", "London", "Tokyo"],
    ),
    Issue(
        "migration", 1.0,
        headlines=[
            "EU ministers clash over migration pact",
            "{surname} defends tougher asylum rules",
            "Record number of migrants cross the Mediterranean",
        ],
        nps=["the rising number of asylum applications",
             "conditions in overcrowded reception centres", "deaths at sea"],
        clauses=[
            "more than {num} thousand people had applied for asylum in the first quarter",
            "the new rules would speed up the return of rejected asylum seekers",
            "border controls would be extended for another {num} months",
            "the migration pact would be implemented on schedule",
        ],
        quotes=[
            "Migration is a European challenge and it needs a European answer.",
            "We must protect our borders and protect lives at the same time.",
            "People do not risk their lives at sea unless they have no other choice.",
        ],
        gerunds=["pushing back migrants at the border", "failing to share responsibility "
                 "for asylum seekers"],
        vps=["share responsibility for asylum seekers", "open legal routes for migration"],
        background=[
            "The European Union agreed on a new pact on migration and asylum last year.",
            "Aid groups have criticised conditions in several reception centres.",
        ],
        cities=["Brussels", "Rome", "Berlin", "Athens"],
    ),
    Issue(
        "ai_regulation", 1.0,
        headlines=[
            "Lawmakers agree on rules for artificial intelligence",
            "{surname} calls for global standards on AI safety",
            "Tech companies push back against AI rules",
        ],
        nps=["the use of artificial intelligence in elections",
             "the concentration of computing power in a few companies",
             "deepfakes and disinformation"],
        clauses=[
            "the new rules on artificial intelligence would take effect in {year}",
            "developers of the most powerful models would have to report safety tests",
            "the rules would stifle innovation in Europe",
            "Arcturus AI would open its models to independent auditors",
        ],
        quotes=[
            "We want innovation, but not at any price.",
            "Artificial intelligence is too important not to regulate.",
            "The rules are clear: the higher the risk, the stricter the obligations.",
        ],
        gerunds=["rushing out untested AI systems", "lobbying to water down the rules"],
        vps=["publish the results of their safety tests", "label AI-generated content"],
        background=[
            "Governments around the world are racing to write rules for artificial "
            "intelligence.",
            "The European Union's AI Act is the first comprehensive law of its kind.",
        ],
        cities=["Brussels", "London", "San Francisco", "Seoul"],
    ),
    Issue(
        "energy", 1.0,
        headlines=[
            "Oil prices jump after producers extend output cuts",
            "{surname} says gas storage is full ahead of winter",
            "{country} signs deal to import liquefied natural gas",
        ],
        nps=["volatile oil prices", "Europe's dependence on imported gas",
             "the security of undersea pipelines"],
        clauses=[
            "oil producers would extend output cuts of {num} million barrels a day",
            "gas storage facilities were {pct} percent full",
            "Northwind Energy would invest {bn} billion euros in offshore wind",
            "energy prices would stay high through the winter",
        ],
        quotes=[
            "Energy security is national security.",
            "We have learned the hard way not to depend on a single supplier.",
            "The cheapest energy is the energy we do not use.",
        ],
        gerunds=["manipulating energy markets", "sabotaging undersea pipelines"],
        vps=["diversify their energy supplies", "invest in the power grid"],
        background=[
            "Europe cut its imports of Russian pipeline gas sharply after the invasion of "
            "Ukraine.",
            "Brent crude traded at around {num} dollars a barrel on {weekday}.",
        ],
        cities=["Riyadh", "Oslo", "Berlin", "Vienna"],
    ),
]

GENERIC_BACKGROUND = [
    "The remarks came on the sidelines of a meeting of foreign ministers in {city}.",
    "The statement was released late on {weekday}.",
    "Talks are expected to continue next week in {city}.",
    "{org} did not immediately respond to a request for comment.",
    "The meeting lasted more than {num} hours, according to a schedule seen by reporters.",
    "Markets reacted calmly to the news, with the main index in {city} closing "
    "{pct} percent higher.",
    "The two leaders last met in {month} in {city}.",
    "Officials from {country} and {country2} are due to meet again before the end of {month}.",
    "The announcement follows weeks of speculation in {demonym} media.",
    "The visit is the first by a senior {demonym} official in more than {num} years.",
]

MIXED_PHRASES = [
    "deeply troubling", "completely unacceptable", "a step in the right direction",
    "a dangerous escalation", "long overdue", "a historic opportunity", "a serious mistake",
    "irresponsible and provocative", "a clear violation of international law",
    "not the end of the story", "a wake-up call",
]
MIXED_SUBJECTS = ["the decision", "the move", "the plan", "the announcement", "the proposal",
                  "the agreement", "the measures"]
MIXED_TAILS = [
    "said {country} would respond in due course",
    "warned that it could undermine years of work",
    "added that talks would continue",
    "urged all sides to show restraint",
    "said more details would follow in {month}",
]

CLAUSE_CUES = ["said", "warned", "argued", "insisted", "claimed", "stressed", "noted", "added",
               "acknowledged", "told reporters", "explained", "suggested", "predicted",
               "maintained", "conceded", "countered", "cautioned", "emphasized", "reiterated",
               "confirmed", "announced", "said in a statement", "wrote on social media",
               "told a news conference"]
TRAILING_CUES = ["said", "added", "explained", "told reporters", "warned", "noted", "insisted",
                 "declared", "said in an interview"]
LEADING_CUES = ["said", "told reporters", "told a news conference in {city}",
                "said in a statement", "wrote on social media", "told parliament",
                "said in a televised address"]
QUOTE_CUES = ["said", "added", "said", "told reporters", "explained", "insisted", "warned",
              "said", "declared", "noted"]

PRONOUNS = ("he", "she", "they", "it")
QUOTE_MARKS = {"straight": ('"', '"'), "curly": ("\u201c", "\u201d")}


# -- generation ------------------------------------------------------------------------------


@dataclass
class Speaker:
    """An actor who speaks in one article, with how to refer to them now."""

    full: str  # first mention
    short: str  # later mentions
    pronoun: str  # he / she / they / it
    appositive: str = ""  # ", the head of ..." after an inverted cue
    mentions: int = 0

    def ref(self, rng: random.Random, allow_pronoun: bool) -> str:
        self.mentions += 1
        if self.mentions == 1:
            return self.full
        if allow_pronoun and rng.random() < 0.6:
            return self.pronoun
        return self.short


@dataclass
class Article:
    article_id: str
    date: dt.date
    title: str
    body: str
    style: str  # straight, curly, stripped
    issues: list[str] = field(default_factory=list)

    @property
    def words(self) -> int:
        return len(self.body.split())

    @property
    def url(self) -> str:
        return URL_PREFIX + self.article_id

    def text(self) -> str:
        return (f"date {self.date.isoformat()}\ntitle: {self.title}\nurl: {self.url}\n\n"
                f"{self.body}\n")


class _Writer:
    """Builds one article from a Random."""

    def __init__(self, rng: random.Random, article_id: str, date: dt.date):
        self.rng = rng
        self.article_id = article_id
        self.date = date
        r = rng
        self.issue = r.choices(ISSUES, weights=[i.weight for i in ISSUES])[0]
        others = [i for i in ISSUES if i is not self.issue]
        self.secondary = r.sample(others, k=r.choice([0, 1, 1, 2]))
        roll = r.random()
        self.style = "straight" if roll < 0.4 else "curly" if roll < 0.8 else "stripped"
        people = r.sample(PEOPLE, k=r.randint(1, 4))
        self.speakers = [
            Speaker(f"{p.title} {p.name}", p.surname, p.pronoun, p.role) for p in people
        ]
        for first, later, pronoun in r.sample(ANONYMOUS, k=r.randint(1, 2)):
            self.speakers.append(Speaker(first, later, pronoun))
        for org in r.sample(ORGANISATIONS, k=r.randint(0, 2)):
            self.speakers.append(Speaker(org, org, "it"))
        for name, _capital, _demonym in r.sample(COUNTRIES, k=r.randint(0, 1)):
            self.speakers.append(Speaker(name, name, "it"))
        self.last: Speaker | None = None
        self.principal = self.speakers[0]
        self.used: set[tuple[str, str]] = set()

    # -- slots --------------------------------------------------------------------------
    def fill(self, template: str) -> str:
        r = self.rng
        (country, capital, demonym), (country2, _, _) = r.sample(COUNTRIES, 2)
        values = {
            "country": country, "country2": country2, "capital": capital, "demonym": demonym,
            "org": r.choice(ORGANISATIONS), "city": r.choice(self.issue.cities),
            "num": str(r.choice(NUMBERS)), "num2": str(r.choice(NUMBERS)),
            "pct": f"{r.randint(2, 60)}", "bn": f"{r.choice([1.5, 2, 3, 5, 6.5, 8, 12, 50])}",
            "month": r.choice(MONTHS), "weekday": r.choice(WEEKDAYS),
            "year": str(self.date.year + r.randint(1, 6)), "surname": self.principal.short,
        }
        return template.format_map(values)

    def pick(self, attr: str, main: bool = False) -> str:
        """A sentence of kind ``attr`` about the main issue (70%) or a secondary one, not used
        yet in this article while unused ones remain (then from any issue)."""
        r = self.rng
        issue = self.issue if main or not self.secondary or r.random() < 0.7 else \
            r.choice(self.secondary)
        for pool in (issue, *self.secondary, self.issue, *r.sample(ISSUES, len(ISSUES))):
            unused = [t for t in getattr(pool, attr) if (attr, t) not in self.used]
            if unused:
                template = r.choice(unused)
                break
        else:
            template = r.choice(getattr(issue, attr))
        self.used.add((attr, template))
        return _cap(self.fill(template)) if attr in ("background", "quotes") else \
            self.fill(template)

    def speaker(self, *, allow_pronoun: bool = True) -> tuple[Speaker, str]:
        """A speaker (often the previous one again) and how to refer to them."""
        r = self.rng
        if self.last is not None and r.random() < 0.45:
            sp = self.last
            ref = sp.ref(r, allow_pronoun)
        else:
            sp = r.choice(self.speakers)
            ref = sp.ref(r, allow_pronoun=False)
        self.last = sp
        return sp, ref

    def marks(self) -> tuple[str, str]:
        if self.style == "stripped":
            return "", ""
        if self.rng.random() < 0.05:  # wire copy mixing both styles
            return QUOTE_MARKS["curly" if self.style == "straight" else "straight"]
        return QUOTE_MARKS[self.style]

    # -- paragraphs ---------------------------------------------------------------------
    def lead(self) -> str:
        r = self.rng
        sp = self.principal
        ref = sp.ref(r, allow_pronoun=False)
        self.last = sp
        dateline = ""
        if r.random() < 0.6:
            city = r.choice(self.issue.cities).upper()
            dateline = f"{city} (Bench Wire) \u2014 " if r.random() < 0.5 else f"{city} \u2014 "
        when = f" on {WEEKDAYS[self.date.weekday()]}" if r.random() < 0.7 else ""
        cue = r.choice(["said", "warned", "said", "announced", "insisted", "argued"])
        text = f"{dateline}{_cap(ref)} {cue}{when} that {self.pick('clauses', main=True)}."
        if r.random() < 0.5:
            text += " " + self.pick("background", main=True)
        return text

    def narrative(self) -> str:
        r = self.rng
        sentences = [self.pick("background") for _ in range(r.randint(1, 3))]
        if r.random() < 0.4:
            sentences.append(_cap(self.fill(r.choice(GENERIC_BACKGROUND))))
        return " ".join(dict.fromkeys(sentences))

    def quote_trailing(self) -> str:
        r = self.rng
        o, c = self.marks()
        quote = " ".join(self.pick("quotes") for _ in range(r.randint(1, 2)))
        sp, ref = self.speaker()
        cue = r.choice(QUOTE_CUES)
        if sp.appositive and sp.mentions == 1 and r.random() < 0.5:
            return f"{o}{_comma(quote)}{c} {cue} {ref}, {sp.appositive}."
        if ref in PRONOUNS or r.random() < 0.7:
            return f"{o}{_comma(quote)}{c} {ref} {cue}."
        return f"{o}{_comma(quote)}{c} {cue} {ref}."

    def quote_leading(self) -> str:
        r = self.rng
        o, c = self.marks()
        quote = " ".join(self.pick("quotes") for _ in range(r.randint(1, 2)))
        _, ref = self.speaker()
        cue = self.fill(r.choice(LEADING_CUES))
        return f"{_cap(ref)} {cue}: {o}{quote}{c}"

    def quote_split(self) -> str:
        r = self.rng
        o, c = self.marks()
        first = self.pick("quotes")
        _, ref = self.speaker()
        cue = r.choice(QUOTE_CUES)
        head, sep, rest = first.partition(", ")
        if sep and r.random() < 0.6:  # "We want fair trade," she said, "and we will ..."
            return f"{o}{head},{c} {ref} {cue}, {o}{rest}{c}"
        return f"{o}{_comma(first)}{c} {ref} {cue}. {o}{self.pick('quotes')}{c}"

    def quote_two_paragraphs(self) -> str:
        """A quotation running over two paragraphs: no closing mark after the first."""
        o, c = self.marks()
        if not o:
            return self.unquoted()
        first = " ".join(self.pick("quotes") for _ in range(2))
        second = self.pick("quotes")
        _, ref = self.speaker()
        return f"{o}{first}\n\n{o}{_comma(second)}{c} {ref} {self.rng.choice(QUOTE_CUES)}."

    def reported(self) -> str:
        r = self.rng
        clause = self.pick("clauses")
        sp, ref = self.speaker()
        form = r.random()
        if form < 0.45:
            that = " that" if r.random() < 0.7 else ""
            return f"{_cap(ref)} {r.choice(CLAUSE_CUES)}{that} {clause}."
        if form < 0.75:
            return f"{_cap(clause)}, {ref} {r.choice(TRAILING_CUES)}."
        if sp.appositive and sp.mentions == 1:
            return f"{_cap(clause)}, said {ref}, {sp.appositive}."
        if ref in PRONOUNS:
            return f"{_cap(clause)}, {ref} {r.choice(TRAILING_CUES)}."
        return f"{_cap(clause)}, {r.choice(['said', 'added', 'according to'])} {ref}."

    def according(self) -> str:
        r = self.rng
        first, _later, _pronoun = r.choice(ANONYMOUS)
        source = first if r.random() < 0.6 else f"a statement from {r.choice(ORGANISATIONS)}"
        return f"According to {source}, {self.pick('clauses')}."

    def object_cue(self) -> str:
        r = self.rng
        _, ref = self.speaker()
        target = r.choice([c[0] for c in COUNTRIES] + ORGANISATIONS[:12])
        form = r.randrange(6)
        if form == 0:
            return f"{_cap(ref)} accused {target} of {self.pick('gerunds')}."
        if form == 1:
            return f"{_cap(ref)} urged {target} to {self.pick('vps')}."
        if form == 2:
            return f"{_cap(ref)} called on {target} to {self.pick('vps')}."
        if form == 3:
            return f"{_cap(ref)} expressed concern over {self.pick('nps')}."
        if form == 4:
            return f"{_cap(ref)} criticized {target} for {self.pick('gerunds')}."
        return f"{_cap(ref)} denied {self.pick('gerunds')}."

    def mixed(self) -> str:
        r = self.rng
        o, c = self.marks()
        if not o:
            return self.reported()
        _, ref = self.speaker()
        subject = r.choice(MIXED_SUBJECTS)
        phrase = r.choice(MIXED_PHRASES)
        tail = self.fill(r.choice(MIXED_TAILS))
        if r.random() < 0.5:
            return f"{_cap(ref)} called {subject} {o}{phrase}{c} and {tail}."
        return f"{_cap(ref)} said {subject} was {o}{phrase}{c} and {tail}."

    def unquoted(self) -> str:
        """Direct speech without quotation marks (a stripped feed): first person, a trailing
        cue, sometimes a continuation sentence."""
        r = self.rng
        quote = self.pick("quotes")
        _, ref = self.speaker()
        text = f"{_comma(quote)} {ref} {r.choice(QUOTE_CUES)}."
        if r.random() < 0.5:
            text += " " + self.pick("quotes")
        return text

    def paragraph(self) -> str:
        kinds: list[tuple[Callable[[], str], float]] = [
            (self.narrative, 2.5), (self.reported, 2.5), (self.according, 0.6),
            (self.object_cue, 1.2),
        ]
        if self.style == "stripped":
            kinds += [(self.unquoted, 2.5), (self.quote_leading, 0.5)]
        else:
            kinds += [(self.quote_trailing, 2.0), (self.quote_leading, 0.8),
                      (self.quote_split, 0.8), (self.quote_two_paragraphs, 0.3),
                      (self.mixed, 0.8)]
        funcs, weights = zip(*kinds, strict=True)
        return self.rng.choices(funcs, weights=weights)[0]()

    def headline(self) -> str:
        return _cap(self.fill(self.rng.choice(self.issue.headlines)))

    def write(self) -> Article:
        r = self.rng
        target = round(r.triangular(MIN_WORDS, MAX_WORDS, MODE_WORDS))
        title = self.headline()
        paragraphs = [self.lead()]
        words = _count(paragraphs[0])
        misses = 0
        while words < target and misses < 8:
            para = self.paragraph()
            n = _count(para)
            if words + n > MAX_WORDS:
                misses += 1
                continue
            paragraphs.append(para)
            words += n
        while words < MIN_WORDS:  # only if every paragraph drawn was too long (never seen)
            para = self.fill(r.choice(GENERIC_BACKGROUND))
            paragraphs.append(para)
            words += _count(para)
        issues = [self.issue.key, *(i.key for i in self.secondary)]
        return Article(self.article_id, self.date, title, "\n\n".join(paragraphs), self.style,
                       issues)


def _count(text: str) -> int:
    return len(text.split())


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _comma(sentence: str) -> str:
    """A quoted sentence before its cue: its final stop becomes a comma ("...," she said)."""
    return sentence[:-1] + "," if sentence.endswith(".") else sentence


# -- public API ------------------------------------------------------------------------------


def date_rng(seed: int, date: dt.date) -> random.Random:
    return random.Random(f"{seed}:{date.isoformat()}")


def generate(n: int, seed: int, date: dt.date) -> list[Article]:
    """``n`` articles for one logical date, deterministic from (seed, date)."""
    rng = date_rng(seed, date)
    return [
        _Writer(rng, f"{date:%Y%m%d}-s{seed}-{i:06d}", date).write() for i in range(n)
    ]


def write_corpus(out: Path, n: int, seed: int, dates: Iterable[dt.date]) -> dict:
    """Write ``n`` articles per date into the landing folder ``out`` (``<article_id>.txt``);
    return a summary (articles, words, files per date)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    summary: dict = {"seed": seed, "n_per_date": n, "dates": {}, "articles": 0, "words": 0}
    for date in dates:
        articles = generate(n, seed, date)
        for a in articles:
            (out / f"{a.article_id}.txt").write_text(a.text(), encoding="utf-8")
        words = sum(a.words for a in articles)
        summary["dates"][date.isoformat()] = {"articles": len(articles), "words": words}
        summary["articles"] += len(articles)
        summary["words"] += words
    return summary


def _dates(values: list[str]) -> list[dt.date]:
    out: list[dt.date] = []
    for value in values:
        for part in value.split(","):
            if part.strip():
                out.append(dt.date.fromisoformat(part.strip()))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="articles per date (default 1000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--date", action="append", default=[],
                        help="logical date YYYY-MM-DD; repeat or comma-separate for several "
                             "(default 2024-05-01)")
    parser.add_argument("--out", required=True, type=Path, help="landing folder to write into")
    args = parser.parse_args(argv)
    dates = _dates(args.date) or [dt.date(2024, 5, 1)]
    summary = write_corpus(args.out, args.n, args.seed, dates)
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
