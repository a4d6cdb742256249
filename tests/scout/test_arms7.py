"""Arms, seventh round: a population that counts its patients arm by arm ("the intention-to-treat population
included 92 patients in the A arm and 92 patients in the B arm") sizes the arms as a design sentence does; without
the verb of inclusion the counts are left alone.

The sentences are invented (invented drug names), written for a phrasing family, not one report."""

from __future__ import annotations

import pytest

from trialscout.scout.reader import extract


def _sizes(text: str) -> dict[str, int | None]:
    return {a.label: a.n for a in extract(text).arms}


_DESIGN = "Patients were randomly assigned 1:1 to velotinib or docetaxel. "


@pytest.mark.parametrize("sentence, sizes", [
    ("The intention-to-treat population included 92 patients in the velotinib arm and 90 patients in the docetaxel "
     "arm.", {"velotinib": 92, "docetaxel": 90}),
    ("The full analysis set comprised 151 patients in the velotinib group and 149 patients in the docetaxel group.",
     {"velotinib": 151, "docetaxel": 149}),
    ("The study enrolled 120 participants in the docetaxel arm and 118 participants in the velotinib arm.",
     {"velotinib": 118, "docetaxel": 120}),
])
def test_a_population_counted_arm_by_arm_sizes_the_arms(sentence, sizes):
    assert _sizes(_DESIGN + sentence) == sizes


@pytest.mark.parametrize("sentence", [
    # counts of patients with an event, not an inclusion
    "Grade 3 neutropenia occurred in 30 patients in the velotinib arm and 12 patients in the docetaxel arm.",
    "Dose reductions affected 14 patients in the velotinib arm and 9 patients in the docetaxel arm.",
])
def test_counts_without_a_verb_of_inclusion_are_no_sizes(sentence):
    assert _sizes(_DESIGN + sentence) == {"velotinib": None, "docetaxel": None}
