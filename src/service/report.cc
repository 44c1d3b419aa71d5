#include "service/report.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "core/csv.h"
#include "core/error.h"
#include "core/journey.h"
#include "core/text.h"
#include "service/authorization.h"
#include "service/journey.h"
#include "service/matching_input.h"
#include "service/meetings.h"
#include "service/programs.h"
#include "service/secrets.h"
#include "store/enrollment_repository.h"
#include "store/job_repository.h"
#include "store/journey_repository.h"
#include "store/pair_repository.h"
#include "store/report_repository.h"
#include "store/survey_repository.h"

namespace tandem::service {
namespace {

const char* const kReferenceOutcomes[] = {"confidence", "career_development",
                                          "professional_identity"};

std::string Fixed(double v, int digits) {
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(digits);
  out << v;
  return out.str();
}

std::string Percent(double share) { return Fixed(100 * share, 1) + "%"; }

// APA style: no leading zero, three decimals, "< .001".
std::string PValue(double p) {
  if (!std::isfinite(p)) return "not computed";
  if (p < 0.001) return "< .001";
  std::string text = Fixed(p, 3);
  if (text.rfind("0.", 0) == 0) text.erase(0, 1);
  return text == "1.000" ? "1" : text;
}

std::string Ratio(double v) {
  if (std::isinf(v)) return "∞";
  if (!std::isfinite(v)) return "not computed";
  return Fixed(v, 2);
}

std::string ProportionText(const stats::ProportionEstimate& p) {
  return std::to_string(p.successes) + " of " + std::to_string(p.n) + " (" + Percent(p.estimate) +
         "; 95% CI " + Fixed(100 * p.wilson.lower, 1) + "–" + Fixed(100 * p.wilson.upper, 1) +
         "% Wilson, " + Fixed(100 * p.clopper_pearson.lower, 1) + "–" +
         Fixed(100 * p.clopper_pearson.upper, 1) + "% exact)";
}

std::string Shown(const std::optional<int>& n, int k) {
  return n ? std::to_string(*n) : "&lt; " + std::to_string(k);
}

std::string H(std::string_view text) { return EscapeHtml(text); }

// A figure: the chart (an SVG with its text alternative) and the table
// behind it, numbered.
struct Html {
  std::ostringstream out;
  int figures = 0;
  int tables = 0;
};

void ProportionChart(Html& h, const std::string& title,
                     const std::vector<std::pair<std::string, stats::ProportionEstimate>>& rows) {
  if (rows.empty()) return;
  const int id = ++h.figures;
  const int row_height = 28, left = 230, width = 380, top = 24;
  const int height = top + row_height * static_cast<int>(rows.size()) + 24;
  std::string alt = title + ": ";
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& p = rows[i].second;
    alt += (i ? "; " : "") + rows[i].first + " " + Percent(p.estimate) + " (95% CI " +
           Fixed(100 * p.wilson.lower, 1) + " to " + Fixed(100 * p.wilson.upper, 1) + "%)";
  }
  h.out << "<figure><svg role=\"img\" aria-labelledby=\"fig" << id << "-t fig" << id
        << "-d\" viewBox=\"0 0 " << left + width + 70 << " " << height << "\" width=\"100%\">"
        << "<title id=\"fig" << id << "-t\">" << H(title) << "</title><desc id=\"fig" << id
        << "-d\">" << H(alt) << "</desc>";
  for (int tick = 0; tick <= 100; tick += 25) {
    const int x = left + width * tick / 100;
    h.out << "<line x1=\"" << x << "\" y1=\"" << top - 6 << "\" x2=\"" << x << "\" y2=\""
          << height - 20 << "\" class=\"grid\"/><text x=\"" << x << "\" y=\"" << height - 6
          << "\" class=\"tick\">" << tick << "%</text>";
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& p = rows[i].second;
    const int y = top + row_height * static_cast<int>(i) + row_height / 2;
    const auto x = [&](double share) {
      return left + static_cast<int>(std::lround(width * share));
    };
    h.out << "<text x=\"" << left - 8 << "\" y=\"" << y + 4 << "\" class=\"label\">"
          << H(rows[i].first) << "</text><line x1=\"" << x(p.wilson.lower) << "\" y1=\"" << y
          << "\" x2=\"" << x(p.wilson.upper) << "\" y2=\"" << y << "\" class=\"ci\"/><circle cx=\""
          << x(p.estimate) << "\" cy=\"" << y << "\" r=\"5\" class=\"point\"/><text x=\""
          << left + width + 8 << "\" y=\"" << y + 4 << "\" class=\"value\">" << Percent(p.estimate)
          << "</text>";
  }
  h.out << "</svg><figcaption>Figure " << id << ". " << H(title)
        << ". Points are the proportions, lines their 95% Wilson intervals.</figcaption></figure>";
  h.out << "<table><caption>Table " << ++h.tables << ". " << H(title) << " (the data of figure "
        << id
        << ")</caption><thead><tr><th scope=\"col\">Figure</th><th scope=\"col\">Of</th>"
           "<th scope=\"col\">Estimate</th><th scope=\"col\">95% CI (Wilson)</th>"
           "<th scope=\"col\">95% CI (exact)</th></tr></thead><tbody>";
  for (const auto& [label, p] : rows) {
    h.out << "<tr><th scope=\"row\">" << H(label) << "</th><td>" << p.successes << " of " << p.n
          << "</td><td>" << Percent(p.estimate) << "</td><td>" << Fixed(100 * p.wilson.lower, 1)
          << "–" << Fixed(100 * p.wilson.upper, 1) << "%</td><td>"
          << Fixed(100 * p.clopper_pearson.lower, 1) << "–"
          << Fixed(100 * p.clopper_pearson.upper, 1) << "%</td></tr>";
  }
  h.out << "</tbody></table>";
}

void CountTableHtml(Html& h, const std::string& title, const std::string& what,
                    const std::vector<CountRow>& rows, int k) {
  h.out << "<table><caption>Table " << ++h.tables << ". " << H(title)
        << "</caption><thead><tr><th scope=\"col\">" << H(what)
        << "</th><th scope=\"col\">Count</th></tr></thead><tbody>";
  for (const CountRow& r : rows) {
    h.out << "<tr><th scope=\"row\">" << H(r.label) << "</th><td>" << Shown(r.count, k)
          << "</td></tr>";
  }
  h.out << "</tbody></table>";
}

// Likert items of a survey as 100% stacked bars, then their table.
void LikertFigure(Html& h, const SurveyResults& r) {
  std::vector<const ItemResult*> items;
  size_t points = 0;
  const ItemResult* labelled = nullptr;  // the item whose labels head the table
  for (const ItemResult& i : r.items) {
    if (i.kind != "likert" || i.answered == 0) continue;
    items.push_back(&i);
    if (i.counts.size() > points) {
      points = i.counts.size();
      labelled = &i;
    }
  }
  if (items.empty()) return;
  // Diverging and colour-blind safe (ColorBrewer RdBu), the middle grey.
  static const char* const kFive[] = {"#b2182b", "#ef8a62", "#d9d9d9", "#67a9cf", "#2166ac"};
  static const char* const kSeven[] = {"#b2182b", "#ef8a62", "#fddbc7", "#d9d9d9",
                                       "#d1e5f0", "#67a9cf", "#2166ac"};
  const auto colour = [&](size_t c, size_t n) {
    return n == 7 ? kSeven[c] : kFive[std::min<size_t>(c, 4)];
  };
  const int id = ++h.figures;
  const int left = 250, width = 380, row_height = 26, top = 8;
  const int legend_y = top + row_height * static_cast<int>(items.size()) + 14;
  const int height = legend_y + 22;
  std::string alt = "Answers to " + r.survey.title + ", item by item: ";
  for (size_t n = 0; n < items.size(); ++n) {
    const ItemResult& i = *items[n];
    alt += (n ? "; " : "") + i.code + ": " +
           (i.percent_agree ? Fixed(*i.percent_agree, 0) + "% agree" : "no answers") + " of " +
           std::to_string(i.answered);
  }
  h.out << "<figure><svg role=\"img\" aria-labelledby=\"fig" << id << "-t fig" << id
        << "-d\" viewBox=\"0 0 " << left + width + 10 << " " << height << "\" width=\"100%\">"
        << "<title id=\"fig" << id << "-t\">" << H(r.survey.title) << "</title><desc id=\"fig" << id
        << "-d\">" << H(alt) << "</desc><defs><pattern id=\"hidden" << id
        << "\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
           "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f4f4f4\"/>"
           "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#888\" stroke-width=\"2\"/>"
           "</pattern></defs>";
  for (size_t n = 0; n < items.size(); ++n) {
    const ItemResult& i = *items[n];
    const int y = top + row_height * static_cast<int>(n);
    h.out << "<text x=\"" << left - 8 << "\" y=\"" << y + 16 << "\" class=\"label\">" << H(i.code)
          << "</text>";
    int hidden = i.answered;
    for (const auto& [label, count] : i.counts) hidden -= count.value_or(0);
    double x = left;
    const auto segment = [&](int count, const std::string& fill) {
      const double w = width * static_cast<double>(count) / i.answered;
      h.out << "<rect x=\"" << Fixed(x, 1) << "\" y=\"" << y + 4 << "\" width=\"" << Fixed(w, 1)
            << "\" height=\"" << row_height - 8 << "\" fill=\"" << fill << "\"/>";
      x += w;
    };
    // The hidden cells together, where the first of them lies in the scale.
    bool hidden_drawn = false;
    for (size_t c = 0; c < i.counts.size(); ++c) {
      const std::optional<int>& count = i.counts[c].second;
      if (!count) {
        if (!hidden_drawn && hidden > 0) segment(hidden, "url(#hidden" + std::to_string(id) + ")");
        hidden_drawn = true;
      } else if (*count > 0) {
        segment(*count, colour(c, i.counts.size()));
      }
    }
  }
  // The legend: the scale's labels, then the hidden cells.
  double lx = 10;
  for (size_t c = 0; c < points; ++c) {
    h.out << "<rect x=\"" << Fixed(lx, 0) << "\" y=\"" << legend_y << "\" width=\"10\" "
          << "height=\"10\" fill=\"" << colour(c, points) << "\"/><text x=\"" << Fixed(lx + 14, 0)
          << "\" y=\"" << legend_y + 9 << "\" class=\"legend\">" << H(labelled->counts[c].first)
          << "</text>";
    lx += 20 + 5.6 * static_cast<double>(labelled->counts[c].first.size());
  }
  if (r.suppressed) {
    h.out << "<rect x=\"" << Fixed(lx, 0) << "\" y=\"" << legend_y
          << "\" width=\"10\" height=\"10\" fill=\"url(#hidden" << id << ")\"/><text x=\""
          << Fixed(lx + 14, 0) << "\" y=\"" << legend_y + 9 << "\" class=\"legend\">cells under "
          << r.k << ", together</text>";
  }
  h.out << "</svg><figcaption>Figure " << id << ". " << H(r.survey.title)
        << ": answers on each agreement scale, item by item.</figcaption></figure>";
  h.out << "<table><caption>Table " << ++h.tables << ". " << H(r.survey.title)
        << " (the data of figure " << id << ")</caption><thead><tr><th scope=\"col\">Item</th>";
  for (size_t c = 0; c < points; ++c) {
    h.out << "<th scope=\"col\">" << H(labelled->counts[c].first) << "</th>";
  }
  h.out << "<th scope=\"col\">n</th><th scope=\"col\">Missing</th><th "
           "scope=\"col\">Median</th><th scope=\"col\">Agree %</th></tr></thead><tbody>";
  for (const ItemResult* i : items) {
    h.out << "<tr><th scope=\"row\"><code>" << H(i->code) << "</code> " << H(i->text) << "</th>";
    for (size_t c = 0; c < points; ++c) {
      h.out << "<td>" << (c < i->counts.size() ? Shown(i->counts[c].second, r.k) : "") << "</td>";
    }
    h.out << "<td>" << i->answered << "</td><td>" << Shown(i->missing, r.k) << "</td><td>"
          << (i->median ? Fixed(*i->median, 1) : "–") << "</td><td>"
          << (i->percent_agree ? Fixed(*i->percent_agree, 1) + "%" : "–") << "</td></tr>";
  }
  h.out << "</tbody></table>";
}

// Free-text answers, each text once with how many gave it.
void Quotes(Html& h, const ItemResult& i) {
  h.out << "<h4>" << H(i.text) << "</h4>";
  for (size_t a = 0; a < i.texts.size();) {
    size_t b = a;
    while (b < i.texts.size() && i.texts[b] == i.texts[a]) ++b;
    h.out << "<blockquote>" << H(i.texts[a])
          << (b - a > 1 ? " <span class=\"muted\">(" + std::to_string(b - a) + " answers)</span>"
                        : "")
          << "</blockquote>";
    a = b;
  }
}

ReportView ViewOf(const store::ReportRecord& r) {
  return {r.id, r.program_id, r.status, r.error, r.created_at, r.finished_at};
}

}  // namespace

