# Exports the R `survival` data sets that the tests use as CSV files in data/.
# Run from tests/reference: Rscript export_datasets.R
library(survival)
dir.create("data", showWarnings = FALSE)
w <- function(d, name) write.csv(d, file.path("data", paste0(name, ".csv")), row.names = FALSE, na = "")
w(survival::lung, "lung")
w(survival::veteran, "veteran")
w(survival::colon, "colon")
w(survival::aml, "aml")
w(survival::ovarian, "ovarian")
w(survival::pbc, "pbc")
w(survival::gbsg, "gbsg")  # German Breast Cancer Study Group 2: 686 patients (Sauerbrei & Royston 1999)
cat(sprintf("R %s, survival %s\n", R.version.string, as.character(packageVersion("survival"))))
