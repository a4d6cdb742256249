# A second held-out set of Kaplan-Meier test figures ("held_out_2", names h2_*), drawn from other data than
# gen_r.R (R datasets not used there, and patient data simulated with their own seeds from Weibull,
# piecewise-exponential, log-normal and crossing-hazard models, small and large n) and in other styles:
# survminer themes, palettes, legend positions and risk-table forms ("n (events)", coloured rows, colour
# bars instead of labels), CI ribbons and CI step lines, base R with mtext at-risk rows, grey figures with
# two and three line styles, days/months/years, percent and proportion axes, 100-300 dpi, JPEG quality 75.
# Run from the repository root:
#   Rscript tests/digitize/generate/gen_heldout2_r.R
# Writes tests/digitize/figures/h2_<name>.png|jpg, .csv (arm,time,status) and .json (arm labels in legend
# order, at-risk times, the generator's variation), like gen_r.R.
suppressPackageStartupMessages({library(survival); library(survminer); library(jsonlite)})
out <- "tests/digitize/figures"

source("tests/digitize/generate/truth.R")  # save_truth() and sim_arms(), shared by the R generators
# piecewise-exponential draws: rate r1 before cut, r2 after
pw <- function(n, r1, r2, cut) { e <- rexp(n, r1); late <- e > cut; e[late] <- cut + rexp(sum(late), r2); e }

sets <- list(
  gbsg = function() { d <- survival::gbsg; data.frame(time = d$rfstime / 30.4375, status = d$status,
                      arm = ifelse(d$hormon == 1, "Tamoxifen", "No hormone therapy")) },
  gbsg3 = function() { d <- survival::gbsg; data.frame(time = d$rfstime / 365.25, status = d$status,
                      arm = paste("Grade", d$grade)) },
  rotterdam = function() { d <- survival::rotterdam; data.frame(time = d$dtime / 365.25, status = d$death,
                      arm = ifelse(d$chemo == 1, "Chemotherapy", "No chemotherapy")) },
  leukemia = function() { d <- survival::leukemia; data.frame(time = d$time, status = d$status,
                      arm = as.character(d$x)) },
  myeloid = function() { d <- survival::myeloid; data.frame(time = d$futime / 30.4375, status = d$death,
                      arm = paste("Regimen", d$trt)) },
  mgus2 = function() { d <- survival::mgus2; data.frame(time = d$futime / 12, status = d$death,
                      arm = ifelse(d$sex == "M", "Men", "Women")) },
  nwtco = function() { d <- survival::nwtco; data.frame(time = d$edrel / 365.25, status = d$rel,
                      arm = ifelse(d$histol == 1, "Favourable histology", "Unfavourable histology")) },
  cgd = function() { d <- survival::cgd[survival::cgd$enum == 1, ]; data.frame(time = d$tstop, status = d$status,
                      arm = ifelse(d$treat == "placebo", "Placebo", "Interferon gamma")) },
  kidney = function() { d <- survival::kidney; data.frame(time = d$time, status = d$status,
                      arm = ifelse(d$sex == 1, "Male", "Female")) },
  rats = function() { d <- survival::rats[survival::rats$sex == "f", ]; data.frame(time = d$time,
                      status = d$status, arm = ifelse(d$rx == 1, "Drug", "Control")) },
  diabetic = function() { d <- survival::diabetic; data.frame(time = d$time, status = d$status,
                      arm = ifelse(d$trt == 1, "Laser", "Untreated")) },
  udca = function() { d <- survival::udca1; data.frame(time = d$futime / 365.25, status = d$status,
                      arm = ifelse(d$trt == 1, "Ursodiol", "Placebo")) },
  flchain = function() { d <- survival::flchain; data.frame(time = d$futime / 365.25, status = d$death,
                      arm = ifelse(d$sex == "F", "Female", "Male")) },
  rot3 = function() { d <- survival::rotterdam; g <- cut(d$nodes, c(-1, 0, 3, 100), labels = c("N0", "N1-3", "N4+"))
                      data.frame(time = d$rtime / 30.4375, status = d$recur, arm = as.character(g)) },
  sim_weib3 = function() sim_arms(41, c(90, 85, 95), list(function(n) rweibull(n, 0.7, 20),
                      function(n) rweibull(n, 1.3, 26), function(n) rweibull(n, 2.0, 30)), c(10, 48),
                      c("Dose 1", "Dose 2", "Dose 3")),
  sim_small = function() sim_arms(7, c(18, 22), list(function(n) rexp(n, 1 / 250), function(n) rexp(n, 1 / 520)),
                      c(300, 1100), c("Standard care", "New agent")),
  sim_pw = function() sim_arms(2718, c(240, 260), list(function(n) pw(n, 1 / 30, 1 / 30, 6),
                      function(n) pw(n, 1 / 12, 1 / 70, 6)), c(12, 42), c("Control", "Investigational")),
  sim_lnorm = function() sim_arms(99, c(400, 410), list(function(n) rlnorm(n, 2.6, 0.9),
                      function(n) rlnorm(n, 2.2, 1.4)), c(5, 60), c("Arm 1", "Arm 2")),
  sim_large = function() sim_arms(12345, c(1100, 1050), list(function(n) rweibull(n, 1.1, 70),
                      function(n) rweibull(n, 1.1, 95)), c(24, 84), c("Reference", "Experimental")),
  sim_cure3 = function() sim_arms(555, c(60, 70, 65), list(function(n) ifelse(runif(n) < 0.2, Inf, rexp(n, 1 / 9)),
                      function(n) ifelse(runif(n) < 0.35, Inf, rexp(n, 1 / 12)),
                      function(n) ifelse(runif(n) < 0.5, Inf, rexp(n, 1 / 15))), c(20, 60),
                      c("Group I", "Group II", "Group III"))
)


