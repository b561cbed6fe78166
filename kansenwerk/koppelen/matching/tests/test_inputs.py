"""CSV parsing errors, rules files and the postcode distance proxy."""

from __future__ import annotations

import numpy as np
import pytest

from kansenwerk.koppelen.matching import RulesError, load_rules
from kansenwerk.koppelen.matching.csv_io import CohortFileError, match_csv, read_people
from kansenwerk.koppelen.matching.distance import CentroidDistance, PostcodeNumberProxy

MENTORS = (
    "id,capacity,languages,availability,interests,postcode\n"
    "r1,2,Nederlands;Turks,ma-avond;wo-middag,schaken,3511\n"
)
MENTEES = (
    "id,languages,availability,interests,postcode\n"
    "e1,Turks,wo-middag,schaken,3512 KL\ne2,Somalisch,wo-middag,,3512\n"
)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_match_csv_returns_documented_shape(tmp_path):
    result = match_csv(write(tmp_path, "r.csv", MENTORS), write(tmp_path, "e.csv", MENTEES))
    assert set(result) >= {"pairs", "unmatched", "total_score"}
    assert [(p["mentor"], p["mentee"]) for p in result["pairs"]] == [("r1", "e1")]
    assert result["pairs"][0]["reasons"][0] == "spreken allebei Turks"
    assert result["unmatched"] == [
        {"id": "e2", "side": "mentee", "reason": "geen mentor spreekt Somalisch"}
    ]
    assert result["total_score"] == result["pairs"][0]["score"] > 0


def test_semicolon_separated_export_is_read(tmp_path):
    text = (
        "id;capacity;languages;availability;interests;postcode\nr1;1;Nederlands;wo-middag;;1055\n"
    )
    (person,) = read_people(path=write(tmp_path, "r.csv", text), is_mentor=True)
    assert person.languages == frozenset({"Nederlands"}) and person.postcode == "1055"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "id,languages,availability,interests,postcode\n",
            "regel 1: kolom(men) ontbreken: capacity",
        ),
        (MENTORS + "r2,veel,Nederlands,wo-middag,,1055\n", "regel 3: capacity moet een heel getal"),
        (
            MENTORS + "r2,1,Nederlands,wo-middag,,0123\n",
            "regel 3: postcode '0123' is geen Nederlandse postcode",
        ),
        (MENTORS + "r1,1,Nederlands,wo-middag,,1055\n", "regel 3: id r1 komt dubbel voor"),
    ],
)
def test_csv_errors_name_file_and_line(tmp_path, text, message):
    path = write(tmp_path, "mentoren.csv", text)
    with pytest.raises(CohortFileError, match=r"mentoren\.csv") as error:
        read_people(path=path, is_mentor=True)
    assert message in str(error.value)


def test_rules_file_overrides_defaults_and_rejects_unknown_keys(tmp_path):
    rules = load_rules(
        path=write(tmp_path, "r.toml", "[hard]\nmax_distance_km = 5\n[soft]\ndistance = 4\n")
    )
    assert rules.hard.max_distance_km == 5 and rules.soft.distance == 4.0
    assert rules.hard.min_shared_languages == 1  # default kept
    assert load_rules().hard.max_distance_km is None
    with pytest.raises(RulesError, match="onbekende instelling"):
        load_rules(path=write(tmp_path, "bad.toml", "[hard]\nmax_afstand = 5\n"))
    with pytest.raises(RulesError, match="geen geldige TOML"):
        load_rules(path=write(tmp_path, "broken.toml", "[hard\n"))


def test_max_distance_rule_and_reason(tmp_path):
    rules_path = write(tmp_path, "r.toml", "[hard]\nmax_distance_km = 5\n")
    mentees = "id,languages,availability,interests,postcode\ne1,Turks,wo-middag,,9711\n"
    result = match_csv(
        write(tmp_path, "r.csv", MENTORS), write(tmp_path, "e.csv", mentees), rules_path=rules_path
    )
    assert result["pairs"] == []
    assert (
        result["unmatched"][0]["reason"] == "geen passende mentor binnen 5,0 km van postcode 9711"
    )


def test_proxy_distance_is_monotone_by_level_and_symmetric():
    proxy = PostcodeNumberProxy()
    km = proxy.matrix(
        origins=["1055", "1055", "1055", "1055"], destinations=["1055", "1056", "1099", "9711"]
    )
    assert km[0, 0] == 0 and km[0, 1] < km[0, 2] <= 20 < km[0, 3]
    assert np.array_equal(proxy.matrix(origins=["1056"], destinations=["1055"]), km[:1, 1:2])
    assert np.isnan(proxy.matrix(origins=[None], destinations=["1055"])[0, 0])


def test_centroids_from_csv_with_proxy_fallback(tmp_path):
    path = write(tmp_path, "c.csv", "postcode,lat,lon\n1012,52.3731,4.8922\n3511,52.0907,5.1214\n")
    model = CentroidDistance.from_csv(path=path)
    km = model.matrix(origins=["1012", "1012"], destinations=["3511", "1013"])
    assert 34 < km[0, 0] < 37  # Amsterdam–Utrecht centres
    assert km[0, 1] == PostcodeNumberProxy().matrix(origins=["1012"], destinations=["1013"])[0, 0]