std::string ReadAssociation(const stats::OutcomeAssociation& r, const std::string& predictor) {
  if (!r.categories.empty()) {  // a background attribute as predictor
    std::string text = "Agreeing with " + r.outcome + " by " + predictor;
    if (r.table.empty()) {
      text += " (the table is not shown: small groups)";
    } else {
      text += ": ";
      for (size_t i = 0; i < r.categories.size(); ++i) {
        text += (i ? ", " : "") + r.categories[i] + " " + std::to_string(r.table[i][0]) + " of " +
                std::to_string(r.table[i][0] + r.table[i][1]);
      }
    }
    text += std::string(" (") + (r.test == "chisq" ? "chi-square" : "Fisher's exact test") +
            " p = " + PValue(r.p_value) + ", Holm-adjusted " + PValue(r.p_adjusted) + ").";
    return text;
  }
  if (r.table.size() == 1) {  // a pair measure as predictor
    std::string text = "The " + predictor + " of those who agreed with " + r.outcome;
    if (r.median_agree && r.median_not) {
      text += " had a median of " + Fixed(*r.median_agree, 2) + ", of the others " +
              Fixed(*r.median_not, 2);
    } else {
      text += " could not be compared: everyone gave the same answer group";
    }
    text += " (Wilcoxon–Mann–Whitney p = " + PValue(r.p_value) + ", Holm-adjusted " +
            PValue(r.p_adjusted);
    if (r.rho) text += "; Spearman's ρ = " + Fixed(*r.rho, 2);
    text += ").";
    if (r.n < 50)
      text += " With " + std::to_string(r.n) + " respondents the test has little power.";
    return text;
  }
  const auto agree = [&](int row) { return r.table.at(row).at(0); };
  const auto total = [&](int row) { return r.table.at(row).at(0) + r.table.at(row).at(1); };
  const double share_yes = total(0) ? static_cast<double>(agree(0)) / total(0) : NAN;
  const double share_no = total(1) ? static_cast<double>(agree(1)) / total(1) : NAN;
  std::string direction = "as often";
  if (share_yes > share_no) direction = "more often";
  if (share_yes < share_no) direction = "less often";
  std::string text = "Those who agreed with " + predictor + " agreed " + direction + " with " +
                     r.outcome + " (" + std::to_string(agree(0)) + " of " +
                     std::to_string(total(0)) + " vs " + std::to_string(agree(1)) + " of " +
                     std::to_string(total(1)) + "; odds ratio " + Ratio(r.odds_ratio) +
                     ", 95% CI " + Ratio(r.conf_int.lower) + " to " + Ratio(r.conf_int.upper) +
                     "; p = " + PValue(r.p_value) + ", Holm-adjusted " + PValue(r.p_adjusted) +
                     ").";
  if (r.n < 50) {
    text += " With " + std::to_string(r.n) + " respondents the interval is wide";
    text += r.p_adjusted < 0.05 ? "." : ", and the difference may be chance.";
  }
  return text;
}

