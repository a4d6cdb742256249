# Reference figures for trialscout.binary (tests/binary/).
#
# Run from the repository root:  Rscript tests/reference/binary_reference.R
# Writes tests/reference/binary_reference.json. Tests read the JSON; they never need R.
#
# What comes from where:
#   rate, Clopper-Pearson  -> binom.test(x, n, conf.level)$conf.int
#   rate, Wilson           -> prop.test(x, n, correct = FALSE, conf.level)$conf.int  (the Wilson score interval)
#   CMH test, MH odds ratio and its Robins-Breslow-Greenland CI (2 x 2 x K, K >= 2)
#                          -> mantelhaen.test(array(..., c(2, 2, K)), correct = FALSE)
#   Fisher's exact test    -> fisher.test(matrix(c(x1, x0, n1 - x1, n0 - x0), 2))$p.value
#   odds ratio of one table (mantelhaen.test needs K >= 2) -> Woolf's formula by hand (what RBG reduces to),
#                             with the CMH statistic of one table by hand: (a - E a)^2 / V.
#   Miettinen-Nurminen difference (R has no MN) -> the hand derivation below, written from Miettinen &
#     Nurminen (1985) independently of trialscout: the constrained MLE is found by solving the likelihood
#     score equation numerically with uniroot (trialscout uses the paper's closed-form cubic root), and the
#     limits by uniroot on z(d) = +-z. Stratified: MN score statistic with Mantel-Haenszel weights
#     w_h = n1h n0h / (n1h + n0h), strata lacking an arm dropped.
suppressMessages(library(jsonlite))

out_path <- file.path("tests", "reference", "binary_reference.json")

# ---- rates ------------------------------------------------------------------------------------------------
rate_cases <- list(
  c(7, 20, 0.95), c(0, 10, 0.95), c(10, 10, 0.95), c(1, 1, 0.95), c(0, 1, 0.95), c(33, 97, 0.95),
  c(150, 208, 0.95), c(7, 20, 0.90), c(3, 250, 0.99), c(84, 208, 0.95)
)
rates <- lapply(rate_cases, function(cs) {
  x <- cs[1]; n <- cs[2]; lv <- cs[3]
  cp <- binom.test(x, n, conf.level = lv)$conf.int
  wi <- suppressWarnings(prop.test(x, n, correct = FALSE, conf.level = lv))$conf.int
  list(x = x, n = n, confidence_level = lv, estimate = x / n,
       cp_lower = cp[1], cp_upper = cp[2], wilson_lower = wi[1], wilson_upper = wi[2],
       call = sprintf("binom.test(%d, %d, conf.level = %g); prop.test(%d, %d, correct = FALSE)", x, n, lv, x, n))
})

