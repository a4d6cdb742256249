# An eighth held-out set of Kaplan-Meier test figures ("held_out_8", names h8_*), from data none of the earlier
# sets draws: Melanoma (MASS; by ulceration, and by tumour thickness in three groups), gastric (survMisc),
# diabetes (timereg; laser-treated against untreated eyes), kidrecurr (KMsurv; first infection by sex), and
# patient data simulated with their own seeds under shapes the earlier R sets do not draw (a Gompertz hazard
# rising with time in four arms, a gamma with shape 2, a mixture of a fast and a slow exponential, a
# log-logistic, a plateau then a late fall; 2-4 arms).
# Styles: survminer with theme_classic2 and theme_cleveland (ggpubr), theme_dark, theme_bw without a grid,
# theme_minimal with horizontal grid lines only, theme_linedraw with a bold frame; fonts URW Bookman,
# URW Gothic, Nimbus Sans Narrow, C059 and P052; palettes Set1, Dark2 and hand-chosen ones; risk
# tables with counts, "n (events)" (nrisk_cumevents) and "n (censored)" (nrisk_cumcensor), a censored-count
# panel under the table, a median survival line; legends at the bottom, the left, inside or hidden; CI
# ribbons and CI steps; censor marks "|", "+", triangles, diamonds or none; days shown as months or years,
# weeks; percent axes; titles, log-rank p values, HR texts inside.  Base R plot(survfit) with other par()
# settings (ticks inward, axes flush with the data, a bold axis label, a box open at the top, a shaded
# background), an "n (events)" at-risk block by mtext, dashed CI steps, a legend at the bottom with a title;
# 100-300 dpi, PNG and JPEG quality 75.
# Run from the repository root:
#   Rscript tests/digitize/generate/gen_heldout8_r.R
# Writes tests/digitize/figures/h8_<name>.png|jpg, .csv (arm,time,status) and .json like gen_r.R.  The
# at-risk times written are the columns the figure prints (survminer's own table data, or the base R breaks),
# in the unit the axis prints: where xscale rescales the axis (days shown as months or years) the patient
# times and at-risk times are written in the printed unit.  Where an x limit cuts the tail the patient data
# are still all written: the curve beyond the limit is not drawn.
suppressPackageStartupMessages({library(survival); library(survminer); library(jsonlite)})
out <- "tests/digitize/figures"
source("tests/digitize/generate/truth.R")  # save_truth(), sim_arms() and pkg_data(), shared by the R generators

# Gompertz(shape b, rate a): a hazard a * exp(b t) rising with time, drawn by inversion
gomp <- function(a, b) function(n) log(1 - b / a * log(runif(n))) / b
gam2 <- function(scale) function(n) rgamma(n, shape = 2, scale = scale)
# a share p with a fast exponential (mean m1), the others a slow one (mean m2)
mix <- function(p, m1, m2) function(n) ifelse(runif(n) < p, rexp(n, 1 / m1), rexp(n, 1 / m2))
# log-logistic(scale a, shape b) by inversion
llog <- function(a, b) function(n) { u <- runif(n); a * (u / (1 - u))^(1 / b) }
# almost no events for `lag` months (hazard h0), then a hazard h1
plateau <- function(h0, h1, lag) function(n) { e <- rexp(n, h0); a <- e > lag; e[a] <- lag + rexp(sum(a), h1); e }

