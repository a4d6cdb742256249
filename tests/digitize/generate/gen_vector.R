# Renders vector Kaplan-Meier test figures with known patient data: survminer::ggsurvplot and base R
# plot(survfit), written by R's pdf(), cairo_pdf() and svg() devices.  Run from the repository root:
#   Rscript tests/digitize/generate/gen_vector.R
# Writes tests/digitize/figures/vec_<k>_<device>_<kind>.pdf|svg with <name>.csv (arm,time,status) and
# <name>.json (arm labels, at-risk times, generator) like gen_r.R.
suppressPackageStartupMessages({library(survival); library(survminer); library(jsonlite)})
# optional arguments: another output folder and seed (figures made for a held-out measurement)
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) >= 1) args[1] else "tests/digitize/figures"
set.seed(if (length(args) >= 2) as.integer(args[2]) else 20261203)

sets <- list(
  lung = function() { d <- survival::lung; data.frame(time = d$time / 30.4375, status = d$status - 1,
                      arm = ifelse(d$sex == 1, "Male", "Female")) },
  veteran = function() { d <- survival::veteran; data.frame(time = d$time / 30.4375, status = d$status,
                      arm = ifelse(d$trt == 1, "Standard", "Test")) },
  colon = function() { d <- survival::colon[survival::colon$etype == 2, ]; data.frame(time = d$time / 365.25,
                      status = d$status, arm = as.character(d$rx)) },
  pbc = function() { d <- survival::pbc[!is.na(survival::pbc$trt), ]; data.frame(time = d$time / 365.25,
                      status = as.integer(d$status == 2), arm = ifelse(d$trt == 1, "D-penicillamine", "Placebo")) },
  sim2 = function() { n <- 90; e <- rexp(2 * n, rep(c(1 / 9, 1 / 15), each = n)); cz <- runif(2 * n, 5, 36)
                      data.frame(time = pmin(e, cz), status = as.integer(e <= cz),
                                 arm = rep(c("Control", "Experimental"), each = n)) },
  sim3 = function() { n <- 70; e <- rexp(3 * n, rep(c(1 / 10, 1 / 16, 1 / 24), each = n)); cz <- runif(3 * n, 4, 40)
                      data.frame(time = pmin(e, cz), status = as.integer(e <= cz),
                                 arm = rep(c("Arm A", "Arm B", "Arm C"), each = n)) }
)
unit <- c(lung = "Months", veteran = "Months", colon = "Years", pbc = "Years", sim2 = "Months", sim3 = "Months")
brk <- c(lung = 6, veteran = 5, colon = 1, pbc = 2, sim2 = 6, sim3 = 8)

source("tests/digitize/generate/truth.R")  # save_truth(), shared by the R generators
open_device <- function(dev, file, w, h) {
  if (dev == "pdf") pdf(file, width = w, height = h, useDingbats = FALSE)
  else if (dev == "cairopdf") cairo_pdf(file, width = w, height = h)
  else svg(file, width = w, height = h)
}
ext <- function(dev) if (dev == "svg") "svg" else "pdf"

