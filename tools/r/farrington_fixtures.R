#!/usr/bin/env Rscript
# Reference outputs of surveillance::algo.farrington (Farrington et al. 1996) and
# surveillance::farringtonFlexible (Noufaily et al. 2013) for nadd's tests.
#
# Usage (from the repository root; needs R with surveillance 1.20, Debian r-cran-surveillance,
# and jsonlite):
#   Rscript tools/r/farrington_fixtures.R tests/detect/fixtures/farrington_reference.json
#
# Every series is given to R as plain weekly counts (freq 52, no dates: epochAsDate FALSE), so
# reference weeks are k - 52*i as in nadd.detect.farrington.  The JSON holds each dataset's
# observed counts (n_series x n_time, null = NA), its population (for populationOffset) and,
# per case, the method, the control list (range in R's 1-based indices) and R's upperbound and
# alarm (plus expected and score for farringtonFlexible), n_series x len(range), null = NA.
# tests/detect/test_farrington.py replays every case in Python; CI does not need R.

suppressPackageStartupMessages({
  library(surveillance)
  library(jsonlite)
})
stopifnot(packageVersion("surveillance") >= "1.20", packageVersion("surveillance") < "1.21")

args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args)) args[1] else "tests/detect/fixtures/farrington_reference.json"

data("ha.sts", "measlesDE", "salmonella.agona", "campyDE", "abattoir")

plain <- function(observed, population = NULL) {
  observed <- as.matrix(observed)
  if (is.null(population)) population <- matrix(1, nrow(observed), ncol(observed))
  sts(observed = observed, frequency = 52, population = as.matrix(population))
}
salm <- salmonella.agona$observed
n_salm <- length(salm)
salm_na <- salm
salm_na[c(150, 200, 201, 230, 290)] <- NA

datasets <- list(
  ha.sts = plain(observed(ha.sts)),
  salmonella.agona = plain(salm, 1000 + 3 * seq_len(n_salm) + 100 * sin(seq_len(n_salm) / 9)),
  campyDE = plain(campyDE$case),
  abattoir = plain(observed(abattoir)),
  measlesDE = plain(observed(measlesDE)),
  salmonella.agona.na = plain(salm_na)
)

# algo.farrington settings (control lists); range is per dataset below.
farr_settings <- list(
  default = list(b = 5, w = 3),
  b3w2 = list(b = 3, w = 2, alpha = 0.01, powertrans = "1/2", limit54 = c(3, 3)),
  short = list(b = 2, w = 1, reweight = FALSE, trend = FALSE, powertrans = "none",
               alpha = 0.1, limit54 = c(0, 4)),
  b3trend = list(b = 3, w = 3, alpha = 0.05, trend = TRUE, fitFun = "algo.farrington.fitGLM")
)
flex_settings <- list(
  default = list(b = 5, w = 3),
  noufaily = list(b = 5, w = 3, noPeriods = 10, pastWeeksNotIncluded = 26,
                  thresholdMethod = "muan", alpha = 0.01),
  nbPlugin = list(b = 3, w = 2, thresholdMethod = "nbPlugin", weightsThreshold = 1,
                  pThresholdTrend = 0.5, glmWarnings = FALSE),
  short = list(b = 2, w = 2, trend = FALSE, powertrans = "none", reweight = FALSE,
               noPeriods = 3, limit54 = c(1, 2), alpha = 0.1),
  offset = list(b = 3, w = 2, populationOffset = TRUE, powertrans = "1/2",
                pastWeeksNotIncluded = 1)
)
ranges <- list(
  ha.sts = function(need) (need + 1):290,
  salmonella.agona = function(need) max(need + 1, 209):312,
  campyDE = function(need) 419:522,
  abattoir = function(need) (need + 1):171,
  measlesDE = function(need) (need + 1):156,
  salmonella.agona.na = function(need) max(need + 1, 209):312
)
use <- list(
  farrington = list(default = c("ha.sts", "salmonella.agona", "campyDE"),
                    b3w2 = c("ha.sts", "salmonella.agona", "campyDE", "abattoir"),
                    short = c("measlesDE", "abattoir", "salmonella.agona", "campyDE"),
                    b3trend = c("salmonella.agona", "campyDE", "ha.sts")),
  flexible = list(default = c("ha.sts", "salmonella.agona", "campyDE", "salmonella.agona.na"),
                  noufaily = c("ha.sts", "salmonella.agona", "campyDE"),
                  nbPlugin = c("ha.sts", "salmonella.agona", "campyDE", "abattoir"),
                  short = c("measlesDE", "abattoir", "salmonella.agona.na"),
                  offset = c("salmonella.agona", "campyDE", "ha.sts"))
)

mat <- function(m) unname(t(as.matrix(m)))  # time x series -> series x time
num <- function(x) { x <- as.numeric(x); x[is.nan(x)] <- NA; x }

cases <- list()
for (method in names(use)) {
  settings <- if (method == "farrington") farr_settings else flex_settings
  for (sname in names(use[[method]])) {
    for (dname in use[[method]][[sname]]) {
      ds <- datasets[[dname]]
      control <- settings[[sname]]
      w <- control$w
      need <- 52 * control$b + w  # weeks before the first monitored one
      control$range <- ranges[[dname]](need)
      if (method == "farrington") {
        rows <- lapply(seq_len(ncol(ds)), function(j) {
          dp <- create.disProg(week = seq_len(nrow(ds)), observed = observed(ds)[, j],
                               state = 0 * observed(ds)[, j], freq = 52)
          r <- suppressWarnings(algo.farrington(dp, control = control))
          list(upperbound = num(r$upperbound), alarm = num(r$alarm))
        })
        ub <- do.call(rbind, lapply(rows, `[[`, "upperbound"))
        al <- do.call(rbind, lapply(rows, `[[`, "alarm"))
        extra <- list()
      } else {
        r <- suppressWarnings(farringtonFlexible(ds, control = control))
        ub <- mat(upperbound(r)); al <- mat(alarms(r) * 1L)
        extra <- list(expected = mat(r@control$expected), score = mat(r@control$score))
      }
      ctl <- control
      cases[[length(cases) + 1]] <- c(list(
        id = paste(method, dname, sname, sep = "/"),
        method = method, dataset = dname, control = ctl,
        upperbound = unname(ub), alarm = unname(al)), extra)
      cat(method, dname, sname, "done\n")
    }
  }
}

fixture <- list(
  generator = "tools/r/farrington_fixtures.R",
  surveillance_version = as.character(packageVersion("surveillance")),
  r_version = paste(R.version$major, R.version$minor, sep = "."),
  datasets = lapply(datasets, function(ds) list(observed = mat(observed(ds)),
                                                population = mat(population(ds)))),
  cases = cases
)
writeLines(toJSON(fixture, auto_unbox = TRUE, digits = NA, na = "null", null = "null",
                  matrix = "rowmajor"), out)
cat("wrote", length(cases), "cases to", out, "\n")
