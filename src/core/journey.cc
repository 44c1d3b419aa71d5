#include "core/journey.h"

#include <cctype>
#include <cstdio>
#include <string>

#include "core/error.h"
#include "core/program.h"
#include "core/text.h"

namespace tandem {
namespace {

// Active ISO 4217 codes (2024), space-separated.
constexpr std::string_view kCurrencies =
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN "
    "BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD "
    "FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY "
    "KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP "
    "MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR "
    "RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT "
    "TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW "
    "ZWL";

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && ToLower(text.substr(0, prefix.size())) == prefix;
}

}  // namespace

void CheckOneOf(std::string_view value, std::span<const std::string_view> names,
                const std::string& field) {
  for (std::string_view n : names) {
    if (value == n) return;
  }
  std::string list;
  for (std::string_view n : names) list += (list.empty() ? "" : ", ") + std::string(n);
  throw InvalidArgument(field + " is one of " + list, field);
}

std::string_view DefaultAgreementTemplate() {
  return R"(# Our mentoring agreement

We agree to take part in this program as mentor and mentee, and to make the
relationship useful to the mentee's development in cancer care.

## What each of us will do
- **The mentee** sets the agenda: brings questions, goals and drafts, keeps
  track of what we agreed, and says what is and is not helping.
- **The mentor** gives time, honest advice and introductions, shares their
  own path (including what did not work), and is candid about what they do
  not know.
- **Both** of us come prepared, keep appointments or move them early, and
  answer messages within a few working days.

## How we meet
We meet at the cadence and in the way written below, and log each meeting in
Tandem so that the program can support us.

## Confidentiality
What we discuss stays between us unless we both agree otherwise. We never
share identifiable patient information: cases are discussed without names,
dates or details that could identify a patient, and under the rules of our
institutions. Concerns about safety or professional conduct are the exception
and go to the program's coordinator.

## Goals
We set goals in the first two meetings, write them in Tandem, and review them
at least every three months: what was achieved, what changed, what is next.

## Ending the relationship
Either of us can end the relationship at any time, without giving a reason
and without blame, by telling the other and the program's coordinator. The
coordinator will help find another match where that is wanted.

## Whom to contact
Questions or concerns about the program or this relationship go to the
program's coordinator, named on the program page.
)";
}

bool MeetsIndicator(const RetentionIndicator& indicator, const Position& position,
                    std::string_view ends_on) {
  auto in = [](const std::vector<std::string>& list, const std::string& value) {
    if (list.empty()) return true;
    const std::string lower = ToLower(value);
    for (const std::string& v : list) {
      if (ToLower(v) == lower) return true;
    }
    return false;
  };
  if (indicator.fields.empty() || !in(indicator.fields, position.field)) return false;
  if (!in(indicator.settings, position.setting)) return false;
  if (!indicator.title_words.empty()) {
    const std::string title = ToLower(position.title);
    bool found = false;
    for (const std::string& w : indicator.title_words) {
      if (!w.empty() && title.find(ToLower(w)) != std::string::npos) found = true;
    }
    if (!found) return false;
  }
  if (!ends_on.empty() && IsIsoDate(ends_on) && IsIsoDate(position.starts_on)) {
    // The deadline: the end date moved on by whole months, compared as text
    // (a 31st carried into a shorter month still orders correctly).
    int y = std::stoi(std::string(ends_on.substr(0, 4)));
    int m = std::stoi(std::string(ends_on.substr(5, 2))) + indicator.months_after_end;
    y += (m - 1) / 12;
    m = (m - 1) % 12 + 1;
    char deadline[11];
    std::snprintf(deadline, sizeof deadline, "%04d-%02d-%s", y, m,
                  std::string(ends_on.substr(8, 2)).c_str());
    if (position.starts_on > std::string(deadline)) return false;
  }
  return true;
}

