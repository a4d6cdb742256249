# A fourth held-out set of Kaplan-Meier test figures ("held_out_4", names h4_*), from data none of the earlier
# sets draws: Rossi (carData), GBSG2 (TH.data), glioma and GTSG (coin), TRACE (timereg), rhDNase and mgus
# (survival), alloauto, hodg, burn, std and bfeed (KMsurv), and patient data simulated with their own seeds
# (crossing hazards, a delayed effect, cure fractions, heavy censoring, long tails; 2-3 arms of 80-600).
# Styles: survminer risk tables with counts, "nrisk_cumevents" and "nrisk_cumcensor", long legend labels,
# coloured risk-table row labels or colour bars, surv.median.line, pval text, ncensor.plot, serif, mono and
# narrow fonts in several sizes, manual hex palettes, grey and two or three shades of one hue, y limits from
# 0.2 or 0.5, percent axes, an x limit that cuts the tail; base R plot(survfit) with lty/col/mark.time and
# mtext at-risk rows, axes in days, weeks, months or years; 100-300 dpi, PNG and JPEG quality 75.
# Run from the repository root:
#   Rscript tests/digitize/generate/gen_heldout4_r.R
# Writes tests/digitize/figures/h4_<name>.png|jpg, .csv (arm,time,status) and .json like gen_r.R.  The
# at-risk times written are the columns the figure prints (survminer's own table data, or the base R breaks).
# Where an x limit cuts the tail the patient data are still all written: the curve beyond the limit is not drawn.
suppressPackageStartupMessages({library(survival); library(survminer); library(jsonlite)})
out <- "tests/digitize/figures"
source("tests/digitize/generate/truth.R")  # save_truth(), sim_arms() and pkg_data(), shared by the R generators

cure <- function(p, rate) function(n) ifelse(runif(n) < p, Inf, rexp(n, rate))
# piecewise-exponential draws: rate r1 before cut, r2 after (a delayed effect when r2 < r1)
pw <- function(r1, r2, cut) function(n) { e <- rexp(n, r1); late <- e > cut; e[late] <- cut + rexp(sum(late), r2); e }
# a mixture of early failures and long survivors: the curve crosses a plain exponential arm
mix <- function(p, r_early, r_late) function(n) ifelse(runif(n) < p, rexp(n, r_early), rexp(n, r_late))

