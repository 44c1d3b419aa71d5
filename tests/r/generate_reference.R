#!/usr/bin/env Rscript
# Regenerates the R reference values the statistics engine is tested against
# (src/stats/r_reference_test.cc reads tests/r/reference/*.csv).
#
#   Rscript tests/r/generate_reference.R      (from the repository root)
#
# Every file is seeded, so a rerun on the same R version reproduces it byte
# for byte. Vectors are stored as space-separated numbers in one field,
# groups and table rows separated by "|", missing Likert answers as NA.
# Numbers are written with 17 significant digits.

out_dir <- file.path("tests", "r", "reference")
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)

num <- function(x) {
  s <- sprintf("%.17g", x)
  s[is.na(x) & !is.nan(x)] <- "NaN"
  s[is.nan(x)] <- "NaN"
  s
}
vec <- function(x) paste(ifelse(is.na(x), "NA", num(x)), collapse = " ")
mat <- function(m) paste(apply(m, 1, function(r) paste(r, collapse = " ")), collapse = "|")
save <- function(rows, name) {
  df <- do.call(rbind, lapply(rows, as.data.frame, stringsAsFactors = FALSE))
  write.csv(df, file.path(out_dir, name), row.names = FALSE, quote = TRUE)
  cat(name, nrow(df), "cases\n")
}
alternatives <- c("two.sided", "less", "greater")

# ---------------------------------------------------------------- Fisher 2x2
# fisher.test's odds ratio and interval come from uniroot with its default
# tolerance (about 1.2e-4 on the scale it solves on), so they are stored as R
# gives them and also solved again to full precision on the log scale with the
# same conditional distribution (the *_precise columns).
precise_fisher <- function(x2, alternative, conf.level) {
  m <- sum(x2[, 1L]); n <- sum(x2[, 2L]); k <- sum(x2[1L, ]); x <- x2[1L, 1L]
  lo <- max(0L, k - n); hi <- min(k, m); support <- lo:hi
  logdc <- dhyper(support, m, n, k, log = TRUE)
  dn <- function(theta) { d <- logdc + theta * support; d <- exp(d - max(d)); d / sum(d) }
  mean_at <- function(theta) sum(support * dn(theta))
  tail_at <- function(theta, upper) sum(dn(theta)[if (upper) support >= x else support <= x])
  solve <- function(f, target) {
    a <- -1; b <- 1
    while (f(a) > target && a > -1e4) a <- 2 * a
    while (f(b) < target && b < 1e4) b <- 2 * b
    uniroot(function(t) f(t) - target, c(a, b), tol = 1e-14, maxiter = 10000)$root
  }
  or <- if (x == lo) 0 else if (x == hi) Inf else exp(solve(mean_at, x))
  upper_lim <- function(alpha) if (x == hi) Inf else exp(solve(function(t) -tail_at(t, FALSE), -alpha))
  lower_lim <- function(alpha) if (x == lo) 0 else exp(solve(function(t) tail_at(t, TRUE), alpha))
  ci <- switch(alternative,
               less = c(0, upper_lim(1 - conf.level)),
               greater = c(lower_lim(1 - conf.level), Inf),
               two.sided = c(lower_lim((1 - conf.level) / 2), upper_lim((1 - conf.level) / 2)))
  c(or, ci)
}
set.seed(20240601)
rows <- list()
add_fisher <- function(cells, alternative, conf.level) {
  x2 <- matrix(cells, 2, byrow = TRUE)
  f <- fisher.test(x2, alternative = alternative, conf.level = conf.level)
  p <- precise_fisher(x2, alternative, conf.level)
  rows[[length(rows) + 1]] <<- list(
    a = cells[1], b = cells[2], c = cells[3], d = cells[4], alternative = alternative,
    conf_level = num(conf.level), p_value = num(f$p.value),
    odds_ratio = num(p[1]), ci_lower = num(p[2]), ci_upper = num(p[3]),
    r_odds_ratio = num(f$estimate), r_ci_lower = num(f$conf.int[1]),
    r_ci_upper = num(f$conf.int[2]))
}
# The reference program's tables (P = .0423 and .0302).
for (alt in alternatives) {
  add_fisher(c(25, 0, 5, 2), alt, 0.95)
  add_fisher(c(26, 0, 4, 2), alt, 0.95)
}
for (i in 1:360) {
  size <- c(3, 8, 30, 200, 3000)[(i %% 5) + 1]
  cells <- sample(0:size, 4, replace = TRUE)
  if (i %% 7 == 0) cells[sample(4, 1)] <- 0       # zeros
  if (i %% 11 == 0) cells[sample(4, 2)] <- 0
  if (sum(cells) == 0) cells[1] <- 1
  add_fisher(cells, alternatives[(i %% 3) + 1], c(0.95, 0.95, 0.9, 0.99)[(i %% 4) + 1])
}
save(rows, "fisher_2x2.csv")

