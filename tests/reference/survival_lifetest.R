# Reference figures for trialscout.survival.lifetest (tests/survival/test_lifetest.py).
#
# Run from tests/reference:   Rscript survival_lifetest.R
# Writes: survival_lifetest.json. The tests read the JSON and never need R.
#
# Data
# * data/groups3.csv: written here. 137 subjects in three groups of 38, 54 and 45 with exponential event times
#   (medians 300, 900 and 500 days), uniform censoring and times rounded to whole days (ties), seed 20261202.
# * data/lung.csv: survival::lung, event = status == 2; the stratified case on the 227 rows with ph.ecog known.
#
# R has the log-rank test and the Fleming-Harrington G(rho, 0) family (survdiff(rho =)); Gehan, Tarone-Ware and
# the Peto tests are checked against a direct implementation in the Python tests.
suppressPackageStartupMessages(library(survival))
source("json_writer.R")

set.seed(20261202)
group <- rep(1:3, c(38, 54, 45))
ev <- rexp(137, log(2) / c(300, 900, 500)[group])
cens <- runif(137, 100, 2600)
groups3 <- data.frame(group = group, time = pmax(1, round(pmin(ev, cens))), status = as.integer(ev <= cens))
write.csv(groups3, file.path("data", "groups3.csv"), row.names = FALSE)
lung <- read.csv(file.path("data", "lung.csv"), stringsAsFactors = FALSE)
lung$event <- as.integer(lung$status == 2)
le <- lung[!is.na(lung$ph.ecog), ]
le$ecog1 <- as.integer(le$ph.ecog >= 1)

sd <- function(f, data, rho) {
  s <- survdiff(f, data = data, rho = rho)
  list(chisq = unname(s$chisq), df = length(s$n) - 1L, obs = I(unname(if (is.matrix(s$obs)) rowSums(s$obs) else s$obs)),
       exp = I(unname(if (is.matrix(s$exp)) rowSums(s$exp) else s$exp)))
}

# Kaplan-Meier with case weights and with delayed entry. robust = FALSE: the Greenwood variance with weighted
# counts (what SAS LIFETEST uses with a WEIGHT statement); R's default for non-integer weights is the
# infinitesimal-jackknife variance.
set.seed(20240513)
lw <- lung
lw$w <- round(runif(nrow(lw), 0.2, 3), 2)
km_out <- function(fit, times) {
  s <- summary(fit, times = times, extend = TRUE)
  list(times = I(unname(times)), surv = I(unname(s$surv)), std_err = I(unname(s$std.err)),
       lower = I(unname(s$lower)), upper = I(unname(s$upper)), n_risk = I(unname(s$n.risk)))
}
times <- c(30, 100, 200, 365, 500, 700)
fw <- survfit(Surv(time, event) ~ 1, data = lw, weights = w, conf.type = "log-log", robust = FALSE)
fw_log <- survfit(Surv(time, event) ~ 1, data = lw, weights = w, conf.type = "log", robust = FALSE)
fw_med <- quantile(fw_log, 0.5)
# delayed entry: a synthetic entry time below each exit time
lw$entry <- floor(lw$time * runif(nrow(lw), 0, 0.6))
fe <- survfit(Surv(entry, time, event) ~ 1, data = lw, conf.type = "log-log")
few <- survfit(Surv(entry, time, event) ~ 1, data = lw, weights = w, conf.type = "log-log", robust = FALSE)
write.csv(lw[, c("time", "event", "w", "entry")], file.path("data", "lung_weights_entry.csv"), row.names = FALSE)

out <- list(
  groups3 = list(logrank = sd(Surv(time, status) ~ group, groups3, 0), fh10 = sd(Surv(time, status) ~ group, groups3, 1),
             fh05 = sd(Surv(time, status) ~ group, groups3, 0.5)),
  lung_strat = list(logrank = sd(Surv(time, event) ~ sex + strata(ecog1), le, 0),
                    fh10 = sd(Surv(time, event) ~ sex + strata(ecog1), le, 1)),
  km_weights = km_out(fw, times),
  km_weights_log = c(km_out(fw_log, times), list(median = unname(fw_med$quantile),
                                                  median_lower = unname(fw_med$lower),
                                                  median_upper = unname(fw_med$upper))),
  km_entry = km_out(fe, times),
  km_entry_weights = km_out(few, times)
)
writeLines(to_json(out), "survival_lifetest.json")