sets <- list(
  rossi = function() { d <- carData::Rossi; data.frame(time = d$week, status = d$arrest,
                       arm = ifelse(d$fin == "yes", "Financial aid on release", "No financial aid")) },
  gbsg2 = function() { d <- pkg_data("GBSG2", "TH.data"); data.frame(time = d$time / 30.4375, status = d$cens,
                       arm = ifelse(d$menostat == "Pre", "Premenopausal", "Postmenopausal")) },
  glioma = function() { d <- pkg_data("glioma", "coin"); data.frame(time = d$time, status = as.integer(d$event),
                        arm = ifelse(d$group == "RIT", "Radioimmunotherapy", "Control")) },
  gtsg = function() { d <- pkg_data("GTSG", "coin"); data.frame(time = d$time, status = d$event,
                      arm = ifelse(d$group == "Chemotherapy", "Chemotherapy alone", "Chemotherapy + radiation")) },
  trace = function() { d <- pkg_data("TRACE", "timereg"); data.frame(time = d$time, status = as.integer(d$status != 0),
                       arm = ifelse(d$chf == 1, "Heart failure", "No heart failure")) },
  trace_vf = function() { d <- pkg_data("TRACE", "timereg")
                          data.frame(time = d$time, status = as.integer(d$status != 0),
                                     arm = ifelse(d$vf == 1, "Ventricular fibrillation", "No fibrillation")) },
  rhdnase = function() { d <- survival::rhDNase; d <- d[!duplicated(d$id) & (is.na(d$ivstart) | d$ivstart > 0), ]
                         fu <- as.numeric(d$end.dt - d$entry.dt); ev <- !is.na(d$ivstart)
                         data.frame(time = ifelse(ev, d$ivstart, fu), status = as.integer(ev),
                                    arm = ifelse(d$trt == 1, "rhDNase", "Placebo")) },
  mgus = function() { d <- survival::mgus[!is.na(survival::mgus$alb), ]
                      data.frame(time = d$futime / 365.25, status = d$death,
                                 arm = ifelse(d$alb < 3.5, "Albumin < 3.5 g/dL", "Albumin >= 3.5 g/dL")) },
  alloauto = function() { d <- pkg_data("alloauto", "KMsurv"); data.frame(time = d$time, status = d$delta,
                          arm = ifelse(d$type == 1, "Allogeneic transplant", "Autologous transplant")) },
  hodg = function() { d <- pkg_data("hodg", "KMsurv"); data.frame(time = d$time, status = d$delta,
                      arm = ifelse(d$dtype == 1, "Non-Hodgkin lymphoma", "Hodgkin disease")) },
  burn = function() { d <- pkg_data("burn", "KMsurv"); data.frame(time = d$T3, status = d$D3,
                      arm = ifelse(d$Z1 == 1, "Body cleansing", "Routine bathing")) },
  std = function() { d <- pkg_data("std", "KMsurv"); data.frame(time = d$time, status = d$rinfct,
                     arm = ifelse(d$race == "B", "Black", "White")) },
  bfeed = function() { d <- pkg_data("bfeed", "KMsurv"); data.frame(time = d$duration, status = d$delta,
                       arm = ifelse(d$poverty == 1, "Below poverty line", "Above poverty line")) },
  sim_cross = function() sim_arms(4101, c(250, 245), list(function(n) rexp(n, 1 / 16), mix(0.3, 1 / 2.5, 1 / 40)),
                                  c(12, 48), c("Standard chemotherapy", "Checkpoint inhibitor")),
  sim_delay = function() sim_arms(4202, c(450, 460), list(pw(1 / 14, 1 / 14, 5), pw(1 / 14, 1 / 32, 5)),
                                  c(10, 40), c("Control", "Immunotherapy")),
  sim_cure3 = function() sim_arms(4303, c(300, 310, 290), list(cure(0.22, 1 / 1.3), cure(0.35, 1 / 1.6),
                                  cure(0.5, 1 / 2.0)), c(1.5, 8),
                                  c("Observation", "Radiotherapy", "Chemoradiotherapy")),
  sim_heavycens = function() sim_arms(4404, c(180, 170, 175), list(function(n) rweibull(n, 1.1, 60),
                                      function(n) rweibull(n, 1.1, 90), function(n) rweibull(n, 1.1, 130)), c(2, 30),
                                      c("Low risk", "Intermediate risk", "High risk")[3:1]),
  sim_longtail = function() sim_arms(4505, c(90, 95, 85), list(function(n) rlnorm(n, 5.6, 1.3),
                                     function(n) rlnorm(n, 6.1, 1.3), function(n) rlnorm(n, 6.5, 1.2)), c(200, 3600),
                                     c("Arm A", "Arm B", "Arm C")),
  sim_cure2 = function() sim_arms(4606, c(520, 530), list(cure(0.3, 1 / 20), cure(0.42, 1 / 24)), c(24, 96),
                                  c("Placebo", "Adjuvant drug")),
  sim_small = function() sim_arms(4707, c(82, 80), list(function(n) rweibull(n, 1.6, 300),
                                  function(n) rweibull(n, 1.6, 420)), c(150, 900), c("Usual care", "Intervention"))
)

device <- function(file, w, h, dpi) {
  if (grepl("jpg$", file)) jpeg(file, width = w, height = h, units = "in", res = dpi, quality = 75)
  else png(file, width = w, height = h, units = "in", res = dpi)
}

# -- survminer ---------------------------------------------------------------------------------------------
theme_of <- function(name, family, size) switch(name,
  classic = theme_classic(base_family = family, base_size = size),
  bw = theme_bw(base_family = family, base_size = size),
  light = theme_light(base_family = family, base_size = size),
  pubr = ggpubr::theme_pubr(base_family = family, base_size = size),
  theme_survminer(base_family = family, font.main = size + 2, font.x = size, font.y = size,
                  font.tickslab = size - 1, font.legend = size - 1))
