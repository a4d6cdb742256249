# A sixth held-out set of Kaplan-Meier test figures ("held_out_6", names h6_*), from data none of the earlier
# sets draws: Pbc3 and cost (pec), colrec and rdata (relsurv), Aids2 (MASS), wpbc (TH.data), photocar and
# ocarcinoma (coin), csl (timereg, one row a patient), drug6mp (KMsurv), and patient data simulated with their
# own seeds (exponential hazards under a gamma frailty, a three-piece hazard, log-logistic times, staggered
# entry with an administrative cut-off, small arms of 25-40, four gamma arms; 2-4 arms).
# Styles: survminer with ggplot2's grey panel (theme_gray), theme_linedraw, theme_pubclean, theme_classic2 and
# theme_survminer; palettes nejm, jama, d3, futurama, startrek, locuszoom, igv, jco, lancet, Set1, Set2 and
# greys; risk tables with counts, "abs_pct" and "nrisk_cumevents", in the arms' colours or in black, with the
# arm names or colour bars, theme_cleantable; legends at the left, hidden, at the bottom or inside; CI ribbons
# and steps; censor marks "|", "+", "x" and circles or none; xscale "d_y" and "d_m"; a title, a subtitle and a
# caption, a log-rank p value, a hazard-ratio text annotated inside the plot; base R plot(survfit) with a main
# title, grid lines, an HR text, the legend outside the axes or inside, at-risk rows in colour or black under
# an "At risk" header; 100-300 dpi, PNG and JPEG quality 75.
# Run from the repository root:
#   Rscript tests/digitize/generate/gen_heldout6_r.R
# Writes tests/digitize/figures/h6_<name>.png|jpg, .csv (arm,time,status) and .json like gen_r.R.  The
# at-risk times written are the columns the figure prints (survminer's own table data, or the base R breaks),
# in the unit the axis prints: where xscale rescales the axis (days shown as months or years) the patient
# times and at-risk times are written in the printed unit.  Where an x limit cuts the tail the patient data
# are still all written: the curve beyond the limit is not drawn.
suppressPackageStartupMessages({library(survival); library(survminer); library(jsonlite)})
out <- "tests/digitize/figures"
source("tests/digitize/generate/truth.R")  # save_truth(), sim_arms() and pkg_data(), shared by the R generators

# exponential times under a gamma frailty of variance `v` (a Lomax law: the hazard falls with time)
frail <- function(rate, v) function(n) rexp(n, rate * rgamma(n, 1 / v, 1 / v))
# a hazard h1 up to c1, h2 up to c2, h3 after
pw3 <- function(h, cuts) function(n) {
  e <- rexp(n, h[1]); a <- e > cuts[1]; e[a] <- cuts[1] + rexp(sum(a), h[2])
  b <- e > cuts[2]; e[b] <- cuts[2] + rexp(sum(b), h[3]); e }
llogis <- function(shape, scale) function(n) { u <- runif(n); scale * (u / (1 - u))^(1 / shape) }
gam <- function(shape, scale) function(n) rgamma(n, shape, scale = scale)
# staggered entry over `accrual` months and an analysis at `cut` months: censored at cut - entry, and some
# lost to follow-up at a constant rate
staggered <- function(seed, n, rates, accrual, cut, loss, labs) {
  set.seed(seed)
  rows <- lapply(seq_along(labs), function(k) {
    e <- rexp(n[k], rates[k]); entry <- runif(n[k], 0, accrual); lost <- rexp(n[k], loss)
    cz <- pmin(cut - entry, lost)
    data.frame(time = pmin(e, cz), status = as.integer(e <= cz), arm = labs[k])
  })
  do.call(rbind, rows)
}

