# Reference figures for trialscout.binary.freq (tests/binary/test_freq.py).
#
# Run from tests/reference:   Rscript binary_freq.R
# Writes: binary_freq.json. The tests read the JSON and never need R.
#
# Where R has the method it is called (binom.test, prop.test, chisq.test, mantelhaen.test, fisher.test, glm with
# profile-likelihood confint); elsewhere the interval is found here by uniroot on its defining equation
# (mid-p, likelihood ratio, Blaker's acceptability), independently of the Python root searches.
suppressPackageStartupMessages(library(MASS))
source("json_writer.R")

level <- 0.95
z <- qnorm(0.975)
one <- function(x, n) {
  p <- x / n
  cp <- binom.test(x, n)$conf.int
  w <- prop.test(x, n, correct = FALSE)$conf.int
  wc <- prop.test(x, n, correct = TRUE)$conf.int
  jef <- c(if (x == 0) 0 else qbeta(0.025, x + 0.5, n - x + 0.5), if (x == n) 1 else qbeta(0.975, x + 0.5, n - x + 0.5))
  midp <- c(if (x == 0) 0 else uniroot(function(q) 1 - pbinom(x, n, q) + 0.5 * dbinom(x, n, q) - 0.025,
                                      c(1e-12, 1 - 1e-12), tol = 1e-14)$root,
            if (x == n) 1 else uniroot(function(q) pbinom(x - 1, n, q) + 0.5 * dbinom(x, n, q) - 0.025,
                                       c(1e-12, 1 - 1e-12), tol = 1e-14)$root)
  ll <- function(q) (if (x > 0) x * log(q) else 0) + (if (n - x > 0) (n - x) * log(1 - q) else 0)
  top <- if (x > 0 && x < n) ll(p) else 0
  crit <- qchisq(level, 1)
  lr <- c(if (x == 0) 0 else uniroot(function(q) 2 * (top - ll(q)) - crit, c(1e-300, p), tol = 1e-15)$root,
          if (x == n) 1 else uniroot(function(q) 2 * (top - ll(q)) - crit, c(p, 1 - 1e-16), tol = 1e-15)$root)
  # Blaker (2000): acceptability a(q) = P_q(gamma(X) <= gamma(x)); limits where it crosses alpha = 0.05
  acc <- function(q) {
    k <- 0:n
    g <- pmin(pbinom(k, n, q), 1 - pbinom(k - 1, n, q))
    sum(dbinom(k, n, q)[g <= g[x + 1] * (1 + 1e-7)])
  }
  grid_lo <- seq(cp[1], p, length.out = 4001)
  grid_hi <- seq(p, cp[2], length.out = 4001)
  inside_lo <- grid_lo[sapply(grid_lo, acc) > 0.05]
  inside_hi <- grid_hi[sapply(grid_hi, acc) > 0.05]
  refine <- function(a, b) { for (i in 1:60) { m <- (a + b) / 2; if (acc(m) > 0.05) b <- m else a <- m }; (a + b) / 2 }
  refine_hi <- function(a, b) { for (i in 1:60) { m <- (a + b) / 2; if (acc(m) > 0.05) a <- m else b <- m }; (a + b) / 2 }
  step <- (p - cp[1]) / 4000
  bl <- c(if (x == 0) 0 else refine(min(inside_lo) - step, min(inside_lo)),
          if (x == n) 1 else refine_hi(max(inside_hi), max(inside_hi) + (cp[2] - p) / 4000))
  list(x = x, n = n, clopper_pearson = I(cp[1:2]), wilson = I(w[1:2]), wilson_cc = I(wc[1:2]), jeffreys = I(jef),
       mid_p = I(midp), likelihood_ratio = I(lr), blaker = I(bl))
}

two <- function(x1, n1, x0, n0) {
  pt <- prop.test(c(x1, x0), c(n1, n0), correct = FALSE)
  ptc <- prop.test(c(x1, x0), c(n1, n0), correct = TRUE)
  tab <- matrix(c(x1, n1 - x1, x0, n0 - x0), 2, byrow = TRUE)
  ft <- fisher.test(tab)
  d <- data.frame(y = c(x1, x0), n = c(n1, n0), g = c(1, 0))
  fit_or <- glm(cbind(y, n - y) ~ g, family = binomial, data = d)
  fit_rr <- glm(cbind(y, n - y) ~ g, family = binomial(link = "log"), data = d, start = c(log(x0 / n0), 0))
  ch <- chisq.test(tab, correct = FALSE)
  chc <- chisq.test(tab, correct = TRUE)
  e <- ch$expected
  list(x1 = x1, n1 = n1, x0 = x0, n0 = n0,
       wald = I(pt$conf.int[1:2]), wald_cc = I(ptc$conf.int[1:2]),
       or_exact = I(ft$conf.int[1:2]),
       or_lr = I(unname(exp(suppressMessages(confint(fit_or))["g", ]))),
       rr_lr = I(unname(exp(suppressMessages(confint(fit_rr))["g", ]))),
       pearson = unname(ch$statistic), yates = unname(chc$statistic),
       g2 = 2 * sum(ifelse(tab > 0, tab * log(tab / e), 0)))
}

# R x C x K general association: mantelhaen.test on a 2 x 3 x 2 array (R's generalized CMH statistic)
arr <- array(c(10, 4, 5, 8, 3, 9, 6, 3, 6, 7, 2, 8), dim = c(2, 3, 2))
gen <- mantelhaen.test(arr)
# 3 x 3 x 3 (rows x cols x strata)
arr3 <- array(c(8, 5, 2, 6, 7, 4, 1, 6, 9, 5, 4, 3, 7, 6, 5, 2, 3, 8, 9, 3, 1, 4, 8, 2, 3, 5, 7), dim = c(3, 3, 3))
gen3 <- mantelhaen.test(arr3)
# 2 x 2 x K: CMH without correction
k2 <- array(c(10, 10, 4, 16, 6, 9, 3, 13, 8, 22, 9, 19), dim = c(2, 2, 3))
cmh2 <- mantelhaen.test(k2, correct = FALSE)

out <- list(
  one = list(one(36, 154), one(12, 77), one(0, 20), one(20, 20), one(7, 20), one(1, 9)),
  two = list(two(36, 154, 12, 77), two(7, 20, 3, 21), two(15, 30, 5, 28)),
  general_association = list(table = I(as.vector(arr)), dim = I(dim(arr)), statistic = unname(gen$statistic),
                             df = unname(gen$parameter)),
  general_association_3 = list(table = I(as.vector(arr3)), dim = I(dim(arr3)), statistic = unname(gen3$statistic),
                               df = unname(gen3$parameter)),
  cmh_2x2xk = list(table = I(as.vector(k2)), statistic = unname(cmh2$statistic),
                   mh_or = unname(cmh2$estimate), mh_or_ci = I(cmh2$conf.int[1:2]))
)
writeLines(to_json(out), "binary_freq.json")
