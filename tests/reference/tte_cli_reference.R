# Reference figures for `trialscout tte` (tests/test_cli.py and tests/trial/test_tte.py), from R `survival`.
#
# Run from tests/reference:   Rscript tte_cli_reference.R
# Writes: tte_cli_reference.json. The tests read the JSON and never need R.
#
# Each case below is one `trialscout tte` call; the comment above it gives the command line. The CLI tests write
# the input CSV from data/*.csv exactly as described here (event columns derived the same way).
#
#   lung      event = status == 2; arm = sex (control 1); CNSR = 1 - event for the --censor case
#   lung_ecog lung without the one row whose ph.ecog is missing (227 rows); ecog1 = as.integer(ph.ecog >= 1)
#   veteran   event = status; arm = celltype (4 arms; control "squamous")
#
# Every R call uses R's defaults (preset `r`: log CIs, Efron ties) unless an argument says otherwise.
suppressPackageStartupMessages(library(survival))
source("json_writer.R")

rd <- function(name) read.csv(file.path("data", paste0(name, ".csv")), stringsAsFactors = FALSE)
lung <- rd("lung"); lung$event <- as.integer(lung$status == 2)
lung_ecog <- lung[!is.na(lung$ph.ecog), ]; lung_ecog$ecog1 <- as.integer(lung_ecog$ph.ecog >= 1)
veteran <- rd("veteran"); veteran$event <- veteran$status

z <- qnorm(0.975)

# one arm's figures: quantiles (quantile.survfit), landmarks (summary.survfit), RMST (print.survfit rmean)
arm_figs <- function(d, conf_type, landmarks, tau) {
  fit <- survfit(Surv(time, event) ~ 1, data = d, conf.type = conf_type)
  q <- quantile(fit, probs = c(0.25, 0.5, 0.75))
  qd <- function(i) list(value = unname(q$quantile[i]), lower = unname(q$lower[i]), upper = unname(q$upper[i]))
  s <- summary(fit, times = landmarks, extend = TRUE)
  tab <- summary(fit, rmean = tau)$table
  list(n = nrow(d), events = sum(d$event),
       median = qd(2), q25 = qd(1), q75 = qd(3),
       landmarks = lapply(seq_along(landmarks), function(i)
         list(time = landmarks[i], surv = s$surv[i], lower = s$lower[i], upper = s$upper[i],
              std_err = s$std.err[i], n_risk = s$n.risk[i])),
       rmst = list(tau = tau, value = unname(tab["rmean"]), std_err = unname(tab["se(rmean)"])))
}

cox_figs <- function(fit) {
  s <- summary(fit)
  list(hr = unname(exp(coef(fit))), lower = unname(exp(coef(fit) - z * sqrt(diag(vcov(fit))))),
       upper = unname(exp(coef(fit) + z * sqrt(diag(vcov(fit))))), coef = unname(coef(fit)),
       se = unname(sqrt(diag(vcov(fit)))), p_wald = unname(s$coefficients[1, "Pr(>|z|)"]),
       lr_chisq = unname(2 * diff(fit$loglik)), score_chisq = unname(fit$score))
}

lr_figs <- function(sd) {
  df <- length(sd$n) - 1
  list(chisq = sd$chisq, df = df, p = pchisq(sd$chisq, df, lower.tail = FALSE))
}

rmst_diff <- function(a1, a0) {
  d <- a1$rmst$value - a0$rmst$value
  se <- sqrt(a1$rmst$std_err^2 + a0$rmst$std_err^2)
  list(value = d, lower = d - z * se, upper = d + z * se, p = 2 * pnorm(-abs(d / se)))
}

two_arm <- function(d, arm, control, treated, conf_type, ties, landmarks, tau, strata = NULL) {
  d$trt <- as.integer(d[[arm]] == treated)
  arms <- list()
  arms[[as.character(control)]] <- arm_figs(d[d[[arm]] == control, ], conf_type, landmarks, tau)
  arms[[as.character(treated)]] <- arm_figs(d[d[[arm]] == treated, ], conf_type, landmarks, tau)
  if (is.null(strata)) {
    fit <- coxph(Surv(time, event) ~ trt, data = d, ties = ties)
    sd <- survdiff(Surv(time, event) ~ trt, data = d)
  } else {
    d$st <- d[[strata]]
    fit <- coxph(Surv(time, event) ~ trt + strata(st), data = d, ties = ties)
    sd <- survdiff(Surv(time, event) ~ trt + strata(st), data = d)
  }
  list(arms = arms, cox = cox_figs(fit), logrank = lr_figs(sd),
       rmst_difference = rmst_diff(arms[[as.character(treated)]], arms[[as.character(control)]]))
}

out <- list()

# trialscout tte lung.csv --time time --event event --arm sex --control 1 --preset r
#     --landmarks 180,365,730 --tau 700 --json
out$lung_r <- two_arm(lung, "sex", 1, 2, "log", "efron", c(180, 365, 730), 700)

# the same with --preset r --conf-type log-log --ties breslow
out$lung_r_loglog_breslow <- two_arm(lung, "sex", 1, 2, "log-log", "breslow", c(180, 365, 730), 700)

# trialscout tte lung_ecog.csv --time time --event event --arm sex --strata ecog1 --preset r --tau 700 --json
# (stratified log-rank 10.60408 and Cox; KM summaries stay unstratified)
out$lung_strata_r <- two_arm(lung_ecog, "sex", 1, 2, "log", "efron", c(365), 700, strata = "ecog1")
out$lung_strata_breslow_score <- unname(coxph(Surv(time, event) ~ I(sex == 2) + strata(ecog1), data = lung_ecog,
                                              ties = "breslow")$score)

# --weights fh:1,0: R's survdiff(rho = 1) is G(1, 0)
sd <- survdiff(Surv(time, event) ~ sex, data = lung, rho = 1)
out$lung_fh10_logrank <- lr_figs(sd)

# --weights cutoff:200 --ties breslow: the weighted Cox with the 0/1 cut-off weight equals the delayed-entry fit on
# the subjects still at risk after the cut-off (docs/conventions.md)
t0 <- 200
late <- subset(lung, time > t0); late$trt <- as.integer(late$sex == 2)
fit <- coxph(Surv(rep(t0, nrow(late)), time, event) ~ trt, data = late, ties = "breslow")
out$lung_cutoff200_cox_breslow <- cox_figs(fit)

# trialscout tte veteran.csv --time time --event event --arm celltype --control squamous --preset r --tau 400
# each arm against squamous on the two arms' rows; overall 4-group log-rank on all rows
vet_arms <- c("adeno", "large", "smallcell")
vet <- list(arms = list(), cox = list(), logrank = list(), rmst_difference = list())
vet$arms$squamous <- arm_figs(veteran[veteran$celltype == "squamous", ], "log", c(90), 400)
for (a in vet_arms) {
  d <- veteran[veteran$celltype %in% c("squamous", a), ]
  r <- two_arm(d, "celltype", "squamous", a, "log", "efron", c(90), 400)
  vet$arms[[a]] <- r$arms[[a]]
  vet$cox[[a]] <- r$cox
  vet$logrank[[a]] <- r$logrank
  vet$rmst_difference[[a]] <- r$rmst_difference
}
vet$logrank$overall <- lr_figs(survdiff(Surv(time, event) ~ celltype, data = veteran))
out$veteran_r <- vet

out$versions <- list(R = R.version.string, survival = as.character(packageVersion("survival")))
write_json_file(out, "tte_cli_reference.json")
