// tandem match: pair mentees with mentors from a participant CSV (and
// optionally coordinator-given scores) using the matching engine, write the
// pairs to a CSV and print a summary for a person or as JSON.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>

#include "cli/commands.h"
#include "core/csv.h"
#include "core/error.h"
#include "core/participant_csv.h"
#include "core/taxonomy.h"
#include "matching/match.h"
#include "matching/scores_csv.h"

namespace tandem::cli {

namespace {

struct MatchArgs {
  std::string participants;
  std::string scores;
  std::string objective = "optimal";
  bool cross_institution = false;
  std::optional<double> min_score;
  std::optional<double> max_tz_hours;
  int top_k = 50;
  std::vector<std::string> locks;
  std::vector<std::string> forbids;
  std::string out;
  bool json = false;
  std::string start_date;
  int threads = 0;
  std::string taxonomy;  // a taxonomy file (docs/programs.md); empty: the built-in one
};

// "87.123456": a score in micro-points printed exactly (up to 6 decimals).
// Micro-points as exact points: the whole part, then the fraction without
// trailing zeros ("12.5", "-0.000001", "3"). Written with to_chars: an output
// holds ten of these per pair.
void AppendPoints(fmt::memory_buffer& out, std::int64_t micro) {
  const bool negative = micro < 0;
  const std::uint64_t magnitude =
      negative ? 0 - static_cast<std::uint64_t>(micro) : static_cast<std::uint64_t>(micro);
  char text[32];
  char* end = text;
  if (negative) *end++ = '-';
  end = std::to_chars(end, text + sizeof text, magnitude / 1'000'000).ptr;
  std::uint64_t fraction = magnitude % 1'000'000;
  if (fraction != 0) {
    int places = 6;
    while (fraction % 10 == 0) {
      fraction /= 10;
      --places;
    }
    *end++ = '.';
    for (int k = places - 1; k >= 0; --k) {
      end[k] = static_cast<char>('0' + fraction % 10);
      fraction /= 10;
    }
    end += places;
  }
  out.append(text, end);
}

std::string FormatPoints(std::int64_t micro) {
  fmt::memory_buffer out;
  AppendPoints(out, micro);
  return fmt::to_string(out);
}

// A CSV field as WriteCsvRecord writes it: quoted when it holds , " CR or LF.
void AppendCsvField(fmt::memory_buffer& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

// A JSON string literal; control characters as \u escapes, other bytes as they are.
void AppendJsonString(fmt::memory_buffer& out, std::string_view text) {
  out.push_back('"');
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned char>(c));
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

// Writes and empties `text`; false when the write failed.
bool Flush(fmt::memory_buffer& text, std::FILE* out) {
  const bool ok = std::fwrite(text.data(), 1, text.size(), out) == text.size();
  text.clear();
  return ok;
}

std::vector<matching::PairId> ParsePairs(const std::vector<std::string>& items,
                                         const std::string& option) {
  std::vector<matching::PairId> pairs;
  for (const std::string& item : items) {
    const size_t colon = item.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == item.size() ||
        item.find(':', colon + 1) != std::string::npos) {
      throw InvalidArgument(option + " \"" + item + "\" must be MENTEE:MENTOR", option);
    }
    pairs.push_back({item.substr(0, colon), item.substr(colon + 1)});
  }
  return pairs;
}

// Reads a taxonomy file; every problem by row and column, or nothing.
Taxonomy ReadTaxonomy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InvalidArgument("cannot open " + path, "taxonomy");
  TaxonomyFile file = ReadTaxonomyCsv(in);
  if (!file.ok()) {
    std::string message = fmt::format("{} problem(s) in {}:", file.errors.size(), path);
    for (const InputProblem& p : file.errors) message += "\n  " + path + ": " + FormatProblem(p);
    throw InvalidArgument(message, "taxonomy");
  }
  return std::move(file.taxonomy);
}

std::vector<Participant> ReadParticipants(const std::string& path, bool quiet,
                                          const Taxonomy& taxonomy) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InvalidArgument("cannot open " + path, "participants");
  ParticipantFile file = ReadParticipantCsv(in, taxonomy);
  if (!file.ok()) {
    std::string message = fmt::format("{} problem(s) in {}:", file.errors.size(), path);
    for (const InputProblem& p : file.errors) message += "\n  " + path + ": " + FormatProblem(p);
    throw InvalidArgument(message, "participants");
  }
  if (!quiet && !file.warnings.empty()) {
    std::cerr << fmt::format("{}: {} warning(s), e.g. {}\n", path, file.warnings.size(),
                             FormatProblem(file.warnings.front()));
  }
  return std::move(file.participants);
}

