# Reference figures for the time-to-event engine (trialscout.survival), computed with R `survival`.
#
# Run from tests/reference:   Rscript survival_reference.R
# Writes: data/synth_ties.csv, data/synth_ties_small.csv, data/synth_entry.csv (synthetic heavy-tie data, so
#         Python reads the same rows), survival_km.json, survival_logrank.json, survival_cox.json.
# The tests (tests/survival/test_against_r*.py) read the JSON and never need R.
#
# Every call is R's default (preset `r`) unless an argument says otherwise. Data are read back from the CSV
# files in data/ (written by export_datasets.R), so that R and Python use the very same numbers.
#
# Data set codings (read carefully; the Python tests apply the same filters, see tests/survival/_reference.py):
#   lung     status 1 = censored, 2 = dead            -> event = status == 2
#   veteran  status 0/1                               -> event = status
#   colon    status 0/1; two rows per id (etype 1 = recurrence, 2 = death); KM uses etype == 2 only
#   aml      status 0/1
#   ovarian  futime, fustat 0/1
#   pbc      status 0 = censored, 1 = transplant, 2 = dead -> event = status == 2 (transplant censored);
#            KM uses the first 312 rows (the randomized ones; trt is NA after row 312) -- rows with trt NA dropped
#   lung rows with ph.ecog NA (1 row) are dropped wherever ph.ecog is used (227 rows remain); rows with inst NA
#            (1 row) are dropped where inst is the stratum (lung_inst, 227 rows).
suppressPackageStartupMessages(library(survival))
source("json_writer.R")

rd <- function(name) read.csv(file.path("data", paste0(name, ".csv")), stringsAsFactors = FALSE)

lung <- rd("lung"); lung$event <- as.integer(lung$status == 2)
veteran <- rd("veteran"); veteran$event <- veteran$status
colon <- rd("colon"); colon$event <- colon$status
aml <- rd("aml"); aml$event <- aml$status
ovarian <- rd("ovarian"); ovarian$time <- ovarian$futime; ovarian$event <- ovarian$fustat
pbc <- rd("pbc"); pbc$event <- as.integer(pbc$status == 2)
pbc312 <- pbc[1:312, ]; pbc312 <- pbc312[!is.na(pbc312$trt), ]
colon_death <- colon[colon$etype == 2, ]
lung_ecog <- lung[!is.na(lung$ph.ecog), ]; lung_ecog$ecog1 <- as.integer(lung_ecog$ph.ecog >= 1)
# stratified by institution (1 row with inst NA dropped): 18 strata, some with 2 to 6 patients
lung_inst <- lung[!is.na(lung$inst), ]

# ---- synthetic heavy-tie data: integer times from a small range, random censoring ----------------------
set.seed(20240607)
n <- 300
arm2 <- sample(0:1, n, replace = TRUE)
arm3 <- sample(c("A", "B", "C"), n, replace = TRUE)
stratum <- sample(1:3, n, replace = TRUE)
rate <- 0.12 * exp(0.45 * arm2 - 0.3 * (arm3 == "B") + 0.25 * (arm3 == "C") + 0.2 * (stratum - 2))
time <- pmin(ceiling(rexp(n, rate)), 12)
event <- rbinom(n, 1, 0.75)
event[time == 12 & runif(n) < 0.5] <- 0
synth <- data.frame(id = seq_len(n), time = time, event = event, arm2 = arm2, arm3 = arm3,
                    stratum = stratum, cl = rep(seq_len(n / 3), each = 3))
write.csv(synth, file.path("data", "synth_ties.csv"), row.names = FALSE)
# a smaller one for the exact partial likelihood
set.seed(7)
m <- 90
arm_s <- sample(0:1, m, replace = TRUE)
time_s <- sample(1:6, m, replace = TRUE)
time_s <- pmin(time_s + sample(0:2, m, replace = TRUE) * (1 - arm_s), 8)
synth_small <- data.frame(time = time_s, event = rbinom(m, 1, 0.8), arm = arm_s,
                          x = round(rnorm(m), 3), stratum = sample(1:2, m, replace = TRUE))
write.csv(synth_small, file.path("data", "synth_ties_small.csv"), row.names = FALSE)
synth <- rd("synth_ties"); synth_small <- rd("synth_ties_small")
# strata in which one holds a single arm: stratum 3 split by arm into strata 30 (arm 0 only) and 31 (arm 1 only).
# Such strata add nothing to the stratified log-rank (O - E = 0, variance 0) or Cox model; R accepts them.
synth$strat_single <- ifelse(synth$stratum == 3, 30 + synth$arm2, synth$stratum)

