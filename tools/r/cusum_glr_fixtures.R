## Reference outputs of surveillance 1.20 for nadd's CUSUM and GLR detectors.
##
## Run from the repository root (needs R with r-cran-surveillance 1.20):
##     Rscript tools/r/cusum_glr_fixtures.R
## Writes, under tests/detect/fixtures/:
##   cg_data.csv     dataset, series, t (1-based), observed    -- the input counts
##   cg_cases.csv    case, method, dataset, range_from, range_to (1-based), freq, start,
##                   settings ("NAME=VALUE;..." in surveillance's spelling)
##   cg_results.csv  case, series, t, upperbound, alarm        -- what R returned
## Each series is run alone through algo.cusum / algo.glrpois / algo.glrnb on
## sts2disProg(sts[, k]); a series R cannot run (an error, e.g. glm.nb failing) is left out
## and reported on stderr.
suppressMessages(library(surveillance))
out <- "tests/detect/fixtures"
options(digits = 17)

load_ds <- function(name) {
  if (name == "ha.sts") { data(ha.sts); return(ha.sts) }
  if (name == "measlesDE") { data(measlesDE); return(measlesDE) }
  if (name == "salmonella.agona") { data(salmonella.agona); return(disProg2sts(salmonella.agona)) }
  if (name == "abattoir") { data(abattoir); return(abattoir) }
  if (name == "campyDE") {
    data(campyDE)
    return(sts(observed = matrix(campyDE$case, ncol = 1), start = c(2002, 1), frequency = 52))
  }
  stop("unknown dataset ", name)
}
datasets <- c("ha.sts", "measlesDE", "salmonella.agona", "abattoir", "campyDE")
## at most this many series of a multi-area dataset go into the fixtures
max_series <- 4
## monitored range (1-based) per dataset: the last two years
rng <- function(n) (n - 103):n

## settings: list(method, control entries)
settings <- list(
  list("cusum", list()),
  list("cusum", list(trans = "rossi", m = "glm")),
  list("cusum", list(trans = "anscombe", k = 0.5, h = 4)),
  list("cusum", list(trans = "anscombe2nd", m = "glm")),
  list("cusum", list(trans = "pearsonNegBin", alpha = 0.2, m = "glm")),
  list("cusum", list(trans = "none", k = 5, h = 20)),
  list("glrpois", list()),
  list("glrpois", list(ret = "cases", c.ARL = 4)),
  list("glrpois", list(ret = "cases", M = 52, Mtilde = 1)),
  list("glrpois", list(ret = "value", M = 26, Mtilde = 3, mu0 = list(S = 2, trend = TRUE))),
  list("glrpois", list(ret = "cases", theta = log(1.5), Mtilde = 2)),
  list("glrpois", list(ret = "value", change = "epi")),
  list("glrpois", list(ret = "value", dir = "dec", c.ARL = 3)),
  list("glrnb", list(alpha = NULL)),
  list("glrnb", list(alpha = 0.2, M = 30)),
  list("glrnb", list(alpha = 0.1, theta = log(2), ret = "cases")),
  list("glrnb", list(alpha = 0.2, change = "epi"))
)

fmt <- function(ctrl) {
  parts <- character(0)
  for (nm in names(ctrl)) {
    v <- ctrl[[nm]]
    if (is.list(v)) {            # mu0 = list(S=, trend=)
      parts <- c(parts, paste0("mu0.S=", v$S), paste0("mu0.trend=", v$trend))
    } else parts <- c(parts, paste0(nm, "=", format(v, digits = 17)))
  }
  paste(parts, collapse = ";")
}

data_rows <- list(); case_rows <- list(); res_rows <- list()
case_id <- 0
for (ds in datasets) {
  s <- load_ds(ds)
  n <- nrow(s@observed)
  nser <- min(ncol(s@observed), max_series)
  for (k in seq_len(nser))
    data_rows[[length(data_rows) + 1]] <- data.frame(dataset = ds, series = k - 1, t = 1:n,
                                                     observed = as.numeric(s@observed[, k]))
  r <- rng(n)
  for (st in settings) {
    method <- st[[1]]; ctrl <- st[[2]]
    has_alpha_null <- "alpha" %in% names(ctrl) && is.null(ctrl$alpha)
    control <- c(list(range = r), ctrl[!sapply(ctrl, is.null)])
    if (method == "glrnb" && !("alpha" %in% names(control))) control["alpha"] <- list(NULL)
    case_id <- case_id + 1
    case_rows[[length(case_rows) + 1]] <- data.frame(
      case = case_id, method = method, dataset = ds, range_from = min(r), range_to = max(r),
      freq = s@freq, start = s@start[2], settings = fmt(ctrl))
    for (k in seq_len(nser)) {
      dp <- sts2disProg(s[, k])
      fun <- switch(method, cusum = algo.cusum, glrpois = algo.glrpois, glrnb = algo.glrnb)
      res <- tryCatch(suppressMessages(suppressWarnings(fun(dp, control = control))),
                      error = function(e) { message("case ", case_id, " ", ds, " series ",
                                                    k - 1, ": ", conditionMessage(e)); NULL })
      if (is.null(res)) next
      res_rows[[length(res_rows) + 1]] <- data.frame(
        case = case_id, series = k - 1, t = r,
        upperbound = as.numeric(res$upperbound), alarm = as.numeric(res$alarm))
    }
  }
}
w <- function(rows, file) write.csv(do.call(rbind, rows), file.path(out, file),
                                    row.names = FALSE, quote = TRUE)
w(data_rows, "cg_data.csv"); w(case_rows, "cg_cases.csv"); w(res_rows, "cg_results.csv")
cat("wrote", case_id, "cases\n")
