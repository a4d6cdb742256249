# A tenth held-out set of Kaplan-Meier test figures ("held_out_10", names h10_*), from data none of the earlier
# sets draws: livmet (locfit; colorectal liver metastases, by nodal stage in three groups, by metastatic burden in
# three groups, by sex and by timing of the metastases), and patient data simulated with their own seeds under
# shapes the earlier sets do not draw (a linear failure rate a + b t in four arms, an exponentiated Weibull, a
# scaled beta time whose events all fall before a horizon, an effect that wanes: a hazard ratio that holds for
# the first months and then returns to 1; 2-4 arms).
# Styles: survminer with theme_light, ggplot's theme_gray, theme_test, theme_pubclean, theme_classic with
# italic axis titles (the table's), theme_bw with dotted grid lines, theme_minimal without any grid, theme_pubr with the
# legend at the right; fonts DejaVu Sans, Bitstream Vera Sans, DejaVu Sans Condensed, Liberation Sans Narrow,
# Nimbus Sans and C059; palettes from Paul Tol's muted and bright schemes, Spectral's ends, Okabe-Ito colours, grey with line types
# and other hand-chosen ones; risk tables without names (coloured bars instead, tables.y.text = FALSE), in the
# strata colours, with percentages ("abs_pct"), at heights 0.22-0.35; break.time.by 4, 7, 8, 10 and 16 (weeks)
# months and half years; an x limit that cuts the tail; percent axes; titles with subtitles
# and captions; legends at the right, inside at the upper right, at the top with a title, or hidden.  Base R
# plot(survfit) with the at-risk block in its own panel of a layout() (coloured line samples before the names),
# numbers at risk printed inside the panel above the axis, grid lines behind the curves, CI steps, ticks
# every 6 months or every year, a legend outside at the right (xpd) and a header centred over the block;
# 100-300 dpi, PNG and JPEG quality 75.
# Run from the repository root:
#   Rscript tests/digitize/generate/gen_heldout10_r.R
# Writes tests/digitize/figures/h10_<name>.png|jpg, .csv (arm,time,status) and .json like gen_r.R.  The at-risk
# times written are the columns the figure prints (survminer's own table data, or the base R breaks), in the
# unit the axis prints: where xscale rescales the axis (months shown as years) the patient times and at-risk
# times are written in the printed unit.  Where an x limit cuts the tail the patient data are still all
# written: the curve beyond the limit is not drawn.
suppressPackageStartupMessages({library(survival); library(survminer); library(jsonlite)})
out <- "tests/digitize/figures"
source("tests/digitize/generate/truth.R")  # save_truth(), sim_arms() and pkg_data(), shared by the R generators

