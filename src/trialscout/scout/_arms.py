"""Helpers of the reader's trial-name and arm rules (:mod:`.reader`): the name forms read only in a trial's own
context, the mentions that name a marker or a company rather than a trial, and the sentence forms that size the
arms ("(velotinib=241; docetaxel=239)", "(400 mg daily; n=150)", "(340 per arm)") or leave a count to a subgroup
("(PD-L1 >= 1%, n = 80)").

Everything here is a pure function of the text; nothing reads a file.
"""

from __future__ import annotations

from typing import Mapping

from . import _re as re

# ---------------------------------------------------------------------------------------------------------
# trial names

# a capitalized word with a number, the form of many trials' names in running text: "the Checkmate-9ER study",
# "the Keynote 189 trial", also after the name's first word ("the JAVELIN Bladder 100 trial") (read only in a trial's own context, like every weak form; words that number a design
# part or a time are not names: "Phase 3", "Cycle 2", "Day 15")
_NOT_NUMBERED_NAME = (r"Phase|Stage|Part|Type|Grade|Class|Cohort|Level|Study|Trial|Arm|Arms|Cycle|Cycles|Day|Days|"
                      r"Week|Weeks|Month|Months|Year|Years|Version|Figure|Table|Group|Line|Dose|Visit|Wave|Section|"
                      r"Step|Covid|Interleukin|Schedule|Appendix|Supplement|Panel|Item|Number|Patients|Round|Period|Sample|Size|Total|Median|Mean|Range|Age|Aged|Score|Page|Vol|Volume|Issue|Chapter|Lot|Batch|Protocol|Category|Tier|Zone|Region|Amendment|"
                      r"Session|Abstract|Poster|Slide|Track|Level|Model|Series|Grades|Stages|Types")
_NOT_NAME_PART = r"The|In|A|An|Of|From|Phase|And|Or|With|For|On|At|By|To|Our|This|That|These|Its|Their|Both|Each"
TRIAL_MIXED = re.compile(rf"(?<![\w-])(?!(?:{_NOT_NUMBERED_NAME})[ -])((?:(?!(?:{_NOT_NAME_PART})\s)[A-Z][A-Za-z]{{2,}}\s)?"
                         rf"(?!(?:{_NOT_NUMBERED_NAME})[ -])[A-Z][a-z]{{2,}}[ -]\d{{1,4}}[A-Za-z]{{0,3}})"
                         r"(?![\w-])")
# a one-word capitalized name that "the ... trial" calls a trial: "the Falcon trial", "(the Polo study)"; not a
# nationality, a place's adjective or a sponsor ("the Japanese trial", "the German study", "the Pfizer trial")
_NOT_CAPWORD_NAME = (r"[A-Z][a-z]+(?:ese|ian|ish|ean|can|ch|ic|an|ss|ai|ek|sh)|Phase|Pivotal|Present|Current|Original|"
                     r"Main|Index|Parent|Core|Extension|Registration|Randomi[sz]ed|Controlled|Clinical|Global|"
                     r"International|National|Multicent(?:er|re)|Prospective|Retrospective|Observational|Pilot|"
                     r"Feasibility|Confirmatory|Landmark|Same|Whole|Entire|Above|Following|Previous|Earlier|Later|"
                     r"First|Second|Third|Final|New|Full|Overall|Primary|Secondary|Exploratory|Safety|Efficacy|"
                     r"Adjuvant|Neoadjuvant|Maintenance|Open|Blinded|Lancet|Blood|Nature|Cancer|Oncology|Journal|"
                     r"Pfizer|Merck|Roche|Novartis|Genentech|Amgen|Bayer|Lilly|Sanofi|Janssen|Gilead|Takeda|Daiichi|"
                     r"Regeneron|Seagen|Exelixis|Incyte|Eisai|Astellas|Ipsen|Servier|Celgene|Boehringer|Biogen|"
                     r"Moderna|Novavax|Medivation|Tesaro|Clovis|Kite|Juno|Immunomedics|Puma|Mirati|Loxo|Karyopharm|"
                     # institutions and places that name a study by its site
                     r"Mayo|Stanford|Harvard|Yale|Oxford|Cambridge|Moffitt|Cleveland|Toronto|London|Boston|Houston|"
                     r"Seattle|Paris|Sloan|Kettering|Hopkins|Duke|Emory|Vanderbilt|Pittsburgh|Cochrane|Framingham|"
                     r"Copenhagen|Rotterdam|Utrecht|Leiden|Heidelberg|Munich|Veterans|Nurses|Physicians|Women|Men|Children|"
                     r"Adult|Pediatric|Paediatric|Elderly|Senior|Delphi|Bayesian|Cox|Markov|"
                     # a sentence's start: "The Recent study", "The Largest trial", "The Other study"
                     r"Recent|Prior|Only|Other|Next|Last|Latest|Ongoing|Larger|Smaller|Similar|[A-Z][a-z]+est|"
                     r"Small|Large|Big|Single|Two|Three|Four|Five|Positive|Negative|Pooled|Combined|Randomi[sz]ing")
TRIAL_CAPWORD = re.compile(rf"(?<=\b[Tt]he\s)(?!(?:{_NOT_CAPWORD_NAME})\s)([A-Z][a-z]{{2,}}[a-z0-9]*)"
                           r"(?=\s+(?:trial|study)\b)")
# companies, journals and meetings printed in the trial names' forms (two capitals in one word, or letters and a
# number): a sponsor or a source is no trial
COMPANIES_AND_SOURCES = frozenset({
    "AstraZeneca", "GlaxoSmithKline", "GSK", "BMS", "AbbVie", "BeiGene", "BioNTech", "PharmaMar", "MorphoSys",
    "BioMarin", "GenMab", "ImmunoGen", "MacroGenics", "TG", "BeyondSpring", "CStone", "ImmunityBio", "SpringWorks",
    "PharmaEssentia", "AnHeart", "OncoC4", "HUTCHMED", "ASH", "EHA", "SABCS", "SGO", "AACR", "WCLC", "JAMA", "BMJ",
    "JCO", "NCCN", "ASCO-GU", "ESMO-GI", "ClinicalTrials", "PubMed", "MedPage", "OncLive", "UroToday", "PRNewswire",
    "GlobeNewswire", "BusinessWire",
})
# a marker's or gene's mention: "HER2-positive", "BRAFV600 wild-type", "EGFR mutation", "PD-L1 expressing"
# (also after the marker's isoform number: "CLDN18.2 positive", "FGFR2b"-like names are read whole)
_MARKER_AFTER = re.compile(r"(?:\.\d{1,2})?(?:-|\s)?(?:positive|negative|mutant|mutated|mutations?|wild[- ]?type|amplified|"
                           r"amplification|(?:over)?expressing|expression|status|inhibitors?|low|high|deficient|"
                           r"proficient|rearranged|rearrangement|fusions?|directed|targeted|targeting|altered|"
                           r"alterations?|variants?|carriers?)\b", re.I)
# a gene glued to its variant: "BRAFV600E", "KRASG12C", "EGFRT790M"
_GLUED_TAIL = re.compile(r"[A-Z]\d{2,4}[A-Z]?$")