# the flat-at-0.5 golden case of docs/conventions.md
flat <- data.frame(time = c(54, 75, 77, 84, 87, 92, 103, 105, 112, 118), event = rep(1:0, each = 5), g = 1)

datasets <- list(lung = lung, veteran = veteran, colon_death = colon_death, aml = aml, ovarian = ovarian,
                 pbc312 = pbc312, lung_ecog = lung_ecog, lung_inst = lung_inst, synth_ties = synth, synth_ties_small = synth_small,
                 flat = flat, colon = colon)

conf_types <- c("log", "log-log", "plain", "logit", "arcsin")
probs <- c(0.25, 0.5, 0.75)

# ---- 1. Kaplan-Meier -----------------------------------------------------------------------------------
km_case <- function(id, dname, group, landmarks = NULL, taus = NULL) {
  d <- datasets[[dname]]
  levels <- sort(unique(d[[group]]))
  out <- list()
  for (lv in levels) {
    dd <- d[d[[group]] == lv, ]
    fits <- lapply(conf_types, function(ct) survfit(Surv(time, event) ~ 1, data = dd, conf.type = ct))
    names(fits) <- conf_types
    f <- fits[["log"]]
    ci <- lapply(fits, function(ff) list(lower = I(ff$lower), upper = I(ff$upper)))
    qs <- lapply(fits, function(ff) {
      q <- quantile(ff, probs = probs, conf.int = TRUE)
      list(quantile = I(unname(q$quantile)), lower = I(unname(q$lower)), upper = I(unname(q$upper)))
    })
    lm <- if (is.null(landmarks)) {
      ev <- dd$time[dd$event == 1]
      c(signif(quantile(dd$time, c(0.1, 0.3, 0.5, 0.7, 0.9), names = FALSE), 2),
        if (length(ev)) min(ev) else NULL, round(max(dd$time) * 1.2))
    } else landmarks
    lm <- sort(unique(lm))
    land <- lapply(fits, function(ff) {
      s <- summary(ff, times = lm, extend = TRUE)
      list(lower = I(s$lower), upper = I(s$upper))
    })
    s <- summary(f, times = lm, extend = TRUE)
    # the same at conf.int = 0.90
    fits90 <- lapply(conf_types, function(ct) survfit(Surv(time, event) ~ 1, data = dd, conf.type = ct,
                                                      conf.int = 0.9))
    names(fits90) <- conf_types
    level90 <- lapply(fits90, function(ff) {
      q <- quantile(ff, probs = probs, conf.int = TRUE)
      list(lower = I(ff$lower), upper = I(ff$upper), quantile = I(unname(q$quantile)),
           q_lower = I(unname(q$lower)), q_upper = I(unname(q$upper)))
    })
    tau_list <- if (is.null(taus)) NULL else lapply(taus, function(tau) {
      tb <- summary(f, rmean = tau)$table
      list(tau = tau, rmean = unname(tb["rmean"]), se = unname(tb["se(rmean)"]))
    })
    out[[length(out) + 1]] <- list(
      group = as.character(lv), n = nrow(dd),
      time = I(f$time), n_risk = I(f$n.risk), n_event = I(f$n.event), n_censor = I(f$n.censor),
      surv = I(f$surv), std_err = I(f$std.err), ci = ci, quantile = qs,
      landmark = list(times = I(lm), surv = I(s$surv), std_err = I(s$std.err), n_risk = I(s$n.risk),
                      ci = land),
      rmean = tau_list, level90 = level90)
  }
  list(id = id, dataset = dname, group = group, probs = I(probs), arms = out)
}

# Restricted mean: summary(f, rmean = tau)$table gives the same "rmean" and "se(rmean)" as print(f, rmean = tau).
# R's se(rmean) is sqrt(sum over event times t_i <= tau of A_i^2 d_i / (n_i (n_i - d_i))), A_i the area under S
# from t_i to tau -- Klein & Moeschberger eq. 4.4.4, no n/(n-1) factor (test_against_r_km.py::test_rmst agrees
# to 1e-6 on every case, tau inside and beyond follow-up).
# RMST horizons: a time inside follow-up of every arm (not a knot), and an observed event time
tau_of <- function(d, group) {
  mx <- min(tapply(d$time, d[[group]], max))
  ev <- sort(unique(d$time[d$event == 1 & d$time < mx]))
  c(round(0.8 * mx) + 0.5, ev[floor(length(ev) / 2)])
}