# linear failure rate: hazard a + b t, drawn by inverting the cumulative hazard a t + b t^2 / 2
lfr <- function(a, b) function(n) { e <- rexp(n); (-a + sqrt(a^2 + 2 * b * e)) / b }
# exponentiated Weibull: F(t) = (1 - exp(-(t / s)^k))^th, by inversion
expweib <- function(s, k, th) function(n) s * (-log(1 - runif(n)^(1 / th)))^(1 / k)
# a beta(p, q) time scaled to `h` months: every event falls before h
sbeta <- function(h, p, q) function(n) h * rbeta(n, p, q)
# Weibull(shape k, scale s) baseline; hazard ratio `hr` up to month `c`, then 1 (the effect wanes)
waning <- function(k, s, hr, c) function(n) {
  e <- rexp(n); H <- function(t) (t / s)^k  # cumulative baseline hazard
  ifelse(e < hr * H(c), s * (e / hr)^(1 / k), s * (e - hr * H(c) + H(c))^(1 / k))
}
livmet <- function() pkg_data("livmet", "locfit")
sets <- list(
  lm_stage = function() { d <- livmet()
                          data.frame(time = d$t, status = d$z, arm = c("pN0", "pN1", "pN2")[d$tnm + 1]) },
  lm_burden = function() { d <- livmet()
                           data.frame(time = d$t, status = d$z,
                                      arm = c("Low burden", "Moderate burden", "High burden", "High burden")[d$anz + 1]) },
  lm_sex = function() { d <- livmet()
                        data.frame(time = d$t, status = d$z, arm = ifelse(d$sex == 1, "Male", "Female")) },
  lm_timing = function() { d <- livmet()
                           data.frame(time = d$t, status = d$z, arm = ifelse(d$sm == 1, "Synchronous", "Metachronous")) },
  sim_lfr = function() sim_arms(10101, c(190, 200, 195, 205), list(lfr(0.02, 0.0030), lfr(0.015, 0.0022),
                                lfr(0.01, 0.0015), lfr(0.006, 0.0009)), c(20, 50),
                                c("Group 1", "Group 2", "Group 3", "Group 4")),
  sim_ew = function() sim_arms(10202, c(300, 310), list(expweib(10, 0.8, 2.5), expweib(16, 0.8, 2.5)), c(18, 60),
                               c("Best supportive care", "Maintenance")),
  sim_beta = function() sim_arms(10303, c(220, 210, 230), list(sbeta(40, 1.2, 2.2), sbeta(40, 1.5, 1.8), sbeta(40, 1.8, 1.3)),
                                 c(12, 42), c("Cohort A", "Cohort B", "Cohort C")),
  sim_wane = function() sim_arms(10404, c(350, 345), list(waning(1.2, 22, 1, 9), waning(1.2, 22, 0.45, 9)), c(24, 60),
                                 c("Placebo", "Active"))
)
ordered <- c("lm_stage", "lm_burden", "sim_lfr", "sim_ew", "sim_beta", "sim_wane")
levels_of <- function(set, d) {
  if (set == "lm_stage") c("pN0", "pN1", "pN2")
  else if (set == "lm_burden") c("Low burden", "Moderate burden", "High burden")
  else if (set %in% ordered) unique(d$arm) else sort(unique(d$arm))
}
device <- function(file, w, h, dpi) {
  if (grepl("jpg$", file)) jpeg(file, width = w, height = h, units = "in", res = dpi, quality = 75, type = "cairo")
  else png(file, width = w, height = h, units = "in", res = dpi, type = "cairo")
}

# -- survminer ---------------------------------------------------------------------------------------------
theme_of <- function(name, family, size) switch(name,
  light = theme_light(base_family = family, base_size = size),
  gray = theme_gray(base_family = family, base_size = size),
  test = theme_test(base_family = family, base_size = size),
  pubclean = theme_pubclean(base_family = family, base_size = size),
  italic = theme_classic(base_family = family, base_size = size) +
    theme(axis.title = element_text(face = "italic")),
  dotted = theme_bw(base_family = family, base_size = size) +
    theme(panel.grid.major = element_line(linetype = "dotted", colour = "grey55"), panel.grid.minor = element_blank()),
  nogrid = theme_minimal(base_family = family, base_size = size) +
    theme(panel.grid = element_blank(), axis.line = element_line(colour = "black"),
          axis.ticks = element_line(colour = "black")),
  pubr = theme_pubr(base_family = family, base_size = size, legend = "right"))
