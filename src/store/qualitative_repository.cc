#include "store/qualitative_repository.h"

#include <sstream>

#include "core/text.h"
#include "store/internal.h"

namespace tandem::store {
namespace {

std::string JoinIds(const std::vector<std::int64_t>& ids) {
  std::string out;
  for (std::int64_t id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

std::vector<std::int64_t> SplitIds(const std::string& text) {
  std::vector<std::int64_t> out;
  for (const std::string& part : SplitList(text, ',')) {
    if (!part.empty()) out.push_back(std::stoll(part));
  }
  return out;
}

std::vector<QualSegment> SelectSegments(Transaction& tx, const std::string& where, long long key) {
  QualSegment s;
  long long id = 0, document = 0, code = 0, coder = 0;
  soci::indicator coder_ind{};
  soci::statement st =
      (SessionOf(tx).prepare << "SELECT s.id, s.document_id, s.code_id, s.coder_id, s.start_at, "
                                "s.end_at, s.created_at FROM qual_segments s " +
                                    where + " ORDER BY s.document_id, s.start_at, s.id",
       soci::use(key), soci::into(id), soci::into(document), soci::into(code),
       soci::into(coder, coder_ind), soci::into(s.start), soci::into(s.end),
       soci::into(s.created_at));
  st.execute();
  std::vector<QualSegment> out;
  while (st.fetch()) {
    QualSegment row = s;
    row.id = id;
    row.document_id = document;
    row.code_id = code;
    row.coder_id = coder_ind == soci::i_ok ? std::optional<std::int64_t>(coder) : std::nullopt;
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace

std::int64_t QualitativeRepository::InsertDocument(const QualDocument& d) {
  return Guard("saving document", [&] {
    long long program = d.program_id, by = d.created_by, id = 0;
    soci::indicator by_ind = d.created_by ? soci::i_ok : soci::i_null;
    std::string title = d.title, source = d.source, text = d.text;
    const std::string now = tx_.now_text();
    SessionOf(tx_) << "INSERT INTO qual_documents (program_id, title, source, body, created_by, "
                      "created_at) VALUES (:p, :t, :s, :b, :c, :a) RETURNING id",
        soci::use(program), soci::use(title), soci::use(source), soci::use(text),
        soci::use(by, by_ind), soci::use(now), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

std::optional<QualDocument> QualitativeRepository::FindDocument(std::int64_t id) {
  return Guard("reading document", [&] {
    long long key = id, program = 0, by = 0;
    soci::indicator by_ind{};
    QualDocument d;
    soci::statement st =
        (SessionOf(tx_).prepare << "SELECT program_id, title, source, body, created_by, "
                                   "created_at FROM qual_documents WHERE id = :id",
         soci::use(key), soci::into(program), soci::into(d.title), soci::into(d.source),
         soci::into(d.text), soci::into(by, by_ind), soci::into(d.created_at));
    st.execute();
    if (!st.fetch()) return std::optional<QualDocument>();
    d.id = id;
    d.program_id = program;
    d.created_by = by_ind == soci::i_ok ? by : 0;
    return std::optional<QualDocument>(std::move(d));
  });
}

std::vector<QualDocument> QualitativeRepository::ListDocuments(std::int64_t program_id,
                                                               bool with_text) {
  return Guard("listing documents", [&] {
    long long key = program_id, id = 0, by = 0;
    soci::indicator by_ind{};
    QualDocument d;
    soci::statement st =
        (SessionOf(tx_).prepare << std::string("SELECT id, title, source, ") +
                                       (with_text ? "body" : "''") +
                                       ", created_by, created_at FROM qual_documents WHERE "
                                       "program_id = :p ORDER BY id",
         soci::use(key), soci::into(id), soci::into(d.title), soci::into(d.source),
         soci::into(d.text), soci::into(by, by_ind), soci::into(d.created_at));
    st.execute();
    std::vector<QualDocument> out;
    while (st.fetch()) {
      QualDocument row = d;
      row.id = id;
      row.program_id = program_id;
      row.created_by = by_ind == soci::i_ok ? by : 0;
      out.push_back(std::move(row));
    }
    return out;
  });
}

std::int64_t QualitativeRepository::InsertCode(const QualCode& c) {
  return Guard("saving code", [&] {
    long long program = c.program_id, parent = c.parent_id.value_or(0), id = 0;
    soci::indicator parent_ind = c.parent_id ? soci::i_ok : soci::i_null;
    std::string name = c.name, definition = c.definition, example = c.example;
    SessionOf(tx_) << "INSERT INTO qual_codes (program_id, parent_id, name, definition, example) "
                      "VALUES (:p, :pa, :n, :d, :e) RETURNING id",
        soci::use(program), soci::use(parent, parent_ind), soci::use(name), soci::use(definition),
        soci::use(example), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

void QualitativeRepository::UpdateCode(const QualCode& c) {
  Guard("saving code", [&] {
    long long key = c.id, parent = c.parent_id.value_or(0);
    soci::indicator parent_ind = c.parent_id ? soci::i_ok : soci::i_null;
    std::string name = c.name, definition = c.definition, example = c.example;
    SessionOf(tx_) << "UPDATE qual_codes SET parent_id = :pa, name = :n, definition = :d, "
                      "example = :e WHERE id = :id",
        soci::use(parent, parent_ind), soci::use(name), soci::use(definition), soci::use(example),
        soci::use(key);
  });
}

std::optional<QualCode> QualitativeRepository::FindCode(std::int64_t id) {
  return Guard("reading code", [&] {
    long long key = id, program = 0, parent = 0;
    soci::indicator parent_ind{};
    QualCode c;
    soci::statement st =
        (SessionOf(tx_).prepare << "SELECT program_id, parent_id, name, definition, example FROM "
                                   "qual_codes WHERE id = :id",
         soci::use(key), soci::into(program), soci::into(parent, parent_ind), soci::into(c.name),
         soci::into(c.definition), soci::into(c.example));
    st.execute();
    if (!st.fetch()) return std::optional<QualCode>();
    c.id = id;
    c.program_id = program;
    if (parent_ind == soci::i_ok) c.parent_id = parent;
    return std::optional<QualCode>(std::move(c));
  });
}

std::vector<QualCode> QualitativeRepository::ListCodes(std::int64_t program_id) {
  return Guard("listing codes", [&] {
    long long key = program_id, id = 0, parent = 0;
    soci::indicator parent_ind{};
    QualCode c;
    soci::statement st =
        (SessionOf(tx_).prepare << "SELECT id, parent_id, name, definition, example FROM "
                                   "qual_codes WHERE program_id = :p ORDER BY id",
         soci::use(key), soci::into(id), soci::into(parent, parent_ind), soci::into(c.name),
         soci::into(c.definition), soci::into(c.example));
    st.execute();
    std::vector<QualCode> out;
    while (st.fetch()) {
      QualCode row = c;
      row.id = id;
      row.program_id = program_id;
      row.parent_id = parent_ind == soci::i_ok ? std::optional<std::int64_t>(parent) : std::nullopt;
      out.push_back(std::move(row));
    }
    return out;
  });
}

std::int64_t QualitativeRepository::InsertSegment(const QualSegment& s) {
  return Guard("saving segment", [&] {
    long long document = s.document_id, code = s.code_id, coder = s.coder_id.value_or(0), id = 0;
    soci::indicator coder_ind = s.coder_id ? soci::i_ok : soci::i_null;
    int start = s.start, end = s.end;
    const std::string now = tx_.now_text();
    SessionOf(tx_)
        << "INSERT INTO qual_segments (document_id, code_id, coder_id, start_at, end_at, "
           "created_at) VALUES (:d, :c, :k, :s, :e, :a) RETURNING id",
        soci::use(document), soci::use(code), soci::use(coder, coder_ind), soci::use(start),
        soci::use(end), soci::use(now), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

std::optional<QualSegment> QualitativeRepository::FindSegment(std::int64_t id) {
  return Guard("reading segment", [&] {
    std::vector<QualSegment> rows = SelectSegments(tx_, "WHERE s.id = :k", id);
    return rows.empty() ? std::nullopt : std::optional<QualSegment>(std::move(rows[0]));
  });
}

bool QualitativeRepository::DeleteSegment(std::int64_t id) {
  return Guard("deleting segment", [&] {
    long long key = id;
    soci::statement st =
        (SessionOf(tx_).prepare << "DELETE FROM qual_segments WHERE id = :id", soci::use(key));
    st.execute(true);
    return st.get_affected_rows() > 0;
  });
}

std::vector<QualSegment> QualitativeRepository::ListSegments(std::int64_t document_id) {
  return Guard("listing segments",
               [&] { return SelectSegments(tx_, "WHERE s.document_id = :k", document_id); });
}

std::vector<QualSegment> QualitativeRepository::ListProgramSegments(std::int64_t program_id) {
  return Guard("listing segments", [&] {
    return SelectSegments(
        tx_, "JOIN qual_documents d ON d.id = s.document_id WHERE d.program_id = :k", program_id);
  });
}

std::int64_t QualitativeRepository::InsertTheme(const QualTheme& t) {
  return Guard("saving theme", [&] {
    long long program = t.program_id, id = 0;
    std::string name = t.name, description = t.description, codes = JoinIds(t.code_ids),
                quotes = JoinIds(t.quote_ids);
    SessionOf(tx_) << "INSERT INTO qual_themes (program_id, name, description, code_ids, "
                      "quote_ids) VALUES (:p, :n, :d, :c, :q) RETURNING id",
        soci::use(program), soci::use(name), soci::use(description), soci::use(codes),
        soci::use(quotes), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

std::vector<QualTheme> QualitativeRepository::ListThemes(std::int64_t program_id) {
  return Guard("listing themes", [&] {
    long long key = program_id, id = 0;
    QualTheme t;
    std::string codes, quotes;
    soci::statement st =
        (SessionOf(tx_).prepare << "SELECT id, name, description, code_ids, quote_ids FROM "
                                   "qual_themes WHERE program_id = :p ORDER BY id",
         soci::use(key), soci::into(id), soci::into(t.name), soci::into(t.description),
         soci::into(codes), soci::into(quotes));
    st.execute();
    std::vector<QualTheme> out;
    while (st.fetch()) {
      QualTheme row = t;
      row.id = id;
      row.program_id = program_id;
      row.code_ids = SplitIds(codes);
      row.quote_ids = SplitIds(quotes);
      out.push_back(std::move(row));
    }
    return out;
  });
}

}  // namespace tandem::store