km <- list(
  km_case("lung_sex", "lung", "sex", landmarks = c(0, 5, 90, 180, 365, 730, 1100), taus = tau_of(lung, "sex")),
  km_case("veteran_trt", "veteran", "trt", taus = tau_of(veteran, "trt")),
  km_case("colon_death_rx", "colon_death", "rx", taus = tau_of(colon_death, "rx")),
  km_case("aml_x", "aml", "x", taus = tau_of(aml, "x")),
  km_case("ovarian_rx", "ovarian", "rx", taus = tau_of(ovarian, "rx")),
  km_case("pbc312_trt", "pbc312", "trt", taus = tau_of(pbc312, "trt")),
  km_case("synth_arm2", "synth_ties", "arm2", landmarks = c(0, 1, 2.5, 6, 11, 12, 15), taus = c(6.5, 12, 14)),
  km_case("synth_arm3", "synth_ties", "arm3", landmarks = c(0, 1, 2.5, 6, 11, 12, 15), taus = c(6.5, 9)),
  km_case("synth_stratum", "synth_ties", "stratum", taus = c(10, 4)),
  km_case("flat", "flat", "g", landmarks = c(50, 87, 100, 118, 120), taus = c(100, 118))
)
write_json_file(list(r_version = R.version.string, survival_version = as.character(packageVersion("survival")),
                     conf_types = I(conf_types), cases = km),
                "survival_km.json")

# ---- 2. log-rank (survdiff) ----------------------------------------------------------------------------
sd_case <- function(id, dname, formula, rho = 0, note = "") {
  d <- datasets[[dname]]
  f <- survdiff(formula, data = d, rho = rho)
  obs <- f$obs; if (is.matrix(obs)) obs <- rowSums(obs)
  exp_ <- f$exp; if (is.matrix(exp_)) exp_ <- rowSums(exp_)
  list(id = id, dataset = dname, call = paste(deparse(formula), collapse = ""), rho = rho, note = note,
       groups = I(sub("^[^=]*=", "", names(f$n))), n = I(as.numeric(f$n)),
       chisq = f$chisq, obs = I(obs), exp = I(exp_), var = lapply(seq_len(nrow(f$var)), function(i) I(f$var[i, ])),
       pvalue = pchisq(f$chisq, length(f$n) - 1, lower.tail = FALSE))
}
lr <- list(
  sd_case("lung_sex", "lung", Surv(time, event) ~ sex),
  sd_case("lung_ecog_sex", "lung_ecog", Surv(time, event) ~ sex),
  sd_case("lung_ecog_sex_strat", "lung_ecog", Surv(time, event) ~ sex + strata(ecog1)),
  sd_case("lung_sex_rho1", "lung", Surv(time, event) ~ sex, rho = 1),
  sd_case("lung_ecog_sex_strat_rho1", "lung_ecog", Surv(time, event) ~ sex + strata(ecog1), rho = 1),
  sd_case("lung_inst_sex_strat_inst", "lung_inst", Surv(time, event) ~ sex + strata(inst),
          note = "18 small strata"),
  sd_case("veteran_trt", "veteran", Surv(time, event) ~ trt),
  sd_case("veteran_trt_strat_celltype", "veteran", Surv(time, event) ~ trt + strata(celltype)),
  sd_case("colon_death_rx", "colon_death", Surv(time, event) ~ rx),
  sd_case("colon_death_rx_rho1", "colon_death", Surv(time, event) ~ rx, rho = 1),
  sd_case("aml_x", "aml", Surv(time, event) ~ x),
  sd_case("ovarian_rx", "ovarian", Surv(time, event) ~ rx),
  sd_case("pbc312_trt", "pbc312", Surv(time, event) ~ trt),
  sd_case("synth_arm2", "synth_ties", Surv(time, event) ~ arm2),
  sd_case("synth_arm3", "synth_ties", Surv(time, event) ~ arm3),
  sd_case("synth_arm3_strat", "synth_ties", Surv(time, event) ~ arm3 + strata(stratum)),
  sd_case("synth_arm2_strat_single", "synth_ties", Surv(time, event) ~ arm2 + strata(strat_single),
          note = "strata 30 and 31 hold one arm each"),
  sd_case("synth_arm2_strat_rho1", "synth_ties", Surv(time, event) ~ arm2 + strata(stratum), rho = 1),
  sd_case("synth_arm3_rho0.5", "synth_ties", Surv(time, event) ~ arm3, rho = 0.5),
  sd_case("synth_stratum_as_group", "synth_ties", Surv(time, event) ~ stratum)
)
# cut-off weight (0 for event times <= t0, 1 after): the log-rank on the subjects with time > t0
# With strata the same holds within each stratum: survdiff(... ~ group + strata(s), data = subset(d, time > t0)).
cut_lr <- function(id, dname, group, t0, strata = NULL) {
  d <- datasets[[dname]]
  dd <- d[d$time > t0, ]
  rhs <- if (is.null(strata)) group else paste0(group, " + strata(", strata, ")")
  x <- sd_case(id, dname, as.formula(paste("Surv(time, event) ~", rhs)))
  f <- survdiff(as.formula(paste("Surv(time, event) ~", rhs)), data = dd)
  x$cutoff <- t0
  x$note <- "survdiff on subset(d, time > t0): equals the cut-off-weighted log-rank on all of d"
  obs <- f$obs; if (is.matrix(obs)) obs <- rowSums(obs)
  exp_ <- f$exp; if (is.matrix(exp_)) exp_ <- rowSums(exp_)
  x$chisq <- f$chisq; x$obs <- I(obs); x$exp <- I(exp_)
  x$var <- lapply(seq_len(nrow(f$var)), function(i) I(f$var[i, ]))
  x$pvalue <- pchisq(f$chisq, length(f$n) - 1, lower.tail = FALSE)
  x
}
lr_cut <- list(
  cut_lr("lung_sex_cut180", "lung", "sex", 180),
  cut_lr("lung_sex_cut365", "lung", "sex", 365),
  cut_lr("synth_arm2_cut3", "synth_ties", "arm2", 3),
  cut_lr("synth_arm2_cut5.5", "synth_ties", "arm2", 5.5),
  cut_lr("veteran_trt_strat_celltype_cut50", "veteran", "trt", 50, strata = "celltype"),
  cut_lr("synth_arm3_strat_cut4", "synth_ties", "arm3", 4, strata = "stratum")
)
write_json_file(list(cases = lr, cutoff = lr_cut), "survival_logrank.json")

