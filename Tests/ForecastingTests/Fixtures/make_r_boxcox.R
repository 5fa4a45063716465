# Box-Cox fixtures: R forecast's BoxCox.lambda(x) (Guerrero's method, lower -1, upper 2, yearly: subseries of 2,
# minimised by optimize()), BoxCox(x, lambda) and InvBoxCox on fixed series and the first M3 yearly training series.
# Run: Rscript Tests/ForecastingTests/Fixtures/make_r_boxcox.R > Tests/ForecastingTests/Fixtures/r_boxcox.csv
suppressMessages(library(forecast))
m3 <- read.csv("Datasets/m3-yearly/train.csv")
series <- list(
  growth = 100 * 1.08^(0:19) + c(3, -2, 4, -1, 0, 2, -3, 5, -4, 1, 2, -2, 3, -5, 4, 0, -1, 2, -3, 1),
  flat = c(50.2, 49.8, 50.5, 50.1, 49.6, 50.3, 50.0, 49.9),
  two = c(3, 4),
  zero = c(0, 1.5, 2.2, 3.1, 2.9, 4.4, 5.0, 6.3)
)
for (id in unique(m3$series_id)[1:40]) series[[id]] <- m3$value[m3$series_id == id]
cat("series,lambda,transformed,values\n")
for (name in names(series)) {
  x <- series[[name]]
  lambda <- suppressWarnings(BoxCox.lambda(ts(x, frequency = 1)))
  z <- BoxCox(x, lambda)
  stopifnot(max(abs(InvBoxCox(z, lambda) - x)) < 1e-8 * max(abs(x)))
  cat(sprintf("%s,%.15g,%s,%s\n", name, lambda, paste(sprintf("%.15g", z), collapse = ";"),
              paste(x, collapse = ";")))
}