# ---- Miettinen-Nurminen, by hand ---------------------------------------------------------------------------
# Constrained MLE (p1, p0) with p1 - p0 = d: maximise
#   x1 log p1 + (n1 - x1) log(1 - p1) + x0 log p0 + (n0 - x0) log(1 - p0)
# over p0 in [max(0, -d), min(1, 1 - d)]. The log-likelihood is concave, so its derivative g(p0) decreases;
# the maximum is at the root of g or at an end of the interval.
cmle <- function(x1, n1, x0, n0, d) {
  lo <- max(0, -d); hi <- min(1, 1 - d)
  if (hi - lo < 1e-13) return(c(lo + d, lo))
  g <- function(p0) {
    p1 <- p0 + d
    x1 / p1 - (n1 - x1) / (1 - p1) + x0 / p0 - (n0 - x0) / (1 - p0)
  }
  e <- 1e-13
  a <- lo + e; b <- hi - e
  ga <- g(a); gb <- g(b)
  if (ga <= 0) p0 <- lo
  else if (gb >= 0) p0 <- hi
  else p0 <- uniroot(g, c(a, b), tol = 1e-15, maxiter = 2000)$root
  c(p0 + d, p0)
}
mn_var <- function(x1, n1, x0, n0, d) {
  p <- cmle(x1, n1, x0, n0, d)
  N <- n1 + n0
  (p[1] * (1 - p[1]) / n1 + p[2] * (1 - p[2]) / n0) * N / (N - 1)
}
mn_z <- function(x1, n1, x0, n0, d) {
  keep <- n1 > 0 & n0 > 0
  x1 <- x1[keep]; n1 <- n1[keep]; x0 <- x0[keep]; n0 <- n0[keep]
  w <- n1 * n0 / (n1 + n0)
  num <- sum(w * (x1 / n1 - x0 / n0 - d))
  v <- sum(vapply(seq_along(w), function(h) w[h]^2 * mn_var(x1[h], n1[h], x0[h], n0[h], d), 0))
  num / sqrt(v)
}
mn <- function(x1, n1, x0, n0, level = 0.95) {
  keep <- n1 > 0 & n0 > 0
  w <- (n1 * n0 / (n1 + n0))[keep]
  est <- sum(w * (x1 / n1 - x0 / n0)[keep]) / sum(w)
  zc <- qnorm(1 - (1 - level) / 2)
  lower <- if (est <= -1) -1 else
    uniroot(function(d) mn_z(x1, n1, x0, n0, d) - zc, c(-1 + 1e-12, est - 1e-10), tol = 1e-14)$root
  upper <- if (est >= 1) 1 else
    uniroot(function(d) mn_z(x1, n1, x0, n0, d) + zc, c(est + 1e-10, 1 - 1e-12), tol = 1e-14)$root
  z0 <- mn_z(x1, n1, x0, n0, 0)
  list(x1 = x1, n1 = n1, x0 = x0, n0 = n0, confidence_level = level, estimate = est,
       lower = lower, upper = upper,
       statistic = if (is.finite(z0)) z0 else NULL,
       pvalue = if (is.finite(z0)) 2 * pnorm(-abs(z0)) else NULL)
}

mn_cases <- list(
  list(14, 20, 6, 20), list(5, 50, 1, 45), list(1, 3, 0, 2), list(0, 5, 3, 7),
  list(0, 10, 0, 10), list(10, 10, 10, 10), list(10, 10, 0, 10), list(0, 10, 10, 10), list(1, 1, 0, 1),
  list(84, 208, 59, 211), list(33, 97, 20, 95, 0.90)
)
# plus 40 random tables (fixed seed) of 1 to 80 subjects per arm
set.seed(20261124)
for (i in 1:40) {
  n1 <- sample(1:80, 1); n0 <- sample(1:80, 1)
  mn_cases[[length(mn_cases) + 1]] <- list(sample(0:n1, 1), n1, sample(0:n0, 1), n0)
}
mn_unstrat <- lapply(mn_cases, function(cs) {
  lv <- if (length(cs) == 5) cs[[5]] else 0.95
  mn(cs[[1]], cs[[2]], cs[[3]], cs[[4]], lv)
})

strat_cases <- list(
  s1 = list(x1 = c(10, 12, 8), n1 = c(20, 25, 15), x0 = c(5, 6, 7), n0 = c(20, 24, 16)),
  zero_cells = list(x1 = c(0, 5, 3), n1 = c(10, 12, 8), x0 = c(0, 1, 0), n0 = c(9, 11, 8)),
  one_arm_stratum = list(x1 = c(4, 7, 0), n1 = c(10, 15, 0), x0 = c(3, 2, 1), n0 = c(10, 14, 5)),
  large = list(x1 = c(60, 45), n1 = c(105, 103), x0 = c(30, 25), n0 = c(104, 107)),
  four = list(x1 = c(2, 9, 14, 30), n1 = c(6, 20, 31, 40), x0 = c(1, 4, 9, 22), n0 = c(5, 21, 30, 44))
)
# plus 10 random stratified tables of 2 to 5 strata (fixed seed)
for (i in 1:10) {
  K <- sample(2:5, 1)
  n1 <- sample(1:40, K, replace = TRUE); n0 <- sample(1:40, K, replace = TRUE)
  x1 <- vapply(n1, function(n) sample(0:n, 1), 0); x0 <- vapply(n0, function(n) sample(0:n, 1), 0)
  strat_cases[[sprintf("random%02d", i)]] <- list(x1 = x1, n1 = n1, x0 = x0, n0 = n0)
}
mn_strat <- lapply(names(strat_cases), function(nm) {
  s <- strat_cases[[nm]]
  r <- mn(s$x1, s$n1, s$x0, s$n0, 0.95)
  r$name <- nm
  r
})