std::string MethodsText(int agree_min, int k) {
  return "Proportions are given with 95% Wilson score intervals and exact (Clopper–Pearson) "
         "intervals. Meeting adherence is the number of meetings a pair held divided by the "
         "number its program's cadence asked for over the pair's life, capped at 100%. For the "
         "association between two agreement items, answers of " +
         std::to_string(agree_min) +
         " or more on the five-point scale counted as agreeing; for each outcome the 2×2 table of "
         "agreeing with the predictor against agreeing with the outcome was tested with Fisher's "
         "exact test (two-sided), the odds ratio is the conditional maximum-likelihood estimate "
         "with its exact 95% confidence interval, and p-values were adjusted for the number of "
         "outcomes with Holm's method (as R's fisher.test and p.adjust). Respondents missing "
         "either answer, or answering \"not applicable\", were left out of that outcome. "
         "Descriptive counts under " +
         std::to_string(k) + " are shown as \"< " + std::to_string(k) +
         "\", with further cells hidden where a total would give them away; the statistics use "
         "the exact data.";
}

ProgramReport BuildReport(store::Database& db, const Actor& actor, std::int64_t program_id,
                          const ReportOptions& options) {
  ProgramReport report;
  report.evaluation = GetEvaluation(db, actor, program_id);
  {
    store::Transaction tx = db.Begin(false);
    report.generated_at = tx.now_text();
    tx.Commit();
  }
  // The waves asked for, by series.
  std::map<std::int64_t, std::vector<WaveView>> waves_of;
  if (!options.waves.empty()) {
    const std::vector<WaveView> all = ListWaves(db, actor, program_id);
    for (std::int64_t id : options.waves) {
      const auto it =
          std::find_if(all.begin(), all.end(), [&](const WaveView& w) { return w.wave.id == id; });
      if (it == all.end()) {
        throw InvalidArgument("wave " + std::to_string(id) + " is not this program's", "waves");
      }
      waves_of[it->wave.series_id].push_back(*it);
    }
    std::erase_if(report.evaluation.surveys, [&](const WaveFigures& w) {
      return std::find(options.waves.begin(), options.waves.end(), w.wave_id) ==
             options.waves.end();
    });
  }
  std::optional<SurveySummary> chosen;
  std::optional<WaveView> chosen_wave;  // with waves: the first of the chosen survey answered
  for (SurveySummary s : ListSurveys(db, actor, program_id)) {
    if (!options.waves.empty() && !waves_of.count(s.survey.series_id)) continue;
    std::optional<WaveView> answered;
    if (options.waves.empty()) {
      if (s.responses > 0) report.surveys.push_back(GetSurveyResults(db, actor, s.survey.id));
    } else {
      s.responses = 0;  // of the chosen waves only
      for (const WaveView& w : waves_of[s.survey.series_id]) {
        SurveyResults r = GetSurveyResults(db, actor, s.survey.id, w.wave.id);
        if (r.responses == 0) continue;
        s.responses += r.responses;
        if (!answered) answered = w;
        r.survey.title += " — " + w.wave.title;
        report.surveys.push_back(std::move(r));
      }
    }
    // A pair measure (pair.match_score, ..., pair.meeting_mode) or a background
    // attribute goes with any survey linked to people.
    const bool measure =
        options.predictor.rfind("pair.", 0) == 0 || options.predictor.rfind("background.", 0) == 0;
    const bool asks =
        measure ? s.survey.anonymity != "anonymous"
                : std::any_of(s.survey.items.begin(), s.survey.items.end(),
                              [&](const SurveyItem& i) { return i.code == options.predictor; });
    if (options.survey_id
            ? s.survey.series_id == *options.survey_id || s.survey.id == *options.survey_id
            : asks && s.responses > 0) {
      chosen = s;
      chosen_wave = answered;
    }
  }
  if (options.survey_id && !chosen) {
    throw NotFound("survey " + std::to_string(*options.survey_id) + " is not this program's");
  }
  if (chosen && (chosen->responses > 0 || options.survey_id)) {
    std::vector<std::string> outcomes = options.outcomes;
    if (outcomes.empty()) {
      for (const char* code : kReferenceOutcomes) {
        for (const SurveyItem& i : chosen->survey.items) {
          if (i.code == code) outcomes.push_back(code);
        }
      }
    }
    if (!outcomes.empty()) {
      stats::AssociationOptions opts;
      opts.agree_min = options.agree_min;
      std::optional<std::int64_t> wave;
      std::string title = chosen->survey.title;
      if (!options.waves.empty()) {
        const WaveView& w = chosen_wave ? *chosen_wave : waves_of[chosen->survey.series_id].front();
        wave = w.wave.id;
        title += " — " + w.wave.title;
      }
      report.association =
          ReportAssociation{chosen->survey.series_id, title,
                            AssociateSurveyItems(db, actor, chosen->survey.id, options.predictor,
                                                 outcomes, opts, wave)};
    }
  }
  return report;
}

