#include "core/participant_csv.h"

#include <gtest/gtest.h>

#include <sstream>

#include "core/enrollment.h"

namespace tandem {
namespace {

const char kHeader[] =
    "role,id,name,email,institution,career_stage,time_zone,years_experience,capacity,interests,"
    "specialties,goals,background,match_on,languages,availability,prefer,avoid,bio\n";

ParticipantFile Read(const std::string& text) {
  std::istringstream in(text);
  return ReadParticipantCsv(in, DefaultTaxonomy());
}

TEST(ParticipantCsv, ReadsAValidFile) {
  const std::string text =
      std::string(kHeader) +
      "mentor,m1,Dr. Ana Ruiz,ana@uhn.ca,UHN,professor,America/Toronto,20,2,"
      "Thrombosis;Hemophilia,,clinician educator,gender:woman,,English;Spanish,"
      "Mon 18:00-20:00,f1,,\"Hematologist, educator\"\n"
      "mentee,f1,Sam Lee,sam@mcw.edu,MCW,fellow pgy5,America/Chicago,,,thrombosis,,"
      "physician scientist,gender:woman;first_generation:yes,gender,english,"
      "Tue 19:00-21:00;Sat 09:00-10:00,m1,,\n";
  ParticipantFile file = Read(text);
  ASSERT_TRUE(file.ok()) << FormatProblem(file.errors[0]);
  ASSERT_EQ(file.participants.size(), 2u);
  const Participant& m = file.participants[0];
  EXPECT_EQ(m.role, Role::kMentor);
  EXPECT_EQ(m.capacity, 2);
  EXPECT_EQ(m.interests, (std::vector<std::string>{"thrombosis", "hemophilia"}));
  EXPECT_EQ(m.languages, (std::vector<std::string>{"english", "spanish"}));
  EXPECT_EQ(m.years_experience, 20);
  EXPECT_EQ(m.bio, "Hematologist, educator");
  const Participant& f = file.participants[1];
  EXPECT_EQ(f.capacity, 1);
  EXPECT_EQ(f.match_on, (std::vector<std::string>{"gender"}));
  EXPECT_EQ(f.background.size(), 2u);
  EXPECT_EQ(f.background[1].key, "first generation");
  EXPECT_EQ(f.availability.size(), 2u);
  EXPECT_EQ(f.prefer, (std::vector<std::string>{"m1"}));
  EXPECT_TRUE(file.warnings.empty()) << FormatProblem(file.warnings[0]);
}

TEST(ParticipantCsv, ReportsEveryProblemByRowAndColumn) {
  const std::string text =
      std::string(kHeader) +
      "mentor,m1,Ana,ana@x.org,UHN,professor,America/Toronto,,0,,,,,,,,,,\n"  // row 2
      "mentee,f1,Sam,not-an-email,MCW,,Mars/Base,,,,,,,,,,m9,,\n"             // row 3
      "boss,f1,,sam@x.org,MCW,,,,,,,,gender,,,Mon 9-10,,,\n"                  // row 4
      "mentee,f2,Kim,kim@x.org,MCW,,UTC,,,,,,,,,,f1,f2,\n"                    // row 5
      "mentor,f3,Lu,ana@x.org,MCW,,UTC,-3,,,,,,,,,,,\n";                      // row 6
  ParticipantFile file = Read(text);
  EXPECT_FALSE(file.ok());
  EXPECT_TRUE(file.participants.empty());
  const std::vector<std::pair<int, std::string>> want = {
      {2, "capacity"}, {3, "email"}, {3, "time_zone"},  {3, "prefer"},          {4, "role"},
      {4, "id"},       {4, "name"},  {4, "background"}, {4, "availability"},    {4, "time_zone"},
      {5, "prefer"},   {5, "avoid"}, {6, "email"},      {6, "years_experience"}};
  std::vector<std::pair<int, std::string>> got;
  for (const InputProblem& p : file.errors) got.emplace_back(p.row, p.column);
  std::sort(got.begin(), got.end());
  auto sorted_want = want;
  std::sort(sorted_want.begin(), sorted_want.end());
  EXPECT_EQ(got, sorted_want);
  for (const InputProblem& p : file.errors) EXPECT_FALSE(p.reason.empty()) << FormatProblem(p);
}

TEST(ParticipantCsv, StructuralProblems) {
  const struct {
    std::string text;
    int row;
    std::string column;
  } cases[] = {
      {"", 1, ""},
      {"id,name\nm1,Ana\n", 1, "role"},
      {"role,id,name\nmentor,m1\n", 2, ""},
      {"role,id,name\nmentor,m1,\"Ana\n", 2, ""},
      {"role,id,name\nmentor,m1,Ana\xC3\n", 2, "name"},
      {std::string("role,id,name\nmentor,m1,An\0a\n", 28), 2, "name"},
      {"role,id,name\nmentor,m1,\xe2\x80\xae"
       "Ana\n",
       2, "name"},
      {"role,id,name\nmentor," + std::string(65, 'm') + ",Ana\n", 2, "id"},
  };
  for (const auto& c : cases) {
    ParticipantFile file = Read(c.text);
    ASSERT_FALSE(file.ok()) << c.text;
    EXPECT_EQ(file.errors[0].row, c.row) << c.text;
    EXPECT_EQ(file.errors[0].column, c.column) << c.text;
  }
}

// The import applies the rules every other path applies to a profile
// (ValidateProfile): what the import takes, its person can save unchanged.
TEST(ParticipantCsv, AppliesTheProfileRules) {
  std::string many_tags;
  for (int i = 0; i < 300; ++i) many_tags += "t" + std::to_string(i) + ";";
  const struct {
    std::string row;  // after "role,id,name,institution,interests,bio,background,match_on"
    std::string column;
  } cases[] = {
      {"mentor,m1,\"Ana\nRuiz\",UHN,,,,", "name"},
      {"mentor,\"m\n1\",Ana,UHN,,,,", "id"},
      {"mentor,m1,Ana,\"UHN\r\nToronto\",,,,", "institution"},
      {"mentor,m1," + std::string(201, 'a') + ",UHN,,,,", "name"},
      {"mentor,m1,Ana," + std::string(201, 'u') + ",,,,", "institution"},
      {"mentor,m1,Ana,UHN," + many_tags + ",,,", "interests"},
      {"mentor,m1,Ana,UHN," + std::string(101, 'x') + ",,,", "interests"},
      {"mentor,m1,Ana,UHN,,\"" + std::string(20000, 'b') + "\",,", "bio"},
      {"mentor,m1,Ana,UHN,,,site:a;site:b,", "background"},
      {"mentor,m1,Ana,UHN,,,site: ,", "background"},
      {"mentor,m1,Ana,UHN,,,site:a,gender", "match_on"},
      {"mentor,m1,Ana,UHN,,\"Two\nlines are fine in a bio\",site:a,site", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.row.substr(0, 60));
    ParticipantFile file =
        Read("role,id,name,institution,interests,bio,background,match_on\n" + c.row + "\n");
    if (c.column.empty()) {
      ASSERT_TRUE(file.ok()) << FormatProblem(file.errors[0]);
      // What was imported passes the profile rules unchanged.
      const Participant p = file.participants.at(0);
      EXPECT_EQ(ValidateProfile(p), p);
      continue;
    }
    ASSERT_FALSE(file.ok());
    EXPECT_EQ(file.errors[0].row, 2);
    EXPECT_EQ(file.errors[0].column, c.column) << FormatProblem(file.errors[0]);
  }
}

TEST(ParticipantCsv, FreeTagsAndUnknownColumnsAreWarnings) {
  ParticipantFile file = Read(
      "role,id,name,interests,shoe_size\n"
      "mentor,m1,Ana,thrombosis;knitting,42\n"
      "mentee,f1,Sam,Knitting,40\n");
  ASSERT_TRUE(file.ok());
  ASSERT_EQ(file.warnings.size(), 2u);
  EXPECT_EQ(file.warnings[0].column, "shoe_size");
  EXPECT_EQ(file.warnings[1].row, 2);
  EXPECT_EQ(file.warnings[1].column, "interests");
  EXPECT_NE(file.warnings[1].reason.find("2 rows"), std::string::npos);
  EXPECT_EQ(file.participants[1].interests, std::vector<std::string>{"knitting"});
}

// A large file is checked on two threads in chunks and merged in file
// order: the result is the row-by-row reading's (every participant in file
// order, problems by row, repeats found against the earlier row, a free
// tag's warning at its first row with every row counted).
TEST(ParticipantCsv, LargeFileKeepsFileOrder) {
  const int rows = 5000;
  std::string text = "role,id,name,email,interests\n";
  int knitting = 0;
  for (int k = 0; k < rows; ++k) {
    const int row = k + 2;
    std::string interests = "thrombosis";
    // Rows of unequal cost: some carry long lists.
    if (k % 7 == 0) interests += ";hemophilia;myeloma;lymphoma;sickle cell disease;leukemia";
    if (row == 1800 || row % 997 == 0) {
      interests += ";knitting";
      ++knitting;
    }
    std::string id = "p" + std::to_string(k);
    std::string email = "p" + std::to_string(k) + "@x.org";
    if (row == 4321) id = "p100";         // repeats row 102's id
    if (row == 2600) email = "p5@x.org";  // row 7's e-mail, another name
    const std::string name = row == 3333 ? "" : "Person " + std::to_string(k);  // no name
    text += std::string(k % 2 == 0 ? "mentee" : "mentor") + "," + id + "," + name + "," + email +
            "," + interests + "\n";
  }
  ParticipantFile file = Read(text);
  ASSERT_EQ(file.errors.size(), 3u);
  EXPECT_EQ(file.errors[0].row, 2600);
  EXPECT_EQ(file.errors[0].column, "name") << FormatProblem(file.errors[0]);
  EXPECT_NE(file.errors[0].reason.find("row 7"), std::string::npos) << file.errors[0].reason;
  EXPECT_EQ(file.errors[1].row, 3333);
  EXPECT_EQ(file.errors[1].column, "name");
  EXPECT_EQ(file.errors[2].row, 4321);
  EXPECT_EQ(file.errors[2].column, "id");
  EXPECT_NE(file.errors[2].reason.find("row 102"), std::string::npos) << file.errors[2].reason;
  // "myeloma" and "leukemia" (every seventh row from row 2) and "knitting"
  // are outside the taxonomy.
  ASSERT_EQ(file.warnings.size(), 3u);
  for (const InputProblem& w : file.warnings) {
    EXPECT_EQ(w.column, "interests");
    const bool knits = w.reason.find("knitting") != std::string::npos;
    EXPECT_EQ(w.row, knits ? 997 : 2) << FormatProblem(w);
    EXPECT_NE(w.reason.find(std::to_string(knits ? knitting : 715) + " rows"), std::string::npos)
        << FormatProblem(w);
  }

  // Without those three rows: every participant, in file order.
  std::string fixed;
  std::vector<std::string> ids;
  std::istringstream lines(text);
  std::string line;
  for (int row = 1; std::getline(lines, line); ++row) {
    if (row == 2600 || row == 3333 || row == 4321) continue;
    fixed += line + "\n";
    if (row > 1)
      ids.push_back(line.substr(line.find(',') + 1, line.find(',', 7) - line.find(',') - 1));
  }
  file = Read(fixed);
  ASSERT_TRUE(file.ok()) << FormatProblem(file.errors[0]);
  ASSERT_EQ(file.participants.size(), ids.size());
  for (std::size_t k = 0; k < ids.size(); ++k) {
    ASSERT_EQ(file.participants[k].id, ids[k]) << k;
    ASSERT_EQ(file.rows[k], static_cast<int>(k) + 2);
  }
}

TEST(ParticipantCsv, OneEmailOncePerRoleWithOneName) {
  const std::string header = "role,id,name,email\n";
  // The same person as a mentor and a mentee: allowed (an export writes that).
  ParticipantFile file = Read(header + "mentor,m1,Ana,ana@x.org\nmentee,f1,Ana,ANA@x.org\n");
  ASSERT_TRUE(file.ok()) << FormatProblem(file.errors[0]);
  EXPECT_EQ(file.rows, (std::vector<int>{2, 3}));
  // Twice in one role, or one person with two names: not.
  file = Read(header +
              "mentor,m1,Ana,ana@x.org\n"
              "\n"
              "mentor,m2,Ana,ana@x.org\n"
              "mentee,f1,Ana R.,ana@x.org\n");
  ASSERT_EQ(file.errors.size(), 2u);
  EXPECT_EQ(file.errors[0], (InputProblem{4, "email",
                                          "e-mail ana@x.org already used in row 2 for a mentor "
                                          "(a person is listed once per role)"}));
  EXPECT_EQ(file.errors[1].row, 5);
  EXPECT_EQ(file.errors[1].column, "name");
  EXPECT_TRUE(file.rows.empty());
}

TEST(ParticipantCsv, FormulaCellsAreEscapedAndRoundTrip) {
  Participant m;
  m.role = Role::kMentor;
  m.id = "-m1";
  m.name = "=HYPERLINK(\"http://evil\",\"x\")";
  m.email = "ana@uhn.ca";
  m.institution = "+44 UHN";
  m.interests = {"-thrombosis", "hemophilia"};
  m.bio = "@cmd";
  Participant f;
  f.id = "f1";
  f.name = "'=already quoted";
  f.prefer = {"-m1"};
  f.bio = "fine - no formula";
  std::ostringstream out;
  WriteParticipantCsv(out, {m, f});
  const std::string text = out.str();
  EXPECT_NE(text.find("mentor,'-m1,\"'=HYPERLINK("), std::string::npos) << text;
  EXPECT_NE(text.find(",'+44 UHN,"), std::string::npos) << text;
  EXPECT_NE(text.find(",'-thrombosis;hemophilia,"), std::string::npos) << text;
  EXPECT_NE(text.find(",'@cmd\n"), std::string::npos) << text;
  EXPECT_NE(text.find(",f1,''=already quoted,"), std::string::npos) << text;
  EXPECT_NE(text.find(",fine - no formula\n"), std::string::npos) << text;
  ParticipantFile file = Read(text);
  ASSERT_TRUE(file.ok()) << FormatProblem(file.errors[0]);
  EXPECT_EQ(file.participants, (std::vector<Participant>{m, f}));
  // A quote typed in front of a formula start is dropped on import.
  file = Read("role,id,name\nmentor,m1,'=Ana\n");
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file.participants[0].name, "=Ana");
}

TEST(ParticipantCsv, WriteThenReadRoundTrips) {
  Participant m;
  m.role = Role::kMentor;
  m.id = "m1";
  m.name = "Ana \"Doc\" Ruiz, MD";
  m.email = "ana@uhn.ca";
  m.institution = "UHN";
  m.career_stage = "professor";
  m.time_zone = "America/Toronto";
  m.years_experience = 12;
  m.capacity = 2;
  m.interests = {"thrombosis"};
  m.goals = {"clinician educator"};
  m.background = {{"gender", "woman"}};
  m.languages = {"english"};
  m.availability = {{18 * 60, 90}, {4 * 1440 + 23 * 60, 120}};
  m.avoid = {"f2"};
  m.bio = "Line one\nline two";
  Participant f;
  f.id = "f1";
  f.name = "Sam";
  f.time_zone = "America/Chicago";
  f.background = {{"gender", "woman"}, {"rural", "yes"}};
  f.match_on = {"gender"};
  f.prefer = {"m1"};
  Participant g = f;
  g.id = "f2";
  g.prefer.clear();
  std::ostringstream out;
  WriteParticipantCsv(out, {m, f, g});
  ParticipantFile file = Read(out.str());
  ASSERT_TRUE(file.ok()) << FormatProblem(file.errors[0]);
  EXPECT_EQ(file.participants, (std::vector<Participant>{m, f, g}));
}

}  // namespace
}  // namespace tandem