matching::GivenScoreTable ReadScores(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InvalidArgument("cannot open " + path, "scores");
  return matching::ReadScoresCsv(in, path);
}

// Writes the pairs CSV next to its final place and renames it there, so an
// error never leaves a partial file.
void WritePairs(const std::string& path, const matching::MatchResult& result) {
  const std::filesystem::path target(path);
  std::filesystem::path temp = target;
  temp += fmt::format(".tmp{}", static_cast<long long>(
                                    std::chrono::steady_clock::now().time_since_epoch().count()));
  {
    std::FILE* out = std::fopen(temp.c_str(), "wbe");
    if (out == nullptr) throw InvalidArgument("cannot write " + path, "out");
    fmt::memory_buffer text;
    AppendCsvField(text, "mentee");
    text.push_back(',');
    AppendCsvField(text, "mentor");
    text.append(std::string_view(",score"));
    for (const std::string& facet : result.facets) {
      text.push_back(',');
      AppendCsvField(text, facet);
    }
    text.push_back('\n');
    bool ok = true;
    for (const matching::MatchedPair& p : result.pairs) {
      AppendCsvField(text, p.mentee);
      text.push_back(',');
      AppendCsvField(text, p.mentor);
      text.push_back(',');
      AppendPoints(text, p.score_micro);
      for (double c : p.contributions) {
        text.push_back(',');
        AppendPoints(text, matching::ToMicroPoints(c));
      }
      text.push_back('\n');
      if (text.size() > (1 << 16)) ok = Flush(text, out) && ok;
    }
    ok = Flush(text, out) && ok;
    ok = std::fclose(out) == 0 && ok;
    if (!ok) {
      std::error_code ignored;
      std::filesystem::remove(temp, ignored);
      throw InvalidArgument("cannot write " + path, "out");
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, target, ec);
  if (ec) {
    std::filesystem::remove(temp, ec);
    throw InvalidArgument("cannot write " + path, "out");
  }
}

// Writes the summary as one JSON object and a line break to stdout,
// directly (no document tree): scores exact in points, as in the pairs CSV.
void WriteJson(const matching::MatchResult& r) {
  fmt::memory_buffer out;
  const auto append = [&out](std::string_view text) { out.append(text); };
  append(R"({"objective":)");
  AppendJsonString(out, matching::ObjectiveName(r.objective));
  fmt::format_to(std::back_inserter(out), R"(,"matched":{},"matched_mentees":{},"unmatched":[)",
                 r.pairs.size(), r.matched_mentees);
  for (size_t i = 0; i < r.unmatched.size(); ++i) {
    const matching::UnmatchedPerson& u = r.unmatched[i];
    append(i == 0 ? R"({"id":)" : R"(,{"id":)");
    AppendJsonString(out, u.id);
    append(R"(,"role":)");
    AppendJsonString(out, RoleName(u.role));
    append(R"(,"reason":)");
    AppendJsonString(out, matching::UnmatchedReasonText(u.reason));
    append(R"(,"reason_code":)");
    AppendJsonString(out, matching::UnmatchedReasonCode(u.reason));
    out.push_back('}');
    if (out.size() > (1 << 16)) Flush(out, stdout);
  }
  append(R"(],"total_score":)");
  AppendPoints(out, r.total_micro);
  append(R"(,"min_score":)");
  AppendPoints(out, matching::ToMicroPoints(r.min_score));
  fmt::format_to(std::back_inserter(out),
                 R"(,"mean_score":{},"blocking_pairs":{},"candidate_pairs":{},)"
                 R"("seconds":{{"scoring":{},"solving":{}}},"pairs":[)",
                 r.mean_score, r.blocking_pairs, r.candidate_pairs, r.build_seconds,
                 r.solve_seconds);
  for (size_t i = 0; i < r.pairs.size(); ++i) {
    const matching::MatchedPair& p = r.pairs[i];
    append(i == 0 ? R"({"mentee":)" : R"(,{"mentee":)");
    AppendJsonString(out, p.mentee);
    append(R"(,"mentor":)");
    AppendJsonString(out, p.mentor);
    append(R"(,"score":)");
    AppendPoints(out, p.score_micro);
    append(p.locked ? R"(,"locked":true,"contributions":{)"
                    : R"(,"locked":false,"contributions":{)");
    for (size_t f = 0; f < r.facets.size(); ++f) {
      if (f > 0) out.push_back(',');
      AppendJsonString(out, r.facets[f]);
      out.push_back(':');
      AppendPoints(out, matching::ToMicroPoints(p.contributions[f]));
    }
    append("}}");
    if (out.size() > (1 << 16)) Flush(out, stdout);
  }
  append("]}\n");
  Flush(out, stdout);
  std::fflush(stdout);
}

void PrintSummary(const matching::MatchResult& r, int mentees, const MatchArgs& args) {
  std::cout << fmt::format("Matched {} of {} mentees ({} pairs), objective {}.\n",
                           r.matched_mentees, mentees, r.pairs.size(),
                           matching::ObjectiveName(r.objective));
  std::cout << fmt::format("Score: total {}, minimum {}, mean {:.9g}.\n",
                           FormatPoints(r.total_micro),
                           FormatPoints(matching::ToMicroPoints(r.min_score)), r.mean_score);
  std::cout << fmt::format("Blocking pairs: {}.\n", r.blocking_pairs);
  if (!r.unmatched.empty()) {
    std::cout << "Unmatched:\n";
    for (const matching::UnmatchedPerson& u : r.unmatched) {
      std::cout << fmt::format("  {} ({}): {}\n", u.id, RoleName(u.role),
                               matching::UnmatchedReasonText(u.reason));
    }
  }
  std::cout << fmt::format("Time: scoring {:.1f} ms, solving {:.1f} ms ({} candidate pairs).\n",
                           r.build_seconds * 1000, r.solve_seconds * 1000, r.candidate_pairs);
  if (!args.out.empty())
    std::cout << fmt::format("Wrote {} pairs to {}.\n", r.pairs.size(), args.out);
}

std::string Today() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  return fmt::format("{:04d}-{:02d}-{:02d}", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday);
}