std::string RenderReportHtml(const ProgramReport& report) {
  const Evaluation& e = report.evaluation;
  Html h;
  h.out << "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta "
           "name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>"
        << H(e.program_name) << " — program report</title><style>"
        << "@page{size:A4;margin:16mm 15mm}"
           "body{font:11pt/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#111;"
           "max-width:48rem;margin:1.5rem auto;padding:0 1rem}"
           "h1{font-size:1.6rem;margin:0 0 .2rem}h2{font-size:1.25rem;margin:1.6rem 0 .5rem;"
           "border-bottom:1px solid #ccc;break-after:avoid}h3{font-size:1.05rem;break-after:avoid}"
           "table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.85em}"
           "tr{break-inside:avoid}caption{text-align:left;font-weight:600;padding:.2rem 0}"
           "th,td{border:1px solid #bbb;padding:.2rem .3rem;text-align:left;vertical-align:top;"
           "overflow-wrap:anywhere}"
           "thead th{background:#f1f1f1}figure{margin:.5rem 0;break-inside:avoid}"
           "figcaption{font-size:.9em;color:#333}.muted{color:#555}"
           "svg .grid{stroke:#ddd}svg .tick{font-size:10px;text-anchor:middle;fill:#444}"
           "svg .label{font-size:11px;text-anchor:end;fill:#111}svg .value{font-size:11px;"
           "fill:#111}svg .ci{stroke:#1f4e79;stroke-width:3}svg .point{fill:#1f4e79}"
           "svg .legend{font-size:10px;fill:#111}ul.figures li{margin:.2rem 0}"
           "blockquote{margin:.3rem 0 .3rem 1rem;padding-left:.6rem;border-left:3px solid #ccc}"
           "</style></head><body><main>";
  h.out << "<h1>" << H(e.program_name) << "</h1><p class=\"muted\">Program report · "
        << H(e.starts_on) << " to " << H(e.ends_on) << " · generated " << H(report.generated_at)
        << (e.deidentified ? " · de-identified" : "") << "</p>";
  h.out << "<p>Counts under " << e.k << " are shown as “&lt; " << e.k
        << "”, with further cells hidden where a total would give them away; percentages and "
           "tests use the exact data. People appear only as numbers.</p>";

  // At a glance.
  h.out << "<h2>At a glance</h2><ul class=\"figures\">";
  const auto item = [&](const std::string& label,
                        const std::optional<stats::ProportionEstimate>& p) {
    if (p) h.out << "<li><strong>" << H(label) << ":</strong> " << ProportionText(*p) << "</li>";
  };
  item("Pairs completed of those started", e.pairs.completion);
  item("Pairs meeting at least 75% as often as asked", e.meetings.adherent);
  item("Agreements signed", e.agreements_signed);
  item("Goals achieved", e.goals_achieved);
  item("Mentees with a scholarly project", e.mentees_with_project);
  if (e.retention_label) item(*e.retention_label + " (mentees)", e.retention);
  h.out << "</ul>";
  std::vector<std::pair<std::string, stats::ProportionEstimate>> rows;
  const auto add = [&](const std::string& label,
                       const std::optional<stats::ProportionEstimate>& p) {
    if (p) rows.emplace_back(label, *p);
  };
  add("Pairs completed", e.pairs.completion);
  add("Meeting adherence ≥ 75%", e.meetings.adherent);
  add("Agreements signed", e.agreements_signed);
  add("Goals achieved", e.goals_achieved);
  add("Mentees with a project", e.mentees_with_project);
  if (e.retention_label) add(*e.retention_label, e.retention);
  ProportionChart(h, "Program figures with their 95% intervals", rows);

  // Pairs.
  h.out << "<h2>Pairs</h2><p>" << e.pairs.started << " pairs started, with " << e.mentees
        << " mentees.</p>";
  CountTableHtml(h, "Pairs by status", "Status", e.pairs.by_status, e.k);
  if (!e.pairs.dissolved_reasons.empty()) {
    h.out << "<h3>Why pairs ended early</h3><ul>";
    for (const std::string& why : e.pairs.dissolved_reasons) h.out << "<li>" << H(why) << "</li>";
    h.out << "</ul>";
  }

  // Meetings.
  const MeetingFigures& m = e.meetings;
  h.out << "<h2>Meetings</h2><p>" << m.held << " meetings held of " << m.expected
        << " asked for by the cadence (every " << m.cadence_days << " days) over " << m.pairs
        << " pairs' lives";
  if (m.median_held) {
    h.out << "; per pair a median of " << Fixed(*m.median_held, 1) << " held of "
          << Fixed(*m.median_expected, 1) << " expected, median adherence "
          << Percent(*m.median_adherence);
  }
  h.out << ".</p>";
  CountTableHtml(h, "Pairs by meeting adherence (held ÷ expected)", "Adherence", m.distribution,
                 e.k);

  // Outputs.
  h.out << "<h2>Scholarly outputs of the mentees</h2><table><caption>Table " << ++h.tables
        << ". Outputs by kind</caption><thead><tr><th scope=\"col\">Kind</th><th "
           "scope=\"col\">Items</th><th scope=\"col\">Mentees with one</th><th "
           "scope=\"col\">Per mentee</th><th scope=\"col\">Awarded</th></tr></thead><tbody>";
  for (const OutputFigures& o : e.outputs) {
    std::string awarded = "–";
    if (o.kind == "grant") {
      awarded = Shown(o.awarded_grants, e.k) + " grants";
      for (const auto& [currency, sum] : o.awarded)
        awarded += ", " + Fixed(sum, 0) + " " + H(currency);
    }
    h.out << "<tr><th scope=\"row\">" << H(o.kind) << "</th><td>" << o.items << "</td><td>"
          << Shown(o.mentees, e.k) << "</td><td>" << (o.per_mentee ? Fixed(*o.per_mentee, 2) : "–")
          << "</td><td>" << awarded << "</td></tr>";
  }
  h.out << "</tbody></table>";

  // Retention.
  if (e.retention_label) {
    h.out << "<h2>Retention</h2><p><strong>" << H(*e.retention_label) << "</strong>: "
          << (e.retention ? ProportionText(*e.retention) : std::string("no mentees yet"))
          << " of the mentees; positions are known for " << e.retention_known << ".</p>";
  }

  // Surveys.
  h.out << "<h2>Surveys</h2>";
  if (!e.surveys.empty()) {
    h.out << "<table><caption>Table " << ++h.tables
          << ". Response by wave</caption><thead><tr><th scope=\"col\">Survey</th><th "
             "scope=\"col\">Wave</th><th scope=\"col\">Answered</th><th scope=\"col\">95% CI "
             "(Wilson)</th></tr></thead><tbody>";
    for (const WaveFigures& w : e.surveys) {
      h.out << "<tr><th scope=\"row\">" << H(w.survey_title) << "</th><td>" << H(w.wave_name)
            << " (" << H(w.status) << ")</td><td>" << w.answered << " of " << w.invited
            << (w.response ? " (" + Percent(w.response->estimate) + ")" : "") << "</td><td>"
            << (w.response ? Fixed(100 * w.response->wilson.lower, 1) + "–" +
                                 Fixed(100 * w.response->wilson.upper, 1) + "%"
                           : "–")
            << "</td></tr>";
    }
    h.out << "</tbody></table>";
  }
  if (report.surveys.empty()) h.out << "<p>No survey has responses yet.</p>";
  for (const SurveyResults& r : report.surveys) {
    h.out << "<h3>" << H(r.survey.title) << " — " << r.responses << " responses ("
          << H(r.survey.anonymity) << ")</h3>";
    LikertFigure(h, r);
    for (const ItemResult& i : r.items) {
      if (!i.texts.empty()) Quotes(h, i);
    }
  }

  // Association.
  if (report.association) {
    const ReportAssociation& a = *report.association;
    h.out << "<h2>Association</h2><p>In “" << H(a.survey_title) << "”, " << a.analysis.respondents
          << " respondents: does agreeing with <code>" << H(a.analysis.predictor)
          << "</code> go with agreeing with each outcome?</p>";
    if (a.analysis.predictor == "pair.meeting_mode") {
      h.out << "<p>A respondent's meeting mode is the mode (video, phone or in person) of most of "
               "the held meetings of their pair that were scheduled in Tandem; “mixed” when two "
               "modes tie. Respondents whose pair held no such meeting are left out.</p>";
    }
    const bool categorical =
        !a.analysis.results.empty() && !a.analysis.results.front().categories.empty();
    const bool numeric =
        !categorical && !a.analysis.results.empty() && a.analysis.results.front().table.size() == 1;
    if (categorical) {
      h.out << "<table><caption>Table " << ++h.tables << ". Agreement with each outcome by "
            << H(a.analysis.predictor)
            << "</caption><thead><tr><th scope=\"col\">Outcome</th><th scope=\"col\">Agreed, by "
               "group</th><th scope=\"col\">Test</th><th scope=\"col\">p</th><th "
               "scope=\"col\">Holm p</th></tr></thead><tbody>";
      for (const stats::OutcomeAssociation& o : a.analysis.results) {
        std::string groups;
        for (size_t i = 0; i < o.categories.size() && i < o.table.size(); ++i) {
          groups += (groups.empty() ? "" : "; ") + H(o.categories[i]) + " " +
                    std::to_string(o.table[i][0]) + " of " +
                    std::to_string(o.table[i][0] + o.table[i][1]);
        }
        if (o.table.empty()) groups = "not shown (groups under " + std::to_string(e.k) + ")";
        h.out << "<tr><th scope=\"row\"><code>" << H(o.outcome) << "</code></th><td>" << groups
              << "</td><td>" << (o.test == "chisq" ? "chi-square" : "Fisher") << "</td><td>"
              << PValue(o.p_value) << "</td><td>" << PValue(o.p_adjusted) << "</td></tr>";
      }
      h.out << "</tbody></table>";
    }
    if (numeric) {
      h.out << "<table><caption>Table " << ++h.tables << ". " << H(a.analysis.predictor)
            << " by agreement with each outcome</caption><thead><tr><th scope=\"col\">Outcome</th>"
               "<th scope=\"col\">Agreed / not</th><th scope=\"col\">Median (agreed vs not)</th>"
               "<th scope=\"col\">Spearman ρ</th><th scope=\"col\">p</th><th scope=\"col\">Holm "
               "p</th></tr></thead><tbody>";
      for (const stats::OutcomeAssociation& o : a.analysis.results) {
        h.out << "<tr><th scope=\"row\"><code>" << H(o.outcome) << "</code></th><td>"
              << o.table[0][0] << " / " << o.table[0][1] << "</td><td>"
              << (o.median_agree ? Fixed(*o.median_agree, 2) : "–") << " vs "
              << (o.median_not ? Fixed(*o.median_not, 2) : "–") << "</td><td>"
              << (o.rho ? Fixed(*o.rho, 2) : "–") << "</td><td>" << PValue(o.p_value) << "</td><td>"
              << PValue(o.p_adjusted) << "</td></tr>";
      }
      h.out << "</tbody></table>";
    }
    if (!numeric && !categorical) {
      h.out << "<table><caption>Table " << ++h.tables
            << ". Agreement with each outcome by agreement with " << H(a.analysis.predictor)
            << "</caption><thead><tr><th scope=\"col\">Outcome</th><th scope=\"col\">Agreed with "
               "the predictor: agreed / not</th><th scope=\"col\">Did not: agreed / not</th><th "
               "scope=\"col\">Odds ratio (95% CI)</th><th scope=\"col\">p</th><th "
               "scope=\"col\">Holm p</th></tr></thead><tbody>";
      for (const stats::OutcomeAssociation& o : a.analysis.results) {
        h.out << "<tr><th scope=\"row\"><code>" << H(o.outcome) << "</code></th><td>"
              << o.table[0][0] << " / " << o.table[0][1] << "</td><td>" << o.table[1][0] << " / "
              << o.table[1][1] << "</td><td>" << Ratio(o.odds_ratio) << " ("
              << Ratio(o.conf_int.lower) << " to " << Ratio(o.conf_int.upper) << ")</td><td>"
              << PValue(o.p_value) << "</td><td>" << PValue(o.p_adjusted) << "</td></tr>";
      }
      h.out << "</tbody></table>";
    }
    h.out << "<ul>";
    for (const stats::OutcomeAssociation& o : a.analysis.results) {
      h.out << "<li>" << H(ReadAssociation(o, a.analysis.predictor));
      for (const std::string& w : o.warnings) h.out << " <em>" << H(w) << "</em>";
      h.out << "</li>";
    }
    h.out << "</ul>";
  }
  h.out << "<h2>Methods</h2><p>"
        << H(MethodsText(report.association ? report.association->analysis.agree_min : 4, e.k))
        << "</p></main></body></html>\n";
  return h.out.str();
}