sets <- list(
  pbc3 = function() { d <- pkg_data("Pbc3", "pec"); data.frame(time = d$days, status = as.integer(d$status > 0),
                      arm = ifelse(d$tment == 1, "Cyclosporin", "Placebo")) },
  cost = function() { d <- pkg_data("cost", "pec"); data.frame(time = d$time, status = d$status,
                      arm = ifelse(d$atrialFib == "yes", "Atrial fibrillation", "Sinus rhythm")) },
  colrec = function() { d <- pkg_data("colrec", "relsurv"); d <- d[d$stage != "99" & d$time > 0, ]
                        data.frame(time = d$time, status = d$stat, arm = paste("Stage", d$stage)) },
  rdata = function() { d <- pkg_data("rdata", "relsurv"); d <- d[d$time > 0, ]
                       data.frame(time = d$time, status = d$cens, arm = paste("Age", as.character(d$agegr))) },
  aids2 = function() { d <- pkg_data("Aids2", "MASS"); d$time <- d$death - d$diag; d <- d[d$time > 0, ]
                       lab <- c(NSW = "New South Wales", VIC = "Victoria", QLD = "Queensland", Other = "Other")
                       data.frame(time = d$time, status = as.integer(d$status == "D"),
                                  arm = unname(lab[as.character(d$state)])) },
  wpbc = function() { d <- pkg_data("wpbc", "TH.data"); d <- d[!is.na(d$pnodes), ]
                      data.frame(time = d$time, status = as.integer(d$status == "R"),
                                 arm = ifelse(d$pnodes > 3, "More than 3 nodes", "0-3 nodes")) },
  photocar = function() { d <- pkg_data("photocar", "coin"); data.frame(time = d$time, status = as.integer(d$event),
                          arm = paste("Group", d$group)) },
  ocarcinoma = function() { d <- pkg_data("ocarcinoma", "coin"); data.frame(time = d$time,
                            status = as.integer(d$event), arm = paste("FIGO stage", d$stadium)) },
  csl = function() { d <- pkg_data("csl", "timereg"); d <- d[!duplicated(d$id), ]
                     data.frame(time = d$eventT, status = d$dc, arm = ifelse(d$treat == 1, "Prednisone", "Placebo")) },
  drug6mp = function() { d <- pkg_data("drug6mp", "KMsurv")
                         rbind(data.frame(time = d$t1, status = 1L, arm = "Placebo"),
                               data.frame(time = d$t2, status = d$relapse, arm = "6-MP")) },
  sim_frail = function() sim_arms(6101, c(330, 335), list(frail(1 / 14, 1.2), frail(1 / 22, 1.2)), c(18, 66),
                                  c("Standard therapy", "New therapy")),
  sim_pw3 = function() sim_arms(6202, c(270, 265, 280), list(pw3(c(1 / 30, 1 / 8, 1 / 20), c(6, 18)),
                                pw3(c(1 / 30, 1 / 12, 1 / 24), c(6, 18)), pw3(c(1 / 30, 1 / 18, 1 / 30), c(6, 18))),
                                c(24, 60), c("Regimen A", "Regimen B", "Regimen C")),
  sim_llog = function() sim_arms(6303, c(210, 220), list(llogis(2.3, 16), llogis(2.3, 23)), c(20, 54),
                                 c("Radiotherapy alone", "Chemoradiotherapy")),
  sim_stagger = function() staggered(6404, c(450, 455), c(1 / 26, 1 / 36), 30, 54, 1 / 400,
                                     c("Observation", "Active treatment")),
  sim_small = function() sim_arms(6505, c(28, 34), list(function(n) rexp(n, 1 / 9), function(n) rexp(n, 1 / 17)),
                                  c(10, 40), c("Group I", "Group II")),
  sim_gam4 = function() sim_arms(6606, c(140, 150, 135, 145), list(gam(1.6, 6), gam(1.6, 8), gam(1.6, 10.5),
                                 gam(1.6, 14)), c(12, 50), c("Q1", "Q2", "Q3", "Q4"))
)

device <- function(file, w, h, dpi) {
  if (grepl("jpg$", file)) jpeg(file, width = w, height = h, units = "in", res = dpi, quality = 75)
  else png(file, width = w, height = h, units = "in", res = dpi)
}
hr_label <- function(d, levs) {
  f <- coxph(Surv(time, status) ~ I(arm == levs[2]), data = d[d$arm %in% levs[1:2], ])
  ci <- exp(confint(f)); sprintf("HR %.2f (95%% CI %.2f-%.2f)", exp(coef(f)), ci[1], ci[2])
}