def names_a_marker(text: str, end: int) -> bool:
    """Whether the candidate ending at ``end`` is a marker's or gene's name: a word such as "positive", "mutated",
    "wild-type", "status" or "inhibitor" follows it."""
    return _MARKER_AFTER.match(text, end) is not None


def glued_variant(base: str, stop: set[str] | frozenset[str]) -> bool:
    """Whether ``base`` is a stopped name (a gene) with a variant glued on: "BRAFV600" ("BRAF" + "V600")."""
    # the variant is the name's tail (a letter, 2-4 digits, a letter or none), so the stopped name is what is before it
    m = _GLUED_TAIL.search(base)
    head = base[:m.start()] if m else ""
    return len(head) >= 3 and head.isalnum() and head in stop


def heads_the_report(text: str, start: int, end: int) -> bool:
    """Whether the candidate at ``start:end`` stands alone (or with "trial"/"study") on one of the first three
    non-empty lines: a summary's title line ("DAPA-HF" over its design)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start:start].strip() or not re.fullmatch(r"\s*(?:(?:trial|study)\b\s*)?[:.]?\s*", text[end:line_end],
                                                           re.I):
        return False
    earlier = [ln for ln in text[:line_start].split("\n") if ln.strip()]
    return len(earlier) < 3


# a spelled-out title closed by the trial's acronym in parentheses: "Danish Study to Assess the Efficacy of
# Implantable Cardioverter Defibrillators in Patients with Nonischemic Systolic Heart Failure on Mortality (DANISH)",
# "Apixaban Versus Warfarin in Patients with Atrial Fibrillation (ARISTOTLE)": capitalized words of a trial's title
# (a study, a trial, a comparison, an efficacy) before it on its line, nothing after it
_TITLE_WORDS = re.compile(r"\b(?:study|trial|versus|vs\.?|compared|comparison|comparing|randomi[sz]ed|efficacy|"
                          r"evaluation|evaluating|assess(?:ing|ment)?)\b", re.I)


def closes_a_title(text: str, start: int, end: int) -> bool:
    """Whether the acronym at ``start:end`` (letters only, four or more, all capitals) closes in parentheses a line
    holding a trial's spelled-out title: four or more capitalized words and a title's word of a trial (see
    _TITLE_WORDS) before it, nothing after the closing parenthesis."""
    name = text[start:end]
    if not re.fullmatch(r"[A-Z]{4,}", name):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    before = text[line_start:start]
    after = text[end:len(text) if line_end < 0 else line_end]
    if not re.search(r"\(\s*$", before) or not re.fullmatch(r"\s*\)\s*[.:]?\s*", after):
        return False
    title = before.rstrip()[:-1]
    return len(re.findall(r"(?<![\w-])[A-Z][a-z]+", title)) >= 4 and _TITLE_WORDS.search(title) is not None


# an early-phase study's mention right before its name: "in the phase 1 CHRYSALIS study", "the phase Ib X trial",
# "the first-in-human X study" (background to a randomized trial; "phase 1/2" and "phase 1b/3" are not only early)
EARLY_PHASE_BEFORE = re.compile(r"\b(?:phase\s*(?:1|I)[ab]?(?![\w/])|first[- ]in[- ]human|dose[- ]escalation)"
                                r"(?:[ \t,-]+(?!(?:phase|study|trial|studies|trials)\b)[\w-]+){0,2}[ \t,-]*$", re.I)


# "KEYNOTE-A39 randomized 886 patients": the name is the subject of the design verb
DESIGN_SUBJECT = re.compile(r"\s+(?:randomi[sz]ed|randomly\s+(?:assigned|allocated)|enrolled|assigned|allocated)\s+"
                            r"(?:a\s+total\s+of\s+)?\d", re.I)


# ---------------------------------------------------------------------------------------------------------
# arm sizes

# a subgroup's count inside an arm's parentheses: "NIVO (PD-L1 >= 1%, n = 140)", "(CPS >= 10; n = 98)", "(patients
# with liver metastases, n = 61)": the arm's size is elsewhere (a cap on a schedule is no subgroup's threshold:
# "(5-fluorouracil [<=35 cycles] and cisplatin [<=6 cycles]; n=373)" sizes the arm)
SUBGROUP_COUNT = re.compile(r"\((?=[^()]{1,80}?[,;]\s*n\s*=\s*\d+\s*\))(?=[^()]*?(?:[\u2265\u2264<>](?!\s*\d+\s*(?:cycles?|"
                            r"doses?|courses?|infusions?|days?|weeks?|months?|years?)\b)|%|\b(?:positive|"
                            r"negative|subgroup|subset|with|without|aged?|expressing|high|low)\b))[^()]{1,80}?[,;]\s*"
                            r"n\s*=\s*\d+\s*\)", re.I)


# a count with its share: "(Kd, n=97 (25%); Vd, n=113 (28%))" counts the patients of a kind in each arm (the
# share of the arm they are), never the arm's randomized size
_SHARE_COUNT = re.compile(r"\bn\s*=\s*\d+\s*\(\s*\d+(?:\.\d+)?\s*%\s*\)", re.I)


# a list item's mark inside one sentence: "... (n = 465) group   \u2022 Median pt age = 65 years ..."
_ITEM_MARK = re.compile(r"\s[\u2022\u25aa\u25e6\u25cf\u2023]\s")


def list_items(t: str) -> list[str]:
    """The items of a bulleted list the sentence ``t`` holds, each alone (``[t]`` when it holds no list)."""
    return [x for x in _ITEM_MARK.split(t) if x.strip()] or [t]


def mask_subgroup_counts(t: str) -> str:
    """``t`` with every subgroup count in parentheses (see SUBGROUP_COUNT) and every count with its share
    ("n=97 (25%)") blanked to spaces, positions kept."""
    t = SUBGROUP_COUNT.sub(lambda m: " " * len(m.group()), t)
    return _SHARE_COUNT.sub(lambda m: " " * len(m.group()), t)


# a sentence on a subgroup counted first: "Among 120 patients with del(17p), 61 were assigned to A and 59 to B", "Of
# 785 patients with known cytogenetics, 210 ...", "In the 98 participants whose tumours expressed ..." (its counts
# are the subgroup's, not the arms'; "Of 1116 patients who were randomized, ..." counts the trial)
SUBGROUP_SENTENCE = re.compile(r"\b(?:among|of|in)\s+(?:the\s+|these\s+|those\s+)?\d+\s+(?:patients|participants|"
                               r"women|men|subjects|adults|children)\s+(?:with|harbou?ring|having|whose|carrying|"
                               r"who\s+(?!(?:were\s+)?(?:randomi[sz]ed|randomly|assigned|allocated|enrolled|included|"
                               r"treated|received|underwent)\b))", re.I)
_RANDOMIZED = re.compile(r"\brandomi[sz]ed\b|\brandomly\b|\brandomi[sz]ation\b", re.I)


def subgroup_sentence(t: str) -> bool:
    """Whether the sentence ``t`` counts a subgroup first (see SUBGROUP_SENTENCE) and randomizes no one: "Among 410
    patients with NSCLC, 205 were randomly assigned to A" is the trial's own population, its design sentence."""
    return SUBGROUP_SENTENCE.search(t) is not None and _RANDOMIZED.search(t) is None


