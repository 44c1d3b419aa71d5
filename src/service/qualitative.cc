#include "service/qualitative.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "core/csv.h"
#include "core/error.h"
#include "core/survey.h"
#include "core/text.h"
#include "service/authorization.h"
#include "service/docx.h"
#include "service/matching_input.h"
#include "service/programs.h"
#include "service/secrets.h"
#include "service/surveys.h"
#include "stats/reliability.h"
#include "store/enrollment_repository.h"
#include "store/qualitative_repository.h"
#include "store/survey_repository.h"
#include "store/user_repository.h"

namespace tandem::service {
namespace {

constexpr int kMaxDocumentCharacters = 500000;

std::vector<std::string> ProgramNames(store::Transaction& tx, std::int64_t program_id) {
  std::vector<std::string> names;
  for (const Enrollment& e : store::EnrollmentRepository(tx).List(program_id)) {
    names.push_back(e.name);
    if (!e.email.empty()) names.push_back(e.email.substr(0, e.email.find('@')));
  }
  return names;
}

// Byte offsets of FindIdentifiers as code points.
std::vector<IdentifierSpan> InCodePoints(const std::string& text,
                                         std::vector<IdentifierSpan> spans) {
  for (IdentifierSpan& s : spans) {
    const int begin = CodePointCount(std::string_view(text).substr(0, s.begin));
    const int end = CodePointCount(std::string_view(text).substr(0, s.end));
    s.begin = static_cast<std::size_t>(begin);
    s.end = static_cast<std::size_t>(end);
  }
  return spans;
}

QualDocument RequireDocument(store::Transaction& tx, const Actor& actor, std::int64_t id,
                             const char* what) {
  std::optional<QualDocument> d = store::QualitativeRepository(tx).FindDocument(id);
  if (!d) throw NotFound("document " + std::to_string(id) + " not found");
  RequireStaff(tx, actor, d->program_id, what);
  return *d;
}

void CheckCode(store::Transaction& tx, const QualCode& code, std::int64_t self_id) {
  CheckText(code.name, "name", 100);
  if (Trim(code.name).empty()) throw InvalidArgument("a code needs a name", "name");
  CheckText(code.definition, "definition", 2000, true);
  CheckText(code.example, "example", 2000, true);
  store::QualitativeRepository repo(tx);
  if (code.parent_id) {
    const std::optional<QualCode> parent = repo.FindCode(*code.parent_id);
    if (!parent || parent->program_id != code.program_id) {
      throw InvalidArgument("the parent code is not in this codebook", "parent_id");
    }
    if (parent->parent_id || parent->id == self_id) {
      throw InvalidArgument("codes nest one level: the parent must be a top-level code",
                            "parent_id");
    }
  }
  for (const QualCode& other : repo.ListCodes(code.program_id)) {
    if (other.id != self_id && FoldCase(other.name) == FoldCase(Trim(code.name))) {
      throw Error(ErrorCode::kConflict, "the codebook has a code \"" + other.name + "\"", "name");
    }
    if (self_id && other.parent_id == self_id && code.parent_id) {
      throw InvalidArgument("a code with codes under it stays at the top level", "parent_id");
    }
  }
}

// The text of segment `id` of one of the program's documents; none otherwise.
std::optional<std::string> QuoteOf(store::QualitativeRepository& repo, std::int64_t id,
                                   std::int64_t program_id) {
  const auto s = repo.FindSegment(id);
  const auto d = s ? repo.FindDocument(s->document_id) : std::nullopt;
  if (!d || d->program_id != program_id) return std::nullopt;
  return CodePointSlice(d->text, s->start, s->end);
}

std::string UserName(store::Transaction& tx, std::int64_t id) {
  const auto user = store::UserRepository(tx).Find(id);
  return user ? user->name : "user " + std::to_string(id);
}

}  // namespace

std::vector<IdentifierSpan> CheckForIdentifiers(store::Database& db, const Actor& actor,
                                                std::int64_t program_id, const std::string& text) {
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  RequireStaff(tx, actor, program_id, "check a document");
  const std::vector<std::string> names = ProgramNames(tx, program_id);
  tx.Commit();
  return InCodePoints(text, FindIdentifiers(text, names));
}

TranscriptText ReadTranscript(store::Database& db, const Actor& actor, std::int64_t program_id,
                              const std::string& file_name, const std::string& content_base64) {
  {
    store::Transaction tx = db.Begin(false);
    RequireProgram(tx, program_id);
    RequireStaff(tx, actor, program_id, "add documents");
    tx.Commit();
  }
  const std::optional<std::string> decoded = internal::FromBase64(content_base64);
  if (!decoded) throw InvalidArgument("the file is not base64", "content_base64");
  const std::string& bytes = *decoded;
  const std::string lower = ToLower(file_name);
  const auto ends_with = [&](const std::string& suffix) {
    return lower.size() >= suffix.size() &&
           lower.compare(lower.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  TranscriptText out;
  if (ends_with(".docx")) {
    out.text = DocxToText(bytes);
  } else if (ends_with(".txt") || ends_with(".md")) {
    CheckText(bytes, "file", kMaxDocumentCharacters, true);
    out.text = bytes;
  } else {
    throw InvalidArgument("a transcript is a .docx or .txt file", "file");
  }
  out.identifiers = CheckForIdentifiers(db, actor, program_id, out.text);
  return out;
}

QualDocument CreateDocument(store::Database& db, const Actor& actor, std::int64_t program_id,
                            const std::string& title, const std::string& text,
                            bool confirmed_deidentified) {
  const std::string name(Trim(title));
  if (name.empty()) throw InvalidArgument("a document needs a title", "title");
  CheckText(name, "title", 200);
  if (Trim(text).empty()) throw InvalidArgument("the document has no text", "text");
  CheckText(text, "text", kMaxDocumentCharacters, true);
  store::Transaction tx = db.Begin();
  RequireProgram(tx, program_id);
  RequireStaff(tx, actor, program_id, "add documents");
  if (!confirmed_deidentified) {
    const auto found = FindIdentifiers(text, ProgramNames(tx, program_id));
    throw InvalidArgument(
        "confirm that the text names nobody (" + std::to_string(found.size()) +
            " possible identifiers found: replace them, e.g. with [name], or confirm)",
        "confirmed_deidentified");
  }
  QualDocument d;
  d.program_id = program_id;
  d.title = name;
  d.source = "upload";
  d.text = text;
  d.created_by = actor.user_id.value_or(0);
  d.id = store::QualitativeRepository(tx).InsertDocument(d);
  AppendAudit(tx, actor, "qualitative.document", "program", program_id, program_id, "",
              "{\"title\":" + JsonQuoted(name) + "}");
  d = *store::QualitativeRepository(tx).FindDocument(d.id);
  tx.Commit();
  return d;
}

QualDocument DocumentFromSurvey(store::Database& db, const Actor& actor, std::int64_t survey_id,
                                const std::string& item_code) {
  // GetSurveyResults applies the evaluators' rules: answers de-identified,
  // sorted, and only when enough people answered.
  const SurveyResults results = GetSurveyResults(db, actor, survey_id);
  const ItemResult* item = nullptr;
  for (const ItemResult& i : results.items) {
    if (i.code == item_code && i.kind == "long_text") item = &i;
  }
  if (!item) {
    throw InvalidArgument("the survey has no long-text item " + item_code, "item");
  }
  if (item->texts.empty()) {
    throw InvalidArgument("no answer to " + item_code + " can be shown (fewer than " +
                              std::to_string(results.k) + " answered)",
                          "item");
  }
  std::string text;
  for (const std::string& answer : item->texts) {
    std::string line = answer;
    std::replace(line.begin(), line.end(), '\n', ' ');
    text += line + "\n";
  }
  QualDocument d;
  {
    store::Transaction tx = db.Begin();
    d.program_id = results.survey.program_id;
    RequireStaff(tx, actor, d.program_id, "add documents");
    d.title = results.survey.title + ": " + item->text;
    if (CharacterCount(d.title) > 200) d.title = d.title.substr(0, 190) + "…";
    d.source = "survey";
    d.text = text;
    d.created_by = actor.user_id.value_or(0);
    d.id = store::QualitativeRepository(tx).InsertDocument(d);
    AppendAudit(
        tx, actor, "qualitative.document", "program", d.program_id, d.program_id, "",
        "{\"survey\":" + std::to_string(survey_id) + ",\"item\":" + JsonQuoted(item_code) + "}");
    d = *store::QualitativeRepository(tx).FindDocument(d.id);
    tx.Commit();
  }
  return d;
}

std::vector<QualDocument> ListDocuments(store::Database& db, const Actor& actor,
                                        std::int64_t program_id) {
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  RequireStaff(tx, actor, program_id, "see its documents");
  std::vector<QualDocument> out = store::QualitativeRepository(tx).ListDocuments(program_id);
  tx.Commit();
  return out;
}

DocumentView GetDocument(store::Database& db, const Actor& actor, std::int64_t document_id) {
  store::Transaction tx = db.Begin(false);
  DocumentView v;
  v.document = RequireDocument(tx, actor, document_id, "see its documents");
  for (QualSegment& s : store::QualitativeRepository(tx).ListSegments(document_id)) {
    if (!s.coder_id || s.coder_id == actor.user_id) v.segments.push_back(std::move(s));
  }
  tx.Commit();
  return v;
}

QualCode CreateCode(store::Database& db, const Actor& actor, std::int64_t program_id,
                    QualCode code) {
  store::Transaction tx = db.Begin();
  RequireProgram(tx, program_id);
  RequireStaff(tx, actor, program_id, "edit the codebook");
  code.program_id = program_id;
  code.name = std::string(Trim(code.name));
  CheckCode(tx, code, 0);
  store::QualitativeRepository repo(tx);
  code.id = repo.InsertCode(code);
  AppendAudit(tx, actor, "qualitative.code", "program", program_id, program_id, "",
              "{\"name\":" + JsonQuoted(code.name) + "}");
  tx.Commit();
  return code;
}

QualCode UpdateCode(store::Database& db, const Actor& actor, std::int64_t code_id, QualCode code) {
  store::Transaction tx = db.Begin();
  store::QualitativeRepository repo(tx);
  const std::optional<QualCode> before = repo.FindCode(code_id);
  if (!before) throw NotFound("code " + std::to_string(code_id) + " not found");
  RequireStaff(tx, actor, before->program_id, "edit the codebook");
  code.id = code_id;
  code.program_id = before->program_id;
  code.name = std::string(Trim(code.name));
  CheckCode(tx, code, code_id);
  repo.UpdateCode(code);
  AppendAudit(tx, actor, "qualitative.code", "program", code.program_id, code.program_id,
              "{\"name\":" + JsonQuoted(before->name) + "}",
              "{\"name\":" + JsonQuoted(code.name) + "}");
  tx.Commit();
  return code;
}

std::vector<QualCode> ListCodes(store::Database& db, const Actor& actor, std::int64_t program_id) {
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  RequireStaff(tx, actor, program_id, "see the codebook");
  std::vector<QualCode> out = store::QualitativeRepository(tx).ListCodes(program_id);
  tx.Commit();
  return out;
}

QualSegment AddSegment(store::Database& db, const Actor& actor, std::int64_t document_id,
                       std::int64_t code_id, int start, int end, bool agreed) {
  store::Transaction tx = db.Begin();
  const QualDocument d = RequireDocument(tx, actor, document_id, "code documents");
  store::QualitativeRepository repo(tx);
  const std::optional<QualCode> code = repo.FindCode(code_id);
  if (!code || code->program_id != d.program_id) {
    throw InvalidArgument("the code is not in this program's codebook", "code_id");
  }
  const int length = CodePointCount(d.text);
  if (start < 0 || start >= length) {
    throw InvalidArgument("start is outside the text (0.." + std::to_string(length - 1) + ")",
                          "start");
  }
  if (end <= start || end > length) {
    throw InvalidArgument("end is after start and at most " + std::to_string(length), "end");
  }
  if (!agreed && !actor.user_id) {
    throw InvalidArgument("only a signed-in coder codes as themself", "agreed");
  }
  QualSegment s;
  s.document_id = document_id;
  s.code_id = code_id;
  if (!agreed) s.coder_id = actor.user_id;
  s.start = start;
  s.end = end;
  s.id = repo.InsertSegment(s);
  AppendAudit(tx, actor, "qualitative.segment", "program", d.program_id, d.program_id, "",
              "{\"document\":" + std::to_string(document_id) + ",\"code\":" +
                  std::to_string(code_id) + ",\"agreed\":" + (agreed ? "true" : "false") + "}");
  s = *repo.FindSegment(s.id);
  tx.Commit();
  return s;
}

void DeleteSegment(store::Database& db, const Actor& actor, std::int64_t segment_id) {
  store::Transaction tx = db.Begin();
  store::QualitativeRepository repo(tx);
  const std::optional<QualSegment> s = repo.FindSegment(segment_id);
  if (!s) throw NotFound("segment " + std::to_string(segment_id) + " not found");
  const QualDocument d = RequireDocument(tx, actor, s->document_id, "code documents");
  if (s->coder_id && s->coder_id != actor.user_id) {
    // Not a matter of role: the caller codes too, just not this segment.
    throw Error(ErrorCode::kFailedPrecondition, "another coder's segment is theirs to remove");
  }
  repo.DeleteSegment(segment_id);
  AppendAudit(tx, actor, "qualitative.segment.delete", "program", d.program_id, d.program_id, "",
              "{\"segment\":" + std::to_string(segment_id) + "}");
  tx.Commit();
}

CoderAgreement GetCoderAgreement(store::Database& db, const Actor& actor, std::int64_t program_id,
                                 std::optional<std::int64_t> coder_a,
                                 std::optional<std::int64_t> coder_b) {
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  RequireStaff(tx, actor, program_id, "see the coders' agreement");
  store::QualitativeRepository repo(tx);
  std::map<std::int64_t, QualDocument> documents;
  for (QualDocument& d : repo.ListDocuments(program_id, true)) documents[d.id] = std::move(d);
  const std::vector<QualCode> codes = repo.ListCodes(program_id);
  // coder -> document -> segments
  std::map<std::int64_t, std::map<std::int64_t, std::vector<QualSegment>>> by_coder;
  for (QualSegment& s : repo.ListProgramSegments(program_id)) {
    if (s.coder_id) by_coder[*s.coder_id][s.document_id].push_back(std::move(s));
  }
  if (!coder_a || !coder_b) {
    int best = 0;
    for (auto a = by_coder.begin(); a != by_coder.end(); ++a) {
      for (auto b = std::next(a); b != by_coder.end(); ++b) {
        int common = 0;
        for (const auto& [doc, segments] : a->second) common += b->second.count(doc) ? 1 : 0;
        if (common > best) {
          best = common;
          coder_a = a->first;
          coder_b = b->first;
        }
      }
    }
    if (best == 0) {
      throw Error(ErrorCode::kFailedPrecondition,
                  "agreement needs two coders who coded the same document");
    }
  }
  if (*coder_a == *coder_b) throw InvalidArgument("choose two different coders", "coder_b");
  CoderAgreement report;
  report.coder_a = *coder_a;
  report.coder_b = *coder_b;
  report.coder_a_name = UserName(tx, *coder_a);
  report.coder_b_name = UserName(tx, *coder_b);
  for (const auto& [coder, documents_coded] : by_coder) {
    report.coders.emplace_back(coder, UserName(tx, coder));
  }
  tx.Commit();

  const auto& a_docs = by_coder[*coder_a];
  const auto& b_docs = by_coder[*coder_b];
  // Per code, each line's decision by each coder ("1" applied, "0" not).
  std::map<std::int64_t, std::pair<std::vector<std::string>, std::vector<std::string>>> votes;
  std::pair<std::vector<std::string>, std::vector<std::string>> pooled;
  const auto applied = [](const std::vector<QualSegment>& segments, std::int64_t code,
                          std::pair<int, int> unit) {
    return std::any_of(segments.begin(), segments.end(), [&](const QualSegment& s) {
      return s.code_id == code && s.start < unit.second && s.end > unit.first;
    });
  };
  for (const auto& [doc_id, a_segments] : a_docs) {
    const auto b_it = b_docs.find(doc_id);
    if (b_it == b_docs.end()) continue;
    ++report.documents;
    const QualDocument& doc = documents.at(doc_id);
    for (const auto& unit : CodingUnits(doc.text)) {
      for (const QualCode& c : codes) {
        const bool a = applied(a_segments, c.id, unit);
        const bool b = applied(b_it->second, c.id, unit);
        votes[c.id].first.push_back(a ? "1" : "0");
        votes[c.id].second.push_back(b ? "1" : "0");
        pooled.first.push_back(a ? "1" : "0");
        pooled.second.push_back(b ? "1" : "0");
        if (a != b) {
          report.disagreements.push_back({doc_id, doc.title, unit.first, unit.second,
                                          CodePointSlice(doc.text, unit.first, unit.second), c.id,
                                          c.name, a ? "A" : "B"});
        }
      }
    }
  }
  const auto agreement = [](const std::vector<std::string>& a, const std::vector<std::string>& b) {
    CodeAgreement out;
    out.units = static_cast<int>(a.size());
    for (size_t i = 0; i < a.size(); ++i) {
      out.both += a[i] == "1" && b[i] == "1";
      out.only_a += a[i] == "1" && b[i] == "0";
      out.only_b += a[i] == "0" && b[i] == "1";
    }
    if (a.empty()) {
      out.kappa = out.standard_error = std::numeric_limits<double>::quiet_NaN();
      return out;
    }
    const stats::KappaResult k = stats::CohenKappa(a, b);
    out.kappa = k.kappa;
    out.standard_error = k.standard_error;
    return out;
  };
  for (const QualCode& c : codes) {
    CodeAgreement ca = agreement(votes[c.id].first, votes[c.id].second);
    ca.code_id = c.id;
    ca.code = c.name;
    report.codes.push_back(std::move(ca));
  }
  report.overall = agreement(pooled.first, pooled.second);
  report.overall.code = "all codes";
  return report;
}

ThemeView CreateTheme(store::Database& db, const Actor& actor, std::int64_t program_id,
                      QualTheme theme) {
  store::Transaction tx = db.Begin();
  RequireProgram(tx, program_id);
  RequireStaff(tx, actor, program_id, "write themes");
  theme.program_id = program_id;
  theme.name = std::string(Trim(theme.name));
  if (theme.name.empty()) throw InvalidArgument("a theme needs a name", "name");
  CheckText(theme.name, "name", 200);
  CheckText(theme.description, "description", 5000, true);
  store::QualitativeRepository repo(tx);
  ThemeView v;
  for (std::int64_t id : theme.code_ids) {
    const auto c = repo.FindCode(id);
    if (!c || c->program_id != program_id) {
      throw InvalidArgument("code " + std::to_string(id) + " is not in this codebook", "code_ids");
    }
    v.codes.push_back(c->name);
  }
  for (std::int64_t id : theme.quote_ids) {
    std::optional<std::string> quote = QuoteOf(repo, id, program_id);
    if (!quote) {
      throw InvalidArgument("segment " + std::to_string(id) + " is not this program's",
                            "quote_ids");
    }
    v.quotes.push_back(std::move(*quote));
  }
  for (const QualTheme& other : repo.ListThemes(program_id)) {
    if (FoldCase(other.name) == FoldCase(theme.name)) {
      throw Error(ErrorCode::kConflict, "there is a theme \"" + other.name + "\"", "name");
    }
  }
  theme.id = repo.InsertTheme(theme);
  AppendAudit(tx, actor, "qualitative.theme", "program", program_id, program_id, "",
              "{\"name\":" + JsonQuoted(theme.name) + "}");
  tx.Commit();
  v.theme = std::move(theme);
  return v;
}

std::vector<ThemeView> ListThemes(store::Database& db, const Actor& actor,
                                  std::int64_t program_id) {
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  RequireStaff(tx, actor, program_id, "see its themes");
  store::QualitativeRepository repo(tx);
  std::map<std::int64_t, std::string> names;
  for (const QualCode& c : repo.ListCodes(program_id)) names[c.id] = c.name;
  std::vector<ThemeView> out;
  for (QualTheme& t : repo.ListThemes(program_id)) {
    ThemeView v;
    for (std::int64_t id : t.code_ids) {
      if (names.count(id)) v.codes.push_back(names[id]);
    }
    for (std::int64_t id : t.quote_ids) {
      if (auto quote = QuoteOf(repo, id, program_id)) v.quotes.push_back(std::move(*quote));
    }
    v.theme = std::move(t);
    out.push_back(std::move(v));
  }
  tx.Commit();
  return out;
}

int ExportSegments(store::Database& db, const Actor& actor, std::int64_t program_id,
                   std::ostream& csv) {
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  RequireStaff(tx, actor, program_id, "export coded segments");
  store::QualitativeRepository repo(tx);
  std::map<std::int64_t, QualDocument> documents;
  for (QualDocument& d : repo.ListDocuments(program_id, true)) documents[d.id] = std::move(d);
  std::map<std::int64_t, QualCode> codes;
  for (QualCode& c : repo.ListCodes(program_id)) codes[c.id] = std::move(c);
  std::map<std::int64_t, std::string> coders;
  WriteCsvRecord(
      csv, {"document_id", "document", "coder", "code", "parent_code", "start", "end", "text"});
  int rows = 0;
  for (const QualSegment& s : repo.ListProgramSegments(program_id)) {
    const QualDocument& d = documents.at(s.document_id);
    const QualCode& c = codes.at(s.code_id);
    std::string coder = "agreed";
    if (s.coder_id) {
      auto it = coders.find(*s.coder_id);
      if (it == coders.end()) it = coders.emplace(*s.coder_id, UserName(tx, *s.coder_id)).first;
      coder = it->second;
    }
    WriteCsvRecord(
        csv,
        {std::to_string(d.id), EscapeFormula(d.title), EscapeFormula(coder), EscapeFormula(c.name),
         c.parent_id && codes.count(*c.parent_id) ? EscapeFormula(codes.at(*c.parent_id).name) : "",
         std::to_string(s.start), std::to_string(s.end),
         EscapeFormula(CodePointSlice(d.text, s.start, s.end))});
    ++rows;
  }
  tx.Commit();
  return rows;
}

}  // namespace tandem::service
