# Reference values for MetricsReferenceTest and DieboldMarianoReferenceTest, computed with R's forecast package
# (Debian r-cran-forecast; the version is written into the output). Regenerate with
#   Rscript r-reference.R > r-reference.txt
# from this directory. Every number is printed with 17 significant digits; the Java tests read them back.
suppressMessages(library(forecast))
set.seed(20261207)
m <- 24; n <- 240; h <- 48
t <- seq_len(n + h)
# an hourly series with a daily season, a trend, noise and a level shift inside the training part
y <- 50 + 10 * sin(2 * pi * t / m) + 0.02 * t + rnorm(n + h, sd = 2)
y[150:(n + h)] <- y[150:(n + h)] + 8
x <- ts(y[1:n], frequency = m)
test <- y[(n + 1):(n + h)]
f1 <- as.numeric(snaive(x, h = h)$mean)
f2 <- as.numeric(rwf(x, h = h, drift = TRUE)$mean)
out <- function(name, v) cat(name, "=", paste(format(v, digits = 17), collapse = ","), "\n", sep = "")
out("forecast_version", as.character(packageVersion("forecast")))
out("season", m)
out("train", as.numeric(x))
out("test", test)
out("f1", f1)
out("f2", f2)
out("mase_scale", mean(abs(diff(as.numeric(x), lag = m))))
for (k in 1:2) {
  f <- list(f1, f2)[[k]]
  # accuracy() on a forecast object scales by its training series: the MASE the Java side computes
  fc <- if (k == 1) snaive(x, h = h) else rwf(x, h = h, drift = TRUE)
  # d = 0, D = 1: the seasonal naive scale; left out, accuracy() takes them from the test vector's frequency (1)
  b <- accuracy(fc, test, d = 0, D = 1)["Test set", ]
  e <- test - f
  out(paste0("f", k, "_me"), b[["ME"]])
  out(paste0("f", k, "_rmse"), b[["RMSE"]])
  out(paste0("f", k, "_mae"), b[["MAE"]])
  out(paste0("f", k, "_mase"), b[["MASE"]])
  # M4's sMAPE and WAPE, written out here (accuracy() has neither)
  out(paste0("f", k, "_smape"), mean(200 * abs(e) / (abs(test) + abs(f))))
  out(paste0("f", k, "_wape"), 100 * sum(abs(e)) / sum(abs(test)))
}
e1 <- test - f1
e2 <- test - f2
dm <- function(name, a, b, hh, p) {
  r <- suppressWarnings(dm.test(a, b, h = hh, power = p))
  out(paste0(name, "_statistic"), unname(r$statistic))
  out(paste0(name, "_p_value"), r$p.value)
}
dm("dm_h1_p2", e1, e2, 1, 2)
dm("dm_h1_p1", e1, e2, 1, 1)
dm("dm_h6_p2", e1, e2, 6, 2)
# at h = 12 the truncated variance is negative here: dm.test warns and uses h = 1
dm("dm_h12_p1", e1, e2, 12, 1)
# two close forecasters, where the answer is not obvious
f3 <- 0.8 * f1 + 0.2 * f2
out("f3", f3)
dm("dm_close_h4_p2", e1, test - f3, 4, 2)
dm("dm_close_h3_p1", e1, test - f3, 3, 1)
# differences that alternate in sign: at h = 2 the truncated variance is negative and dm.test falls back to h = 1
alt1 <- rep(c(3, 1), 15) + seq(0, 0.29, by = 0.01)
alt2 <- rep(c(1, 3), 15)
out("alt1", alt1)
out("alt2", alt2)
dm("dm_alt_h2_p1", alt1, alt2, 2, 1)
