# Renders Kaplan-Meier test figures with known patient data: survminer::ggsurvplot with risk tables and
# base R plot(survfit) with an at-risk table drawn by mtext.  Run from the repository root:
#   Rscript tests/digitize/generate/gen_r.R
# Writes tests/digitize/figures/<name>.png|jpg and tests/digitize/figures/<name>.csv (arm,time,event)
# and <name>.json (arm labels in legend order, at-risk times, the generator's variation).
suppressPackageStartupMessages({library(survival); library(survminer); library(jsonlite)})
out <- "tests/digitize/figures"
set.seed(20261202)

sets <- list(
  lung = function() { d <- survival::lung; data.frame(time = d$time / 30.4375, status = d$status - 1,
                      arm = ifelse(d$sex == 1, "Male", "Female")) },
  veteran = function() { d <- survival::veteran; data.frame(time = d$time / 30.4375, status = d$status,
                      arm = ifelse(d$trt == 1, "Standard", "Test")) },
  colon = function() { d <- survival::colon[survival::colon$etype == 2, ]; data.frame(time = d$time / 365.25,
                      status = d$status, arm = as.character(d$rx)) },
  ovarian = function() { d <- survival::ovarian; data.frame(time = d$futime / 30.4375, status = d$fustat,
                      arm = ifelse(d$rx == 1, "Cyclophosphamide", "Cyclo + adriamycin")) },
  pbc = function() { d <- survival::pbc[!is.na(survival::pbc$trt), ]; data.frame(time = d$time / 365.25,
                      status = as.integer(d$status == 2), arm = ifelse(d$trt == 1, "D-penicillamine", "Placebo")) },
  simcross = function() { n <- 150; a <- rexp(n, 1 / 14); b <- ifelse(runif(n) < 0.3, rexp(n, 1 / 3), rexp(n, 1 / 30))
                      cz <- runif(2 * n, 6, 40); t <- pmin(c(a, b), cz)
                      data.frame(time = t, status = as.integer(c(a, b) <= cz), arm = rep(c("Control", "Experimental"), each = n)) },
  sim3 = function() { n <- 110; lam <- rep(c(1 / 10, 1 / 16, 1 / 24), each = n); e <- rexp(3 * n, lam)
                      cz <- runif(3 * n, 4, 48); data.frame(time = pmin(e, cz), status = as.integer(e <= cz),
                      arm = rep(c("Arm A", "Arm B", "Arm C"), each = n)) }
)
unit <- c(lung = "Months", veteran = "Months", colon = "Years", ovarian = "Months", pbc = "Years",
          simcross = "Months", sim3 = "Months")
brk <- c(lung = 6, veteran = 5, colon = 1, ovarian = 6, pbc = 2, simcross = 6, sim3 = 12)

source("tests/digitize/generate/truth.R")  # save_truth(), shared by the R generators

device <- function(file, w, h, dpi) {
  if (grepl("jpg$", file)) jpeg(file, width = w, height = h, units = "in", res = dpi, quality = 75)
  else png(file, width = w, height = h, units = "in", res = dpi)
}

# -- survminer ---------------------------------------------------------------------------------------------
sv <- list(
  list(set = "lung", dpi = 150, ext = "png", conf = TRUE, pal = "hue", legend = "top", pct = FALSE, pval = TRUE),
  list(set = "veteran", dpi = 100, ext = "png", conf = FALSE, pal = c("#E7B800", "#2E9FDF"), legend = "right", pct = TRUE, pval = FALSE),
  list(set = "colon", dpi = 200, ext = "jpg", conf = FALSE, pal = c("#D55E00", "#0072B2", "#009E73"), legend = "top", pct = FALSE, pval = TRUE),
  list(set = "ovarian", dpi = 120, ext = "png", conf = TRUE, pal = c("#1B9E77", "#7570B3"), legend = c(0.8, 0.85), pct = FALSE, pval = TRUE),
  list(set = "pbc", dpi = 150, ext = "jpg", conf = TRUE, pal = c("#E41A1C", "#377EB8"), legend = "bottom", pct = TRUE, pval = FALSE),
  list(set = "simcross", dpi = 150, ext = "png", conf = FALSE, pal = "hue", legend = "top", pct = FALSE, pval = TRUE),
  list(set = "sim3", dpi = 110, ext = "png", conf = TRUE, pal = c("#E41A1C", "#377EB8", "#4DAF4A"), legend = "right", pct = TRUE, pval = FALSE),
  list(set = "lung", dpi = 250, ext = "jpg", conf = FALSE, pal = c("#000000", "#E41A1C"), legend = c(0.8, 0.8), pct = TRUE, pval = FALSE),
  list(set = "veteran", dpi = 180, ext = "png", conf = TRUE, pal = c("#7B3294", "#008837"), legend = "top", pct = FALSE, pval = TRUE),
  list(set = "colon", dpi = 120, ext = "png", conf = TRUE, pal = "hue", legend = "right", pct = FALSE, pval = FALSE)
)
for (k in seq_along(sv)) {
  v <- sv[[k]]; d <- sets[[v$set]](); levs <- unique(d$arm); d$arm <- factor(d$arm, levels = levs)
  fit <- survfit(Surv(time, status) ~ arm, data = d)
  name <- sprintf("survminer_%02d_%s", k, v$set)
  p <- ggsurvplot(fit, data = d, risk.table = TRUE, conf.int = v$conf, palette = v$pal, legend = v$legend,
                  legend.labs = levs, legend.title = "", surv.scale = if (v$pct) "percent" else "default",
                  pval = v$pval, break.time.by = brk[[v$set]], xlab = paste("Time,", tolower(unit[[v$set]])),
                  censor = TRUE, risk.table.height = 0.25 + 0.03 * length(levs), tables.y.text = TRUE,
                  ggtheme = theme_survminer(), title = if (k %% 3 == 0) "Overall survival" else NULL)
  file <- file.path(out, paste0(name, ".", v$ext))
  device(file, 7, 6, v$dpi); print(p); dev.off()
  tmax <- max(d$time); save_truth(name, d, levs, "survminer", seq(0, tmax, by = brk[[v$set]]))
}

