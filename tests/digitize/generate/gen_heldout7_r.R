# A seventh held-out set of Kaplan-Meier test figures ("held_out_7", names h7_*), from data none of the earlier
# sets draws: BRCAOV.survInfo and BMT (survminer), hohnloser (coin), leuk (MASS), psych and allograft (KMsurv),
# and patient data simulated with their own seeds (crossing curves, a Weibull under a cure fraction, heavy early
# censoring, a log-normal long tail, a hazard that drops after a delay, large arms with a small difference;
# 2-3 arms).
# Styles: survminer with theme_test, theme_bw with a dashed grid, theme_light, theme_minimal with axis lines and
# theme_survminer; palettes grey, jco, Paired, Accent, and hand-chosen lancet-, aaas- and
# okabe-like colours; risk tables with counts, "n (events)" (nrisk_cumevents) and percentages, in colour or
# black; legends at the top, at the right, hidden or inside; CI ribbons; censor marks "|", "+", "x", dots or
# none; days shown as months or years (xscale), percent axes; a title, a log-rank p value, an HR text inside
# the plot; base R plot(survfit) with a framed legend, an HR text at the top, at-risk rows by mtext under a
# "Number at risk" header, a percent axis and a y axis from 20%; 100-300 dpi, PNG and JPEG quality 75.
# Run from the repository root:
#   Rscript tests/digitize/generate/gen_heldout7_r.R
# Writes tests/digitize/figures/h7_<name>.png|jpg, .csv (arm,time,status) and .json like gen_r.R.  The
# at-risk times written are the columns the figure prints (survminer's own table data, or the base R breaks),
# in the unit the axis prints: where xscale rescales the axis (days shown as months or years) the patient
# times and at-risk times are written in the printed unit.  Where an x limit cuts the tail the patient data
# are still all written: the curve beyond the limit is not drawn.
suppressPackageStartupMessages({library(survival); library(survminer); library(jsonlite)})
out <- "tests/digitize/figures"
source("tests/digitize/generate/truth.R")  # save_truth(), sim_arms() and pkg_data(), shared by the R generators


# arm 1 of `cross` loses a share `p` early (mean 1.5 months), the rest exponential of mean `late`
cross <- function(p, late) function(n) ifelse(runif(n) < p, rexp(n, 1 / 1.5), rexp(n, 1 / late))
# a cured share, the others Weibull(shape, scale)
wcure <- function(p, shape, scale) function(n) ifelse(runif(n) < p, Inf, rweibull(n, shape, scale))
lnorm <- function(mu, s) function(n) rlnorm(n, mu, s)
# the same hazard h0 for `lag` months, h1 after
delay <- function(h0, h1, lag) function(n) { e <- rexp(n, h0); a <- e > lag; e[a] <- lag + rexp(sum(a), h1); e }
# heavy early censoring: half the patients followed over (0, 12) months, the others over `follow`
early_cens <- function(seed, n, gen, follow, labs) {
  set.seed(seed)
  rows <- lapply(seq_along(labs), function(k) {
    e <- gen[[k]](n[k]); short <- runif(n[k]) < 0.5
    cz <- ifelse(short, runif(n[k], 0, 12), runif(n[k], follow[1], follow[2]))
    data.frame(time = pmin(e, cz), status = as.integer(e <= cz), arm = labs[k])
  })
  do.call(rbind, rows)
}

