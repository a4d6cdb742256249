# Reference figures for strata that hold one arm only (tests/trial/test_tte.py, single_arm_strata = "drop").
#
# Run from tests/reference:   Rscript trial_single_arm_strata.R
# Writes: trial_single_arm_strata.json. The tests read the JSON and never need R.
#
# Data: survival::lung (data/lung.csv) without the row whose ph.ecog is missing (227 rows); event = status == 2;
# arm = sex (control 1); strata = ph.ecog (0, 1, 2, 3). Stratum ph.ecog = 3 holds one patient, of sex 1 only:
# R's coxph(... + strata()) and survdiff(... + strata()) let it contribute nothing.
suppressPackageStartupMessages(library(survival))
source("json_writer.R")

lung <- read.csv(file.path("data", "lung.csv"), stringsAsFactors = FALSE)
lung$event <- as.integer(lung$status == 2)
d <- lung[!is.na(lung$ph.ecog), ]
d$treated <- as.integer(d$sex == 2)

cox <- function(ties) {
  fit <- coxph(Surv(time, event) ~ treated + strata(ph.ecog), data = d, ties = ties)
  s <- summary(fit)
  list(coef = unname(coef(fit)), se = unname(sqrt(diag(vcov(fit)))), hr = unname(s$conf.int[1, "exp(coef)"]),
       lower = unname(s$conf.int[1, "lower .95"]), upper = unname(s$conf.int[1, "upper .95"]),
       p_wald = unname(s$coefficients[1, "Pr(>|z|)"]))
}
sd <- survdiff(Surv(time, event) ~ sex + strata(ph.ecog), data = d)
one_arm <- table(d$ph.ecog, d$sex)

out <- list(
  n = nrow(d),
  stratum_3 = list(n_sex1 = one_arm["3", "1"], n_sex2 = one_arm["3", "2"]),
  cox_breslow = cox("breslow"),
  cox_efron = cox("efron"),
  logrank = list(chisq = unname(sd$chisq), p = 1 - pchisq(sd$chisq, 1))
)
writeLines(to_json(out), "trial_single_arm_strata.json")
