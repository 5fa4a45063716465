# Writes the R-parity fixtures for ForecastingTests.
# Run from this folder:  Rscript make_r_fixtures.R
# Needs R's forecast package (Debian: apt-get install -y r-cran-forecast); fixtures were made with forecast 8.20.
suppressMessages(library(forecast))
options(digits = 17)

m3 <- read.csv("../../../Datasets/m3-yearly/train.csv", stringsAsFactors = FALSE)
pick <- function(id) m3$value[m3$series_id == id]

series <- list(
  hv_per10k   = c(6.3, 7.5, 9.4, 11.8),
  pct_wipo    = c(6089, 7946, 12337, 16406, 18621, 21516, 25539),
  satisfaction = c(63.69, 64.96, 69.43, 68.72, 72.38, 76.69, 76.88, 78.98, 80.05, 80.61, 81.25, 82.04, 82.36),
  three_points = c(20, 18.5, 16.5),
  with_negatives = c(-1.2, 0.4, 0.1, 1.9, 2.5, 2.2, 4.1, 3.8),
  N0001 = pick("N0001"),
  N0100 = pick("N0100"),
  N0500 = pick("N0500"),
  N0645 = pick("N0645")
)

h <- 6
rows <- list()
add <- function(name, model, fc) {
  rows[[length(rows) + 1]] <<- data.frame(
    series = name, model = model, h = seq_len(h),
    mean = as.numeric(fc$mean),
    lo80 = as.numeric(fc$lower[, 1]), hi80 = as.numeric(fc$upper[, 1]),
    lo95 = as.numeric(fc$lower[, 2]), hi95 = as.numeric(fc$upper[, 2]))
}
lik <- list()
addLik <- function(name, model, fit) {
  ll <- logLik(fit)
  lik[[length(lik) + 1]] <<- data.frame(series = name, model = model, loglik = as.numeric(ll),
                                         df = attr(ll, "df"), sigma = summary(fit)$sigma)
}
for (name in names(series)) {
  y <- ts(series[[name]], start = 1, frequency = 1)
  add(name, "naive", naive(y, h = h, level = c(80, 95)))
  add(name, "drift", rwf(y, drift = TRUE, h = h, level = c(80, 95)))
  add(name, "mean", meanf(y, h = h, level = c(80, 95)))
  lin <- tslm(y ~ trend)
  add(name, "linear", forecast(lin, h = h, level = c(80, 95)))
  addLik(name, "linear", lin)
  if (length(y) >= 4) {
    quad <- tslm(y ~ trend + I(trend^2))
    add(name, "quadratic", forecast(quad, h = h, level = c(80, 95)))
    addLik(name, "quadratic", quad)
  }
  if (all(y > 0)) {
    loglin <- tslm(y ~ trend, lambda = 0)
    add(name, "loglinear", forecast(loglin, h = h, level = c(80, 95)))
    addLik(name, "loglinear", loglin)   # on the log scale, without the Jacobian
  }
}
write.csv(do.call(rbind, rows), "r_forecasts.csv", row.names = FALSE)
write.csv(do.call(rbind, lik), "r_loglik.csv", row.names = FALSE)
values <- do.call(rbind, lapply(names(series), function(n)
  data.frame(series = n, index = seq_along(series[[n]]), value = series[[n]])))
write.csv(values, "r_series.csv", row.names = FALSE)

# Quantiles used for intervals: qnorm (df = Inf) and qt.
grid <- expand.grid(p = c(0.5000001, 0.6, 0.9, 0.95, 0.975, 0.995, 0.9995, 1e-6, 0.025, 0.1),
                    df = c(1, 2, 3, 4, 5, 7, 12, 30, 120, Inf))
grid$q <- ifelse(is.infinite(grid$df), qnorm(grid$p), qt(grid$p, grid$df))
write.csv(grid, "r_quantiles.csv", row.names = FALSE)