# three arms compared in one chain, each with its size: "A (n=355) vs. B (n=358) vs. C (n=355)", "A(n=120) versus
# B (n=118) versus C (n=119)" (a summary's line of the arms; no design verb needed, the chain itself compares them)
_CHAIN_SIZE = r"\s*\(\s*n\s*=\s*\d+\s*\)"
_CHAIN_JOIN = r"\s*,?\s*(?:vs\.?|versus)\s+"
_CHAIN_NAME = r"[A-Za-z][\w\-+/]*(?:\s+[A-Za-z+][\w\-+/]*){0,3}?"
THREE_SIZED = re.compile(rf"(?<![\w\-+/])(?P<a>{_CHAIN_NAME}){_CHAIN_SIZE}{_CHAIN_JOIN}(?P<b>{_CHAIN_NAME}){_CHAIN_SIZE}"
                         rf"{_CHAIN_JOIN}(?P<c>{_CHAIN_NAME}){_CHAIN_SIZE}", re.I)


# an investigator's-choice control is one arm of two drugs joined by "or": "investigator's choice of lenvatinib or
# sorafenib", "treatment of physician's choice (eribulin or vinorelbine)"
_CHOICE_DRUG = r"[A-Za-z][\w\-]*[a-z][\w\-]*"
CHOICE_ARM = re.compile(r"\b(?:investigator|physician|doctor|clinician)['\u2019]?s?['\u2019]?\s+choice\s*(?:\(\s*|of\s+)"
                        rf"(?:either\s+)?(?P<a>{_CHOICE_DRUG}\s+or\s+{_CHOICE_DRUG})"
                        r"(?=\s*[,;.()]|\s+(?:monotherapy|alone|and|as|in|at|every|for|was|were|with)\b|\s*$)", re.I)


# a drug's abbreviation glued to the rest of a regimen's name: "rituximab (R)-GemOx" is the regimen "R-GemOx", the
# abbreviation standing for the word before it (same first letter)
_ABBREVIATED_PART = re.compile(r"(?<![\w\-])(?P<w>[A-Za-z][a-z]{3,})\s*\((?P<x>[A-Z][A-Za-z]{0,3})\)-(?=[A-Za-z])")


def glued_abbreviations(t: str) -> str:
    """``t`` with each "word (W)-rest" (see _ABBREVIATED_PART) read as "W-rest", positions kept (the expansion
    blanked to spaces): "vs rituximab (R)-GemOx" is "vs              R-GemOx"."""
    def repl(m: re.Match) -> str:
        if m.group("w")[0].lower() != m.group("x")[0].lower():
            return m.group()
        return " " * (len(m.group()) - len(m.group("x")) - 1) + m.group("x") + "-"
    return _ABBREVIATED_PART.sub(repl, t)


# "(340 per arm)", "340 patients per group": one size for every arm
EACH_PER_ARM = re.compile(r"(?<![\w.,-])(?P<n>\d+)\s+(?:patients\s+|participants\s+)?per\s+(?:treatment\s+|study\s+)?"
                          r"(?:arm|group)\b", re.I)


# ---------------------------------------------------------------------------------------------------------
# a design sentence's regimens without their doses, routes and schedules

_DOSE_UNIT = r"(?:mg|g|mcg|\u00b5g|IU|U|Gy|mL)(?:\s*/\s*(?:kg|m2|m\u00b2|day|d|dose))?"
_FREQ = r"(?:once|twice|one|two|three)\s+(?:times\s+)?(?:daily|a\s+day|per\s+day|weekly|a\s+week)|daily|weekly|QD|BID|Q[1-4]W"
_REGIMEN_DETAIL = re.compile(
    r"(?<=[A-Za-z])(?:"
    # "at 500 mg", "at a dose of 10 mg/kg", "500 mg", "AUC 5"
    rf",?\s+(?:at\s+)?(?:an?\s+)?(?:(?:fixed\s+)?doses?\s+of\s+)?(?:\d+(?:\.\d+)?\s*{_DOSE_UNIT}|AUC\s*\d+)"
    # "once daily", "twice a day", "every 3 weeks", "every 21 days", "Q3W"
    rf"|,?\s+(?:{_FREQ})\b|,?\s+every\s+(?:\d+|two|three|four|other)\s+(?:weeks?|days?|months?)\b"
    # "on days 1 to 21", "on day 1", "for 7 days", "for up to 2 years", "in 28-day cycles", "of each 21-day cycle"
    r"|,?\s+on\s+days?\s+\d+(?:\s*(?:to|-|\u2013|through|and)\s*\d+)?|,?\s+for\s+(?:up\s+to\s+)?\d+\s+(?:days|weeks|"
    r"months|years|cycles)\b|,?\s+(?:in|of|per)\s+(?:each\s+|a\s+)?\d+-(?:day|week)\s+cycles?\b"
    # the route: "oral", "subcutaneous or intravenous"; only before a drug's name, which stays
    r")", re.I)
_ROUTE = re.compile(r"\b(?:(?:subcutaneous|intravenous|oral|intramuscular|IV|SC)\s+(?:or|and|/)\s+)?"
                    r"(?:subcutaneous|intravenous|oral|intramuscular)\s+(?=[a-z])", re.I)
# "a minimum of six cycles of", "up to 35 cycles of", "six cycles of": what goes before the first drug's name
_CYCLES_OF = re.compile(r"\b(?:(?:a\s+minimum|a\s+maximum|up\s+to|at\s+least)\s+of\s+|up\s+to\s+)?(?:\d+|[a-z]+)\s+"
                        r"(?:cycles|courses|doses)\s+of\s+(?=[a-z])", re.I)


# a parenthesis that holds only a dose and its schedule: "KEYTRUDA (200 mg every three weeks) plus chemotherapy"
_DOSE_PAREN = re.compile(rf"\s*\(\s*(?:\d+(?:\.\d+)?\s*{_DOSE_UNIT}|AUC\s*\d)[^()=;]{{0,80}}\)", re.I)


def plain_regimens(t: str) -> str:
    """``t`` with the doses, schedules and routes of its regimens left out, outside parentheses only (and a
    parenthesis holding only a dose and its schedule): "ivosidenib at 500 mg once daily and subcutaneous
    azacitidine at 75 mg/m2 for 7 days in 28-day cycles (n = 72)" becomes "ivosidenib and azacitidine (n = 72)"."""
    t = _DOSE_PAREN.sub("", t)
    out: list[str] = []
    depth = 0
    seg = ""
    for ch in t:
        if ch == "(":
            if depth == 0:
                out.append(_plain_segment(seg))
                seg = ""
            depth += 1
            out.append(ch)
        elif ch == ")" and depth:
            depth -= 1
            out.append(ch)
        elif depth:
            out.append(ch)
        else:
            seg += ch
    out.append(_plain_segment(seg))
    return "".join(out)


def _plain_segment(s: str) -> str:
    prev = None
    while prev != s:
        prev = s
        s = _REGIMEN_DETAIL.sub("", s)
    s = _CYCLES_OF.sub("", s)
    return _ROUTE.sub("", s)


# a brand, not a trial: "OPDIVO\u00ae", "KEYTRUDA (pembrolizumab)" (a name without a digit before a drug's generic
# name in parentheses)
_BRAND_MARK = re.compile(r"\s*(?:[\u00ae\u2122]|\((?:R|TM)\))")
_GENERIC_AFTER = re.compile(r"\s*[\u00ae\u2122]?\s*\(\s*[a-z][a-z\-]*(?:mab|nib|lib|parib|platin|taxel|rubicin|tide|cept|"
                            r"leucel|stat|mide|lisib|sertib|degib|vec|cel|lutamide|rinone|tecan|vedotin|mustine)"
                            r"(?:\s+[a-z]+)?\s*[),;]")


