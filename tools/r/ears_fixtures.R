#!/usr/bin/env Rscript
# Reference outputs of surveillance::earsC (EARS C1, C2, C3) for nadd's tests.
#
# Usage (from the repository root; needs R with surveillance 1.20, Debian r-cran-surveillance,
# and jsonlite):
#   Rscript tools/r/ears_fixtures.R tests/detect/fixtures/ears_reference.json
#
# The JSON holds each dataset's observed counts (n_series x n_time, null = NA) and, per case,
# the control list given to earsC (alpha null = left out, so earsC picks its method default;
# range in R's 1-based indices, null = earsC's default range), the monitored indices it
# returned (0-based) and its upperbound and alarm slots (n_series x len(range), null = NA).
# tests/detect/test_ears.py replays every case in Python; CI does not need R.

suppressPackageStartupMessages({
  library(surveillance)
  library(jsonlite)
})
stopifnot(packageVersion("surveillance") >= "1.20", packageVersion("surveillance") < "1.21")

args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args)) args[1] else "tests/detect/fixtures/ears_reference.json"

data("ha.sts", "measlesDE", "salmonella.agona", "campyDE", "abattoir")
salmonella <- disProg2sts(salmonella.agona)
# A copy with missing weeks, to pin down how NA travels through mean, sd and pmax.
salmonella_na <- salmonella
observed(salmonella_na)[c(200, 230, 231, 290), 1] <- NA

datasets <- list(
  ha.sts = list(sts = ha.sts, range = 239:290),
  measlesDE = list(sts = measlesDE, range = 105:156),
  salmonella.agona = list(sts = salmonella, range = 209:312),
  campyDE = list(sts = sts(observed = campyDE$case, frequency = 52), range = 419:522),
  abattoir = list(sts = abattoir, range = 68:171),
  salmonella.agona.na = list(sts = salmonella_na, range = 150:312)
)

# Settings: earsC's defaults, a wider baseline with a sigma floor and a looser alpha, and
# the smallest baseline with earsC's default range (full series) on the univariate sets.
settings <- list(
  default = function(ds) list(range = ds$range),
  wide = function(ds) list(range = ds$range, baseline = 10, minSigma = 0.5, alpha = 0.05),
  short = function(ds) list(baseline = 3, alpha = 0.01)
)
short_on <- c("salmonella.agona", "abattoir", "salmonella.agona.na")

mat <- function(m) unname(t(m))  # time x series -> series x time

cases <- list()
for (dname in names(datasets)) {
  ds <- datasets[[dname]]
  for (sname in names(settings)) {
    if (sname == "short" && !(dname %in% short_on)) next
    for (method in c("C1", "C2", "C3")) {
      control <- c(list(method = method), settings[[sname]](ds))
      res <- earsC(ds$sts, control = control)
      ctl <- control
      cases[[length(cases) + 1]] <- list(
        id = paste(dname, sname, method, sep = "/"),
        dataset = dname,
        control = list(method = method,
                       baseline = if (is.null(ctl$baseline)) 7 else ctl$baseline,
                       minSigma = if (is.null(ctl$minSigma)) 0 else ctl$minSigma,
                       alpha = ctl$alpha,  # NULL -> null: left out
                       range = ctl$range),
        range0 = sort(res@control$range) - 1L,
        upperbound = mat(upperbound(res)),
        alarm = mat(alarms(res) * 1L)
      )
    }
  }
}

fixture <- list(
  generator = "tools/r/ears_fixtures.R",
  surveillance_version = as.character(packageVersion("surveillance")),
  r_version = paste(R.version$major, R.version$minor, sep = "."),
  datasets = lapply(datasets, function(ds) list(observed = mat(observed(ds$sts)),
                                                series = colnames(observed(ds$sts)))),
  cases = cases
)
writeLines(toJSON(fixture, auto_unbox = TRUE, digits = NA, na = "null", null = "null",
                  matrix = "rowmajor"), out)
cat("wrote", length(cases), "cases to", out, "\n")
