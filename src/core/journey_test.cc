#include "core/journey.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace tandem {
namespace {

TEST(NormalizeDoi, AcceptsTheUsualSpellingsAsLowerCase) {
  const struct {
    const char* text;
    const char* doi;
  } cases[] = {
      {"10.1182/blood.2023021234", "10.1182/blood.2023021234"},
      {"https://doi.org/10.1182/Blood.2023021234", "10.1182/blood.2023021234"},
      {"HTTPS://DOI.ORG/10.1182/BLOOD-2023-123456", "10.1182/blood-2023-123456"},
      {"http://dx.doi.org/10.1200/JCO.22.01234", "10.1200/jco.22.01234"},
      {"doi:10.1056/NEJMoa2034577", "10.1056/nejmoa2034577"},
      {"DOI: 10.1056/NEJMoa2034577", "10.1056/nejmoa2034577"},
      {"  10.1234/x  ", "10.1234/x"},
      {"10.123456789/x", "10.123456789/x"},  // nine registrant digits
      {"10.1000.10/abc", "10.1000.10/abc"},  // a registrant with a sub-part
  };
  for (const auto& c : cases) {
    EXPECT_EQ(NormalizeDoi(c.text), std::optional<std::string>(c.doi)) << c.text;
  }
}

TEST(NormalizeDoi, RejectsWhatIsNotADoi) {
  const char* cases[] = {
      "",
      "10.12/x",           // too few registrant digits
      "10.123/x",          // still too few
      "10.1234567890/x",   // too many
      "11.1234/x",         // not the 10. directory
      "10.1234/",          // no suffix
      "10.1234",           // no slash
      "10.1234/a b",       // a space inside
      "10.1234/a\tb",      // a tab inside
      "https://doi.org/",  // only the prefix
      "10.abcd/x",
      "blood.2023021234",
  };
  for (const char* text : cases) {
    EXPECT_EQ(NormalizeDoi(text), std::nullopt) << '"' << text << '"';
  }
}

TEST(NormalizePmid, AcceptsOneToEightDigits) {
  const struct {
    const char* text;
    std::optional<std::string> pmid;
  } cases[] = {
      {"12345678", "12345678"},
      {"PMID: 12345678", "12345678"},
      {"pmid:1", "1"},
      {" 3456 ", "3456"},
      {"0012345", "12345"},  // leading zeros: the same PMID, so
                             // duplicates are found
      {"123456789", std::nullopt},
      {"1234a", std::nullopt},
      {"PMC123", std::nullopt},
      {"0", std::nullopt},
      {"0000", std::nullopt},
      {"", std::nullopt},
      {"PMID:", std::nullopt},
      {"12 34", std::nullopt},
      {"-123", std::nullopt},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(NormalizePmid(c.text), c.pmid) << '"' << c.text << '"';
  }
}

TEST(IsCurrencyCode, KnowsActiveCodesInUpperCase) {
  const struct {
    const char* code;
    bool known;
  } cases[] = {
      {"USD", true}, {"CAD", true},  {"EUR", true},   {"GBP", true},  {"AED", true},
      {"ZWL", true}, {"usd", false}, {"Usd", false},  {"XYZ", false}, {"ABC", false},
      {"US", false}, {"", false},    {"USDX", false}, {"SD ", false}, {"D A", false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(IsCurrencyCode(c.code), c.known) << '"' << c.code << '"';
  }
}

Output ValidGrant() {
  Output o;
  o.kind = "grant";
  o.title = "Thrombosis in young adults with leukemia";
  o.year = 2026;
  o.funder = "ASH";
  o.mechanism = "ASH Scholar Award";
  o.amount = 100000;
  o.currency = "USD";
  o.starts_on = "2026-07-01";
  o.ends_on = "2028-06-30";
  return o;
}

TEST(ValidateOutput, AcceptsAndNormalizes) {
  Output grant = ValidGrant();
  EXPECT_NO_THROW(ValidateOutput(grant));
  EXPECT_EQ(grant.grant_status, "submitted");  // the default for a grant

  Output paper;
  paper.kind = "publication";
  paper.title = "  Apixaban in cancer-associated thrombosis ";
  paper.year = 2025;
  paper.doi = "https://doi.org/10.1182/Blood.2023021234";
  paper.pmid = "PMID: 38012345";
  ASSERT_NO_THROW(ValidateOutput(paper));
  EXPECT_EQ(paper.title, "Apixaban in cancer-associated thrombosis");
  EXPECT_EQ(paper.doi, "10.1182/blood.2023021234");
  EXPECT_EQ(paper.pmid, "38012345");

  Output blank;
  blank.kind = "award";
  blank.title = "Best abstract";
  blank.doi = "   ";
  blank.pmid = " ";
  ASSERT_NO_THROW(ValidateOutput(blank));
  EXPECT_EQ(blank.doi, "");
  EXPECT_EQ(blank.pmid, "");
}

TEST(ValidateOutput, NamesTheField) {
  const struct {
    const char* name;
    void (*edit)(Output&);
    const char* field;
  } cases[] = {
      {"unknown kind", [](Output& o) { o.kind = "patent"; }, "kind"},
      {"empty title", [](Output& o) { o.title = "  "; }, "title"},
      {"bad doi", [](Output& o) { o.doi = "10.12/x"; }, "doi"},
      {"bad pmid", [](Output& o) { o.pmid = "123456789"; }, "pmid"},
      {"negative amount", [](Output& o) { o.amount = -1; }, "amount"},
      {"amount without currency", [](Output& o) { o.currency = ""; }, "currency"},
      {"unknown currency", [](Output& o) { o.currency = "ABC"; }, "currency"},
      {"lower-case currency", [](Output& o) { o.currency = "usd"; }, "currency"},
      {"grant without funder", [](Output& o) { o.funder = " "; }, "funder"},
      {"unknown grant status", [](Output& o) { o.grant_status = "pending"; }, "grant_status"},
      {"ends before it starts", [](Output& o) { o.ends_on = "2026-06-30"; }, "ends_on"},
      {"bad start date", [](Output& o) { o.starts_on = "2026-02-30"; }, "starts_on"},
      {"year 1800", [](Output& o) { o.year = 1800; }, "year"},
      {"year 2101", [](Output& o) { o.year = 2101; }, "year"},
      {"grant status on a publication",
       [](Output& o) {
         o.kind = "publication";
         o.funder = "";
         o.grant_status = "awarded";
       },
       "grant_status"},
      {"unknown presentation format",
       [](Output& o) {
         o.kind = "presentation";
         o.format = "webinar";
       },
       "format"},
  };
  for (const auto& c : cases) {
    Output o = ValidGrant();
    c.edit(o);
    try {
      ValidateOutput(o);
      ADD_FAILURE() << c.name << ": no error";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << c.name;
      EXPECT_EQ(e.field(), c.field) << c.name << ": " << e.message();
    }
  }
}

TEST(MeetsIndicator, MatchesFieldSettingAndTitleWordsAndTheDeadline) {
  RetentionIndicator faculty;
  faculty.fields = {"classical hematology"};
  faculty.settings = {"academic"};
  faculty.title_words = {"professor", "instructor"};
  faculty.months_after_end = 12;
  const auto position = [](const char* title, const char* field, const char* setting,
                           const char* starts_on) {
    Position p;
    p.title = title;
    p.field = field;
    p.setting = setting;
    p.starts_on = starts_on;
    return p;
  };
  const struct {
    Position position;
    const char* ends_on;
    bool meets;
  } cases[] = {
      {position("Assistant Professor of Medicine", "classical hematology", "academic",
                "2027-01-01"),
       "2026-06-30", true},
      // Case is ignored in field, setting and title.
      {position("INSTRUCTOR in Medicine", "Classical Hematology", "Academic", "2026-09-01"),
       "2026-06-30", true},
      {position("Professor", "malignant hematology/oncology", "academic", "2026-09-01"),
       "2026-06-30", false},
      {position("Professor", "classical hematology", "community", "2026-09-01"), "2026-06-30",
       false},
      {position("Staff physician", "classical hematology", "academic", "2026-09-01"), "2026-06-30",
       false},
      // The deadline is the end moved on 12 months, inclusive.
      {position("Professor", "classical hematology", "academic", "2027-06-30"), "2026-06-30", true},
      {position("Professor", "classical hematology", "academic", "2027-07-01"), "2026-06-30",
       false},
      // Across a year end.
      {position("Professor", "classical hematology", "academic", "2027-12-31"), "2026-12-31", true},
      {position("Professor", "classical hematology", "academic", "2028-01-01"), "2026-12-31",
       false},
      // No program end: no deadline.
      {position("Professor", "classical hematology", "academic", "2040-01-01"), "", true},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(MeetsIndicator(faculty, c.position, c.ends_on), c.meets)
        << c.position.title << " / " << c.position.field << " / " << c.position.setting << " from "
        << c.position.starts_on << ", program ends " << c.ends_on;
  }

  // Without settings or title words, only the field and the deadline count.
  RetentionIndicator any_field;
  any_field.fields = {"classical hematology"};
  any_field.months_after_end = 0;
  EXPECT_TRUE(MeetsIndicator(
      any_field, position("Hospitalist", "classical hematology", "industry", "2026-06-30"),
      "2026-06-30"));
  EXPECT_FALSE(MeetsIndicator(
      any_field, position("Hospitalist", "classical hematology", "industry", "2026-07-01"),
      "2026-06-30"));

  // An indicator naming no field is met by nothing.
  RetentionIndicator no_fields;
  no_fields.settings = {"academic"};
  EXPECT_FALSE(MeetsIndicator(
      no_fields, position("Professor", "classical hematology", "academic", "2026-09-01"),
      "2026-06-30"));
}

TEST(DefaultAgreementTemplate, CoversWhatAnAgreementShould) {
  const std::string text(DefaultAgreementTemplate());
  for (const char* part :
       {"Confidentiality", "patient", "Goals", "Ending", "without blame", "coordinator"}) {
    EXPECT_NE(text.find(part), std::string::npos) << part;
  }
}

TEST(Agreement, SignedOnlyWhenBothSignedTheCurrentRevision) {
  Agreement a;
  EXPECT_FALSE(a.Signed());
  a.revision = 2;
  a.mentor = AgreementSignature{"M", "2026-01-01T00:00:00Z", 2};
  EXPECT_FALSE(a.Signed());
  a.mentee = AgreementSignature{"E", "2026-01-01T00:00:00Z", 1};
  EXPECT_FALSE(a.Signed());
  a.mentee->revision = 2;
  EXPECT_TRUE(a.Signed());
  a.revision = 3;
  EXPECT_FALSE(a.Signed());
}

TEST(CheckOneOf, NamesTheFieldAndTheChoices) {
  EXPECT_NO_THROW(CheckOneOf("career", kGoalCategories, "category"));
  try {
    CheckOneOf("Career", kGoalCategories, "category");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.field(), "category");
    EXPECT_NE(e.message().find("well_being"), std::string::npos) << e.message();
  }
}

}  // namespace
}  // namespace tandem