sv <- list(
  list(set = "lm_stage", dpi = 150, ext = "png", pal = c("#CC6677", "#117733", "#332288"), legend = "right", theme = "light",
       family = "DejaVu Sans", size = 11, table = "absolute", by = 8, shape = "|", notext = TRUE, th = 0.26),
  list(set = "sim_ew", dpi = 200, ext = "png", pal = c("#9E0142", "#5E4FA2"), legend = "top", theme = "gray",
       family = "Bitstream Vera Sans", size = 11, table = "absolute", by = 10, shape = "+", conf = "ribbon",
       pct = TRUE, th = 0.35, fs = 4, ltitle = "Treatment"),
  list(set = "sim_lfr", dpi = 130, ext = "png", pal = c("#0072B2", "#D55E00", "#009E73", "#CC79A7"),
       legend = c(0.9, 0.78), theme = "test", family = "DejaVu Sans Condensed", size = 12, table = "absolute",
       by = 16, shape = 4, weeks = TRUE, th = 0.3, col = TRUE, w = 8.4, h = 7),
  list(set = "lm_sex", dpi = 180, ext = "jpg", pal = c("#1B7837", "#762A83"), legend = c(0.85, 0.8),
       theme = "pubclean", family = "Liberation Sans Narrow", size = 12, table = "abs_pct", by = 6, shape = "|",
       th = 0.22, pval = TRUE),
  list(set = "sim_beta", dpi = 240, ext = "png", pal = c("#E6AB02", "#66A61E", "#E7298A"), legend = "bottom",
       theme = "italic", family = "Nimbus Sans", size = 10, table = "nrisk_cumevents", by = 4, shape = 1,
       th = 0.3, col = TRUE),
  list(set = "sim_wane", dpi = 110, ext = "png", pal = c("#404040", "#CA0020"), legend = "none", theme = "nogrid",
       family = "C059", size = 13, table = "absolute", by = 7, shape = "", notext = TRUE, th = 0.24,
       title = TRUE, w = 8.6),
  list(set = "lm_burden", dpi = 170, ext = "png", pal = "grey", legend = c(0.82, 0.85), theme = "dotted",
       family = "Bitstream Vera Sans", size = 11, table = "absolute", by = 4, shape = 3, lt = TRUE, xlim = 36,
       th = 0.28),
  list(set = "lm_timing", dpi = 120, ext = "jpg", pal = c("#F1A340", "#998EC3"), legend = "right", theme = "pubr",
       family = "DejaVu Sans", size = 12, table = "nrisk_cumcensor", by = 7, shape = "|", conf = "step",
       median = "hv", th = 0.25, col = TRUE, w = 8.8),
  list(set = "sim_lfr", dpi = 210, ext = "png", pal = c("#3F007D", "#6A51A3", "#9E9AC8", "#CB181D"), legend = "top",
       theme = "nogrid", family = "Nimbus Sans", size = 11, table = "absolute", by = 6, shape = "|",
       xscale = "m_y", th = 0.32, h = 7.8, ltitle = "Risk group"),
  list(set = "sim_ew", dpi = 300, ext = "png", pal = c("#01665E", "#BF812D"), legend = c(0.75, 0.85), theme = "test",
       family = "DejaVu Sans Condensed", size = 8, table = "absolute", by = 12, shape = 15, th = 0.25, fs = 2.6,
       w = 5.2, h = 4.6, col = TRUE),
  list(set = "sim_beta", dpi = 100, ext = "png", pal = c("#AA3377", "#228833", "#4477AA"), legend = "bottom", theme = "light",
       family = "C059", size = 14, table = "abs_pct", by = 8, shape = "|", title = TRUE, pct = TRUE, th = 0.27,
       w = 9, h = 7.4)
)
for (k in seq_along(sv)) {
  v <- sv[[k]]; d <- sets[[v$set]]()
  levs <- levels_of(v$set, d)
  d$arm <- factor(d$arm, levels = levs)
  if (isTRUE(v$weeks)) d$time <- d$time * 4.348  # simulated months shown in weeks
  fit <- survfit(Surv(time, status) ~ arm, data = d)
  name <- sprintf("h10_sm_%02d_%s", k, v$set)
  unit <- if (isTRUE(v$weeks)) "Weeks" else if (!is.null(v$xscale)) "Years" else "Months"
  args <- list(fit, data = d, risk.table = v$table, conf.int = !is.null(v$conf), palette = v$pal,
               legend = v$legend, legend.labs = levs, legend.title = if (is.null(v$ltitle)) "" else v$ltitle,
               break.time.by = v$by, xlab = c(paste0("Time (", tolower(unit), ")"), unit,
                                                paste0(unit, " since surgery"))[1 + k %% 3],
               censor = v$shape != "", size = c(0.8, 1.1, 0.6)[1 + k %% 3], censor.size = 2 + (k %% 3),
               surv.scale = if (isTRUE(v$pct)) "percent" else "default", pval = isTRUE(v$pval),
               surv.median.line = if (is.null(v$median)) "none" else v$median,
               tables.height = v$th, ggtheme = theme_of(v$theme, v$family, v$size),
               fontsize = if (is.null(v$fs)) 3.4 else v$fs, font.family = v$family,
               font.x = c(v$size, "plain"), font.y = c(v$size, "plain"), font.tickslab = c(v$size - 1, "plain"),
               font.legend = c(v$size - 1, "plain"),
               risk.table.title = c("Patients at risk", "Number at risk", "At risk, n")[1 + k %% 3],
               ylab = c("Proportion alive", "Overall survival probability", "Survival")[1 + k %% 3])
  if (v$shape != "") args$censor.shape <- v$shape
  if (!is.null(v$conf)) args$conf.int.style <- v$conf
  if (isTRUE(v$col) || isTRUE(v$notext)) args$risk.table.col <- "strata"
  if (isTRUE(v$notext)) args$tables.y.text <- FALSE
  if (!is.null(v$xscale)) args$xscale <- v$xscale
  if (isTRUE(v$lt)) args$linetype <- "strata"
  if (!is.null(v$xlim)) args$xlim <- c(0, v$xlim)
  if (!is.null(v$ylim)) args$ylim <- c(v$ylim, 1)
  if (isTRUE(v$title)) { args$title <- "Overall survival"
                         args$subtitle <- "Kaplan-Meier estimates by group"
                         args$caption <- "Tick marks show censored patients." }
  p <- do.call(ggsurvplot, args)
  file <- file.path(out, paste0(name, ".", v$ext))
  device(file, if (is.null(v[["w"]])) 7.6 else v[["w"]], if (is.null(v[["h"]])) 6.8 else v[["h"]], v$dpi)
  print(p); dev.off()
  printed <- sort(unique(p$table$data$time))
  if (!is.null(v$xlim)) printed <- printed[printed <= v$xlim]
  f <- if (is.null(v$xscale)) 1 else 12
  d$time <- d$time / f
  save_truth(name, d, levs, "survminer", printed / f)
}