sets <- list(
  melanoma = function() { d <- pkg_data("Melanoma", "MASS")
                          data.frame(time = d$time, status = as.integer(d$status == 1),
                                     arm = ifelse(d$ulcer == 1, "Ulcerated", "Not ulcerated")) },
  thick = function() { d <- pkg_data("Melanoma", "MASS")
                       g <- cut(d$thickness, c(0, 1, 3, Inf), labels = c("Up to 1 mm", "1-3 mm", "Over 3 mm"))
                       data.frame(time = d$time, status = as.integer(d$status == 1), arm = as.character(g)) },
  gastric = function() { d <- pkg_data("gastric", "survMisc")
                         data.frame(time = d$time, status = as.integer(d$event),
                                    arm = ifelse(d$group == 0, "Chemotherapy", "Chemo + radiotherapy")) },
  diabetes = function() { d <- pkg_data("diabetes", "timereg")
                          data.frame(time = d$time, status = d$status,
                                     arm = ifelse(d$treat == 1, "Laser", "Untreated")) },
  kidrecurr = function() { d <- pkg_data("kidrecurr", "KMsurv")
                           data.frame(time = d$time1, status = d$infect1,
                                      arm = ifelse(d$gender == 1, "Male", "Female")) },
  sim_gomp = function() sim_arms(8101, c(220, 230, 215, 225), list(gomp(0.010, 0.05), gomp(0.008, 0.05),
                                 gomp(0.006, 0.05), gomp(0.004, 0.05)), c(24, 60),
                                 c("Arm A", "Arm B", "Arm C", "Arm D")),
  sim_gamma = function() sim_arms(8202, c(280, 290), list(gam2(9), gam2(13)), c(20, 60), c("Observation", "Adjuvant")),
  sim_mix = function() sim_arms(8303, c(330, 320, 340), list(mix(0.5, 3, 40), mix(0.35, 3, 40), mix(0.2, 3, 40)),
                                c(18, 54), c("Poor", "Intermediate", "Good")),
  sim_llog = function() sim_arms(8404, c(160, 170), list(llog(14, 2.2), llog(22, 2.2)), c(30, 96),
                                 c("Standard dose", "High dose")),
  sim_plateau = function() sim_arms(8505, c(410, 400), list(plateau(1 / 300, 1 / 14, 12), plateau(1 / 300, 1 / 24, 12)),
                                    c(30, 72), c("Control", "Experimental"))
)
thin_first <- c("Up to 1 mm", "1-3 mm", "Over 3 mm")
ordered <- c("thick", "sim_gomp", "sim_gamma", "sim_mix", "sim_llog", "sim_plateau")  # arms in the order drawn

device <- function(file, w, h, dpi) {
  if (grepl("jpg$", file)) jpeg(file, width = w, height = h, units = "in", res = dpi, quality = 75, type = "cairo")
  else png(file, width = w, height = h, units = "in", res = dpi, type = "cairo")
}
hr_label <- function(d, levs) {
  f <- coxph(Surv(time, status) ~ I(arm == levs[2]), data = d[d$arm %in% levs[1:2], ])
  ci <- exp(confint(f)); sprintf("HR = %.2f [%.2f; %.2f]", exp(coef(f)), ci[1], ci[2])
}

# -- survminer ---------------------------------------------------------------------------------------------
theme_of <- function(name, family, size) switch(name,
  classic2 = theme_classic2(base_family = family, base_size = size),
  cleveland = theme_classic2(base_family = family, base_size = size) + theme_cleveland(rotate = FALSE),
  dark = theme_dark(base_family = family, base_size = size),
  bwplain = theme_bw(base_family = family, base_size = size) + theme(panel.grid = element_blank()),
  hgrid = theme_minimal(base_family = family, base_size = size) +
    theme(panel.grid.major.x = element_blank(), panel.grid.minor = element_blank(),
          axis.line.x = element_line(colour = "black"), axis.ticks = element_line(colour = "black")),
  linedraw = theme_linedraw(base_family = family, base_size = size) +
    theme(panel.border = element_rect(linewidth = 1.2, fill = NA), panel.grid.minor = element_blank()))
