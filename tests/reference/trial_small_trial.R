# Reference figures for the hand-built example trial examples/small_trial (tests/trial/test_small_trial.py).
# Run from tests/reference: Rscript trial_small_trial.R   (R 4.2, survival 3.5)
# Writes trial_small_trial.json. Conventions mirrored: preset "sas" = log-log CIs, Breslow ties.
library(survival)
source("json_writer.R")
ex <- "../../examples/small_trial"
adsl <- read.csv(file.path(ex, "adsl.csv"), stringsAsFactors = FALSE, na.strings = "")
adtte <- read.csv(file.path(ex, "adtte.csv"), stringsAsFactors = FALSE)
adrs <- read.csv(file.path(ex, "adrs.csv"), stringsAsFactors = FALSE)

tte <- function(paramcd) {
  d <- merge(adsl, adtte[adtte$PARAMCD == paramcd, ], by = "USUBJID")
  d$event <- as.integer(d$CNSR == 0)
  d$trt <- as.integer(d$ARM == "CART")
  d
}
out <- list()
for (p in c("PFS", "OS")) {
  d <- tte(p)
  fit <- survfit(Surv(AVAL, event) ~ ARM, data = d, conf.type = "log-log")
  s <- summary(fit, times = c(12, 24), extend = TRUE)
  cx <- coxph(Surv(AVAL, event) ~ trt + strata(STRAT1), data = d, ties = "breslow")
  sd <- survdiff(Surv(AVAL, event) ~ trt + strata(STRAT1), data = d)
  out[[p]] <- list(
    landmark_strata = as.character(s$strata), landmark_time = s$time,
    landmark_surv = s$surv, landmark_lower = s$lower, landmark_upper = s$upper,
    hr = unname(exp(coef(cx))), hr_lower = unname(exp(confint(cx))[1]), hr_upper = unname(exp(confint(cx))[2]),
    logrank_chisq = sd$chisq, logrank_p = pchisq(sd$chisq, 1, lower.tail = FALSE)
  )
}
# PFS with the cut-off weight at 3 months (weight 0 for events at or before 3, 1 after): equals a Cox fit on the
# subjects still at risk after 3 with delayed entry at 3 (docs/conventions.md); stratified by STRAT1
d <- tte("PFS")
d3 <- subset(d, AVAL > 3)
cx <- coxph(Surv(rep(3, nrow(d3)), AVAL, event) ~ trt + strata(STRAT1), data = d3, ties = "breslow")
out$PFS_cutoff3 <- list(hr = unname(exp(coef(cx))), hr_lower = unname(exp(confint(cx))[1]),
                        hr_upper = unname(exp(confint(cx))[2]))

# RMST to 24 months per arm (survival's print.survfit rmean)
d <- tte("PFS")
fit <- survfit(Surv(AVAL, event) ~ ARM, data = d)
tab <- summary(fit, rmean = 24)$table
out$PFS$rmst <- list(CART = unname(tab["ARM=CART", "rmean"]), SOC = unname(tab["ARM=SOC", "rmean"]),
                     CART_se = unname(tab["ARM=CART", "se(rmean)"]), SOC_se = unname(tab["ARM=SOC", "se(rmean)"]))

# subgroups of PFS: Cox with arm only within each level (Breslow), LR interaction test
d$AGEGR <- ifelse(d$AGE < 65, "<65", ">=65")
sub <- list()
for (v in c("SEX", "AGEGR")) {
  lv <- sort(unique(d[[v]]))
  hrs <- list()
  for (l in lv) {
    dd <- d[d[[v]] == l, ]
    cx <- coxph(Surv(AVAL, event) ~ trt, data = dd, ties = "breslow")
    hrs[[l]] <- c(exp(coef(cx)), exp(confint(cx)))
  }
  f0 <- coxph(as.formula(paste("Surv(AVAL, event) ~ trt +", v)), data = d, ties = "breslow")
  f1 <- coxph(as.formula(paste("Surv(AVAL, event) ~ trt *", v)), data = d, ties = "breslow")
  lr <- 2 * (f1$loglik[2] - f0$loglik[2])
  sub[[v]] <- list(levels = I(lv), hr = lapply(hrs, function(x) I(unname(x))), interaction_lr = lr,
                   interaction_p = pchisq(lr, length(lv) - 1, lower.tail = FALSE))
}
cx <- coxph(Surv(AVAL, event) ~ trt, data = d, ties = "breslow")
sub$overall <- I(unname(c(exp(coef(cx)), exp(confint(cx)))))
out$subgroups <- sub

# response: Clopper-Pearson, CMH without continuity correction, stratified by STRAT1 (ORR, CR)
resp <- function(paramcd, responders, pop) {
  r <- merge(adsl[pop, ], adrs[adrs$PARAMCD == paramcd, ], by = "USUBJID", all.x = TRUE)
  r$resp <- !is.na(r$AVALC) & r$AVALC %in% responders
  r
}
bin <- list()
for (e in list(list("ORR", "BOR", c("CR", "PR"), TRUE), list("CR", "BOR", c("CR"), TRUE),
               list("MRD5", "MRD5", c("NEGATIVE"), FALSE))) {
  pop <- adsl$ITTFL == "Y"
  if (e[[1]] == "MRD5") pop <- pop & adsl$MRDEVFL == "Y"
  r <- resp(e[[2]], e[[3]], pop)
  res <- list()
  for (a in c("CART", "SOC")) {
    x <- sum(r$resp[r$ARM == a]); n <- sum(r$ARM == a)
    ci <- binom.test(x, n)$conf.int
    res[[a]] <- list(x = x, n = n, lower = ci[1], upper = ci[2])
  }
  if (e[[4]]) {
    tb <- table(factor(r$ARM, levels = c("CART", "SOC")), factor(r$resp, levels = c(TRUE, FALSE)), r$STRAT1)
    mh <- mantelhaen.test(tb, correct = FALSE)
    res$cmh <- list(statistic = unname(mh$statistic), p = mh$p.value, or = unname(mh$estimate),
                    or_lower = mh$conf.int[1], or_upper = mh$conf.int[2])
  } else {
    tb <- table(factor(r$ARM, levels = c("CART", "SOC")), factor(r$resp, levels = c(TRUE, FALSE)))
    ch <- chisq.test(tb, correct = FALSE)
    # unstratified CMH statistic = Pearson chi-square * (N - 1) / N
    N <- sum(tb)
    res$cmh <- list(statistic = unname(ch$statistic) * (N - 1) / N,
                    p = pchisq(unname(ch$statistic) * (N - 1) / N, 1, lower.tail = FALSE))
  }
  bin[[e[[1]]]] <- res
}
out$response <- bin

# baseline and exposure quartiles: SAS default percentile definition 5 = R quantile type 2
itt <- adsl[adsl$ITTFL == "Y", ]
q2 <- function(x) unname(quantile(x[!is.na(x)], c(0.25, 0.5, 0.75), type = 2))
out$age_quartiles <- list(CART = I(q2(itt$AGE[itt$ARM == "CART"])), SOC = I(q2(itt$AGE[itt$ARM == "SOC"])),
                          overall = I(q2(itt$AGE)))
at <- adsl[adsl$ASTRTFL == "Y", ]
out$exposure_quartiles <- list(CARTDOSE = I(q2(at$CARTDOSE[at$ACTARM == "CART"])),
                               NCYCLES = I(q2(at$NCYCLES[at$ACTARM == "SOC"])))
out$versions <- list(R = R.version.string, survival = as.character(packageVersion("survival")))
write_json_file(out, "trial_small_trial.json")
