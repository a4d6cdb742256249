# Reference figures for trialscout.design and trialscout.simulate from rpact (Debian's r-cran-rpact).
# Each case is written in trialscout's design-file vocabulary ("input") next to what rpact computed ("rpact"),
# so that the tests build the same design from the input and compare. Run from tests/reference:
#   Rscript design_rpact.R      (writes design_rpact.json; SKIP_SIM=1 leaves out the slow simulations)
suppressPackageStartupMessages(library(rpact))
source("json_writer.R")

spend_code <- c(lan_demets_obrien_fleming = "asOF", lan_demets_pocock = "asP", kim_demets_power = "asKD",
                hwang_shih_decani = "asHSD")
beta_code <- c(obrien_fleming_type = "bsOF", pocock_type = "bsP", kim_demets_power = "bsKD",
               hwang_shih_decani = "bsHSD")
class_code <- c(obrien_fleming = "OF", pocock = "P", wang_tsiatis = "WT")

rpact_design <- function(d) {
  args <- list(kMax = d$k, alpha = d$alpha, beta = d$beta, sided = d$sided, tolerance = 1e-10)
  if (d$k > 1) args$informationRates <- as.numeric(unclass(d$information_rates))
  e <- d$efficacy
  if (e$method == "alpha_spending") {
    args$typeOfDesign <- spend_code[[e$spending]]
    if (!is.null(e$rho)) args$gammaA <- e$rho
    if (!is.null(e$gamma)) args$gammaA <- e$gamma
  } else {
    args$typeOfDesign <- class_code[[e$boundary]]
    if (!is.null(e$delta)) args$deltaWT <- e$delta
  }
  f <- d$futility
  if (!is.null(f)) {
    args$bindingFutility <- f$binding
    if (f$method == "beta_spending") {
      args$typeBetaSpending <- beta_code[[f$spending]]
      if (!is.null(f$rho)) args$gammaB <- f$rho
      if (!is.null(f$gamma)) args$gammaB <- f$gamma
    } else {
      args$futilityBounds <- as.numeric(unclass(f$bounds))
    }
  }
  do.call(getDesignGroupSequential, args)
}

design_out <- function(des) {
  ch <- getDesignCharacteristics(des)
  list(critical_z = I(des$criticalValues), stage_levels = I(des$stageLevels), alpha_spent = I(des$alphaSpent),
       futility_z = if (des$kMax > 1 && !all(is.na(des$futilityBounds)) && any(des$futilityBounds > -6))
         I(des$futilityBounds) else NULL,
       beta_spent = if (!all(is.na(des$betaSpent))) I(des$betaSpent) else NULL,
       inflation_factor = ch$inflationFactor, power = I(ch$power),
       rejection_probabilities = I(ch$rejectionProbabilities),
       futility_probabilities = if (des$kMax > 1) I(ch$futilityProbabilities) else NULL,
       asn_h1 = ch$averageSampleNumber1, asn_h0 = ch$averageSampleNumber0)
}

D <- function(k, rates = NULL, alpha = 0.025, beta = 0.2, sided = 1, efficacy, futility = NULL) {
  x <- list(k = k, alpha = alpha, beta = beta, sided = sided, efficacy = efficacy)
  if (!is.null(rates)) x$information_rates <- I(rates) else x$information_rates <- I((1:k) / k)
  if (!is.null(futility)) x$futility <- futility
  x
}
AS <- function(s, rho = NULL, gamma = NULL) { x <- list(method = "alpha_spending", spending = s)
  if (!is.null(rho)) x$rho <- rho; if (!is.null(gamma)) x$gamma <- gamma; x }
CL <- function(b, delta = NULL) { x <- list(method = "classical", boundary = b); if (!is.null(delta)) x$delta <- delta; x }
BS <- function(s, binding, rho = NULL, gamma = NULL) { x <- list(method = "beta_spending", spending = s, binding = binding)
  if (!is.null(rho)) x$rho <- rho; if (!is.null(gamma)) x$gamma <- gamma; x }
