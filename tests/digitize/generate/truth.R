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