sv <- list(
  list(set = "melanoma", dpi = 150, ext = "png", pal = "Set1", legend = "bottom", theme = "classic2",
       family = "URW Bookman", size = 11, table = "nrisk_cumcensor", by = 730.5, shape = "|", unit = "Days",
       xscale = "d_y", pval = TRUE),
  list(set = "sim_gomp", dpi = 130, ext = "png", pal = c("#1B9E77", "#D95F02", "#7570B3", "#E7298A"),
       legend = "left", theme = "bwplain", family = "URW Gothic", size = 11, table = "absolute", by = 12,
       shape = "+", unit = "Months", w = 8.6, h = 7),
  list(set = "gastric", dpi = 200, ext = "jpg", pal = c("#2C7BB6", "#D7191C"), legend = c(0.7, 0.85),
       theme = "hgrid", family = "Nimbus Sans Narrow", size = 12, table = "nrisk_cumevents", by = 365.25,
       shape = 17, unit = "Days", xscale = "d_m", pct = TRUE, hr = TRUE, title = TRUE),
  list(set = "sim_gamma", dpi = 110, ext = "png", pal = "Dark2", legend = "top", theme = "dark",
       family = "sans", size = 12, table = "absolute", by = 6, shape = "", unit = "Months", conf = "ribbon",
       median = "hv", col = "strata", clean = TRUE),
  list(set = "thick", dpi = 240, ext = "png", pal = c("#4DAF4A", "#FF7F00", "#984EA3"), legend = "none",
       theme = "linedraw", family = "C059", size = 10, table = "absolute", by = 730.5, shape = 18,
       unit = "Days", xscale = "d_y", title = TRUE, col = "strata", w = 6.6, h = 6.6),
  list(set = "diabetes", dpi = 170, ext = "png", pal = "grey", legend = c(0.85, 0.93), theme = "cleveland",
       family = "P052", size = 11, table = "nrisk_cumevents", by = 12, shape = "|", unit = "Months",
       lt = TRUE, pval = TRUE, ncensor = TRUE, h = 7.6),
  list(set = "sim_mix", dpi = 300, ext = "png", pal = c("#D53E4F", "#3288BD", "#66A61E"), legend = "bottom", theme = "hgrid",
       family = "URW Gothic", size = 9, table = "nrisk_cumcensor", by = 6, shape = "|", unit = "Months",
       pct = TRUE, w = 6.6, h = 6),
  list(set = "sim_llog", dpi = 140, ext = "jpg", pal = c("#8C510A", "#01665E"), legend = c(0.8, 0.8),
       theme = "classic2", family = "Nimbus Sans Narrow", size = 12, table = "absolute", by = 4.348 * 13,
       shape = "+", unit = "Weeks", conf = "step", hr = TRUE, title = TRUE, weeks = TRUE, xlim = 96 * 4.348),
  list(set = "kidrecurr", dpi = 190, ext = "png", pal = c("#E41A1C", "#377EB8"), legend = "top", theme = "bwplain",
       family = "P052", size = 12, table = "nrisk_cumevents", by = 100, shape = 15, unit = "Days",
       median = "hv", col = "strata"),
  list(set = "sim_plateau", dpi = 100, ext = "png", pal = c("#000000", "#E69F00"), legend = "left",
       theme = "linedraw", family = "sans", size = 13, table = "absolute", by = 12, shape = "|", unit = "Months",
       hr = TRUE, clean = TRUE, w = 9),
  list(set = "melanoma", dpi = 220, ext = "jpg", pal = c("#7B3294", "#008837"), legend = c(0.25, 0.2),
       theme = "dark", family = "URW Bookman", size = 10, table = "nrisk_cumevents", by = 365.25 / 12 * 18,
       shape = "", unit = "Days", xscale = "d_m", conf = "ribbon", pct = TRUE, title = TRUE)
)
for (k in seq_along(sv)) {
  v <- sv[[k]]; d <- sets[[v$set]]()
  levs <- if (v$set == "thick") thin_first else if (v$set %in% ordered) unique(d$arm) else sort(unique(d$arm))
  d$arm <- factor(d$arm, levels = levs)
  if (isTRUE(v$weeks)) d$time <- d$time * 4.348  # simulated months shown in weeks
  fit <- survfit(Surv(time, status) ~ arm, data = d)
  name <- sprintf("h8_sm_%02d_%s", k, v$set)
  shown <- if (is.null(v$xscale)) v$unit else if (v$xscale == "d_y") "Years" else "Months"
  by <- if (isTRUE(v$weeks)) 52 else v$by
  args <- list(fit, data = d, risk.table = v$table, conf.int = !is.null(v$conf), palette = v$pal,
               legend = v$legend, legend.labs = levs, legend.title = if (k %% 2) "Strata" else "",
               break.time.by = by, xlab = if (k %% 2) shown else paste0("Follow-up, ", tolower(shown)),
               censor = v$shape != "", size = c(0.7, 1, 0.5)[1 + k %% 3], censor.size = 2.5 + (k %% 3),
               surv.scale = if (isTRUE(v$pct)) "percent" else "default", pval = isTRUE(v$pval),
               surv.median.line = if (is.null(v$median)) "none" else v$median,
               tables.height = 0.2 + 0.04 * length(levs), ggtheme = theme_of(v$theme, v$family, v$size),
               fontsize = if (k %% 2) 3.6 else 3.2, font.family = v$family,
               font.x = c(v$size, "bold"), font.y = c(v$size, "plain"), font.tickslab = c(v$size - 1, "plain"),
               font.legend = c(v$size - 1, "plain"), risk.table.title = c("At risk", "Number at risk (n)")[1 + k %% 2],
               ylab = c("Overall survival", "Event-free probability", "Survival")[1 + k %% 3])
  if (v$shape != "") args$censor.shape <- v$shape
  if (!is.null(v$conf)) args$conf.int.style <- v$conf
  if (!is.null(v$col)) args$risk.table.col <- v$col
  if (!is.null(v$xscale)) args$xscale <- v$xscale
  if (isTRUE(v$clean)) args$tables.theme <- theme_cleantable() + theme(panel.background = element_rect(fill = "white"))
  if (isTRUE(v$lt)) args$linetype <- "strata"
  if (isTRUE(v$ncensor)) { args$ncensor.plot <- TRUE; args$ncensor.plot.height <- 0.15 }
  if (!is.null(v$xlim)) args$xlim <- c(0, v$xlim)
  if (isTRUE(v$title)) args$title <- c("Kaplan-Meier survival", "Time to progression", "Survival by group")[1 + k %% 3]
  p <- do.call(ggsurvplot, args)
  if (isTRUE(v$hr)) {  # the hazard ratio printed inside the plot
    xr <- if (is.null(v$xlim)) max(d$time) else v$xlim
    left <- is.numeric(v$legend) && v$legend[1] > 0.5
    inside <- is.numeric(v$legend)  # else at the top right, clear of the curves' tails
    p$plot <- p$plot + annotate("text", x = if (left) 0.02 * xr else 0.98 * xr, y = if (inside) 0.05 else 0.96,
                                label = hr_label(d, levs), hjust = if (left) 0 else 1, size = 3.5,
                                family = v$family)  # y on the 0-1 scale, a percent axis too
  }
  file <- file.path(out, paste0(name, ".", v$ext))
  device(file, if (is.null(v[["w"]])) 7.4 else v[["w"]], if (is.null(v[["h"]])) 6.6 else v[["h"]], v$dpi)
  print(p); dev.off()
  printed <- sort(unique(p$table$data$time))
  if (!is.null(v$xlim)) printed <- printed[printed <= v$xlim]
  f <- if (is.null(v$xscale)) 1 else if (v$xscale == "d_y") 365.25 else 30.4375
  d$time <- d$time / f
  save_truth(name, d, levs, "survminer", printed / f)
}