# ------------------------------------------------------ Fisher r x c (exact)
set.seed(20240602)
rows <- list()
for (i in 1:300) {
  r <- sample(2:4, 1); c <- sample(2:4, 1)
  max_cell <- if (r * c > 9) 4 else 8
  x <- matrix(sample(0:max_cell, r * c, replace = TRUE), r, c)
  if (i %% 5 == 0) x[sample(r * c, 2)] <- 0
  if (sum(x) < 2) x[1, 1] <- x[1, 1] + 2
  f <- fisher.test(x, workspace = 2e7)
  rows[[length(rows) + 1]] <- list(table = mat(x), p_value = num(f$p.value))
}
save(rows, "fisher_rxc.csv")

# ------------------------------------------------------------- chi-square
set.seed(20240603)
rows <- list()
for (i in 1:300) {
  r <- sample(2:5, 1); c <- sample(2:5, 1)
  if (i %% 3 == 0) { r <- 2; c <- 2 }
  size <- c(5, 20, 100, 5000)[(i %% 4) + 1]
  x <- matrix(sample(0:size, r * c, replace = TRUE), r, c)
  x[x == 0 & runif(length(x)) < 0.5] <- 1
  if (any(rowSums(x) == 0) || any(colSums(x) == 0)) x <- x + 1
  correct <- i %% 2 == 0
  f <- suppressWarnings(chisq.test(x, correct = correct))
  rows[[length(rows) + 1]] <- list(table = mat(x), yates = as.integer(correct),
                                   statistic = num(f$statistic), df = num(f$parameter),
                                   p_value = num(f$p.value), min_expected = num(min(f$expected)))
}
save(rows, "chisq.csv")

# ---------------------------------------------------------------- McNemar
set.seed(20240604)
rows <- list()
for (i in 1:300) {
  k <- if (i %% 3 == 0) sample(3:4, 1) else 2
  x <- matrix(sample(0:c(6, 30, 400)[(i %% 3) + 1], k * k, replace = TRUE), k)
  for (a in 1:k) for (b in 1:k) if (a < b && x[a, b] + x[b, a] == 0) x[a, b] <- 1
  correct <- i %% 2 == 0
  f <- mcnemar.test(x, correct = correct)
  rows[[length(rows) + 1]] <- list(table = mat(x), correct = as.integer(correct),
                                   statistic = num(f$statistic), df = num(f$parameter),
                                   p_value = num(f$p.value))
}
save(rows, "mcnemar.csv")

# ------------------------------------------------------ Wilcoxon rank sum
gen_sample <- function(kind, n) {
  switch(kind,
         continuous = round(rnorm(n), 6),
         likert = sample(1:5, n, replace = TRUE),
         shifted = round(rnorm(n, 0.8), 6),
         integers = sample(1:1000, n))
}
set.seed(20240605)
rows <- list()
for (i in 1:360) {
  kind <- c("continuous", "likert", "shifted", "integers")[(i %% 4) + 1]
  nx <- sample(c(1:12, 20, 35, 49, 60, 150), 1); ny <- sample(c(1:12, 25, 49, 80, 200), 1)
  x <- gen_sample(kind, nx); y <- gen_sample(if (kind == "shifted") "continuous" else kind, ny)
  alternative <- alternatives[(i %% 3) + 1]
  method <- c("auto", "auto", "normal")[((i %/% 3) %% 3) + 1]
  correct <- (i %/% 2) %% 2 == 0
  exact <- if (method == "normal") FALSE else NULL
  if (length(unique(c(x, y))) == 1) y[1] <- y[1] + 1
  f <- suppressWarnings(wilcox.test(x, y, alternative = alternative, exact = exact,
                                    correct = correct))
  rows[[length(rows) + 1]] <- list(
    x = vec(x), y = vec(y), alternative = alternative, method = method,
    correct = as.integer(correct), statistic = num(f$statistic), p_value = num(f$p.value),
    exact = as.integer(grepl("exact", f$method)))
}
save(rows, "wilcoxon_rank_sum.csv")