# ---- 3. Cox models (coxph) -----------------------------------------------------------------------------
cox_case <- function(id, dname, formula, ties, covariates, strata = NULL, robust = FALSE, cluster = NULL,
                     entry = NULL, subset_expr = NULL, note = "") {
  d <- datasets[[dname]]
  f <- if (isTRUE(robust)) coxph(formula, data = d, ties = ties, robust = TRUE) else
    coxph(formula, data = d, ties = ties)
  sc <- if (!is.null(f$score)) f$score else NA
  v <- f$var
  out <- list(id = id, dataset = dname, call = paste(deparse(formula), collapse = ""), ties = ties,
              covariates = I(covariates), strata = strata, cluster = cluster, robust = robust || !is.null(cluster),
              n = f$n, nevent = f$nevent, note = note,
              coef = I(unname(coef(f))), se = I(sqrt(diag(v))),
              var = lapply(seq_len(nrow(v)), function(i) I(v[i, ])),
              loglik = I(f$loglik), lr = 2 * (f$loglik[2] - f$loglik[1]),
              wald = unname(f$wald.test), score = unname(sc), iter = f$iter)
  if (!is.null(f$naive.var)) {
    out$naive_se <- I(sqrt(diag(f$naive.var)))
    out$robust_score <- if (!is.null(f$rscore)) unname(f$rscore) else NA
  }
  out
}
cox <- list()
for (ties in c("breslow", "efron", "exact")) {
  cox <- c(cox, list(
    cox_case(paste0("lung_sex_", ties), "lung", Surv(time, event) ~ sex, ties, "sex"),
    cox_case(paste0("lung_ecog_multi_", ties), "lung_ecog", Surv(time, event) ~ sex + age + ph.ecog, ties,
             c("sex", "age", "ph.ecog")),
    cox_case(paste0("lung_ecog_sex_strat_", ties), "lung_ecog", Surv(time, event) ~ sex + strata(ecog1), ties,
             "sex", strata = "ecog1"),
    cox_case(paste0("veteran_multi_strat_", ties), "veteran", Surv(time, event) ~ trt + karno + strata(celltype),
             ties, c("trt", "karno"), strata = "celltype"),
    cox_case(paste0("aml_x_", ties), "aml", Surv(time, event) ~ I(x == "Nonmaintained"), ties, "x_Nonmaintained"),
    cox_case(paste0("synth_small_arm_", ties), "synth_ties_small", Surv(time, event) ~ arm, ties, "arm"),
    cox_case(paste0("synth_small_multi_strat_", ties), "synth_ties_small",
             Surv(time, event) ~ arm + x + strata(stratum), ties, c("arm", "x"), strata = "stratum")
  ))
}
for (ties in c("breslow", "efron")) {
  cox <- c(cox, list(
    cox_case(paste0("synth_arm2_", ties), "synth_ties", Surv(time, event) ~ arm2, ties, "arm2"),
    cox_case(paste0("synth_arm3_strat_", ties), "synth_ties",
             Surv(time, event) ~ I(arm3 == "B") + I(arm3 == "C") + strata(stratum), ties, c("arm3_B", "arm3_C"),
             strata = "stratum"),
    cox_case(paste0("lung_ecog_robust_", ties), "lung_ecog", Surv(time, event) ~ sex + age + ph.ecog, ties,
             c("sex", "age", "ph.ecog"), robust = TRUE),
    cox_case(paste0("colon_cluster_", ties), "colon",
             Surv(time, event) ~ I(rx == "Lev") + I(rx == "Lev+5FU") + cluster(id), ties,
             c("rx_Lev", "rx_Lev+5FU"), cluster = "id"),
    cox_case(paste0("synth_arm2_cluster_strat_", ties), "synth_ties",
             Surv(time, event) ~ arm2 + strata(stratum) + cluster(cl), ties, "arm2", strata = "stratum",
             cluster = "cl"),
    cox_case(paste0("pbc312_trt_", ties), "pbc312", Surv(time, event) ~ trt, ties, "trt"),
    cox_case(paste0("synth_arm2_strat_single_", ties), "synth_ties", Surv(time, event) ~ arm2 + strata(strat_single),
             ties, "arm2", strata = "strat_single", note = "strata 30 and 31 hold one arm each"),
    cox_case(paste0("lung_inst_sex_strat_inst_", ties), "lung_inst", Surv(time, event) ~ sex + strata(inst),
             ties, "sex", strata = "inst", note = "18 small strata")
  ))
}