sets <- list(
  brcaov = function() { d <- pkg_data("BRCAOV.survInfo", "survminer"); d <- d[d$times > 0, ]
                        data.frame(time = d$times, status = as.integer(d$patient.vital_status),
                                   arm = ifelse(d$admin.disease_code == "brca", "Breast", "Ovary")) },
  bmt = function() { d <- pkg_data("BMT", "survminer")
                     data.frame(time = d$ftime, status = as.integer(d$status == 1),
                                arm = ifelse(d$dis == 0, "ALL", "AML")) },
  hohnloser = function() { d <- pkg_data("hohnloser", "coin")
                           data.frame(time = d$time, status = d$event,
                                      arm = ifelse(d$EF < 40, "EF below 40%", "EF 40% or more")) },
  leuk = function() { d <- pkg_data("leuk", "MASS")
                      data.frame(time = d$time, status = 1L, arm = paste("AG", as.character(d$ag))) },
  psych = function() { d <- pkg_data("psych", "KMsurv")
                       data.frame(time = d$time, status = d$death, arm = ifelse(d$sex == 1, "Male", "Female")) },
  allograft = function() { d <- pkg_data("allograft", "KMsurv")
                           data.frame(time = d$time, status = d$rejection,
                                      arm = ifelse(d$match == 1, "HLA matched", "Not matched")) },
  sim_cross = function() sim_arms(7101, c(310, 300), list(function(n) rexp(n, 1 / 22), cross(0.25, 60)),
                                  c(18, 66), c("Medical therapy", "Surgery")),
  sim_cure = function() sim_arms(7202, c(230, 240, 235), list(wcure(0.2, 1.4, 14), wcure(0.35, 1.4, 16),
                                 wcure(0.5, 1.4, 18)), c(30, 90), c("Low", "Medium", "High")),
  sim_early = function() early_cens(7303, c(260, 270), list(function(n) rexp(n, 1 / 30), function(n) rexp(n, 1 / 45)),
                                    c(24, 72), c("Control", "Vaccine")),
  sim_lnorm = function() sim_arms(7404, c(180, 190), list(lnorm(2.7, 1.4), lnorm(3.2, 1.4)), c(36, 150),
                                  c("Wild type", "Mutant")),
  sim_delay = function() sim_arms(7505, c(350, 345, 355), list(delay(1 / 16, 1 / 16, 4), delay(1 / 16, 1 / 26, 4),
                                  delay(1 / 16, 1 / 36, 4)), c(20, 54), c("Placebo", "Dose 1", "Dose 2")),
  sim_big = function() sim_arms(7606, c(1100, 1120), list(function(n) rweibull(n, 0.9, 40),
                                function(n) rweibull(n, 0.9, 46)), c(24, 84), c("Standard", "Intensified"))
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
  test = theme_test(base_family = family, base_size = size),
  bwdash = theme_bw(base_family = family, base_size = size) +
    theme(panel.grid.major = element_line(linetype = "dashed", colour = "grey80"), panel.grid.minor = element_blank()),
  light = theme_light(base_family = family, base_size = size),
  minimal = theme_minimal(base_family = family, base_size = size) + theme(axis.line = element_line(colour = "grey30")),
  theme_survminer(base_family = family, font.main = size + 2, font.x = size, font.y = size,
                  font.tickslab = size - 1, font.legend = size - 1))