std::optional<std::string> NormalizeDoi(std::string_view text) {
  std::string_view t = Trim(text);
  for (std::string_view prefix : {"https://doi.org/", "http://doi.org/", "https://dx.doi.org/",
                                  "http://dx.doi.org/", "doi.org/", "doi:"}) {
    if (StartsWithNoCase(t, prefix)) {
      t = Trim(t.substr(prefix.size()));
      break;
    }
  }
  // 10.<registrant: 4-9 digits, optionally .sub-parts>/<suffix, no spaces>
  if (t.size() < 6 || t.substr(0, 3) != "10.") return std::nullopt;
  size_t i = 3, digits = 0;
  while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i, ++digits;
  if (digits < 4 || digits > 9) return std::nullopt;
  while (i < t.size() && (t[i] == '.' || std::isdigit(static_cast<unsigned char>(t[i])))) ++i;
  if (i >= t.size() || t[i] != '/' || i + 1 == t.size()) return std::nullopt;
  for (char c : t) {
    if (std::isspace(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) < 0x20) {
      return std::nullopt;
    }
  }
  return ToLower(t);
}

std::optional<std::string> NormalizePmid(std::string_view text) {
  std::string_view t = Trim(text);
  if (StartsWithNoCase(t, "pmid:")) t = Trim(t.substr(5));
  if (t.empty() || t.size() > 8) return std::nullopt;
  bool nonzero = false;
  for (char c : t) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    if (c != '0') nonzero = true;
  }
  if (!nonzero) return std::nullopt;
  return std::string(t.substr(t.find_first_not_of('0')));  // "0012345" is PMID 12345
}

bool IsCurrencyCode(std::string_view code) {
  if (code.size() != 3) return false;
  for (size_t i = 0; i + 3 <= kCurrencies.size(); i += 4) {
    if (kCurrencies.substr(i, 3) == code) return true;
  }
  return false;
}

void ValidateOutput(Output& o) {
  CheckOneOf(o.kind, kOutputKinds, "kind");
  o.title = std::string(Trim(o.title));
  if (o.title.empty()) throw InvalidArgument("give the output a title", "title");
  CheckText(o.title, "title", 500);
  if (o.year && (*o.year < 1950 || *o.year > 2100)) {
    throw InvalidArgument("year is between 1950 and 2100", "year");
  }
  for (auto [value, field] : {std::pair{&o.authors, "authors"},
                              {&o.journal, "journal"},
                              {&o.meeting, "meeting"},
                              {&o.funder, "funder"},
                              {&o.mechanism, "mechanism"},
                              {&o.awarding_body, "awarding_body"}}) {
    *value = std::string(Trim(*value));
    CheckText(*value, field, 2000);
  }
  CheckText(o.notes, "notes", 5000, true);
  if (!Trim(o.doi).empty()) {
    auto doi = NormalizeDoi(o.doi);
    if (!doi) {
      throw InvalidArgument("\"" + std::string(Trim(o.doi)) +
                                "\" is not a DOI (10.<registrant>/<suffix>, e.g. "
                                "10.1182/blood.2023021234)",
                            "doi");
    }
    o.doi = *doi;
  } else {
    o.doi.clear();
  }
  if (!Trim(o.pmid).empty()) {
    auto pmid = NormalizePmid(o.pmid);
    if (!pmid) throw InvalidArgument("a PMID is 1 to 8 digits", "pmid");
    o.pmid = *pmid;
  } else {
    o.pmid.clear();
  }
  if (o.kind == "presentation" && !o.format.empty()) {
    CheckOneOf(o.format, kPresentationFormats, "format");
  }
  if (o.kind == "grant") {
    if (o.funder.empty()) throw InvalidArgument("name the grant's funder", "funder");
    if (o.grant_status.empty()) o.grant_status = "submitted";
    CheckOneOf(o.grant_status, kGrantStatuses, "grant_status");
  } else if (!o.grant_status.empty()) {
    throw InvalidArgument("only a grant has a grant_status", "grant_status");
  }
  if (o.amount) {
    if (!(*o.amount >= 0) || *o.amount > 1e12) {
      throw InvalidArgument("amount is a sum of at least 0", "amount");
    }
    if (o.currency.empty()) throw InvalidArgument("give the amount's currency", "currency");
  }
  if (!o.currency.empty() && !IsCurrencyCode(o.currency)) {
    throw InvalidArgument(
        "\"" + o.currency + "\" is not an ISO 4217 currency code (e.g. USD, CAD, EUR)", "currency");
  }
  CheckOptionalDate(o.starts_on, "starts_on");
  CheckOptionalDate(o.ends_on, "ends_on");
  if (!o.starts_on.empty() && !o.ends_on.empty() && o.ends_on < o.starts_on) {
    throw InvalidArgument("ends_on comes before starts_on", "ends_on");
  }
}

}  // namespace tandem
