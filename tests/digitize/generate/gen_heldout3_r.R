# A third held-out set of Kaplan-Meier test figures ("held_out_3", names h3_*), from data none of the earlier
# sets draws: R datasets bladder1, jasa, nafld1, retinopathy, myeloma, transplant, stanford2 (survival), bmt,
# tongue, larynx, kidtran (KMsurv), gehan (MASS), melanoma (boot), and patient data simulated with their own
# seeds from Weibull, log-normal and cure-fraction models.  Styles the earlier sets lack or hold once:
# survminer themes classic/bw/minimal, ggsci and grey palettes, legend at top/bottom/right/inside or none (the
# coloured risk-table row labels then name the arms), "nrisk_cumevents" and "percentage" risk tables, unusual
# break.time.by steps, y limits above 0, percent axes, CI step lines and ribbons, line types by stratum,
# three and four arms, "|" and "+" censor marks, titles and HR text in the plot; base R plot(survfit) with
# lty/col, mtext at-risk rows, serif fonts and y limits above 0; 100-300 dpi, JPEG quality 75.
# Run from the repository root:
#   Rscript tests/digitize/generate/gen_heldout3_r.R
# Writes tests/digitize/figures/h3_<name>.png|jpg, .csv (arm,time,status) and .json like gen_r.R.  The
# at-risk times written are the columns the figure prints (survminer's own table data); a "percentage" table
# prints no numbers at risk, so its figure lists no at-risk times.
suppressPackageStartupMessages({library(survival); library(survminer); library(jsonlite)})
out <- "tests/digitize/figures"
source("tests/digitize/generate/truth.R")  # save_truth() and sim_arms(), shared by the R generators

kms <- function(name) { e <- new.env(); utils::data(list = name, package = "KMsurv", envir = e); e[[name]] }
cure <- function(p, rate) function(n) ifelse(runif(n) < p, Inf, rexp(n, rate))

sets <- list(
  bladder = function() { d <- survival::bladder1[survival::bladder1$start == 0 & survival::bladder1$stop > 0, ]
                         data.frame(time = d$stop, status = as.integer(d$status == 1),
                                    arm = tools::toTitleCase(as.character(d$treatment))) },
  jasa = function() { d <- survival::jasa; data.frame(time = d$futime, status = d$fustat,
                      arm = ifelse(d$transplant == 1, "Transplant", "No transplant")) },
  nafld = function() { d <- survival::nafld1; data.frame(time = d$futime / 365.25, status = d$status,
                       arm = ifelse(d$male == 1, "Men", "Women")) },
  retino = function() { d <- survival::retinopathy; data.frame(time = d$futime, status = d$status,
                        arm = ifelse(d$trt == 1, "Laser-treated eye", "Control eye")) },
  myeloma = function() { d <- survival::myeloma; era <- cut(d$year, c(0, 69, 79, 99), labels = c("1947-69", "1970-79", "1980-96"))
                         data.frame(time = d$futime / 365.25, status = d$death, arm = as.character(era)) },
  transplant = function() { d <- survival::transplant[survival::transplant$futime > 0, ]
                            data.frame(time = d$futime, status = as.integer(d$event == "death"),
                                       arm = ifelse(d$sex == "m", "Male", "Female")) },
  stanford = function() { d <- survival::stanford2; data.frame(time = d$time, status = d$status,
                          arm = ifelse(d$age < 45, "Under 45", "45 or older")) },
  bmt = function() { d <- kms("bmt"); data.frame(time = d$t2, status = d$d3,
                     arm = c("ALL", "AML low risk", "AML high risk")[d$group]) },
  tongue = function() { d <- kms("tongue"); data.frame(time = d$time, status = d$delta,
                        arm = ifelse(d$type == 1, "Aneuploid", "Diploid")) },
  larynx = function() { d <- kms("larynx"); data.frame(time = d$time, status = d$delta,
                        arm = paste("Stage", as.roman(d$stage))) },
  kidtran = function() { d <- kms("kidtran"); data.frame(time = d$time, status = d$delta,
                         arm = ifelse(d$gender == 1, "Male recipients", "Female recipients")) },
  gehan = function() { d <- MASS::gehan; data.frame(time = d$time, status = d$cens,
                       arm = ifelse(d$treat == "6-MP", "6-MP", "Placebo")) },
  melanoma = function() { d <- boot::melanoma; data.frame(time = d$time / 365.25, status = as.integer(d$status == 1),
                          arm = ifelse(d$ulcer == 1, "Ulcerated", "Not ulcerated")) },
  sim_weib = function() sim_arms(3101, c(160, 170), list(function(n) rweibull(n, 1.5, 700),
                                 function(n) rweibull(n, 1.5, 980)), c(200, 1400), c("Comparator", "Study drug")),
  sim_lnorm3 = function() sim_arms(3202, c(120, 110, 115), list(function(n) rlnorm(n, 2.3, 1.0),
                                   function(n) rlnorm(n, 2.7, 1.0), function(n) rlnorm(n, 3.1, 0.8)), c(15, 54),
                                   c("Low", "Medium", "High")),
  sim_cure = function() sim_arms(3303, c(210, 205), list(cure(0.25, 1 / 1.4), cure(0.45, 1 / 1.8)), c(2, 7.5),
                                 c("Surgery alone", "Surgery + radiotherapy")),
  sim_weib4 = function() sim_arms(3404, c(70, 75, 80, 72), list(function(n) rweibull(n, 0.9, 14),
                                  function(n) rweibull(n, 0.9, 19), function(n) rweibull(n, 0.9, 25),
                                  function(n) rweibull(n, 0.9, 33)), c(8, 40), c("A", "B", "C", "D"))
)