FZ <- function(b, binding) list(method = "fixed_z", bounds = I(b), binding = binding)

designs <- list(
  D(1, efficacy = AS("lan_demets_obrien_fleming")),
  D(2, efficacy = AS("lan_demets_obrien_fleming")),
  D(3, efficacy = AS("lan_demets_obrien_fleming")),
  D(4, c(0.2, 0.45, 0.7, 1), efficacy = AS("lan_demets_obrien_fleming")),
  D(5, efficacy = AS("lan_demets_obrien_fleming"), alpha = 0.05, beta = 0.1),
  D(3, efficacy = AS("lan_demets_pocock")),
  D(4, c(0.3, 0.5, 0.8, 1), efficacy = AS("lan_demets_pocock"), alpha = 0.01),
  D(3, efficacy = AS("kim_demets_power", rho = 1)),
  D(3, c(0.25, 0.6, 1), efficacy = AS("kim_demets_power", rho = 3)),
  D(5, efficacy = AS("kim_demets_power", rho = 2)),
  D(3, efficacy = AS("hwang_shih_decani", gamma = -4)),
  D(4, c(0.1, 0.4, 0.75, 1), efficacy = AS("hwang_shih_decani", gamma = 1)),
  D(2, c(0.6, 1), efficacy = AS("hwang_shih_decani", gamma = -2)),
  D(3, efficacy = CL("obrien_fleming")),
  D(5, c(0.15, 0.3, 0.55, 0.8, 1), efficacy = CL("obrien_fleming")),
  D(3, efficacy = CL("pocock")),
  D(4, efficacy = CL("pocock"), alpha = 0.05),
  D(3, efficacy = CL("wang_tsiatis", delta = 0.25)),
  D(4, c(0.2, 0.5, 0.7, 1), efficacy = CL("wang_tsiatis", delta = 0.1)),
  D(3, efficacy = AS("lan_demets_obrien_fleming"), sided = 2, alpha = 0.05),
  D(4, c(0.3, 0.5, 0.8, 1), efficacy = AS("lan_demets_pocock"), sided = 2, alpha = 0.05),
  D(2, efficacy = AS("kim_demets_power", rho = 2), sided = 2, alpha = 0.05, beta = 0.1),
  D(3, efficacy = AS("hwang_shih_decani", gamma = -3), sided = 2, alpha = 0.05),
  D(3, efficacy = CL("pocock"), sided = 2, alpha = 0.05),
  D(5, efficacy = CL("obrien_fleming"), sided = 2, alpha = 0.05),
  D(1, efficacy = AS("lan_demets_obrien_fleming"), sided = 2, alpha = 0.05),
  D(3, efficacy = AS("lan_demets_obrien_fleming"), futility = BS("obrien_fleming_type", FALSE)),
  D(3, efficacy = AS("lan_demets_obrien_fleming"), futility = BS("obrien_fleming_type", TRUE)),
  D(4, c(0.3, 0.55, 0.8, 1), efficacy = AS("lan_demets_pocock"), futility = BS("pocock_type", FALSE), beta = 0.1),
  D(3, efficacy = AS("kim_demets_power", rho = 3), futility = BS("kim_demets_power", TRUE, rho = 2)),
  D(2, c(0.5, 1), efficacy = AS("hwang_shih_decani", gamma = -4), futility = BS("hwang_shih_decani", FALSE, gamma = -2)),
  D(3, c(0.4, 0.7, 1), efficacy = AS("hwang_shih_decani", gamma = -4), futility = BS("hwang_shih_decani", TRUE, gamma = 1)),
  D(3, efficacy = AS("lan_demets_obrien_fleming"), futility = FZ(c(0, 0), FALSE)),
  D(3, efficacy = AS("lan_demets_obrien_fleming"), futility = FZ(c(0, 0.5), TRUE)),
  D(4, c(0.25, 0.5, 0.75, 1), efficacy = CL("obrien_fleming"), futility = FZ(c(-0.5, 0, 0.5), TRUE)),
  D(2, efficacy = CL("pocock"), futility = FZ(c(0.2), FALSE))
)
design_cases <- lapply(designs, function(d) list(input = d, rpact = design_out(rpact_design(d))))

