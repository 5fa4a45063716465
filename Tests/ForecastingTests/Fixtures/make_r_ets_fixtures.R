# Writes the ETS and Theta fixtures for ForecastingTests (R forecast 8.20).
# Run from this folder:  Rscript make_r_ets_fixtures.R
# R's optimiser is not equivariant to the unit of measure (optim's Nelder-Mead steps every coordinate by 10% of the
# largest, states and smoothing parameters alike), and Trajectory fits exponential smoothing with the data brought to
# the decade 1,000-9,999 (a power of ten) so that it is. Each series is therefore given to R in that decade and R's
# answers are scaled back: forecasts and bounds times c, sigma2 times c^2 (additive errors), log-likelihoods less
# n log(c), AICc plus 2 n log(c). For the ten M3 series, already in that decade, c = 1.
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
  c <- 10^(floor(log10(mean(abs(series[[name]])))) - 3)
  n <- length(series[[name]])
  y <- ts(series[[name]] / c, start = 1, frequency = 1)
  for (form in c("ANN", "AAN", "AAdN", "MNN", "MAN", "MAdN")) {
    damped <- grepl("d", form)
    code <- sub("d", "", form)
    fit <- try(ets(y, model = code, damped = damped), silent = TRUE)
    if (inherits(fit, "try-error")) next
    par <- fit$par
    fits[[length(fits) + 1]] <- data.frame(series = name, form = form, loglik = fit$loglik - n * log(c),
      aicc = fit$aicc + 2 * n * log(c),
      alpha = unname(par["alpha"]), beta = unname(ifelse(is.na(par["beta"]), NA, par["beta"])),
      phi = unname(ifelse(is.na(par["phi"]), NA, par["phi"])),
      sigma2 = fit$sigma2 * ifelse(substr(form, 1, 1) == "A", c^2, 1))
    if (substr(form, 1, 1) == "A") {
      f <- forecast(fit, h = 6, level = c(80, 95))
      fc[[length(fc) + 1]] <- data.frame(series = name, model = paste0("ets:", form), h = 1:6,
        mean = c * as.numeric(f$mean), lo80 = c * as.numeric(f$lower[, 1]), hi80 = c * as.numeric(f$upper[, 1]),
        lo95 = c * as.numeric(f$lower[, 2]), hi95 = c * as.numeric(f$upper[, 2]))
    }
  }
  th <- thetaf(y, h = 6, level = c(80, 95))
  fc[[length(fc) + 1]] <- data.frame(series = name, model = "theta", h = 1:6,
    mean = c * as.numeric(th$mean), lo80 = c * as.numeric(th$lower[, 1]), hi80 = c * as.numeric(th$upper[, 1]),
    lo95 = c * as.numeric(th$lower[, 2]), hi95 = c * as.numeric(th$upper[, 2]))
}
write.csv(do.call(rbind, fits), "r_ets_fits.csv", row.names = FALSE)
write.csv(do.call(rbind, fc), "r_ets_forecasts.csv", row.names = FALSE)