device <- function(file, w, h, dpi) {
  if (grepl("jpg$", file)) jpeg(file, width = w, height = h, units = "in", res = dpi, quality = 75)
  else png(file, width = w, height = h, units = "in", res = dpi)
}
hr_text <- function(d, levs) {
  f <- coxph(Surv(time, status) ~ factor(arm, levels = levs), data = d)
  ci <- exp(confint(f))[1, ]
  sprintf("HR %.2f (95%% CI %.2f-%.2f)", exp(coef(f))[1], ci[1], ci[2])
}

# -- survminer ---------------------------------------------------------------------------------------------
themes <- list(classic = theme_classic(), bw = theme_bw(), minimal = theme_minimal(), survminer = theme_survminer())
sv <- list(
  list(set = "bladder", dpi = 150, ext = "png", pal = "jco", legend = "top", theme = "classic",
       table = "nrisk_cumevents", unit = "Months", by = 10, shape = "+"),
  list(set = "jasa", dpi = 120, ext = "jpg", pal = "grey", legend = "right", theme = "bw", table = "absolute",
       col = "strata", lt = TRUE, unit = "Days", by = 250, shape = "|"),
  list(set = "nafld", dpi = 200, ext = "png", pal = "npg", legend = "bottom", theme = "minimal", table = "percentage",
       ylim = c(0.6, 1), unit = "Years", by = 3, shape = "|", nocensor = TRUE),
  list(set = "retino", dpi = 150, ext = "png", pal = "lancet", legend = c(0.22, 0.22), theme = "classic",
       table = "absolute", col = "strata", conf = "ribbon", unit = "Months", by = 15, shape = "+"),
  list(set = "bmt", dpi = 130, ext = "png", pal = "Dark2", legend = "none", theme = "bw", table = "absolute",
       col = "strata", unit = "Days", by = 365, shape = "|"),
  list(set = "sim_weib", dpi = 150, ext = "png", pal = c("#0B6E4F", "#C84630"), legend = "top", theme = "minimal",
       table = "absolute", conf = "step", pct = TRUE, unit = "Days", by = 90, shape = "+", title = TRUE, hr_text = TRUE),
  list(set = "larynx", dpi = 110, ext = "jpg", pal = "aaas", legend = "right", theme = "classic", table = "absolute",
       unit = "Years", by = 1.5, shape = "|"),
  list(set = "transplant", dpi = 180, ext = "png", pal = c("#6A3D9A", "#FF7F00"), legend = c(0.8, 0.3),
       theme = "bw", table = "nrisk_cumevents", ylim = c(0.75, 1), pct = TRUE, unit = "Days", by = 300, shape = "+"),
  list(set = "myeloma", dpi = 100, ext = "jpg", pal = "ucscgb", legend = "top", theme = "bw", table = "nrisk_cumevents",
       unit = "Years", by = 5, shape = "|", nocensor = TRUE),
  list(set = "sim_lnorm3", dpi = 160, ext = "png", pal = c("grey15", "grey15", "grey15"), legend = c(0.82, 0.8),
       theme = "classic", table = "absolute", lt = TRUE, pct = TRUE, unit = "Months", by = 9, shape = "+"),
  list(set = "gehan", dpi = 220, ext = "png", pal = c("#E69F00", "#56B4E9"), legend = "top", theme = "bw",
       table = "percentage", conf = "ribbon", unit = "Weeks", by = 5, shape = "+"),
  list(set = "tongue", dpi = 140, ext = "jpg", pal = "uchicago", legend = "right", theme = "minimal",
       table = "absolute", col = "strata", unit = "Weeks", by = 40, shape = "|", pval = TRUE),
  list(set = "sim_cure", dpi = 150, ext = "png", pal = "simpsons", legend = "bottom", theme = "classic",
       table = "nrisk_cumevents", unit = "Years", by = 1.5, shape = "|", hr_text = TRUE),
  list(set = "stanford", dpi = 300, ext = "jpg", pal = c("#1F78B4", "#E31A1C"), legend = c(0.75, 0.85),
       theme = "survminer", table = "absolute", col = "strata", conf = "step", unit = "Days", by = 500, shape = "+",
       w = 6, h = 5.5),
  list(set = "melanoma", dpi = 120, ext = "png", pal = "grey", legend = "bottom", theme = "bw", table = "absolute",
       lt = TRUE, conf = "ribbon", ylim = c(0.3, 1), unit = "Years", by = 2, shape = "+", title = TRUE),
  list(set = "kidtran", dpi = 170, ext = "png", pal = c("#B15928", "#33A02C"), legend = "top", theme = "minimal",
       table = "absolute", col = "strata", ylim = c(0.5, 1), unit = "Years", by = 2, shape = "|", days_to_years = TRUE),
  list(set = "sim_weib4", dpi = 130, ext = "png", pal = "jco", legend = "right", theme = "classic", table = "absolute",
       col = "strata", unit = "Months", by = 8, shape = "+")
)
for (k in seq_along(sv)) {
  v <- sv[[k]]; d <- sets[[v$set]]()
  if (isTRUE(v$days_to_years)) d$time <- d$time / 365.25
  levs <- sort(unique(d$arm)); d$arm <- factor(d$arm, levels = levs)
  fit <- survfit(Surv(time, status) ~ arm, data = d)
  name <- sprintf("h3_sm_%02d_%s", k, v$set)
  args <- list(fit, data = d, risk.table = v$table, conf.int = !is.null(v$conf), palette = v$pal,
               legend = v$legend, legend.labs = levs, legend.title = if (k %% 2) "Group" else "",
               break.time.by = v$by, xlab = if (k %% 3) paste0("Time (", tolower(v$unit), ")") else v$unit,
               censor = !isTRUE(v$nocensor), censor.shape = v$shape, censor.size = 2.5 + (k %% 3),
               surv.scale = if (isTRUE(v$pct)) "percent" else "default", pval = isTRUE(v$pval),
               risk.table.height = 0.24 + 0.035 * length(levs), ggtheme = themes[[v$theme]],
               risk.table.fontsize = if (v$table == "nrisk_cumevents") 3.1 else 3.6 + 0.2 * (k %% 3),
               font.main = c(13, "bold"), font.x = c(11 + k %% 3, "plain"), font.y = c(11 + k %% 3, "plain"))
  if (!is.null(v$conf)) args$conf.int.style <- v$conf
  if (!is.null(v$col)) args$risk.table.col <- v$col
  if (isTRUE(v$lt)) args$linetype <- "strata"
  # a y axis starting above 0 is drawn when every curve stays above it, as published figures do
  if (!is.null(v$ylim)) v$ylim[1] <- min(v$ylim[1], floor(10 * min(fit$surv)) / 10)
  if (!is.null(v$ylim)) args$ylim <- v$ylim
  if (isTRUE(v$title)) args$title <- if (isTRUE(v$pct)) "Overall survival" else "Kaplan-Meier estimates by group"
  p <- do.call(ggsurvplot, args)
  if (isTRUE(v[["hr_text"]])) {
    x_hr <- 0.03 * max(d$time); y_hr <- if (is.null(v$ylim)) 0.08 else v$ylim[1] + 0.08 * diff(v$ylim)
    if (isTRUE(v$pct)) y_hr <- 100 * y_hr
    p$plot <- p$plot + ggplot2::annotate("text", x = x_hr, y = y_hr, label = hr_text(d, levs), hjust = 0, size = 3.6)
  }
  file <- file.path(out, paste0(name, ".", v$ext))
  device(file, if (is.null(v[["w"]])) 7 else v[["w"]], if (is.null(v[["h"]])) 6 else v[["h"]], v$dpi); print(p); dev.off()
  printed <- if (v$table == "percentage") numeric(0) else sort(unique(p$table$data$time))
  save_truth(name, d, levs, "survminer", printed)
}