def names_a_brand(text: str, base: str, end: int) -> bool:
    """Whether the candidate ``base`` ending at ``end`` is a drug's brand: a registered mark follows it, or (without
    a digit in it) the drug's generic name in parentheses."""
    if _BRAND_MARK.match(text, end):
        return True
    return not re.search(r"\d", base) and _GENERIC_AFTER.match(text, end) is not None


# "velotinib (arm A)", "Arm A: velotinib": an arm's letter, an alias of the arm
ARM_LETTER = re.compile(r"(?<![\w\-+/])(?P<a>[A-Za-z][\w\-+/]*(?:\s+(?:plus|\+|and|with)\s+[A-Za-z][\w\-+/]*)?)\s*"
                        r"\(\s*(?P<l>(?:[Aa]rm|[Gg]roup|[Cc]ohort)\s+[A-Z0-9]{1,2})\s*\)|"
                        r"\b(?P<l2>(?:[Aa]rm|[Gg]roup|[Cc]ohort)\s+[A-Z0-9]{1,2})\s*[:=]\s*(?P<a2>[A-Za-z][\w\-+/]*"
                        r"(?:\s+(?:plus|\+|and|with)\s+[A-Za-z][\w\-+/]*)?)")


# "randomized to A or B (n = 120 and 118, respectively)": the sizes in the order the arms were just named
# (also "(n = 120 vs 118)", "(n = 120/118)")
_RESPECTIVE_SIZES = re.compile(r"\(\s*n\s*=\s*(?P<n1>\d+)\s*(?:,|and|vs\.?|versus|/)\s*(?:n\s*=\s*)?(?P<n2>\d+)\s*"
                               r"(?:,?\s*respectively)?\s*\)", re.I)
# "120 patients in the A arm and 118 patients in the B arm" in a design sentence
_IN_THE_N = re.compile(r"(?<![\w.,\-])(?P<n>\d+)\s+(?:patients|participants)\s+(?:were\s+)?in\s+the\s+(?:IV\s+|oral\s+)?",
                       re.I)
# "120 patients received A and 118 received B" in a design sentence
_RECEIVED_N = re.compile(r"(?<![\w.,\-])(?P<n>\d+)\s+(?:patients\s+|participants\s+)?(?:were\s+)?(?:received|given|"
                         r"treated\s+with)\s+(?:the\s+)?(?:IV\s+|oral\s+)?", re.I)
# "the velotinib arm (N = 120)": an upper-case N right after an arm's name
_ARM_BIG_N = re.compile(r"^(?:\s+(?:arm|group|cohort))?\s*\(\s*N\s*=\s*(?P<n>\d+)\s*\)")
DESIGN_WORDS = re.compile(r"\b(?:randomi[sz](?:ed|ation)|randomly|assigned|allocated)\b", re.I)
# "The intention-to-treat population included 92 patients in the A arm and 92 patients in the B arm": one that
# counts its patients arm by arm sizes them as a design sentence does (a verb of inclusion right before the first count)
_INCLUDED_IN_THE = re.compile(r"\b(?:included|comprised|consisted\s+of|enrolled)\s+(?:a\s+total\s+of\s+)?\d+\s+"
                              r"(?:patients|participants)\s+in\s+the\b", re.I)


def sizes_in_order(t: str, mentions: list[tuple[int, int, int]], n_arms: int) -> dict[int, int]:
    """Sizes one sentence gives every arm in a form the arms' names fix: "A or B (n = 120 and 118, respectively)"
    (the two arms named last before it), "120 patients received A and 118 received B" (each count right before
    its arm, in a design sentence), "the A arm (N = 120) and the B arm (N = 118)" (every arm). Nothing unless every
    arm gets one size."""
    if n_arms != 2:
        return {}
    for m in _RESPECTIVE_SIZES.finditer(t):
        if re.search(r"%\s*$", t[:m.start()]) or ("respectively" not in m.group().lower() and not DESIGN_WORDS.search(t)):
            continue  # "ORR 40% vs 20% (n = 120 vs 118)": the counts behind rates; a size needs the design's words
        named: list[int] = []
        for a0, _a1, a in reversed(mentions):
            if a0 < m.start() and a not in named:
                named.insert(0, a)
            if len(named) == 2:
                break
        if len(named) == 2 and not re.search(r"[;.]\s", t[mentions[[x[2] for x in mentions].index(named[0])][0]:
                                                            m.start()]):
            return {named[0]: int(m.group("n1")), named[1]: int(m.group("n2"))}
    design = DESIGN_WORDS.search(t) is not None
    if design or _INCLUDED_IN_THE.search(t):
        for rx, tail in ((_RECEIVED_N, r""), (_IN_THE_N, r"\s+(?:arm|group|cohort)\b")):
            if rx is _RECEIVED_N and not design:
                continue
            got: dict[int, int] = {}
            for m in rx.finditer(t):
                nxt = [a for a0, a1, a in mentions if a0 == m.end() and re.match(tail, t[a1:])]
                if nxt:
                    if nxt[0] in got:
                        got = {}
                        break
                    got[nxt[0]] = int(m.group("n"))
            if len(got) == 2:
                return got
    got = {}
    for _a0, a1, a in mentions:
        big = _ARM_BIG_N.match(t[a1:])
        if big:
            if a in got and got[a] != int(big.group("n")):
                return {}
            got[a] = int(big.group("n"))
    return got if len(got) == 2 else {}


# a name with a digit inside its word: "HER2CLIMB-02", "B2GETHER-3"
TRIAL_INNER_DIGIT = re.compile(r"(?<![\w-])([A-Z]{1,5}\d[A-Z]{3,}(?:-\d{1,4}[A-Za-z]?)?)(?![\w-])")


_LIST_JOIN = re.compile(r"\s*,?\s*(?:or|and|versus|vs\.?)\s+(?:to\s+)?(?:receive\s+)?(?:the\s+)?(?:matching\s+)?$", re.I)


def total_after_list(t: str, pos: int, mentions: list[tuple[int, int, int]]) -> bool:
    """Whether the "(n = N)" whose number starts at ``pos`` closes a list of two arms with no size of its own:
    "randomized to A or B (n = 120)" is the total of both, not B's size."""
    paren = t.rfind("(", 0, pos)
    if paren < 0 or not re.fullmatch(r"\(\s*n\s*=\s*", t[paren:pos], re.I):
        return False
    b = [x for x in mentions if x[1] <= paren and not t[x[1]:paren].strip()]
    if not b:
        return False
    a = [x for x in mentions if x[1] <= b[-1][0] and x[2] != b[-1][2] and _LIST_JOIN.fullmatch(t[x[1]:b[-1][0]])]
    return bool(a)