# ---------------------------------------------------- Wilcoxon signed rank
set.seed(20240606)
rows <- list()
for (i in 1:360) {
  kind <- c("continuous", "likert", "shifted", "integers")[(i %% 4) + 1]
  n <- sample(c(1:15, 25, 49, 70, 300), 1)
  before <- gen_sample(kind, n)
  after <- if (kind == "likert") pmin(5, pmax(1, before + sample(-1:2, n, replace = TRUE)))
           else gen_sample(kind, n)
  if (all(after == before)) after[1] <- after[1] + 1
  alternative <- alternatives[(i %% 3) + 1]
  method <- c("auto", "auto", "normal")[((i %/% 3) %% 3) + 1]
  correct <- (i %/% 2) %% 2 == 0
  exact <- if (method == "normal") FALSE else NULL
  f <- suppressWarnings(wilcox.test(after, before, paired = TRUE, alternative = alternative,
                                    exact = exact, correct = correct))
  rows[[length(rows) + 1]] <- list(
    before = vec(before), after = vec(after), alternative = alternative, method = method,
    correct = as.integer(correct), statistic = num(f$statistic), p_value = num(f$p.value),
    exact = as.integer(grepl("exact", f$method)))
}
save(rows, "wilcoxon_signed_rank.csv")

# --------------------------------------------------------- Kruskal-Wallis
set.seed(20240607)
rows <- list()
for (i in 1:300) {
  k <- sample(2:5, 1)
  kind <- c("continuous", "likert", "integers")[(i %% 3) + 1]
  groups <- lapply(1:k, function(g) gen_sample(kind, sample(c(1:10, 30, 120), 1)))
  all <- unlist(groups)
  if (length(unique(all)) == 1) groups[[1]][1] <- groups[[1]][1] + 1
  f <- kruskal.test(groups)
  rows[[length(rows) + 1]] <- list(
    groups = paste(sapply(groups, vec), collapse = "|"), statistic = num(f$statistic),
    df = num(f$parameter), p_value = num(f$p.value))
}
save(rows, "kruskal_wallis.csv")

# ----------------------------------------------------------------- Spearman
set.seed(20240608)
rows <- list()
for (i in 1:330) {
  n <- sample(c(3:12, 15, 20, 40, 100, 500), 1)
  if (i == 1) n <- 1300  # beyond the exact limit: t approximation without ties
  kind <- c("continuous", "likert", "continuous")[(i %% 3) + 1]
  x <- gen_sample(kind, n)
  y <- if (i %% 2 == 0) round(x + rnorm(n, sd = 1.5), 6) else gen_sample(kind, n)
  if (kind == "likert") y <- pmin(5, pmax(1, round(y)))
  if (length(unique(x)) == 1) x[1] <- x[1] + 1
  if (length(unique(y)) == 1) y[1] <- y[1] + 1
  alternative <- alternatives[(i %% 3) + 1]
  f <- suppressWarnings(cor.test(x, y, method = "spearman", alternative = alternative))
  rows[[length(rows) + 1]] <- list(
    x = vec(x), y = vec(y), alternative = alternative, rho = num(f$estimate),
    statistic = num(f$statistic), p_value = num(f$p.value))
}
save(rows, "spearman.csv")

