# A small JSON writer for the reference scripts: every double at full precision (sprintf "%.17g"),
# so that the Python tests read back exactly the numbers R computed (jsonlite writes 15 digits).
# NA -> null, NaN -> "NaN", +-Inf -> "Inf"/"-Inf" (strings; tests/survival/_reference.py reads them back).
# A vector of length 1 is written as a scalar unless wrapped in I() (then always an array).

json_num <- function(x) {
  vapply(x, function(v) {
    if (is.na(v) && !is.nan(v)) "null"
    else if (is.nan(v)) "\"NaN\""
    else if (is.infinite(v)) if (v > 0) "\"Inf\"" else "\"-Inf\""
    else if (v == round(v) && abs(v) < 1e15) sprintf("%.0f", v)
    else sprintf("%.17g", v)
  }, character(1))
}

json_str <- function(x) {
  vapply(x, function(v) {
    if (is.na(v)) return("null")
    v <- gsub("\\\\", "\\\\\\\\", v)
    v <- gsub("\"", "\\\\\"", v)
    paste0("\"", v, "\"")
  }, character(1))
}

to_json <- function(x) {
  as_array <- inherits(x, "AsIs")
  if (is.null(x)) return("null")
  if (is.factor(x)) x <- as.character(x)
  if (is.list(x)) {
    nm <- names(x)
    parts <- vapply(x, to_json, character(1))
    if (!is.null(nm) && length(x) > 0) {
      return(paste0("{", paste0(json_str(nm), ":", parts, collapse = ","), "}"))
    }
    return(paste0("[", paste(parts, collapse = ","), "]"))
  }
  if (is.logical(x)) {
    vals <- ifelse(is.na(x), "null", ifelse(x, "true", "false"))
  } else if (is.numeric(x)) {
    vals <- json_num(as.numeric(x))
  } else if (is.character(x)) {
    vals <- json_str(x)
  } else {
    stop("to_json: unsupported type ", class(x)[1])
  }
  if (length(vals) == 1 && !as_array) return(unname(vals))
  paste0("[", paste(vals, collapse = ","), "]")
}

write_json_file <- function(x, path) {
  writeLines(to_json(x), path, useBytes = TRUE)
  cat("wrote", path, "\n")
}
