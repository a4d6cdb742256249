# Reference figures for the PROC FREQ intervals of tests/binary/test_freq_sas_more.py: the modified-Wald relative
# risk and odds ratio (RELRISK/OR(CL=WALDMODIFIED)), the exact unconditional relative risk (RELRISK(CL=EXACT)), the
# stratified Newcombe common risk difference (COMMONRISKDIFF(CL=NEWCOMBE), Yan & Su 2010, Mantel-Haenszel
# weights) and the stratified score common risk difference with Miettinen-Nurminen weights (COMMONRISKDIFF(CL=MN)).
#
# Run from tests/reference:   Rscript binary_freq_sas_more.R
# Writes: binary_freq_sas_more.json. The tests read the JSON and never need R.
#
# Base R only, each interval from its published definition and computed here in its own way: the Wilson limits
# come from prop.test, the constrained maximum-likelihood rates from optimize() on the log-likelihood (not from the
# closed-form roots the Python code uses), the score limits from uniroot.
source("json_writer.R")

level <- 0.95
z <- qnorm(1 - (1 - level) / 2)
alpha <- 1 - level

# -- modified Wald: 1/2 added to each cell ------------------------------------------------------------------------
wald_modified <- function(a, n1, c, n0) {
  b <- n1 - a
  d <- n0 - c
  rr <- ((a + 0.5) / (n1 + 1)) / ((c + 0.5) / (n0 + 1))
  se_rr <- sqrt(1 / (a + 0.5) - 1 / (n1 + 1) + 1 / (c + 0.5) - 1 / (n0 + 1))
  or <- (a + 0.5) * (d + 0.5) / ((b + 0.5) * (c + 0.5))
  se_or <- sqrt(sum(1 / (c(a, b, c, d) + 0.5)))
  list(rr = I(rr * exp(c(-1, 1) * z * se_rr)), or = I(or * exp(c(-1, 1) * z * se_or)))
}

# -- constrained ML rates by direct maximization ----------------------------------------------------------------
loglik <- function(p1, p0, x1, n1, x0, n0) {
  f <- function(x, n, p) (if (x > 0) x * log(p) else 0) + (if (n - x > 0) (n - x) * log(1 - p) else 0)
  f(x1, n1, p1) + f(x0, n0, p0)
}
rr_fit <- function(x1, n1, x0, n0, theta) {  # p1 = theta p0
  if (x1 + x0 == 0) return(c(0, 0))
  top <- min(1, 1 / theta)
  o <- optimize(function(p0) -loglik(min(theta * p0, 1), p0, x1, n1, x0, n0), c(1e-12, top - 1e-12), tol = 1e-13)
  c(min(theta * o$minimum, 1), o$minimum)
}
rd_fit <- function(x1, n1, x0, n0, delta) {  # p1 = p0 + delta
  lo <- max(0, -delta); hi <- min(1, 1 - delta)
  o <- optimize(function(p0) -loglik(p0 + delta, p0, x1, n1, x0, n0), c(lo + 1e-13, hi - 1e-13), tol = 1e-14)
  c(o$minimum + delta, o$minimum)
}

# -- exact unconditional relative risk: two one-sided score tests, nuisance rate maximized ------------------------
exact_rr <- function(a, n1, c, n0, grid = 1000) {
  tabs <- expand.grid(k1 = 0:n1, k0 = 0:n0)
  size_fun <- function(theta, side) {
    t <- mapply(function(k1, k0) {
      num <- k1 / n1 - theta * k0 / n0
      p <- rr_fit(k1, n1, k0, n0, theta)
      v <- p[1] * (1 - p[1]) / n1 + theta^2 * p[2] * (1 - p[2]) / n0
      if (v > 0) num / sqrt(v) else if (num == 0) 0 else sign(num) * Inf
    }, tabs$k1, tabs$k0)
    t_obs <- t[tabs$k1 == a & tabs$k0 == c]
    inside <- if (side > 0) t >= t_obs - 1e-9 else t <= t_obs + 1e-9
    tail_prob <- function(p0) sum(dbinom(tabs$k1[inside], n1, min(theta * p0, 1)) * dbinom(tabs$k0[inside], n0, p0))
    top <- min(1, 1 / theta)
    g <- seq(0, top, length.out = grid)
    vals <- vapply(g, tail_prob, 0)
    j <- which.max(vals)
    o <- optimize(function(p0) -tail_prob(p0), c(g[max(j - 1, 1)], g[min(j + 1, grid)]), tol = 1e-12)
    max(vals[j], -o$objective)
  }
  centre <- log(((a + 0.5) / (n1 + 1)) / ((c + 0.5) / (n0 + 1)))
  edge <- function(side) {
    inside <- function(lt) size_fun(exp(lt), side) > alpha / 2
    out <- centre - side
    while (inside(out)) out <- out - side
    lo <- out; hi <- centre
    while (abs(hi - lo) > 1e-9) {
      m <- (lo + hi) / 2
      if (inside(m)) hi <- m else lo <- m
    }
    exp((lo + hi) / 2)
  }
  c(if (a == 0) 0 else edge(1), if (c == 0) Inf else edge(-1))
}