sv <- list(
  list(set = "brcaov", dpi = 140, ext = "png", pal = "jco", legend = "top", theme = "test", family = "sans",
       size = 11, table = "absolute", by = 730.5, shape = "|", unit = "Days", xscale = "d_y", hr = TRUE),
  list(set = "bmt", dpi = 200, ext = "png", pal = "grey", legend = c(0.8, 0.85), theme = "bwdash", family = "serif",
       size = 12, table = "nrisk_cumevents", by = 12, shape = "+", unit = "Months", pval = TRUE),
  list(set = "hohnloser", dpi = 120, ext = "jpg", pal = c("#00468B", "#ED0000"), legend = "right", theme = "light",
       family = "sans", size = 11, table = "absolute", by = 10, shape = "", unit = "Months", col = "strata",
       conf = "ribbon", w = 8.2),
  list(set = "leuk", dpi = 160, ext = "png", pal = "Paired", legend = c(0.75, 0.8), theme = "minimal",
       family = "sans", size = 12, table = "absolute", by = 26, shape = "|", unit = "Weeks", title = TRUE),
  list(set = "psych", dpi = 250, ext = "png", pal = c("#E69F00", "#0072B2"), legend = "top", theme = "survminer",
       family = "mono", size = 10, table = "nrisk_cumevents", by = 5, shape = 16, unit = "Years", pct = TRUE,
       w = 6, h = 6.4),
  list(set = "allograft", dpi = 110, ext = "png", pal = "Accent", legend = "none", theme = "test", family = "serif",
       size = 12, table = "absolute", by = 20, shape = "+", unit = "Days", col = "strata", pval = TRUE),
  list(set = "sim_cross", dpi = 180, ext = "jpg", pal = c("#42B540", "#925E9F"), legend = c(0.75, 0.88),
       theme = "bwdash",
       family = "sans", size = 10, table = "nrisk_cumevents", by = 12, shape = "|", unit = "Months", hr = TRUE,
       title = TRUE, h = 7),
  list(set = "sim_cure", dpi = 130, ext = "png", pal = c("#3B4992", "#EE0000", "#008B45"), legend = "right",
       theme = "light", family = "sans", size = 11, table = "absolute", by = 12, shape = 4, unit = "Months",
       conf = "ribbon", col = "strata", w = 8.6, h = 6.6),
  list(set = "sim_early", dpi = 300, ext = "png", pal = "jco", legend = "top", theme = "minimal", family = "sans",
       size = 9, table = "absolute", by = 12, shape = "|", unit = "Months", pct = TRUE, w = 5.6, h = 5.6),
  list(set = "sim_lnorm", dpi = 100, ext = "png", pal = "grey", legend = c(0.8, 0.8), theme = "survminer",
       family = "serif", size = 13, table = "absolute", by = 24, shape = "+", unit = "Months", lt = TRUE,
       xlim = 144, w = 8),
  list(set = "sim_delay", dpi = 150, ext = "jpg", pal = c("#1B1919", "#AD002A", "#0099B4"), legend = "top",
       theme = "test", family = "sans", size = 11, table = "nrisk_cumevents", col = "strata", by = 6, shape = "",
       unit = "Months", title = TRUE, pval = TRUE, h = 7.4),
  list(set = "sim_big", dpi = 170, ext = "png", pal = "Paired", legend = c(0.8, 0.9), theme = "bwdash",
       family = "sans", size = 11, table = "absolute", by = 12, shape = "", unit = "Months", hr = TRUE,
       clean = TRUE),
  list(set = "brcaov", dpi = 210, ext = "png", pal = c("#D55E00", "#009E73"), legend = "right", theme = "survminer",
       family = "sans", size = 10, table = "absolute", by = 365.25, shape = "|", unit = "Days", xscale = "d_m",
       pct = TRUE, xlim = 4383, col = "strata", w = 8.4),
  list(set = "hohnloser", dpi = 140, ext = "png", pal = "grey", legend = "none", theme = "minimal", family = "serif",
       size = 12, table = "nrisk_cumevents", by = 12, shape = "|", unit = "Months", lt = TRUE, title = TRUE)
)
for (k in seq_along(sv)) {
  v <- sv[[k]]; d <- sets[[v$set]]()
  levs <- sort(unique(d$arm))  # the simulated arms in the order drawn
  if (v$set %in% c("sim_cure", "sim_delay", "sim_cross", "sim_early", "sim_big")) levs <- unique(d$arm)
  d$arm <- factor(d$arm, levels = levs)
  fit <- survfit(Surv(time, status) ~ arm, data = d)
  name <- sprintf("h7_sm_%02d_%s", k, v$set)
  shown <- if (is.null(v$xscale)) v$unit else if (v$xscale == "d_y") "Years" else "Months"
  args <- list(fit, data = d, risk.table = v$table, conf.int = !is.null(v$conf), palette = v$pal,
               legend = v$legend, legend.labs = levs, legend.title = if (k %% 3 == 1) "" else "Group",
               break.time.by = v$by, xlab = if (k %% 2) paste0("Time (", tolower(shown), ")") else shown,
               censor = v$shape != "", size = c(0.6, 0.9, 1.2)[1 + k %% 3], censor.size = 3 + (k %% 3),
               surv.scale = if (isTRUE(v$pct)) "percent" else "default", pval = isTRUE(v$pval),
               surv.median.line = if (is.null(v$median)) "none" else v$median,
               tables.height = 0.2 + 0.04 * length(levs), ggtheme = theme_of(v$theme, v$family, v$size),
               fontsize = if (k %% 2) 3.4 else 3.9, font.family = v$family,
               font.x = c(v$size, "plain"), font.y = c(v$size, "plain"), font.tickslab = c(v$size - 1, "plain"),
               font.legend = c(v$size - 1, "plain"),
               ylab = c("Probability of survival", "Proportion without relapse", "Cumulative survival")[1 + k %% 3])
  if (v$shape != "") args$censor.shape <- v$shape
  if (!is.null(v$conf)) args$conf.int.style <- v$conf
  if (!is.null(v$col)) args$risk.table.col <- v$col
  if (!is.null(v$xscale)) args$xscale <- v$xscale
  if (isTRUE(v$bars)) { args$risk.table.y.text <- FALSE; args$risk.table.y.text.col <- TRUE }
  if (isTRUE(v$clean)) args$tables.theme <- theme_cleantable()
  if (isTRUE(v$lt)) args$linetype <- "strata"
  if (!is.null(v$xlim)) args$xlim <- c(0, v$xlim)
  if (isTRUE(v$title)) {
    args$title <- c("Survival from diagnosis", "Relapse-free survival", "Time to death")[1 + k %% 3]
    if (k %% 2) args$subtitle <- paste0("n = ", nrow(d), ", ", sum(d$status), " events")
    else args$caption <- "Kaplan-Meier estimates"
  }
  p <- do.call(ggsurvplot, args)
  if (isTRUE(v$hr)) {  # the hazard ratio printed inside the plot: at the top right, or at the bottom left
    xr <- if (is.null(v$xlim)) max(d$time) else v$xlim  # when the legend is inside (top right)
    inside <- is.numeric(v$legend)
    p$plot <- p$plot + annotate("text", x = if (inside) 0.02 * xr else 0.98 * xr, y = if (inside) 0.06 else 0.94,
                                label = hr_label(d, levs), hjust = if (inside) 0 else 1, size = 3.6,
                                family = v$family)  # y on the 0-1 scale, a percent axis too
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

# -- base R plot(survfit), a framed or outside legend, an HR text, mtext at-risk rows under a header ----------
bv <- list(
  list(set = "brcaov", dpi = 150, ext = "png", cols = c("#0072B5", "#BC3C29"), lty = c(1, 1), leg = "bottomleft",
       unit = "Years", div = 365.25, by = 2, pch = 3, hr = TRUE, colnum = TRUE, main = TRUE),
  list(set = "sim_cure", dpi = 120, ext = "jpg", cols = c("black", "grey45", "grey70"), lty = c(1, 2, 3),
       leg = "topright", unit = "Months", by = 12, pch = NA, pct = TRUE, ylim = c(20, 100)),
  list(set = "leuk", dpi = 230, ext = "png", cols = c("#7876B1", "#20854E"), lty = c(1, 1), leg = "topright",
       unit = "Weeks", by = 20, pch = NA, grid = TRUE, serif = TRUE),
  list(set = "sim_early", dpi = 100, ext = "png", cols = c("#E64B35", "#4DBBD5"), lty = c(1, 1), leg = "bottomleft",
       unit = "Months", by = 12, pch = "|", colnum = TRUE, hr = TRUE, w = 8.2),
  list(set = "bmt", dpi = 190, ext = "png", cols = c("black", "black"), lty = c(1, 5), leg = "topright",
       unit = "Months", by = 12, pch = 1, main = TRUE, pct = TRUE),
  list(set = "sim_lnorm", dpi = 140, ext = "jpg", cols = c("#631879", "#008280"), lty = c(1, 1), leg = "topright",
       unit = "Years", div = 12, by = 2, pch = 3, grid = TRUE, colnum = TRUE, xmax = 12),
  list(set = "allograft", dpi = 170, ext = "png", cols = c("#D95F02", "#1B9E77"), lty = c(1, 2), leg = "outside",
       unit = "Days", by = 10, pch = 3, xmax = 100, serif = TRUE)
)
for (k in seq_along(bv)) {
  v <- bv[[k]]; d <- sets[[v$set]]()
  if (!is.null(v$only)) d <- d[d$arm %in% v$only, ]
  levs <- if (is.null(v$only)) sort(unique(d$arm)) else v$only
  d$arm <- factor(d$arm, levels = levs)
  if (!is.null(v$div)) d$time <- d$time / v$div
  fit <- survfit(Surv(time, status) ~ arm, data = d); m <- length(levs)
  name <- sprintf("h7_br_%02d_%s", k, v$set)
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
       xlim = c(0, max(br)), xlab = c(paste0(v$unit, " from entry"), paste0("Time (", tolower(v$unit), ")"),
       paste0(v$unit, " of follow-up"))[1 + k %% 3], ylab = if (ysc == 100) "Survival (%)" else "Survival",
       main = if (isTRUE(v$main)) c("Survival", "Freedom from relapse")[1 + k %% 2] else "")
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
  if (isTRUE(v$hr)) text(max(br) * 0.98, ylim[2] - 0.04 * diff(ylim), hr_label(d, levs), adj = 1, cex = 0.85)
  nr <- summary(fit, times = br, extend = TRUE)
  mtext("Number at risk", side = 1, line = 4, adj = 0, at = par("usr")[1] - (par("mai")[2] - 0.1) /
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