# ---- survival sample size ----------------------------------------------------------------------------------
S <- function(design, control, treatment = NULL, hazard_ratio = NULL, accrual, max_subjects = NULL,
              follow_up_time = NULL, dropout = NULL, allocation_ratio = 1, computation = "schoenfeld") {
  x <- list(design = design, control = control, accrual = accrual, allocation_ratio = allocation_ratio,
            computation = computation)
  if (!is.null(treatment)) x$treatment <- treatment
  if (!is.null(hazard_ratio)) x$hazard_ratio <- hazard_ratio
  if (!is.null(max_subjects)) x$max_subjects <- max_subjects
  if (!is.null(follow_up_time)) x$follow_up_time <- follow_up_time
  if (!is.null(dropout)) x$dropout <- dropout
  x
}
ACC <- function(st, int, type, end = NULL) { x <- list(start_times = I(st), intensity = I(int), intensity_type = type)
  if (!is.null(end)) x$end <- end; x }

comp_code <- c(schoenfeld = "Schoenfeld", freedman = "Freedman", hsieh_freedman = "HsiehFreedman")

rpact_survival <- function(s) {
  args <- list(design = rpact_design(s$design), typeOfComputation = comp_code[[s$computation]],
               allocationRatioPlanned = s$allocation_ratio)
  c0 <- s$control; c1 <- s$treatment
  kappa <- if (!is.null(c0$weibull_shape)) c0$weibull_shape else 1
  args$kappa <- kappa
  if (!is.null(s$hazard_ratio)) args$hazardRatio <- s$hazard_ratio
  if (!is.null(c0$median)) { args$median2 <- c0$median; if (!is.null(c1)) args$median1 <- c1$median }
  if (!is.null(c0$hazard)) { args$lambda2 <- c0$hazard; if (!is.null(c1)) args$lambda1 <- c1$hazard }
  if (!is.null(c0$event_prob)) { args$pi2 <- c0$event_prob; args$eventTime <- c0$at_time
    if (!is.null(c1)) args$pi1 <- c1$event_prob }
  if (!is.null(c0$piecewise_start_times)) { args$piecewiseSurvivalTime <- as.numeric(unclass(c0$piecewise_start_times))
    args$lambda2 <- as.numeric(unclass(c0$hazards)) }
  a <- s$accrual
  args$accrualTime <- c(as.numeric(unclass(a$start_times)), if (!is.null(a$end)) a$end)
  args$accrualIntensity <- as.numeric(unclass(a$intensity))
  args$accrualIntensityType <- a$intensity_type
  if (!is.null(s$max_subjects)) args$maxNumberOfSubjects <- s$max_subjects
  if (!is.null(s$follow_up_time)) args$followUpTime <- s$follow_up_time
  if (!is.null(s$dropout)) { args$dropoutRate1 <- s$dropout$treatment_prob; args$dropoutRate2 <- s$dropout$control_prob
    args$dropoutTime <- s$dropout$at_time }
  r <- do.call(getSampleSizeSurvival, args)
  k <- s$design$k
  list(events_fixed = r$eventsFixed, events = I(as.numeric(r$eventsPerStage)),
       max_subjects = r$maxNumberOfSubjects, subjects = I(as.numeric(r$numberOfSubjects)),
       analysis_time = I(as.numeric(r$analysisTime)), follow_up_time = r$followUpTime,
       accrual_end = tail(r$accrualTime, 1),
       expected_events_h0 = r$expectedEventsH0, expected_events_h1 = r$expectedEventsH1,
       expected_subjects_h1 = r$expectedNumberOfSubjectsH1, study_duration_h1 = r$studyDuration,
       hr_at_bound = I(as.numeric(r$criticalValuesEffectScale)),
       reject_per_stage = I(as.numeric(r$rejectPerStage)), early_stop = as.numeric(r$earlyStop))
}