# -- stratified Newcombe (Yan & Su 2010) with Mantel-Haenszel weights --------------------------------------------
wilson <- function(x, n) {
  ci <- prop.test(x, n, correct = FALSE, conf.level = level)$conf.int
  c(if (x == 0) 0 else ci[1], if (x == n) 1 else ci[2])
}
strat_newcombe <- function(a, n1, c, n0) {
  w <- n1 * n0 / (n1 + n0); w <- w / sum(w)
  p1h <- a / n1; p0h <- c / n0
  w1 <- t(mapply(wilson, a, n1)); w0 <- t(mapply(wilson, c, n0))
  p1 <- sum(w * p1h); p0 <- sum(w * p0h)
  # stratified Wilson limits of each arm: the squared distances are z^2 L(1 - L)/n of the stratum Wilson limits
  l1 <- p1 - z * sqrt(sum(w^2 * w1[, 1] * (1 - w1[, 1]) / n1))
  u1 <- p1 + z * sqrt(sum(w^2 * w1[, 2] * (1 - w1[, 2]) / n1))
  l0 <- p0 - z * sqrt(sum(w^2 * w0[, 1] * (1 - w0[, 1]) / n0))
  u0 <- p0 + z * sqrt(sum(w^2 * w0[, 2] * (1 - w0[, 2]) / n0))
  d <- p1 - p0
  list(estimate = d, limits = I(c(d - sqrt((p1 - l1)^2 + (u0 - p0)^2), d + sqrt((u1 - p1)^2 + (p0 - l0)^2))))
}

# -- stratified score with Miettinen-Nurminen (1985) iterative weights -------------------------------------------
# At each trial delta: w_h = 1 / (R1 (1 - R1)/n1h + R0 (1 - R0)/n0h), R_j the w-weighted mean of the stratum
# constrained rates; the fixed point is found here with uniroot on the scalar R1 (R0 follows from R1's weights).
strat_mn <- function(a, n1, c, n0) {
  zstat <- function(delta) {
    fits <- t(mapply(function(x1, m1, x0, m0) rd_fit(x1, m1, x0, m0, delta), a, n1, c, n0))
    q1 <- fits[, 1]; q0 <- fits[, 2]
    v <- (q1 * (1 - q1) / n1 + q0 * (1 - q0) / n0) * (n1 + n0) / (n1 + n0 - 1)
    weights_at <- function(r1, r0) 1 / (r1 * (1 - r1) / n1 + r0 * (1 - r0) / n0)
    # R0 as a function of R1 solves its own fixed point; nest the two one-dimensional searches
    r0_given <- function(r1) {
      g <- function(r0) { w <- weights_at(r1, r0); sum(w * q0) / sum(w) - r0 }
      if (max(q0) - min(q0) < 1e-15) return(q0[1])
      uniroot(g, c(min(q0), max(q0)), tol = 1e-15)$root
    }
    h <- function(r1) { w <- weights_at(r1, r0_given(r1)); sum(w * q1) / sum(w) - r1 }
    r1 <- if (max(q1) - min(q1) < 1e-15) q1[1] else uniroot(h, c(min(q1), max(q1)), tol = 1e-15)$root
    w <- weights_at(r1, r0_given(r1))
    sum(w * (a / n1 - c / n0 - delta)) / sqrt(sum(w^2 * v))
  }
  r <- function(target) uniroot(function(dl) zstat(dl) - target, c(-1 + 1e-9, 1 - 1e-9), tol = 1e-13)$root
  list(estimate = r(0), limits = I(c(r(z), r(-z))))
}

tables <- list(c(7, 20, 3, 21), c(15, 30, 5, 28), c(0, 10, 3, 10), c(4, 10, 0, 10), c(12, 40, 6, 38))
two <- lapply(tables, function(t) {
  wm <- wald_modified(t[1], t[2], t[3], t[4])
  list(x1 = t[1], n1 = t[2], x0 = t[3], n0 = t[4], rr_wald_modified = wm$rr, or_wald_modified = wm$or,
       rr_exact = I(exact_rr(t[1], t[2], t[3], t[4])))
})

strata <- list(
  list(x1 = c(10, 6, 8), n1 = c(20, 15, 30), x0 = c(4, 3, 9), n0 = c(20, 16, 28)),
  list(x1 = c(16, 12), n1 = c(27, 28), x0 = c(5, 7), n0 = c(25, 26)),  # the Migraine data (female, male)
  list(x1 = c(0, 5, 3), n1 = c(10, 12, 8), x0 = c(1, 0, 3), n0 = c(11, 10, 9))
)
common <- lapply(strata, function(s) {
  nc <- strat_newcombe(s$x1, s$n1, s$x0, s$n0)
  mn <- strat_mn(s$x1, s$n1, s$x0, s$n0)
  list(x1 = I(s$x1), n1 = I(s$n1), x0 = I(s$x0), n0 = I(s$n0), newcombe = nc$limits, newcombe_estimate = nc$estimate,
       mn = mn$limits, mn_estimate = mn$estimate)
})

writeLines(to_json(list(confidence_level = level, two = two, common = common)), "binary_freq_sas_more.json")