// --- PDF reports ---

ReportView RequestReportPdf(store::Database& db, const Actor& actor, std::int64_t program_id) {
  store::Transaction tx = db.Begin();
  RequireProgram(tx, program_id);
  RequireStaff(tx, actor, program_id, "make its report");
  if (!actor.user_id) {
    throw Error(ErrorCode::kFailedPrecondition,
                "a PDF is made for a signed-in person; use `tandem report --format pdf`");
  }
  store::ReportRepository repo(tx);
  const std::int64_t id = repo.Insert(program_id, *actor.user_id);
  store::JobRepository(tx).Enqueue(kReportPdfJob, nlohmann::json{{"report_id", id}}.dump(), 3);
  AppendAudit(tx, actor, "report.request", "program", program_id, program_id, "", "");
  const ReportView view = ViewOf(*repo.Find(id));
  tx.Commit();
  return view;
}

std::vector<ReportView> ListReports(store::Database& db, const Actor& actor,
                                    std::int64_t program_id) {
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  RequireStaff(tx, actor, program_id, "see its reports");
  std::vector<ReportView> out;
  for (const store::ReportRecord& r : store::ReportRepository(tx).List(program_id)) {
    out.push_back(ViewOf(r));
  }
  tx.Commit();
  return out;
}

void RunReportJob(store::Database& db, std::int64_t report_id,
                  const std::function<std::string(const std::string&)>& to_pdf, bool last_attempt) {
  std::optional<store::ReportRecord> record;
  {
    store::Transaction tx = db.Begin(false);
    record = store::ReportRepository(tx).Find(report_id);
    tx.Commit();
  }
  if (!record || record->status != "queued") return;  // gone, or done by an earlier attempt
  const auto fail = [&](const std::string& why) {
    store::Transaction tx = db.Begin();
    store::ReportRepository(tx).Fail(report_id, why);
    tx.Commit();
  };
  if (!record->requested_by) {
    fail("the person who asked for it no longer has an account");
    return;
  }
  try {
    const Actor requester = Actor::User(*record->requested_by, false);
    const std::string pdf =
        to_pdf(RenderReportHtml(BuildReport(db, requester, record->program_id)));
    store::Transaction tx = db.Begin();
    store::ReportRepository(tx).Finish(report_id, internal::ToBase64(pdf));
    tx.Commit();
  } catch (const Error& e) {
    if (last_attempt || e.code() != ErrorCode::kUnavailable) fail(e.message());
    if (e.code() == ErrorCode::kUnavailable) throw;  // the job tries again
  }
}

