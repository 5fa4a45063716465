# Writes the ETS and Theta fixtures for ForecastingTests (R forecast 8.20).
# Run from this folder:  Rscript make_r_ets_fixtures.R
suppressMessages(library(forecast))
options(digits = 17)
m3 <- read.csv("../../../Datasets/m3-yearly/train.csv", stringsAsFactors = FALSE)
pick <- function(id) m3$value[m3$series_id == id]
ids <- c("N0001", "N0010", "N0050", "N0100", "N0200", "N0300", "N0400", "N0500", "N0600", "N0645")
series <- c(setNames(lapply(ids, pick), ids),
            list(satisfaction = c(63.69, 64.96, 69.43, 68.72, 72.38, 76.69, 76.88, 78.98, 80.05, 80.61, 81.25, 82.04, 82.36),
                 pct_wipo = c(6089, 7946, 12337, 16406, 18621, 21516, 25539, 29846, 43168, 48882, 53345, 58990, 68720, 69540, 70015, 69610)))
values <- do.call(rbind, lapply(names(series), function(n)
  data.frame(series = n, index = seq_along(series[[n]]), value = series[[n]])))
write.csv(values, "r_ets_series.csv", row.names = FALSE)

fits <- list(); fc <- list()
for (name in names(series)) {
  y <- ts(series[[name]], start = 1, frequency = 1)
  for (form in c("ANN", "AAN", "AAdN", "MNN", "MAN", "MAdN")) {
    damped <- grepl("d", form)
    code <- sub("d", "", form)
    fit <- try(ets(y, model = code, damped = damped), silent = TRUE)
    if (inherits(fit, "try-error")) next
    par <- fit$par
    fits[[length(fits) + 1]] <- data.frame(series = name, form = form, loglik = fit$loglik, aicc = fit$aicc,
      alpha = unname(par["alpha"]), beta = unname(ifelse(is.na(par["beta"]), NA, par["beta"])),
      phi = unname(ifelse(is.na(par["phi"]), NA, par["phi"])), sigma2 = fit$sigma2)
    if (substr(form, 1, 1) == "A") {
      f <- forecast(fit, h = 6, level = c(80, 95))
      fc[[length(fc) + 1]] <- data.frame(series = name, model = paste0("ets:", form), h = 1:6,
        mean = as.numeric(f$mean), lo80 = as.numeric(f$lower[, 1]), hi80 = as.numeric(f$upper[, 1]),
        lo95 = as.numeric(f$lower[, 2]), hi95 = as.numeric(f$upper[, 2]))
    }
  }
  th <- thetaf(y, h = 6, level = c(80, 95))
  fc[[length(fc) + 1]] <- data.frame(series = name, model = "theta", h = 1:6,
    mean = as.numeric(th$mean), lo80 = as.numeric(th$lower[, 1]), hi80 = as.numeric(th$upper[, 1]),
    lo95 = as.numeric(th$lower[, 2]), hi95 = as.numeric(th$upper[, 2]))
}
write.csv(do.call(rbind, fits), "r_ets_fits.csv", row.names = FALSE)
write.csv(do.call(rbind, fc), "r_ets_forecasts.csv", row.names = FALSE)