sv <- list(
  list(set = "rossi", dpi = 150, ext = "png", pal = c("#0073C2", "#EFC000"), legend = "top", theme = "survminer",
       family = "sans", size = 12, table = "nrisk_cumcensor", unit = "Weeks", by = 8, shape = "|", ncensor = TRUE),
  list(set = "gtsg", dpi = 200, ext = "png", pal = c("#CD534C", "#0073C2"), legend = "top", theme = "classic",
       family = "sans", size = 11, table = "absolute", col = "strata", unit = "Days", by = 250, shape = "+",
       median = "hv", pval = TRUE),
  list(set = "trace", dpi = 120, ext = "jpg", pal = c("grey10", "grey55"), legend = "top", theme = "bw",
       family = "serif", size = 11, table = "nrisk_cumevents", unit = "Years", by = 2, nocensor = TRUE),
  list(set = "sim_cure3", dpi = 150, ext = "png", pal = c("#08306B", "#2171B5", "#6BAED6"), legend = "top",
       theme = "survminer", family = "sans", size = 11, table = "absolute", bars = TRUE, unit = "Years", by = 1,
       shape = "|", ylim = c(0.2, 1)),
  list(set = "sim_cross", dpi = 180, ext = "png", pal = c("#7B3294", "#C2A5CF"), legend = c(0.75, 0.85),
       theme = "classic", family = "sans", size = 12, table = "absolute", col = "strata", unit = "Months", by = 6,
       shape = "+", median = "hv", xlim = 36),
  list(set = "glioma", dpi = 220, ext = "png", pal = c("#E64B35", "#4DBBD5"), legend = c(0.8, 0.8), theme = "light",
       family = "sans", size = 14, table = "absolute", unit = "Months", by = 10, shape = "+", conf = "ribbon",
       pval = TRUE),
  list(set = "gbsg2", dpi = 130, ext = "png", pal = c("#00468B", "#ED0000"), legend = "top", theme = "survminer",
       family = "Liberation Sans Narrow", size = 12, table = "nrisk_cumcensor", unit = "Months", by = 12,
       shape = "|", lt = TRUE),
  list(set = "sim_delay", dpi = 150, ext = "jpg", pal = c("#3C5488", "#F39B7F"), legend = "bottom", theme = "pubr",
       family = "sans", size = 11, table = "nrisk_cumevents", col = "strata", unit = "Months", by = 6,
       shape = "|", pct = TRUE, clean = TRUE),
  list(set = "alloauto", dpi = 160, ext = "png", pal = c("#1B9E77", "#D95F02"), legend = "right", theme = "bw",
       family = "mono", size = 10, table = "absolute", unit = "Months", by = 6, shape = "+", ylim = c(0.2, 1),
       w = 8.6),
  list(set = "burn", dpi = 110, ext = "png", pal = c("#8C510A", "#01665E"), legend = "top", theme = "classic",
       family = "serif", size = 13, table = "absolute", col = "strata", unit = "Days", by = 10, shape = "|",
       median = "hv", conf = "step"),
  list(set = "sim_heavycens", dpi = 140, ext = "png", pal = c("#D7301F", "#FC8D59", "#FDCC8A"), legend = "top",
       theme = "survminer", family = "sans", size = 11, table = "absolute", unit = "Months", by = 4, shape = "|",
       ylim = c(0.5, 1), ncensor = TRUE),
  list(set = "std", dpi = 300, ext = "jpg", pal = c("#D55E00", "#009E73"), legend = "right", theme = "light",
       family = "sans", size = 10, table = "nrisk_cumcensor", unit = "Days", by = 300, shape = "+", w = 6.5,
       h = 5.5),
  list(set = "rhdnase", dpi = 150, ext = "png", pal = c("#6A51A3", "#9E9AC8"), legend = c(0.2, 0.25),
       theme = "bw", family = "sans", size = 12, table = "absolute", bars = TRUE, unit = "Days", by = 30,
       shape = "+", ylim = c(0.5, 1), pct = TRUE),
  list(set = "hodg", dpi = 100, ext = "png", pal = c("black", "#E7298A"), legend = "top", theme = "classic",
       family = "sans", size = 11, table = "nrisk_cumevents", unit = "Days", by = 500, shape = "|",
       median = "hv", pval = TRUE),
  list(set = "mgus", dpi = 170, ext = "png", pal = "grey", legend = c(0.78, 0.82), theme = "survminer",
       family = "serif", size = 12, table = "absolute", col = "strata", unit = "Years", by = 5, shape = "+",
       lt = TRUE, xlim = 25),
  list(set = "sim_cure2", dpi = 120, ext = "jpg", pal = c("#374E55", "#DF8F44"), legend = "bottom",
       theme = "pubr", family = "sans", size = 12, table = "absolute", unit = "Months", by = 12, shape = "|",
       conf = "ribbon", pct = TRUE, ylim = c(0.2, 1))
)
for (k in seq_along(sv)) {
  v <- sv[[k]]; d <- sets[[v$set]]()
  levs <- sort(unique(d$arm)); d$arm <- factor(d$arm, levels = levs)
  fit <- survfit(Surv(time, status) ~ arm, data = d)
  name <- sprintf("h4_sm_%02d_%s", k, v$set)
  args <- list(fit, data = d, risk.table = v$table, conf.int = !is.null(v$conf), palette = v$pal,
               legend = v$legend, legend.labs = levs, legend.title = if (k %% 2) "" else "Arm",
               break.time.by = v$by, xlab = if (k %% 3) paste0("Time (", tolower(v$unit), ")") else v$unit,
               censor = !isTRUE(v$nocensor), censor.size = 2.5 + (k %% 3),
               surv.scale = if (isTRUE(v$pct)) "percent" else "default", pval = isTRUE(v$pval),
               surv.median.line = if (is.null(v$median)) "none" else v$median,
               ncensor.plot = isTRUE(v$ncensor),
               risk.table.height = 0.22 + 0.035 * length(levs), ggtheme = theme_of(v$theme, v$family, v$size),
               risk.table.fontsize = if (v$table == "absolute") 3.4 + 0.3 * (k %% 3) else 3.0,
               font.family = v$family, fontsize = 3.5,
               font.x = c(v$size, "plain"), font.y = c(v$size, "plain"), font.tickslab = c(v$size - 1, "plain"),
               font.legend = c(v$size - 1, "plain"))
  if (!isTRUE(v$nocensor)) args$censor.shape <- v$shape
  if (!is.null(v$conf)) args$conf.int.style <- v$conf
  if (!is.null(v$col)) args$risk.table.col <- v$col
  if (isTRUE(v$bars)) { args$risk.table.y.text <- FALSE; args$risk.table.y.text.col <- TRUE }
  if (isTRUE(v$clean)) args$tables.theme <- theme_cleantable()
  if (isTRUE(v$lt)) args$linetype <- "strata"
  if (!is.null(v$xlim)) args$xlim <- c(0, v$xlim)
  # a y axis starting above 0 is drawn when every curve stays above it, as published figures do
  if (!is.null(v$ylim)) v$ylim[1] <- min(v$ylim[1], floor(10 * min(fit$surv)) / 10)
  if (!is.null(v$ylim)) args$ylim <- v$ylim
  p <- do.call(ggsurvplot, args)
  file <- file.path(out, paste0(name, ".", v$ext))
  h <- if (is.null(v[["h"]])) (if (isTRUE(v$ncensor)) 7.2 else 6) else v[["h"]]
  device(file, if (is.null(v[["w"]])) 7 else v[["w"]], h, v$dpi); print(p); dev.off()
  printed <- sort(unique(p$table$data$time))
  if (!is.null(v$xlim)) printed <- printed[printed <= v$xlim]
  save_truth(name, d, levs, "survminer", printed)
}

