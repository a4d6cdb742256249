# Renders survminer figures whose at-risk table prints "n (cumulative events)" (risk.table = "nrisk_cumevents"),
# in the style of gen_r.R, with their patient data.  Run from the repository root:
#   Rscript tests/digitize/generate/gen_cumevents.R
# Writes tests/digitize/figures/survminer_1[12]_<set>.png|jpg with <name>.csv (arm,time,status) and <name>.json.
suppressPackageStartupMessages({library(survival); library(survminer); library(jsonlite)})
out <- "tests/digitize/figures"
set.seed(20261203)

sets <- list(
  lung = function() { d <- survival::lung; data.frame(time = d$time / 30.4375, status = d$status - 1,
                      arm = ifelse(d$sex == 1, "Male", "Female")) },
  simexp = function() { n <- 90; e <- rexp(2 * n, rep(c(1 / 9, 1 / 15), each = n)); cz <- runif(2 * n, 5, 36)
                      data.frame(time = pmin(e, cz), status = as.integer(e <= cz),
                      arm = rep(c("Control", "Treatment"), each = n)) }
)
unit <- c(lung = "Months", simexp = "Months")
brk <- c(lung = 6, simexp = 6)

save_truth <- function(name, d, labs, variation, breaks) {
  write.csv(d[, c("arm", "time", "status")], file.path(out, paste0(name, ".csv")), row.names = FALSE)
  writeLines(toJSON(list(arms = labs, at_risk_times = breaks, generator = variation), auto_unbox = TRUE),
             file.path(out, paste0(name, ".json")))
}

device <- function(file, w, h, dpi) {
  if (grepl("jpg$", file)) jpeg(file, width = w, height = h, units = "in", res = dpi, quality = 75)
  else png(file, width = w, height = h, units = "in", res = dpi)
}

sv <- list(
  list(k = 11, set = "lung", dpi = 150, ext = "png", conf = FALSE, pal = c("#E41A1C", "#377EB8"), legend = "top"),
  list(k = 12, set = "simexp", dpi = 130, ext = "jpg", conf = TRUE, pal = "hue", legend = "right")
)
for (v in sv) {
  d <- sets[[v$set]](); levs <- unique(d$arm); d$arm <- factor(d$arm, levels = levs)
  fit <- survfit(Surv(time, status) ~ arm, data = d)
  name <- sprintf("survminer_%02d_%s", v$k, v$set)
  p <- ggsurvplot(fit, data = d, risk.table = "nrisk_cumevents", conf.int = v$conf, palette = v$pal,
                  legend = v$legend, legend.labs = levs, legend.title = "", break.time.by = brk[[v$set]],
                  xlab = paste("Time,", tolower(unit[[v$set]])), censor = TRUE, risk.table.fontsize = 3.3,
                  risk.table.height = 0.25 + 0.03 * length(levs), tables.y.text = TRUE,
                  ggtheme = theme_survminer())
  file <- file.path(out, paste0(name, ".", v$ext))
  device(file, 7, 6, v$dpi); print(p); dev.off()
  tmax <- max(d$time); save_truth(name, d, levs, "survminer", seq(0, tmax, by = brk[[v$set]]))
}
