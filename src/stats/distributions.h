// Thin wrappers over Boost.Math distributions used by several tests.
// Internal to src/stats/.
#pragma once

namespace tandem::stats {

// P(X > statistic) for X ~ chi-square(df); NaN passes through.
double ChiSquareUpperTail(double statistic, double df);

// Standard normal P(Z <= z) and P(Z > z), accurate in both tails.
double NormalLowerTail(double z);
double NormalUpperTail(double z);

// Student t P(T <= t) and P(T > t) with `df` degrees of freedom.
double StudentTLowerTail(double t, double df);
double StudentTUpperTail(double t, double df);

}  // namespace tandem::stats