# -- base R plot(survfit): the at-risk block in its own layout() panel, or inside the plot -----------------
bv <- list(
  list(set = "lm_stage", dpi = 160, ext = "png", cols = c("#1B9E77", "#7570B3", "#D95F02"), lty = c(1, 1, 1),
       by = 6, pch = 3, mode = "panel", grid = TRUE, family = "DejaVu Sans"),
  list(set = "sim_wane", dpi = 220, ext = "png", cols = c("grey45", "black"), lty = c(2, 1), by = 12, pch = "|",
       mode = "inside", family = "Bitstream Vera Sans", w = 7),
  list(set = "sim_ew", dpi = 130, ext = "jpg", cols = c("#08519C", "#A50F15"), lty = c(1, 1), by = 12, pch = NA,
       mode = "panel", legout = TRUE, family = "Nimbus Sans", w = 8.4),
  list(set = "lm_timing", dpi = 260, ext = "png", cols = c("#E08214", "#2D004B"), lty = c(1, 1), by = 6, pch = 4,
       mode = "inside", grid = TRUE, family = "C059", ci = TRUE),
  list(set = "sim_beta", dpi = 190, ext = "png", cols = c("#4D9221", "#C51B7D", "#2166AC"), lty = c(1, 2, 1),
       by = 5, pch = 1, mode = "panel", legout = TRUE, family = "DejaVu Sans Condensed", w = 8.8, h = 6.4)
)
for (k in seq_along(bv)) {
  v <- bv[[k]]; d <- sets[[v$set]]()
  levs <- levels_of(v$set, d); d$arm <- factor(d$arm, levels = levs)
  fit <- survfit(Surv(time, status) ~ arm, data = d); m <- length(levs)
  name <- sprintf("h10_br_%02d_%s", k, v$set)
  file <- file.path(out, paste0(name, ".", v$ext))
  w <- if (is.null(v[["w"]])) 7.6 else v[["w"]]; h <- if (is.null(v[["h"]])) 6.2 else v[["h"]]
  device(file, w, h, v$dpi)
  par(family = v$family)
  xmax <- max(d$time); br <- seq(0, xmax, by = v$by); if (max(br) < xmax) br <- c(br, max(br) + v$by)
  lw <- max(strwidth(levs, units = "inches", cex = 0.8)) / par("csi")
  left <- max(5.5, lw + 3); right <- if (isTRUE(v$legout)) lw + 6.5 else 1.5
  nr <- summary(fit, times = br, extend = TRUE)
  if (v$mode == "panel") {
    layout(matrix(1:2, ncol = 1), heights = c(4, 0.9 + 0.35 * m))
    par(mar = c(4, left, 1.5, right), las = 1, mgp = c(2.6, 0.7, 0))
  } else par(mar = c(4.2, 5, 1.5, right), las = 1, mgp = c(2.6, 0.7, 0))
  lo <- if (v$mode == "inside") -0.06 * m - 0.02 else 0
  plot(fit, col = v$cols, lty = v$lty, lwd = 2, mark.time = !is.na(v$pch), mark = if (is.na(v$pch)) 3 else v$pch,
       conf.int = isTRUE(v$ci), xaxt = "n", yaxt = "n", xlim = c(0, max(br)), ylim = c(lo, 1), bty = "l",
       xlab = c("Months from randomization", "Months", "Time (months)")[1 + k %% 3], ylab = "Survival probability")
  if (isTRUE(v$grid)) abline(h = seq(0, 1, 0.2), v = br, col = "grey88", lty = 1)
  if (isTRUE(v$grid)) lines(fit, col = v$cols, lty = v$lty, lwd = 2, mark.time = !is.na(v$pch),
                            mark = if (is.na(v$pch)) 3 else v$pch, conf.int = isTRUE(v$ci))
  axis(1, at = br); axis(2, at = seq(0, 1, 0.2))
  if (isTRUE(v$legout)) {
    legend(par("usr")[2] + 0.02 * diff(par("usr")[1:2]), 1, legend = levs, col = v$cols, lty = v$lty, lwd = 2,
           bty = "n", cex = 0.85, xpd = TRUE)
  } else legend("topright", legend = levs, col = v$cols, lty = v$lty, lwd = 2, bty = "o", cex = 0.85, inset = 0.02,
                bg = "white")
  if (v$mode == "inside") {  # the numbers at risk printed in the panel, under the curves and above the axis
    text(0, lo + 0.06 * m + 0.005, "Number at risk", adj = c(0, 0), font = 2, cex = 0.75)
    for (j in seq_len(m)) {
      sel <- nr$strata == paste0("arm=", levs[j]); y <- lo + 0.06 * (m - j) + 0.03
      text(nr$time[sel], y, nr$n.risk[sel], col = v$cols[j], cex = 0.75)
    }
  } else {  # a second panel with the same x range: header, then one row an arm with a line sample
    par(mar = c(0.5, left, 0.5, right)); plot.new(); plot.window(xlim = c(0, max(br)), ylim = c(m + 0.5, -0.6))
    mtext("Numbers at risk", side = 3, line = -1, font = 2, cex = 0.8)
    u <- par("usr"); x0 <- u[1] - (left - 0.8) * par("csi") / par("pin")[1] * diff(u[1:2])
    for (j in seq_len(m)) {
      sel <- nr$strata == paste0("arm=", levs[j])
      text(nr$time[sel], j, nr$n.risk[sel], cex = 0.8, xpd = TRUE)
      text(x0 + 0.06 * diff(u[1:2]), j, levs[j], adj = 0, cex = 0.8, xpd = TRUE)
      segments(x0, j, x0 + 0.045 * diff(u[1:2]), j, col = v$cols[j], lty = v$lty[j], lwd = 2, xpd = TRUE)
    }
  }
  dev.off()
  save_truth(name, d, levs, "baser", br)
}
cat("done\n")
