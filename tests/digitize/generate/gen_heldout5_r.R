# A fifth held-out set of Kaplan-Meier test figures ("held_out_5", names h5_*), from data none of the earlier
# sets draws: btrial, channing, pneumon, kidney (catheter placement), drughiv and bnct (KMsurv), and patient
# data simulated with their own seeds (Weibull hazards falling and rising, piecewise hazards, an early drop,
# long plateaus, crossing curves, heavy censoring; 2-4 arms of 80-600).
# Styles: survminer with theme_classic, theme_bw, theme_minimal and its own theme; risk tables with counts,
# "nrisk_cumevents" and "nrisk_cumcensor", risk.table.col = "strata", theme_cleantable, table font sizes,
# break.time.by 3, 6, 12 and 24, xscale "d_m" and "m_y", conf.int.style "step", legends at the bottom, right
# or inside, censor.shape "|", linetype "strata"; base R plot(survfit) with legend() inside, axis(las = 1),
# a 0-100 survival axis and mtext at-risk rows; 90-300 dpi, PNG and JPEG quality 60-85.
# Run from the repository root:
#   Rscript tests/digitize/generate/gen_heldout5_r.R
# Writes tests/digitize/figures/h5_<name>.png|jpg, .csv (arm,time,status) and .json like gen_r.R.  The
# at-risk times written are the columns the figure prints (survminer's own table data, or the base R breaks),
# in the unit the axis prints: where xscale rescales the axis (days shown as months, months as years) the
# patient times and at-risk times are written in the printed unit.  Where an x limit cuts the tail the
# patient data are still all written: the curve beyond the limit is not drawn.
suppressPackageStartupMessages({library(survival); library(survminer); library(jsonlite)})
out <- "tests/digitize/figures"
source("tests/digitize/generate/truth.R")  # save_truth(), sim_arms() and pkg_data(), shared by the R generators

cure <- function(p, rate) function(n) ifelse(runif(n) < p, Inf, rexp(n, rate))
pw <- function(r1, r2, cut) function(n) { e <- rexp(n, r1); late <- e > cut; e[late] <- cut + rexp(sum(late), r2); e }
wb <- function(shape, scale) function(n) rweibull(n, shape, scale)
# an early drop (a share failing within `early`) followed by a slow exponential decline
drop <- function(p, early, rate) function(n) ifelse(runif(n) < p, runif(n, 0, early), rexp(n, rate))

