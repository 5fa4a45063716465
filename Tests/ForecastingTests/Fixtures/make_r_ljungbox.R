# Ljung-Box fixtures for ModelReport: R's Box.test(x, lag, type = "Ljung-Box") on fixed series.
# Run: Rscript Tests/ForecastingTests/Fixtures/make_r_ljungbox.R > Tests/ForecastingTests/Fixtures/r_ljungbox.csv
set.seed(7)
series <- list(
  a = c(1.2, -0.4, 0.8, 2.1, -1.3, 0.2, 0.9, -0.7, 1.5, -0.2, 0.4, -1.1),
  b = cumsum(c(0.5, 1.1, -0.3, 0.8, 1.9, -0.6, 0.4, 1.2, 0.1, -0.9, 1.4, 0.7, -0.2, 0.6, 1.0, -1.2, 0.3, 0.8, 0.2, -0.4)),
  c = round(rnorm(30), 4)
)
cat("series,lag,statistic,p_value,values\n")
for (name in names(series)) {
  x <- series[[name]]
  for (lag in c(1, 2, 4, 6)) {
    t <- Box.test(x, lag = lag, type = "Ljung-Box")
    cat(sprintf("%s,%d,%.12g,%.12g,%s\n", name, lag, t$statistic, t$p.value, paste(x, collapse = ";")))
  }
}
# accuracy() on the training set of naive() and rwf(drift = TRUE), for InSampleAccuracy (same file, lag = 0 rows).
suppressMessages(library(forecast))
for (name in c("b", "c")) {
  x <- series[[name]]
  for (m in c("naive", "drift")) {
    f <- if (m == "naive") naive(x) else rwf(x, drift = TRUE)
    a <- accuracy(f)
    cat(sprintf("%s_%s,0,%s,NA,%s\n", name, m,
                paste(sprintf("%.12g", a[1, c("ME", "RMSE", "MAE", "MPE", "MAPE", "MASE", "ACF1")]), collapse = ";"),
                paste(x, collapse = ";")))
  }
}