namespace tandem {
namespace {

std::vector<IntakeQuestion> ShiftAndHelp() {
  IntakeQuestion shift;
  shift.code = "shift";
  shift.text = "Which shift do you work?";
  shift.options = {{"days", "Days"}, {"nights", "Nights"}};
  shift.required = true;
  shift.match = QuestionMatch::kMustMatch;
  IntakeQuestion help;
  help.code = "help_wanted";
  help.text = "Where do you want help?";
  help.kind = QuestionKind::kMultiple;
  help.audience = QuestionAudience::kMentees;
  help.options = {{"ocn", "OCN"}, {"charge", "Charge nurse"}, {"precepting", "Precepting"}};
  return {shift, help};
}

TEST(ParticipantCsv, QuestionColumnsAreReadCheckedAndWritten) {
  const std::vector<IntakeQuestion> questions = ShiftAndHelp();
  std::istringstream good(
      "role,id,name,shift,help_wanted\n"
      "mentor,m1,Ada,Nights,\n"
      "mentee,e1,Bo,days,OCN; charge\n");
  const ParticipantFile file = ReadParticipantCsv(good, DefaultTaxonomy(), questions);
  ASSERT_TRUE(file.ok()) << FormatProblem(file.errors.front());
  EXPECT_EQ(file.participants[0].answers.at("shift"), std::vector<std::string>{"nights"});
  EXPECT_EQ(file.participants[1].answers.at("help_wanted"),
            (std::vector<std::string>{"ocn", "charge"}));
  std::stringstream written;
  WriteParticipantCsv(written, file.participants, questions);
  const ParticipantFile back = ReadParticipantCsv(written, DefaultTaxonomy(), questions);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.participants, file.participants);

  std::istringstream bad(
      "role,id,name,shift,help_wanted\n"
      "mentor,m1,Ada,evenings,ocn\n"
      "mentee,e1,Bo,,ocn;ocn\n");
  const ParticipantFile rejected = ReadParticipantCsv(bad, DefaultTaxonomy(), questions);
  std::vector<std::pair<int, std::string>> where;
  for (const InputProblem& p : rejected.errors) where.push_back({p.row, p.column});
  const std::vector<std::pair<int, std::string>> expected = {
      {2, "help_wanted"}, {2, "shift"}, {3, "help_wanted"}, {3, "shift"}};
  EXPECT_EQ(where, expected);
  EXPECT_TRUE(rejected.participants.empty());
}

}  // namespace
}  // namespace tandem
