# Reference fits for trialscout.extrapolate: survival::survreg (R 4.2, survival 3.5) on R's own data sets.
# Run from the repository root:  Rscript tests/reference/extrapolate_survreg.R
# Writes tests/reference/extrapolate_survreg.json: each data set (time, event, arm) and, for each distribution,
# separate fits per arm and a joint fit with the arm as a factor: log-likelihood, coefficients, log(scale),
# median with its delta-method standard error (predict(type = "quantile", se.fit = TRUE)) and S(t) per arm.
library(survival)
library(jsonlite)

sets <- list(
  lung = with(lung, data.frame(time = time, event = as.integer(status == 2), arm = ifelse(sex == 1, "male", "female"))),
  veteran = with(veteran, data.frame(time = time, event = status, arm = ifelse(trt == 1, "standard", "test"))),
  ovarian = with(ovarian, data.frame(time = futime, event = fustat, arm = paste0("rx", rx))),
  colon = with(subset(colon, etype == 2), data.frame(time = time, event = status, arm = as.character(rx)))
)
times <- list(lung = c(100, 365, 730), veteran = c(30, 90, 365), ovarian = c(200, 500, 1000),
              colon = c(365, 1826, 3000))
dists <- c("exponential", "weibull", "lognormal", "loglogistic")

surv_at <- function(t, lp, scale, dist) 1 - psurvreg(t, mean = lp, scale = scale, distribution = dist)

arm_preds <- function(fit, arms, tt, dist) {
  out <- list()
  nd <- data.frame(arm = arms)
  lp <- predict(fit, newdata = nd, type = "lp")
  med <- predict(fit, newdata = nd, type = "quantile", p = 0.5, se.fit = TRUE)
  for (i in seq_along(arms)) {
    out[[arms[i]]] <- list(lp = unname(lp[i]), median = unname(med$fit[i]), median_se = unname(med$se.fit[i]),
                           survival = unname(surv_at(tt, lp[i], fit$scale, dist)))
  }
  out
}

result <- list(r_version = R.version.string, survival_version = as.character(packageVersion("survival")),
               data = list(), fits = list())
for (nm in names(sets)) {
  d <- sets[[nm]]
  arms <- sort(unique(d$arm))
  tt <- times[[nm]]
  result$data[[nm]] <- list(time = d$time, event = d$event, arm = d$arm, times = tt)
  for (dist in dists) {
    for (a in arms) {
      da <- d[d$arm == a, ]
      f <- survreg(Surv(time, event) ~ 1, data = da, dist = dist)
      result$fits[[length(result$fits) + 1]] <- list(
        data = nm, dist = dist, model = "separate", arm = a, loglik = f$loglik[2],
        coef = unname(coef(f)), log_scale = log(f$scale),
        arms = arm_preds(f, a, tt, dist))
    }
    d$arm <- factor(d$arm, levels = arms)
    f <- survreg(Surv(time, event) ~ arm, data = d, dist = dist)
    d$arm <- as.character(d$arm)
    result$fits[[length(result$fits) + 1]] <- list(
      data = nm, dist = dist, model = "joint", arm = NULL, loglik = f$loglik[2],
      coef = unname(coef(f)), log_scale = log(f$scale),
      arms = arm_preds(f, arms, tt, dist))
  }
}
writeLines(toJSON(result, auto_unbox = TRUE, digits = NA, null = "null"), "tests/reference/extrapolate_survreg.json")
