# R forecast's functions on every series of 3-8 training points of the two short validation corpora
# (Datasets/yearly-validation: annual sums of M3's quarterly and monthly series): the point forecasts over
# each series' held-out horizon. Run from the package root:
#   Rscript Tests/PlanningTests/Fixtures/make_r_short_series.R
# Writes Tests/PlanningTests/Fixtures/r_short_series.csv (series_id, model, h, mean); a function that fails
# on a series (R's ets needs more points than some forms have) leaves no row. As for the ETS fixtures
# (Tests/ForecastingTests/Fixtures/make_r_ets_fixtures.R), each series is given to R with its mean absolute value
# brought to the decade 1,000-9,999 by a power of ten c (R's optimiser depends on the unit; Trajectory's does not),
# and the forecasts are scaled back by c.
suppressMessages(library(forecast))
out <- list()
for (corpus in c("m3-quarterly-annual", "m3-monthly-annual")) {
  dir <- file.path("Datasets/yearly-validation", corpus)
  train <- read.csv(file.path(dir, "train.csv"), stringsAsFactors = FALSE)
  test <- read.csv(file.path(dir, "test.csv"), stringsAsFactors = FALSE)
  for (id in unique(train$series_id)) {
    raw <- train$value[train$series_id == id]
    if (length(raw) < 3 || length(raw) > 8) next
    c <- 10^(floor(log10(mean(abs(raw)))) - 3)
    y <- ts(raw / c)
    h <- sum(test$series_id == id)
    fns <- list(
      ets = function() forecast(ets(y), h = h)$mean,
      ses = function() ses(y, h = h)$mean,
      holt = function() holt(y, h = h)$mean,
      damped = function() holt(y, h = h, damped = TRUE)$mean,
      theta = function() thetaf(y, h = h)$mean,
      auto.arima = function() forecast(auto.arima(y), h = h)$mean,
      arima = function() forecast(auto.arima(y, max.d = 1), h = h)$mean,
      naive = function() naive(y, h = h)$mean,
      drift = function() rwf(y, h = h, drift = TRUE)$mean,
      mean = function() meanf(y, h = h)$mean,
      linear = function() forecast(tslm(y ~ trend), h = h)$mean,
      quadratic = function() forecast(tslm(y ~ trend + I(trend^2)), h = h)$mean,
      loglinear = function() exp(forecast(tslm(log(y) ~ trend), h = h)$mean)
    )
    for (m in names(fns)) {
      f <- tryCatch(as.numeric(fns[[m]]()), error = function(e) NULL)
      if (is.null(f) || any(!is.finite(f))) next
      out[[length(out) + 1]] <- data.frame(series_id = id, model = m, h = seq_len(h), mean = c * f)
    }
  }
}
res <- do.call(rbind, out)
write.csv(res, "Tests/PlanningTests/Fixtures/r_short_series.csv", row.names = FALSE, quote = FALSE)
cat(nrow(res), "rows\n")
