# A ninth held-out set of Kaplan-Meier test figures ("held_out_9", names h9_*), from data none of the earlier
# sets draws: cml (multcomp; chronic myeloid leukaemia by treatment regimen, by risk group and by sex), DLBCL
# (ipred; diffuse large B-cell lymphoma by gene-expression subgroup and by IPI), and patient data simulated with
# their own seeds under shapes the earlier sets do not draw (a bathtub hazard from two competing Weibulls, an
# inverse-Gaussian first-passage time, a wear-out normal time, a Birnbaum-Saunders time, a hazard with a
# transient hump, a Gompertz-Makeham hazard; 2-4 arms).
# Styles: survminer with theme_bw, theme_classic, theme_minimal with axis lines, ggpubr's theme_pubr with a
# border, and a theme with ticks inward; fonts Nimbus Sans, Nimbus Roman, Liberation Serif, Liberation Sans,
# DejaVu Serif and Bitstream Vera Serif; palettes from the ends of the diverging RdBu, BrBG and PuOr scales,
# other hand-chosen ones and grey with line types; risk tables in the strata colours, a table drawn inside the
# plot (risk.table.pos = "in"), tables under theme_minimal or a clean table with a bold-italic title, table
# heights from 0.18 to 0.34 of the figure; break.time.by 9 and 15 months, 250 and 500 days, 3 and 4 years; x
# limits that cut the tail, percent axes, censor marks "*", open squares, open diamonds, down triangles and "|";
# legends inside at the top right, at the right, at the bottom in two rows, or hidden.  Base R plot(survfit)
# with a detached axes box (bty = "n"), y labels parallel to the axis (las = 0), minor x ticks between the
# labelled ones, the at-risk block right under the tick labels with the axis title below it, shaded CI bands
# drawn by polygon(), median lines, a horizontal legend above the plot; 100-300 dpi, PNG and JPEG quality 75.
# Run from the repository root:
#   Rscript tests/digitize/generate/gen_heldout9_r.R
# Writes tests/digitize/figures/h9_<name>.png|jpg, .csv (arm,time,status) and .json like gen_r.R.  The at-risk
# times written are the columns the figure prints (survminer's own table data, or the base R breaks), in the
# unit the axis prints: where xscale rescales the axis (days shown as years) the patient times and at-risk
# times are written in the printed unit.  Where an x limit cuts the tail the patient data are still all
# written: the curve beyond the limit is not drawn.
suppressPackageStartupMessages({library(survival); library(survminer); library(jsonlite)})
out <- "tests/digitize/figures"
source("tests/digitize/generate/truth.R")  # save_truth(), sim_arms() and pkg_data(), shared by the R generators

# bathtub hazard: the earlier of a Weibull with a falling hazard (shape 0.5) and one with a rising hazard
bathtub <- function(s1, s2) function(n) pmin(rweibull(n, 0.5, s1), rweibull(n, 3.5, s2))
# inverse Gaussian (mean mu, shape lam) by the Michael-Schucany-Haas transformation
invgauss <- function(mu, lam) function(n) {
  y <- rnorm(n)^2; x <- mu + mu^2 * y / (2 * lam) - mu / (2 * lam) * sqrt(4 * mu * lam * y + mu^2 * y^2)
  ifelse(runif(n) <= mu / (mu + x), x, mu^2 / x)
}
# wear-out: a normal time around `m` (sd s), drawn again where it falls below 0.1
wearout <- function(m, s) function(n) { t <- rnorm(n, m, s); while (any(t < 0.1)) t[t < 0.1] <- rnorm(sum(t < 0.1), m, s); t }
# Birnbaum-Saunders(alpha, beta)
bsaund <- function(a, b) function(n) { z <- rnorm(n); b * (a * z / 2 + sqrt((a * z / 2)^2 + 1))^2 }
# a base hazard h0 with a transient hump (height h1 around month mu, sd s), drawn by thinning
hump <- function(h0, h1, mu, s) function(n) {
  hmax <- h0 + h1; sapply(seq_len(n), function(i) { t <- 0
    repeat { t <- t + rexp(1, hmax); if (runif(1) < (h0 + h1 * exp(-(t - mu)^2 / (2 * s^2))) / hmax) return(t) } })
}
# Gompertz-Makeham: a constant hazard c plus a * exp(b t): the earlier of an exponential and a Gompertz time
makeham <- function(c, a, b) function(n) pmin(rexp(n, c), log(1 - b / a * log(runif(n))) / b)