std::string GetReportPdf(store::Database& db, const Actor& actor, std::int64_t report_id) {
  store::Transaction tx = db.Begin(false);
  store::ReportRepository repo(tx);
  const std::optional<store::ReportRecord> r = repo.Find(report_id);
  if (!r) throw NotFound("report " + std::to_string(report_id) + " not found");
  RequireStaff(tx, actor, r->program_id, "read its reports");
  if (r->status != "done") {
    throw Error(ErrorCode::kFailedPrecondition, r->status == "failed"
                                                    ? "the report failed: " + r->error
                                                    : "the report is still being made");
  }
  const std::string content = repo.Pdf(report_id);
  tx.Commit();
  std::optional<std::string> bytes = internal::FromBase64(content);
  if (!bytes)
    throw Error(ErrorCode::kInternal, "report " + std::to_string(report_id) + " is damaged");
  return std::move(*bytes);
}

// --- The analysis dataset ---

namespace {

struct Dataset {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  // column -> (type, description)
  std::map<std::string, std::pair<std::string, std::string>> dictionary;
};

Dataset BuildDataset(store::Database& db, const Actor& actor, std::int64_t program_id) {
  store::Transaction tx = db.Begin(false);
  const Program program = RequireProgram(tx, program_id);
  RequireStaff(tx, actor, program_id, "export its analysis dataset");
  std::vector<Pair> pairs;
  for (Pair& p : store::PairRepository(tx).ListByProgram(program_id)) {
    if (p.status != PairStatus::kProposed && !p.started_on.empty()) pairs.push_back(std::move(p));
  }
  const auto lives = MeetingsOverPairLives(tx, program);
  store::JourneyRepository journey(tx);
  std::set<std::int64_t> signed_pairs;
  for (const Agreement& a : journey.ListAgreements(program_id)) {
    if (a.Signed()) signed_pairs.insert(a.pair_id);
  }
  std::map<std::int64_t, std::pair<int, int>> goals;  // pair -> (goals, achieved)
  for (const Goal& g : journey.ListGoalsByProgram(program_id)) {
    ++goals[g.pair_id].first;
    if (g.status == "achieved") ++goals[g.pair_id].second;
  }
  std::set<std::int64_t> project_pairs;
  for (const Project& p : journey.ListProjectsByProgram(program_id))
    project_pairs.insert(p.pair_id);
  std::map<std::int64_t, std::map<std::string, int>> outputs;  // enrollment -> kind -> n
  for (const Output& o : journey.ListOutputsByProgram(program_id))
    ++outputs[o.enrollment_id][o.kind];
  const Retention retention = ComputeRetention(tx, program);
  std::map<std::int64_t, bool> retained;
  for (const RetentionPerson& p : retention.people) retained[p.enrollment_id] = p.retained;
  // Surveys that are not anonymous: every item code of the newest version.
  store::SurveyRepository surveys(tx);
  std::map<std::int64_t, Survey> newest;
  for (Survey& s : surveys.ListSurveys(program_id)) newest[s.series_id] = std::move(s);
  std::vector<std::pair<std::string, std::string>> answer_columns;  // column, item text
  std::map<std::int64_t, std::map<std::string, std::string>>
      answers;  // enrollment -> column -> answer
  for (const auto& [series, s] : newest) {
    if (s.anonymity == "anonymous") continue;
    const std::string prefix = "s" + std::to_string(series) + "_";
    std::vector<std::string> codes;
    for (const SurveyItem& i : s.items) {
      if (i.kind == "short_text" || i.kind == "long_text") continue;  // free text identifies
      if (i.kind == "matrix") {
        for (const MatrixRow& r : i.rows) {
          codes.push_back(r.code);
          answer_columns.emplace_back(prefix + r.code, s.title + ": " + i.text + " — " + r.text);
        }
      } else {
        codes.push_back(i.code);
        answer_columns.emplace_back(prefix + i.code, s.title + ": " + i.text);
      }
    }
    for (const SurveyResponse& r : surveys.ListResponsesOfSeries(series)) {
      if (r.status != "submitted" || !r.enrollment_id) continue;
      auto& mine = answers[*r.enrollment_id];  // later responses replace earlier ones
      for (const std::string& code : codes) {
        auto it = r.answers.find(code);
        mine[prefix + code] = it == r.answers.end() ? "" : it->second;
      }
    }
  }
  tx.Commit();

  Dataset d;
  std::set<std::string> facets;
  for (const Pair& p : pairs) {
    for (const auto& [facet, value] : p.breakdown) facets.insert(facet);
  }
  const auto column = [&](const std::string& name, const std::string& type,
                          const std::string& what) {
    d.columns.push_back(name);
    d.dictionary[name] = {type, what};
  };
  column("person", "text",
         "Pseudonym of the person in this program (P001, ...), stable by enrolment");
  column("role", "text", "mentor or mentee");
  column("pair", "text",
         "Pseudonym of the pair (D001, ...); a mentor with two mentees has two rows");
  column("pair_status", "text", "active, completed or dissolved");
  column("match_score", "number", "The pair's match score (0-100)");
  for (const std::string& f : facets) {
    column("score_" + f, "number", "The part of the match score from " + f);
  }
  column("meetings_held", "integer", "Meetings held over the pair's life");
  column("meetings_expected", "integer", "Meetings the cadence asked for over the pair's life");
  column("agreement_signed", "0/1", "Both signed the current agreement");
  column("goals", "integer", "The pair's goals (private ones included, counted only)");
  column("goals_achieved", "integer", "Goals marked achieved");
  column("project", "0/1", "The pair has a scholarly project");
  for (std::string_view kind : kOutputKinds) {
    column(std::string("outputs_") + std::string(kind), "integer",
           "The person's outputs of kind " + std::string(kind));
  }
  column("retained", "0/1/blank",
         "Meets the program's retention indicator (mentees; blank: none defined)");
  for (const auto& [name, text] : answer_columns) column(name, "answer", text);

  std::map<std::int64_t, std::string> person_key;
  const auto key_of = [&](std::map<std::int64_t, std::string>& keys, std::int64_t id, char letter) {
    auto it = keys.find(id);
    if (it != keys.end()) return it->second;
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%c%03zu", letter, keys.size() + 1);
    return keys.emplace(id, buffer).first->second;
  };
  std::map<std::int64_t, std::string> pair_key;
  // Pseudonyms in enrolment order, not in pair order, so they tell nothing.
  std::set<std::int64_t> enrolments;
  for (const Pair& p : pairs) {
    enrolments.insert(p.mentee_enrollment_id);
    enrolments.insert(p.mentor_enrollment_id);
  }
  for (std::int64_t id : enrolments) key_of(person_key, id, 'P');
  for (const Pair& p : pairs) {
    for (const bool mentor : {false, true}) {
      const std::int64_t who = mentor ? p.mentor_enrollment_id : p.mentee_enrollment_id;
      std::vector<std::string> row;
      row.push_back(person_key[who]);
      row.push_back(mentor ? "mentor" : "mentee");
      row.push_back(key_of(pair_key, p.id, 'D'));
      row.push_back(std::string(PairStatusName(p.status)));
      row.push_back(Fixed(p.score, 2));
      for (const std::string& f : facets) {
        auto it = p.breakdown.find(f);
        row.push_back(it == p.breakdown.end() ? "" : Fixed(it->second, 2));
      }
      auto life = lives.find(p.id);
      row.push_back(life == lives.end() ? "" : std::to_string(life->second.held));
      row.push_back(life == lives.end() ? "" : std::to_string(life->second.expected));
      row.push_back(signed_pairs.count(p.id) ? "1" : "0");
      row.push_back(std::to_string(goals[p.id].first));
      row.push_back(std::to_string(goals[p.id].second));
      row.push_back(project_pairs.count(p.id) ? "1" : "0");
      for (std::string_view kind : kOutputKinds) {
        row.push_back(std::to_string(outputs[who][std::string(kind)]));
      }
      row.push_back(mentor || !retention.indicator ? "" : (retained[who] ? "1" : "0"));
      for (const auto& [name, text] : answer_columns) {
        auto mine = answers.find(who);
        std::string value;
        if (mine != answers.end()) {
          auto it = mine->second.find(name);
          if (it != mine->second.end()) value = it->second;
        }
        row.push_back(EscapeFormula(value));
      }
      d.rows.push_back(std::move(row));
    }
  }
  std::sort(d.rows.begin(), d.rows.end());  // by pseudonym: row order tells nothing
  return d;
}

}  // namespace

int ExportAnalysisDataset(store::Database& db, const Actor& actor, std::int64_t program_id,
                          std::ostream& csv) {
  const Dataset d = BuildDataset(db, actor, program_id);
  WriteCsvRecord(csv, d.columns);
  for (const auto& row : d.rows) WriteCsvRecord(csv, row);
  return static_cast<int>(d.rows.size());
}

void ExportAnalysisDictionary(store::Database& db, const Actor& actor, std::int64_t program_id,
                              std::ostream& csv) {
  const Dataset d = BuildDataset(db, actor, program_id);
  WriteCsvRecord(csv, {"column", "type", "description"});
  for (const std::string& c : d.columns) {
    const auto& [type, what] = d.dictionary.at(c);
    WriteCsvRecord(csv, {c, type, EscapeFormula(what)});
  }
}

}  // namespace tandem::service