device <- function(file, w, h, dpi) {
  if (grepl("jpg$", file)) jpeg(file, width = w, height = h, units = "in", res = dpi, quality = 75)
  else png(file, width = w, height = h, units = "in", res = dpi)
}

# -- survminer ---------------------------------------------------------------------------------------------
themes <- list(bw = theme_bw(), classic = theme_classic(), minimal = theme_minimal(), light = theme_light(),
               pubr = theme_pubr(), survminer = theme_survminer())
sv <- list(
  list(set = "gbsg", dpi = 150, ext = "png", pal = "jco", legend = "top", theme = "bw", table = "nrisk_cumevents",
       conf = TRUE, style = "ribbon", unit = "Months", by = 12),
  list(set = "rotterdam", dpi = 120, ext = "jpg", pal = "lancet", legend = c(0.85, 0.85), theme = "classic",
       table = "absolute", col = "strata", conf = FALSE, unit = "Years", by = 4),
  list(set = "leukemia", dpi = 100, ext = "png", pal = "grey", legend = "right", theme = "survminer",
       table = "absolute", conf = FALSE, lt = TRUE, unit = "Weeks", by = 20),
  list(set = "gbsg3", dpi = 200, ext = "png", pal = "npg", legend = "bottom", theme = "minimal", table = "absolute",
       conf = FALSE, pct = TRUE, ytext = FALSE, unit = "Years", by = 1),
  list(set = "myeloid", dpi = 150, ext = "png", pal = c("#1B9E77", "#D95F02"), legend = "top", theme = "pubr",
       table = "absolute", conf = TRUE, style = "step", unit = "Months", by = 12),
  list(set = "mgus2", dpi = 100, ext = "jpg", pal = "aaas", legend = "left", theme = "light", table = "absolute",
       conf = FALSE, clean = TRUE, unit = "Years", by = 5),
  list(set = "sim_weib3", dpi = 150, ext = "png", pal = c("black", "black", "black"), legend = c(0.8, 0.8),
       theme = "classic", table = "absolute", conf = FALSE, lt = TRUE, pct = TRUE, unit = "Months", by = 6),
  list(set = "nwtco", dpi = 250, ext = "jpg", pal = "Dark2", legend = c(0.3, 0.25), theme = "bw",
       table = "nrisk_cumevents", conf = FALSE, unit = "Years", by = 2),
  list(set = "sim_small", dpi = 120, ext = "png", pal = c("#D62728", "#FF9F0E"), legend = "top", theme = "survminer",
       table = "absolute", conf = FALSE, unit = "Days", by = 200),
  list(set = "cgd", dpi = 180, ext = "png", pal = "hue", legend = "top", theme = "pubr", table = "absolute",
       col = "strata", conf = TRUE, style = "ribbon", median = TRUE, unit = "Days", by = 100),
  list(set = "kidney", dpi = 300, ext = "jpg", pal = c("#E7298A", "#66A61E"), legend = "top", theme = "survminer",
       table = "absolute", conf = TRUE, style = "ribbon", unit = "Days", by = 100, w = 5.5, h = 5),
  list(set = "sim_pw", dpi = 150, ext = "png", pal = "uchicago", legend = c(0.75, 0.9), theme = "light",
       table = "nrisk_cumevents", conf = FALSE, unit = "Months", by = 6),
  list(set = "sim_cure3", dpi = 130, ext = "png", pal = c("grey10", "grey10", "grey10"), legend = "right",
       theme = "bw", table = "absolute", conf = FALSE, lt = TRUE, unit = "Months", by = 12)
)
for (k in seq_along(sv)) {
  v <- sv[[k]]; d <- sets[[v$set]](); levs <- sort(unique(d$arm)); d$arm <- factor(d$arm, levels = levs)
  fit <- survfit(Surv(time, status) ~ arm, data = d)
  name <- sprintf("h2_sm_%02d_%s", k, v$set)
  args <- list(fit, data = d, risk.table = v$table, conf.int = v$conf, palette = v$pal, legend = v$legend,
               legend.labs = levs, legend.title = if (k %% 2) "" else "Arm", break.time.by = v$by,
               xlab = if (k %% 3) paste0("Time (", tolower(v$unit), ")") else v$unit, censor = TRUE,
               surv.scale = if (isTRUE(v$pct)) "percent" else "default", pval = (k %% 4 == 1),
               risk.table.height = 0.25 + 0.03 * length(levs), ggtheme = themes[[v$theme]],
               censor.shape = if (k %% 2) "+" else "|", censor.size = 3 + (k %% 3))
  if (v$table == "nrisk_cumevents") args$risk.table.fontsize <- 3.3  # "n (events)" cells need room
  if (isTRUE(v$conf)) args$conf.int.style <- v$style
  if (!is.null(v$col)) args$risk.table.col <- v$col
  if (isTRUE(v$lt)) args$linetype <- "strata"
  if (isFALSE(v$ytext)) args$tables.y.text <- FALSE
  if (isTRUE(v$clean)) args$tables.theme <- theme_cleantable()
  if (isTRUE(v$median)) args$surv.median.line <- "hv"
  p <- do.call(ggsurvplot, args)
  file <- file.path(out, paste0(name, ".", v$ext))
  device(file, if (is.null(v$w)) 7 else v$w, if (is.null(v$h)) 6 else v$h, v$dpi); print(p); dev.off()
  save_truth(name, d, levs, "survminer", seq(0, max(d$time), by = v$by))
}