sets <- list(
  cml_trt = function() { d <- pkg_data("cml", "multcomp")
                         data.frame(time = d$time, status = as.integer(d$status),
                                    arm = c("Regimen A", "Regimen B", "Regimen C")[as.integer(d$treatment)]) },
  cml_risk = function() { d <- pkg_data("cml", "multcomp")
                          data.frame(time = d$time, status = as.integer(d$status),
                                     arm = c("Low risk", "Intermediate risk", "High risk")[as.integer(d$riskgroup)]) },
  cml_sex = function() { d <- pkg_data("cml", "multcomp")
                         data.frame(time = d$time, status = as.integer(d$status),
                                    arm = ifelse(d$sex == "1", "Men", "Women")) },
  dlbcl = function() { d <- pkg_data("DLBCL", "ipred")
                       data.frame(time = d$time, status = d$cens,
                                  arm = ifelse(d$Gene.Expression == "GC B-Like", "GCB", "ABC")) },
  dlbcl_ipi = function() { d <- pkg_data("DLBCL", "ipred"); d <- d[!is.na(d$IPI), ]
                           data.frame(time = d$time, status = d$cens,
                                      arm = c("IPI 0-1", "IPI 0-1", "IPI 2", "IPI 3-4", "IPI 3-4")[d$IPI + 1]) },
  sim_bath = function() sim_arms(9101, c(260, 250, 270), list(bathtub(40, 30), bathtub(70, 36), bathtub(120, 42)),
                                 c(24, 60), c("Cohort 1", "Cohort 2", "Cohort 3")),
  sim_ig = function() sim_arms(9202, c(310, 300), list(invgauss(14, 20), invgauss(22, 25)), c(18, 48),
                               c("Standard care", "Intensified")),
  sim_wear = function() sim_arms(9303, c(180, 190), list(wearout(26, 9), wearout(34, 11)), c(30, 60),
                                 c("Device I", "Device II")),
  sim_bs = function() sim_arms(9404, c(150, 140, 160, 155), list(bsaund(1.1, 8), bsaund(1.1, 12), bsaund(1.1, 17),
                               bsaund(1.1, 24)), c(24, 72), c("Stage IV", "Stage III", "Stage II", "Stage I")),
  sim_hump = function() sim_arms(9505, c(360, 350), list(hump(0.012, 0.05, 6, 2), hump(0.012, 0.02, 6, 2)),
                                 c(24, 54), c("Control", "Prophylaxis")),
  sim_mak = function() sim_arms(9606, c(240, 230, 235), list(makeham(0.01, 0.01, 0.05), makeham(0.01, 0.006, 0.05),
                                makeham(0.01, 0.003, 0.05)), c(36, 84), c("Placebo", "Low dose", "High dose"))
)
ordered <- c("cml_risk", "dlbcl_ipi", "sim_bath", "sim_ig", "sim_wear", "sim_bs", "sim_hump", "sim_mak")
levels_of <- function(set, d) {
  if (set == "cml_risk") c("Low risk", "Intermediate risk", "High risk")
  else if (set == "dlbcl_ipi") c("IPI 0-1", "IPI 2", "IPI 3-4")
  else if (set %in% ordered) unique(d$arm) else sort(unique(d$arm))
}

device <- function(file, w, h, dpi) {
  if (grepl("jpg$", file)) jpeg(file, width = w, height = h, units = "in", res = dpi, quality = 75, type = "cairo")
  else png(file, width = w, height = h, units = "in", res = dpi, type = "cairo")
}