# -- base R plot(survfit) + mtext at-risk rows -------------------------------------------------------------
bv <- list(
  list(set = "rossi", dpi = 150, ext = "png", cols = c("black", "black"), lty = c(1, 2), leg = "bottomleft",
       unit = "Weeks", by = 10, pch = 3),
  list(set = "gtsg", dpi = 200, ext = "png", cols = c("#0073C2", "#EFC000"), lty = c(1, 1), leg = "topright",
       unit = "Years", by = 1, pch = "|", pct = TRUE, years = TRUE),
  list(set = "trace_vf", dpi = 120, ext = "jpg", cols = c("#B2182B", "#2166AC"), lty = c(1, 1), leg = "topright",
       unit = "Years", by = 1, pch = 3, ylim = c(0.2, 1), xmax = 6),
  list(set = "sim_longtail", dpi = 150, ext = "png", cols = c("black", "grey40", "grey65"), lty = c(1, 2, 3),
       leg = "topright", unit = "Days", by = 500, pch = 3),
  list(set = "std", dpi = 110, ext = "png", cols = c("#E08214", "#542788"), lty = c(1, 1), leg = "topright",
       unit = "Months", by = 6, pch = 4, serif = TRUE, ylim = c(0.5, 1), months = TRUE),
  list(set = "bfeed", dpi = 130, ext = "jpg", cols = c("#006D2C", "#74C476"), lty = c(1, 1), leg = "topright",
       unit = "Weeks", by = 26, pch = NA, xmax = 104),
  list(set = "sim_cure2", dpi = 250, ext = "png", cols = c("#67000D", "#EF3B2C"), lty = c(1, 2), leg = "bottomleft",
       unit = "Months", by = 12, pch = 4, pct = TRUE, w = 6.2, h = 4.8),
  list(set = "sim_small", dpi = 100, ext = "png", cols = c("#1F78B4", "#E31A1C"), lty = c(1, 1), leg = "topright",
       unit = "Days", by = 100, pch = 3, ci = TRUE)
)
for (k in seq_along(bv)) {
  v <- bv[[k]]; d <- sets[[v$set]](); levs <- sort(unique(d$arm)); d$arm <- factor(d$arm, levels = levs)
  if (isTRUE(v$years)) d$time <- d$time / 365.25
  if (isTRUE(v$months)) d$time <- d$time / 30.4375
  fit <- survfit(Surv(time, status) ~ arm, data = d); m <- length(levs)
  name <- sprintf("h4_br_%02d_%s", k, v$set)
  file <- file.path(out, paste0(name, ".", v$ext))
  device(file, if (is.null(v[["w"]])) 7 else v[["w"]], if (is.null(v[["h"]])) 5.5 else v[["h"]], v$dpi)
  par(mar = c(4 + 1.2 * m + 1, 4 + 6, 2, 1), mgp = c(2.5, 0.8, 0),
      family = if (isTRUE(v$serif)) "serif" else "sans")
  xmax <- if (is.null(v$xmax)) max(d$time) else v$xmax
  br <- seq(0, xmax, by = v$by)
  if (!is.null(v$ylim)) v$ylim[1] <- min(v$ylim[1], floor(10 * min(fit$surv[fit$time <= max(br)])) / 10)
  ysc <- if (isTRUE(v$pct)) 100 else 1
  plot(fit, col = v$cols, lty = v$lty, lwd = if (k %% 2) 2 else 1.5, mark.time = !is.na(v$pch),
       mark = if (is.na(v$pch)) 3 else v$pch, conf.int = isTRUE(v$ci), xaxt = "n", las = 1, yscale = ysc,
       ylim = if (is.null(v$ylim)) c(0, 1) else v$ylim, bty = if (k %% 3) "l" else "o",
       xlab = paste0("Time since randomisation (", tolower(v$unit), ")"),
       ylab = if (ysc == 100) "Event-free (%)" else "Event-free probability", xlim = c(0, max(br)))
  axis(1, at = br)
  legend(v$leg, legend = levs, col = v$cols, lty = v$lty, lwd = 2, bty = if (k %% 2) "n" else "o", inset = 0.02,
         cex = 0.85)
  nr <- summary(fit, times = br, extend = TRUE)
  mtext("No. at risk", side = 1, line = 3.7, adj = 0, at = -0.24 * max(br), font = 2, cex = 0.85)
  for (j in seq_len(m)) {
    sel <- nr$strata == paste0("arm=", levs[j])
    mtext(nr$n.risk[sel], side = 1, line = 3.7 + 1.2 * j, at = nr$time[sel], col = v$cols[j], cex = 0.85)
    mtext(levs[j], side = 1, line = 3.7 + 1.2 * j, at = -0.05 * max(br), adj = 1, col = v$cols[j], cex = 0.85)
  }
  dev.off()
  save_truth(name, d, levs, "baser", br)
}
cat("done\n")
