"""Arms and trial names, tenth round: arms named by their whole regimen. A regimen of three drugs against its last
two with each size after it, a regimen's group named by its drugs ("the A and B cohort"), a design clause sizing a
regimen and the same regimen with a drug added ("A + B (n = 246) or A (n = 246)"), and who was randomized counted
before the design verb.

The sentences are invented (invented drug names), written for a phrasing family, not one report."""

from __future__ import annotations

import pytest

from trialscout.scout import _arms
from trialscout.scout.reader import extract


def _sizes(text: str) -> dict[str, int | None]:
    return {a.label: a.n for a in extract(text).arms}


# ---------------------------------------------------------------------------------------------------------
# a regimen of three drugs against its last two, each sized


@pytest.mark.parametrize("design, triple", [
    ("Patients were randomized to receive once weekly melinexor, zorvatinib and dexamethasone (n = 195) or "
     "zorvatinib and dexamethasone (n = 207).", "melinexor, zorvatinib and dexamethasone"),
    ("Patients were randomly assigned to melinexor, zorvatinib, and dexamethasone (n = 195) or to zorvatinib and "
     "dexamethasone (n = 207).", "melinexor, zorvatinib, and dexamethasone"),
])
def test_a_sized_triple_against_its_pair_names_both_whole_regimens(design, triple):
    text = ("Melinexor added to zorvatinib in relapsed myeloma. " + design +
            " Responses were seen with zorvatinib in earlier studies. The ORR was 76.4% in the triplet group vs "
            "62.3% in the doublet group (P = .0012).")
    assert _sizes(text) == {triple: 195, "zorvatinib and dexamethasone": 207}


def test_a_triple_over_pair_needs_three_drugs_and_the_same_pair():
    m = _arms.TRIPLE_VS_PAIR.search("fatigue, nausea and anaemia (n = 40) or nausea and anaemia (n = 30)")
    assert m is not None and not _arms.triple_over_pair(m)  # no drugs' names: an adverse events' list
    m = _arms.TRIPLE_VS_PAIR.search("melinexor, zorvatinib and dexamethasone (n = 195) or velotinib and "
                                    "dexamethasone (n = 207)")
    assert m is not None and not _arms.triple_over_pair(m)  # another pair: no add-on design


def test_groups_named_by_their_regimens_are_the_arms():
    text = ("Patients (n = 402) were randomized 1:1 to receive melinexor 100 mg once weekly, zorvatinib 1.3 mg/m2 "
            "once weekly, and dexamethasone 20 mg twice weekly (triplet; n = 195) or zorvatinib 1.3 mg/m2 twice weekly "
            "and dexamethasone 20 mg four times per week (doublet; n = 207). Median follow-up was 13.2 months for the "
            "melinexor, zorvatinib, and dexamethasone group and 16.5 months for the zorvatinib and dexamethasone "
            "group. Neuropathy occurred less often in the melinexor, zorvatinib, and dexamethasone group (n = 41; "
            "21%) than the zorvatinib and dexamethasone cohort (n = 70; 34%).")
    arms = _sizes(text)
    assert set(arms) == {"melinexor, zorvatinib, and dexamethasone", "zorvatinib and dexamethasone"}


def test_a_pair_group_needs_two_drugs():
    assert _arms.drug_pair("zorvatinib and dexamethasone")
    assert not _arms.drug_pair("nausea and vomiting")  # symptoms, no regimen
    assert not _arms.drug_pair("zorvatinib and zorvatinib")


# ---------------------------------------------------------------------------------------------------------
# a regimen and the same regimen with a drug added, sized side by side


@pytest.mark.parametrize("combo, base, typo", [
    ("VLT/TPI + Zor", "VLT/TPI", "VTL/TPI"),
    ("velotinib plus zorvamab", "velotinib", "velotnib"),
])
def test_a_sized_regimen_and_the_same_regimen_plus_a_drug_are_both_arms(combo, base, typo):
    text = (f"In all, 492 patients were randomised to receive {combo} (n = 246) or {base} (n = 246). {combo} "
            f"significantly extended OS over {base}, median OS was 10.8 months vs 7.5 months, respectively (HR, 0.61; "
            f"95% CI, 0.49, 0.77). OS rates at 12 months were 43% in the {combo} arm and 30% in the {base} arm. "
            f"Adverse events were similar in the {combo} arm vs the {typo} arm (72.4% vs 69.5%), and in the {typo} "
            f"arm no new signal was seen.")
    assert _sizes(text) == {combo: 246, base: 246}