obf3 <- D(3, efficacy = AS("lan_demets_obrien_fleming"))
obf2u <- D(2, c(0.6, 1), efficacy = AS("lan_demets_obrien_fleming"))
fixed <- D(1, efficacy = AS("lan_demets_obrien_fleming"))
survivals <- list(
  # median, relative accrual with its end and the follow-up: solve for the subjects
  S(obf3, list(median = 12), hazard_ratio = 0.7, accrual = ACC(0, 1, "relative", 24), follow_up_time = 12),
  # hazards, absolute accrual with its end: solve for the follow-up, with dropout
  S(obf2u, list(hazard = 0.06), list(hazard = 0.045), accrual = ACC(c(0, 6), c(10, 30), "absolute", 24),
    dropout = list(treatment_prob = 0.05, control_prob = 0.08, at_time = 12)),
  # event probability at a time, absolute accrual without an end and the subjects: solve for the follow-up
  S(obf3, list(event_prob = 0.6, at_time = 12), list(event_prob = 0.45, at_time = 12),
    accrual = ACC(c(0, 4), c(12, 25), "absolute"), max_subjects = 360),
  # piecewise-constant hazards, hazard ratio
  S(D(3, c(0.4, 0.7, 1), efficacy = AS("lan_demets_pocock")),
    list(piecewise_start_times = I(c(0, 6, 12)), hazards = I(c(0.03, 0.06, 0.04))), hazard_ratio = 0.65,
    accrual = ACC(0, 1, "relative", 18), follow_up_time = 15),
  # Weibull arms by their medians, allocation 2:1, Freedman
  S(obf2u, list(median = 10, weibull_shape = 1.5), list(median = 14, weibull_shape = 1.5),
    accrual = ACC(0, 30, "absolute", 12), allocation_ratio = 2, computation = "freedman"),
  S(fixed, list(median = 9, weibull_shape = 0.8), hazard_ratio = 0.6, accrual = ACC(0, 1, "relative", 20),
    follow_up_time = 10, computation = "hsieh_freedman", allocation_ratio = 2),
  # absolute accrual with the follow-up given: solve for the end of accrual
  S(obf3, list(median = 12), hazard_ratio = 0.7, accrual = ACC(c(0, 6), c(8, 20), "absolute"), follow_up_time = 12),
  # piecewise relative accrual, dropout, allocation 2:1, futility
  S(D(3, efficacy = AS("lan_demets_obrien_fleming"), futility = BS("obrien_fleming_type", FALSE)),
    list(median = 12), hazard_ratio = 0.75, accrual = ACC(c(0, 3, 9), c(1, 2, 3), "relative", 24),
    follow_up_time = 18, allocation_ratio = 2,
    dropout = list(treatment_prob = 0.1, control_prob = 0.1, at_time = 12)),
  # the CARTITUDE-4-like design: 420 over 24 months, median 12, one interim
  S(D(2, c(0.6, 1), efficacy = AS("lan_demets_obrien_fleming")), list(median = 12), hazard_ratio = 0.73,
    accrual = ACC(0, 17.5, "absolute", 24), dropout = list(treatment_prob = 0.05, control_prob = 0.05, at_time = 12)),
  # two-sided, hazard ratio above 1 direction (harm), Hsieh-Freedman, event probabilities, dropout
  S(D(2, efficacy = AS("lan_demets_obrien_fleming"), sided = 2, alpha = 0.05), list(event_prob = 0.3, at_time = 24),
    hazard_ratio = 0.6, accrual = ACC(c(0, 12), c(15, 30), "absolute", 30), computation = "hsieh_freedman",
    dropout = list(treatment_prob = 0.1, control_prob = 0.05, at_time = 24))
)
survival_cases <- lapply(seq_along(survivals), function(i) { s <- survivals[[i]]; message("survival case ", i)
  r <- withCallingHandlers(rpact_survival(s), warning = function(w) { message("survival case ", i, ": ", conditionMessage(w)); invokeRestart("muffleWarning") })
  list(input = s, rpact = r) })