void RunMatch(const MatchArgs& args) {
  // With more than one thread, the scores file is read while the participants
  // are (the two files are independent until the problem is built). An error
  // in the participants is still reported first.
  std::future<matching::GivenScoreTable> scores_read;
  if (!args.scores.empty() && args.threads != 1) {
    scores_read = std::async(std::launch::async, ReadScores, args.scores);
  }
  const Taxonomy taxonomy = args.taxonomy.empty() ? DefaultTaxonomy() : ReadTaxonomy(args.taxonomy);
  const std::vector<Participant> people = ReadParticipants(args.participants, args.json, taxonomy);
  matching::MatchSettings settings;
  settings.objective = *matching::ParseObjective(args.objective);
  settings.cross_institution = args.cross_institution;
  settings.min_score = args.min_score;
  settings.max_time_zone_difference_hours = args.max_tz_hours;
  settings.top_k = args.top_k;
  settings.locks = ParsePairs(args.locks, "--lock");
  settings.forbids = ParsePairs(args.forbids, "--forbid");
  settings.reference_date = args.start_date.empty() ? Today() : args.start_date;
  settings.threads = args.threads;
  settings.taxonomy = &taxonomy;

  std::optional<matching::MatchProblem> problem;
  if (args.scores.empty()) {
    problem.emplace(matching::MatchProblem::FromParticipants(people, settings));
  } else {
    matching::GivenScoreTable scores =
        scores_read.valid() ? scores_read.get() : ReadScores(args.scores);
    try {
      problem.emplace(matching::MatchProblem::FromScores(people, std::move(scores), settings));
    } catch (const Error& e) {
      if (e.row() <= 0) throw;
      throw InvalidArgument(
          fmt::format("{}: row {}, column {}: {}", args.scores, e.row(), e.field(), e.message()),
          "scores");
    }
  }
  const matching::MatchResult result = matching::Solve(*problem);
  if (!args.out.empty()) WritePairs(args.out, result);
  if (args.json) {
    WriteJson(result);
  } else {
    PrintSummary(result, problem->mentee_count(), args);
  }
  // The run is over and its output written: end the process here, without
  // freeing the participants, the problem and the result one allocation at
  // a time (tens of milliseconds on a large pool; the system takes the
  // memory back at once). std::exit flushes the standard streams.
  std::cout.flush();
  std::exit(0);
}

}  // namespace