# -- base R plot(survfit) + mtext at-risk rows -------------------------------------------------------------
bv <- list(
  list(set = "bladder", dpi = 150, ext = "png", cols = c("#1B9E77", "#D95F02", "#7570B3"), lty = c(1, 2, 4),
       leg = "topright", unit = "Months", by = 10, pch = 3),
  list(set = "jasa", dpi = 120, ext = "jpg", cols = c("black", "black"), lty = c(1, 3), leg = "topright",
       unit = "Days", by = 200, pch = "|"),
  list(set = "nafld", dpi = 110, ext = "jpg", cols = c("#CA0020", "#0571B0"), lty = c(1, 1), leg = "bottomleft",
       unit = "Years", by = 3, pch = NA, pct = TRUE, ylim = c(0.5, 1)),
  list(set = "sim_weib", dpi = 200, ext = "png", cols = c("#2B83BA", "#D7191C"), lty = c(1, 1), leg = "topright",
       unit = "Days", by = 180, pch = 3, main = "Progression-free survival", hr_text = TRUE),
  list(set = "bmt", dpi = 150, ext = "png", cols = c("black", "grey45", "black"), lty = c(1, 1, 2), leg = "bottomleft",
       unit = "Days", by = 500, pch = 3, serif = TRUE),
  list(set = "retino", dpi = 300, ext = "jpg", cols = c("#E66101", "#5E3C99"), lty = c(2, 1), leg = "bottomleft",
       unit = "Months", by = 12, pch = 4, w = 6, h = 4.6),
  list(set = "sim_lnorm3", dpi = 100, ext = "png", cols = c("#D73027", "#4575B4", "#1A9850"), lty = c(1, 1, 1),
       leg = "topright", unit = "Months", by = 9, pch = 3, ci = TRUE),
  list(set = "tongue", dpi = 150, ext = "png", cols = c("#00008B", "#8B0000"), lty = c(1, 5), leg = "topright",
       unit = "Weeks", by = 50, pch = "+", serif = TRUE, ylim = c(0.2, 1))
)
for (k in seq_along(bv)) {
  v <- bv[[k]]; d <- sets[[v$set]](); levs <- sort(unique(d$arm)); d$arm <- factor(d$arm, levels = levs)
  fit <- survfit(Surv(time, status) ~ arm, data = d); m <- length(levs)
  name <- sprintf("h3_br_%02d_%s", k, v$set)
  file <- file.path(out, paste0(name, ".", v$ext))
  device(file, if (is.null(v[["w"]])) 7 else v[["w"]], if (is.null(v[["h"]])) 5.5 else v[["h"]], v$dpi)
  par(mar = c(4 + 1.2 * m + 1, 4 + 4, if (is.null(v$main)) 2 else 3, 1), mgp = c(2.5, 0.8, 0),
      family = if (isTRUE(v$serif)) "serif" else "sans")
  br <- seq(0, max(d$time), by = v$by)
  if (!is.null(v$ylim)) v$ylim[1] <- min(v$ylim[1], floor(10 * min(fit$surv)) / 10)
  ysc <- if (isTRUE(v$pct)) 100 else 1
  plot(fit, col = v$cols, lty = v$lty, lwd = if (k %% 2) 2 else 1.6, mark.time = !is.na(v$pch),
       mark = if (is.na(v$pch)) 3 else v$pch, conf.int = isTRUE(v$ci), xaxt = "n", las = 1, yscale = ysc,
       ylim = if (is.null(v$ylim)) c(0, 1) else v$ylim, main = if (is.null(v$main)) "" else v$main,
       xlab = paste0("Time from randomization (", tolower(v$unit), ")"),
       ylab = if (ysc == 100) "Surviving (%)" else "Probability of survival", xlim = c(0, max(br)))
  axis(1, at = br)
  legend(v$leg, legend = levs, col = v$cols, lty = v$lty, lwd = 2, bty = if (k %% 2) "n" else "o", inset = 0.02,
         cex = 0.9)
  if (isTRUE(v[["hr_text"]])) text(0.02 * max(br), if (is.null(v$ylim)) 0.1 else v$ylim[1] + 0.1 * diff(v$ylim),
                         hr_text(d, levs), adj = 0, cex = 0.9)
  nr <- summary(fit, times = br, extend = TRUE)
  mtext("At risk", side = 1, line = 3.7, adj = 0, at = -0.2 * max(br), font = 2, cex = 0.9)
  for (j in seq_len(m)) {
    sel <- nr$strata == paste0("arm=", levs[j])
    mtext(nr$n.risk[sel], side = 1, line = 3.7 + 1.2 * j, at = nr$time[sel], col = v$cols[j], cex = 0.9)
    mtext(levs[j], side = 1, line = 3.7 + 1.2 * j, at = -0.05 * max(br), adj = 1, col = v$cols[j], cex = 0.9)
  }
  dev.off()
  save_truth(name, d, levs, "baser", br)
}
cat("done\n")