# ---- 4. cut-off-weighted Cox == Cox on the subjects at risk at t0, delayed entry at t0 ------------------
cut_cox <- function(id, dname, group, t0, ties) {
  d <- datasets[[dname]]
  dd <- d[d$time > t0, ]
  dd$entry <- rep(t0, nrow(dd))
  f <- coxph(as.formula(paste("Surv(entry, time, event) ~", group)), data = dd, ties = ties)
  v <- f$var
  list(id = id, dataset = dname, group = group, cutoff = t0, ties = ties,
       call = sprintf("coxph(Surv(rep(%g, n), time, event) ~ %s, data = subset(d, time > %g), ties = '%s')",
                      t0, group, t0, ties),
       n = f$n, nevent = f$nevent, coef = I(unname(coef(f))), se = I(sqrt(diag(v))),
       loglik = I(f$loglik), lr = 2 * (f$loglik[2] - f$loglik[1]), wald = unname(f$wald.test),
       score = unname(f$score))
}
# delayed entry varying by subject (left truncation): entry = a random number of half-units before time,
# floored at 0; written to data/synth_entry.csv so Python reads the same entry times
set.seed(99)
synth_entry <- synth[, c("time", "event", "arm2", "stratum")]
synth_entry$entry <- pmax(0, synth_entry$time - sample(c(0.5, 1, 2.5, 4, 20), nrow(synth_entry), replace = TRUE))
write.csv(synth_entry, file.path("data", "synth_entry.csv"), row.names = FALSE)
datasets$synth_entry <- rd("synth_entry")
entry_cox <- function(id, formula, ties, covariates, strata = NULL) {
  x <- cox_case(id, "synth_entry", formula, ties, covariates, strata = strata,
                note = "coxph(Surv(entry, time, event) ~ ...): entry per subject")
  x$entry <- "entry"
  x
}
cox_entry <- list()
for (ties in c("breslow", "efron")) {
  cox_entry <- c(cox_entry, list(
    entry_cox(paste0("synth_entry_arm2_", ties), Surv(entry, time, event) ~ arm2, ties, "arm2"),
    entry_cox(paste0("synth_entry_arm2_strat_", ties), Surv(entry, time, event) ~ arm2 + strata(stratum), ties,
              "arm2", strata = "stratum")
  ))
}

cox_cut <- list()
for (ties in c("breslow", "efron")) {
  cox_cut <- c(cox_cut, list(
    cut_cox(paste0("lung_sex_cut180_", ties), "lung", "sex", 180, ties),
    cut_cox(paste0("lung_sex_cut365_", ties), "lung", "sex", 365, ties),
    cut_cox(paste0("synth_arm2_cut3_", ties), "synth_ties", "arm2", 3, ties),
    cut_cox(paste0("synth_arm2_cut5.5_", ties), "synth_ties", "arm2", 5.5, ties)
  ))
}
write_json_file(list(cases = cox, cutoff = cox_cut, entry = cox_entry), "survival_cox.json")