sets <- list(
  btrial = function() { d <- pkg_data("btrial", "KMsurv"); data.frame(time = d$time, status = d$death,
                        arm = ifelse(d$im == 1, "Immunoperoxidase negative", "Immunoperoxidase positive")) },
  channing = function() { d <- pkg_data("channing", "KMsurv"); d <- d[d$time > 0, ]
                          data.frame(time = d$time, status = d$death, arm = ifelse(d$gender == 1, "Men", "Women")) },
  pneumon = function() { d <- pkg_data("pneumon", "KMsurv"); data.frame(time = d$chldage, status = d$hospital,
                         arm = ifelse(d$wmonth > 0, "Breast-fed", "Never breast-fed")) },
  catheter = function() { d <- pkg_data("kidney", "KMsurv"); data.frame(time = d$time, status = d$delta,
                          arm = ifelse(d$type == 1, "Surgical catheter", "Percutaneous catheter")) },
  drughiv = function() { d <- pkg_data("drughiv", "KMsurv"); data.frame(time = d$time, status = d$delta,
                         arm = ifelse(d$drug == 1, "Drug A", "Drug B")) },
  bnct = function() { d <- pkg_data("bnct", "KMsurv"); data.frame(time = d$time, status = d$death,
                      arm = c("Untreated", "Radiation", "Radiation + BPA")[d$trt]) },
  sim_wdec = function() sim_arms(5101, c(310, 305), list(wb(0.7, 20), wb(0.7, 34)), c(12, 60),
                                 c("Best supportive care", "Targeted therapy")),
  sim_winc = function() sim_arms(5202, c(240, 250, 245), list(wb(1.8, 14), wb(1.8, 19), wb(1.8, 25)), c(18, 40),
                                 c("Dose level 1", "Dose level 2", "Dose level 3")),
  sim_pw = function() sim_arms(5303, c(420, 430), list(pw(1 / 10, 1 / 25, 12), pw(1 / 18, 1 / 18, 12)), c(24, 72),
                               c("Surgery first", "Neoadjuvant therapy")),
  sim_drop = function() sim_arms(5404, c(160, 150), list(drop(0.25, 60, 1 / 2500), drop(0.1, 60, 1 / 2200)),
                                 c(200, 1800), c("Open repair", "Endovascular repair")),
  sim_plateau = function() sim_arms(5505, c(520, 510), list(cure(0.45, 1 / 9), cure(0.6, 1 / 11)), c(36, 120),
                                    c("Autologous transplant", "CAR T-cell therapy")),
  sim_four = function() sim_arms(5606, c(120, 130, 125, 118), list(function(n) rexp(n, 1 / 10),
                                 function(n) rexp(n, 1 / 15), function(n) rexp(n, 1 / 21), function(n) rexp(n, 1 / 30)),
                                 c(6, 48), c("Stage IV", "Stage III", "Stage II", "Stage I")),
  sim_cross = function() sim_arms(5707, c(200, 195), list(wb(1.5, 22), wb(0.75, 30)), c(15, 50),
                                  c("Chemotherapy", "Immunotherapy")),
  sim_heavy = function() sim_arms(5808, c(90, 95), list(function(n) rexp(n, 1 / 900), function(n) rexp(n, 1 / 1500)),
                                  c(30, 1200), c("Standard follow-up", "Intensive follow-up")),
  sim_long = function() sim_arms(5909, c(580, 570), list(function(n) rlnorm(n, 3.2, 1.4),
                                 function(n) rlnorm(n, 3.6, 1.4)), c(60, 240), c("Conventional", "Hypofractionated"))
)

device <- function(file, w, h, dpi, q = 75) {
  if (grepl("jpg$", file)) jpeg(file, width = w, height = h, units = "in", res = dpi, quality = q)
  else png(file, width = w, height = h, units = "in", res = dpi)
}

# -- survminer ---------------------------------------------------------------------------------------------
theme_of <- function(name, family, size) switch(name,
  classic = theme_classic(base_family = family, base_size = size),
  bw = theme_bw(base_family = family, base_size = size),
  minimal = theme_minimal(base_family = family, base_size = size),
  theme_survminer(base_family = family, font.main = size + 2, font.x = size, font.y = size,
                  font.tickslab = size - 1, font.legend = size - 1))