# -- base R plot(survfit) + mtext at-risk rows -------------------------------------------------------------
bv <- list(
  list(set = "rats", dpi = 150, ext = "png", grey = FALSE, leg = "bottomleft", ci = "none", pct = TRUE,
       unit = "Weeks", by = 20, pch = 3),
  list(set = "diabetic", dpi = 120, ext = "jpg", grey = TRUE, leg = "bottomleft", ci = "dashed", unit = "Months",
       by = 12, pch = 3),
  list(set = "udca", dpi = 200, ext = "png", grey = FALSE, leg = "topright", ci = "none", events = TRUE,
       unit = "Years", by = 1, pch = 4),
  list(set = "sim_weib3", dpi = 100, ext = "png", grey = TRUE, leg = "topright", ci = "none", unit = "Months",
       by = 12, pch = 3),
  list(set = "flchain", dpi = 150, ext = "png", grey = FALSE, leg = "bottomleft", ci = "none", unit = "Years",
       by = 2, pch = NA, cols = c("#B2182B", "#2166AC")),
  list(set = "sim_lnorm", dpi = 150, ext = "jpg", grey = FALSE, leg = "topright", ci = "solid", unit = "Months",
       by = 12, pch = 3),
  list(set = "myeloid", dpi = 300, ext = "jpg", grey = FALSE, leg = "topright", ci = "none", black_rows = TRUE,
       unit = "Months", by = 12, pch = 3, w = 6, h = 4.8),
  list(set = "rot3", dpi = 100, ext = "jpg", grey = FALSE, leg = "bottomleft", ci = "none", pct = TRUE,
       unit = "Months", by = 24, pch = 3),
  list(set = "sim_large", dpi = 130, ext = "png", grey = FALSE, leg = "topright", ci = "dashed", unit = "Months",
       by = 12, pch = NA, cols = c("#000000", "#E08214"))
)
for (k in seq_along(bv)) {
  v <- bv[[k]]; d <- sets[[v$set]](); levs <- sort(unique(d$arm)); d$arm <- factor(d$arm, levels = levs)
  fit <- survfit(Surv(time, status) ~ arm, data = d); m <- length(levs)
  cols <- if (v$grey) rep("black", m) else if (!is.null(v$cols)) v$cols else c("#E66101", "#5E3C99", "#1B7837")[1:m]
  ltys <- if (v$grey) 1:m else rep(1, m)
  name <- sprintf("h2_br_%02d_%s", k, v$set)
  file <- file.path(out, paste0(name, ".", v$ext))
  device(file, if (is.null(v$w)) 7 else v$w, if (is.null(v$h)) 5.5 else v$h, v$dpi)
  par(mar = c(4 + 1.2 * m + 1, 4 + 4, 2, 1), mgp = c(2.5, 0.8, 0))
  tmax <- max(d$time); br <- seq(0, tmax, by = v$by)
  ysc <- if (isTRUE(v$pct)) 100 else 1
  plot(fit, col = cols, lty = ltys, lwd = if (k %% 2) 2 else 1.5, mark.time = !is.na(v$pch),
       mark = if (is.na(v$pch)) 3 else v$pch, conf.int = FALSE, xaxt = "n", las = 1, yscale = ysc,
       xlab = paste0("Time since randomisation (", tolower(v$unit), ")"),
       ylab = if (ysc == 100) "Event-free (%)" else "Proportion event-free", xlim = c(0, max(br)))
  if (v$ci != "none")
    lines(fit, conf.int = "only", col = cols, lty = if (v$ci == "dashed") 2 else 1, lwd = 0.8)
  axis(1, at = br)
  legend(v$leg, legend = levs, col = cols, lty = ltys, lwd = 2, bty = if (k %% 3) "n" else "o", inset = 0.02)
  nr <- summary(fit, times = br, extend = TRUE)
  mtext(if (isTRUE(v$events)) "No. at risk (events)" else "Number at risk", side = 1, line = 3.7, adj = 0,
        at = -0.22 * max(br), font = 2, cex = 0.9)
  for (j in seq_len(m)) {
    sel <- nr$strata == paste0("arm=", levs[j])
    txt <- nr$n.risk[sel]
    if (isTRUE(v$events)) txt <- paste0(txt, " (", cumsum(nr$n.event[sel]), ")")
    rc <- if (isTRUE(v$black_rows)) "black" else cols[j]
    mtext(txt, side = 1, line = 3.7 + 1.2 * j, at = nr$time[sel], col = rc, cex = 0.9)
    mtext(levs[j], side = 1, line = 3.7 + 1.2 * j, at = -0.06 * max(br), adj = 1, col = rc, cex = 0.9)
  }
  dev.off()
  save_truth(name, d, levs, "baser", br)
}
cat("done\n")