# -- survminer ---------------------------------------------------------------------------------------------
theme_of <- function(name, family, size) switch(name,
  gray = theme_gray(base_family = family, base_size = size),
  linedraw = theme_linedraw(base_family = family, base_size = size),
  pubclean = theme_pubclean(base_family = family, base_size = size),
  classic2 = theme_classic2(base_family = family, base_size = size),
  theme_survminer(base_family = family, font.main = size + 2, font.x = size, font.y = size,
                  font.tickslab = size - 1, font.legend = size - 1))
sv <- list(
  list(set = "pbc3", dpi = 150, ext = "png", pal = "nejm", legend = "top", theme = "gray", family = "sans",
       size = 11, table = "absolute", by = 365, shape = "|", unit = "Days", xscale = "d_y", title = TRUE,
       hr = TRUE),
  list(set = "cost", dpi = 120, ext = "jpg", pal = "jama", legend = c(0.8, 0.88), theme = "linedraw",
       family = "serif", size = 12, table = "abs_pct", by = 730.5, shape = "+", unit = "Days", xscale = "d_y",
       pval = TRUE),
  list(set = "colrec", dpi = 110, ext = "png", pal = "d3", legend = "left", theme = "pubclean", family = "sans",
       size = 11, table = "absolute", col = "strata", by = 1461, shape = "", unit = "Days", xscale = "d_y",
       conf = "ribbon", w = 8.4),
  list(set = "rdata", dpi = 200, ext = "png", pal = "futurama", legend = "bottom", theme = "classic2",
       family = "sans", size = 10, table = "absolute", by = 1095.75, shape = "|", unit = "Days", xscale = "d_y",
       clean = TRUE, col = "strata"),
  list(set = "aids2", dpi = 130, ext = "png", pal = "startrek", legend = c(0.78, 0.8), theme = "survminer",
       family = "sans", size = 12, table = "absolute", by = 365.25, shape = "", unit = "Days", xscale = "d_m",
       bars = TRUE, title = TRUE, col = "strata", h = 7),
  list(set = "wpbc", dpi = 180, ext = "png", pal = "locuszoom", legend = "none", theme = "gray", family = "serif",
       size = 11, table = "absolute", by = 12, shape = 4, unit = "Months", col = "strata", conf = "step",
       pval = TRUE),
  list(set = "photocar", dpi = 160, ext = "jpg", pal = "igv", legend = "right", theme = "linedraw",
       family = "sans", size = 11, table = "nrisk_cumevents", by = 10, shape = "|", unit = "Weeks",
       w = 8, h = 7),
  list(set = "ocarcinoma", dpi = 140, ext = "png", pal = c("black", "grey55"), legend = c(0.75, 0.9),
       theme = "classic2", family = "serif", size = 12, table = "absolute", by = 500, shape = 1, unit = "Days",
       lt = TRUE, hr = TRUE),
  list(set = "csl", dpi = 250, ext = "png", pal = "jco", legend = "top", theme = "pubclean", family = "sans",
       size = 10, table = "absolute", by = 2, shape = "+", unit = "Years", conf = "ribbon", title = TRUE,
       pval = TRUE, w = 6.4),
  list(set = "sim_frail", dpi = 100, ext = "png", pal = "lancet", legend = "bottom", theme = "survminer",
       family = "mono", size = 12, table = "absolute", by = 12, shape = "|", unit = "Months", pct = TRUE,
       hr = TRUE, w = 7.6),
  list(set = "sim_pw3", dpi = 170, ext = "jpg", pal = "Set1", legend = c(0.82, 0.75), theme = "gray",
       family = "sans", size = 11, table = "nrisk_cumevents", col = "strata", by = 12, shape = "+",
       unit = "Months", title = TRUE),
  list(set = "sim_llog", dpi = 300, ext = "png", pal = c("#2F4F4F", "#B22222"), legend = "top", theme = "classic2",
       family = "sans", size = 9, table = "absolute", by = 6, shape = "|", unit = "Months", median = "hv",
       conf = "ribbon", w = 5.4, h = 5.8),
  list(set = "sim_stagger", dpi = 140, ext = "png", pal = "Set2", legend = c(0.82, 0.85), theme = "linedraw",
       family = "sans", size = 11, table = "absolute", by = 6, shape = "|", unit = "Months", hr = TRUE,
       pval = TRUE, clean = TRUE),
  list(set = "sim_small", dpi = 120, ext = "png", pal = c("grey15", "grey60"), legend = "right", theme = "pubclean",
       family = "serif", size = 13, table = "absolute", by = 5, shape = "+", unit = "Months", lt = TRUE),
  list(set = "sim_gam4", dpi = 190, ext = "jpg", pal = "nejm", legend = "top", theme = "survminer",
       family = "sans", size = 10, table = "absolute", by = 6, shape = "|", unit = "Months", col = "strata",
       title = TRUE, h = 7.2, xlim = 48),
  list(set = "drug6mp", dpi = 150, ext = "png", pal = "lancet", legend = c(0.8, 0.85), theme = "classic2",
       family = "sans", size = 12, table = "absolute", by = 5, shape = "|", unit = "Weeks", pct = TRUE,
       pval = TRUE)
)
for (k in seq_along(sv)) {
  v <- sv[[k]]; d <- sets[[v$set]]()
  levs <- sort(unique(d$arm)); if (v$set %in% c("sim_pw3", "sim_gam4", "drug6mp", "aids2")) levs <- unique(d$arm)
  d$arm <- factor(d$arm, levels = levs)
  fit <- survfit(Surv(time, status) ~ arm, data = d)
  name <- sprintf("h6_sm_%02d_%s", k, v$set)
  shown <- if (is.null(v$xscale)) v$unit else if (v$xscale == "d_y") "Years" else "Months"
  args <- list(fit, data = d, risk.table = v$table, conf.int = !is.null(v$conf), palette = v$pal,
               legend = v$legend, legend.labs = levs, legend.title = if (k %% 3 == 0) "" else "Arm",
               break.time.by = v$by, xlab = if (k %% 2) paste0("Time (", tolower(shown), ")") else shown,
               censor = v$shape != "", size = c(0.6, 0.9, 1.2)[1 + k %% 3], censor.size = 3 + (k %% 3),
               surv.scale = if (isTRUE(v$pct)) "percent" else "default", pval = isTRUE(v$pval),
               surv.median.line = if (is.null(v$median)) "none" else v$median,
               tables.height = 0.2 + 0.04 * length(levs), ggtheme = theme_of(v$theme, v$family, v$size),
               fontsize = if (k %% 2) 3.4 else 3.9, font.family = v$family,
               font.x = c(v$size, "plain"), font.y = c(v$size, "plain"), font.tickslab = c(v$size - 1, "plain"),
               font.legend = c(v$size - 1, "plain"),
               ylab = c("Survival probability", "Overall survival", "Event-free probability")[1 + k %% 3])
  if (v$shape != "") args$censor.shape <- v$shape
  if (!is.null(v$conf)) args$conf.int.style <- v$conf
  if (!is.null(v$col)) args$risk.table.col <- v$col
  if (!is.null(v$xscale)) args$xscale <- v$xscale
  if (isTRUE(v$bars)) { args$risk.table.y.text <- FALSE; args$risk.table.y.text.col <- TRUE }
  if (isTRUE(v$clean)) args$tables.theme <- theme_cleantable()
  if (isTRUE(v$lt)) args$linetype <- "strata"
  if (!is.null(v$xlim)) args$xlim <- c(0, v$xlim)
  if (isTRUE(v$title)) {
    args$title <- c("Overall survival", "Time to progression", "Freedom from relapse")[1 + k %% 3]
    if (k %% 2) args$subtitle <- paste0("n = ", nrow(d), ", ", sum(d$status), " events")
    else args$caption <- "Kaplan-Meier estimates"
  }
  p <- do.call(ggsurvplot, args)
  if (isTRUE(v$hr)) {  # the hazard ratio printed inside the plot, clear of the curves' start
    xr <- if (is.null(v$xlim)) max(d$time) else v$xlim
    p$plot <- p$plot + annotate("text", x = 0.02 * xr, y = 0.06,  # on the 0-1 scale, a percent axis too
                                label = hr_label(d, levs), hjust = 0, size = 3.6, family = v$family)
  }
  file <- file.path(out, paste0(name, ".", v$ext))
  device(file, if (is.null(v[["w"]])) 7 else v[["w"]], if (is.null(v[["h"]])) 6.2 else v[["h"]], v$dpi)
  print(p); dev.off()
  printed <- sort(unique(p$table$data$time))
  if (!is.null(v$xlim)) printed <- printed[printed <= v$xlim]
  f <- if (is.null(v$xscale)) 1 else if (v$xscale == "d_y") 365.25 else 30.4375
  d$time <- d$time / f
  save_truth(name, d, levs, "survminer", printed / f)
}

