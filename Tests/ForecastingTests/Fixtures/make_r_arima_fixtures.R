# Writes the ARIMA fixtures for ForecastingTests (R forecast 8.20, stats::arima through forecast::Arima, CSS-ML).
# Run from this folder:  Rscript make_r_arima_fixtures.R
suppressMessages(library(forecast))
options(digits = 17)
source_series <- read.csv("r_ets_series.csv", stringsAsFactors = FALSE)
series <- split(source_series$value, source_series$series)
orders <- list(
  list(name = "arima:1,0,0", order = c(1, 0, 0), drift = FALSE),
  list(name = "arima:0,1,1", order = c(0, 1, 1), drift = FALSE),
  list(name = "arima:1,1,0+drift", order = c(1, 1, 0), drift = TRUE),
  list(name = "arima:0,1,0+drift", order = c(0, 1, 0), drift = TRUE),
  list(name = "arima:2,1,0", order = c(2, 1, 0), drift = FALSE),
  list(name = "arima:1,1,1", order = c(1, 1, 1), drift = FALSE),
  list(name = "arima:0,2,1", order = c(0, 2, 1), drift = FALSE),
  list(name = "arima:1,0,1", order = c(1, 0, 1), drift = FALSE)
)
fits <- list(); fc <- list(); autos <- list()
for (s in names(series)) {
  y <- ts(series[[s]])
  for (o in orders) {
    f <- tryCatch(Arima(y, order = o$order, include.drift = o$drift), error = function(e) NULL)
    if (is.null(f)) next
    coefs <- f$coef
    # The model as "arima:p/d/q[+drift]" (slashes: the fixture reader splits on commas).
    name <- gsub(",", "/", o$name)
    fits[[length(fits) + 1]] <- data.frame(series = s, model = name, loglik = f$loglik, aicc = f$aicc,
                                           sigma2 = f$sigma2, coef = paste(format(coefs, digits = 17), collapse = ";"),
                                           coefnames = paste(names(coefs), collapse = ";"))
    p <- forecast(f, h = 5, level = c(80, 95))
    fc[[length(fc) + 1]] <- data.frame(series = s, model = name, h = 1:5, mean = as.numeric(p$mean),
                                       lo80 = as.numeric(p$lower[, 1]), hi80 = as.numeric(p$upper[, 1]),
                                       lo95 = as.numeric(p$lower[, 2]), hi95 = as.numeric(p$upper[, 2]))
  }
  a <- auto.arima(y)
  o <- arimaorder(a)
  kpss <- urca::ur.kpss(y, type = "mu", use.lag = trunc(3 * sqrt(length(y)) / 13))@teststat
  autos[[length(autos) + 1]] <- data.frame(series = s, p = o[1], d = o[2], q = o[3],
                                           constant = length(a$coef) > o[1] + o[3], aicc = a$aicc,
                                           kpss = kpss, ndiffs = ndiffs(y))
}
write.csv(do.call(rbind, fits), "r_arima_fits.csv", row.names = FALSE)
write.csv(do.call(rbind, fc), "r_arima_forecasts.csv", row.names = FALSE)
write.csv(do.call(rbind, autos), "r_arima_auto.csv", row.names = FALSE)