def test_a_placebo_added_makes_no_add_on_design():
    pairs = [(frozenset({"placebo", "chemotherapy"}), frozenset({"chemotherapy"}))]
    assert _arms.add_on_pair(pairs, {k: 2 for k in pairs[0]}) is None
    pairs = [(frozenset({"zorvamab", "chemotherapy"}), frozenset({"chemotherapy"}))]
    assert _arms.add_on_pair(pairs, {k: 2 for k in pairs[0]}) == [pairs[0][0], pairs[0][1]]
    assert _arms.add_on_pair(pairs, {pairs[0][0]: 2}) is None  # the other name is no candidate


def test_a_sized_pair_starts_at_a_name_after_the_design_word():
    rx = _arms.sized_side_by_side(r"[A-Za-z][\w\-]*(?:\s+plus\s+[A-Za-z][\w\-]*)?")
    m = rx.search("to receive velotinib plus a platinum-based chemotherapy (n = 278) or placebo plus chemotherapy "
                  "(n = 281)")
    assert m is None  # "chemotherapy (n = 278)" is the end of a longer name, not a name after "receive"
    m = rx.search("to receive velotinib plus zorvamab (n = 120) versus velotinib (n = 118)")
    assert m is not None and (m.group("a"), m.group("b")) == ("velotinib plus zorvamab", "velotinib")


# ---------------------------------------------------------------------------------------------------------
# a regimen of three parts joined by "+"


def test_a_regimen_of_three_parts_joined_by_plus_is_read_whole():
    text = ("We evaluated VT + Len + R versus placebo + Len + R in relapsed lymphoma. Patients (N = 230) were "
            "randomly assigned to receive VT + Len + R (n = 112) or placebo + Len + R (n = 118). The median OS was "
            "13.8 months with VT + Len + R versus 8.5 months with placebo + Len + R (hazard ratio, 0.63 [95% CI, 0.45 "
            "to 0.89]).")
    assert _sizes(text) == {"VT + Len + R": 112, "placebo + Len + R": 118}


def test_a_plus_chain_does_not_run_across_lines():
    # a slide's legend, one part a line: the mark "+" of censored times on its own line joins nothing
    text = ("Overall survival\n40\n20\n0\nZorvamab\n+ CP/ET\nPlacebo\n+ CP/ET\nCensored\n+\nZorvamab\n+ CP/ET\n"
            "(N = 201)\nPlacebo\n+ CP/ET\n(N = 202)\nHR, 0.70 (95% CI, 0.54-0.91)\n")
    arms = {" ".join(a.label.split()): a.n for a in extract(text).arms}
    assert arms == {"Zorvamab + CP/ET": 201, "Placebo + CP/ET": 202}


# ---------------------------------------------------------------------------------------------------------
# a list of the arms under its heading; a choice's options


_BULLETED = ("Efficacy was evaluated in a randomized, open-label, active-controlled trial.\n"
             "- Treatment arms (1:1 randomization)\n- {first}\n- Investigator's choice of:\n"
             "- Idelalisib plus a rituximab product (IR), or\n- Bendamustine plus a rituximab product (BR)\n"
             "Efficacy: PFS benefit vs investigator's choice\n"
             "{first_word} showed an improvement in PFS compared with investigator's choice of IR/BR.\n"
             "- Hazard ratio: 0.58 (95% CI: 0.38, 0.89); p = 0.0105\n")


@pytest.mark.parametrize("first, name", [("Velotinib monotherapy", "velotinib"), ("Zorvamab", "zorvamab")])
def test_the_first_item_under_a_treatment_arms_heading_is_an_arm(first, name):
    text = _BULLETED.format(first=first, first_word=first.split()[0])
    labels = [a.label.lower() for a in extract(text).arms]
    assert name in labels


def test_an_item_under_another_heading_is_no_arm():
    rx = _arms.arms_heading_item(r"[A-Za-z][\w\-]*(?:\s+monotherapy)?")
    assert rx.search("- Treatment arms (1:1 randomization)\n- Velotinib monotherapy\n")
    assert not rx.search("- Key secondary endpoint\n- Velotinib monotherapy\n")
    assert not rx.search("- Treatment arms\n- Velotinib was given daily until progression\n")  # a sentence


def test_a_choice_written_with_a_slash_also_goes_by_its_options():
    assert _arms.choice_options(("investigator's choice of IR/BR", "choice")) == ("IR/BR",)
    assert _arms.choice_options(("physician\u2019s choice of TPC",)) == ()  # one option: nothing to add
    assert _arms.choice_options(("velotinib",)) == ()