# -- survminer ---------------------------------------------------------------------------------------------
sv <- list(
  list(set = "lung", dev = "pdf", conf = TRUE, pal = "hue", legend = "top", pct = FALSE, pval = TRUE),
  list(set = "sim3", dev = "pdf", conf = FALSE, pal = c("#E41A1C", "#377EB8", "#4DAF4A"), legend = "right", pct = TRUE, pval = FALSE),
  list(set = "veteran", dev = "cairopdf", conf = TRUE, pal = c("#1B9E77", "#7570B3"), legend = c(0.8, 0.85), pct = FALSE, pval = TRUE),
  list(set = "colon", dev = "cairopdf", conf = FALSE, pal = c("#D55E00", "#0072B2", "#009E73"), legend = "top", pct = TRUE, pval = FALSE),
  list(set = "sim2", dev = "svg", conf = TRUE, pal = c("#E7B800", "#2E9FDF"), legend = "top", pct = FALSE, pval = TRUE),
  list(set = "pbc", dev = "svg", conf = FALSE, pal = c("#E41A1C", "#377EB8"), legend = "bottom", pct = TRUE, pval = FALSE)
)
for (k in seq_along(sv)) {
  v <- sv[[k]]; d <- sets[[v$set]](); levs <- unique(d$arm); d$arm <- factor(d$arm, levels = levs)
  fit <- survfit(Surv(time, status) ~ arm, data = d)
  name <- sprintf("vec_%02d_%s_survminer", k, v$dev)
  p <- ggsurvplot(fit, data = d, risk.table = TRUE, conf.int = v$conf, palette = v$pal, legend = v$legend,
                  legend.labs = levs, legend.title = "", surv.scale = if (v$pct) "percent" else "default",
                  pval = v$pval, break.time.by = brk[[v$set]], xlab = paste("Time,", tolower(unit[[v$set]])),
                  censor = TRUE, risk.table.height = 0.25 + 0.03 * length(levs), tables.y.text = TRUE,
                  ggtheme = theme_survminer(), title = if (k %% 3 == 0) "Overall survival" else NULL)
  open_device(v$dev, file.path(out, paste0(name, ".", ext(v$dev))), 7, 6); print(p, newpage = FALSE); dev.off()
  save_truth(name, d, levs, "survminer", seq(0, max(d$time), by = brk[[v$set]]))
}

# -- base R plot(survfit) + mtext at-risk table ------------------------------------------------------------
bv <- list(
  list(set = "lung", dev = "pdf", grey = FALSE, leg = "topright", conf = FALSE),
  list(set = "sim3", dev = "pdf", grey = TRUE, leg = "topright", conf = FALSE),
  list(set = "pbc", dev = "cairopdf", grey = FALSE, leg = "topright", conf = TRUE),
  list(set = "veteran", dev = "cairopdf", grey = TRUE, leg = "topright", conf = FALSE),
  list(set = "sim2", dev = "svg", grey = FALSE, leg = "bottomleft", conf = FALSE),
  list(set = "veteran", dev = "svg", grey = FALSE, leg = "topright", conf = TRUE)
)
for (k in seq_along(bv)) {
  v <- bv[[k]]; d <- sets[[v$set]](); levs <- unique(d$arm); d$arm <- factor(d$arm, levels = levs)
  fit <- survfit(Surv(time, status) ~ arm, data = d); m <- length(levs)
  cols <- if (v$grey) rep("black", m) else c("#D7191C", "#2C7BB6", "#1A9641")[1:m]
  ltys <- if (v$grey) 1:m else rep(1, m)
  name <- sprintf("vec_%02d_%s_baser", k + length(sv), v$dev)
  open_device(v$dev, file.path(out, paste0(name, ".", ext(v$dev))), 7, 5.5)
  par(mar = c(4 + 1.2 * m + 1, 4 + 4, 2, 1), mgp = c(2.5, 0.8, 0))
  br <- seq(0, max(d$time), by = brk[[v$set]])
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
# -- text converted to outlines (as many journals' figure PDFs hold it), by Ghostscript ------------------------
gs <- Sys.which("gs")
if (nzchar(gs)) {
  for (pair in list(c("vec_07_pdf_baser", "vec_13_outlined_baser"), c("vec_01_pdf_survminer", "vec_14_outlined_survminer"))) {
    system2(gs, c("-q", "-o", file.path(out, paste0(pair[2], ".pdf")), "-sDEVICE=pdfwrite", "-dNoOutputFonts",
                  file.path(out, paste0(pair[1], ".pdf"))))
    for (ext in c(".csv", ".json")) file.copy(file.path(out, paste0(pair[1], ext)), file.path(out, paste0(pair[2], ext)),
                                              overwrite = TRUE)
  }
} else message("gs (Ghostscript) not found: the figures with outlined text are not made")
cat("done\n")