# -- survminer ---------------------------------------------------------------------------------------------
theme_of <- function(name, family, size) switch(name,
  bw = theme_bw(base_family = family, base_size = size) + theme(panel.grid.minor = element_blank()),
  classic = theme_classic(base_family = family, base_size = size),
  minimal = theme_minimal(base_family = family, base_size = size) +
    theme(axis.ticks = element_line(colour = "grey30"), axis.line = element_line(colour = "grey30")),
  pubrb = theme_pubr(base_family = family, base_size = size, border = TRUE),
  inward = theme_classic(base_family = family, base_size = size) +
    theme(axis.ticks.length = unit(-0.15, "cm"), axis.text.x = element_text(margin = margin(t = 6)),
          axis.text.y = element_text(margin = margin(r = 6))))
table_theme <- function(name, family, size) switch(name,
  minimal = theme_minimal(base_family = family, base_size = size) +
    theme(panel.grid.minor = element_blank(), panel.grid.major.y = element_blank()),
  bolditalic = theme_cleantable(base_family = family) + theme(plot.title = element_text(face = "bold.italic", size = size)))
sv <- list(
  list(set = "cml_trt", dpi = 150, ext = "png", pal = c("#1F4E79", "#C55A11", "#548235"), legend = c(0.88, 0.85),
       theme = "bw", family = "Nimbus Sans", size = 11, table = "absolute", by = 3 * 365.25, shape = "|",
       xscale = "d_y", xlim = 18 * 365.25, tcol = TRUE, th = 0.26),
  list(set = "cml_risk", dpi = 200, ext = "png", pal = c("#D53E4F", "#F46D43", "#3288BD"), legend = "right", theme = "classic",
       family = "Nimbus Roman", size = 12, table = "nrisk_cumevents", by = 4 * 365.25, shape = 8, xscale = "d_y",
       xlim = 20 * 365.25, th = 0.3, pval = TRUE),
  list(set = "dlbcl", dpi = 120, ext = "png", pal = c("#B2182B", "#2166AC"), legend = "top", theme = "pubrb", family = "Liberation Serif",
       size = 12, table = "absolute", by = 15, shape = 0, conf = "ribbon", th = 0.2, median = "hv"),
  list(set = "sim_bath", dpi = 240, ext = "png", pal = c("#3B3B3B", "#3B3B3B", "#3B3B3B"), legend = "bottom",
       theme = "inward", family = "Liberation Sans", size = 10, table = "absolute", by = 9, shape = "",
       lt = TRUE, th = 0.28, ttheme = "minimal"),
  list(set = "sim_ig", dpi = 170, ext = "jpg", pal = c("#8C510A", "#01665E"), legend = c(0.8, 0.9), theme = "minimal",
       family = "DejaVu Serif", size = 11, table = "nrisk_cumcensor", by = 9, shape = 5, pct = TRUE,
       th = 0.22, tcol = TRUE),
  list(set = "cml_sex", dpi = 110, ext = "png", pal = c("#E66101", "#5E3C99"), legend = "none", theme = "bw", family = "Bitstream Vera Serif",
       size = 12, table = "absolute", by = 500, shape = 6, th = 0.18, tcol = TRUE, ylab_days = TRUE, xlim = 5000),
  list(set = "sim_wear", dpi = 300, ext = "png", pal = c("#00468B", "#ED0000"), legend = c(0.2, 0.25),
       theme = "pubrb", family = "Nimbus Sans", size = 9, table = "absolute", by = 15, shape = "|", conf = "step",
       inside = TRUE, w = 6.4, h = 5),
  list(set = "sim_bs", dpi = 130, ext = "png", pal = c("#D7191C", "#FDAE61", "#5AAE61", "#2B83BA"), legend = "bottom",
       theme = "classic", family = "Liberation Sans", size = 11, table = "nrisk_cumevents", by = 12, shape = 8,
       th = 0.34, ttheme = "bolditalic", tcol = TRUE, h = 7.6, rows2 = TRUE),
  list(set = "dlbcl_ipi", dpi = 190, ext = "jpg", pal = "grey", legend = c(0.85, 0.88), theme = "inward",
       family = "Nimbus Roman", size = 12, table = "absolute", by = 15, shape = "|", lt = TRUE, th = 0.24,
       xlim = 120),
  list(set = "sim_hump", dpi = 100, ext = "png", pal = c("#7B2D26", "#1B5E20"), legend = "top", theme = "minimal",
       family = "Liberation Serif", size = 13, table = "nrisk_cumevents", by = 9, shape = 0, pct = TRUE, th = 0.2,
       ttheme = "minimal", hr = TRUE, w = 8.2),
  list(set = "sim_mak", dpi = 220, ext = "png", pal = c("#4D4D4D", "#E08214", "#542788"), legend = c(0.15, 0.25),
       theme = "bw", family = "DejaVu Serif", size = 10, table = "absolute", by = 15, shape = 5, conf = "ribbon",
       th = 0.26, tcol = TRUE, xlim = 75, ttheme = "bolditalic"),
  list(set = "cml_risk", dpi = 160, ext = "jpg", pal = c("#2166AC", "#F4A582", "#B2182B"), legend = "bottom",
       theme = "pubrb", family = "Bitstream Vera Serif", size = 10, table = "nrisk_cumcensor", by = 250, shape = "",
       xlim = 3000, th = 0.3, pval = TRUE, w = 8)
)
for (k in seq_along(sv)) {
  v <- sv[[k]]; d <- sets[[v$set]]()
  levs <- levels_of(v$set, d)
  d$arm <- factor(d$arm, levels = levs)
  fit <- survfit(Surv(time, status) ~ arm, data = d)
  name <- sprintf("h9_sm_%02d_%s", k, v$set)
  unit <- if (v$set %in% c("cml_trt", "cml_risk", "cml_sex")) "Days" else "Months"
  shown <- if (is.null(v$xscale)) unit else "Years"
  args <- list(fit, data = d, risk.table = v$table, conf.int = !is.null(v$conf), palette = v$pal,
               legend = v$legend, legend.labs = levs, legend.title = if (k %% 3 == 0) "Group" else "",
               break.time.by = v$by, xlab = c(shown, paste0("Time since diagnosis (", tolower(shown), ")"),
                                              paste0("Follow-up, ", tolower(shown)))[1 + k %% 3],
               censor = v$shape != "", size = c(0.6, 0.9, 1.2)[1 + k %% 3], censor.size = 2 + (k %% 3),
               surv.scale = if (isTRUE(v$pct)) "percent" else "default", pval = isTRUE(v$pval),
               surv.median.line = if (is.null(v$median)) "none" else v$median,
               ggtheme = theme_of(v$theme, v$family, v$size), fontsize = c(3.3, 3.8, 3.0)[1 + k %% 3],
               font.family = v$family, font.x = c(v$size, "plain"), font.y = c(v$size, "plain"),
               font.tickslab = c(v$size - 1, "plain"), font.legend = c(v$size - 1, "plain"),
               risk.table.title = c("Number at risk", "Patients at risk", "At risk, n")[1 + k %% 3],
               ylab = c("Proportion surviving", "Overall survival probability", "Event-free survival")[1 + k %% 3])
  if (isTRUE(v$inside)) args$risk.table.pos <- "in" else args$tables.height <- v$th
  if (v$shape != "") args$censor.shape <- v$shape
  if (!is.null(v$conf)) args$conf.int.style <- v$conf
  if (isTRUE(v$tcol)) args$risk.table.col <- "strata"
  if (!is.null(v$xscale)) args$xscale <- v$xscale
  if (!is.null(v$ttheme)) args$tables.theme <- table_theme(v$ttheme, v$family, v$size)
  if (isTRUE(v$lt)) args$linetype <- "strata"
  if (!is.null(v$xlim)) args$xlim <- c(0, v$xlim)
  p <- do.call(ggsurvplot, args)
  if (isTRUE(v$rows2)) p$plot <- p$plot + guides(colour = guide_legend(nrow = 2))
  if (isTRUE(v$hr)) {  # the hazard ratio printed at the bottom left, clear of the curves
    f <- coxph(Surv(time, status) ~ I(arm == levs[2]), data = d); ci <- exp(confint(f))
    p$plot <- p$plot + annotate("text", x = 0.02 * max(d$time), y = 0.08, hjust = 0, size = 3.6, family = v$family,
                                label = sprintf("Hazard ratio %.2f (95%% CI %.2f-%.2f)", exp(coef(f)), ci[1], ci[2]))
  }
  file <- file.path(out, paste0(name, ".", v$ext))
  device(file, if (is.null(v[["w"]])) 7.4 else v[["w"]], if (is.null(v[["h"]])) 6.8 else v[["h"]], v$dpi)
  print(p); dev.off()
  xr <- if (is.null(v$xlim)) max(d$time) else v$xlim
  printed <- if (!is.null(p$table)) sort(unique(p$table$data$time)) else seq(0, xr, by = v$by)
  printed <- printed[printed <= xr + 1e-9]
  f <- if (is.null(v$xscale)) 1 else 365.25
  d$time <- d$time / f
  save_truth(name, d, levs, "survminer", printed / f)
}