# more of a trial's own context after its name: "the HARBOR randomized clinical trial", "(HARBOR): a randomised,
# open-label, phase 3 trial" (a journal title's form)
TRIAL_AFTER = re.compile(r"\s+(?:(?:randomi[sz]ed|clinical|controlled|open-label|double-blind|pivotal|registrational|"
                         r"multicent(?:er|re)|international|phase\s*(?:[1-3]|I{1,3})b?)\s+){1,4}(?:trial|study)\b|"
                         r"\s*\)?\s*:\s*(?:an?|the)\s+(?:[\w-]+,?\s+){0,6}(?:trial|study)\b", re.I)


def opens_a_title(text: str, start: int, end: int) -> bool:
    """Whether the candidate at ``start:end`` opens one of the first three non-empty lines before a colon: a
    title's "HARBOR-2: velotinib versus docetaxel"."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip() or not re.match(r"\s*:\s+\S", text[end:end + 4]):
        return False
    return len([ln for ln in text[:line_start].split("\n") if ln.strip()]) < 3


def without_thousands_commas(t: str) -> str:
    """``t`` with the thousands separators of its counts dropped: "(n = 1,204)" is "(n = 1204)", "2,402 patients"
    is "2402 patients" (a decimal's digits and a list "0.52,0.66" are kept)."""
    return re.sub(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,]|\.\d)", lambda m: m.group().replace(",", ""), t)


# "with A, B, and C were 41.1%, 48.5%, and 61.5%, respectively": three arms listed with their figures
_THREE_LISTED = re.compile(r"\b(?:with|in|for|of)\s+(?:the\s+)?(?P<a>[A-Za-z][\w+\-/]*)\s*,\s*(?P<b>[A-Za-z][\w+\-/]*)\s*,?\s+"
                           r"and\s+(?P<c>[A-Za-z][\w+\-/]*)\s+(?:arms\s+|groups\s+)?(?:were|was)\b"
                           r"(?P<v>(?:[^.;]|\.(?=\d)){0,120}?)\brespectively\b")


def three_listed(text: str, is_arm) -> list[str] | None:
    """The three distinct arm names (each one ``is_arm`` accepts) the text lists with their figures and
    "respectively" ("The 1-year PFS rates with A, B, and C were 41.1%, 48.5%, and 61.5%, respectively"), or None."""
    for m in _THREE_LISTED.finditer(text):
        names = [m.group(g) for g in ("a", "b", "c")]
        if len(re.findall(r"\d+(?:\.\d+)?", m.group("v"))) < 3:
            continue
        if len({n.lower() for n in names}) == 3 and all(is_arm(n) for n in names):
            return names
    return None


# ---------------------------------------------------------------------------------------------------------
# more arm contexts (built on the reader's treatment phrase)

def count_assigned_to(phrase: str) -> re.Pattern:
    """The arm after a count and its assignment verb, the verb without "were" and the treatment after "to also
    take", "to receive" or a schedule: "537 randomly assigned to also take twice-daily olaparib and 269 allocated
    to placebo", "120 patients randomized to receive velotinib"; the treatment closes its clause or comes before the
    next count ("A, B and C (ABC) and 670 ..." is a list, read elsewhere)."""
    return re.compile(rf"(?<![\w.,-])\d+\s+(?:patients\s+|participants\s+|women\s+|men\s+)?(?:were\s+)?(?:randomly\s+)?"
                      rf"(?:assigned|allocated|randomi[sz]ed)\s+to\s+(?:also\s+)?(?:(?:receive|take|get)\s+)?(?:the\s+)?"
                      rf"(?:(?:once|twice)[- ](?:daily|weekly)\s+)?(?:oral\s+|intravenous\s+|subcutaneous\s+)?"
                      rf"(?P<a>{phrase})(?=\s*(?:(?:group|arm)\b|\)|;|\.(?!\d)|,?\s*(?:and|while|whereas)\s+\d|,\s*\d|$))")


# "(Isa-Kd: n = 179, Kd: n = 123)": two arms, each named before a colon and its size, in one parenthesis
_COLON_NAME = r"[A-Za-z][\w\-+/]*(?:\s+[A-Za-z][\w\-+/]*){0,2}"
COLON_SIZED = re.compile(rf"\(\s*(?P<a>{_COLON_NAME})\s*:\s*n\s*=\s*(?P<n1>\d+)\s*[,;]\s*(?:and\s+)?(?P<b>{_COLON_NAME})\s*:\s*"
                         r"n\s*=\s*(?P<n2>\d+)\s*\)", re.I)


# "(ITT: NIVO+IPI, n=550, SUN, n=546; I/P: NIVO+IPI, n=425, SUN, n=422)": the two arms with their sizes, per
# analysis population; the intention-to-treat one (else the first) sizes the arms
POPULATION_PAIR = re.compile(rf"[(;]\s*(?:(?P<pop>[A-Za-z][\w/\-]{{0,15}})\s*:\s*)?(?P<a>{_COLON_NAME})\s*[,:]\s*n\s*=\s*"
                             rf"(?P<n1>\d+)\s*[,;]\s*(?:and\s+)?(?P<b>{_COLON_NAME})\s*[,:]\s*n\s*=\s*(?P<n2>\d+)"
                             r"(?=\s*[;)])", re.I)
_ITT = re.compile(r"ITT|intent(?:ion)?-to-treat|all|randomi[sz]ed|FAS", re.I)


def bracket_vs(phrase: str) -> re.Pattern:
    """Two arms compared with "VS", each followed (after its regimen's details) by its size in square brackets:
    "remdesivir (200 mg on day 1, then 100 mg daily) [N=538] VS placebo for up to 10 days [N=521]"."""
    return re.compile(rf"(?<![\w\-+/])(?P<a>{phrase})(?:\s*\([^()]{{0,160}}\))?\s*\[\s*N\s*=\s*(?P<n1>\d+)\s*\]\s*"
                      rf"(?:vs\.?|versus)\s+(?P<b>{phrase})(?:\s*\([^()]{{0,160}}\)|[^\[\].;()]{{0,80}}?)\s*"
                      r"\[\s*N\s*=\s*(?P<n2>\d+)\s*\]", re.I)


def pair_sizes(rx: re.Pattern, t: str, mentions: list[tuple[int, int, int]]) -> dict[int, int]:
    """The two arms' sizes of the first match of ``rx`` (groups a, n1, b, n2: COLON_SIZED, bracket_vs) in ``t``
    whose names are mentions of two different arms (``mentions``: start, end, arm)."""
    ms = list(rx.finditer(t))
    if rx is POPULATION_PAIR:
        ms.sort(key=lambda m: not (m.group("pop") and _ITT.fullmatch(m.group("pop"))))
    for m in ms:
        got: dict[int, int] = {}
        for g, n in (("a", "n1"), ("b", "n2")):
            hit = [a for a0, a1, a in mentions if a0 == m.start(g) and a1 == m.end(g)]
            if hit:
                got.setdefault(hit[0], int(m.group(n)))
        if len(got) == 2:
            return got
    return {}


def compared_figure_for(phrase: str) -> re.Pattern:
    """The comparator of a result, named after its figure by the patients who got it: "improved median OS to 46.7
    months compared with 37.3 months for patients receiving placebo plus fulvestrant", "... versus 38.5 months in
    those who received the doublet"."""
    return re.compile(r"\b(?:compared\s+(?:with|to)|versus|vs\.?)\s+\d+(?:\.\d+)?\s*(?:%|months?|mo|years?)?\s+"
                      r"(?:for|in|among|with)\s+(?:the\s+)?(?:patients|participants|those|women|men)\s+(?:who\s+)?"
                      r"(?:were\s+)?(?:received|receiving|treated\s+with|given|on)\s+(?:the\s+)?"
                      rf"(?P<a>{phrase})(?=\s*[,;.)]|\s+(?:and|was|were|in|group|arm)\b|\s*$)")