sv <- list(
  list(set = "btrial", dpi = 150, ext = "png", pal = c("#0072B5", "#BC3C29"), legend = "bottom", theme = "minimal",
       family = "sans", size = 12, table = "absolute", col = "strata", by = 24, shape = "|", unit = "Months"),
  list(set = "channing", dpi = 130, ext = "jpg", q = 85, pal = c("#20854E", "#E18727"), legend = c(0.8, 0.85),
       theme = "classic", family = "serif", size = 12, table = "nrisk_cumevents", by = 12, shape = "|",
       unit = "Months", lt = TRUE),
  list(set = "sim_wdec", dpi = 200, ext = "png", pal = c("#7876B1", "#6F99AD"), legend = "right", theme = "bw",
       family = "sans", size = 10, table = "absolute", by = 6, shape = "|", unit = "Months", conf = "step", w = 8.4),
  list(set = "sim_winc", dpi = 110, ext = "png", pal = c("#E18727", "#EE4C97", "#0072B5"), legend = "top",
       theme = "survminer", family = "mono", size = 11, table = "nrisk_cumcensor", by = 6, shape = "+",
       unit = "Months", col = "strata", clean = TRUE, w = 9),
  list(set = "sim_pw", dpi = 160, ext = "png", pal = c("#1F77B4", "#FF7F0E"), legend = "bottom", theme = "minimal",
       family = "sans", size = 13, table = "absolute", by = 12, shape = "|", unit = "Months", xscale = "m_y",
       pval = TRUE),
  list(set = "catheter", dpi = 180, ext = "jpg", q = 60, pal = c("grey20", "grey60"), legend = c(0.25, 0.2),
       theme = "classic", family = "sans", size = 11, table = "absolute", by = 3, shape = "|", unit = "Months",
       lt = TRUE, ylim = c(0.5, 1)),
  list(set = "sim_drop", dpi = 140, ext = "png", pal = c("#A50F15", "#FB6A4A"), legend = "top", theme = "bw",
       family = "serif", size = 11, table = "nrisk_cumevents", by = 182.625, shape = "|", unit = "Months",
       xscale = "d_m", median = "none", pct = TRUE),
  list(set = "sim_plateau", dpi = 250, ext = "png", pal = c("#2CA02C", "#9467BD"), legend = c(0.78, 0.9),
       theme = "survminer", family = "sans", size = 12, table = "absolute", by = 12, shape = "+", unit = "Months",
       conf = "ribbon", median = "hv", col = "strata", h = 6.4),
  list(set = "sim_four", dpi = 120, ext = "png", pal = c("#D62728", "#FF7F0E", "#2CA02C", "#1F77B4"),
       legend = "right", theme = "classic", family = "sans", size = 10, table = "absolute", by = 6, shape = "|",
       unit = "Months", col = "strata", w = 8, h = 6.6),
  list(set = "pneumon", dpi = 100, ext = "png", pal = c("#00A087", "#3C5488"), legend = "top", theme = "minimal",
       family = "sans", size = 12, table = "nrisk_cumcensor", by = 2, shape = "|", unit = "Months",
       ylim = c(0.9, 1), nocensor = TRUE, w = 8.8, xlim = 13),
  list(set = "sim_cross", dpi = 300, ext = "jpg", q = 80, pal = c("#4DBBD5", "#E64B35"), legend = c(0.8, 0.8),
       theme = "bw", family = "sans", size = 9, table = "absolute", by = 6, shape = "|", unit = "Months",
       median = "hv", pval = TRUE, w = 5.2, h = 5.4),
  list(set = "sim_long", dpi = 150, ext = "png", pal = c("#00468B", "#42B540"), legend = "bottom", theme = "survminer",
       family = "Liberation Sans Narrow", size = 12, table = "absolute", by = 24, shape = "|", unit = "Months",
       bars = TRUE, xlim = 144, ncensor = TRUE),
  list(set = "bnct", dpi = 170, ext = "png", pal = c("black", "#B15928", "#6A3D9A"), legend = "top", theme = "classic",
       family = "serif", size = 13, table = "absolute", by = 5, shape = "+", unit = "Days", lt = TRUE)
)
for (k in seq_along(sv)) {
  v <- sv[[k]]; d <- sets[[v$set]]()
  levs <- sort(unique(d$arm)); if (v$set %in% c("sim_four", "bnct")) levs <- unique(d$arm)
  d$arm <- factor(d$arm, levels = levs)
  fit <- survfit(Surv(time, status) ~ arm, data = d)
  name <- sprintf("h5_sm_%02d_%s", k, v$set)
  shown <- if (is.null(v$xscale)) v$unit else if (v$xscale == "m_y") "Years" else "Months"
  args <- list(fit, data = d, risk.table = v$table, conf.int = !is.null(v$conf), palette = v$pal,
               legend = v$legend, legend.labs = levs, legend.title = if (k %% 2) "Group" else "",
               break.time.by = v$by, xlab = if (k %% 2) paste0("Time (", tolower(shown), ")") else shown,
               censor = !isTRUE(v$nocensor), censor.size = 3 + (k %% 3),
               surv.scale = if (isTRUE(v$pct)) "percent" else "default", pval = isTRUE(v$pval),
               surv.median.line = if (is.null(v$median)) "none" else v$median,
               ncensor.plot = isTRUE(v$ncensor), tables.height = 0.2 + 0.04 * length(levs),
               ggtheme = theme_of(v$theme, v$family, v$size),
               fontsize = if (k %% 2) 3.2 else 4.0, font.family = v$family,
               font.x = c(v$size, "plain"), font.y = c(v$size, "plain"), font.tickslab = c(v$size - 1, "plain"),
               font.legend = c(v$size - 1, "plain"))
  if (!isTRUE(v$nocensor)) args$censor.shape <- v$shape
  if (!is.null(v$conf)) args$conf.int.style <- v$conf
  if (!is.null(v$col)) args$risk.table.col <- v$col
  if (!is.null(v$xscale)) args$xscale <- v$xscale
  if (isTRUE(v$bars)) { args$risk.table.y.text <- FALSE; args$risk.table.y.text.col <- TRUE }
  if (isTRUE(v$clean)) args$tables.theme <- theme_cleantable()
  if (isTRUE(v$lt)) args$linetype <- "strata"
  if (!is.null(v$xlim)) args$xlim <- c(0, v$xlim)
  # a y axis starting above 0 is drawn when every curve stays above it, as published figures do
  if (!is.null(v$ylim)) v$ylim[1] <- min(v$ylim[1], floor(20 * min(fit$surv)) / 20)
  if (!is.null(v$ylim)) args$ylim <- v$ylim
  p <- do.call(ggsurvplot, args)
  file <- file.path(out, paste0(name, ".", v$ext))
  h <- if (is.null(v[["h"]])) (if (isTRUE(v$ncensor)) 7.4 else 6.2) else v[["h"]]
  device(file, if (is.null(v[["w"]])) 7 else v[["w"]], h, v$dpi, if (is.null(v$q)) 75 else v$q)
  print(p); dev.off()
  printed <- sort(unique(p$table$data$time))
  if (!is.null(v$xlim)) printed <- printed[printed <= v$xlim]
  f <- if (is.null(v$xscale)) 1 else if (v$xscale == "m_y") 12 else 30.4375
  d$time <- d$time / f
  save_truth(name, d, levs, "survminer", printed / f)
}