# ---- simulation ------------------------------------------------------------------------------------------------
Sim <- function(design, control, hazard_ratio, accrual, max_subjects, planned, dropout = NULL, allocation = c(1, 1),
                iterations = 10000, seed = 20240601) {
  x <- list(design = design, control = control, hazard_ratio = hazard_ratio, accrual = accrual,
            max_subjects = max_subjects, planned_events_cumulative = I(planned), iterations = iterations, seed = seed,
            allocation = list(treatment = allocation[1], control = allocation[2]), test = "logrank")
  if (!is.null(dropout)) x$dropout <- dropout
  x
}
rpact_sim <- function(s) {
  args <- list(design = rpact_design(s$design), hazardRatio = s$hazard_ratio, median2 = s$control$median,
               directionUpper = s$hazard_ratio > 1,
               accrualTime = c(as.numeric(unclass(s$accrual$start_times)), s$accrual$end), accrualIntensity = as.numeric(unclass(s$accrual$intensity)),
               accrualIntensityType = s$accrual$intensity_type, maxNumberOfSubjects = s$max_subjects,
               plannedEvents = as.numeric(unclass(s$planned_events_cumulative)), maxNumberOfIterations = s$iterations,
               seed = s$seed, allocation1 = s$allocation$treatment, allocation2 = s$allocation$control)
  if (!is.null(s$dropout)) { args$dropoutRate1 <- s$dropout$treatment_prob; args$dropoutRate2 <- s$dropout$control_prob
    args$dropoutTime <- s$dropout$at_time }
  t0 <- proc.time()[["elapsed"]]
  r <- do.call(getSimulationSurvival, args)
  el <- proc.time()[["elapsed"]] - t0
  list(power = as.numeric(r$overallReject), reject_per_stage = I(as.numeric(r$rejectPerStage)),
       futility_per_stage = I(as.numeric(r$futilityPerStage)), early_stop = as.numeric(r$earlyStop),
       expected_events = as.numeric(r$expectedNumberOfEvents), expected_subjects = as.numeric(r$expectedNumberOfSubjects),
       analysis_time = I(as.numeric(r$analysisTime)), study_duration = as.numeric(r$studyDuration),
       iterations = s$iterations, seconds = el)
}
one <- D(1, efficacy = AS("lan_demets_obrien_fleming"))
three <- D(3, efficacy = AS("lan_demets_obrien_fleming"))
sims <- list(
  Sim(one, list(median = 12), 0.7, ACC(0, 17.5, "absolute", 24), 420, 250),
  Sim(three, list(median = 12), 0.7, ACC(0, 17.5, "absolute", 24), 420, c(84, 167, 250)),
  Sim(one, list(median = 12), 1, ACC(0, 17.5, "absolute", 24), 420, 250),
  Sim(D(2, c(0.6, 1), efficacy = AS("lan_demets_pocock"), futility = FZ(0, FALSE)), list(median = 10), 0.75,
      ACC(c(0, 6), c(10, 25), "absolute", 20), 410, c(180, 300),
      dropout = list(treatment_prob = 0.05, control_prob = 0.1, at_time = 12), allocation = c(2, 1)),
  Sim(one, list(median = 12), 0.8, ACC(0, 2000 / 24, "absolute", 24), 2000, 1000, iterations = 5000)
)
if (nzchar(Sys.getenv("SKIP_SIM"))) sims <- list()
sim_cases <- lapply(sims, function(s) list(input = s, rpact = rpact_sim(s)))

write_json_file(list(rpact_version = as.character(packageVersion("rpact")), designs = design_cases,
                     survival = survival_cases, simulation = sim_cases), "design_rpact.json")