# a regimen of two drugs joined by "and" that "alone" or "only" marks as one arm: "those who received only bortezomib
# and dexamethasone", "compared with patients who received bortezomib and dexamethasone alone" (the drugs' names
# in lower case, as running text prints them)
_AND_PAIR = r"[a-z][a-z\-]{3,}\s+and\s+[a-z][a-z\-]{3,}"
PAIR_ONLY = re.compile(rf"\b(?:received|receiving|given|with|than|versus|vs\.?|to)\s+only\s+(?P<a>{_AND_PAIR})\b"
                       r"(?!\s+(?:and|plus|with)\b)")
PAIR_ALONE = re.compile(rf"\b(?:received|receiving|given|with|than|versus|vs\.?|to|or)\s+(?:the\s+)?(?P<a>{_AND_PAIR})\s+"
                        r"(?:alone|only)\b")


# ---------------------------------------------------------------------------------------------------------
# more names of an arm: its description by the number of its drugs or by the drug only it gets

# "the controlled group": the control group, as a report in a second language may print it
_CONTROLLED = ("controlled group", "controlled arm")


def control_forms(label: str) -> tuple[str, ...]:
    """The other forms of an arm named "control" (or "control group"/"control arm"): "controlled group",
    "controlled arm"; nothing for another arm."""
    return _CONTROLLED if re.fullmatch(r"(?:the\s+)?control(?:\s+(?:group|arm))?", label.strip(), re.I) else ()


# a drug added to a pair of drugs, compared with that pair: "daratumumab plus bortezomib and dexamethasone versus
# bortezomib and dexamethasone", "A in combination with B and C compared with B and C alone" (the three-drug regimen
# is one arm, the pair the other; the pair must be the same both times, see added_pair_same)
_PAIR_CI = r"[A-Za-z][a-z\-]{3,}\s+and\s+[A-Za-z][a-z\-]{3,}"
ADDED_TO_PAIR = re.compile(rf"(?<![\w\-+/])(?P<a>[A-Za-z][\w\-]*[a-z]\s+(?:plus|\+|with|in\s+combination\s+with|combined\s+"
                           rf"with)\s+(?P<p>{_PAIR_CI}))\s*,?\s+(?:versus|vs\.?|compared\s+(?:with|to)|or)\s+(?:the\s+)?"
                           rf"(?P<b>{_PAIR_CI})(?!\s+(?:plus|with|\+)\s)(?:\s+(?:alone|only))?\b", re.I)


def added_pair_same(m: re.Match) -> bool:
    """Whether a match of ADDED_TO_PAIR names the same pair of drugs twice ("B and C" in "A plus B and C versus B
    and C"), in any order, ignoring case."""
    def drugs(s: str) -> frozenset[str]:
        return frozenset(w.lower() for w in re.split(r"\s+and\s+", s, flags=re.I))
    return drugs(m.group("p")) == drugs(m.group("b"))


# a regimen of three drugs listed with commas: "ixazomib, lenalidomide, and dexamethasone", "placebo, lenalidomide,
# and DEX" (every word a drug's name by its stem, placebo, or a drug's short form in capitals, one at most), after a
# word that introduces an arm; an adverse events' list ("with fatigue, nausea, and diarrhoea") is no regimen, and a
# list its abbreviation follows ("A, B and C (ABC)") is named by the abbreviation
_DRUG_STEM = re.compile(r"[a-z]{2,}(?:mab|nib|lib|parib|ciclib|platin|taxel|tecan|rubicin|mycin|zomib|lidomide|lisib|"
                        r"citabine|tabine|citidine|trexate|leucel|lutamide|rozole|strant|olimus|sertib|relix|tide|cept|"
                        r"vedotin|uracil|fosfamide|sone|solone|mustine|toclax|clax|stine|poside|fen|nexor)|placebo", re.I)
_TRIPLE_WORD = r"[A-Za-z][\w\-]*[A-Za-z]"
TRIPLE_LIST = re.compile(rf"\b(?:received|receiving|given|with|versus|vs\.?|compared\s+(?:with|to)|than|to|get|of|or|"
                         # an arm's group named by its regimen: "for the A, B, and C group"
                         rf"(?:for|in)(?=\s+the\s))\s+"
                         rf"(?:the\s+)?(?:(?:oral|intravenous)\s+)?(?:(?:once|twice)[- ]weekly\s+)?(?P<a>{_TRIPLE_WORD},\s+{_TRIPLE_WORD},?\s+and\s+"
                         rf"{_TRIPLE_WORD})(?![\w-])(?!\s*,|\s*\(\s*[A-Za-z][\w+\-/]{{0,10}}\s*\))", re.I)


def drug_triple(phrase: str) -> bool:
    """Whether the three words of "A, B, and C" each name a drug (see _DRUG_STEM), one at most by a short form in
    capitals ("DEX")."""
    words = [w for w in re.split(r",?\s+(?:and\s+)?|,", phrase) if w]
    if len(words) != 3:
        return False
    short = [w for w in words if re.fullmatch(r"[A-Z]{2,5}", w)]
    return len(short) <= 1 and all(w in short or _DRUG_STEM.fullmatch(w) for w in words)


# "A, B, and C versus B and C", "randomly assigned to A, B, and C or to B and C", also with each regimen's size or
# abbreviation after it ("A, B and C (n = 195) or B and C (n = 207)"): the three-drug regimen against its last two
# drugs (the same pair, see triple_over_pair)
TRIPLE_VS_PAIR = re.compile(rf"(?<![\w\-+/])(?P<a>{_TRIPLE_WORD},\s+(?P<p>{_TRIPLE_WORD},?\s+and\s+{_TRIPLE_WORD}))"
                            rf"(?![\w-])(?:\s*\([^()]{{1,40}}\))?\s*,?\s+(?:versus|vs\.?|or|compared\s+(?:with|to))\s+(?:to\s+)?(?:receive\s+)?"
                            rf"(?:the\s+)?(?P<b>{_TRIPLE_WORD}\s+and\s+{_TRIPLE_WORD})(?![\w-])(?!\s*(?:,|plus|with|\+))",
                            re.I)


# a pair of drugs naming an arm's group: "than the bortezomib and dexamethasone cohort", "in the A and B arm" (both
# words drugs' names by their stems, see drug_pair)
PAIR_GROUP = re.compile(rf"\b(?:[Tt]he)\s+(?P<a>{_PAIR_CI})\s+(?:group|arm|cohort)\b")


def drug_pair(phrase: str) -> bool:
    """Whether both words of "A and B" name drugs by their stems (see _DRUG_STEM), two different ones."""
    words = [w for w in re.split(r"\s+and\s+", phrase, flags=re.I) if w]
    return len(words) == 2 and words[0].lower() != words[1].lower() and \
        all(_DRUG_STEM.fullmatch(w) for w in words)