# -- base R plot(survfit) under other par() settings, "n (events)" at-risk rows by mtext ----------------------
bv <- list(
  list(set = "gastric", dpi = 160, ext = "png", cols = c("#1F78B4", "#E31A1C"), lty = c(1, 1), leg = "topright",
       unit = "Years", div = 365.25, by = 1, pch = 3, inward = TRUE, flush = TRUE, events = TRUE),
  list(set = "sim_gomp", dpi = 130, ext = "png", cols = c("black", "#B2182B", "#2166AC", "#4D9221"),
       lty = c(1, 2, 4, 1), leg = "bottom", unit = "Months", by = 12, pch = NA, pct = TRUE, boxu = TRUE,
       family = "URW Bookman", w = 8),
  list(set = "diabetes", dpi = 210, ext = "jpg", cols = c("#542788", "#B35806"), lty = c(1, 1), leg = "bottomleft",
       unit = "Months", by = 12, pch = "|", ci = TRUE, shade = TRUE, events = TRUE, ylim = c(0.3, 1)),
  list(set = "thick", dpi = 120, ext = "png", cols = c("grey10", "grey40", "grey65"), lty = c(1, 2, 3),
       leg = "topright", unit = "Years", div = 365.25, by = 2, pch = 1, inward = TRUE, bold = TRUE,
       family = "Nimbus Sans Narrow"),
  list(set = "sim_mix", dpi = 250, ext = "png", cols = c("#D73027", "#FC8D59", "#4575B4"), lty = c(1, 1, 1),
       leg = "bottom", unit = "Weeks", mult = 4.348, by = 52, pch = NA, flush = TRUE, events = TRUE, pct = TRUE,
       family = "URW Gothic", w = 7.8, h = 6.2),
  list(set = "kidrecurr", dpi = 180, ext = "jpg", cols = c("#006D2C", "#A50F15"), lty = c(1, 5), leg = "topright",
       unit = "Days", by = 100, pch = 4, boxu = TRUE, bold = TRUE, xmax = 600)
)
for (k in seq_along(bv)) {
  v <- bv[[k]]; d <- sets[[v$set]]()
  levs <- if (v$set == "thick") thin_first else if (v$set %in% ordered) unique(d$arm) else sort(unique(d$arm))
  d$arm <- factor(d$arm, levels = levs)
  if (!is.null(v$div)) d$time <- d$time / v$div
  if (!is.null(v$mult)) d$time <- d$time * v$mult
  fit <- survfit(Surv(time, status) ~ arm, data = d); m <- length(levs)
  name <- sprintf("h8_br_%02d_%s", k, v$set)
  file <- file.path(out, paste0(name, ".", v$ext))
  bottom_leg <- v$leg == "bottom"
  device(file, if (is.null(v[["w"]])) 7.4 else v[["w"]], if (is.null(v[["h"]])) 6 else v[["h"]], v$dpi)
  fam <- if (is.null(v$family)) "sans" else v$family
  par(family = fam, cex = 0.95)
  lw <- max(strwidth(levs, units = "inches", cex = 0.85)) / par("csi")  # label width in lines
  par(mar = c(4.2 + 1.2 * m + 1.6, max(5, lw + 2.5), 2.2, 1.5), mgp = c(2.5, 0.5, 0), las = 1,
      tcl = if (isTRUE(v$inward)) 0.35 else -0.4, font.lab = if (isTRUE(v$bold)) 2 else 1,
      xaxs = if (isTRUE(v$flush)) "i" else "r", yaxs = if (isTRUE(v$flush)) "i" else "r",
      bg = if (isTRUE(v$shade)) "#F4F1EA" else "white")
  xmax <- if (is.null(v$xmax)) max(d$time) else v$xmax
  br <- seq(0, xmax, by = v$by)
  if (max(br) < xmax) br <- c(br, max(br) + v$by)
  ysc <- if (isTRUE(v$pct)) 100 else 1
  ylim <- if (is.null(v$ylim)) c(0, 1) else v$ylim
  if (!is.null(v$ylim)) ylim[1] <- min(ylim[1], floor(10 * min(fit$lower[fit$time <= max(br)], na.rm = TRUE)) / 10)
  if (isTRUE(v$flush)) ylim[2] <- 1.02
  lwd <- if (k %% 2) 1.8 else 2.4
  plot(fit, col = v$cols, lty = v$lty, lwd = lwd, mark.time = !is.na(v$pch),
       mark = if (is.na(v$pch)) 3 else v$pch, xaxt = "n", yaxt = "n", ylim = ylim, conf.int = isTRUE(v$ci),
       bty = if (isTRUE(v$boxu)) "u" else if (k %% 2) "l" else "o", xlim = c(0, max(br)),
       xlab = c(paste0("Time since randomization (", tolower(v$unit), ")"), v$unit,
                paste0(v$unit, " after treatment"))[1 + k %% 3],
       ylab = if (ysc == 100) "Percent surviving" else "Probability of survival")
  if (isTRUE(v$shade)) { u <- par("usr"); rect(u[1], u[3], u[2], u[4], col = "white", border = NA)
                         lines(fit, col = v$cols, lty = v$lty, lwd = lwd, conf.int = isTRUE(v$ci),
                               mark.time = !is.na(v$pch), mark = if (is.na(v$pch)) 3 else v$pch); box(bty = "o") }
  yt <- pretty(ylim); yt <- yt[yt >= ylim[1] - 1e-9 & yt <= 1 + 1e-9]
  axis(2, at = yt, labels = if (ysc == 100) paste0(yt * 100, "%") else format(yt))
  axis(1, at = br, labels = format(br))
  legend(if (bottom_leg) "bottomleft" else v$leg, legend = levs, col = v$cols, lty = v$lty, lwd = 2,
         bty = if (k %% 2) "n" else "o", inset = 0.02, cex = 0.8, bg = "white",
         title = if (bottom_leg) "Risk group" else NULL, ncol = if (bottom_leg) 2 else 1,
         title.adj = 0)
  nr <- summary(fit, times = br, extend = TRUE)
  mtext(if (isTRUE(v$events)) "No. at risk (events)" else "No. at risk", side = 1, line = 4.2, adj = 0,
        at = par("usr")[1] - (par("mai")[2] - 0.1) / par("pin")[1] * diff(par("usr")[1:2]), font = 2, cex = 0.8)
  for (j in seq_len(m)) {
    sel <- nr$strata == paste0("arm=", levs[j])
    ev <- cumsum(nr$n.event[sel])  # the events up to each column
    txt <- if (isTRUE(v$events)) sprintf("%d (%d)", nr$n.risk[sel], ev) else nr$n.risk[sel]
    mtext(txt, side = 1, line = 4.2 + 1.2 * j, at = nr$time[sel], cex = 0.8, col = v$cols[j])
    mtext(levs[j], side = 1, line = 4.2 + 1.2 * j, at = -0.06 * max(br), adj = 1, cex = 0.8, col = v$cols[j])
  }
  dev.off()
  save_truth(name, d, levs, "baser", br)
}
cat("done\n")