# ---- CMH and Mantel-Haenszel odds ratio (mantelhaen.test) ---------------------------------------------------
as_array <- function(s) {
  K <- length(s$x1)
  a <- array(0, c(2, 2, K))
  for (k in seq_len(K)) a[, , k] <- matrix(c(s$x1[k], s$x0[k], s$n1[k] - s$x1[k], s$n0[k] - s$x0[k]), 2)
  a
}
cmh <- lapply(names(strat_cases), function(nm) {
  s <- strat_cases[[nm]]
  m <- mantelhaen.test(as_array(s), correct = FALSE)
  list(name = nm, x1 = s$x1, n1 = s$n1, x0 = s$x0, n0 = s$n0,
       statistic = unname(m$statistic), df = unname(m$parameter), pvalue = m$p.value,
       estimate = unname(m$estimate), lower = m$conf.int[1], upper = m$conf.int[2],
       call = "mantelhaen.test(array(c(x1, x0, n1 - x1, n0 - x0) per stratum, c(2, 2, K)), correct = FALSE)")
})
# 90% interval for one of them
m90 <- mantelhaen.test(as_array(strat_cases$s1), correct = FALSE, conf.level = 0.90)
cmh_s1_90 <- list(lower = m90$conf.int[1], upper = m90$conf.int[2])

# One table, by hand: Woolf CI (RBG with K = 1) and the CMH statistic of one table.
or_cases <- list(c(14, 20, 6, 20), c(5, 50, 1, 45), c(33, 97, 20, 95), c(84, 208, 59, 211))
or_single <- lapply(or_cases, function(cs) {
  a <- cs[1]; b <- cs[2] - cs[1]; c <- cs[3]; d <- cs[4] - cs[3]; N <- a + b + c + d
  or <- (a * d) / (b * c)
  se <- sqrt(1 / a + 1 / b + 1 / c + 1 / d)
  z <- qnorm(0.975)
  e <- (a + b) * (a + c) / N
  v <- (a + b) * (c + d) * (a + c) * (b + d) / (N^2 * (N - 1))
  st <- (a - e)^2 / v
  list(x1 = cs[1], n1 = cs[2], x0 = cs[3], n0 = cs[4], estimate = or,
       lower = exp(log(or) - z * se), upper = exp(log(or) + z * se), statistic = st,
       pvalue = pchisq(st, 1, lower.tail = FALSE))
})

# ---- Fisher ------------------------------------------------------------------------------------------------
# The last three are ties that only the relative tolerance (1 + 1e-7) counts.
fisher_cases <- list(c(14, 20, 6, 20), c(3, 4, 1, 4), c(1, 3, 0, 2), c(0, 10, 5, 10), c(10, 10, 0, 10),
                     c(7, 12, 2, 13), c(50, 100, 50, 100), c(2, 4, 2, 4), c(0, 3, 0, 4), c(84, 208, 59, 211),
                     c(1, 30, 9, 31), c(2, 2, 1, 4), c(1, 2, 1, 5), c(0, 2, 5, 8))
fisher <- lapply(fisher_cases, function(cs) {
  f <- fisher.test(matrix(c(cs[1], cs[3], cs[2] - cs[1], cs[4] - cs[3]), 2))
  list(x1 = cs[1], n1 = cs[2], x0 = cs[3], n0 = cs[4], pvalue = f$p.value)
})

res <- list(
  generated_by = "tests/reference/binary_reference.R",
  r_version = R.version.string,
  rates = rates,
  mn_unstratified = mn_unstrat,
  mn_stratified = mn_strat,
  cmh = cmh,
  cmh_s1_90 = cmh_s1_90,
  odds_ratio_single = or_single,
  fisher = fisher
)
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE, null = "null"), out_path)
cat("wrote", out_path, "\n")