# -- base R plot(survfit): detached axes, the at-risk block under the tick labels, shaded CI bands -----------
band <- function(fit, j, col) {  # the CI of stratum j as a shaded step polygon
  s <- fit[j]; tt <- c(0, s$time); lo <- c(1, s$lower); hi <- c(1, s$upper)
  ok <- !is.na(lo) & !is.na(hi); tt <- tt[ok]; lo <- lo[ok]; hi <- hi[ok]
  x <- rep(tt, each = 2)[-1]; x <- c(x, max(tt))
  polygon(c(x, rev(x)), c(rep(hi, each = 2), rev(rep(lo, each = 2))), col = adjustcolor(col, 0.18), border = NA)
}
bv <- list(
  list(set = "cml_trt", dpi = 150, ext = "png", cols = c("#08519C", "#A50F15", "#006D2C"), lty = c(1, 1, 1),
       div = 365.25, unit = "Years", by = 4, minor = 2, family = "Nimbus Sans", bty = "n", las = 0, under = TRUE,
       xmax = 24, leg = "topright", pch = 3),
  list(set = "sim_ig", dpi = 200, ext = "jpg", cols = c("grey15", "grey55"), lty = c(1, 2), unit = "Months", by = 12,
       minor = 3, family = "Liberation Serif", bty = "l", las = 1, under = TRUE, band = TRUE, median = TRUE,
       leg = "top", pch = NA),
  list(set = "sim_wear", dpi = 120, ext = "png", cols = c("#E66101", "#5E3C99"), lty = c(1, 1), unit = "Months", by = 10,
       family = "DejaVu Serif", bty = "n", las = 0, under = FALSE, band = TRUE, leg = "bottomleft", pch = 20),
  list(set = "dlbcl_ipi", dpi = 260, ext = "png", cols = c("#1B7837", "#762A83", "#E08214"), lty = c(1, 1, 1),
       unit = "Months", by = 24, minor = 12, family = "Bitstream Vera Serif", bty = "o", las = 1, under = TRUE,
       leg = "top", pch = 4, w = 7),
  list(set = "sim_mak", dpi = 100, ext = "png", cols = c("black", "black", "black"), lty = c(3, 2, 1),
       unit = "Months", by = 12, family = "Liberation Sans", bty = "n", las = 1, under = FALSE, median = TRUE,
       leg = "bottomleft", pch = NA, w = 8, h = 6.2),
  list(set = "sim_bath", dpi = 180, ext = "jpg", cols = c("#01665E", "#8C510A", "#C51B7D"), lty = c(1, 1, 1),
       unit = "Months", by = 6, minor = 3, family = "Nimbus Roman", bty = "l", las = 0, under = TRUE,
       leg = "top", pch = "|", xmax = 48)
)
for (k in seq_along(bv)) {
  v <- bv[[k]]; d <- sets[[v$set]]()
  levs <- levels_of(v$set, d)
  d$arm <- factor(d$arm, levels = levs)
  if (!is.null(v$div)) d$time <- d$time / v$div
  fit <- survfit(Surv(time, status) ~ arm, data = d); m <- length(levs)
  name <- sprintf("h9_br_%02d_%s", k, v$set)
  file <- file.path(out, paste0(name, ".", v$ext))
  device(file, if (is.null(v[["w"]])) 7.4 else v[["w"]], if (is.null(v[["h"]])) 6.4 else v[["h"]], v$dpi)
  par(family = v$family, cex = 0.95)
  lw <- max(strwidth(levs, units = "inches", cex = 0.85)) / par("csi")  # label width in lines
  # under: the at-risk rows right under the tick labels and the axis title below them; else title, then rows
  first <- if (v$under) 2.6 else 4.4
  par(mar = c(first + 1.15 * m + if (v$under) 3 else 1.2, max(5, lw + 2), if (v$leg == "top") 3.6 else 1.8, 1.5),
      mgp = c(if (v$las == 0) 2.8 else 3.3, 0.7, 0), las = v$las, tcl = -0.4)
  xmax <- if (is.null(v$xmax)) max(d$time) else v$xmax
  br <- seq(0, xmax, by = v$by)
  if (max(br) < xmax && is.null(v$xmax)) br <- c(br, max(br) + v$by)
  lwd <- if (k %% 2) 2 else 1.6
  mk <- !is.na(v$pch)
  plot(fit, col = v$cols, lty = v$lty, lwd = lwd, mark.time = mk, mark = if (mk) v$pch else 3, cex = 0.7,
       xaxt = "n", yaxt = "n", ylim = c(0, 1), bty = v$bty, xlim = c(0, max(br)), xlab = "",
       ylab = c("Survival probability", "Proportion event-free", "Cumulative survival")[1 + k %% 3])
  if (isTRUE(v$band)) { for (j in seq_len(m)) band(fit, j, v$cols[j])
                        lines(fit, col = v$cols, lty = v$lty, lwd = lwd, mark.time = mk, mark = if (mk) v$pch else 3) }
  axis(2, at = seq(0, 1, 0.2), labels = format(seq(0, 1, 0.2)))
  axis(1, at = br, labels = format(br))
  if (!is.null(v$minor)) axis(1, at = setdiff(seq(0, max(br), by = v$minor), br), labels = FALSE, tcl = -0.2)
  if (isTRUE(v$median)) {  # dotted lines to each arm's median where it is reached
    med <- summary(fit)$table[, "median"]; abline(h = 0.5, lty = 3, col = "grey50")
    for (j in seq_len(m)) if (!is.na(med[j])) segments(med[j], 0, med[j], 0.5, lty = 3, col = "grey50")
  }
  xlab <- c(paste0(v$unit, " since randomisation"), paste0("Time (", tolower(v$unit), ")"), v$unit)[1 + k %% 3]
  title(xlab = xlab, line = if (v$under) first + 1.15 * m + 1.4 else 2.4)
  if (v$leg == "top") {  # one row above the plot, outside the box
    legend("bottom", inset = c(0, 1.01), xpd = TRUE, horiz = TRUE, legend = levs, col = v$cols, lty = v$lty, lwd = 2,
           bty = "n", cex = 0.85, pch = if (mk && is.numeric(v$pch)) v$pch else NA,
           text.width = 1.3 * max(strwidth(levs, cex = 0.85)))
  } else {
    legend(v$leg, legend = levs, col = v$cols, lty = v$lty, lwd = 2, bty = if (k %% 2) "n" else "o", inset = 0.02,
           cex = 0.85, bg = "white")
  }
  nr <- summary(fit, times = br, extend = TRUE)
  left <- par("usr")[1] - (par("mai")[2] - 0.1) / par("pin")[1] * diff(par("usr")[1:2])
  mtext("Number at risk", side = 1, line = first, adj = 0, at = left, font = 2, cex = 0.8)
  for (j in seq_len(m)) {
    sel <- nr$strata == paste0("arm=", levs[j])
    mtext(nr$n.risk[sel], side = 1, line = first + 1.15 * j, at = nr$time[sel], cex = 0.8)
    mtext(levs[j], side = 1, line = first + 1.15 * j, at = left, adj = 0, cex = 0.8, col = v$cols[j])
  }
  dev.off()
  save_truth(name, d, levs, "baser", br)
}
cat("done\n")