# -- base R plot(survfit), a main title, grid lines and an HR text, mtext at-risk rows ------------------------
bv <- list(
  list(set = "pbc3", dpi = 160, ext = "png", cols = c("#E7298A", "#1B9E77"), lty = c(1, 1), leg = "outside",
       unit = "Years", div = 365.25, by = 1, pch = 3, grid = TRUE, hr = TRUE, colnum = TRUE),
  list(set = "colrec", dpi = 110, ext = "jpg", cols = c("grey10", "grey40", "grey65"), lty = c(1, 2, 4),
       leg = "topright", unit = "Years", div = 365.25, by = 2, pch = NA, xmax = 12, pct = TRUE),
  list(set = "sim_frail", dpi = 220, ext = "png", cols = c("#D55E00", "#0072B2"), lty = c(1, 1), leg = "bottomleft",
       unit = "Months", by = 12, pch = "|", grid = TRUE, colnum = TRUE, main = TRUE),
  list(set = "rdata", dpi = 130, ext = "png", cols = c("#1B9E77", "#D95F02", "#7570B3", "#E7298A"),
       lty = c(1, 1, 1, 1), leg = "topright", unit = "Years", div = 365.25, by = 3, pch = NA, main = TRUE,
       colnum = TRUE, h = 6.2),
  list(set = "csl", dpi = 180, ext = "png", cols = c("black", "black"), lty = c(1, 3), leg = "topright",
       unit = "Years", by = 2, pch = 4, hr = TRUE, serif = TRUE),
  list(set = "aids2", dpi = 100, ext = "png", cols = c("#E41A1C", "#377EB8"), lty = c(1, 1), leg = "outside",
       unit = "Months", div = 30.4375, by = 12, pch = NA, only = c("New South Wales", "Victoria"), grid = TRUE,
       colnum = TRUE, w = 8),
  list(set = "sim_stagger", dpi = 260, ext = "jpg", cols = c("#08306B", "#6BAED6"), lty = c(1, 1),
       leg = "bottomleft", unit = "Months", by = 6, pch = 3, pct = TRUE, ylim = c(30, 100), main = TRUE)
)
for (k in seq_along(bv)) {
  v <- bv[[k]]; d <- sets[[v$set]]()
  if (!is.null(v$only)) d <- d[d$arm %in% v$only, ]
  levs <- if (is.null(v$only)) sort(unique(d$arm)) else v$only
  d$arm <- factor(d$arm, levels = levs)
  if (!is.null(v$div)) d$time <- d$time / v$div
  fit <- survfit(Surv(time, status) ~ arm, data = d); m <- length(levs)
  name <- sprintf("h6_br_%02d_%s", k, v$set)
  file <- file.path(out, paste0(name, ".", v$ext))
  out_leg <- v$leg == "outside"
  device(file, if (is.null(v[["w"]])) 7.2 else v[["w"]], if (is.null(v[["h"]])) 5.8 else v[["h"]], v$dpi)
  lw <- max(strwidth(levs, units = "inches", cex = 0.85)) / par("csi")  # label width in lines
  par(mar = c(4 + 1.15 * m + 1.4, max(5, lw + 2.5), if (isTRUE(v$main)) 3 else 1.5, if (out_leg) lw + 3 else 1.2),
      mgp = c(2.7, 0.7, 0), family = if (isTRUE(v$serif)) "serif" else "sans", las = 1)
  xmax <- if (is.null(v$xmax)) max(d$time) else v$xmax
  br <- seq(0, xmax, by = v$by)
  ysc <- if (isTRUE(v$pct)) 100 else 1
  ylim <- if (is.null(v$ylim)) c(0, 1) else v$ylim / 100
  if (!is.null(v$ylim)) ylim[1] <- min(ylim[1], floor(10 * min(fit$surv[fit$time <= max(br)])) / 10)
  plot(fit, col = v$cols, lty = v$lty, lwd = if (k %% 2) 2 else 1.4, mark.time = !is.na(v$pch),
       mark = if (is.na(v$pch)) 3 else v$pch, xaxt = "n", yaxt = "n", ylim = ylim, bty = if (k %% 2) "o" else "l",
       xlim = c(0, max(br)), xlab = c(paste0("Years from diagnosis"), paste0("Time (", tolower(v$unit), ")"),
       paste0(v$unit, " after randomisation"))[1 + k %% 3], ylab = if (ysc == 100) "Survival (%)" else "Survival",
       main = if (isTRUE(v$main)) c("Overall survival", "Disease-specific survival")[1 + k %% 2] else "")
  yt <- pretty(ylim); yt <- yt[yt >= ylim[1] - 1e-9 & yt <= 1 + 1e-9]
  if (isTRUE(v$grid)) abline(h = yt, v = br, col = "grey88", lty = 1)
  if (isTRUE(v$grid)) lines(fit, col = v$cols, lty = v$lty, lwd = if (k %% 2) 2 else 1.4,
                            mark.time = !is.na(v$pch), mark = if (is.na(v$pch)) 3 else v$pch)
  axis(2, at = yt, labels = yt * ysc)
  axis(1, at = br)
  if (out_leg) {
    legend(par("usr")[2] + 0.02 * diff(par("usr")[1:2]), par("usr")[4], legend = levs, col = v$cols, lty = v$lty,
           lwd = 2, bty = "n", cex = 0.85, xpd = TRUE)
  } else {
    legend(v$leg, legend = levs, col = v$cols, lty = v$lty, lwd = 2, bty = if (k %% 2) "o" else "n",
           inset = 0.02, cex = 0.85, bg = "white")
  }
  # the HR text at the top right beside a legend outside the axes, else at the bottom right
  if (isTRUE(v$hr)) text(max(br) * 0.98, if (out_leg) ylim[2] - 0.1 * diff(ylim) else ylim[1] + 0.06 * diff(ylim),
                         hr_label(d, levs), adj = 1, cex = 0.85)
  nr <- summary(fit, times = br, extend = TRUE)
  mtext("At risk", side = 1, line = 4, adj = 0, at = par("usr")[1] - (par("mai")[2] - 0.1) /
        par("pin")[1] * diff(par("usr")[1:2]), font = 2, cex = 0.85)
  for (j in seq_len(m)) {
    sel <- nr$strata == paste0("arm=", levs[j])
    mtext(nr$n.risk[sel], side = 1, line = 4 + 1.15 * j, at = nr$time[sel], cex = 0.85,
          col = if (isTRUE(v$colnum)) v$cols[j] else "black")
    mtext(levs[j], side = 1, line = 4 + 1.15 * j, at = -0.07 * max(br), adj = 1, cex = 0.85,
          col = if (isTRUE(v$colnum)) v$cols[j] else "black")
  }
  dev.off()
  save_truth(name, d, levs, "baser", br)
}
cat("done\n")