# ---------------------------------------------------------------------------------------------------------
# a size, then how the arm's patients split


def test_a_size_followed_by_how_its_patients_split_is_the_arm_size():
    text = ("Patients were randomly assigned to receive velotinib (n = 291) or chemotherapy (n = 290; 143 received "
            "zorvatinib/cyclophosphamide and 147 received bendamustine). Median PFS was not reached with velotinib vs "
            "21 months with chemotherapy (HR 0.65).")
    assert _sizes(text) == {"velotinib": 291, "chemotherapy": 290}


def test_a_count_with_its_share_after_a_size_is_no_split():
    # "(n = 41; 21%)": the count of an event and its share, not an arm's size followed by its split
    text = ("Patients were randomly assigned to receive velotinib (n = 195) or zorvatinib (n = 207). Neuropathy "
            "occurred in the velotinib group (n = 41; 21%) and the zorvatinib group (n = 70; 34%).")
    assert _sizes(text) == {"velotinib": 195, "zorvatinib": 207}


# ---------------------------------------------------------------------------------------------------------
# a line naming both arms with bare counts


def test_a_line_naming_both_arms_with_bare_counts_sizes_them():
    text = ("New indication: adjuvant velotinib\n\n  \u2022 Study\n\n    Randomised, triple-blind, phase 3 trial\n"
            "    Stage IB-IIIA NSCLC\n    Velotinib 200 mg (590) or placebo (587) / 3 weeks-18 cycles\n\n"
            "  \u2022 Efficacy\n\n    mDFS: 53.6 m vs 42.0 m (HR 0.76 [95% CI 0.63-0.91], p=0.0014)\n")
    assert _sizes(text) == {"Velotinib": 590, "placebo": 587}


def test_bare_counts_inside_running_prose_size_no_arm():
    # counts of events in a sentence, not a line that opens with the arms
    text = ("Patients were randomly assigned to velotinib or placebo. Infections were reported with velotinib (12) "
            "or placebo (15). The HR for DFS was 0.76 (95% CI 0.63-0.91).")
    assert _sizes(text) == {"velotinib": None, "placebo": None}


# ---------------------------------------------------------------------------------------------------------
# arms named with slashes that share a drug


def test_slash_named_arms_go_by_their_own_part():
    assert _arms.slash_own_parts([("velotinib/zorvatinib",), ("placebo/velotinib",)]) == [("zorvatinib",),
                                                                                          ("placebo",)]
    assert _arms.slash_own_parts([("velotinib/zorvatinib",), ("placebo/cisplatin",)]) == [(), ()]  # none shared
    assert _arms.slash_own_parts([("VLT/TPI",), ("velotinib",)]) == [(), ()]  # one name without a slash


def test_a_drug_both_slash_arms_get_names_neither():
    arms = [frozenset({"velotinib/zorvatinib"}), frozenset({"placebo/velotinib"})]
    assert _arms.in_every_arm(frozenset({"velotinib"}), arms)
    assert not _arms.in_every_arm(frozenset({"zorvatinib"}), arms)


def test_slash_arms_sized_by_their_dosed_design():
    text = ("In the double-blind trial, 267 patients were randomly assigned to receive velotinib at 560 mg once daily "
            "concurrently with oral zorvatinib at a 5-week ramp-up to 400 mg once daily (n = 134) or matching placebo "
            "and single-agent velotinib at 560 mg once daily (n = 133) for 2 years. The median PFS was not reached "
            "with velotinib/zorvatinib vs 22.0 months with placebo/velotinib (HR 0.54). PFS with "
            "velotinib/zorvatinib was longer than with placebo/velotinib in every subgroup. The 42-month PFS rate was "
            "70% in the velotinib/zorvatinib arm and 40% in the placebo/velotinib arm.")
    assert _sizes(text) == {"velotinib/zorvatinib": 134, "placebo/velotinib": 133}


def test_a_total_randomized_to_arms_sharing_a_backbone_sizes_no_arm():
    text = ("In all, 565 patients were randomized to receive zorvamab-clzb with mFOLFOX6 chemotherapy or placebo with "
            "mFOLFOX6 chemotherapy. Median PFS was 10.6 months in the zorvamab-clzb/chemotherapy arm and 8.7 months in "
            "the placebo/chemotherapy arm (HR 0.75).")
    assert 565 not in _sizes(text).values()