# -------------------------------------------------------------- Proportion
set.seed(20240609)
rows <- list()
cases <- list(c(33, 35), c(0, 1), c(1, 1), c(0, 10), c(10, 10), c(1, 2))
for (i in 1:300) {
  n <- sample(c(1:20, 35, 100, 1000, 50000), 1)
  cases[[length(cases) + 1]] <- c(sample(0:n, 1), n)
}
for (i in seq_along(cases)) {
  k <- cases[[i]][1]; n <- cases[[i]][2]
  conf <- c(0.95, 0.9, 0.99)[(i %% 3) + 1]
  w <- suppressWarnings(prop.test(k, n, correct = FALSE, conf.level = conf))$conf.int
  cp <- binom.test(k, n, conf.level = conf)$conf.int
  rows[[length(rows) + 1]] <- list(successes = k, n = n, conf_level = num(conf),
                                   estimate = num(k / n), wilson_lower = num(w[1]),
                                   wilson_upper = num(w[2]), cp_lower = num(cp[1]),
                                   cp_upper = num(cp[2]))
}
save(rows, "proportion.csv")

# ------------------------------------------------------------- p.adjust
set.seed(20240610)
rows <- list()
for (i in 1:300) {
  m <- sample(c(1:10, 50), 1)
  p <- switch((i %% 3) + 1, runif(m), runif(m)^4, round(runif(m), 2))
  rows[[length(rows) + 1]] <- list(p = vec(p), holm = vec(p.adjust(p, "holm")),
                                   bh = vec(p.adjust(p, "BH")))
}
save(rows, "p_adjust.csv")

# ------------------------------------------------ Cronbach's alpha, kappa
set.seed(20240611)
rows <- list()
for (i in 1:300) {
  n <- sample(c(2:10, 33, 200), 1); k <- sample(2:8, 1)
  base <- sample(1:5, n, replace = TRUE)
  x <- sapply(1:k, function(j) pmin(5, pmax(1, base + sample(-1:1, n, replace = TRUE))))
  total <- rowSums(x)
  if (var(total) == 0) { x[1, 1] <- if (x[1, 1] == 5) 4 else x[1, 1] + 1; total <- rowSums(x) }
  alpha <- k / (k - 1) * (1 - sum(apply(x, 2, var)) / var(total))
  rows[[length(rows) + 1]] <- list(scores = mat(x), alpha = num(alpha))
}
save(rows, "cronbach_alpha.csv")

set.seed(20240612)
rows <- list()
for (i in 1:300) {
  n <- sample(c(1:10, 40, 300), 1)
  cats <- c("barrier", "benefit", "support", "time")[1:sample(2:4, 1)]
  a <- sample(cats, n, replace = TRUE)
  b <- ifelse(runif(n) < 0.6, a, sample(cats, n, replace = TRUE))
  lev <- sort(unique(c(a, b)))
  tab <- table(factor(a, lev), factor(b, lev))
  po <- sum(diag(tab)) / n
  pe <- sum(rowSums(tab) * colSums(tab)) / n^2
  kappa <- if (pe == 1) NaN else (po - pe) / (1 - pe)
  rows[[length(rows) + 1]] <- list(coder_a = paste(a, collapse = " "),
                                   coder_b = paste(b, collapse = " "), kappa = num(kappa),
                                   observed = num(po), expected = num(pe))
}
save(rows, "cohen_kappa.csv")

# --------------------------------------------------------- Likert summary
set.seed(20240613)
rows <- list()
for (i in 1:300) {
  n <- sample(c(1:12, 33, 250), 1)
  x <- sample(1:5, n, replace = TRUE, prob = runif(5))
  x[runif(n) < 0.15] <- NA
  given <- x[!is.na(x)]
  q <- if (length(given)) quantile(given, c(0.25, 0.5, 0.75), names = FALSE) else rep(NaN, 3)
  rows[[length(rows) + 1]] <- list(
    answers = vec(x), n = length(given), missing = sum(is.na(x)), q1 = num(q[1]),
    median = num(q[2]), q3 = num(q[3]),
    percent_agree = num(if (length(given)) 100 * mean(given >= 4) else NaN))
}
save(rows, "likert_summary.csv")
