# The truth files of an R-made test figure, written alike by every R generator in this folder (each one
# source()s this file): <name>.csv with the patient data drawn (arm,time,status) and <name>.json with the arm
# labels in legend order, the times of the at-risk columns and the generator's variation ("survminer",
# "baser").  `dir` defaults to the calling script's output folder `out`.
suppressPackageStartupMessages(library(jsonlite))

save_truth <- function(name, d, labs, variation, breaks, dir = out) {
  write.csv(d[, c("arm", "time", "status")], file.path(dir, paste0(name, ".csv")), row.names = FALSE)
  writeLines(toJSON(list(arms = labs, at_risk_times = breaks, generator = variation), auto_unbox = TRUE),
             file.path(dir, paste0(name, ".json")))
}

# Seeded simulated arms: arm k's event times from gen[[k]](n[k]), censored uniformly over `follow`.
sim_arms <- function(seed, n, gen, follow, labs) {
  set.seed(seed)
  rows <- lapply(seq_along(labs), function(k) {
    e <- gen[[k]](n[k]); cz <- runif(n[k], follow[1], follow[2])
    data.frame(time = pmin(e, cz), status = as.integer(e <= cz), arm = labs[k])
  })
  do.call(rbind, rows)
}
# A dataset of an installed package, without attaching the package.
pkg_data <- function(name, pkg) { e <- new.env(); utils::data(list = name, package = pkg, envir = e); e[[name]] }