# -- base R plot(survfit) + mtext at-risk table ------------------------------------------------------------
bv <- list(
  list(set = "lung", dpi = 150, ext = "png", grey = FALSE, leg = "topright", conf = FALSE),
  list(set = "veteran", dpi = 100, ext = "png", grey = TRUE, leg = "topright", conf = FALSE),
  list(set = "colon", dpi = 200, ext = "jpg", grey = FALSE, leg = "bottomleft", conf = FALSE),
  list(set = "ovarian", dpi = 150, ext = "png", grey = TRUE, leg = "bottomleft", conf = FALSE),
  list(set = "pbc", dpi = 120, ext = "png", grey = FALSE, leg = "topright", conf = TRUE),
  list(set = "simcross", dpi = 300, ext = "jpg", grey = FALSE, leg = "topright", conf = FALSE),
  list(set = "sim3", dpi = 150, ext = "png", grey = TRUE, leg = "topright", conf = FALSE),
  list(set = "lung", dpi = 120, ext = "jpg", grey = TRUE, leg = "bottomleft", conf = FALSE)
)
for (k in seq_along(bv)) {
  v <- bv[[k]]; d <- sets[[v$set]](); levs <- unique(d$arm); d$arm <- factor(d$arm, levels = levs)
  fit <- survfit(Surv(time, status) ~ arm, data = d); m <- length(levs)
  cols <- if (v$grey) rep("black", m) else c("#D7191C", "#2C7BB6", "#1A9641")[1:m]
  ltys <- if (v$grey) 1:m else rep(1, m)
  name <- sprintf("baser_%02d_%s", k, v$set)
  file <- file.path(out, paste0(name, ".", v$ext))
  device(file, 7, 5.5, v$dpi)
  par(mar = c(4 + 1.2 * m + 1, 4 + 4, 2, 1), mgp = c(2.5, 0.8, 0))
  tmax <- max(d$time); br <- seq(0, tmax, by = brk[[v$set]])
  plot(fit, col = cols, lty = ltys, lwd = 2, mark.time = TRUE, conf.int = v$conf, xaxt = "n", las = 1,
       xlab = paste("Time,", tolower(unit[[v$set]])), ylab = "Survival probability", xlim = c(0, max(br)))
  axis(1, at = br)
  legend(v$leg, legend = levs, col = cols, lty = ltys, lwd = 2, bty = "n")
  nr <- summary(fit, times = br, extend = TRUE)
  mtext("Number at risk", side = 1, line = 3.7, adj = 0, at = -0.22 * max(br), font = 2, cex = 0.9)
  for (j in seq_len(m)) {
    sel <- nr$strata == paste0("arm=", levs[j])
    mtext(nr$n.risk[sel], side = 1, line = 3.7 + 1.2 * j, at = nr$time[sel], col = cols[j], cex = 0.9)
    mtext(levs[j], side = 1, line = 3.7 + 1.2 * j, at = -0.06 * max(br), adj = 1, col = cols[j], cex = 0.9)
  }
  dev.off()
  save_truth(name, d, levs, "baser", br)
}
cat("done\n")
