"""Actors: every mention resolved to a canonical actor with a stable id."""

from __future__ import annotations

import pytest

from extract.ids import actor_id
from extract.nlp import countries
from tests.unit.test_nlp_support import actor_by_name, sample_body, tag, tagged_sample


@pytest.fixture(scope="module")
def sample():
    return tagged_sample()


def test_ids_are_stable_hashes_of_name_and_type(sample):
    for a in sample.actors:
        assert a.actor_id == actor_id(a.name, a.actor_type)
    assert len({a.actor_id for a in sample.actors}) == len(sample.actors)


def test_every_mention_points_at_an_actor_of_the_article(sample):
    body = sample_body()
    ids = {a.actor_id for a in sample.actors}
    for m in sample.entities:
        assert m.actor_id in ids
        assert body[m.start:m.end] == m.text
    for st in sample.statements:
        assert st.speaker_actor_id is None or st.speaker_actor_id in ids


def test_name_variants_cluster_with_the_longest_name_canonical(sample):
    blinken = actor_by_name(sample, "Antony Blinken")
    assert blinken.actor_type == "person"  # NER tags "Blinken" as GPE in places
    assert "Blinken" in blinken.aliases
    mentions = [m.text for m in sample.entities if m.actor_id == blinken.actor_id]
    assert {"Antony Blinken", "Blinken", "Blinkens"} <= set(mentions)
    assert not [a for a in sample.actors if a.name in ("Blinken", "Blinkens")]
    xi = actor_by_name(sample, "Xi Jinping")  # surname first: "Xi" joins "Xi Jinping"
    assert "Xi" in xi.aliases


def test_title_before_a_name_gives_person_role_and_affiliation(sample):
    wray = actor_by_name(sample, "Christopher Wray")
    assert (wray.actor_type, wray.role, wray.affiliation) == ("person", "Director", "FBI")
    yellen = actor_by_name(sample, "Janet Yellen")
    assert yellen.actor_type == "person"
    assert yellen.role == "Treasury Secretary"
    assert yellen.country_code == "US"
    assert actor_by_name(sample, "Wang Yi").role == "Foreign Minister"
    assert actor_by_name(sample, "Antony Blinken").role == "Secretary of State"


def test_appositive_role_and_affiliation(sample):
    liu = actor_by_name(sample, "Liu Pengyu")
    assert liu.role == "spokesperson"
    assert liu.affiliation == "Chinese embassy in Washington"
    assert liu.country_code == "CN"
    embassy = actor_by_name(sample, "Chinese embassy in Washington")
    assert embassy.actor_type == "organization"


def test_countries_are_canonical(sample):
    us = actor_by_name(sample, "United States")
    assert (us.actor_type, us.country_code) == ("country", "US")
    assert {"U.S.", "US"} <= set(us.aliases)
    assert not [a for a in sample.actors if a.name in ("U.S.", "US", "the United States")]
    assert countries.lookup_country("the United States") == ("United States", "US")
    assert countries.lookup_demonym("American") == ("United States", "US")
    assert countries.lookup_demonym("Ukrainians") == ("Ukraine", "UA")
    assert countries.lookup_country("Russian Federation") == ("Russia", "RU")
    assert countries.lookup_country("It") is None  # not Italy's ISO code


def test_capital_as_government_is_the_country_elsewhere_a_place(sample):
    china = actor_by_name(sample, "China")
    beijing_mentions = [m for m in sample.entities if m.text == "Beijing"]
    as_china = [m for m in beijing_mentions if m.actor_id == china.actor_id]
    assert as_china, "Beijing accused / between Washington and Beijing -> China"
    shanghai = actor_by_name(sample, "Shanghai")
    assert shanghai.actor_type == "place"
    # "travel to Shanghai and Beijing": that Beijing is a place
    body = sample_body()
    travel = body.index("Shanghai and Beijing") + len("Shanghai and ")
    m = next(m for m in sample.entities if m.start == travel)
    assert m.actor_id == actor_by_name(sample, "Beijing").actor_id
    assert actor_by_name(sample, "Russia").country_code == "RU"
    moscow = next(m for m in sample.entities if m.text == "Moscow")
    assert moscow.actor_id == actor_by_name(sample, "Russia").actor_id


def test_anonymous_sources_and_groups(sample):
    anon = actor_by_name(sample, "senior State Department official")
    assert anon.actor_type == "anonymous"
    assert anon.affiliation == "State Department"
    assert actor_by_name(sample, "U.S. officials").actor_type == "anonymous"
    g7 = actor_by_name(sample, "G7")
    assert g7.actor_type == "organization"
    assert "Group of Seven" in g7.aliases


def test_demonym_adjectives_link_to_their_country(sample):
    china = actor_by_name(sample, "China")
    chinese = [m for m in sample.entities if m.text == "Chinese"]
    assert chinese and all(m.actor_id == china.actor_id for m in chinese)
    assert actor_by_name(sample, "Philippines").actor_type == "country"  # "Philippine ships"


def test_organisations_acronyms_and_datelines():
    t = tag("WASHINGTON - The International Monetary Fund said on Tuesday that growth would "
            "slow. The IMF also warned that debt was rising. Kestrel Microdevices said demand "
            "was strong, and Kestrel shares rose.")
    imf = actor_by_name(t, "International Monetary Fund")
    assert "IMF" in imf.aliases
    assert not [a for a in t.actors if a.name in ("WASHINGTON", "IMF")]
    assert actor_by_name(t, "Kestrel Microdevices").actor_type == "organization"
    assert not [a for a in t.actors if a.name == "Kestrel"]


def test_possessive_country_before_a_name():
    t = tag("Kenya's Peres Jepchirchir won the race, ahead of Ethiopia's Tigst Assefa.")
    assert actor_by_name(t, "Peres Jepchirchir").actor_type == "person"
    assert actor_by_name(t, "Tigst Assefa").actor_type == "person"
    assert actor_by_name(t, "Kenya").actor_type == "country"