# -- base R plot(survfit) + legend() inside + mtext at-risk rows -------------------------------------------
bv <- list(
  list(set = "channing", dpi = 150, ext = "png", cols = c("#2166AC", "#B2182B"), lty = c(1, 1), leg = "bottomleft",
       unit = "Months", by = 20, pch = 3, pct = TRUE),
  list(set = "sim_four", dpi = 120, ext = "png", cols = c("black", "grey30", "grey50", "grey70"), lty = c(1, 2, 3, 4),
       leg = "topright", unit = "Months", by = 12, pch = 3),
  list(set = "drughiv", dpi = 200, ext = "jpg", q = 70, cols = c("#D95F02", "#1B9E77"), lty = c(1, 2),
       leg = "topright", unit = "Months", by = 5, pch = "|", serif = TRUE),
  list(set = "sim_plateau", dpi = 110, ext = "png", cols = c("#08519C", "#6BAED6"), lty = c(1, 1), leg = "bottomright",
       unit = "Years", by = 2, pch = NA, pct = TRUE, years = TRUE, ylim = c(20, 100)),
  list(set = "sim_heavy", dpi = 180, ext = "png", cols = c("#762A83", "#1B7837"), lty = c(1, 1), leg = "bottomleft",
       unit = "Days", by = 200, pch = 4, ci = TRUE, ylim = c(50, 100), pct = TRUE),
  list(set = "btrial", dpi = 90, ext = "png", cols = c("black", "red"), lty = c(1, 1), leg = "topright",
       unit = "Months", by = 25, pch = 3, w = 5.6, h = 4.6),
  list(set = "sim_winc", dpi = 240, ext = "jpg", q = 82, cols = c("#E41A1C", "#377EB8", "#4DAF4A"), lty = c(1, 1, 1),
       leg = "topright", unit = "Weeks", by = 26, pch = "|", weeks = TRUE, xmax = 156)
)
for (k in seq_along(bv)) {
  v <- bv[[k]]; d <- sets[[v$set]](); levs <- unique(d$arm); d$arm <- factor(d$arm, levels = levs)
  if (isTRUE(v$years)) d$time <- d$time / 12
  if (isTRUE(v$weeks)) d$time <- d$time * 4.348
  fit <- survfit(Surv(time, status) ~ arm, data = d); m <- length(levs)
  name <- sprintf("h5_br_%02d_%s", k, v$set)
  file <- file.path(out, paste0(name, ".", v$ext))
  device(file, if (is.null(v[["w"]])) 7.2 else v[["w"]], if (is.null(v[["h"]])) 5.6 else v[["h"]], v$dpi,
         if (is.null(v$q)) 75 else v$q)
  lw <- max(strwidth(levs, units = "inches", cex = 0.8)) / par("csi")  # label width in lines
  par(mar = c(4 + 1.1 * m + 1.2, max(5, lw + 1.5), 1.5, 1.2), mgp = c(2.6, 0.7, 0),
      family = if (isTRUE(v$serif)) "serif" else "sans")
  xmax <- if (is.null(v$xmax)) max(d$time) else v$xmax
  br <- seq(0, xmax, by = v$by)
  ysc <- if (isTRUE(v$pct)) 100 else 1
  ylim <- if (is.null(v$ylim)) c(0, 1) else v$ylim / 100
  low <- if (isTRUE(v$ci)) fit$lower else fit$surv  # the CI lines stay inside the axis too
  if (!is.null(v$ylim)) ylim[1] <- min(ylim[1], floor(10 * min(low[fit$time <= max(br)], na.rm = TRUE)) / 10)
  plot(fit, col = v$cols, lty = v$lty, lwd = if (k %% 2) 1.8 else 1.3, mark.time = !is.na(v$pch),
       mark = if (is.na(v$pch)) 3 else v$pch, conf.int = isTRUE(v$ci), xaxt = "n", yaxt = "n", yscale = ysc,
       ylim = ylim, bty = if (k %% 2) "l" else "o", xlim = c(0, max(br)),
       xlab = c(paste0(v$unit, " since enrolment"), paste0("Time (", tolower(v$unit), ")"),
                paste0("Follow-up, ", tolower(v$unit)))[1 + k %% 3],
       ylab = if (ysc == 100) "Overall survival (%)" else "Proportion surviving")
  yt <- pretty(ylim); yt <- yt[yt >= ylim[1] - 1e-9 & yt <= 1 + 1e-9]
  axis(2, at = yt, labels = yt * ysc, las = 1)
  axis(1, at = br)
  legend(v$leg, legend = levs, col = v$cols, lty = v$lty, lwd = 2, bty = if (k %% 2) "n" else "o", inset = 0.03,
         cex = 0.8, bg = "white")
  nr <- summary(fit, times = br, extend = TRUE)
  mtext("Number at risk", side = 1, line = 3.8, adj = 0, at = par("usr")[1] - (par("mai")[2] - 0.1) /
        par("pin")[1] * diff(par("usr")[1:2]), font = 2, cex = 0.8)
  for (j in seq_len(m)) {
    sel <- nr$strata == paste0("arm=", levs[j])
    mtext(nr$n.risk[sel], side = 1, line = 3.8 + 1.1 * j, at = nr$time[sel], cex = 0.8,
          col = if (k %% 2) v$cols[j] else "black")
    mtext(levs[j], side = 1, line = 3.8 + 1.1 * j, at = -0.04 * max(br), adj = 1, col = v$cols[j], cex = 0.8)
  }
  dev.off()
  save_truth(name, d, levs, "baser", br)
}
cat("done\n")