def triple_over_pair(m: re.Match) -> bool:
    """Whether a match of TRIPLE_VS_PAIR lists three drugs and compares them with the same last two."""
    def drugs(s: str) -> frozenset[str]:
        return frozenset(w.lower() for w in re.split(r",?\s+and\s+|,\s*", s) if w)
    return drug_triple(m.group("a")) and drugs(m.group("p")) == drugs(m.group("b"))


# an arm named by the number of its drugs: "the triplet" beside "the doublet"
_N_DRUGS_WORD = {2: "doublet", 3: "triplet", 4: "quadruplet"}
_LIST_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s+plus\s+|\s*\+\s*|\s+with\s+|\s+(?:in\s+combination|combined)\s+"
                         r"with\s+", re.I)
_INACTIVE = re.compile(r"placebos?|sham|matching|observation", re.I)


def _n_drugs(name: str) -> int | None:
    parts = [p for p in _LIST_SPLIT.split(name.strip()) if p]
    if len(parts) < 2 or not all(re.fullmatch(r"[A-Za-z][\w\-]*", p) for p in parts):
        return None  # one word ("D-Vd", "velotinib"): the count is not printed
    return len([p for p in parts if not _INACTIVE.fullmatch(p)])


def count_names(names: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """For two arms (each by its names), the names that count their drugs: "triplet" for the arm of three drugs
    beside "doublet" for the arm of two ("ixazomib, lenalidomide, and dexamethasone" beside "placebo,
    lenalidomide, and dexamethasone": placebo is no drug); nothing unless both counts are printed, one drug apart."""
    if len(names) != 2:
        return [() for _ in names]
    counts = []
    for ns in names:
        got = [c for c in (_n_drugs(n) for n in ns) if c is not None]
        counts.append(max(got) if got else None)
    a, b = counts
    if a is None or b is None or abs(a - b) != 1 or not all(c in _N_DRUGS_WORD for c in (a, b)):
        return [(), ()]
    return [(_N_DRUGS_WORD[c], _N_DRUGS_WORD[c] + "s") for c in (a, b)]


def added_drug_names(names: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """For two arms (each by its names, the first its label), the names of the one drug that only one arm's list
    gets: "ixazomib, lenalidomide, and dexamethasone" beside "placebo, lenalidomide, and dexamethasone" is also
    "ixazomib", "the ixazomib-containing regimen", "the ixazomib-based arm" (a placebo or a sham names nothing new)."""
    if len(names) != 2:
        return [() for _ in names]
    parts = []
    for ns in names:
        ps = [p for p in _LIST_SPLIT.split(ns[0].strip()) if p] if ns else []
        if len(ps) < 2 or not all(re.fullmatch(r"[A-Za-z][\w\-]*", p) for p in ps):
            return [(), ()]
        parts.append({p.lower() for p in ps})
    out: list[tuple[str, ...]] = []
    for i in (0, 1):
        own = parts[i] - parts[1 - i]
        if len(own) != 1 or _INACTIVE.fullmatch(next(iter(own))) or not parts[i] & parts[1 - i]:
            out.append(())
            continue
        d = next(iter(own))
        out.append((d, f"{d}-containing", f"{d}-based"))
    return out


def compared_pair(text: str, a: str, b: str) -> bool:
    """Whether the text compares the names ``a`` and ``b`` with each other ("randomized 1:1 to A or B", "A versus
    B", either order): two arms, never one arm and its abbreviation, whatever a garbled "A (B)" elsewhere says."""
    ea, eb = re.escape(a), re.escape(b)
    join = r"\s*,?\s+(?:or|versus|vs\.?|compared\s+(?:with|to))\s+(?:the\s+)?"
    return re.search(rf"(?<![\w-])(?:{ea}{join}{eb}|{eb}{join}{ea})(?![\w-])", text, re.I) is not None


# a slide's line per arm, its abbreviation in parentheses after the arm's letter and its size closing the line: "Arm
# A: (T+D+CT) Tremelimumab 75 mg plus durvalumab ... (fifth dose). (n=338)", "Arm C: (CT) chemotherapy for up to six
# cycles (n=337)"
ARM_LINE = re.compile(r"^[ \t]*(?:[Aa]rm|[Gg]roup|[Cc]ohort)\s+[A-Z0-9]{1,2}\s*:\s*\(\s*(?P<a>[A-Za-z][\w+\-/]*"
                      r"(?:\s*[+/]\s*[\w\-]+)*)\s*\)[^\n]*?\(\s*n\s*=\s*(?P<n>\d+)\s*\)[ \t.]*$", re.M)


# a disease's one-word name: "mesothelioma", "melanoma", "myeloma", "leukaemia", "carcinoma" (no drug's name ends so)
DISEASE_WORD = re.compile(r"[A-Za-z]{3,}(?:omas?|[ae]?emias?|itis)", re.I)


def two_listed(phrase: str) -> re.Pattern:
    """Two arms listed with their figures and "respectively": "median PFS for A and B was 27.7 vs 11.1 months,
    respectively", "the rates in the A and B groups were 41% and 22%, respectively" (two figures before
    "respectively" in the same clause)."""
    return re.compile(rf"\b(?:for|with|in|of)\s+(?:the\s+)?(?P<a>{phrase})\s+and\s+(?:the\s+)?(?P<b>{phrase})\s+"
                      r"(?:arms\s+|groups\s+)?(?:was|were|is|are)\s+(?=(?:[^.;]|\.(?=\d)){0,80}?\d(?:[^.;]|\.(?=\d))"
                      r"{0,40}?\d(?:[^.;]|\.(?=\d)){0,40}?\brespectively\b)")


# a combination of two drugs compared with one of them: "the combination of A and B versus B monotherapy", "A with B
# vs B", "A plus B compared with B alone" (an add-on design: the combination and its backbone are the two arms; the
# backbone must be one of the two drugs, see added_to_one_same)
_ONE_DRUG = r"[A-Za-z][\w\-]*[a-z]"
ADDED_TO_ONE = re.compile(rf"(?<![\w\-+/])(?:(?:the\s+)?combination\s+of\s+)?(?P<a>{_ONE_DRUG}\s+(?:and|plus|\+|with|in\s+"
                          rf"combination\s+with|combined\s+with)\s+{_ONE_DRUG})\s*,?\s+(?:versus|vs\.?|compared\s+"
                          rf"(?:with|to))\s+(?:the\s+)?(?P<b>{_ONE_DRUG})(?![\w-])(?!\s+(?:and|plus|with|\+)\s)"
                          r"(?:\s+(?:alone|monotherapy|only))?", re.I)


def added_to_one_same(m: re.Match) -> bool:
    """Whether the backbone of a match of ADDED_TO_ONE is one of the combination's two drugs (ignoring case)."""
    drugs = [w.lower() for w in re.split(r"\s+(?:and|plus|with|in\s+combination\s+with|combined\s+with)\s+|\s*\+\s*",
                                         m.group("a"), flags=re.I)]
    return len(drugs) == 2 and drugs[0] != drugs[1] and m.group("b").lower() in drugs


def initials_names(text: str, names: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The names of arms by their drugs' initials as the text prints them in parentheses after a figure: "3.5 m (B+E)
    vs. 4.0 m (E)" for the arms "balixafortide and eribulin" and "eribulin" (the initials in capitals joined by "+",
    a one-drug arm by its initial); only initials that are no other arm's and that the text prints so."""
    forms: list[str | None] = []
    for ns in names:
        parts = [p for p in _LIST_SPLIT.split(ns[0].strip()) if p] if ns else []
        if not parts or not all(re.fullmatch(r"[A-Za-z][a-z\-]{3,}", p) for p in parts):
            forms.append(None)
            continue
        forms.append("+".join(p[0].upper() for p in parts))
    out: list[tuple[str, ...]] = []
    for f in forms:
        if f is None or forms.count(f) > 1 or not re.search(rf"\d[^()]{{0,12}}\(\s*{re.escape(f)}\s*\)", text):
            out.append(())
        else:
            out.append((f,))
    return out


def shared_backbone(key: frozenset[str], ranked: list[frozenset[str]]) -> bool:
    """Whether the name ``key`` (its words) is a part of two other names of ``ranked`` that are two regimens
    (neither's words within the other's, each of three words or more): the backbone both arms get ("ADT" beside "A,
    ADT, and docetaxel" and "ADT, docetaxel and placebo"), no arm."""
    over = [k for k in ranked if key < k and len(k) >= 3]
    return any(not (a <= b or b <= a) for i, a in enumerate(over) for b in over[i + 1:])


def listed_regimens(text: str) -> list[tuple[re.Match, str]]:
    """The regimens of two or three drugs the text lists as one arm's name (TRIPLE_LIST, TRIPLE_VS_PAIR,
    PAIR_GROUP, each checked as the reader checks it), with the group of the match holding each name: a drug's
    name read alone inside one of them is a mention of the regimen, no arm of its own."""
    out: list[tuple[re.Match, str]] = []
    for m in TRIPLE_LIST.finditer(text):
        if drug_triple(m.group("a")):
            out.append((m, "a"))
    for m in TRIPLE_VS_PAIR.finditer(text):
        if triple_over_pair(m):
            out += [(m, "a"), (m, "b")]
    for m in PAIR_GROUP.finditer(text):
        if drug_pair(m.group("a")):
            out.append((m, "a"))
    return out


def add_on_pair(pairs: list[tuple[frozenset[str], frozenset[str]]],
                counts: Mapping[frozenset[str], int]) -> list[frozenset[str]] | None:
    """The two arms of an add-on design as its design clause names them (each name by its words): a regimen and
    the same regimen with one drug or more added, compared or sized side by side ("A, B and C (n = 195) or B and C
    (n = 207)", "A + B (n = 246) or A (n = 246)", a placebo no added drug); the first such pair whose names are both
    candidates, the longer name first, else None."""
    for a, b in pairs:
        added = (a | b) - (a & b)
        if (a < b or b < a) and a in counts and b in counts and not all(_INACTIVE.fullmatch(w) for w in added):
            return sorted((a, b), key=len, reverse=True)
    return None


def sized_side_by_side(phrase: str) -> re.Pattern:
    """Two names each followed by its size and joined as a design joins its arms, after the design's verb or "to":
    "to receive FTD/TPI + Bev (n = 246) or FTD/TPI (n = 246)", "to A plus B (n=120) versus A (n=118)" (the names as
    ``phrase`` reads them)."""
    size = r"\s*[(\[]\s*n\s*=\s*\d+\s*[)\]]"
    return re.compile(rf"\b(?:receive|to|either|between)\s+(?:the\s+)?(?P<a>{phrase}){size}\s*,?\s+(?:or|versus|vs\.?|and)\s+(?:the\s+)?"
                      rf"(?P<b>{phrase}){size}")


def arms_heading_item(phrase: str) -> re.Pattern:
    """The first item of a list under a heading that names the arms, one arm a line: "- Treatment arms (1:1
    randomization)" then "- Pirtobrutinib monotherapy" (the name as ``phrase`` reads it, the item's whole line)."""
    bullet = r"[ \t]*(?:[\u2022\u00b7\u25aa\u2023\u25e6*\-][ \t]*)?"
    return re.compile(rf"^{bullet}(?:[Tt]reatment|[Ss]tudy|[Rr]andomi[sz]ed)\s+arms\b[^\n]*\n{bullet}(?P<a>{phrase})"
                      r"[ \t]*$", re.M)


_CHOICE_OF = re.compile(r"(?:investigator|physician|doctor|clinician)['\u2019]?s?['\u2019]?\s+choice\s+of\s+"
                        r"(?P<x>[A-Za-z][\w\-]*(?:\s*/\s*[A-Za-z][\w\-]*)+)", re.I)


def choice_options(names: tuple[str, ...]) -> tuple[str, ...]:
    """The options of an arm named as a choice between regimens written with a slash ("investigator's choice of
    IR/BR" is also "IR/BR"), which the text's per-arm figures print alone ("IR/BR: 8.7 months"); the whole name
    only."""
    return tuple(dict.fromkeys(m.group("x") for n in names if (m := _CHOICE_OF.fullmatch(n.strip()))))


def counted_pair_line(phrase: str, dose: str) -> re.Pattern:
    """A slide's or summary's line naming two arms, each (after its dose) with its size as a bare count in
    parentheses, joined as a design joins them: "Pembrolizumab 200 mg (590) or placebo (587) / 3 weeks-18 cycles"
    (groups a, n1, b, n2, as pair_sizes reads them; the line's start, a list's mark allowed; a year in brackets,
    "(2019)", is no count)."""
    bullet = r"[ \t]*(?:[\u2022\u00b7\u25aa\u2023\u25e6*\-][ \t]*)?"
    count = r"(?!(?:19|20)\d\d\))\d{2,5}"
    return re.compile(rf"^{bullet}(?P<a>{phrase}){dose}[ \t]*\((?P<n1>{count})\)[ \t]+(?:or|vs\.?|versus)[ \t]+"
                      rf"(?P<b>{phrase}){dose}[ \t]*\((?P<n2>{count})\)", re.M)


def in_every_arm(key: frozenset[str], arms_keys: list[frozenset[str]]) -> bool:
    """Whether every word of the name ``key`` is a drug of every arm's name, the parts of slash and hyphen names
    counted ("ibrutinib" in "ibrutinib/venetoclax" and "placebo/ibrutinib"): a drug both arms get names neither."""
    def parts(k: frozenset[str]) -> set[str]:
        return {p for w in k for p in [w, *re.split(r"[-/]", w)] if p}
    return len(arms_keys) >= 2 and bool(key) and all(parts(key) <= parts(k) for k in arms_keys)


def slash_own_parts(names: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """For two arms named by their drugs joined with slashes that share a drug (each arm by its names, the first its
    label), the one part only that arm's label has: "venetoclax" for "ibrutinib/venetoclax" beside
    "placebo/ibrutinib", "placebo" for the other; nothing when an arm has no part or several of its own."""
    if len(names) != 2 or not all(ns and re.fullmatch(r"[A-Za-z][\w\-]*(?:/[A-Za-z][\w\-]*)+", ns[0].strip())
                                  for ns in names):
        return [() for _ in names]
    parts = [[p for p in ns[0].strip().split("/")] for ns in names]
    low = [{p.lower() for p in ps} for ps in parts]
    if not low[0] & low[1]:
        return [(), ()]
    out: list[tuple[str, ...]] = []
    for i in (0, 1):
        own = [p for p in parts[i] if p.lower() not in low[1 - i]]
        out.append((own[0],) if len(own) == 1 else ())
    return out