void AddMatchCommand(CLI::App& app, GlobalOptions& /*options*/) {
  auto args = std::make_shared<MatchArgs>();
  CLI::App* cmd = app.add_subcommand(
      "match",
      "Pair mentees with mentors from a participant CSV (docs/matching.md). Every hard rule "
      "(capacity, avoid, cross-institution, time zones, minimum score, locks, forbids) is "
      "always kept; the objective decides among the allowed matchings. Needs no database.");
  cmd->add_option("--participants", args->participants,
                  "Participant CSV (docs/import.md): mentors and mentees")
      ->required();
  cmd->add_option("--scores", args->scores,
                  "CSV with columns mentee,mentor,score: use these scores instead of computed "
                  "ones; pairs not listed are not allowed");
  cmd->add_option("--objective", args->objective,
                  "optimal: most mentees matched, then greatest total score; fair: most "
                  "matched, then greatest minimum pair score, then total; stable-mentee / "
                  "stable-mentor: deferred acceptance, proposer-optimal")
      ->check(CLI::IsMember({"optimal", "fair", "stable-mentee", "stable-mentor"}))
      ->capture_default_str();
  cmd->add_flag("--cross-institution", args->cross_institution,
                "Never pair people from the same institution");
  cmd->add_option("--min-score", args->min_score, "Pairs scoring below this are not allowed");
  cmd->add_option("--max-tz-diff", args->max_tz_hours,
                  "Largest allowed difference between the two time zones, in hours")
      ->check(CLI::Range(0.0, 48.0));
  cmd->add_option("--top-k", args->top_k,
                  "Large pools (over 1,000,000 possible pairs): keep each mentee's K best "
                  "mentors and solve on those; 0 = every pair")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--lock", args->locks, "Pairs that must appear, MENTEE:MENTOR, comma-separated")
      ->delimiter(',');
  cmd->add_option("--forbid", args->forbids,
                  "Pairs that must not appear, MENTEE:MENTOR, comma-separated")
      ->delimiter(',');
  cmd->add_option("--out", args->out,
                  "Write the pairs here as CSV: mentee,mentor,score and one column per facet "
                  "contribution");
  cmd->add_option("--taxonomy", args->taxonomy,
                  "The vocabulary as a taxonomy file (list,value,parent; docs/programs.md), e.g. "
                  "one exported from a program; default: the built-in hematology and oncology one")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--json", args->json, "Print the summary as one JSON object on stdout");
  cmd->add_option("--start-date", args->start_date,
                  "Program start (YYYY-MM-DD): daylight-saving rules in force that day convert "
                  "availability to UTC (default: today)");
  cmd->add_option(
         "--threads", args->threads,
         "Threads for scoring (its set-up too) and for reading the two files (default: every "
         "core)")
      ->check(CLI::NonNegativeNumber);
  cmd->callback([args] { RunMatch(*args); });
}

}  // namespace tandem::cli
