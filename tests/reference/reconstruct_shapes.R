# Writes the digitized-curve and at-risk files of tests/reconstruct/test_reconstruct_shapes.py exactly as R and
# the R reconstruction packages' users write them. The curve is the Kaplan-Meier curve of survival::lung by
# sex (step corners: the top and foot of each drop), the at-risk table survfit's counts every 200 days.
#   Rscript tests/reference/reconstruct_shapes.R
library(survival)
out <- file.path("tests", "reference", "data", "reconstruct_shapes")
dir.create(out, showWarnings = FALSE, recursive = TRUE)
fit <- survfit(Surv(time, status) ~ sex, data = lung)
arms <- c("Male", "Female")
risk_times <- seq(0, 1000, by = 200)
for (k in 1:2) {
  f <- fit[k]
  drop <- f$n.event > 0
  t <- f$time[drop]
  s <- f$surv[drop]
  before <- c(1, head(f$surv, -1))[drop]
  # the top then the foot of every drop, as a person clicks them; times in days, survival 0-1
  pts <- data.frame(time = rep(t, each = 2), survival = as.vector(rbind(before, s)))
  nr <- summary(f, times = risk_times[risk_times <= max(f$time)], extend = TRUE)$n.risk
  tr <- risk_times[seq_along(nr)]
  a <- arms[k]
  # R's write.csv default: a "" row-name column, quoted strings
  write.csv(pts, file.path(out, sprintf("%s_writecsv.csv", a)))
  # R's write.table default: space separated, quoted header without the row-name column
  write.table(pts, file.path(out, sprintf("%s_writetable.txt", a)))
  # survHE / Guyot et al. survival.txt: an index column, tab separated
  write.table(data.frame(ID = seq_len(nrow(pts)), time = pts$time, survival = pts$survival),
              file.path(out, sprintf("%s_survival.txt", a)), sep = "\t", row.names = FALSE, quote = FALSE)
  # survHE / Guyot et al. nrisk.txt: Interval, time, lower, upper (indices of the first and last point of
  # each interval in survival.txt), nrisk
  lower <- sapply(tr, function(x) { i <- which(pts$time >= x); if (length(i)) i[1] else nrow(pts) + 1 })
  upper <- c(lower[-1] - 1, nrow(pts))
  guyot <- data.frame(Interval = seq_along(tr), time = tr, lower = lower, upper = upper, nrisk = nr)
  write.table(guyot, file.path(out, sprintf("%s_nrisk.txt", a)), sep = "\t", row.names = FALSE, quote = FALSE)
  # kmdata-style: interval, trisk, lower, upper, nrisk and further columns, space separated
  write.table(data.frame(interval = guyot$Interval, trisk = tr, lower = lower, upper = upper, nrisk = nr,
                         nevent = c(-diff(nr), NA)),
              file.path(out, sprintf("%s_kmdata.txt", a)), row.names = FALSE, quote = FALSE)
  # one at-risk file per arm: time,NAR
  write.csv(data.frame(time = tr, NAR = nr), file.path(out, sprintf("%s_nar.csv", a)), row.names = FALSE)
  # a cumulative-incidence curve, 1 - S, in percent
  write.csv(data.frame(time = pts$time, incidence = 100 * (1 - pts$survival)),
            file.path(out, sprintf("%s_incidence.csv", a)), row.names = FALSE)
}
# the wide table with arm names in capitals (the curves are named Male and Female)
nr_m <- summary(fit[1], times = risk_times, extend = TRUE)$n.risk
nr_f <- summary(fit[2], times = risk_times, extend = TRUE)$n.risk
write.csv(data.frame(time = risk_times, MALE = nr_m, FEMALE = nr_f), file.path(out, "at_risk_upper.csv"))
