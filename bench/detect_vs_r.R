# R side of bench/detect_vs_r.py: surveillance's earsC (C1, C2, C3) and farringtonFlexible
# (Noufaily settings) on the series written by detect_vs_r.py, timed, outputs saved.
#
#   taskset -c 0 Rscript bench/detect_vs_r.R <counts.csv> <outdir> [repeats] [ff_subset] [b]
#
# <counts.csv>: one row per week, columns `year`, `week` (sts epoch: 52 weeks a year, the
# first row gives the sts start) then one column per series. The last `monitor` weeks (read
# from <outdir>/monitor.txt, default 52) are monitored. `ff_subset`: farringtonFlexible runs
# on the first N series only (it takes ~1.5 s of CPU per series here), 0 = all.
#
# Writes to <outdir>: r_<method>_upperbound.f64 and r_<method>_alarm.f64 (little-endian
# doubles, the range x series matrix in R's column-major order, NA as NA_real_),
# r_timings.csv (method, n_series, run, elapsed_s, cpu_s) and r_meta.txt.
# Timed: the earsC / farringtonFlexible call on the ready-made sts only (not reading the CSV,
# not building the sts, not writing outputs); each `repeats` times. EARS is timed twice: one
# call on the multivariate sts, and a loop of calls on univariate sts ("<method>/loop").

suppressPackageStartupMessages(library(surveillance))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 2) stop("usage: Rscript detect_vs_r.R <counts.csv> <outdir> [repeats] [ff_subset] [b]")
csv <- args[1]
outdir <- args[2]
repeats <- if (length(args) >= 3) as.integer(args[3]) else 3L
ff_subset <- if (length(args) >= 4) as.integer(args[4]) else 0L
b <- if (length(args) >= 5) as.integer(args[5]) else 4L
monitor_file <- file.path(outdir, "monitor.txt")
monitor <- if (file.exists(monitor_file)) as.integer(readLines(monitor_file)[1]) else 52L

df <- read.csv(csv, check.names = FALSE)
obs <- as.matrix(df[, -(1:2)])
storage.mode(obs) <- "double"
n <- nrow(obs)
s_all <- sts(observed = obs, start = c(df$year[1], df$week[1]), frequency = 52)
range <- (n - monitor + 1):n

ff_control <- list(range = range, b = b, w = 3, reweight = TRUE, weightsThreshold = 2.58,
                   alpha = 0.05, trend = TRUE, pThresholdTrend = 0.05, limit54 = c(5, 4),
                   powertrans = "2/3", fitFun = "algo.farrington.fitGLM.flexible",
                   populationOffset = FALSE, noPeriods = 10, pastWeeksNotIncluded = NULL,
                   thresholdMethod = "nbPlugin", glmWarnings = FALSE)

methods <- list(
  "ears-c1" = list(fun = earsC, control = list(range = range, method = "C1", baseline = 7),
                   cols = seq_len(ncol(obs))),
  "ears-c2" = list(fun = earsC, control = list(range = range, method = "C2", baseline = 7),
                   cols = seq_len(ncol(obs))),
  "ears-c3" = list(fun = earsC, control = list(range = range, method = "C3", baseline = 7),
                   cols = seq_len(ncol(obs))),
  "farrington-flexible" = list(
    fun = farringtonFlexible, control = ff_control,
    cols = seq_len(if (ff_subset > 0) min(ff_subset, ncol(obs)) else ncol(obs)))
)

write_f64 <- function(m, name) {
  con <- file(file.path(outdir, name), "wb")
  writeBin(as.double(as.vector(m)), con, size = 8, endian = "little")
  close(con)
}

timings <- data.frame()
for (name in names(methods)) {
  m <- methods[[name]]
  s <- if (length(m$cols) == ncol(obs)) s_all else s_all[, m$cols]
  for (run in seq_len(repeats)) {
    gc()
    t <- system.time(res <- m$fun(s, control = m$control))
    timings <- rbind(timings, data.frame(method = name, n_series = length(m$cols), run = run,
                                         elapsed_s = unname(t["elapsed"]),
                                         cpu_s = unname(t["user.self"] + t["sys.self"])))
    cat(sprintf("R %-20s %5d series  run %d  %8.2f s elapsed  %8.2f s cpu\n", name,
                length(m$cols), run, t["elapsed"], t["user.self"] + t["sys.self"]))
  }
  ub <- upperbound(res)
  al <- alarms(res)
  if (name %in% c("ears-c1", "ears-c2", "ears-c3")) {
    # the same method called once per univariate sts (built before the clock starts):
    # earsC writes into the multivariate sts column by column, which copies the whole
    # upperbound matrix each time; a loop over single series avoids that.
    singles <- lapply(m$cols, function(j) s[, j])
    for (run in seq_len(repeats)) {
      gc()
      t <- system.time(res1 <- lapply(singles, m$fun, control = m$control))
      timings <- rbind(timings, data.frame(method = paste0(name, "/loop"),
                                           n_series = length(m$cols), run = run,
                                           elapsed_s = unname(t["elapsed"]),
                                           cpu_s = unname(t["user.self"] + t["sys.self"])))
      cat(sprintf("R %-20s %5d series  run %d  %8.2f s elapsed  %8.2f s cpu\n",
                  paste0(name, "/loop"), length(m$cols), run, t["elapsed"],
                  t["user.self"] + t["sys.self"]))
    }
    ub1 <- sapply(res1, function(r) upperbound(r)[, 1])
    if (!isTRUE(all.equal(unname(ub1), unname(ub[, , drop = TRUE]), tolerance = 0)))
      stop(name, ": the per-series loop gives other upper bounds than the multivariate call")
  }
  if (nrow(ub) != length(range)) {      # in case the method returns the whole series
    ub <- ub[range, , drop = FALSE]
    al <- al[range, , drop = FALSE]
  }
  write_f64(ub, sprintf("r_%s_upperbound.f64", name))
  write_f64(al, sprintf("r_%s_alarm.f64", name))
}
write.csv(timings, file.path(outdir, "r_timings.csv"), row.names = FALSE)
writeLines(c(sprintf("r_version=%s", R.version.string),
             sprintf("surveillance=%s", as.character(packageVersion("surveillance"))),
             sprintf("blas=%s", extSoftVersion()[["BLAS"]]),
             sprintf("monitor=%d", monitor), sprintf("b=%d", b),
             sprintf("ff_subset=%d", length(methods[["farrington-flexible"]]$cols))),
           file.path(outdir, "r_meta.txt"))
