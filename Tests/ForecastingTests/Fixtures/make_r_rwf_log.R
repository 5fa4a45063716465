# The shrunk drift's limit case: with no pooling (tau^2 -> infinity, nu0 = 0) drift:shrunk's forecast is R forecast's
# rwf(y, drift = TRUE, lambda = 0) (the growth on log y, back-transformed), and its bands reach as far from it as
# rwf(y, drift = TRUE)'s from its own forecast (the data-scale band: half80, half95).
# Run: Rscript Tests/ForecastingTests/Fixtures/make_r_rwf_log.R > Tests/ForecastingTests/Fixtures/r_rwf_log.csv
suppressMessages(library(forecast))
m3 <- read.csv("Datasets/m3-yearly/train.csv")
series <- list(
  growth = 100 * 1.08^(0:11) + c(3, -2, 4, -1, 0, 2, -3, 5, -4, 1, 2, -2),
  three = c(92646, 92790, 92666),
  decline = c(50, 46, 44, 39, 37, 33, 31)
)
for (id in unique(m3$series_id)[c(1, 7, 50, 200)]) series[[id]] <- m3$value[m3$series_id == id]
cat("series,h,mean,half80,half95,values\n")
for (name in names(series)) {
  x <- series[[name]]
  f <- rwf(ts(x), h = 6, drift = TRUE, lambda = 0)
  d <- rwf(ts(x), h = 6, drift = TRUE, level = c(80, 95))
  for (h in 1:6) {
    cat(sprintf("%s,%d,%.15g,%.15g,%.15g,%s\n", name, h, f$mean[h], d$upper[h, 1] - d$mean[h],
                d$upper[h, 2] - d$mean[h], paste(x, collapse = ";")))
  }
}
